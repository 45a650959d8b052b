"""A pyinstrument profile of one page's rerun after a filter change (warm caches), as text.

AppTest runs the script in its own thread, which a profiler started in the main thread does not
see; this wraps `threading.Thread.run` (the standard library, not Streamlit) so that each thread
started while profiling runs under its own profiler, and the sessions are combined.

    .venv/bin/python bench/profile_page.py meetings --db DB --data DATA --out bench/profiles/x.txt
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from pathlib import Path

from pyinstrument import Profiler
from pyinstrument.renderers import ConsoleRenderer
from pyinstrument.session import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reruns import entry, scale_env, start  # noqa: E402

from ctdash.pages_table import BY_NAME, NAMES  # noqa: E402

_profiling = threading.Event()
_sessions: list[Session] = []
_run = threading.Thread.run


def _profiled_run(self: threading.Thread) -> None:
    if not _profiling.is_set():
        return _run(self)
    p = Profiler(interval=0.0005)
    p.start()
    try:
        return _run(self)
    finally:
        session = p.stop()
        _sessions.append(session)


threading.Thread.run = _profiled_run  # type: ignore[method-assign]


def profile(page: str, db: str, data: str, runs: int = 5) -> str:
    """Text profile summed over `runs` reruns, each after a change of the year filter."""
    with tempfile.TemporaryDirectory(prefix="ctdash-profile-") as tmp:  # AppTest reads the script on every run
        v = start(page, entry(Path(tmp)), BY_NAME[page].file, scale_env(db, data))
        for _ in range(2):  # warm both filter states
            v.change()
        _sessions.clear()
        _profiling.set()
        try:
            for _ in range(runs):
                v.change()
        finally:
            _profiling.clear()
    if not _sessions:
        return "no script thread was profiled"
    session = _sessions[0]
    for other in _sessions[1:]:
        session = Session.combine(session, other)
    return ConsoleRenderer(unicode=True, color=False, show_all=False).render(session) + "\n\n" + _by_function(session)


def _by_function(session: Session) -> str:
    """The functions with the most time, each summed over the call tree (the flat view), after the header."""
    flat = ConsoleRenderer(unicode=True, color=False, flat=True, show_all=True, flat_time="total").render(session)
    return flat.split("\n", 10)[-1][:6000]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("page", choices=list(NAMES))
    ap.add_argument("--db", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    text = profile(args.page, args.db, args.data, args.runs)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
