"""The deck's presentation and package bookkeeping in python-pptx, done once instead of once per
build or per part.

- `open_deck`: the presentation to write into (python-pptx's default widened to 16:9, prepared once
  per process and parsed from its bytes for each deck, or the user's template without its slides)
  and its title and content layouts.
- `Slides`: likewise a content slide as python-pptx makes it from its layout (its placeholders
  cloned, those but the title dropped), made once and copied.
- `add_chart`: a chart whose part XML is written already (`ctdash.chartxml`) and its workbook,
  as parts of the package, related and framed on the slide as python-pptx's `add_chart` does.
- `PartNames`: python-pptx names each new part (slide, chart, workbook, notes slide) by walking
  every part of the package for the names already taken, so a deck of n parts costs n² steps.
  `PartNames` reads the taken names once and keeps them, giving the same name python-pptx would.
- `Notes`: a slide's notes page as python-pptx makes it (placeholders cloned from the notes master)
  is the same page for every slide; it is made once through python-pptx and copied for the others.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.oxml.shapes.graphfrm import CT_GraphicalObjectFrame
from pptx.parts.embeddedpackage import EmbeddedXlsxPart
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.util import Emu, Inches

TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)


def _layout(prs: Any, wanted: str) -> int:
    """The index of a layout of the master: 'title' (title + subtitle), 'title_only', else the
    first with a title."""
    def kinds(layout: Any) -> list:
        return [ph.placeholder_format.type for ph in layout.placeholders]

    def score(layout: Any) -> int:
        k = kinds(layout)
        has_title = any(x in TITLE_TYPES for x in k)
        body = [x for x in k if x not in TITLE_TYPES and x not in (
            PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)]
        if wanted == "title":
            return 3 * (PP_PLACEHOLDER.CENTER_TITLE in k) + 2 * (PP_PLACEHOLDER.SUBTITLE in k) + has_title
        return 3 * has_title - len(body)

    layouts = list(prs.slide_layouts)
    return max(range(len(layouts)), key=lambda i: (score(layouts[i]), -i))


def _clear_slides(prs: Any) -> None:
    """Remove a template's own slides (its masters and layouts stay)."""
    ids = prs.slides._sldIdLst
    for sld in list(ids):
        prs.part.drop_rel(sld.rId)
        ids.remove(sld)


def _widened_default() -> Any:
    """python-pptx's default presentation, its 4:3 master and placeholders widened to 16:9."""
    prs = Presentation()
    scale = Inches(13.333) / prs.slide_width
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    master = prs.slide_master
    # layouts first: their inherited positions are read from the master before it is scaled
    for shape in [*(s for lay in master.slide_layouts for s in lay.shapes), *master.shapes]:
        x, y, w, h = shape.left, shape.top, shape.width, shape.height  # inherited if not own
        if None not in (x, y, w, h):
            shape.left, shape.width = Emu(int(x * scale)), Emu(int(w * scale))
            shape.top, shape.height = y, h
    return prs


_DEFAULT: dict[str, Any] = {}  # the widened default's bytes and its layouts' indices, made once


def open_deck(template: str | Path | None) -> tuple[Any, Any, Any]:
    """A presentation to write a deck into (the user's template without its slides, else the
    widened default) with its title layout and its content layout."""
    if template:
        prs = Presentation(str(template))
        _clear_slides(prs)
        picks = (_layout(prs, "title"), _layout(prs, "title_only"))
    else:
        if not _DEFAULT:
            prs = _widened_default()
            buf = io.BytesIO()
            prs.save(buf)
            _DEFAULT.update(blob=buf.getvalue(), picks=(_layout(prs, "title"), _layout(prs, "title_only")))
        prs = Presentation(io.BytesIO(_DEFAULT["blob"]))
        picks = _DEFAULT["picks"]
    layouts = prs.slide_layouts
    return prs, layouts[picks[0]], layouts[picks[1]]


