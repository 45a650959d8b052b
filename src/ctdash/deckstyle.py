"""The deck's text handling in python-pptx, for the title slide python-pptx writes and for a data
label python-pptx's text setter writes (a line break or control character in it): text boxes, Noto
fonts and right-to-left paragraphs for Arabic decks; and the estimates of text sizes the deck lays
out with. The other slides, their notes and charts are written with their fonts and direction
(`ctdash.slidexml`, `ctdash.chartxml`). Used by `ctdash.deck`; knows nothing of views.
"""

from __future__ import annotations

import math
import re
from typing import Any, cast

from lxml import etree
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.text.text import TextFrame
from pptx.util import Emu, Pt

from ctdash import chartxml
from ctdash.slidexml import run_text

LATIN_FONT, ARABIC_FONT = chartxml.LATIN_FONT, chartxml.ARABIC_FONT  # Arabic runs use the complex-script font

_A = {tag: qn(f"a:{tag}") for tag in ("p", "r", "br", "fld", "t", "rPr", "endParaRPr", "defRPr", "pPr", "latin",
                                         "cs", "solidFill", "srgbClr")}
_CONTENT = (_A["r"], _A["br"], _A["fld"])


def _runs(p: Any, text: str, rpr: dict[str, str], color: str) -> None:
    """`text` as the runs of paragraph `p` (a line break for each \\n or \\v), each with the run
    properties `rpr` and the fill `color`: what python-pptx's paragraph text and font setters write."""
    end = p.find(_A["endParaRPr"])
    for i, part in enumerate(re.split("\n|\v", text)):
        new = []
        if i:
            new.append(p.makeelement(_A["br"], {}))
        if part:
            r = p.makeelement(_A["r"], {})
            props = etree.SubElement(r, _A["rPr"], rpr)
            if color:
                etree.SubElement(etree.SubElement(props, _A["solidFill"]), _A["srgbClr"], val=color)
            etree.SubElement(r, _A["t"]).text = run_text(part)
            new.append(r)
        for el in new:
            if end is not None:
                end.addprevious(el)
            else:
                p.append(el)


def fill(tf, lines: list[str], size: int, bold: bool = False, color: tuple[int, int, int] | None = None) -> None:
    """`lines` as the paragraphs of text frame `tf` (wrapped), every run `size` pt, bold or not, in
    `color`."""
    tf.word_wrap = True
    body = tf._txBody
    rpr = {"sz": str(int(Pt(size)) // 127), "b": "1" if bold else "0"}
    hexcolor = "".join(f"{c:02X}" for c in color) if color else ""
    for i, line in enumerate(lines):
        if i == 0:
            p = body.find(_A["p"])
            for child in [c for c in p if c.tag in _CONTENT]:
                p.remove(child)
        else:
            p = etree.SubElement(body, _A["p"])
        _runs(p, line, rpr, hexcolor)


def textbox(slide: Any, x: int, y: int, w: int, h: int, lines: list[str], size: int, bold: bool = False,
            color: tuple[int, int, int] | None = None) -> Any:
    box = slide.shapes.add_textbox(Emu(x), Emu(y), Emu(w), Emu(h))
    fill(box.text_frame, lines, size, bold=bold, color=color)
    return box




def _rpr(r: Any) -> Any:
    """The run properties of an a:r or a:fld (its first child), added where missing."""
    if len(r) and r[0].tag == _A["rPr"]:
        return r[0]
    rpr = r.makeelement(_A["rPr"], {})
    r.insert(0, rpr)
    return rpr


def _rtl(p: Any) -> None:
    """One paragraph right to left, right aligned, its runs tagged Arabic."""
    ppr = p.get_or_add_pPr()
    ppr.set("rtl", "1")
    ppr.set("algn", "r")
    for r in p.iter(_A["r"], _A["fld"]):
        _rpr(r).set("lang", "ar-SA")
    for rpr in p.iter(_A["endParaRPr"]):
        rpr.set("lang", "ar-SA")


_BEFORE_CS = {qn(f"a:{tag}") for tag in ("ln", "noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill",
                                         "effectLst", "effectDag", "highlight", "uLnTx", "uLn", "uFillTx", "uFill",
                                         "ea")}
_AFTER_LATIN = {qn(f"a:{tag}") for tag in ("ea", "cs", "sym", "hlinkClick", "hlinkMouseOver", "rtl", "extLst")}


def _set_fonts(rpr: Any, latin: bool) -> None:
    """Noto Sans Arabic as the complex-script font (and Noto Sans for Latin text, with `latin`),
    each where the schema's order puts it."""
    lat = rpr.find(_A["latin"])
    if lat is None and latin:
        lat = rpr.makeelement(_A["latin"], {"typeface": LATIN_FONT})
        succ = next((c for c in rpr if c.tag in _AFTER_LATIN), None)
        if succ is not None:
            succ.addprevious(lat)
        else:
            rpr.append(lat)
    if rpr.find(_A["cs"]) is None:
        cs = rpr.makeelement(_A["cs"], {"typeface": ARABIC_FONT})
        if lat is not None:
            lat.addnext(cs)
        else:  # after the fill and effect properties, before any hyperlink
            after = [c for c in rpr if c.tag in _BEFORE_CS]
            if after:
                after[-1].addnext(cs)
            else:
                rpr.insert(0, cs)


def finish_text(slide: Any, rtl: bool, latin: bool = True) -> None:
    """Noto fonts on every run, paragraph end and text default of a slide python-pptx wrote (the
    title slide; `latin=False` keeps a template's own Latin font), and, with `rtl`, right-to-left,
    right-aligned paragraphs with Arabic language tags (the deck's other slides, notes and charts
    are written so: `ctdash.slidexml`, `ctdash.chartxml`)."""
    for p in getattr(slide, "_element", slide).iter(_A["p"]):
        if rtl:
            _rtl(p)
        for r in p.iter(_A["r"], _A["fld"]):
            _set_fonts(_rpr(r), latin)
        for rpr in p.iter(_A["endParaRPr"], _A["defRPr"]):
            _set_fonts(rpr, latin)


def label_tx(text: str, style: chartxml.Style) -> str:
    """A data label's c:tx holding `text`: one run written by `chartxml`, or what python-pptx's
    text setter makes of a line break or control character, with the deck's fonts and direction."""
    if chartxml.plain_run(text):
        return style.rich_run(text)
    rich = parse_xml(f'<c:rich {nsdecls("c", "a")}><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr/></a:pPr></a:p>'
                     "</c:rich>")
    TextFrame(rich, cast(Any, None)).text = text  # no part: only its text is written
    rich.find(qn("a:bodyPr")).set("wrap", "none")  # a label never wraps
    finish_text(rich, style.rtl, style.latin)
    return f"<c:tx>{etree.tostring(rich, encoding='unicode')}</c:tx>"


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
