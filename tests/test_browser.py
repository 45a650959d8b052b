"""The dashboard in a real headless Chromium against `streamlit run app.py` (marker `browser`).

One server for the whole module. Every page in English and Arabic: no exception box, the number
of charts the registry lists, right-to-left in Arabic (charts themselves left-to-right), no
request leaving localhost (maps included), and a screenshot under test-artifacts/ (and docs/ with
CTDASH_DOCS_SCREENSHOTS=1, for the README tour).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from support.browserkit import CHROMIUM, CHROMIUM_ARGS, require_browser, streamlit_server

from ctdash import views
from ctdash.db import ROOT
from ctdash.i18n import t
from ctdash.pages_table import NAMES

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
DOCS = ROOT / "docs"
PAGES = list(NAMES)
# The README tour: every page in English, and two in Arabic.
DOC_SHOTS = {(p, "en") for p in PAGES} | {("overview", "ar"), ("cted", "ar")}
LOCAL = ("http://127.0.0.1", "http://localhost", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def server():
    require_browser()
    with streamlit_server(ARTIFACTS / "streamlit.log") as (base, _proc):
        yield base


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _new_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.outside = []  # requests that left localhost
    pg.on("request", lambda r: pg.outside.append(r.url) if not r.url.startswith(LOCAL) else None)
    return context, pg


@pytest.fixture
def page(browser):
    context, pg = _new_page(browser)
    yield pg
    context.close()


@pytest.fixture(scope="module")
def tour(browser):
    """One browser session for the page tour: pages are switched through the sidebar, as a user
    does (and without reloading plotly.js for every page)."""
    context, pg = _new_page(browser)
    yield pg
    context.close()


def settle(pg, timeout_s: float = 90) -> None:
    """Wait until the script run is over and the number of charts stops changing."""
    pg.wait_for_selector('[data-testid="stMain"]', timeout=timeout_s * 1000)
    deadline = time.time() + timeout_s
    last, stable = -1, 0
    while time.time() < deadline:
        running = pg.locator('[data-testid="stStatusWidget"]').count()
        skeleton = pg.locator('[data-testid="stSkeleton"]').count()
        n = pg.locator(".js-plotly-plot").count()
        stable = stable + 1 if (n == last and not running and not skeleton) else 0
        last = n
        if stable >= 5:
            return
        pg.wait_for_timeout(200)


def url(server: str, name: str, query: str = "") -> str:
    path = "" if name == "overview" else name
    return f"{server}/{path}" + (f"?{query}" if query else "")


def screenshot(pg, name: str, lang: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}_{lang}.png"))
    if os.environ.get("CTDASH_DOCS_SCREENSHOTS") == "1" and (name, lang) in DOC_SHOTS:
        DOCS.mkdir(exist_ok=True)
        pg.screenshot(path=str(DOCS / f"{name}_{lang}.png"))


def direction(pg, selector: str) -> str:
    return pg.evaluate("s => getComputedStyle(document.querySelector(s)).direction", selector)


def test_fresh_server_opens_a_page_directly(server, page):
    """The first request of a new server goes straight to a page file; it still gets the sidebar."""
    page.goto(url(server, "meetings", "years=2016-2018"))
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stSidebar"] [data-testid="stSlider"]').count() == 1
    assert page.locator(".js-plotly-plot").count() == len(views.charts_of_page("meetings"))


def open_page(server, pg, name: str, lang: str) -> None:
    """Go to a page in a language: through the sidebar when the session already has the language."""
    current = parse_qs(urlparse(pg.url).query).get("lang", ["en"])[0] if pg.url.startswith("http") else None
    if current != lang:
        pg.goto(url(server, name, "lang=ar" if lang == "ar" else ""))
    else:
        pg.locator('[data-testid="stSidebarNav"] a').nth(PAGES.index(name)).click()
        pg.wait_for_url(lambda u: urlparse(u).path.rstrip("/") == urlparse(url(server, name)).path.rstrip("/"))
    settle(pg)


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("name", PAGES)
def test_page(server, tour, name, lang):
    page = tour
    open_page(server, page, name, lang)
    assert parse_qs(urlparse(page.url).query).get("lang", ["en"]) == [lang]
    assert page.locator('[data-testid="stException"]').count() == 0
    charts = page.locator(".js-plotly-plot")
    assert charts.count() == len(views.charts_of_page(name))
    main_dir = direction(page, '[data-testid="stMain"]')
    assert main_dir == ("rtl" if lang == "ar" else "ltr")
    if charts.count():
        assert direction(page, '[data-testid="stPlotlyChart"]') == "ltr"  # mirrored by layout, not CSS
    if lang == "ar":
        font = page.evaluate("getComputedStyle(document.querySelector('[data-testid=\"stMain\"]')).fontFamily")
        assert "Noto" in font
    if name == "cted":  # the map drew its countries from the shipped topojson
        page.wait_for_function("document.querySelectorAll('.geo .countries path, .choroplethlocation').length > 0",
                               timeout=20_000)
    screenshot(page, name, lang)
    assert page.outside == [], page.outside
    if (name, lang) == ("meetings", "en"):
        check_csv_download(page)
        check_briefing_download(page)
    if (name, lang) == ("explorer", "en"):
        check_explorer_tabs(page)


def open_tools(page, view_id: str) -> None:
    """Open a view's expander (rows, "Add to briefing", CSV, citation): its buttons are made by
    the rerun that opening it asks for."""
    page.locator(f".st-key-dv_{view_id} summary").first.click()
    page.locator(f".st-key-dl_{view_id} button:visible").wait_for(timeout=30_000)
    settle(page)


def close_tools(page, view_id: str) -> None:
    page.locator(f".st-key-dv_{view_id} summary").first.click()
    settle(page)


def check_explorer_tabs(page) -> None:
    """Only the open tab is built: a click on a tab reruns the page with that tab's content."""
    assert page.locator("textarea").count() == 0  # the SQL box is not built while its tab is closed
    page.get_by_role("tab", name=t("tab_sql", "en"), exact=True).click()
    page.locator("textarea").wait_for(timeout=30_000)
    settle(page)
    assert page.locator('[data-testid="stDataFrame"]').count() == 0  # Browse is closed now
    page.get_by_role("tab", name=t("tab_browse", "en"), exact=True).click()
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0


