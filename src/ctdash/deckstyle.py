"""The deck's text handling in python-pptx: text boxes, the slide-number field, speaker notes,
Noto fonts, and right-to-left paragraphs for Arabic decks (slides, their charts and their notes).
Used by `ctdash.deck`; knows nothing of charts or views.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_PATTERN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Emu, Pt

LATIN_FONT = "Noto Sans"
ARABIC_FONT = "Noto Sans Arabic"  # the complex-script font: Arabic runs use it
GREY = (0x55, 0x55, 0x55)
_GREY_HEX = "".join(f"{c:02X}" for c in GREY)



def fill(tf, lines: list[str], size: int, bold: bool = False, color: tuple[int, int, int] | None = None) -> None:
    tf.word_wrap = True
    for i, line in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.text = line
        for r in p.runs:
            r.font.size = Pt(size)
            r.font.bold = bold
            if color:
                r.font.color.rgb = RGBColor(*color)


def textbox(slide: Any, x: int, y: int, w: int, h: int, lines: list[str], size: int, bold: bool = False,
            color: tuple[int, int, int] | None = None) -> Any:
    box = slide.shapes.add_textbox(Emu(x), Emu(y), Emu(w), Emu(h))
    fill(box.text_frame, lines, size, bold=bold, color=color)
    return box


def slide_number(slide: Any, number: int, x: int, y: int, w: int, h: int, size: int) -> Any:
    """A text box holding the slide-number field (shown as `number` until an editor renumbers)."""
    box = slide.shapes.add_textbox(Emu(x), Emu(y), Emu(w), Emu(h))
    box.name = "slide_number"
    p = box.text_frame.paragraphs[0]
    fld = parse_xml(
        f'<a:fld {nsdecls("a")} id="{{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}}" type="slidenum">'
        f'<a:rPr lang="en-GB" sz="{size * 100}"><a:solidFill><a:srgbClr val="{_GREY_HEX}"/>'
        f'</a:solidFill></a:rPr><a:t>{number}</a:t></a:fld>')
    p._p.append(fld)
    return box


def speaker_notes(slide: Any, lines: list[str]) -> None:
    """The slide's speaker notes, a paragraph per line."""
    tf = slide.notes_slide.notes_text_frame
    fill(tf, lines or [""], 12)


def _paragraphs(slide: Any, notes: bool = True) -> Iterable[Any]:
    """Every a:p of a slide, its tables, the chart parts it embeds and (with `notes`) its notes."""
    yield from slide._element.iter(qn("a:p"))
    for shape in slide.shapes:
        if getattr(shape, "has_chart", False) and shape.has_chart:
            yield from shape.chart._chartSpace.iter(qn("a:p"))
    if notes and slide.has_notes_slide:
        yield from slide.notes_slide.notes_text_frame._txBody.iter(qn("a:p"))


def make_rtl(prs: Any) -> None:
    """Right-to-left, right-aligned paragraphs with Arabic language tags, on every slide, chart and
    notes page (a line of the other direction inside is isolated where it is written: `speaker`)."""
    for slide in prs.slides:
        for p in _paragraphs(slide):
            ppr = p.get_or_add_pPr()
            ppr.set("rtl", "1")
            ppr.set("algn", "r")
            for tag in ("a:r", "a:fld", "a:endParaRPr"):
                for r in p.iter(qn(tag)):
                    rpr = r if tag == "a:endParaRPr" else r.get_or_add_rPr()
                    rpr.set("lang", "ar-SA")


