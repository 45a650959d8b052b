"""Helpers for the browser tests (marker `browser`): Chromium's presence and a real
`streamlit run app.py` on a free localhost port."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from support.devserver import CHROMIUM, CHROMIUM_ARGS, launched, wait_healthy

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "require_browser", "streamlit_server"]


def require_browser() -> None:
    """Skip without Chromium, unless CI says it must be there (CTDASH_REQUIRE_BROWSER=1)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CTDASH_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and CTDASH_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} not installed")


@contextmanager
def streamlit_server(log: Path, env: dict[str, str] | None = None,
                     start_timeout_s: float = 60) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run `streamlit run app.py` on a free localhost port until the block ends; yields (URL, process)."""
    with launched(env=env, log=log) as (base, proc):
        try:
            wait_healthy(base, proc, start_timeout_s)
        except (RuntimeError, TimeoutError) as exc:
            pytest.fail(f"streamlit did not start ({exc}); see {log}")
        yield base, proc
