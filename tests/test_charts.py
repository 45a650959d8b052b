"""Every view's figure as the app draws it (its description rendered by `ctdash.plot`): each mark
carries its own figure and text, qualifiers on the marks, Arabic mirrored, units apart."""

from __future__ import annotations

import html
import json
from collections import Counter

import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from ctdash import describe, plot, views
from ctdash.filters import Filters
from ctdash.labelwrap import label_room, wrap
from ctdash.rowset import Rows

ALL_EN = Filters(years=(1900, 2100))
ALL_AR = Filters(years=(1900, 2100), lang="ar")



def figure_of(view: views.View, frame: Rows, lang: str) -> go.Figure | None:
    """The view's figure as the app draws it: its description rendered by Plotly."""
    chart = view.describe(frame, lang)
    return None if chart is None else plot.figure(chart)


def marks_text(fig: go.Figure) -> str:
    """Everything written on the marks and in the annotations."""
    bits = []
    for trace in fig.data:
        for attr in ("text", "hovertext"):
            value = getattr(trace, attr, None)
            if value is not None:
                bits.extend(map(str, value) if not isinstance(value, str) else [value])
    bits.extend(a.text or "" for a in fig.layout.annotations)
    return "\n".join(bits)


def fact_frame(rows: list[dict]) -> Rows:
    base = {"label": "x", "value": 1.0, "unit": "count", "qualifier": "exact", "period_start": None,
            "period_end": None, "year": None, "source_title": "S", "quote": "q"}
    frame = Rows.of([{**base, **r} for r in rows])
    from ctdash.qualifiers import add_value_text

    return add_value_text(frame, "en")


@pytest.mark.parametrize("view", views.REGISTRY, ids=lambda v: v.id)
@pytest.mark.parametrize("f", [ALL_EN, ALL_AR], ids=["en", "ar"])
def test_every_registry_chart_builds(con, view, f):
    frame = view.data(con, f)
    fig = figure_of(view, frame, f.lang)
    if view.kind != "chart":
        assert fig is None
        return
    assert isinstance(fig, go.Figure) and len(fig.data) >= 1
    assert fig.layout.title.text == view.title(f.lang)
    json.loads(fig.to_json())  # serialisable as Streamlit sends it
    if "value_text" in frame.columns and view.id not in ("visits_map",):
        on_axis = [r["value_text"] for r in frame.records() if r["qualifier"] != "vague"]
        text = marks_text(fig)
        assert all(plot.escaped(v) in text for v in on_axis), view.id  # Plotly gets "&lt;" for "<"
    want = expected_points(view.id, frame, f.lang)
    if want is not None:
        assert drawn_points(fig) == want, view.id


def _flat(text: object) -> str:
    """A category or mark text as the reader sees it: without plotly's line breaks, entities read
    (data text reaches Plotly escaped), whitespace-insensitive."""
    return "".join(html.unescape(str(text).replace("<br>", "")).split())


def drawn_points(fig: go.Figure) -> Counter:
    """(trace name, category, value, text on the mark) of every bar and marker of a category chart:
    each figure is tied to its own bar and its own label."""
    out: Counter = Counter()
    for tr in fig.data:
        if tr.type not in ("bar", "scatter"):
            continue
        horizontal = tr.type == "bar" and tr.orientation == "h"
        cats, vals = (tr.y, tr.x) if horizontal else (tr.x, tr.y)
        texts = tr.text if tr.text is not None and not isinstance(tr.text, str) else [tr.text] * len(cats)
        for c, v, txt in zip(cats, vals, texts, strict=True):
            if isinstance(txt, int | float) and float(txt).is_integer():
                txt = int(txt)  # plotly.js writes a number 3.0 as "3"
            out[(_flat(tr.name or ""), _flat(c), float(v), _flat(txt))] += 1
    return out


def _cat(label: object, ps: object, pe: object, y: object, lang: str, precision: object = None) -> str:
    period = describe.period_text(ps, pe, y, lang, precision)
    return _flat(f"{label} ({period})" if period else label)


