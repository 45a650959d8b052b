"""Page and language switches in headless Chromium, against a bare app behind the same navigation.

`page_switch_ratio` (per chart page) and `language_switch_ratio`: from the click on a sidebar link
(or on the other option of the language radio) until the page's title is the new one, every chart
of the page has drawn its SVG, no element is stale and Streamlit's running indicator is gone
(`data-test-script-state="notRunning"`), median over repeated switches, against the same for
bench/bare_nav_app.py: the same pages behind the same `st.navigation` and language radio, drawing
the same figures (harvested from the real pages through AppTest, built once) and nothing else.

Both servers run at once; every switch on the app is followed by the same switch on the bare app,
so machine noise hits both alike. Each round tours the chart pages in one language, then switches
the language three times (so the next round runs in the other language). One untimed round per
language first warms every cache.

    PYTHONPATH=src .venv/bin/python bench/switching.py [--rounds 4]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for extra in (ROOT / "src", ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from playwright.async_api import Page, async_playwright  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from support.devserver import CHROMIUM, CHROMIUM_ARGS, launched, wait_healthy  # noqa: E402

from ctdash.i18n import t  # noqa: E402
from ctdash.pages_table import BY_NAME, PAGES  # noqa: E402
from ctdash.sidebar import KEYS  # noqa: E402

APP = ROOT / "app.py"
BARE = HERE / "bare_nav_app.py"
CHART_PAGES = ("overview", "meetings", "coalition", "cted", "working_groups")
LANGS = ("en", "ar")

# Done: the wanted title, the wanted number of charts each with its SVG, nothing stale, not running.
_DONE = """([title, n]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const h1 = document.querySelector('[data-testid="stMain"] h1');
  if (!h1 || h1.textContent.trim() !== title) return false;
  if (document.querySelector('[data-testid="stMain"] [data-stale="true"]')) return false;
  const charts = document.querySelectorAll('[data-testid="stMain"] [data-testid="stPlotlyChart"]');
  if (charts.length !== n) return false;
  for (const c of charts) { if (!c.querySelector('.main-svg')) return false; }
  return true;
}"""


_SEEN = """() => ({
  state: document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state'),
  title: document.querySelector('[data-testid="stMain"] h1')?.textContent,
  stale: document.querySelectorAll('[data-testid="stMain"] [data-stale="true"]').length,
  charts: document.querySelectorAll('[data-testid="stMain"] [data-testid="stPlotlyChart"]').length,
  drawn: document.querySelectorAll('[data-testid="stMain"] [data-testid="stPlotlyChart"] .main-svg').length,
})"""


def harvest(env: dict[str, str], out: Path) -> dict:
    """The real chart pages' titles and figures (JSON) in both languages, through AppTest."""
    os.environ.update(env)
    data: dict = {"pages": [(p.name, p.icon, p.default) for p in PAGES], "nav": {}, "title": {}, "figures": {}}
    for lang in LANGS:
        data["nav"][lang] = {p.name: t(f"page_{p.name}", lang) for p in PAGES}
        data["title"][lang], data["figures"][lang] = {}, {}
        at = AppTest.from_file(str(APP), default_timeout=300)
        at.run()
        if lang != "en":
            at.radio(key=KEYS["lang"]).set_value(lang)
            at.run()
        for name in CHART_PAGES:
            at.switch_page(BY_NAME[name].file)
            at.run()
            if at.exception:
                raise RuntimeError(f"{name}/{lang}: {[e.message for e in at.exception]}")
            data["title"][lang][name] = at.title[0].value
            data["figures"][lang][name] = [e.proto.spec for e in at.get("plotly_chart")]
    out.write_bytes(pickle.dumps(data))
    return data


class Tab:
    """One browser tab on one server, knowing which page and language it shows."""

    def __init__(self, name: str, page: Page, data: dict):
        self.name, self.page, self.data = name, page, data
        self.lang, self.at = "en", "overview"
        self.page_times: dict[str, list[float]] = {p: [] for p in CHART_PAGES}
        self.lang_times: list[float] = []
        self.timeout = 120_000

    async def _done(self) -> None:
        want = (self.data["title"][self.lang][self.at], len(self.data["figures"][self.lang][self.at]))
        try:
            await self.page.wait_for_function(_DONE, arg=list(want), timeout=self.timeout, polling="raf")
        except Exception:
            seen = await self.page.evaluate(_SEEN)
            raise RuntimeError(f"{self.name}: waited for {want}, the page shows {seen}") from None

    async def open(self, url: str) -> None:
        await self.page.goto(url, wait_until="commit", timeout=120_000)
        await self._done()

    async def to_page(self, name: str) -> float:
        index = [p[0] for p in self.data["pages"]].index(name)
        link = self.page.locator('[data-testid="stSidebarNav"] a').nth(index)
        t0 = time.perf_counter()
        await link.click()
        self.at = name
        await self._done()
        return time.perf_counter() - t0

    async def toggle_language(self) -> float:
        other = "ar" if self.lang == "en" else "en"
        option = self.page.locator('[data-testid="stSidebar"] [data-testid="stRadio"] [role="radiogroup"]').first.locator(
            "label").nth(LANGS.index(other))
        t0 = time.perf_counter()
        await option.click()
        self.lang = other
        await self._done()
        return time.perf_counter() - t0


