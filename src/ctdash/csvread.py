"""Reading one curated CSV into rows of strings: encoding, header and shape problems located to a
file, line and column (`Problem`), with a wall-clock limit for checks of uploads (`time_limit`).
`ctdash.validate` checks the rows' values against the contract and the seeds.
"""

from __future__ import annotations

import csv
import io
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from ctdash.schema import Table

Row = dict[str, str]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located to a file, line and column."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{_one_line(self.file)}:{self.line}: {_one_line(self.column)}: {_one_line(self.message)}"


def _one_line(text: str) -> str:
    """Text with line breaks and other invisible characters escaped, so a problem stays one line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass
class Parsed:
    """Rows of one table with the line each row starts on."""

    table: Table
    path: Path
    rows: list[Row]
    lines: list[int]


class DataError(Exception):
    """Raised when the data does not validate; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


MAX_FIELD = 100_000  # characters: far above any real quote, small enough to refuse junk
MAX_QUOTE = 2_000  # characters a fact's quote may have for its value to be looked for in it
EXTRA_COLUMNS = 20  # header cells beyond the table's own before a header is refused whole


class CheckTimeout(Exception):
    """The check ran past the deadline set with `time_limit` (an upload that is too costly)."""


_deadline: ContextVar[float | None] = ContextVar("ctdash_validate_deadline", default=None)


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Stop any check run inside after `seconds` of wall time: the loops over rows, columns and
    problems raise `CheckTimeout` (None: no limit)."""
    token = _deadline.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def _tick() -> None:
    """Raise CheckTimeout when the deadline of `time_limit` has passed."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise CheckTimeout


def _ticking(items: Iterator | list | tuple) -> Iterator:
    """`items`, checking the deadline every 256 items."""
    for i, item in enumerate(items):
        if not i & 255:
            _tick()
        yield item


def _line_col_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    col = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def _show(name: str) -> str:
    """A header cell as it can appear in a one-line problem: odd characters are escaped."""
    return name if name.isprintable() and ":" not in name else repr(name).replace(":", "\\x3a")


def read_table(path: Path, table: Table, label: str | None = None) -> tuple[Parsed, list[Problem]]:
    """Read one CSV into rows of strings, reporting encoding, header and shape problems."""
    name = label or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Parsed(table, path, [], []), [Problem(name, 0, "-", f"cannot read file: {exc.strerror or exc}")]
    return parse_table(raw, table, path, name)


def parse_table(raw: bytes, table: Table, path: Path, name: str) -> tuple[Parsed, list[Problem]]:
    """Parse the bytes of one CSV (as `read_table` does for a file) and report problems as `name`."""
    empty = Parsed(table, path, [], [])
    if not raw.strip():
        return empty, [Problem(name, 1, "-", "file is empty (expected a header row)")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return empty, [Problem(name, 1, "-", "file starts with a byte-order mark (BOM); save as UTF-8 without BOM")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col_of_byte(raw, exc.start)
        return empty, [Problem(name, line, f"byte {col}", f"not UTF-8 (byte 0x{raw[exc.start]:02x})")]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return empty, [Problem(name, line, "-", "file contains a NUL character")]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        return empty, [Problem(name, 1, "-", f"unreadable header: {exc}")]
    problems = _check_header(header, table, name)
    if problems:
        return empty, problems
    rows: list[Row] = []
    lines: list[int] = []
    start = reader.line_num + 1
    try:
        for record in _ticking(reader):
            if record == []:
                start = reader.line_num + 1
                continue
            if len(record) != len(header):
                problems.append(Problem(name, start, "-", f"{len(record)} fields, header has {len(header)}"))
            else:
                row = dict(zip(header, record, strict=True))
                for column, value in row.items():
                    if len(value) > MAX_FIELD:
                        problems.append(Problem(name, start, column, f"field longer than {MAX_FIELD} characters"))
                        row[column] = ""
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num, "-", f"malformed CSV: {exc}"))
    return Parsed(table, path, rows, lines), problems


def _check_header(header: list[str], table: Table, name: str) -> list[Problem]:
    """Missing, unknown and repeated header cells, in time linear in the header's length; a
    header with far more cells than the table has columns is refused as a whole."""
    expected = table.column_names
    if len(header) > len(expected) + EXTRA_COLUMNS:
        return [Problem(name, 1, "-", f"header has {len(header)} columns; table {table.name} has "
                                      f"{len(expected)} ({', '.join(expected)})")]
    counts = Counter(header)
    problems = [Problem(name, 1, c, "missing column") for c in expected if c not in counts]
    known = set(expected)
    for c in counts:
        if c not in known:
            problems.append(Problem(name, 1, _show(c) if c else "(blank)", "unknown column"))
    for c in sorted(c for c, n in counts.items() if n > 1):
        problems.append(Problem(name, 1, _show(c) if c else "(blank)", "column appears more than once"))
    return problems
