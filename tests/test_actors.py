"""Issue 13: the actor profile (queries, page in both languages), the English translation and the
curator's note wherever a quote is shown, plain labels, and empty states that say why.

Translations are curated on other branches: `translated` fills `quote_en` in a scratch copy of
data/ (every quoted table) and builds it, so these tests hold whether data/ has them or not.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import ROOT, rewrite
from streamlit.testing.v1 import AppTest
from support.apptest import open_rows

from ctdash import actor_queries as q
from ctdash import actors, describe, frametext, i18n, plot, tables
from ctdash.arabic import to_western_digits
from ctdash.db import build
from ctdash.filters import Filters
from ctdash.i18n import t

TIMEOUT = 120
ALL = Filters(years=(1900, 2100))
QUOTED = ("facts", "events", "wg_roles", "working_groups", "documents")


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect(str(ROOT / "ctdash.duckdb"), read_only=True)
    yield c
    c.close()


def marker(row_id: str) -> str:
    """The recognisable start of a row's test translation."""
    return f"EN-TEST[{row_id}]"


@pytest.fixture(scope="module")
def translated(tmp_path_factory) -> tuple[Path, Path]:
    """(database, data dir) of a scratch copy whose quote_en is filled on every quoted row: a
    marker naming the row, the quote's numbers in Western digits, and the fact's value."""
    root = tmp_path_factory.mktemp("translated")
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "seeds", root / "seeds")
    for table in QUOTED:
        def change(header, rows, table=table):
            qi, ei = header.index("quote"), header.index("quote_en")
            for row in rows:
                rid = row[0] if table != "wg_roles" else f"{row[0]}:{row[1]}:{row[2]}"
                value = ""
                if table == "facts" and row[header.index("value")]:
                    v = float(row[header.index("value")])
                    value = f" (value {int(v) if v.is_integer() else v})"
                row[ei] = f"{marker(rid)} {to_western_digits(row[qi])}{value}"
            return header, rows
        rewrite(root / "data" / f"{table}.csv", change)
    db = build(root / "data", root / "translated.duckdb")
    return db, root / "data"


def app(params: dict | None = None, page: str = "pages/overview.py", env: tuple[Path, Path] | None = None,
        monkeypatch=None) -> AppTest:
    if env is not None:
        monkeypatch.setenv("CTDASH_DB", str(env[0]))
        monkeypatch.setenv("CTDASH_DATA", str(env[1]))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()  # app.py as documented: the default page first, then a switch
    if page != "pages/overview.py":
        at.switch_page(page).run()
    return at


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]


