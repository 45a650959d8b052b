"""CSV output that is safe to open in a spreadsheet (no formula injection).

A spreadsheet runs a cell as a formula when it starts with `=`, `+`, `-` or `@` (and some also
after a leading tab or carriage return, or after spaces and invisible marks). Such text cells
get a leading apostrophe, which spreadsheets show as text; plain numbers written as text
("-5", "+3.5") are left alone, as are numeric columns, so negative figures stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Characters a spreadsheet may skip before it looks for a formula sign: white space, no-break
# and zero-width spaces, bidi marks and the BOM.
_LEADING_INVISIBLE = re.compile(r"^[\s\u00a0\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]+")
_PLAIN_NUMBER = re.compile(r"[-+]?([0-9]+([.,][0-9]+)*|\.[0-9]+)([eE][-+]?[0-9]+)?")


def is_dangerous(value: object) -> bool:
    """True for a text cell a spreadsheet could run as a formula."""
    if not isinstance(value, str) or not value:
        return False
    if _PLAIN_NUMBER.fullmatch(value):
        return False
    visible = _LEADING_INVISIBLE.sub("", value)
    return value.startswith(_TRIGGERS) or visible.startswith(_TRIGGERS[:4])


def neutralise(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    return "'" + value if is_dangerous(value) else value  # type: ignore[operator]


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text cell and header neutralised; numbers stay numbers."""
    import pandas as pd

    out = frame.copy()
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        if pd.api.types.is_numeric_dtype(col) or pd.api.types.is_datetime64_any_dtype(col):
            continue
        if isinstance(col.dtype, pd.CategoricalDtype):
            col = col.astype(object)
        out.isetitem(i, col.map(neutralise))
    out.columns = [neutralise(c) for c in out.columns]
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a BOM so that spreadsheet programs read Arabic correctly.

    Lines end in CRLF (RFC 4180): the csv writer then quotes any cell holding a bare CR, which
    with "\n" endings it writes unquoted, splitting the row for every reader.
    """
    return neutralise_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def header_lines(lines: Iterable[str]) -> str:
    """Lines stated above a CSV's own header (what it is, the filters), each written as one
    quoted, neutralised cell with its white space runs (line breaks too) made single spaces: a
    comma, quote or formula in a title (say, SQL text) then stays inside its one text cell."""
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for line in lines:
        writer.writerow([neutralise(" ".join(str(line).split()))])
    return buf.getvalue()
