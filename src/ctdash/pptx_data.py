"""Chart data for python-pptx whose embedded workbook holds every text as plain text.

python-pptx writes each chart's categories and series names into an embedded workbook with
XlsxWriter, which by default stores a text starting with `=` as a formula, `{=...}` as an array
formula and `http://`, `mailto:`, `external:` ... as links. `PlainCategoryChartData` opens that
workbook with those conversions off, so a hostile label stays a string, whatever it starts with.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from xlsxwriter import Workbook

WORKBOOK_OPTIONS = {
    "in_memory": True,  # python-pptx's own option
    "strings_to_formulas": False,  # "=..." and "{=...}" stay text
    "strings_to_urls": False,  # "http://...", "external:..." stay text
    "strings_to_numbers": False,  # text that looks like a number stays text, as python-pptx intends
}


class _PlainWorkbookWriter(CategoryWorkbookWriter):
    """python-pptx's category workbook writer with XlsxWriter's string conversions off."""

    @contextmanager
    def _open_worksheet(self, xlsx_file: IO[bytes]) -> Iterator[tuple]:
        workbook = Workbook(xlsx_file, WORKBOOK_OPTIONS)
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class PlainCategoryChartData(CategoryChartData):
    """`CategoryChartData` whose embedded workbook stores texts as plain strings."""

    @property
    def _workbook_writer(self) -> CategoryWorkbookWriter:
        return _PlainWorkbookWriter(self)
