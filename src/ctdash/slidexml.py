"""A deck slide's shapes and speaker notes written as XML strings: text boxes, the slide-number
field, tables and chart frames, with the deck's fonts and direction already on every run.

python-pptx builds each shape from a template element and finds it again through proxies for each
property set; `ctdash.deckstyle` then walked every run of the deck to add fonts and, in Arabic,
the right-to-left properties. Here each shape is written once as python-pptx and that pass left it
(element for element, `tests/test_slidexml.py`), and `ctdash.deckparts` stores the slide's XML as
its part. No python-pptx here.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from ctdash.chartxml import Style

_CONTROL = re.compile(r"[\x00-\x08\x0B-\x1F]")  # written as "_x0007_", as python-pptx writes a run's text
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
SLIDE_NUMBER_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"


def run_text(value: str) -> str:
    """A run's text as python-pptx stores it: control characters as '_x0007_'."""
    return _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)


def text(value: str) -> str:
    """A run's text as python-pptx writes it (`run_text`), escaped."""
    if _NOT_XML.search(value):
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters")
    return escape(run_text(value))


def attr(value: str) -> str:
    """An attribute's value, quoted."""
    return quoteattr(value, {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def runs(value: str, props: str, style: Style, fill: str = "") -> str:
    """`value` as runs, a line break for each \\n or \\v, each run with the attributes `props`, the
    fill colour `fill` (RRGGBB) and the deck's fonts (python-pptx's paragraph text setter)."""
    color = f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>' if fill else ""
    rpr = f"<a:rPr{props}{style.lang}>{color}{style.fonts}</a:rPr>"
    out = []
    for i, part in enumerate(re.split("\n|\v", value)):
        if i:
            out.append("<a:br/>")
        if part:
            out.append(f"<a:r>{rpr}<a:t>{text(part)}</a:t></a:r>")
    return "".join(out)


def paragraph(content: str, style: Style, spacing: int | None = None) -> str:
    """An a:p holding `content` (runs), right to left in Arabic, with `spacing` points before it."""
    before = f'<a:spcBef><a:spcPts val="{spacing * 100}"/></a:spcBef>' if spacing is not None else ""
    ppr = f"<a:pPr{style.ppr}>{before}</a:pPr>" if before else f"<a:pPr{style.ppr}/>" if style.rtl else ""
    return f"<a:p>{ppr}{content}</a:p>" if ppr or content else "<a:p/>"


def lines(values: list[str], size: int, style: Style, bold: bool = False, fill: str = "") -> str:
    """A paragraph per line, every run `size` pt, bold or not (`deckstyle.fill`)."""
    props = f' sz="{size * 100}" b="{int(bold)}"'
    return "".join(paragraph(runs(v, props, style, fill), style) for v in values)


def textbox(shape_id: int, name: str, box: tuple[int, int, int, int], body: str, wrap: str = "square") -> str:
    """A text box (python-pptx's `add_textbox`) holding the paragraphs `body`."""
    x, y, w, h = box
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name={attr(name)}/><p:cNvSpPr txBox="1"/><p:nvPr/>'
            f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
            f'<p:txBody><a:bodyPr wrap="{wrap}"><a:spAutoFit/></a:bodyPr><a:lstStyle/>{body}</p:txBody></p:sp>')


def slide_number(number: int, size: int, color: str, style: Style) -> str:
    """The paragraph of the slide-number field (shown as `number` until an editor renumbers)."""
    lang = style.lang or ' lang="en-GB"'
    field = (f'<a:fld id="{SLIDE_NUMBER_FIELD}" type="slidenum"><a:rPr{lang} sz="{size * 100}"><a:solidFill>'
             f'<a:srgbClr val="{color}"/></a:solidFill>{style.fonts}</a:rPr><a:t>{number}</a:t></a:fld>')
    return paragraph(field, style)


def _frame(shape_id: int, name: str, box: tuple[int, int, int, int], uri: str, graphic: str) -> str:
    x, y, w, h = box
    return (f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{shape_id}" name={attr(name)}/>'
            '<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/>'
            f'</p:nvGraphicFramePr><p:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></p:xfrm>'
            f'<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/{uri}">{graphic}'
            "</a:graphicData></a:graphic></p:graphicFrame>")


def chart_frame(shape_id: int, name: str, box: tuple[int, int, int, int], rid: str) -> str:
    """The graphic frame of a chart part related to the slide as `rid` (python-pptx's `add_chart`)."""
    return _frame(shape_id, name, box, "chart",
                  f'<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="{rid}"/>')


def table_frame(shape_id: int, name: str, at: tuple[int, int], widths: list[int], heights: list[int],
                rows: list[list[str]], margin: int, style: Style) -> str:
    """A table (python-pptx's `add_table`, its default style) of `rows`, the first its header
    (11 pt, the others 10 pt), columns `widths` and rows `heights` EMU, cells' top and bottom
    margins `margin`; its columns run right to left in Arabic."""
    out = []
    for r, (cells, h) in enumerate(zip(rows, heights, strict=True)):
        props = f' sz="{(10 if r else 11) * 100}"'
        tcs = "".join("<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>"
                      + "".join(paragraph(runs(line, props, style), style) for line in value.split("\n"))
                      + f'</a:txBody><a:tcPr marT="{margin}" marB="{margin}"/></a:tc>' for value in cells)
        out.append(f'<a:tr h="{h}">{tcs}</a:tr>')
    rtl = ' rtl="1"' if style.rtl else ""
    grid = "".join(f'<a:gridCol w="{w}"/>' for w in widths)
    tbl = (f'<a:tbl><a:tblPr firstRow="1" bandRow="1"{rtl}><a:tableStyleId>{{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}}'
           f'</a:tableStyleId></a:tblPr><a:tblGrid>{grid}</a:tblGrid>{"".join(out)}</a:tbl>')
    return _frame(shape_id, name, (*at, sum(widths), sum(heights)), "table", tbl)
