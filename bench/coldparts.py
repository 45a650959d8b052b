"""Where a cold start's seconds go, for the floor, a DuckDB-only first chart (without and with
pandas imported) and the app: launches alternated, the median of each part (`browser._first_chart`:
frontend, server, draw). Not part of `make bench`; it backs docs/SCALING.md's cold-start analysis.

    cd bench && PYTHONPATH=../src:../tests:. ../.venv/bin/python coldparts.py [--reps 4]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
from pathlib import Path

import browser
from playwright.async_api import async_playwright

DUCKDB_APP = Path(__file__).with_name("duckdb_app.py")
VARIANTS: tuple[tuple[str, Path, dict[str, str]], ...] = (("floor", browser.BARE_APP, {}), ("duckdb", DUCKDB_APP, {}),
            ("duckdb+pandas", DUCKDB_APP, {"CTDASH_BENCH_PANDAS": "1"}), ("app", browser.APP, {}))


async def _run(reps: int, env: dict[str, str]) -> dict[str, list[dict[str, float]]]:
    runs: dict[str, list[dict[str, float]]] = {}
    async with async_playwright() as pw:
        b = await browser._launch(pw)
        try:
            await browser._first_chart(b, browser.BARE_APP, env)  # warm the OS file cache, not timed
            for r in range(reps):
                for name, script, extra in VARIANTS if r % 2 == 0 else VARIANTS[::-1]:
                    runs.setdefault(name, []).append(await browser._first_chart(b, script, {**env, **extra}))
        finally:
            await b.close()
    return runs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=4)
    ap.add_argument("--db", default=str(browser.ROOT / "ctdash.duckdb"))
    args = ap.parse_args()
    env = dict(os.environ, CTDASH_DB=args.db, CTDASH_DATA=str(browser.ROOT / "data"))
    runs = asyncio.run(_run(args.reps, env))
    floor = statistics.median(r["total"] for r in runs["floor"])
    for name, rs in runs.items():
        med = {p: statistics.median(r[p] for r in rs) for p in ("frontend", "server", "draw", "total")}
        print(f"{name:14} server {med['server']:.2f}s  total {med['total']:.2f}s  ratio {med['total'] / floor:.2f}  "
              f"(frontend {med['frontend']:.2f}s, draw {med['draw']:.2f}s)")


if __name__ == "__main__":
    main()
