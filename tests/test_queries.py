"""Every query function against figures checked by hand in the seeds (Arabic originals quoted)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ctdash import db, highlight
from ctdash import queries as q
from ctdash import tables as tq
from ctdash.filters import Filters

ALL = Filters(years=(1900, 2100))



def by(frame: pd.DataFrame, column: str) -> dict:
    return dict(zip(frame[column], frame["value"], strict=True))


def test_every_frame_carries_source_quote_and_qualifier(con):
    """Each chart's rows say where they come from (the CSV download relies on it)."""
    for fn in (q.expert_meetings_per_year, q.meeting_period_totals, q.wg_plenaries, q.headline_figures):
        frame = fn(con, ALL).frame
        assert len(frame), fn.__name__
        for col in ("source_title", "quote", "qualifier", "value_text"):
            assert col in frame.columns and frame[col].notna().all(), (fn.__name__, col)
    for fn in (q.event_timeline, q.events_per_year_body, q.country_visits, q.visits_by_country,
               q.facts_by_topic, q.wg_chairs_timeline, q.actor_roles, q.working_groups_list):
        frame = fn(con, ALL).frame
        assert {"source_title", "quote"} <= set(frame.columns), fn.__name__
        assert frame["quote"].notna().all(), fn.__name__


def test_expert_meetings_per_year_from_annex_1(con):
    # Annex 1 of the GCTF legacy paper: 18 (2016), 11 (2017), 13 (2018), 23 (2019).
    frame = q.expert_meetings_per_year(con, ALL).frame
    shown = frame[frame["shown"]]
    assert dict(zip(shown["year"], shown["value"], strict=True)) == {2016: 18, 2017: 11, 2018: 13, 2019: 23}
    assert shown["value"].sum() == 65  # the body text's "more than 65" over the four years
    # The body text's 18 for 2017 contradicts the annex: kept, flagged, never the bar.
    other = frame[~frame["shown"]]
    assert list(zip(other["year"], other["value"], strict=True)) == [(2017, 18)]
    assert "C-GL-01" in other["conflict_ids"].iloc[0]
    assert other["superseded_by"].iloc[0] in set(shown["fact_id"])


def test_expert_meetings_follow_the_year_filter(con):
    frame = q.expert_meetings_per_year(con, Filters(years=(2018, 2019))).frame
    assert sorted(frame["year"]) == [2018, 2019]


def test_meeting_period_totals_stay_period_totals(con):
    frame = q.meeting_period_totals(con, ALL).frame
    values = dict(zip(frame["metric"], zip(frame["value"], frame["qualifier"], strict=True), strict=True))
    assert values["ministerial_meetings"] == (4, "exact")
    assert values["coordinating_committee_meetings"] == (8, "exact")
    assert values["expert_meetings"] == (65, "more_than")
    assert frame["year"].isna().all() and frame["period_start"].notna().all()
    assert dict(zip(frame["metric"], frame["value_text"], strict=True))["expert_meetings"] == "65+"


def test_wg_plenaries_per_group(con):
    # Annex 1: "عقد الفريق العامل المعني بمكافحة التطرف العنيف ... خمسة اجتماعات عامة" etc.
    frame = q.wg_plenaries(con, ALL).frame
    expected = {"Countering Violent Extremism": 5, "Foreign Terrorist Fighters": 4, "Criminal Justice": 4,
                "East Africa": 2, "West Africa": 2, "Horn of Africa": 2, "Sahel": 1, "Detention": 2}
    for words, value in expected.items():
        rows = frame[frame["wg_name"].str.contains(words)]
        assert rows["value"].tolist() == [value], words
    assert len(frame) == len(expected)
    former = frame.loc[frame["status"] == "former", "wg_name"]
    assert len(former) == 3 and former.str.contains("Horn of Africa|Sahel|Detention").all()


def test_cted_visits_figures(con):
    # "أكثر من 182 زيارة ... أكثر من 112 من الدول الأعضاء" to Sep 2022; 18 assessment visits 2016-17.
    frame = q.topic_figures(con, ALL, "cted_visits").frame
    text = {(r.metric, str(r.period_end)): r.value_text for r in frame.itertuples()}
    assert text[("visits", "2022-09-30")] == "182+"
    assert text[("states_visited", "2022-09-30")] == "112+"
    assert text[("visits", "2017-12-12")] == "18"  # assessment visits, Dec 2016 - Dec 2017
    assert text[("full_hybrid_visits", "2022-09-30")] == "2"
    assert text[("virtual_visit_components", "2022-09-30")] == "11"
    assert {str(d) for d in frame["as_of"]} == {"2022-09-30", "2017-12-12"}


