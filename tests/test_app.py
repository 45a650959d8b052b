"""Every page in both languages through Streamlit's AppTest: renders, filters change what is shown,
a URL restores the view, bad URL values give a notice, a broken database gives a readable error."""

from __future__ import annotations

import re

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from ctdash import views
from ctdash.db import ROOT
from ctdash.devserver import as_running_server
from ctdash.i18n import t

PAGES = {
    "overview": "pages/overview.py", "meetings": "pages/meetings.py", "coalition": "pages/coalition.py",
    "cted": "pages/cted.py", "working_groups": "pages/working_groups.py", "explorer": "pages/explorer.py",
    "sources": "pages/sources.py", "actors": "pages/actors.py",
}
TIMEOUT = 90
PACK = ("PowerPoint (.pptx)", "HTML")  # the Briefing pack menu's download buttons


@pytest.fixture(autouse=True)
def navigation_mode(monkeypatch):
    """Run every AppTest run as a server runs after its first request (`as_running_server`; the
    first request itself is covered by ui.current_filters and by the browser test, which opens
    pages directly on a fresh server)."""
    monkeypatch.setattr(PagesManager, "__init__", as_running_server(PagesManager.__init__))


def app(params: dict | None = None, page: str = "overview") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if page != "overview":
        at.switch_page(PAGES[page])  # before the first run: AppTest drops the sidebar on later switches
    return at.run()


def explorer_tab(at: AppTest, tab: str, lang: str = "en") -> AppTest:
    """Open one of the Explorer's tabs ("tab_browse", "tab_sql", "tab_check"): only the open tab
    is built, as a click on it does in the browser."""
    at.session_state[f"ex_tab_{lang}"] = t(tab, lang)
    return at.run()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]


def qp(at: AppTest, key: str) -> list[str] | None:
    """A query parameter as the app left it (a list of values), None if absent."""
    if key not in at.query_params:
        return None
    value = at.query_params[key]
    return list(value) if isinstance(value, list | tuple) else [value]


def charts(at: AppTest) -> list:
    return at.get("plotly_chart")


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [s.value for s in at.subheader] + [c.value for c in at.caption]
    parts += [str(m.value) + str(m.label) for m in at.metric] + [str(w.value) for w in at.warning]
    parts += [str(d.value.to_dict()) for d in at.dataframe]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_in_both_languages(page, lang):
    at = app({"lang": lang} if lang == "ar" else {}, page)
    no_exception(at)
    assert not at.error
    assert at.title[0].value == t(f"page_{page}", lang)
    expected = len(views.charts_of_page(page))
    assert len(charts(at)) == expected
    buttons = at.get("download_button")
    assert not [b for b in buttons if b.proto.label in PACK]  # the pack menu is closed: no buttons made
    if page not in ("explorer", "sources", "actors"):
        assert len(buttons) == len(views.for_page(page))
    assert qp(at, "lang") == (["ar"] if lang == "ar" else None)
    at.session_state["briefing_menu"] = True  # the user opens the Briefing pack menu
    at.run()
    no_exception(at)
    briefing = [b for b in at.get("download_button") if b.proto.label in PACK]
    assert len(briefing) == 2  # the briefing pack for the current filters, on every page


def test_each_filter_changes_what_is_shown():
    at = app(page="meetings")
    base = texts(at)
    at.slider(key="f_years").set_value((2018, 2019)).run()
    no_exception(at)
    years = texts(at)
    assert years != base and qp(at, "years") == ["2018-2019"]
    at.multiselect(key="f_actors").set_value(["CTED"]).run()
    no_exception(at)
    actors = texts(at)
    assert actors != years and qp(at, "actor") == ["CTED"]
    at.multiselect(key="f_topics").set_value(["gctf_meetings"]).run()
    no_exception(at)
    assert texts(at) != actors and qp(at, "topic") == ["gctf_meetings"]
    at.radio(key="f_lang").set_value("ar").run()
    no_exception(at)
    assert at.title[0].value == t("page_meetings", "ar") and qp(at, "lang") == ["ar"]
    # the filters survive the language switch
    assert at.slider(key="f_years").value == (2018, 2019)
    assert at.multiselect(key="f_actors").value == ["CTED"]


@pytest.mark.parametrize("page", ["overview", "coalition", "cted", "working_groups"])
def test_filters_change_other_pages(page):
    at = app(page=page)
    base = texts(at)
    at.multiselect(key="f_actors").set_value(["USA"]).run()
    no_exception(at)
    assert texts(at) != base
    at.multiselect(key="f_actors").set_value([]).run()
    at.slider(key="f_years").set_value((2022, 2022)).run()
    no_exception(at)
    assert texts(at) != base


def test_url_restores_the_view_and_page_switch_keeps_it():
    at = app({"years": "2016-2017", "actor": ["MAR", "NLD"], "topic": "gctf_meetings", "lang": "ar"})
    no_exception(at)
    assert at.slider(key="f_years").value == (2016, 2017)
    assert at.multiselect(key="f_actors").value == ["MAR", "NLD"]
    assert at.multiselect(key="f_topics").value == ["gctf_meetings"]
    assert at.radio(key="f_lang").value == "ar"
    assert not at.warning
    at.switch_page(PAGES["meetings"]).run()
    no_exception(at)
    assert at.title[0].value == t("page_meetings", "ar")
    assert qp(at, "years") == ["2016-2017"] and qp(at, "actor") == ["MAR", "NLD"]