def check_csv_download(page) -> None:
    """The CSV behind the first chart: a BOM, lines stating the filters, each row's source and quote."""
    assert page.locator('[data-testid="stMain"] [data-testid="stDownloadButton"]').count() == 0  # tools closed
    open_tools(page, "expert_meetings")
    with page.expect_download() as info:
        page.locator(".st-key-dl_expert_meetings button:visible").first.click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b'\xef\xbb\xbf"# ctdash: ')
    text = data.decode("utf-8-sig")
    assert text.splitlines()[1].startswith('"# Filters: years=')
    header = next(line for line in text.splitlines() if not line.startswith(("#", '"#')))
    assert {"Source", "Quote", "Qualifier", "As stated", "English translation (unofficial)"} <= set(header.split(","))
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0  # on_click="ignore": no rerun trouble
    close_tools(page, "expert_meetings")


def check_briefing_download(page) -> None:
    """The sidebar's Briefing pack menu gives a PowerPoint deck, built on click."""
    from pptx import Presentation

    # the menu (Streamlit also keeps a hidden copy of a popover's button and contents: take the visible one)
    page.locator('[data-testid="stSidebar"] [data-testid="stPopover"] button:visible').first.click()
    pptx = page.locator('[data-testid="stDownloadButton"] button:visible', has_text="PowerPoint")
    pptx.wait_for(timeout=30_000)  # made by the rerun that opening the menu asks for
    with page.expect_download(timeout=120_000) as info:
        pptx.click()
    deck = Presentation(info.value.path())
    assert info.value.suggested_filename.endswith(".pptx")
    assert any(shape.has_chart for slide in deck.slides for shape in slide.shapes)
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_filters_survive_a_page_switch_and_the_url_reproduces_the_view(server, page):
    page.goto(url(server, "overview", "years=2016-2018&actor=MAR&lang=ar"))
    settle(page)
    page.locator('[data-testid="stSidebarNav"] a[href$="/meetings"]').click()
    page.wait_for_url("**/meetings**")
    settle(page)
    query = parse_qs(urlparse(page.url).query)
    assert query.get("years") == ["2016-2018"] and query.get("actor") == ["MAR"] and query.get("lang") == ["ar"]
    assert direction(page, '[data-testid="stMain"]') == "rtl"
    # the filters are still set (a copied URL restoring them is checked with AppTest)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text("المغرب").count() >= 1


def test_widget_state_survives_reruns(server, page):
    """A page's own widget keeps its value through reruns caused by other widgets (the sidebar's
    language switch), and through a reload of the same session's page."""
    page.goto(url(server, "sources"))
    settle(page)
    box = page.locator('[data-testid="stMain"] [data-testid="stTextInput"] input').first
    box.fill("2017")
    box.press("Enter")
    settle(page)
    page.locator('[data-testid="stSidebar"] [data-testid="stRadio"] label').filter(has_text="العربية").click()
    page.wait_for_function("() => location.search.includes('lang=ar')")
    settle(page)
    assert direction(page, '[data-testid="stMain"]') == "rtl"
    assert page.locator('[data-testid="stMain"] [data-testid="stTextInput"] input').first.input_value() == "2017"
    page.locator('[data-testid="stSidebar"] [data-testid="stRadio"] label').filter(has_text="English").click()
    page.wait_for_function("() => !location.search.includes('lang=ar')")
    settle(page)
    assert page.locator('[data-testid="stMain"] [data-testid="stTextInput"] input').first.input_value() == "2017"


