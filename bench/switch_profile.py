"""Where a page switch's browser time goes, by Streamlit component: a Chromium CPU profile of
repeated switches into one page, on the app and on the floor of bench/switching.py, each sample
charged to the first frame outside the shared libraries (React, emotion, ...), so "Slider" or
"StreamlitMarkdown" is what that component cost, and "(program)" is style, layout and paint.

    PYTHONPATH=src .venv/bin/python bench/switch_profile.py [--page overview] [--via working_groups] [--rounds 10]

Prints milliseconds per switch, app against floor, largest difference first. The profiler slows
the page down: compare the columns, not the totals with bench/switching.py's.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "src"), str(HERE.parent / "tests")]

import switching as sw  # noqa: E402
from playwright.async_api import async_playwright  # noqa: E402
from support.devserver import CHROMIUM, CHROMIUM_ARGS, launched, wait_healthy  # noqa: E402

SHARED = ("react-dom", "emotion", "styled-components", "rolldown", "purify", "lib.", "protobuf")


def by_component(profile: dict) -> collections.Counter:
    """Self time (ms) of one CPU profile, charged to the first frame whose script is not shared."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent = {c: n["id"] for n in profile["nodes"] for c in n.get("children", [])}
    spent: collections.Counter = collections.Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        i = sample
        while True:
            script = nodes[i]["callFrame"]["url"].rsplit("/", 1)[-1]
            if script and not script.startswith(SHARED):
                name = script.split(".")[0]
                break
            if i not in parent:
                name = nodes[sample]["callFrame"]["functionName"] or "(anonymous)"
                break
            i = parent[i]
        spent[name] += delta / 1000
    return spent


async def _profile(tab: sw.Tab, cdp, page: str, via: str, rounds: int) -> collections.Counter:
    total: collections.Counter = collections.Counter()
    for _ in range(rounds):
        await tab.to_page(via)
        await cdp.send("Profiler.start")
        await tab.to_page(page)
        total.update(by_component((await cdp.send("Profiler.stop"))["profile"]))
    return collections.Counter({k: v / rounds for k, v in total.items()})


async def _run(env: dict[str, str], page: str, via: str, rounds: int) -> dict[str, collections.Counter]:
    with tempfile.TemporaryDirectory(prefix="ctdash-profile-") as tmp:
        harvest = Path(tmp) / "harvest.pkl"
        data = sw.harvest(env, harvest)
        with launched(sw.APP, env) as (app_url, app_proc), \
                launched(sw.bare_script(Path(tmp)), {**env, "CTDASH_BENCH_SWITCH": str(harvest)}) as (bare_url, bare_proc):
            wait_healthy(app_url, app_proc)
            wait_healthy(bare_url, bare_proc)
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                out = {}
                for name, url in (("app", app_url), ("floor", bare_url)):
                    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
                    tab = sw.Tab(name, await context.new_page(), data)
                    await tab.open(url)
                    for _ in range(2):  # warm: every chunk loaded, every cache filled
                        await tab.to_page(via)
                        await tab.to_page(page)
                    cdp = await context.new_cdp_session(tab.page)
                    await cdp.send("Profiler.enable")
                    await cdp.send("Profiler.setSamplingInterval", {"interval": 200})
                    out[name] = await _profile(tab, cdp, page, via, rounds)
                await browser.close()
                return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--page", default="overview", choices=sw.CHART_PAGES)
    ap.add_argument("--via", default="working_groups", choices=sw.CHART_PAGES, help="the page switched from")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--db", default=str(HERE.parent / "ctdash.duckdb"))
    ap.add_argument("--data", default=str(HERE.parent / "data"))
    args = ap.parse_args(argv)
    got = asyncio.run(_run({"CTDASH_DB": args.db, "CTDASH_DATA": args.data}, args.page, args.via, args.rounds))
    app, floor = got["app"], got["floor"]
    busy = {k: sum(v for n, v in c.items() if n != "(idle)") for k, c in got.items()}
    print(f"busy ms per switch into {args.page}: app {busy['app']:.0f}, floor {busy['floor']:.0f}")
    print(f"{'app - floor':>12} {'app':>8} {'floor':>8}  component")
    for diff, name in sorted(((app[k] - floor[k], k) for k in set(app) | set(floor) if k != "(idle)"),
                             reverse=True)[:25]:
        print(f"{diff:12.1f} {app[name]:8.1f} {floor[name]:8.1f}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