def html_of(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


# ---------------------------------------------------------------- queries

def test_actor_roles_include_the_forum_co_chairmanship_and_the_ftf_group(con):
    roles = q.actor_roles_over_time(con, ALL, "MAR")
    forum = roles[roles["level"] == "forum"]
    assert len(forum) == 1
    row = forum.iloc[0]
    assert row["forum"] == "GCTF" and row["role"] == "co_chair"
    assert str(row["period_start"]) == "2015-09-01" and str(row["period_end"]) == "2019-09-30"
    assert "F-GL-002" in row["evidence"].split()  # "two consecutive co-chair terms" says so
    wg = roles[roles["level"] == "working_group"]
    assert len(wg) >= 1 and set(wg["wg_name"]) == {"Foreign Terrorist Fighters Working Group"}
    assert set(roles.columns) >= {"quote", "quote_en", "note", "source_title"}
    # the Netherlands shares the co-chairmanship; Jordan never chaired the forum itself
    assert "forum" in set(q.actor_roles_over_time(con, ALL, "NLD")["level"])
    assert "forum" not in set(q.actor_roles_over_time(con, ALL, "JOR")["level"])
    # "operations led by Turkey and the Coalition" is not leading the Coalition
    assert "forum" not in set(q.actor_roles_over_time(con, ALL, "TUR")["level"])


def test_actor_queries_follow_years_and_topics(con):
    late = Filters(years=(2020, 2022))
    assert "forum" not in set(q.actor_roles_over_time(con, late, "MAR")["level"])
    coalition = Filters(years=ALL.years, topics=("coalition_messaging",))
    assert q.actor_roles_over_time(con, coalition, "MAR").empty
    facts = q.actor_facts(con, coalition, "MAR")
    assert list(facts["fact_id"]) == ["F-CO-042"]


def test_actor_events_facts_and_visits(con):
    events = q.actor_events(con, ALL, "MAR")
    inaugural = events[events["event_id"] == "E-KC-001"].iloc[0]
    assert set(inaugural["roles"].split(",")) == {"chair", "host"} and not inaugural["visited"]
    visits = q.actor_events(con, ALL, "TJK")
    assert list(visits.loc[visits["visited"], "event_id"]) == ["E-CR-018"]
    facts = q.actor_facts(con, ALL, "MAR")
    assert {"F-GL-001", "F-GL-002", "F-KC-007"} <= set(facts["fact_id"])
    assert facts.set_index("fact_id").loc["F-KC-007", "roles"] == "member"
    assert {"value_text", "quote", "quote_en", "note"} <= set(facts.columns)


def test_actor_queries_bind_the_id(con):
    hostile = "MAR' OR '1'='1"
    assert q.actor_row(con, hostile) == {}
    assert q.actor_facts(con, ALL, hostile).empty
    assert q.actor_events(con, ALL, hostile).empty
    assert q.actor_roles_over_time(con, ALL, hostile).empty


def test_profile_sections_and_csv(con):
    p = actors.profile(con, ALL, "MAR")
    assert p.name == "Morocco" and not p.empty
    assert list(p.memberships["fact_id"]) == ["F-KC-007"]
    assert p.visits.empty and len(p.events) >= 10
    frame = actors.csv_frame(p, "en")
    assert len(frame) == len(p.roles) + len(p.memberships) + len(p.facts) + len(p.events) + len(p.visits)
    assert {"quote", "quote_en", "note", "evidence"} <= set(frame.columns)
    fig = plot.figure(actors.timeline(p, "ar"))
    assert fig is not None and fig.layout.xaxis.autorange == "reversed" and fig.layout.xaxis.tickformat == "%Y"
    heading = actors.role_heading(p.roles[p.roles["level"] == "forum"].iloc[0].to_dict(), "en")
    assert heading == "co-chair · Global Counterterrorism Forum (the forum itself) · 2015–2019"


def test_explorer_search_finds_the_same_rows_in_both_languages(con):
    for table in ("facts", "events", "wg_roles", "fact_actors", "event_actors"):
        en = tables.explorer_rows(con, ALL, table, text="Morocco")
        ar = tables.explorer_rows(con, ALL, table, text="المغرب")
        assert len(en) > 0 and en.data == ar.data, table
    facts = set(tables.explorer_rows(con, ALL, "facts", text="morocco")["fact_id"])
    assert "F-GL-017" in facts  # its row names Morocco only through fact_actors
    assert set(tables.explorer_rows(con, ALL, "facts", text="Netherlands")["fact_id"]) == set(
        tables.explorer_rows(con, ALL, "facts", text="هولندا")["fact_id"])


# ---------------------------------------------------------------- labels

def test_localized_frames_have_no_codes_or_missing_markers(con):
    from ctdash import views

    for lang in ("en", "ar"):
        f = Filters(years=ALL.years, lang=lang)
        for view in views.REGISTRY:
            frame = frametext.localize_frame(view.data(con, f).frame, lang)
            for col in frame.columns:
                assert "_" not in col, (view.id, col)
                assert not frame[col].isna().any(), (view.id, col)
                for v in frame[col]:
                    if isinstance(v, str):
                        assert not re.search(r"\b(None|nan|NaT|co_chair|vice_chair|more_than)\b", v), (view.id, col, v)


def test_value_words_and_dates():
    assert i18n.value_text("role", "co_chair", "ar") == "رئيس مشارك"
    assert i18n.value_text("status", "active", "en") == "active"
    assert i18n.value_text("kind", "typo", "ar") == "خطأ مطبعي"
    assert i18n.value_text("note", None, "en") == "" and i18n.value_text("value", float("nan")) == ""
    assert i18n.date_text("2014-12-15", "day", "ar") == "15 ديسمبر 2014"
    assert i18n.date_text("2013-09-01", "month", "en") == "September 2013"
    assert i18n.date_text("2016-01-01", "year", "ar") == "2016"


def test_csv_headings_are_in_the_language_of_the_download():
    from ctdash.ui import csv_with_header

    frame = pd.DataFrame({"label": ["x"], "quote": ["ق"], "quote_en": ["q"], "note": [None]})
    for lang, heads in (("en", ["Figure", "Quote", "English translation (unofficial)", "Curator's note"]),
                        ("ar", ["الرقم", "الاقتباس", "ترجمة إنجليزية (غير رسمية)", "ملاحظة المنسق"])):
        text = csv_with_header(frame, Filters(lang=lang), "T").decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO("\r\n".join(text.split("\r\n")[3:]))))
        assert rows[0] == heads


