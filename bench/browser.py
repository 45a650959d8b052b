"""Browser benchmarks: cold start to the first chart drawn, and server memory under sessions.

Both launch `streamlit run` as a child process and drive headless Debian Chromium through
Playwright. Cold start: from launching the server to the first Plotly chart's SVG in the page,
for the app and for bench/bare_app.py, alternated. Memory: the server's peak RSS (its process and
children, sampled every 50 ms) while N browser sessions at once open every page of the app, each
with its own filters.
"""

from __future__ import annotations

import asyncio
import statistics
import threading
import time
from pathlib import Path
from typing import Any

import psutil
from playwright.async_api import Browser, async_playwright
from support.devserver import CHROMIUM, CHROMIUM_ARGS, launched, wait_healthy

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
BARE_APP = Path(__file__).with_name("bare_app.py")
CHART = '[data-testid="stPlotlyChart"] .main-svg'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PAGE_PATHS = ("", "meetings", "coalition", "cted", "working-groups")  # the chart pages


async def _launch(pw) -> Browser:  # noqa: ANN001 (Playwright's own type)
    return await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


FIGURE_MARK = b'"layout"'  # in the websocket message carrying a Plotly figure's JSON, and in no earlier one


async def _first_chart(browser: Browser, script: Path, env: dict[str, str]) -> dict[str, float]:
    """Seconds from launching the server to the first chart drawn in a fresh browser context
    (`total`), and where they went: until the page's websocket opened (`frontend`: server start
    and Streamlit's frontend loading), until the message with the first figure arrived (`server`:
    the script's first run up to its first chart), and until the chart was drawn (`draw`: the
    browser loading Plotly's bundle and drawing)."""
    t0 = time.perf_counter()
    seen: dict[str, float] = {}

    def on_frame(payload: str | bytes) -> None:
        data = payload.encode() if isinstance(payload, str) else payload
        if "figure" not in seen and FIGURE_MARK in data:
            seen["figure"] = time.perf_counter()

    def on_websocket(ws) -> None:  # noqa: ANN001 (Playwright's own type)
        seen.setdefault("ws", time.perf_counter())
        ws.on("framereceived", on_frame)

    with launched(script, env) as (url, proc):
        await asyncio.to_thread(wait_healthy, url, proc)
        context = await browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            page = await context.new_page()
            page.on("websocket", on_websocket)
            await page.goto(url, wait_until="commit", timeout=180_000)
            await page.wait_for_selector(CHART, state="attached", timeout=180_000)
            drawn = time.perf_counter()
        finally:
            await context.close()
    ws, figure = seen.get("ws", t0), seen.get("figure", drawn)
    return {"total": drawn - t0, "frontend": ws - t0, "server": figure - ws, "draw": drawn - figure}


Script = tuple[str, Path, dict[str, str]]  # a name, the script, and its environment beyond `env`
PARTS = ("frontend", "server", "draw", "total")


async def _launches(reps: int, env: dict[str, str], scripts: list[Script]) -> dict[str, list[dict[str, float]]]:
    runs: dict[str, list[dict[str, float]]] = {name: [] for name, _, _ in scripts}
    async with async_playwright() as pw:
        browser = await _launch(pw)
        try:
            await _first_chart(browser, BARE_APP, env)  # warm the OS file cache, not timed
            for r in range(reps):
                for name, script, extra in scripts if r % 2 == 0 else scripts[::-1]:
                    runs[name].append(await _first_chart(browser, script, {**env, **extra}))
        finally:
            await browser.close()
    return runs


def launches(reps: int, env: dict[str, str], scripts: list[Script]) -> dict[str, dict[str, Any]]:
    """Each script launched `reps` times, in alternating order, to its first chart drawn: the median
    of each part (`_first_chart`) and of the total, by script name, and every total (`samples`)."""
    runs = asyncio.run(_launches(reps, env, scripts))
    return {name: {**{part: statistics.median(r[part] for r in rs) for part in PARTS},
                   "samples": [round(r["total"], 3) for r in rs]} for name, rs in runs.items()}


def cold_start(reps: int, env: dict[str, str]) -> dict[str, object]:
    """Median launch-to-first-chart seconds of the app and of the bare app, their ratio, and the
    median of each part (`parts`: frontend, server, draw; see `_first_chart`)."""
    got = launches(reps, env, [("app", APP, {}), ("bare", BARE_APP, {})])
    app, bare = got["app"]["total"], got["bare"]["total"]
    return {"app_s": app, "bare_s": bare, "ratio": app / bare,
            "parts": {k: {part: round(got[k][part], 3) for part in PARTS[:3]} for k in got},
            "samples": {k: got[k]["samples"] for k in got}}


class RssSampler:
    """Peak resident memory of a process and its children, sampled in a thread."""

    def __init__(self, pid: int, interval: float = 0.05):
        self.proc = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def current(self) -> int:
        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, self.current())
            except psutil.Error:
                return
            time.sleep(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _session_query(i: int) -> str:
    """Each session its own filters (and half of them in Arabic), so caches are not shared."""
    lang = "&lang=ar" if i % 2 else ""
    return f"?years={2000 + i}-2025{lang}"


async def _session(browser: Browser, url: str, i: int) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = await context.new_page()
        for path in PAGE_PATHS:
            await page.goto(f"{url}/{path}" + _session_query(i), wait_until="commit", timeout=600_000)
            await page.wait_for_selector('[data-testid="stMain"] h1', timeout=600_000)
            await page.wait_for_selector(IDLE, timeout=600_000)
    finally:
        await context.close()


async def _sessions(url: str, n: int) -> None:
    async with async_playwright() as pw:
        browser = await _launch(pw)
        try:
            await asyncio.gather(*(_session(browser, url, i) for i in range(n)))
        finally:
            await browser.close()


def peak_rss(env: dict[str, str], sessions: tuple[int, ...] = (1, 8)) -> dict[str, float]:
    """Peak server RSS (MB) with each number of concurrent sessions, one fresh server each."""
    out: dict[str, float] = {}
    for n in sessions:
        with launched(APP, env) as (url, proc):
            wait_healthy(url, proc)
            with RssSampler(proc.pid) as sampler:
                t0 = time.perf_counter()
                asyncio.run(_sessions(url, n))
                out[f"{n}_seconds"] = round(time.perf_counter() - t0, 1)
            out[str(n)] = sampler.peak / 2**20
    return out
