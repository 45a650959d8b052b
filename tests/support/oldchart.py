"""The reference for `ctdash.chartxml`: a deck chart as python-pptx's `add_chart` writes it and
as the deck styled it through python-pptx's proxies before the chart XML was written in one
string (every label written by python-pptx, then the deck's fonts and right-to-left pass)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_PATTERN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Emu, Pt

from ctdash import deckstyle, palette
from ctdash.deck import Panel, headroom
from ctdash.pptx_data import PlainCategoryChartData
from ctdash.safecsv import neutralise

_PATTERNS = {"/": MSO_PATTERN.WIDE_UPWARD_DIAGONAL, "x": MSO_PATTERN.DIAGONAL_CROSS, ".": MSO_PATTERN.PERCENT_50}


def _every_label(axis: Any) -> None:
    ax = axis._element
    skip = parse_xml(f'<c:tickLblSkip {nsdecls("c")} val="1"/>')
    ax.find(qn("c:lblOffset")).addnext(skip)


def _series_fill(fill: Any, color: tuple[int, int, int], pattern: str) -> None:
    if pattern:
        fill.patterned()
        fill.pattern = _PATTERNS[pattern]
        fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        fill.back_color.rgb = RGBColor(*color)
    else:
        fill.solid()
        fill.fore_color.rgb = RGBColor(*color)


def chart_parts(panel: Panel, rtl: bool, latin: bool = True, legend: bool = True) -> tuple[bytes, bytes]:
    """(chart part XML, workbook) of `panel` as the former python-pptx styling wrote them."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    data = PlainCategoryChartData()
    data.categories = [neutralise(c) for c in panel.categories]
    for s in panel.series:
        data.add_series(neutralise(s.name or " "), s.values)
    kind = {("bar", False): XL_CHART_TYPE.BAR_CLUSTERED, ("bar", True): XL_CHART_TYPE.BAR_STACKED,
            ("column", False): XL_CHART_TYPE.COLUMN_CLUSTERED, ("column", True): XL_CHART_TYPE.COLUMN_STACKED,
            }[(panel.kind, panel.stacked)]
    gf = slide.shapes.add_chart(kind, Emu(0), Emu(0), Emu(9000000), Emu(5000000), data)
    chart = gf.chart
    chart.font.size = Pt(12)
    chart.has_title = False
    chart.has_legend = legend and len(panel.series) > 1
    if chart.has_legend:
        many = len(panel.series) > 4
        chart.legend.position = (XL_LEGEND_POSITION.LEFT if rtl else XL_LEGEND_POSITION.RIGHT) if many \
            else XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(10 if many else 11)
    n = len(panel.categories)
    chart.plots[0].gap_width = 60 if n >= 5 else 120 if n >= 3 else 250
    if panel.stacked:
        chart.plots[0].overlap = 100
    if rtl:
        (chart.value_axis if panel.kind == "bar" else chart.category_axis).reverse_order = True
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.tick_labels.number_format = "#,##0.##"
    chart.value_axis.tick_labels.number_format_is_linked = False
    chart.value_axis.tick_labels.font.size = Pt(11)
    chart.category_axis.tick_labels.font.size = Pt(11)
    _every_label(chart.category_axis)
    top = headroom(panel)
    if top is not None:
        chart.value_axis.maximum_scale = top
        chart.value_axis.minimum_scale = 0
        if panel.counts and top <= 10:
            chart.value_axis.major_unit = 1
    pos = XL_LABEL_POSITION.CENTER if panel.stacked else XL_LABEL_POSITION.OUTSIDE_END
    for plot_series, s in zip(chart.plots[0].series, panel.series, strict=True):
        _series_fill(plot_series.format.fill, palette.rgb(s.color), s.pattern)
        for i, (v, text) in enumerate(zip(s.values, s.labels, strict=True)):
            if v is None or not text:
                continue
            dl = plot_series.points[i].data_label
            dl.text_frame.text = text
            dl.text_frame._txBody.bodyPr.set("wrap", "none")
            dl.position = pos
            dl.font.size = Pt(11)
            if panel.stacked:
                dl.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    part = chart.part
    for p in part._element.iter(qn("a:p")):
        if rtl:
            deckstyle._rtl(p)
        for r in p.iter(qn("a:r"), qn("a:fld")):
            deckstyle._set_fonts(deckstyle._rpr(r), latin)
        for rpr in p.iter(qn("a:endParaRPr"), qn("a:defRPr")):
            deckstyle._set_fonts(rpr, latin)
    return part.blob, part.chart_workbook.xlsx_part.blob


def canonical(xml: bytes) -> str:
    return etree.tostring(etree.fromstring(xml), method="c14n").decode()


def sheet(xlsx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
        return "\n".join(f"{n}\n{book.read(n).decode()}" for n in sorted(book.namelist()))
