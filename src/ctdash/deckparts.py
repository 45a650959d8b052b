"""The deck's presentation and package bookkeeping in python-pptx, done once instead of once per
build or per part.

- `open_deck`: the presentation to write into (python-pptx's default widened to 16:9, prepared once
  per process and parsed from its bytes for each deck, or the user's template without its slides)
  and its title and content layouts.
- `Slides`, `Page`: a content slide as python-pptx makes it from its layout (its placeholders
  cloned, those but the title dropped), serialised once; each slide's part holds that XML with its
  title and shapes written in (`ctdash.slidexml`): a plain `Part` whose blob python-pptx saves as
  it is, without parsing or serialising it.
- `add_chart`: a chart whose part XML is written already (`ctdash.chartxml`) and its workbook,
  as parts of the package, related and framed on the slide as python-pptx's `add_chart` does.
- `PartNames`: python-pptx names each new part (slide, chart, workbook, notes slide) by walking
  every part of the package for the names already taken, so a deck of n parts costs n² steps.
  `PartNames` reads the taken names once and keeps them, giving the same name python-pptx would.
- `save`: the package written as python-pptx writes it, deflated at level 1.
- `Notes`: a slide's notes page as python-pptx makes it (placeholders cloned from the notes master)
  is the same page for every slide; it is made once, serialised, and each slide's notes written in.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any, cast

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter, _ZipPkgWriter
from pptx.oxml.ns import qn
from pptx.oxml.slide import CT_NotesSlide, CT_Slide
from pptx.parts.embeddedpackage import EmbeddedXlsxPart
from pptx.slide import NotesSlide, Slide
from pptx.util import Emu, Inches, lazyproperty

from ctdash import chartxml, slidexml

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


_MARK = "ctdash-mark"  # where a blank part's own text goes, in its serialised XML


def _marked(element: Any, text_body: Any | None) -> list[str]:
    """The XML of a blank slide or notes page, split where the paragraphs of `text_body` go
    (if any) and at the end of its shape tree (where new shapes go)."""
    if text_body is not None:
        for p in text_body.findall(qn("a:p")):
            text_body.remove(p)
        text_body.append(etree.Comment(_MARK))
    head, _, tail = etree.tostring(element, encoding="unicode").rpartition("</p:spTree>")
    return [*head.split(f"<!--{_MARK}-->"), "</p:spTree>" + tail]


class Page:
    """A content slide being written: its part (related to its layout and listed in the
    presentation), the shapes after its title, and the next shape id."""

    def __init__(self, part: Part, blank: list[str], next_id: int, name: str):
        self.part, self.blank, self.next_id = part, blank, next_id
        self.name = name
        self.title = ""  # the title placeholder's paragraphs
        self.shapes: list[str] = []

    def shape_id(self) -> int:
        """The id of the next shape (python-pptx's: one more than the highest on the slide)."""
        self.next_id += 1
        return self.next_id - 1

    def finish(self) -> None:
        head, *rest = self.blank
        head = head.replace(f'name="{_MARK}"', f"name={slidexml.attr(self.name)}", 1)
        body = [self.title, *rest[:-1]] if len(rest) > 1 else []
        self.part.blob = (chartxml.HEAD + head + "".join(body) + "".join(self.shapes) + rest[-1]).encode("utf-8")


class Slides:
    """New content slides of one layout, written as strings: the slide python-pptx makes from the
    layout (its placeholders cloned, all but the title dropped), serialised once; each new slide's
    part named, related and listed as python-pptx does."""

    def __init__(self, prs: Any, layout: Any):
        self.prs, self.layout = prs, layout
        slide = Slide(CT_Slide.new(), cast(Any, None))  # python-pptx's new slide, in no package
        slide.shapes.clone_layout_placeholders(layout)
        title = None
        for ph in list(slide.placeholders):
            if ph.placeholder_format.type not in TITLE_TYPES:
                ph._element.getparent().remove(ph._element)
            elif title is None:
                title = ph
        self.has_title = title is not None
        slide._element.cSld.set("name", _MARK)
        self.next_id = slide._element.cSld.spTree.max_shape_id + 1
        self.blank = _marked(slide._element, title._element.txBody if title is not None else None)

    def add(self, name: str) -> Page:
        ids = self.prs.slides._sldIdLst
        package = self.prs.part.package
        part = Part(PackURI(f"/ppt/slides/slide{len(ids) + 1}.xml"), CT.PML_SLIDE, package)
        part.relate_to(self.layout.part, RT.SLIDE_LAYOUT)
        ids.add_sldId(self.prs.part.relate_to(part, RT.SLIDE))
        return Page(part, self.blank, self.next_id, name)


class Notes:
    """Speaker-notes pages for the slides of one presentation, written as strings into the page
    python-pptx makes (the notes master's placeholders cloned), related as python-pptx does."""

    def __init__(self, prs: Any) -> None:
        self.prs = prs
        self.blank: list[str] = []
        self.master: Any = None

    def add(self, page: Page, paragraphs: str) -> None:
        """`page`'s notes page, its notes placeholder holding `paragraphs` (wrapped)."""
        if not self.blank:
            self.master = self.prs.part.notes_master_part  # made and related on the first notes page
            notes = NotesSlide(CT_NotesSlide.new(), cast(Any, None))
            notes.clone_master_placeholders(self.master.notes_master)
            placeholder = notes.notes_placeholder
            if placeholder is None:
                raise ValueError("the template's notes master has no notes placeholder")
            body = placeholder.text_frame
            body.word_wrap = True
            self.blank = _marked(notes._element, body._txBody)
        package = page.part.package
        part = Part(package.next_partname("/ppt/notesSlides/notesSlide%d.xml"), CT.PML_NOTES_SLIDE, package)
        part.relate_to(self.master, RT.NOTES_MASTER)
        part.relate_to(page.part, RT.SLIDE)
        page.part.relate_to(part, RT.NOTES_SLIDE)
        head, *rest = self.blank
        part.blob = (chartxml.HEAD + head + paragraphs + "".join(rest)).encode("utf-8")


def add_chart(page: Page, box: tuple[int, int, int, int], name: str, xml: bytes, xlsx: bytes) -> None:
    """A chart on `page` in `box`: its part holding `xml` as written (its c:externalData naming
    rId1, the workbook `xlsx` it is related to first), the part related to the slide, and the
    graphic frame named `name`, as python-pptx's `add_chart` makes them."""
    package = page.part.package
    chart = Part.load(package.next_partname("/ppt/charts/chart%d.xml"), CT.DML_CHART, package, xml)
    chart.relate_to(EmbeddedXlsxPart.new(xlsx, package), RT.PACKAGE)  # rId1
    rid = page.part.relate_to(chart, RT.CHART)
    page.shapes.append(slidexml.chart_frame(page.shape_id(), name, box, rid))


class _ZipWriter(_ZipPkgWriter):
    """python-pptx's zip writer, deflating at level 1: a third of the deck's build went to
    deflating its ~290 members at the default level 6, for a file 7% smaller."""

    @lazyproperty
    def _zipf(self) -> zipfile.ZipFile:
        return zipfile.ZipFile(self._pkg_file, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1,
                               strict_timestamps=False)


def _rels_xml(rels: Any) -> bytes:
    """A part's relationships as python-pptx's `_Relationships.xml` writes them (in rId order),
    written as a string: python-pptx parses an element for each of the deck's ~300."""
    order = sorted((int(rid[3:]) if rid.startswith("rId") and rid[3:].isdigit() else 0, rid) for rid in rels.keys())
    items = []
    for _, rid in order:
        rel = rels[rid]
        mode = ' TargetMode="External"' if rel.is_external else ""
        items.append(f"<Relationship Id={slidexml.attr(rid)} Type={slidexml.attr(rel.reltype)} "
                     f"Target={slidexml.attr(rel.target_ref)}{mode}/>")
    return (f'{chartxml.HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'{"".join(items)}</Relationships>').encode()


class _PackageWriter(PackageWriter):
    """python-pptx's package writer (content types, package relationships, each part and its
    relationships) into a `_ZipWriter`."""

    def _write(self) -> None:
        with _ZipWriter(self._pkg_file) as phys_writer:
            self._write_content_types_stream(phys_writer)
            self._write_pkg_rels(phys_writer)
            self._write_parts(phys_writer)

    def _write_parts(self, phys_writer: Any) -> None:
        for part in self._parts:
            phys_writer.write(part.partname, part.blob)
            if part._rels:
                phys_writer.write(part.partname.rels_uri, _rels_xml(part.rels))


def save(prs: Any) -> bytes:
    """The presentation's .pptx bytes, as `prs.save` writes them but for the deflate level."""
    package = prs.part.package
    buf = io.BytesIO()
    _PackageWriter.write(buf, package._rels, tuple(package.iter_parts()))
    return buf.getvalue()