def test_year_filter_keeps_a_sentence_together(con):
    """«أكثر من 182 زيارة إلى أكثر من 112 من الدول الأعضاء ... حتى أيلول/سبتمبر 2022 (شملت 11 عنصراً
    افتراضياً ... وزيارتين مختلطتين كاملتين)»: the four figures of one sentence share its period
    (2005 to Sep 2022, data/README.md) and a year filter keeps or drops them together."""
    sentence = {"F-CA-002", "F-CA-003", "F-CA-004", "F-CA-005"}
    for years, kept in (((2016, 2019), True), ((2005, 2005), True), ((2022, 2022), True),
                        ((2001, 2004), False), ((2023, 2030), False)):
        frame = q.topic_figures(con, Filters(years=years), "cted_visits").frame
        assert sentence & set(frame["fact_id"]) == (sentence if kept else set()), years
    # 2016-2019 also keeps the 18 visits of the CTC's reporting year (Dec 2016 - Dec 2017).
    assert "F-CR-002" in set(q.topic_figures(con, Filters(years=(2016, 2019)), "cted_visits").frame["fact_id"])


def test_rows_quoting_one_passage_meet_every_year_filter_together(con):
    """Facts with the same quote are in or out of each one-year filter as a group."""
    quotes = con.execute("SELECT quote FROM facts GROUP BY quote HAVING count(*) > 1").fetchall()
    assert len(quotes) >= 10
    for year in range(2001, 2024):
        frame = tq.explorer_rows(con, Filters(years=(year, year)), "facts").frame
        shown = set(frame["fact_id"])
        for (quote,) in quotes:
            ids = {r[0] for r in con.execute("SELECT fact_id FROM facts WHERE quote = ?", [quote]).fetchall()}
            assert ids <= shown or not ids & shown, (year, sorted(ids), sorted(ids & shown))


def test_year_filter_as_of_cumulative_and_period_figures(con):
    """As-of figures meet the year of their date; cumulative figures every year from their start."""
    def ids(years):
        return set(tq.explorer_rows(con, Filters(years=years), "facts").frame["fact_id"])

    early = ids((2014, 2016))
    assert "F-CO-016" in early  # «منذ العام 2014 أكثر من 22,2 مليار دولار»: since 2014, to 22 Mar 2017
    assert "F-CO-001" not in early  # «يضم 68 عضواً»: as of the fact sheet, 22 Mar 2017
    assert "F-CO-013" in ids((2016, 2016))  # 7,400 km2 since 5 Nov (2016): dated by the source
    assert "F-CO-012" not in ids((2016, 2016))  # the 14,000 km2 it is part of: as of 2017
    assert {"F-GL-024", "F-GL-029"} <= ids((2016, 2016))  # period totals meet each year inside
    assert "F-GL-029" not in ids((2018, 2019))  # former group: Sep 2015 - Sep 2017


def test_coalition_figures_and_units(con):
    military = q.topic_figures(con, ALL, "coalition_military").frame
    text = dict(zip(military["fact_id"], military["value_text"], strict=True))
    assert text["F-CO-007"] == "19,000+"  # أكثر من 19 ألف ضربة جوية
    assert text["F-CO-010"] == "≈ 90,000"  # نحو 90 ألف
    assert text["F-CO-008"] == "tens of thousands (vague)"  # عشرات الآلاف
    assert set(military["unit"]) >= {"count", "people", "percent", "km2", "tonnes"}
    finance = q.topic_figures(con, ALL, "coalition_stabilization").frame
    assert dict(zip(finance["fact_id"], finance["value_text"], strict=True))["F-CO-016"] == "$22.2 bn+"
    membership = q.topic_figures(con, ALL, "coalition_membership").frame
    assert by(membership, "metric") == {"members": 68}


def test_a_duplicate_figure_is_shown_once(con):
    # C-CO-02: "31 عضواً" (milestone) and "ما لا يقل عن 31 دولة" (statistics): charts use F-CO-058.
    ftf = q.topic_figures(con, ALL, "coalition_ftf").frame
    rows = ftf[ftf["metric"] == "states_traveller_screening"]
    assert list(rows["fact_id"]) == ["F-CO-058"] and list(rows["value_text"]) == ["≥ 31"]


@pytest.mark.parametrize("f", [Filters(), Filters(years=(2016, 2019), lang="ar"), Filters(years=(2014, 2014)),
                               Filters(actors=("MAR",)), Filters(topics=("cted_visits",)), Filters(years=(2030, 2031))])
