"""Eight analysts at once: the real server (`streamlit run`) and eight headless-Chromium sessions.

Each session opens pages of the dashboard with its own filters and language in the URL, then
switches page through the sidebar, all eight at the same time. After every page it must show
exactly its own figures: the "(N rows)" of every chart's data view on the page, counted here
from the same registry queries for that session's filters, in that session's language, with
its own parameters still in the URL, and no exception box. The server's memory (RSS of the
server and its children, sampled throughout) must stay under `RSS_LIMIT_MB`. The figures are
printed (run with -s) and written to test-artifacts/concurrency.txt.
"""

from __future__ import annotations

import asyncio
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import duckdb
import pytest
from support.browserkit import CHROMIUM, CHROMIUM_ARGS, require_browser, streamlit_server

from ctdash import queries, views
from ctdash.cite import label as cite_label
from ctdash.db import ROOT, build
from ctdash.filters import Filters, to_params

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
SESSIONS = 8
ROUTE = ("overview", "meetings", "cted")  # by URL, by URL, then through the sidebar (same session)
RSS_LIMIT_MB = 1024  # server + children; measured near 350 MB at the peak of this test
STEP_TIMEOUT_S = 300  # eight sessions and eight Chromium renderers share this machine's cores
ROWS = re.compile(r"\((\d+) (?:rows|صفوف)\)")