def test_counts_have_whole_ticks_and_arabic_bar_numbers_stay_upright(con):
    from ctdash import views

    f = Filters(years=ALL.years, lang="ar")
    for vid in ("facts_by_topic", "expert_meetings", "wg_plenaries", "actor_roles"):
        view = views.BY_ID[vid]
        fig = plot.figure(view.describe(view.data(con, f), "ar"))
        bars = [tr for tr in fig.data if tr.type == "bar"]
        assert bars and all(tr.textangle == 0 for tr in bars), vid
        axes = [fig.layout[k] for k in fig.layout if k.startswith(("xaxis", "yaxis"))]
        assert any(ax.tickformat == ",d" for ax in axes), vid


# ---------------------------------------------------------------- the page (AppTest)

@pytest.mark.parametrize("lang,name", [("en", "Morocco"), ("ar", "المغرب")])
def test_actor_page_in_both_languages(lang, name):
    at = app({"actor": "MAR", **({"lang": "ar"} if lang == "ar" else {})}, "pages/actors.py")
    no_exception(at)
    assert at.title[0].value == name
    assert len(at.get("plotly_chart")) == 1
    body = html_of(at)
    assert "2015–2019" in body and t("forum_itself", lang, forum="").strip(" ()") in body
    wg = "Foreign Terrorist Fighters Working Group" if lang == "en" else "الفريق العامل المعني بالمقاتلين"
    assert wg in body
    assert t("quote_en", lang) in body  # every card has its translation line (or says there is none yet)
    assert [b for b in at.get("download_button") if b.proto.label == t("download_csv", lang)]
    headers = [s.value for s in at.subheader]
    assert any(h.startswith(t("sec_roles", lang)) for h in headers)


def test_actor_page_compares_two_actors_and_the_picker_sets_the_filter():
    at = app({"actor": "MAR"}, "pages/actors.py")
    at.selectbox(key="act_other").set_value("JOR").run()
    no_exception(at)
    assert list(at.query_params.get("actor", [])) in (["JOR", "MAR"], ["JOR,MAR"]) or \
        at.multiselect(key="f_actors").value == ["JOR", "MAR"]
    assert [h.value for h in at.header] == ["Morocco", "Jordan"]
    assert len(at.get("plotly_chart")) == 2
    assert len([b for b in at.get("download_button") if b.proto.label == "Download CSV"]) == 2