def expected_points(view_id: str, frame: Rows, lang: str) -> Counter | None:
    """What the query says each mark of the view's chart is: None for charts on a date axis or a map."""
    from ctdash.i18n import t, topic_label, vocab

    rows = frame.records()
    if view_id in BY_UNIT:
        return Counter((_flat(vocab("unit", r["unit"], lang)), _cat(r["label"], r["period_start"], r["period_end"],
                        r["year"], lang, r.get("date_precision")), float(r["value"]),
                        _flat(r["value_text"])) for r in rows if r["qualifier"] != "vague")
    if view_id == "expert_meetings":
        return Counter(
            (_flat(t("shown_reading", lang)), str(r["year"]), float(r["value"]), _flat(r["value_text"])) if r["shown"]
            else (_flat(t("alternative_reading", lang)), str(r["year"]), float(r["value"]),
                  _flat(f"{r['value_text']} ({t('alternative_reading', lang)})"))
            for r in rows)
    if view_id == "wg_plenaries":
        return Counter((_flat(vocab("status", r["status"], lang)),
                        _cat(r["wg_name"], r["period_start"], r["period_end"], None, lang), float(r["value"]),
                        _flat(r["value_text"])) for r in rows)
    if view_id == "facts_by_topic":
        return Counter((_flat(vocab("qualifier", r["qualifier"], lang)), _flat(topic_label(r["topic"], lang)),
                        float(r["facts"]), str(r["facts"])) for r in rows)
    if view_id == "events_per_year":
        return Counter((_flat(r["body_name"]), str(r["year"]), float(r["events"]), str(r["events"])) for r in rows)
    if view_id == "actor_roles":
        return Counter((_flat(vocab("role", r["role"], lang)), _flat(r["actor_name"]), float(r["groups"]),
                        str(r["groups"])) for r in rows)
    if view_id in ("timeline", "country_visits", "wg_chairs", "visits_map"):
        return None
    raise AssertionError(f"no check of the marks of view {view_id!r}: add one")


BY_UNIT = {"period_totals", "cted_visits", "cted_activity", *(v.id for v in views.REGISTRY if v.title_args)}


def test_mark_check_catches_a_label_on_the_wrong_bar(con):
    """The per-bar comparison fails when data labels are shifted by one or categories reversed."""
    view = views.BY_ID["cted_visits"]
    frame = view.data(con, ALL_EN)
    fig = figure_of(view, frame, "en")
    want = expected_points(view.id, frame, "en")
    assert drawn_points(fig) == want
    bar = fig.data[0]
    shifted = go.Figure(fig)
    shifted.data[0].text = list(bar.text[1:]) + list(bar.text[:1])
    assert drawn_points(shifted) != want
    reversed_ = go.Figure(fig)
    reversed_.data[0].y = list(bar.y)[::-1]
    assert drawn_points(reversed_) != want


@pytest.mark.parametrize("view", views.charts_of_page("meetings") + views.charts_of_page("working_groups"),
                         ids=lambda v: v.id)
def test_arabic_layout_is_mirrored(con, view):
    fig_ar = figure_of(view, view.data(con, ALL_AR), "ar")
    fig_en = figure_of(view, view.data(con, ALL_EN), "en")
    assert fig_ar.layout.xaxis.autorange == "reversed"
    assert fig_ar.layout.yaxis.side == "right"
    assert fig_ar.layout.legend.xanchor == "right" and fig_ar.layout.title.xanchor == "right"
    assert fig_en.layout.xaxis.autorange is True
    assert fig_en.layout.yaxis.side == "left" and fig_en.layout.legend.xanchor == "left"
    assert "Arabic" in fig_ar.layout.font.family


def test_qualifiers_on_the_marks(con):
    fig = figure_of(views.BY_ID["cted_visits"], views.BY_ID["cted_visits"].data(con, ALL_EN), "en")
    assert "182+" in marks_text(fig) and "112+" in marks_text(fig)
    military = views.BY_ID["coalition_military"]
    fig = figure_of(military, military.data(con, ALL_EN), "en")
    assert "≈ 90,000" in marks_text(fig) and "19,000+" in marks_text(fig)