@pytest.fixture(scope="module")
def db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database built for this test alone, so that the figures expected and served agree."""
    return build(ROOT / "data", tmp_path_factory.mktemp("concurrency") / "ctdash.duckdb")


@pytest.fixture(scope="module")
def server(db_file: Path):
    """`streamlit run app.py` on a free localhost port over `db_file`; yields (base URL, process)."""
    require_browser()
    env = {"CTDASH_DB": str(db_file), "CTDASH_DATA": str(ROOT / "data")}
    with streamlit_server(ARTIFACTS / "streamlit_concurrency.log", env) as running:
        yield running


class RssSampler(threading.Thread):
    """Samples the resident memory of a process and its children until stopped."""

    def __init__(self, pid: int, every_s: float = 0.25):
        super().__init__(daemon=True)
        import psutil

        self.proc = psutil.Process(pid)
        self.every_s = every_s
        self.samples: list[int] = []
        self.stop = threading.Event()

    def rss(self) -> int:
        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except Exception:  # noqa: BLE001 - a child that just ended
                pass
        return total

    def run(self) -> None:
        while not self.stop.is_set():
            self.samples.append(self.rss())
            self.stop.wait(self.every_s)


def filter_sets(bounds: tuple[int, int]) -> list[Filters]:
    """Eight different views of the data, half of them in Arabic."""
    lo, hi = bounds
    return [
        Filters(years=(lo, hi)),
        Filters(years=(2015, 2019), lang="ar"),
        Filters(years=(lo, hi), actors=("MAR",)),
        Filters(years=(2016, 2017), actors=("NLD",), lang="ar"),
        Filters(years=(lo, hi), topics=("gctf_meetings",)),
        Filters(years=(2017, 2017), lang="ar"),
        Filters(years=(lo, hi), actors=("USA",), lang="ar"),
        Filters(years=(2010, 2014), topics=("cted_activity", "cted_visits")),
    ]


def expected_rows(con: duckdb.DuckDBPyConnection, page: str, f: Filters) -> list[int]:
    """The row counts the page's data views must state for `f` (sorted): every view has one (a
    table view's table is its data view, issue 16); a view the filters leave empty shows why
    instead of a data view (issue 13), so it states none."""
    counts = (len(v.data(con, f)) for v in views.for_page(page))
    return sorted(n for n in counts if n)


@dataclass
class Step:
    """What one session saw on one page."""

    session: int
    page: str
    seconds: float
    rows: list[int]
    expected: list[int]
    labels_ok: bool
    exceptions: int
    params_ok: bool
    errors: list[str] = field(default_factory=list)
    url: str = ""


async def _settle(pg, want: int, timeout_s: float) -> list[str]:
    """Wait until the run is over and `want` data-view labels are shown; return the labels."""
    await pg.wait_for_selector('[data-testid="stMain"]', timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    labels: list[str] = []
    stable = 0
    while time.monotonic() < deadline:
        running = await pg.locator('[data-testid="stStatusWidget"]').count()
        labels = [x for x in await pg.locator('[data-testid="stExpander"] summary').all_inner_texts()
                  if ROWS.search(x)]
        stable = stable + 1 if (len(labels) == want and not running) else 0
        if stable >= 4:
            break
        await asyncio.sleep(0.25)
    return labels


async def _session(browser, base: str, i: int, f: Filters, bounds: tuple[int, int],
                   expected: dict[tuple[str, int], list[int]], steps: list[Step]) -> None:
    """One analyst: open pages by URL with this session's filters and language, then switch page."""
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    pg = await context.new_page()
    own = {k: v if isinstance(v, list) else [v] for k, v in to_params(f, bounds).items()}
    suffix = cite_label("tools", f.lang)  # every view's expander says what it holds, in the session's language
    try:
        for n, page in enumerate(ROUTE):
            start = time.monotonic()
            if n < len(ROUTE) - 1:
                path = "" if page == "overview" else page
                await pg.goto(f"{base}/{path}?{urlencode(own, doseq=True)}", wait_until="commit",
                              timeout=STEP_TIMEOUT_S * 1000)
            else:  # the filters must travel with a page switch inside the live session
                await pg.locator(f'[data-testid="stSidebarNav"] a[href$="/{page}"]').click()
                await pg.wait_for_url(f"**/{page}**", timeout=STEP_TIMEOUT_S * 1000)
            want = expected[(page, i)]
            labels = await _settle(pg, len(want), STEP_TIMEOUT_S)
            rows = sorted(int(ROWS.search(x).group(1)) for x in labels)
            query = {k: v for k, v in parse_qs(urlparse(pg.url).query).items()}
            steps.append(Step(
                session=i, page=page, seconds=time.monotonic() - start, rows=rows, expected=want,
                labels_ok=(bool(labels) or not want) and all(suffix in x for x in labels),  # none if all empty
                exceptions=await pg.locator('[data-testid="stException"]').count(),
                params_ok=query == own, url=pg.url.removeprefix(base),
            ))
            if rows != want:
                ARTIFACTS.mkdir(exist_ok=True)
                await pg.screenshot(path=str(ARTIFACTS / f"concurrency_s{i}_{page}.png"), full_page=True)
    except Exception as exc:  # noqa: BLE001 - recorded and asserted on, with the others' results
        steps.append(Step(i, "?", 0.0, [], [], False, 0, False, errors=[f"{type(exc).__name__}: {exc}"[:300]]))
    finally:
        await context.close()


async def _drive(base: str, sets: list[Filters], bounds: tuple[int, int],
                 expected: dict[tuple[str, int], list[int]], solo: list[float]) -> list[Step]:
    from playwright.async_api import async_playwright

    steps: list[Step] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # One session alone first: the time a page takes without company.
            warm = await browser.new_context()
            pg = await warm.new_page()
            start = time.monotonic()
            await pg.goto(f"{base}/meetings", wait_until="commit", timeout=STEP_TIMEOUT_S * 1000)
            await _settle(pg, len(expected[("meetings", 0)]), STEP_TIMEOUT_S)
            solo.append(time.monotonic() - start)
            await warm.close()
            await asyncio.gather(*(_session(browser, base, i, f, bounds, expected, steps)
                                   for i, f in enumerate(sets)))
        finally:
            await browser.close()
    return steps