def test_actor_page_without_actor_prompts_and_empty_profile_says_why():
    at = app(page="pages/actors.py")
    no_exception(at)
    assert at.title[0].value == t("page_actors", "en")
    assert any(t("actor_prompt", "en") in i.value for i in at.info)
    at = app({"actor": "MAR", "years": "2021-2022"}, "pages/actors.py")
    no_exception(at)
    assert any("Morocco" in i.value and "current filters" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_empty_chart_says_why_and_offers_no_data_or_csv():
    from ctdash import views

    at = app({"actor": "MAR"}, "pages/cted.py")  # no CTED row names Morocco
    no_exception(at)
    infos = [i.value for i in at.info]
    assert len([i for i in infos if "no row of the sources for this chart names Morocco" in i]) == len(
        views.for_page("cted"))
    assert not at.get("plotly_chart") and not at.get("download_button") and not at.expander
    links = [x.proto for x in at.get("page_link")]
    assert [x.label for x in links] == ["Everything the sources say about Morocco"] and "actors" in links[0].page
    at = app({"actor": "MAR", "years": "2016-2017", "lang": "ar"}, "pages/cted.py")
    no_exception(at)
    assert any("يذكر المغرب" in i.value and "يقع في 2016–2017" in i.value for i in at.info)
    at = app({"years": "2022-2022", "topic": "coalition_finance"}, "pages/coalition.py")
    no_exception(at)
    assert any("falls in 2022 and is about Coalition: finance" in i.value for i in at.info)


def test_translations_and_notes_are_shown_wherever_the_quote_is(translated, monkeypatch):
    # actor page: each card shows its row's translation and note
    at = app({"actor": "MAR"}, "pages/actors.py", translated, monkeypatch)
    no_exception(at)
    body = html_of(at)
    assert marker("F-KC-007") in body and "Curator&#x27;s note" in body
    chart = at.get("plotly_chart")[0].proto.spec
    assert "EN-TEST[" in chart and "English translation (unofficial)" in chart
    # overview: the headline tiles' tooltips and the data views carry it
    at = open_rows(app({}, "pages/overview.py", translated, monkeypatch))
    no_exception(at)
    tiles = html_of(at)
    assert re.search(r'title="[^"]*English translation \(unofficial\): EN-TEST\[F-', tiles)
    columns = set().union(*(set(d.value.columns) for d in at.dataframe))
    assert {"English translation (unofficial)", "Curator's note"} <= columns
    # a chart's hover holds the translation (Meetings: every chart over facts or events)
    at = app({"lang": "ar"}, "pages/meetings.py", translated, monkeypatch)
    no_exception(at)
    specs = [json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in at.get("plotly_chart")]
    assert all("EN-TEST[" in s for s in specs[:3]) and "ترجمة إنجليزية (غير رسمية)" in specs[0]


def test_sources_page_shows_each_passages_translation(translated, monkeypatch):
    at = app({}, "pages/sources.py", translated, monkeypatch)
    at.selectbox(key="src_doc").set_value("gctf_legacy").run()
    at.session_state["src_jump"] = True
    at.run()
    no_exception(at)
    doc = html_of(at)
    assert re.search(r'<mark class="q"[^>]*title="[^"]*English translation \(unofficial\): EN-TEST\[', doc)
    jump = "\n".join(m.value for m in at.markdown)
    assert "English translation \\(unofficial\\)" in jump and "EN\\-TEST\\[F\\-GL\\-001\\]" in jump
    assert "English translation (unofficial)" in set(at.dataframe[0].value.columns)


def test_briefing_html_table_has_the_translation(translated):
    from ctdash.export import build_html

    con = duckdb.connect(str(translated[0]), read_only=True)
    try:
        page = build_html(con, Filters(years=(2015, 2019))).decode("utf-8")
    finally:
        con.close()
    assert "<th>English translation (unofficial)</th>" in page and 'class="quote_en">EN-TEST[' in page


def test_data_quality_notes_show_whole_descriptions_in_words(con):
    at = open_rows(app({"lang": "ar"}))
    no_exception(at)
    table = at.table[0].value  # a static table: long text wraps instead of being cut
    longest = con.execute("SELECT description_ar, kind FROM conflicts ORDER BY length(description_ar) DESC LIMIT 1").fetchone()
    assert longest[0] in set(table["الوصف"])
    assert t("yes", "ar") not in set(table["النوع"]) and i18n.vocab("kind", longest[1], "ar") in set(table["النوع"])
    assert not set(table.columns) & {"conflict_id", "kind", "description", "refs", "shown", "quote"}
    shown_ar = {r[0] for r in con.execute("SELECT shown_ar FROM conflicts").fetchall()}
    assert set(table[i18n.column_label("shown", "ar")]) == shown_ar  # what is shown, in Arabic too


def test_a_large_profile_draws_and_lists_capped_rows(con):
    """A thousand-fold fact base gives an actor thousands of rows: the timeline and the cards stay
    bounded (the CSV keeps every row)."""
    from dataclasses import replace

    from ctdash import actors_ui

    p = actors.profile(con, ALL, "MAR")
    big = replace(p, facts=pd.concat([p.facts] * 60, ignore_index=True),
                  roles=pd.concat([p.roles] * 30, ignore_index=True),
                  memberships=pd.concat([p.memberships] * 80, ignore_index=True))
    fig = plot.figure(actors.timeline(big, "en"))
    points = sum(len(tr.x) for tr in fig.data if tr.type == "scatter" and tr.marker.symbol == "square")
    assert points == actors.MAX_POINTS < len(big.facts)
    assert len(fig.data) <= actors.MAX_ROLE_ROWS + 3
    html = actors_ui.cards([actors_ui._fact_card(r, "en") for r in big.memberships.head(actors_ui.MAX_CARDS)
                            .to_dict("records")], "en")
    assert html.count('class="ct-card"') == actors_ui.MAX_CARDS
    assert len(actors.csv_frame(big, "en")) == len(big.roles) + len(big.memberships) + len(big.facts) + len(
        big.events) + len(big.visits)


def test_dates_are_written_to_their_precision(con):
    assert describe.period_text("2015-09-01", "2019-09-30", precision="month") == "2015-09 – 2019-09"
    assert describe.period_text("2014-01-01", "2017-03-22", lang="ar", precision="year") == "2014 – 2017"
    assert describe.period_text("2015-09-01", "2019-09-30") == "2015-09-01 – 2019-09-30"  # no precision: the day
    forum = q.actor_roles_over_time(con, ALL, "MAR").query("level == 'forum'").iloc[0].to_dict()
    if forum.get("date_precision") == "month":  # the curated precision of the co-chairmanship's figures
        assert actors.role_period(forum, "ar") == "سبتمبر 2015 – سبتمبر 2019"
