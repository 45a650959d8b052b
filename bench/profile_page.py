"""A pyinstrument profile of one page's rerun after a filter change (warm caches), as text.

AppTest runs the script in its own thread, which a profiler started in the main thread does not
see; this wraps Streamlit's script execution so the profiler runs inside the script thread.

    .venv/bin/python bench/profile_page.py meetings --db DB --data DATA --out bench/profiles/x.txt
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from pyinstrument import Profiler
from streamlit.runtime.scriptrunner import script_runner

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reruns import APP, scale_env, start  # noqa: E402

from ctdash.ui import PAGE_FILES  # noqa: E402

_profiler: list[Profiler] = []
_exec = script_runner.exec_func_with_error_handling


def _profiled_exec(func: Callable, ctx: object):  # noqa: ANN202 (Streamlit's own tuple)
    if not _profiler:
        return _exec(func, ctx)
    p = _profiler[0]
    p.start()
    try:
        return _exec(func, ctx)
    finally:
        p.stop()


script_runner.exec_func_with_error_handling = _profiled_exec


def profile(page: str, db: str, data: str, runs: int = 5) -> str:
    """Text profile summed over `runs` reruns, each after a change of the year filter."""
    v = start(page, APP, PAGE_FILES[page], scale_env(db, data))
    for _ in range(2):  # warm both filter states
        v.change()
    p = Profiler(interval=0.0005)
    _profiler.append(p)
    try:
        for _ in range(runs):
            v.change()
    finally:
        _profiler.clear()
    return p.output_text(color=False, unicode=True, show_all=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("page", choices=list(PAGE_FILES))
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
