"""A chart that travels (issue 15): its image's name, its subtitle (the filters in words), the
one-sentence summary written from its description, the "Cite this chart" line, the figure's own
title block, and Arabic blocks marked lang="ar"."""

from __future__ import annotations

from datetime import date

import pytest
from support.apptest import app, no_exception

from ctdash import cite, plot, views
from ctdash.filters import Filters

F = Filters(years=(2016, 2019))


def test_slugs_and_image_names() -> None:
    assert cite.slug("GCTF expert meetings per year") == "gctf-expert-meetings-per-year"
    assert cite.slug("Coalition: stabilisation (Iraq & Syria)") == "coalition-stabilisation-iraq-syria"
    assert cite.slug("اجتماعات") == "chart"
    assert cite.image_name(views.BY_ID["expert_meetings"].file_slug, F) == "gctf-expert-meetings_2016-2019"
    f = Filters(years=(2015, 2020), actors=("MAR", "NLD"), topics=("cted_visits",), lang="ar")
    assert cite.image_name("cted-visits", f) == "cted-visits_2015-2020_MAR-NLD_1topics_ar"
    slugs = [v.file_slug for v in views.REGISTRY]
    assert len(set(slugs)) == len(slugs) and all(s and s == cite.slug(s) for s in slugs)


def test_filters_in_words_and_the_cite_line() -> None:
    f = Filters(years=(2016, 2019), actors=("MAR",))
    assert cite.filters_words(f, {"MAR": "Morocco"}) == "2016–2019 · Morocco · all topics"
    ar = cite.filters_words(Filters(years=(2016, 2019), lang="ar"))
    assert ar.startswith("من 2016 إلى 2019 · ")  # in words: a dash would read "2019–2016" right to left
    line = cite.cite_line("GCTF expert meetings per year", F, "Source: Legacy paper — GCTF, 1 June 2019",
                          "http://x/meetings?years=2016-2019", today=date(2026, 12, 1))
    assert line == ("GCTF expert meetings per year. Filters: 2016–2019 · all states and organisations · all topics. "
                    "Source: Legacy paper — GCTF, 1 June 2019. ctdash, accessed 2026-12-01. "
                    "http://x/meetings?years=2016-2019")
    ar_line = cite.cite_line("عنوان", Filters(years=(2016, 2019), lang="ar"), "", "u", today=date(2026, 12, 1))
    assert "1 ديسمبر 2026" in ar_line  # a date in words: an ISO date reorders in Arabic
    assert ar_line.endswith(". \u2066u\u2069")  # the link isolated left to right: its "?" stays in place


@pytest.mark.parametrize("view_id,lang,expected", [
    ("expert_meetings", "en", "GCTF expert meetings per year: 4 figures, from 2016 to 2019; the largest is 23 (2019)."),
    ("expert_meetings", "ar", "أكبرها 23 (2019)"),
    ("period_totals", "en", "the largest is 65+ (GCTF expert meetings in the past four years"),
    ("facts_by_topic", "en", "categories, from 2016 to 2019; the largest is"),
    ("timeline", "en", "dated entries in"),
])
def test_summary_sentence(con, view_id: str, lang: str, expected: str) -> None:
    view = views.BY_ID[view_id]
    frame = view.data(con, Filters(years=(2016, 2019), lang=lang))
    chart = view.describe(frame, lang)
    text = cite.summary(chart, (2016, 2019), len(frame))
    assert expected in text, text
    assert text.startswith(view.title(lang)) and text.count(".") >= 1


def test_the_figure_carries_title_filters_and_source(con) -> None:
    view = views.BY_ID["expert_meetings"]
    chart = view.describe(view.data(con, F), "en")
    fig = plot.headed(plot.figure(chart), "A <b>title</b>", "2016–2019 · all", "Source: S", "en")
    title = fig.layout.title
    assert title.text == "<b>A &lt;b&gt;title&lt;/b&gt;</b>"  # escaped
    assert title.subtitle.text == "2016–2019 · all<br>Source: S"
    assert fig.layout.margin.t >= 42 + 2 * 16
    ar = plot.headed(plot.figure(chart), "عنوان", "٢٠١٦", "المصدر: س", "ar").layout.title
    assert ar.xanchor == "right" and ar.subtitle.text.startswith("\u2067")  # right-to-left lines


def test_arabic_blocks_are_marked() -> None:
    at = app({"lang": "ar"}, page="overview")
    no_exception(at)
    bodies = [h.proto.body for h in at.get("html")]
    tiles = [b for b in bodies if 'class="ct-tiles"' in b]
    assert tiles and 'lang="ar"' in tiles[0]
    summaries = [b for b in bodies if 'class="ct-sum"' in b]
    assert summaries and all('lang="ar"' in b and 'dir="rtl"' in b for b in summaries)
