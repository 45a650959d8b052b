"""The deck's slide text written as strings (`ctdash.slidexml`) is what python-pptx's text setters
and the deck's former fonts and right-to-left pass wrote: text boxes, titles, the closing
slide's spaced paragraphs, with line breaks, control characters and markup in the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as hst
from lxml import etree
from pptx import Presentation
from pptx.util import Emu, Pt

from ctdash import deckstyle, slidexml
from ctdash.chartxml import Style

TEXTS = hst.lists(hst.sampled_from(["182+", "a & <b>", "two\nlines", "soft\vbreak", "bell\x07", "cr\rx", "tab\t",
                                    "", "المغرب «اقتباس»", "_x0007_", " "]) | hst.text(max_size=8), min_size=1,
                  max_size=4).map(lambda parts: "".join(parts))


def _c14n(xml: str) -> str:
    ns = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' \
         'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" ' \
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    return etree.tostring(etree.fromstring(f"<p:spTree {ns}>{xml}</p:spTree>"), method="c14n").decode()


def _ppr_first(xml: str) -> str:
    """`xml` (python-pptx's paragraphs) with each a:pPr moved first in its a:p, where the schema
    (CT_TextParagraph) puts it: python-pptx 1.0 inserts it after a leading a:br ("\v182+"), which
    the string writer does not copy."""
    ns = "http://schemas.openxmlformats.org/drawingml/2006/main"
    root = etree.fromstring(f'<w xmlns:a="{ns}">{xml}</w>')
    for p in root.iter(f"{{{ns}}}p"):
        ppr = p.find(f"{{{ns}}}pPr")
        if ppr is not None:
            p.remove(ppr)
            p.insert(0, ppr)
    return "".join(etree.tostring(x, encoding="unicode") for x in root)


def _slide():
    prs = Presentation()
    return prs.slides.add_slide(prs.slide_layouts[5])  # title only


@settings(max_examples=80, deadline=None)
@given(hst.lists(TEXTS, min_size=1, max_size=3), hst.booleans(), hst.booleans(), hst.booleans(),
       hst.sampled_from(["", "555555"]))
def test_text_box_is_what_python_pptx_and_the_former_passes_wrote(lines: list[str], rtl: bool, latin: bool,
                                                                  bold: bool, color: str) -> None:
    slide = _slide()
    box = deckstyle.textbox(slide, 10, 20, 300, 40, lines, 9, bold=bold,
                            color=tuple(int(color[i:i + 2], 16) for i in (0, 2, 4)) if color else None)
    box.name = "footer"
    deckstyle.finish_text(slide, rtl, latin)
    style = Style(rtl=rtl, latin=latin)
    mine = slidexml.textbox(box.shape_id, "footer", (10, 20, 300, 40), slidexml.lines(lines, 9, style, bold, color))
    assert _c14n(mine) == _c14n(etree.tostring(box._element, encoding="unicode"))


@settings(max_examples=60, deadline=None)
@given(TEXTS, hst.booleans(), hst.integers(8, 14), hst.booleans())
def test_title_and_closing_paragraphs_are_what_python_pptx_wrote(value: str, rtl: bool, size: int,
                                                                 bold: bool) -> None:
    slide = _slide()
    title = slide.shapes.title
    title.text = value
    for p in title.text_frame.paragraphs:
        for r in p.runs:
            r.font.size = Pt(24)
    tf = slide.shapes.add_textbox(Emu(0), Emu(0), Emu(10), Emu(10)).text_frame
    p = tf.paragraphs[0]
    p.text = value
    p.space_before = Pt(6 if bold else 2)
    for run in p.runs:
        run.font.size = Pt(size)
        run.font.bold = bold
    deckstyle.finish_text(slide, rtl)
    style = Style(rtl=rtl)
    titled = "".join(slidexml.paragraph(slidexml.runs(line, ' sz="2400"', style), style) for line in value.split("\n"))
    closing = slidexml.paragraph(slidexml.runs(value, f' sz="{size * 100}" b="{int(bold)}"', style), style,
                                 spacing=6 if bold else 2)
    assert _c14n(titled) == _c14n(_ppr_first("".join(etree.tostring(x, encoding="unicode")
                                                     for x in title.text_frame._txBody.p_lst)))
    assert _c14n(closing) == _c14n(_ppr_first(etree.tostring(p._p, encoding="unicode")))
    assert "<a:p><a:br/><a:pPr" not in titled + closing  # the string writer keeps the schema's order