def test_bad_url_values_give_a_notice():
    at = app({"years": "1700-1750", "actor": ["MAR", "NOPE"], "topic": "bogus", "lang": "xx"})
    no_exception(at)
    warnings = "\n".join(w.value for w in at.warning)
    assert "NOPE" in warnings and "bogus" in warnings and "1700-1750" in warnings and "xx" in warnings
    assert at.multiselect(key="f_actors").value == ["MAR"]
    assert qp(at, "actor") == ["MAR"] and qp(at, "topic") is None


def test_bad_url_notice_in_arabic():
    at = app({"actor": "<script>", "lang": "ar"})
    no_exception(at)
    assert any("جهة غير معروفة" in w.value for w in at.warning)


def test_explorer_tables_and_sql_box():
    at = app(page="explorer")
    for table in ("events", "working_groups", "conflicts"):
        at.selectbox(key="ex_table").set_value(table).run()
        no_exception(at)
        assert len(at.dataframe[0].value) > 0
    assert not at.text_area  # the SQL tab is closed: its box is not built
    explorer_tab(at, "tab_sql")
    assert not at.dataframe  # the Browse tab is closed now
    at.text_area(key="ex_sql").input("SELECT count(*) AS n FROM facts")
    at.get("form_submit_button")[0].click().run()
    no_exception(at)
    assert not at.error and at.dataframe[-1].value["n"].iloc[0] > 0
    at.text_area(key="ex_sql").input("COPY facts TO '/tmp/x.csv'")
    at.get("form_submit_button")[0].click().run()
    no_exception(at)
    assert at.error and "SELECT" in at.error[0].value


def test_sources_search_is_arabic_aware():
    at = app(page="sources")
    at.selectbox(key="src_doc").set_value("coalition_2017").run()
    assert "match(es)" not in at.get("html")[-1].proto.body.split('class="ct-doc"')[0]  # no search yet
    at.text_input(key="src_search").input("يشارك ما لا يقل عن ٢٦").run()
    no_exception(at)
    head = at.get("html")[-1].proto.body.split('class="ct-doc"')[0]  # the caption above the text
    assert re.search(r"<br>[12] match\(es\) · Highlighted", head), head[-300:]
    assert "<b>Publisher</b>:" in head


def test_unbuildable_database_shows_a_readable_error(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    (data / "facts.csv").write_text("not,a,valid\n", encoding="utf-8")
    monkeypatch.setenv("CTDASH_DB", str(tmp_path / "missing.duckdb"))
    monkeypatch.setenv("CTDASH_DATA", str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    no_exception(at)
    assert at.error and "could not be built" in at.error[0].value


def test_csv_states_filters_and_keeps_sources():
    import csv
    import io

    import pandas as pd

    from ctdash.filters import Filters
    from ctdash.ui import csv_with_header

    frame = pd.DataFrame({"label": ["=cmd"], "value_text": ["182+"], "qualifier": ["more_than"],
                          "source_title": ["تعريف بنا"], "quote": ["أكثر من 182 زيارة"]})
    data = csv_with_header(frame, Filters(years=(2016, 2019), actors=("MAR",), lang="ar"), "Title\nwith break")
    assert data.startswith(b'\xef\xbb\xbf"# ctdash: Title with break"\r\n')
    text = data.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[1] == '"# Filters: years=2016-2019; actors=MAR; topics=all; lang=ar"'
    rows = list(csv.reader(io.StringIO("\r\n".join(lines[3:]))))
    assert rows[0] == ["الرقم", "كما ورد", "الصيغة", "المصدر", "الاقتباس"]  # headings in the download's language
    assert rows[1][0] == "'=cmd" and rows[1][3:] == ["تعريف بنا", "أكثر من 182 زيارة"]


def test_explorer_sends_at_most_max_rows_and_its_csv_holds_them_all(monkeypatch):
    from ctdash import explorer_ui
    from ctdash.filters import Filters

    monkeypatch.setattr(explorer_ui, "MAX_TABLE_ROWS", 7)
    at = app(page="explorer")
    at.selectbox(key="ex_table").set_value("facts").run()
    at.text_input(key="ex_facts_text").input("ال").run()
    no_exception(at)
    shown = at.dataframe[0].value
    note = next(c.value for c in at.caption if "rows" in c.value)
    total = int(note.split()[0])
    assert len(shown) == 7 < total and f"first 7 of {total} rows" in note
    db = explorer_ui.ui.Database(ROOT / "ctdash.duckdb")
    f = Filters(years=tuple(at.slider(key="f_years").value))
    every = explorer_ui.ui.fresh_rows(explorer_ui.q.explorer_rows, db, f, "facts", (), "ال")
    assert len(every) == total and list(every["fact_id"][:7]) == list(shown["Row"])
