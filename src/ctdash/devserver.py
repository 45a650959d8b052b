"""`streamlit run` on a free localhost port, and the Chromium used to look at it.

One place for what the browser tests and the benchmarks both need: the same server flags, the
same Chromium launch flags (Debian's chromium; the closed network wants background networking
off), the same health wait, and the same way of running AppTest as a running server runs.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ctdash import paths

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def launched(script: Path | None = None, env: dict[str, str] | None = None,
             log: Path | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """Start `streamlit run script` (without waiting for it); yields (base URL, process); stops it after."""
    script = script or paths.app_script()
    port = free_port()
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
    out = log.open("w") if log is not None else subprocess.DEVNULL
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=paths.home(), stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
        )
        try:
            yield f"http://127.0.0.1:{port}", proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    finally:
        if log is not None:
            out.close()


def wait_healthy(base: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    """Return once /_stcore/health answers; RuntimeError if the server exits, TimeoutError if it is slow."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"streamlit did not answer {base}/_stcore/health within {timeout:g} s")


def as_running_server(init: Callable[..., None]) -> Callable[..., None]:
    """Streamlit's `PagesManager.__init__`, wrapped so that every AppTest run goes through app.py's
    st.navigation as a running server does. A server with a `pages/` folder runs page files
    directly only until app.py first calls st.navigation (a process-wide flag then stays off);
    AppTest makes a new PagesManager, re-arming that flag, before every run, which would make
    every rerun a fresh server's first request (widgets reset, Streamlit's own page scan paid)."""

    def wrapped(self, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003 (Streamlit's signature)
        init(self, *args, **kwargs)
        type(self).uses_pages_directory = False

    wrapped.as_running_server = True
    return wrapped
