"""The deck's charts written as one string (`ctdash.chartxml`) are the charts python-pptx and the
former styling through its proxies wrote for the same panel (`tests/support/oldchart.py`): the
same chart part XML, canonicalised, and the same workbook; and python-pptx reads them back."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from support import oldchart

from ctdash import chartxml, deck, palette
from ctdash.deck import DeckSeries, Panel

TEXTS = ["182+", "=1+1", "a & <b> \"q\" 'x'", "المغرب", "2016", "ٍ‏20+‏", " ", "x" * 80, "≈ 3", "+1+1"]
LABELS = [*TEXTS, "two\nlines", "soft\vbreak", "bell\x07", "tab\there", "", "1"]


def _new_parts(panel: Panel, rtl: bool, latin: bool, legend: bool) -> tuple[bytes, bytes]:
    d = deck._Deck(None, "ar" if rtl else "en")
    d.style = chartxml.Style(rtl=rtl, latin=latin)
    page, _ = d.new_slide("title", "view")
    d.chart(page, panel, (0, 0, 9000000, 5000000), "view:0:0", legend)
    part = next(r.target_part for r in page.part.rels.values() if r.reltype == RT.CHART)
    book = next(r.target_part for r in part.rels.values() if r.reltype == RT.PACKAGE)
    return part.blob, book.blob


@hst.composite
def panels(draw) -> Panel:
    cats = draw(hst.lists(hst.sampled_from(TEXTS) | hst.text(hst.characters(min_codepoint=32, max_codepoint=0x6ff),
                                                            min_size=1, max_size=12),
                          min_size=1, max_size=12, unique=True))
    series = []
    for k in range(draw(hst.integers(1, 10))):
        values = draw(hst.lists(hst.none() | hst.floats(-50, 5000, allow_nan=False) | hst.integers(0, 12).map(float),
                                min_size=len(cats), max_size=len(cats)))
        labels = draw(hst.lists(hst.sampled_from(LABELS), min_size=len(cats), max_size=len(cats)))
        series.append(DeckSeries(draw(hst.sampled_from(["", *TEXTS])), values, labels, palette.color(k),
                                 palette.pattern(draw(hst.integers(0, 31)))))
    return Panel(draw(hst.sampled_from(["bar", "column"])), categories=cats, series=series,
                 stacked=draw(hst.booleans()), counts=draw(hst.booleans()))


@settings(max_examples=120, deadline=None)
@given(panels(), hst.booleans(), hst.booleans(), hst.booleans())
def test_chart_xml_is_what_python_pptx_and_the_former_styling_wrote(panel: Panel, rtl: bool, latin: bool,
                                                                    legend: bool) -> None:
    xml, book = _new_parts(panel, rtl, latin, legend)
    old_xml, old_book = oldchart.chart_parts(panel, rtl, latin, legend)
    assert oldchart.canonical(xml) == oldchart.canonical(old_xml)
    assert oldchart.sheet(book) == oldchart.sheet(old_book)


@pytest.mark.parametrize("kind,stacked,rtl", [("bar", False, False), ("column", True, True), ("bar", True, True),
                                              ("column", False, False)])
def test_chart_reads_back_with_its_type_data_and_colours(kind: str, stacked: bool, rtl: bool) -> None:
    panel = Panel(kind, categories=["2016", "a & b", "المغرب"], stacked=stacked, counts=True, series=[
        DeckSeries("shown", [18.0, None, 3.0], ["18", "", "3+"], palette.BLUE),
        DeckSeries("other", [None, 2.0, None], ["", "≈ 2", ""], palette.ORANGE, "/")])
    d = deck._Deck(None, "ar" if rtl else "en")
    page, _ = d.new_slide("title", "view")
    d.chart(page, panel, (0, 0, 9000000, 5000000), "view:0:0", True)
    page.finish()
    buf = io.BytesIO()
    d.prs.save(buf)
    shape = next(sh for sh in Presentation(buf).slides[0].shapes if sh.has_chart)
    chart = shape.chart
    assert shape.name == "view:0:0"
    assert chart.chart_type.name == f"{'BAR' if kind == 'bar' else 'COLUMN'}_{'STACKED' if stacked else 'CLUSTERED'}"
    assert list(chart.plots[0].categories) == panel.categories
    assert [list(s.values) for s in chart.plots[0].series] == [s.values for s in panel.series]
    assert [s.name for s in chart.plots[0].series] == ["shown", "other"]
    assert str(chart.plots[0].series[0].format.fill.fore_color.rgb) == "0072B2"
    assert chart.plots[0].series[1].points[1].data_label.text_frame.text == "≈ 2"
    assert chart.has_legend and (chart.value_axis if kind == "bar" else chart.category_axis).reverse_order == rtl