def test_eight_sessions_see_their_own_figures(server, db_file: Path) -> None:
    base, proc = server
    con = duckdb.connect(str(db_file), read_only=True)
    try:
        bounds = queries.year_bounds(con)
        sets = filter_sets(bounds)
        expected = {(page, i): expected_rows(con, page, f) for page in set(ROUTE) for i, f in enumerate(sets)}
    finally:
        con.close()
    # The sessions must be told apart by their figures: no two see the same along the route.
    assert len({tuple(tuple(expected[(p, i)]) for p in ROUTE) for i in range(SESSIONS)}) == SESSIONS

    solo: list[float] = []
    sampler = RssSampler(proc.pid)
    idle_mb = sampler.rss() / 2**20
    cpu_before = sum(sampler.proc.cpu_times()[:2])
    sampler.start()
    started = time.monotonic()
    try:
        steps = asyncio.run(_drive(base, sets, bounds, expected, solo))
    finally:
        sampler.stop.set()
        sampler.join()
    wall = time.monotonic() - started
    server_cpu = sum(sampler.proc.cpu_times()[:2]) - cpu_before
    peak_mb = max(sampler.samples, default=0) / 2**20
    end_mb = sampler.rss() / 2**20

    report = [f"{SESSIONS} sessions x {len(ROUTE)} pages ({' -> '.join(ROUTE)}) in {wall:.1f} s wall, "
              f"server CPU {server_cpu:.0f} s on {os.cpu_count()} cores",
              f"server RSS (with children): idle {idle_mb:.0f} MB, peak {peak_mb:.0f} MB, "
              f"after {end_mb:.0f} MB (limit {RSS_LIMIT_MB} MB, {len(sampler.samples)} samples)"]
    times = sorted(s.seconds for s in steps if not s.errors)
    if times:
        report.append(f"page time with {SESSIONS} sessions at once: median {times[len(times) // 2]:.1f} s, "
                      f"max {times[-1]:.1f} s; one session alone: {solo[0] if solo else float('nan'):.1f} s")
    for s in sorted(steps, key=lambda s: (s.session, ROUTE.index(s.page) if s.page in ROUTE else 9)):
        report.append(f"  session {s.session} ({sets[s.session].describe()}) {s.page}: rows {s.rows} "
                      f"expected {s.expected} {s.seconds:.1f} s url {s.url}"
                      + (f" ERROR {s.errors}" if s.errors else ""))
    text = "\n".join(report)
    print("\n" + text)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "concurrency.txt").write_text(text + "\n", encoding="utf-8")

    assert not [s for s in steps if s.errors], text
    assert len(steps) == SESSIONS * len(ROUTE), text
    for s in steps:
        assert s.exceptions == 0, f"session {s.session} on {s.page} shows an exception\n{text}"
        assert s.rows == s.expected, f"session {s.session} on {s.page} shows another view's figures\n{text}"
        assert s.labels_ok, f"session {s.session} on {s.page} is not in its language\n{text}"
        assert s.params_ok, f"session {s.session} on {s.page} lost its URL parameters\n{text}"
    assert peak_mb < RSS_LIMIT_MB, text


def test_quick_page_switches_keep_the_filters(server) -> None:
    """One session clicking through pages quickly keeps its filters in the URL and the widgets."""
    from playwright.sync_api import sync_playwright

    base, _ = server
    own = {"years": ["2016-2018"], "actor": ["MAR"], "lang": ["ar"]}
    seen: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            pg = browser.new_context().new_page()
            pg.goto(f"{base}/?{urlencode(own, doseq=True)}", timeout=STEP_TIMEOUT_S * 1000)
            pg.wait_for_selector('[data-testid="stExpander"]', timeout=STEP_TIMEOUT_S * 1000)
            for page in ("meetings", "cted", "coalition", "meetings", "cted"):
                pg.locator(f'[data-testid="stSidebarNav"] a[href$="/{page}"]').click()
                pg.wait_for_url(f"**/{page}**", timeout=STEP_TIMEOUT_S * 1000)
                pg.wait_for_timeout(300)
            pg.wait_for_timeout(3000)
            seen.append(pg.url)
        finally:
            browser.close()
    assert parse_qs(urlparse(seen[0]).query) == own, seen