class PartNames:
    """`next_partname` for a package that only gains parts while it is built: the names taken
    are read once, and every name handed out is taken from then on (python-pptx's rule: of
    `tmpl % n`, the highest free n not above the count of names taken under its prefix, plus one)."""

    def __init__(self, package: Any):
        self.taken = {str(p.partname) for p in package.iter_parts()}

    def __call__(self, tmpl: str) -> PackURI:
        prefix = tmpl[: (tmpl % 42).find("42")]
        count = sum(1 for name in self.taken if name.startswith(prefix))
        for n in range(count + 1, 0, -1):
            name = tmpl % n
            if name not in self.taken:
                self.taken.add(name)
                return PackURI(name)
        raise RuntimeError(f"no free part name for {tmpl}")  # pragma: no cover: n = count + 1 is free


def name_parts_once(prs: Any) -> None:
    """Let the presentation's package name its new parts through a `PartNames` (call it after the
    last part is dropped: the names it reads are kept)."""
    package = prs.part.package
    package.next_partname = PartNames(package)


class Notes:
    """Speaker-notes pages for the slides of one presentation: the first made by python-pptx, the
    others a copy of its fresh page (the notes master's placeholders), related as python-pptx does."""

    def __init__(self) -> None:
        self.blank: Any = None
        self.master: Any = None

    def text_frame(self, slide: Any) -> Any:
        """The notes text frame of a slide that has no notes page yet."""
        if self.blank is None:
            notes = slide.notes_slide
            self.blank = copy.deepcopy(notes._element)
            self.master = notes.part.part_related_by(RT.NOTES_MASTER)
            return notes.notes_text_frame
        slide_part = slide.part
        package = slide_part.package
        part = NotesSlidePart(package.next_partname("/ppt/notesSlides/notesSlide%d.xml"), CT.PML_NOTES_SLIDE,
                              package, copy.deepcopy(self.blank))
        part.relate_to(self.master, RT.NOTES_MASTER)
        part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(part, RT.NOTES_SLIDE)
        return part.notes_slide.notes_text_frame


class Slides:
    """New slides of one layout: the first made by python-pptx (the layout's placeholders cloned,
    all but the title dropped), the others a copy of that fresh slide, named, related and listed
    as python-pptx does."""

    def __init__(self, prs: Any, layout: Any):
        self.prs, self.layout = prs, layout
        self.blank: Any = None

    def add(self) -> Any:
        if self.blank is None:
            slide = self.prs.slides.add_slide(self.layout)
            for ph in list(slide.placeholders):
                if ph.placeholder_format.type not in TITLE_TYPES:
                    ph._element.getparent().remove(ph._element)
            self.blank = copy.deepcopy(slide._element)
            return slide
        ids = self.prs.slides._sldIdLst
        part = SlidePart(PackURI(f"/ppt/slides/slide{len(ids) + 1}.xml"), CT.PML_SLIDE, self.prs.part.package,
                         copy.deepcopy(self.blank))
        part.relate_to(self.layout.part, RT.SLIDE_LAYOUT)
        ids.add_sldId(self.prs.part.relate_to(part, RT.SLIDE))
        return part.slide


def add_chart(slide: Any, box: tuple[int, int, int, int], name: str, xml: bytes, xlsx: bytes) -> Any:
    """A chart on `slide` in `box`: its part holding `xml` as written (its c:externalData naming
    rId1, the workbook `xlsx` it is related to first), the part related to the slide, and the
    graphic frame named `name` with the next shape id, as python-pptx's `add_chart` makes them."""
    slide_part = slide.part
    package = slide_part.package
    chart = Part.load(package.next_partname("/ppt/charts/chart%d.xml"), CT.DML_CHART, package, xml)
    chart.relate_to(EmbeddedXlsxPart.new(xlsx, package), RT.PACKAGE)  # rId1
    rid = slide_part.relate_to(chart, RT.CHART)
    tree = slide._element.cSld.spTree
    x, y, w, h = box
    frame = CT_GraphicalObjectFrame.new_chart_graphicFrame(tree.max_shape_id + 1, name, rid, x, y, w, h)
    tree.append(frame)
    return frame