def test_topic_figures_of_several_topics_is_each_topics_own_query(con, f):
    """The pack's one query for every topic view gives each topic the rows its own query gives:
    rows, order and column types (an empty or all-missing column included), as a frame too."""
    topics = [*q.LINES_OF_EFFORT, "cted_visits", "cted_activity", "no_such_topic"]
    frames = q.topic_figures_of(con, f, topics)
    assert list(frames) == topics
    for topic in topics:
        own = q.topic_figures(con, f, topic)
        assert (frames[topic].columns, frames[topic].types, frames[topic].data) == (own.columns, own.types, own.data)
        pd.testing.assert_frame_equal(frames[topic].frame, own.frame, check_exact=True)


def test_country_visits_and_map(con):
    visits = q.country_visits(con, ALL).frame
    assert {(r.actor_id, str(r.date_start)[:7]) for r in visits.itertuples()} >= {("TJK", "2017-02"), ("TKM", "2017-11")}
    per_country = q.visits_by_country(con, ALL).frame
    assert per_country["visits"].sum() == len(visits)
    assert per_country["iso3"].str.fullmatch(r"[A-Z]{3}").all()
    assert q.country_visits(con, Filters(years=(2018, 2019))).frame.empty


def test_timeline_counts_agree_and_filters_narrow(con):
    timeline = q.event_timeline(con, ALL).frame
    counts = q.events_per_year_body(con, ALL).frame
    assert counts["events"].sum() == len(timeline) == con.execute("SELECT count(*) FROM events").fetchone()[0]
    cted = q.event_timeline(con, Filters(years=(1900, 2100), actors=("CTED",))).frame
    assert 0 < len(cted) < len(timeline)
    coalition = q.event_timeline(con, Filters(years=(1900, 2100), topics=("coalition_military",))).frame
    assert set(coalition["body_group"]) == {"coalition"}
    y2017 = q.event_timeline(con, Filters(years=(2017, 2017))).frame
    assert set(y2017["year"]) <= {2016, 2017} and 2017 in set(y2017["year"])


def test_fact_year_filter_takes_every_fact_whose_span_overlaps(con):
    """A fact counts in every year its span touches: its year, else its period, else its
    source's period (F-GL-001 runs 2015-09-01 to 2019-09-30)."""
    spans = dict((r[0], (r[1], r[2])) for r in con.execute("""
        SELECT f.fact_id,
               coalesce(f.year, year(f.period_start), year(f.period_end), year(s.period_start)),
               coalesce(f.year, year(f.period_end), year(f.period_start), year(s.period_end))
        FROM facts f JOIN sources s USING (source_id)""").fetchall())
    assert spans["F-GL-001"] == (2015, 2019)
    for year in (2015, 2017, 2019, 2020):
        got = set(tq.explorer_rows(con, Filters(years=(year, year)), "facts").frame["fact_id"])
        want = {i for i, (a, b) in spans.items() if (b is None or b >= year) and (a is None or a <= year)}
        assert got == want, year
    assert "F-GL-001" in got_in(con, 2017) and "F-GL-001" not in got_in(con, 2020)


def got_in(con, year: int) -> set[str]:
    return set(tq.explorer_rows(con, Filters(years=(year, year)), "facts").frame["fact_id"])


def test_event_year_filter_uses_the_end_date(con):
    """E-CR-003 runs from 2016-12-13 to 2017-12-12: it is in 2017 (by its end) and in 2016 (by its start),
    and in neither 2015 nor 2018; events without an end date are in their start year only."""
    def ids(y0: int, y1: int) -> set[str]:
        return set(q.event_timeline(con, Filters(years=(y0, y1))).frame["event_id"])

    assert "E-CR-003" in ids(2017, 2017) and "E-CR-003" in ids(2016, 2016)
    assert "E-CR-003" not in ids(2015, 2015) and "E-CR-003" not in ids(2018, 2018)
    spans = con.execute("SELECT event_id, year(date_start), year(coalesce(date_end, date_start)) FROM events").fetchall()
    for year in (2016, 2017, 2018):
        assert ids(year, year) == {e for e, a, b in spans if a <= year <= b}, year


def test_facts_by_topic_counts_every_fact(con):
    frame = q.facts_by_topic(con, ALL).frame
    assert frame["facts"].sum() == con.execute("SELECT count(*) FROM facts").fetchone()[0]