async def _tour(tabs: list[Tab], rounds: int, warm: int) -> None:
    for r in range(warm + rounds):
        timed = r >= warm
        for name in CHART_PAGES[1:] + CHART_PAGES[:1]:
            for tab in tabs if r % 2 == 0 else tabs[::-1]:
                took = await tab.to_page(name)
                if timed:
                    tab.page_times[name].append(took)
        for _ in range(3 if timed else 1):  # an odd number: the next round is in the other language
            for tab in tabs if r % 2 == 0 else tabs[::-1]:
                took = await tab.toggle_language()
                if timed:
                    tab.lang_times.append(took)


async def _measure(env: dict[str, str], harvest_path: Path, data: dict, rounds: int,
                   bare: Path = BARE) -> dict[str, Tab]:
    with launched(APP, env) as (app_url, app_proc), \
            launched(bare, {**env, "CTDASH_BENCH_SWITCH": str(harvest_path)}) as (bare_url, bare_proc):
        await asyncio.to_thread(wait_healthy, app_url, app_proc)
        await asyncio.to_thread(wait_healthy, bare_url, bare_proc)
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                tabs = []
                for name, url in (("app", app_url), ("bare", bare_url)):
                    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
                    tab = Tab(name, await context.new_page(), data)
                    await tab.open(url)
                    tabs.append(tab)
                await _tour(tabs, rounds, warm=2)
                return {tab.name: tab for tab in tabs}
            finally:
                await browser.close()


def _spread(xs: list[float]) -> list[float]:
    return [round(min(xs), 3), round(max(xs), 3)]


def bare_script(folder: Path) -> Path:
    """The bare app copied into `folder` beside a link to the app's `static/` (Streamlit serves
    the folder next to the main script): the map's topojson loads from the same URL in both."""
    script = folder / BARE.name
    script.write_text(BARE.read_text())
    (folder / "static").symlink_to(ROOT / "static", target_is_directory=True)
    return script


def measure(env: dict[str, str], rounds: int = 4) -> dict[str, object]:
    """Median switch seconds of the app and of the bare app, per page and for the language."""
    with tempfile.TemporaryDirectory(prefix="ctdash-switch-") as tmp:
        path = Path(tmp) / "harvest.pkl"
        t0 = time.perf_counter()
        data = harvest(env, path)
        harvest_s = time.perf_counter() - t0
        tabs = asyncio.run(_measure(env, path, data, rounds, bare_script(Path(tmp))))
    app, bare = tabs["app"], tabs["bare"]
    pages = {}
    for name in CHART_PAGES:
        a, b = statistics.median(app.page_times[name]), statistics.median(bare.page_times[name])
        pages[name] = {"app_s": round(a, 3), "bare_s": round(b, 3), "ratio": round(a / b, 3),
                       "app_range": _spread(app.page_times[name]), "bare_range": _spread(bare.page_times[name]),
                       "charts": {lang: len(data["figures"][lang][name]) for lang in LANGS},
                       "figure_kb": {lang: round(sum(map(len, data["figures"][lang][name])) / 1024, 1)
                                     for lang in LANGS}}
    la, lb = statistics.median(app.lang_times), statistics.median(bare.lang_times)
    return {"pages": pages, "language": {"app_s": round(la, 3), "bare_s": round(lb, 3), "ratio": round(la / lb, 3),
                                         "app_range": _spread(app.lang_times), "bare_range": _spread(bare.lang_times)},
            "harvest_s": round(harvest_s, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--db", default=str(ROOT / "ctdash.duckdb"))
    ap.add_argument("--data", default=str(ROOT / "data"))
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    res = measure({"CTDASH_DB": args.db, "CTDASH_DATA": args.data}, args.rounds)
    print(json.dumps(res, indent=1, ensure_ascii=False))
    print(f"{time.perf_counter() - t0:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
