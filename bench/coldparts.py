"""Where a cold start's seconds go, for the floor, a DuckDB-only first chart (without and with
pandas imported) and the app: launches alternated, the median of each part (`browser.launches`:
frontend, server, draw). Not part of `make bench`; it backs docs/SCALING.md's cold-start analysis.

    cd bench && PYTHONPATH=../src:../tests:. ../.venv/bin/python coldparts.py [--reps 4]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import browser

DUCKDB_APP = Path(__file__).with_name("duckdb_app.py")
SCRIPTS: list[browser.Script] = [
    ("floor", browser.BARE_APP, {}), ("duckdb", DUCKDB_APP, {}),
    ("duckdb+pandas", DUCKDB_APP, {"CTDASH_BENCH_PANDAS": "1"}), ("app", browser.APP, {})]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=4)
    ap.add_argument("--db", default=str(browser.ROOT / "ctdash.duckdb"))
    args = ap.parse_args()
    env = dict(os.environ, CTDASH_DB=args.db, CTDASH_DATA=str(browser.ROOT / "data"))
    got = browser.launches(args.reps, env, SCRIPTS)
    floor = got["floor"]["total"]
    for name, m in got.items():
        print(f"{name:14} server {m['server']:.2f}s  total {m['total']:.2f}s  ratio {m['total'] / floor:.2f}  "
              f"(frontend {m['frontend']:.2f}s, draw {m['draw']:.2f}s)")


if __name__ == "__main__":
    main()
