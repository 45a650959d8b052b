"""The deck's package bookkeeping in python-pptx, done once instead of once per part.

- `PartNames`: python-pptx names each new part (slide, chart, workbook, notes slide) by walking
  every part of the package for the names already taken, so a deck of n parts costs n² steps.
  `PartNames` reads the taken names once and keeps them, giving the same name python-pptx would.
- `Notes`: a slide's notes page as python-pptx makes it (placeholders cloned from the notes master)
  is the same page for every slide; it is made once through python-pptx and copied for the others.
"""

from __future__ import annotations

import copy
from typing import Any

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.parts.slide import NotesSlidePart


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
