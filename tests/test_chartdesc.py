"""One description, three renderers: a chart written by hand as plain data (no query, no view)
is drawn the same by Plotly (the app and the HTML pack) and by python-pptx (the deck)."""

from __future__ import annotations

import dataclasses

from ctdash import deck, plot
from ctdash.chartdesc import BARS_BY_UNIT, READINGS, Chart, Hover, Panel, Series


def hand_made() -> Chart:
    visits = Series("visits", "figure", ["visits to states (2005 – 2022)", "states visited"], [182.0, 112.0],
                    ["182+", "112+"], [Hover("visits"), Hover("states")])
    money = Series("US dollars", "figure", ["funding"], [22.2e9], ["$22.2 bn+"], [Hover("funding")], color=1)
    return Chart(BARS_BY_UNIT, "Hand-made", "en", panels=[Panel([visits], name="visits", value_title="visits"),
                                                          Panel([money], name="US dollars", value_title="US dollars")],
                 off_axis=[("fighters", "tens of thousands (vague)")], off_axis_title="Not on the axis", height=400)


def test_plotly_draws_each_mark_with_its_own_text() -> None:
    fig = plot.figure(hand_made())
    assert [list(zip(tr.y, tr.x, tr.text, strict=True)) for tr in fig.data] == [
        [("visits to states (2005 – 2022)", 182.0, "182+"), ("states visited", 112.0, "112+")],
        [("funding", 22.2e9, "$22.2 bn+")]]
    assert {fig.layout.xaxis.title.text, fig.layout.xaxis2.title.text} == {"visits", "US dollars"}  # one axis each
    assert "fighters: tens of thousands (vague)" in fig.layout.annotations[0].text


def test_the_deck_draws_the_same_panels() -> None:
    panels, instead = deck.panels_of(hand_made())
    assert instead == ""
    assert [(p.name, p.categories, [(s.values, s.labels) for s in p.series]) for p in panels] == [
        ("visits", ["visits to states (2005 – 2022)", "states visited"], [([182.0, 112.0], ["182+", "112+"])]),
        ("US dollars", ["funding"], [([22.2e9], ["$22.2 bn+"])])]


def test_a_contradicting_passage_is_a_second_series_not_a_stack() -> None:
    shown = Series("shown", "shown", ["2016", "2017"], [18.0, 11.0], ["18", "11"])
    other = Series("other passage", "other_passage", ["2017"], [18.0], ["18 (other passage)"], mark="marker")
    chart = Chart(READINGS, "Meetings", "ar", panels=[Panel([shown, other], horizontal=False, sort_categories=True)])
    (panel,), _ = deck.panels_of(chart)
    assert panel.kind == "column" and not panel.stacked and panel.categories == ["2016", "2017"]
    assert [s.values for s in panel.series] == [[18.0, 11.0], [None, 18.0]]
    fig = plot.figure(chart)
    assert fig.layout.xaxis.autorange == "reversed"  # Arabic: mirrored
    assert [tr.type for tr in fig.data] == ["bar", "scatter"]


def test_a_kind_without_categories_falls_back_to_its_summary() -> None:
    chart = dataclasses.replace(hand_made(), kind="map", summary=Panel([Series("visits", "visits", ["TJK"], [2.0], ["2"])]),
                                instead="Shown as bars")
    (panel,), instead = deck.panels_of(chart)
    assert instead == "Shown as bars" and panel.categories == ["TJK"] and panel.series[0].labels == ["2"]
