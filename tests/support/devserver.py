"""`streamlit run` on a free localhost port, and the Chromium used to look at it (test and
benchmark plumbing, not part of the product package).

One place for what the browser tests and the benchmarks both need: the same server flags, the
same Chromium launch flags (Debian's chromium; the closed network wants background networking
off) and the same health wait.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
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
