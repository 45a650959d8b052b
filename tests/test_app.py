"""Every page in both languages through Streamlit's AppTest: renders, filters change what is shown,
a URL restores the view, bad URL values give a notice, a broken database gives a readable error."""

from __future__ import annotations

import html
import re

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest
from support.apptest import (
    PACK,
    TIMEOUT,
    app,
    charts,
    explorer_tab,
    no_exception,
    open_rows,
    qp,
    texts,
)

from ctdash import views
from ctdash.db import reading
from ctdash.i18n import t
from ctdash.pages_table import BY_NAME, NAMES

SIDEBAR_PACK = ("briefing_pptx", "briefing_html")  # the sidebar menu's keys (the Briefing page has its own)


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("page", NAMES)
def test_every_page_renders_in_both_languages(page, lang):
    at = app({"lang": lang} if lang == "ar" else {}, page)
    no_exception(at)
    assert not at.error
    assert at.title[0].value == t(f"page_{page}", lang)
    expected = len(views.charts_of_page(page))
    assert len(charts(at)) == expected
    buttons = at.get("download_button")
    assert not [b for b in buttons if b.key in SIDEBAR_PACK]  # the pack menu is closed: no buttons made
    if page not in ("explorer", "sources", "actors", "briefing"):
        assert not buttons and not at.code  # each view's tools are closed: none of their elements sent
        open_rows(at)
        no_exception(at)
        assert len(at.get("download_button")) == len(views.for_page(page))  # one CSV per view
        assert len(at.code) == len(views.for_page(page))  # one cite line per view
    assert qp(at, "lang") == (["ar"] if lang == "ar" else None)
    at.session_state["briefing_menu"] = True  # the user opens the Briefing pack menu
    at.run()
    no_exception(at)
    briefing = [b for b in at.get("download_button") if b.key in SIDEBAR_PACK and b.proto.label in PACK]
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
    at.switch_page(BY_NAME["meetings"].file).run()
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


def test_a_table_views_source_line_comes_with_its_rows():
    """The Overview's tables (sources, data-quality notes) say where their rows come from when the
    rows are open; the tiles above them, which are always shown, always say it."""
    from ctdash.filters import Filters

    at = app()
    f = Filters(years=tuple(at.slider(key="f_years").value))
    with reading(ROOT / "ctdash.duckdb") as con:
        lines = {v.id: v.caption(v.data(con, f), "en") for v in views.for_page("overview")}
    tiles = next(h.proto.body for h in at.get("html") if 'class="ct-tiles"' in h.proto.body)
    assert f">{html.escape(lines['headlines'])}</p>" in tiles  # under the tiles, in the same element
    shown = [c.value for c in at.caption]
    assert lines["sources"] not in shown and lines["conflicts"] not in shown
    shown = [c.value for c in open_rows(at).caption]
    assert lines["sources"] in shown and lines["conflicts"] in shown


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
    from ctdash import tables, ui
    from ctdash.cache import DbRef

    db = DbRef.of(ROOT / "ctdash.duckdb")
    f = Filters(years=tuple(at.slider(key="f_years").value))
    every = ui.fresh_rows(tables.explorer_rows, db, f, "facts", (), "ال")
    assert len(every) == total and list(every["fact_id"][:7]) == list(shown["Row"])


def test_widget_state_survives_reruns_and_the_first_run():
    """State set on the first run (which starts at app.py) holds on the next (which AppTest starts
    at the page file): widgets are drawn inside the page in both cases, so they keep one identity."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    at.session_state["briefing_menu"] = True
    at.run()
    no_exception(at)
    assert [b.proto.label for b in at.get("download_button") if b.proto.label in PACK] == list(PACK)
    at.switch_page(BY_NAME["explorer"].file).run()
    at.selectbox(key="ex_table").set_value("events").run()
    at.slider(key="f_years").set_value((2016, 2017)).run()  # a rerun caused by the sidebar
    at.radio(key="f_lang").set_value("ar").run()
    no_exception(at)
    assert at.selectbox(key="ex_table").value == "events"
    assert at.slider(key="f_years").value == (2016, 2017) and at.title[0].value == t("page_explorer", "ar")