def test_headline_figures(con):
    frame = q.headline_figures(con, ALL).frame
    text = {(r.body_group, r.metric): r.value_text for r in frame.itertuples()}
    assert text[("un", "visits")] == "182+"  # the widest period wins over the 18 of 2016-17
    assert text[("gctf", "expert_meetings")] == "65+"
    assert text[("coalition", "members")] == "68"
    assert text[("gctf", "members")] == "30"
    assert not frame.duplicated(["body_group", "metric"]).any()
    assert frame["year"].isna().all()
    assert set(frame["body_group"]) == {"gctf", "un", "coalition"}


def test_arabic_labels(con):
    frame = q.meeting_period_totals(con, Filters(years=(1900, 2100), lang="ar")).frame
    assert all(any("\u0600" <= ch <= "\u06ff" for ch in label) for label in frame["label"])
    assert any("\u0600" <= ch <= "\u06ff" for ch in frame["source_title"].iloc[0])
    names = q.actor_names(con, "ar").frame
    assert names.set_index("actor_id").loc["MAR", "name"] == "المغرب"


def test_working_groups_and_chairs(con):
    groups = q.working_groups_list(con, ALL).frame
    assert set(groups["forum"]) == {"GCTF", "Coalition", "UN Global Compact"}
    assert len(groups) == con.execute("SELECT count(*) FROM working_groups").fetchone()[0]
    chairs = q.wg_chairs_timeline(con, ALL).frame
    hoa = chairs[chairs["wg_id"] == "gctf-hoa"]
    assert set(hoa["actor_id"]) == {"EU", "TUR"} and hoa["dated"].all()
    assert {str(d) for d in hoa["bar_start"]} == {"2015-09-01"} and {str(d) for d in hoa["bar_end"]} == {"2017-09-30"}
    roles = q.actor_roles(con, ALL).frame
    cted = roles[roles["actor_id"] == "CTED"].set_index("role")["groups"].to_dict()
    assert cted == {"chair": 1, "co_chair": 1, "vice_chair": 3}  # the UN Global Compact groups
    only_turkey = q.working_groups_list(con, Filters(years=(1900, 2100), actors=("TUR",))).frame
    assert list(only_turkey["wg_id"]) == ["gctf-hoa"]


def test_data_quality_notes(con):
    notes = q.data_quality_notes(con, ALL).frame.set_index("conflict_id")
    assert "C-GL-01" in notes.index
    assert "F-GL-014" in notes.loc["C-GL-01", "quote"] and "F-GL-021" in notes.loc["C-GL-01", "quote"]
    assert notes["description"].notna().all()


def test_data_quality_notes_say_what_is_shown_in_the_filters_language(con):
    """`shown` comes in the filters' language, as `description` does: Arabic decks, packs and the
    app's notes table read it from there."""
    en = q.data_quality_notes(con, ALL).frame.set_index("conflict_id")
    ar = q.data_quality_notes(con, Filters(years=ALL.years, lang="ar")).frame.set_index("conflict_id")
    stored = dict(con.execute("SELECT conflict_id, shown_ar FROM conflicts").fetchall())
    english = dict(con.execute("SELECT conflict_id, shown FROM conflicts").fetchall())
    assert en["shown"].to_dict() == english
    assert ar["shown"].to_dict() == stored
    assert ar.loc["C-GL-02", "shown"].startswith("F-GL-005: ") and "أكثر من 65" in ar.loc["C-GL-02", "shown"]
    assert ar.loc["C-KC-03", "shown"].startswith("لا ترجيح: ")


def test_sources_list(con):
    frame = q.sources_list(con, ALL).frame
    assert len(frame) == 5
    assert frame["facts"].sum() == con.execute("SELECT count(*) FROM facts").fetchone()[0]
    narrow = q.sources_list(con, Filters(years=(2022, 2022))).frame
    assert narrow["facts"].sum() < frame["facts"].sum()


def test_year_bounds(con):
    lo, hi = q.year_bounds(con)
    first_event = con.execute("SELECT min(year(date_start)) FROM events").fetchone()[0]
    assert lo <= first_event and hi >= 2022


def test_explorer_rows(con):
    facts = tq.explorer_rows(con, ALL, "facts", {"topic": ["cted_visits"]}, "").frame
    assert set(facts["topic"]) == {"cted_visits"}
    assert list(facts.columns)[:3] == ["fact_id", "source_id", "topic"]
    found = tq.explorer_rows(con, ALL, "facts", {}, "182").frame
    assert "F-CA-002" in set(found["fact_id"])
    # Text and facet values are bound parameters: SQL in them is just text.
    assert tq.explorer_rows(con, ALL, "actors", {"kind": ["state' OR '1'='1"]}, "").frame.empty
    assert tq.explorer_rows(con, ALL, "actors", {}, "'; DROP TABLE actors; --").frame.empty
    with pytest.raises(ValueError):
        tq.explorer_rows(con, ALL, "facts; DROP TABLE facts", {}, "")
    assert "topic" in tq.facet_values(con, "facts")