def test_vague_rows_stay_off_the_axis():
    frame = fact_frame([
        {"label": "airstrikes", "value": 19000, "qualifier": "more_than"},
        {"label": "fighters removed", "value": 10000, "qualifier": "vague", "unit": "people"},
    ])
    fig = plot.figure(describe.by_unit(frame, "en", "t"))
    plotted = [v for trace in fig.data for v in trace.x]
    assert plotted == [19000]
    assert "fighters removed: tens of thousands (vague)" in marks_text(fig)


def test_distinct_units_never_share_an_axis():
    frame = fact_frame([
        {"label": "funding", "value": 22.2e9, "unit": "usd", "qualifier": "more_than"},
        {"label": "territory", "value": 14000, "unit": "km2"},
        {"label": "area", "value": 2000, "unit": "km2"},
    ])
    fig = plot.figure(describe.by_unit(frame, "en", "t"))
    axes = {trace.xaxis for trace in fig.data}
    assert len(fig.data) == 2 and len(axes) == 2
    titles = {fig.layout[k].title.text for k in fig.layout if k.startswith("xaxis")}
    assert {"US dollars", "km²"} <= titles


def test_expert_meetings_shows_the_contradiction(con):
    view = views.BY_ID["expert_meetings"]
    fig = figure_of(view, view.data(con, ALL_EN), "en")
    bars = [t for t in fig.data if t.type == "bar"][0]
    assert list(bars.x) == ["2016", "2017", "2018", "2019"] and list(bars.y) == [18, 11, 13, 23]
    alternative = [t for t in fig.data if t.type == "scatter"][0]
    assert list(alternative.x) == ["2017"] and list(alternative.y) == [18]
    assert any("C-GL-01" in (a.text or "") for a in fig.layout.annotations)
    # the annotation sits on the 2017 category by index (a "2017" string would be read as a number)
    assert all(isinstance(a.x, int) and a.x == 1 for a in fig.layout.annotations if "C-GL-01" in (a.text or ""))


def test_empty_frames_give_an_empty_figure_with_a_note():
    for build in (describe.by_unit, describe.readings, describe.plenaries, describe.timeline,
                  describe.wg_chairs, describe.events_per_year, describe.facts_by_topic, describe.actor_roles):
        fig = plot.figure(build(Rows.of([]), "ar", "title"))
        assert "لا شيء" in marks_text(fig)


def test_map_uses_shipped_geometry(con):
    view = views.BY_ID["visits_map"]
    fig = figure_of(view, view.data(con, ALL_EN), "en")
    choropleth = fig.data[0]
    assert choropleth.locationmode == "ISO-3" and set(choropleth.locations) >= {"TJK", "TKM"}
    assert fig.layout.geo.resolution == 110  # world_110m.json, served from static/topojson
    from ctdash.db import ROOT
    from ctdash.ui import TOPOJSON_URL

    assert TOPOJSON_URL.startswith("/app/static/") and (ROOT / "static/topojson/world_110m.json").exists()


def test_period_text():
    assert describe.period_text("2015-09-01", "2019-09-30") == "2015-09-01 – 2019-09-30"
    assert describe.period_text(None, "2022-09-30") == "as of 2022-09-30"
    assert describe.period_text(None, "2022-09-30", lang="ar") == "حتى 30 سبتمبر 2022"  # words: ISO reorders in RTL
    assert describe.period_text(None, None, 2017) == "2017"


def test_long_labels_make_a_bars_chart_taller_not_crowded():
    """The CTED activity figures (four-line Arabic labels) overlapped at 48 px a row."""
    short = fact_frame([{"label": "x", "value": 1.0}, {"label": "y", "value": 2.0}])
    long = fact_frame([{"label": "x", "value": 1.0}, {"label": "word " * 40, "value": 2.0}])
    charts = [describe.by_unit(frame, "en", "t") for frame in (short, long)]
    assert charts[0].height == charts[1].height and charts[0].row_px == 48
    heights = [plot.figure(c).layout.height for c in charts]
    assert heights[1] - heights[0] == label_room([wrap("word " * 40)], 48) > 0


# ---------------------------------------------------------------- issue 14: markup in the data is text