def _set_fonts(rpr: Any, latin: bool) -> None:
    """Noto Sans Arabic as the complex-script font (and Noto Sans for Latin text, with `latin`)."""
    lat = rpr.find(qn("a:latin"))
    if lat is None and latin:
        lat = rpr.get_or_add_latin()
        lat.set("typeface", LATIN_FONT)
    cs = rpr.find(qn("a:cs"))
    if cs is None:
        cs = parse_xml(f'<a:cs {nsdecls("a")} typeface="{ARABIC_FONT}"/>')
        if lat is not None:
            lat.addnext(cs)
        else:  # after the fill and effect properties, before any hyperlink
            after = [c for c in rpr if c.tag in (qn("a:ln"), qn("a:noFill"), qn("a:solidFill"), qn("a:gradFill"),
                                                  qn("a:blipFill"), qn("a:pattFill"), qn("a:grpFill"),
                                                  qn("a:effectLst"), qn("a:effectDag"), qn("a:highlight"),
                                                  qn("a:uLnTx"), qn("a:uLn"), qn("a:uFillTx"), qn("a:uFill"),
                                                  qn("a:ea"))]
            if after:
                after[-1].addnext(cs)
            else:
                rpr.insert(0, cs)


def apply_fonts(prs: Any, latin: bool = True) -> None:
    """Noto fonts on every run, paragraph end and chart text default of the deck (slides, charts,
    notes); `latin=False` keeps a template's own Latin font."""
    for slide in prs.slides:
        for p in _paragraphs(slide):
            for r in p.iter(qn("a:r"), qn("a:fld")):
                _set_fonts(r.get_or_add_rPr(), latin)
            for tag in ("a:endParaRPr", "a:defRPr"):
                for rpr in p.iter(qn(tag)):
                    _set_fonts(rpr, latin)


def every_label(axis: Any) -> None:
    """Label every category (a renderer would otherwise skip some where long labels crowd)."""
    ax = axis._element
    if ax.find(qn("c:tickLblSkip")) is None:
        skip = parse_xml(f'<c:tickLblSkip {nsdecls("c")} val="1"/>')
        after = ax.find(qn("c:lblOffset"))
        if after is None:
            after = ax.find(qn("c:lblAlgn"))
        if after is not None:
            after.addnext(skip)
        else:
            before = ax.find(qn("c:noMultiLvlLbl"))
            if before is not None:
                before.addprevious(skip)
            else:
                ax.append(skip)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten at or above `value`."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * power >= value - 1e-9)


def column_weights(columns: list[str], rows: list[list[str]]) -> list[int]:
    """A table column's share of the width: its longest cell (up to 60 characters), and never less
    than its longest word, so an id like "C-GL-01" is not broken over two lines."""
    def longest_word(j: int) -> int:
        return max(len(w) for text in [columns[j], *(r[j] for r in rows)] for w in [*text.split(), ""])

    return [max(6, int(longest_word(j) * 1.25) + 3, min(60, max([len(columns[j])] + [len(r[j]) for r in rows])))
            for j in range(len(columns))]


def column_chars(columns: list[str], rows: list[list[str]], width_in: float) -> list[float]:
    """Characters a line of each column holds in a table `width_in` inches wide (10 pt: about 10
    characters an inch)."""
    widths = column_weights(columns, rows)
    return [max(6.0, width_in * w / sum(widths) * 10) for w in widths]


def row_lines(row: list[str], chars: list[float]) -> int:
    """The lines the tallest cell of a table row wraps to (an estimate)."""
    return max(1 + len(c) // int(n) for c, n in zip(row, chars, strict=True))


_PPT_PATTERNS = {"/": MSO_PATTERN.WIDE_UPWARD_DIAGONAL, "x": MSO_PATTERN.DIAGONAL_CROSS, ".": MSO_PATTERN.PERCENT_50}


def series_fill(fill: Any, color: tuple[int, int, int], pattern: str = "") -> None:
    """A chart series' fill: its colour, solid, or with white hatching beyond the palette's colours
    (`palette.pattern`: '/', 'x', '.'), as the screen draws it."""
    if pattern:
        fill.patterned()
        fill.pattern = _PPT_PATTERNS[pattern]
        fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)  # the hatching's lines
        fill.back_color.rgb = RGBColor(*color)
    else:
        fill.solid()
        fill.fore_color.rgb = RGBColor(*color)