def test_every_curated_quote_is_found_in_its_source(con):
    for source_id in con.execute("SELECT source_id FROM sources").df()["source_id"]:
        text = tq.source_text(con, source_id)
        rows = tq.source_quotes(con, source_id)
        spans = highlight.quote_spans(text, zip(rows["row_id"], rows["quote"], strict=True))
        assert set(rows["row_id"]) == set(spans), source_id


def test_unused_and_missing_parameters(con):
    assert q.run(con, "SELECT $a AS a", {"a": 1, "b": 2}).frame["a"].tolist() == [1]
    with pytest.raises(KeyError):
        q.run(con, "SELECT $a AS a", {})


@pytest.mark.parametrize(("value", "qualifier", "unit", "lang", "text"), [
    (182, "exact", "count", "en", "182"),
    (182, "more_than", "count", "en", "182+"),
    (26, "at_least", "count", "en", "≥ 26"),
    (90000, "about", "people", "en", "≈ 90,000"),
    (50, "fewer_than", "percent", "en", "< 50%"),
    (3, "up_to", "count", "en", "≤ 3"),
    (10000, "vague", "people", "en", "tens of thousands (vague)"),
    (10000, "vague", "people", "ar", "عشرات الآلاف (تقدير غير محدد)"),
    # between powers of ten: the magnitude is the power below
    (20, "vague", "count", "en", "tens (vague)"),
    (99, "vague", "count", "en", "tens (vague)"),
    (350, "vague", "count", "en", "hundreds (vague)"),
    (9999, "vague", "count", "en", "thousands (vague)"),
    (50000, "vague", "people", "en", "tens of thousands (vague)"),
    (250000, "vague", "people", "ar", "مئات الآلاف (تقدير غير محدد)"),
    (3e6, "vague", "usd", "en", "millions of dollars (vague)"),
    (33.3, "exact", "percent", "en", "33.3%"),
    (22.2e9, "more_than", "usd", "en", "$22.2 bn+"),
    (43e6, "exact", "usd", "en", "$43 m"),
    (None, "exact", "count", "en", ""),
])
def test_qualified_text(value, qualifier, unit, lang, text):
    from ctdash.qualifiers import qualified_text

    assert qualified_text(value, qualifier, unit, lang) == text


def test_export_parquet(tmp_path: Path):
    path = db.build(None, tmp_path / "x.duckdb")
    written = tq.export_parquet(path, tmp_path / "pq")
    assert {p.stem for p in written} >= {"facts", "events", "sources"}
    count = duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path / 'pq' / 'facts.parquet'}')").fetchall()[0][0]
    assert count > 0


@pytest.mark.parametrize("limit", [1, 3, 400])
def test_head_cuts_in_duckdb_exactly_what_the_full_query_starts_with(con, limit):
    """q.head returns the first rows of every view in the same order, the full row count, and
    the sources of every row (so the source line of a capped chart names them all)."""
    from ctdash.views import REGISTRY

    for f in (Filters(), Filters(years=(2015, 2019), lang="ar"), Filters(actors=("MAR",))):
        for view in REGISTRY:
            full = view.data(con, f)
            head, info = q.head(view.data, con, f, limit=limit)
            assert (head.columns, head.data) == (full.columns, full.data[:limit]), (view.id, f)
            assert info.rows == len(full), view.id
            sources = head if info.sources is None else info.sources
            assert view.caption(sources, f.lang) == view.caption(full, f.lang), (view.id, f)
    view = REGISTRY[0]
    q.head(view.data, con, Filters(), limit=1)
    assert len(view.data(con, Filters())) > 1  # the cut never leaks into the next query


def test_an_event_with_no_body_says_so_in_words(con):
    """E-CA-001's sentence names no body: its body reads as such in either language, never "?"."""
    for lang, want in (("en", "body not named in the source"), ("ar", "جهة لم يسمّها المصدر")):
        frame = q.event_timeline(con, Filters(years=(1900, 2100), lang=lang)).frame
        assert frame.set_index("event_id").loc["E-CA-001", "body_name"] == want
        assert "?" not in set(q.events_per_year_body(con, Filters(years=(1900, 2100), lang=lang)).frame["body_name"])
