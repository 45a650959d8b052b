"""Chart data for python-pptx whose embedded workbook holds every text as plain text.

python-pptx writes each chart's categories and series names into an embedded workbook with
XlsxWriter, which by default stores a text starting with `=` as a formula, `{=...}` as an array
formula and `http://`, `mailto:`, `external:` ... as links. `PlainCategoryChartData` writes its
workbook itself instead: one sheet laid out as python-pptx lays it out (categories in column A
from row 2, a column per series with its name in row 1), every text an inline string cell and
every number a number cell, so a hostile label stays a string whatever it starts with. A fixed
skeleton and one sheet of cells cost a tenth of a general-purpose writer's workbook. Its members are
stored, not deflated: the deck's zip deflates the workbook as a whole, and deflating twice cost
half a workbook's time for no smaller deck.
"""

from __future__ import annotations

import io
import math
import numbers
import re
import zipfile
from xml.sax.saxutils import escape

from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter

from ctdash.chartxml import column

_SKELETON = {  # every part but the sheet, the same in each workbook
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'styles" Target="styles.xml"/></Relationships>'),
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"),
}
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
_SHEET_TAIL = "</sheetData></worksheet>"
# Characters XML cannot hold, written as "_x0007_" (Excel's escape, as XlsxWriter writes them).
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _cell(ref: str, value: object) -> str:
    """One cell: a number as a number, any other value as an inline string, nothing as no cell."""
    if value is None:
        return ""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        if isinstance(value, numbers.Integral):
            return f'<c r="{ref}"><v>{int(value)}</v></c>'
        return f'<c r="{ref}"><v>{float(value)!r}</v></c>' if math.isfinite(value) else ""
    text = _UNWRITABLE.sub(lambda m: f"_x{ord(m.group()):04X}_", escape(str(value)))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def workbook(categories: list[object], series: list[tuple[object, list[object]]]) -> bytes:
    """An .xlsx of one sheet, "Sheet1": `categories` in column A from row 2, then a column per
    series with its name in row 1 and its values below."""
    rows = [[None, *(name for name, _ in series)]]
    rows += [[c, *(values[i] if i < len(values) else None for _, values in series)] for i, c in enumerate(categories)]
    cells = "".join(
        f'<row r="{r + 1}">' + "".join(_cell(f"{column(c)}{r + 1}", v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as book:
        for name, xml in _SKELETON.items():
            book.writestr(name, xml)
        book.writestr("xl/worksheets/sheet1.xml", _SHEET_HEAD + cells + _SHEET_TAIL)
    return out.getvalue()


class _PlainWorkbookWriter(CategoryWorkbookWriter):
    """python-pptx's category layout (its cell references are what the chart XML points at),
    written by `workbook`: one level of categories (the deck's charts have no more)."""

    @property
    def xlsx_blob(self) -> bytes:
        data = self._chart_data
        if data.categories.depth > 1:
            raise ValueError("the deck's chart workbooks hold one level of categories")
        return workbook([c.label for c in data.categories], [(s.name, list(s.values)) for s in data])


class PlainCategoryChartData(CategoryChartData):
    """`CategoryChartData` whose embedded workbook stores texts as plain strings."""

    @property
    def _workbook_writer(self) -> CategoryWorkbookWriter:
        return _PlainWorkbookWriter(self)