LINK = '<a href="http://evil.example/">Morocco</a>'
SHOWN_TEXT = ("label", "title", "wg_name", "actor_name", "country", "body_name", "source_title", "role_text", "name")


def _strings(node: object):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
    elif isinstance(node, list | tuple):
        for v in node:
            yield from _strings(v)


def test_markup_in_the_data_reaches_plotly_as_text(con) -> None:
    """A label holding `<a href=...>` is drawn as those characters, not as a link, by every chart
    (the app and the HTML pack draw their figures through `plot.figure`)."""
    reached = []
    for view in (v for v in views.REGISTRY if v.kind == "chart"):
        frame = view.data(con, ALL_EN)
        for col in SHOWN_TEXT:
            if col in frame.columns:
                frame = frame.with_column(col, [f"{LINK} {v}" if isinstance(v, str) else v for v in frame.column(col)])
        fig = figure_of(view, frame, "en")
        texts = list(_strings(fig.to_plotly_json()))
        assert not [s for s in texts if "<a" in s], view.id
        if any("&lt;a href=" in s for s in texts):
            reached.append(view.id)
    assert len(reached) >= 8, reached  # the hostile text did reach most charts, escaped


@settings(max_examples=300, deadline=None)
@given(hst.lists(hst.text(max_size=40), min_size=1, max_size=5))
def test_escape_chart_keeps_the_text_and_drops_the_markup(texts: list[str]) -> None:
    from ctdash.chartdesc import BARS_BY_UNIT, Chart, Evidence, Hover, Panel, Series

    series = Series("n", "figure", list(texts), [float(i) for i in range(len(texts))], list(texts),
                    [Hover(x, (x,), evidence=(Evidence("note", "Note", x),)) for x in texts])
    chart = Chart(BARS_BY_UNIT, "t", "en", panels=[Panel([series])], off_axis=[(x, x) for x in texts])
    out = plot.escape_chart(chart)
    assert chart.panels[0].series[0].categories == texts  # the description itself is left as it is
    shown = out.panels[0].series[0]
    assert shown.values == series.values
    for raw, *escaped in zip(texts, shown.categories, shown.texts, [h.title for h in shown.hovers],
                             [h.evidence[0].text for h in shown.hovers], [a for a, _ in out.off_axis], strict=True):
        for text in escaped:
            assert "<" not in text and ">" not in text and html.unescape(text) == raw


def test_arabic_hovers_read_right_to_left_with_english_isolated(con):
    """Every line of an Arabic hover is a right-to-left isolate (Plotly lays hover boxes out left
    to right, which scrambles "1 سبتمبر 2015 – …"), the English translation inside it a
    left-to-right one, and the box is right-aligned; English hovers carry no isolates."""
    for lang in ("ar", "en"):
        view = views.BY_ID["timeline"]
        fig = figure_of(view, view.data(con, Filters(years=(1900, 2100), lang=lang)), lang)
        hovers = [h for tr in fig.data for h in (tr.hovertext or [])]
        assert hovers and any("<i>" in h for h in hovers)  # the translation is there
        lines = [line for h in hovers for line in h.split("<br>")]
        if lang == "ar":
            assert all(line.startswith("\u2067") and line.endswith("\u2069") for line in lines)
            assert any("\u2066" in line for line in lines) and fig.layout.hoverlabel.align == "right"
        else:
            assert not any(ch in h for h in hovers for ch in "\u2066\u2067\u2069")


def test_small_count_axes_step_by_one(con):
    """A count axis up to 8 ticks every whole number (Plotly would otherwise put ticks at 0.5);
    a larger one keeps Plotly's steps but writes whole numbers."""
    view = views.BY_ID["actor_roles"]
    frame = view.data(con, ALL_EN)
    fig = figure_of(view, frame, "en")
    top = frame.frame.groupby("actor_name")["groups"].sum().max()
    assert top <= 8 and fig.layout.xaxis.dtick == 1 and fig.layout.xaxis.tickformat == ",d"
    view = views.BY_ID["expert_meetings"]
    fig = figure_of(view, view.data(con, ALL_EN), "en")
    assert fig.layout.yaxis.dtick is None and fig.layout.yaxis.tickformat == ",d"