@pytest.mark.parametrize("lang,name", [("en", "Morocco"), ("ar", "المغرب")])
def test_actor_profile_page(server, page, lang, name):
    """/actors?actor=MAR: titled with the actor's name, its GCTF co-chairmanship 2015–2019 and
    the FTF working group among its roles, a timeline chart, no exception."""
    page.goto(url(server, "actors", "actor=MAR" + ("&lang=ar" if lang == "ar" else "")))
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator("h1").first.inner_text().strip() == name
    assert page.locator(".js-plotly-plot").count() >= 1
    roles = page.locator(".ct-card-h").all_inner_texts()
    forum = t("forum_itself", lang, forum=("Global Counterterrorism Forum" if lang == "en"
                                           else "المنتدى العالمي لمكافحة الإرهاب"))
    assert any(forum in r and "2015–2019" in r for r in roles), roles
    ftf = "Foreign Terrorist Fighters Working Group" if lang == "en" else "الفريق العامل المعني بالمقاتلين"
    assert any(ftf in r for r in roles), roles
    assert direction(page, '[data-testid="stMain"]') == ("rtl" if lang == "ar" else "ltr")
    page.mouse.wheel(0, 600)
    page.wait_for_timeout(300)
    screenshot(page, "actors_MAR", lang)
    assert page.outside == [], page.outside


def test_chart_image_download_is_named_after_the_chart_and_filters(server, page):
    """The expert-meetings chart's toolbar "Download plot as a png" saves
    gctf-expert-meetings_2016-2019.png (not plot-image.png), drawn by Plotly in the browser."""
    page.goto(url(server, "meetings", "years=2016-2019"))
    settle(page)
    chart = page.locator(".js-plotly-plot").first
    chart.hover()
    button = chart.locator('.modebar-btn[data-title="Download plot as a png" i]')
    with page.expect_download(timeout=60_000) as info:
        button.click()
    assert info.value.suggested_filename == "gctf-expert-meetings_2016-2019.png"
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"\x89PNG")
    width = int.from_bytes(data[16:20], "big")
    assert width >= 2 * chart.bounding_box()["width"] - 4  # exported at 2x


def test_basket_of_two_charts_exports_a_deck_with_those_two(server, page):
    """Add two charts to the briefing, open the Briefing page, download the PowerPoint: the deck's
    chart slides are exactly those two charts."""
    from pptx import Presentation

    page.goto(url(server, "meetings", "years=2016-2019"))
    settle(page)
    for view_id in ("expert_meetings", "wg_plenaries"):
        open_tools(page, view_id)
        page.locator(f".st-key-add_{view_id} button:visible").click()
        settle(page)
        assert page.locator(f".st-key-add_{view_id} button:visible").is_disabled()  # "In the briefing"
        close_tools(page, view_id)
    assert "basket=" in page.url
    page.locator('[data-testid="stSidebarNav"] a[href$="/briefing"]').click()
    page.wait_for_url("**/briefing**")
    settle(page)
    assert "basket=" in page.url  # the page switch kept the basket in the URL
    screenshot(page, "briefing", "en")
    assert page.locator('[data-testid="stException"]').count() == 0
    pptx = page.locator(".st-key-bk_pptx button:visible")
    with page.expect_download(timeout=120_000) as info:
        pptx.click()
    deck = Presentation(info.value.path())
    titles = [slide.shapes.title.text if slide.shapes.title is not None else "" for slide in deck.slides
              if any(shape.has_chart for shape in slide.shapes)]
    expected = [views.BY_ID[v].title("en") for v in ("expert_meetings", "wg_plenaries")]
    assert len(titles) == 2, titles
    assert all(want in got for want, got in zip(expected, titles, strict=True)), titles
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_server_log_has_no_warning(server):
    """Run last in this module: the server's log holds no warning, error or traceback."""
    log = (ARTIFACTS / "streamlit.log").read_text(encoding="utf-8")
    bad = [line for line in log.splitlines() if any(w in line for w in ("WARNING", "Warning", "ERROR", "Traceback"))]
    assert not bad, bad
    assert "You can now view your Streamlit app" in log
