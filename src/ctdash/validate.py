"""Check the curated CSVs against the data contract and the seeds, row by row.

Every problem becomes one `FILE:LINE: column: message` line; nothing is loaded until there are
none. The parsed rows are returned too, so that loading reads each file once.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ctdash.arabic import normalize, number_tokens, numbers_in, to_western_digits
from ctdash.schema import QUOTED_TABLES, TABLE_BY_NAME, TABLES, Column, Table

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


# Tables whose every row must carry `quote_en`, the English translation of its quote: every
# table whose rows carry a quote.
QUOTE_EN_REQUIRED_TABLES: tuple[str, ...] = QUOTED_TABLES

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
                for col, value in row.items():
                    if len(value) > MAX_FIELD:
                        problems.append(Problem(name, start, col, f"field longer than {MAX_FIELD} characters"))
                        row[col] = ""
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


_DECIMAL = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?|(?i:[-+]?(inf|infinity|nan))")


def parse_date(value: str) -> date:
    """ISO date (YYYY-MM-DD) only: the curated files never use another form."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError("expected a date as YYYY-MM-DD")
    return date.fromisoformat(value)


# What a spreadsheet (or XlsxWriter, which writes the PPTX charts' workbooks) may take for a
# formula or a link: =, +, -, @ or {= first, also after invisible marks (as safecsv.is_dangerous,
# which needs pandas), and the URL schemes XlsxWriter turns into links.
_INVISIBLE = "\\s\u00a0\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
_FORMULA_LIKE = re.compile(f"[{_INVISIBLE}]*([=+\\-@\t\r\n]|{{[{_INVISIBLE}]*=)")
_LINK_LIKE = re.compile(f"[{_INVISIBLE}]*((ftp|http)s?://|mailto:|(in|ex)ternal:|file:)", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"[-+]?([0-9]+([.,][0-9]+)*|\.[0-9]+)([eE][-+]?[0-9]+)?")


def _live_content(col: Column, value: str) -> str | None:
    """Message for a label or other free text that a spreadsheet would run as a formula or a
    link. Quotes are left to their seed: they must occur there verbatim."""
    if col.type != "text" or col.vocab is not None or col.quote_of or _PLAIN_NUMBER.fullmatch(value):
        return None
    if _FORMULA_LIKE.match(value):
        return "starts like a spreadsheet formula (=, +, -, @ or {=); write the text without it"
    if _LINK_LIKE.match(value):
        return "starts like a link (http://, mailto:, external: ...); a label or note is plain text"
    return None


def _check_value(col: Column, value: str) -> str | None:
    """Message for a value that does not fit its column, else None."""
    if value == "":
        return "required value is empty" if col.required else None
    if value != value.strip():
        return "leading or trailing white space"
    live = _live_content(col, value)
    if live:
        return live
    if col.type == "double":
        if not _DECIMAL.fullmatch(value):  # float() alone takes "1_000", "١٢" and " nan"
            return f"not a number: {value!r}"
        number = float(value)
        if not math.isfinite(number):
            return f"not a finite number: {value!r}"
    elif col.type == "int":
        if not re.fullmatch(r"-?[0-9]+", value):
            return f"not a whole number: {value!r}"
        if not -(2**31) < int(value) < 2**31:
            return f"whole number out of range: {value!r}"
    elif col.type == "date":
        try:
            parse_date(value)
        except ValueError as exc:
            return f"bad date {value!r}: {exc}"
    if col.vocab is not None and value not in col.vocab:
        return f"unknown value {value!r} (one of: {', '.join(sorted(col.vocab))})"
    return None


def load_seeds(root: Path, sources: Parsed) -> tuple[dict[str, str], list[Problem]]:
    """Read each source's seed file and check its sha256; return texts by source_id."""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    name = _label(sources.path)
    seeds = (root / "seeds").resolve()
    for row, line in zip(sources.rows, sources.lines, strict=True):
        path = root / row["file"]
        try:
            inside = path.resolve().is_relative_to(seeds)
        except (OSError, ValueError):  # a NUL or a loop in the name
            inside = False
        if not inside:
            problems.append(Problem(name, line, "file", f"seed file must be under seeds/: {row['file']!r}"))
            continue
        try:
            raw = path.read_bytes()
        except OSError:
            problems.append(Problem(name, line, "file", f"seed file not found: {row['file']}"))
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest != row["sha256"]:
            problems.append(Problem(name, line, "sha256",
                                    f"seed {row['file']} changed: sha256 is {digest}, expected {row['sha256']}"))
            continue
        try:
            texts[row["source_id"]] = raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(name, line, "file", f"seed {row['file']} is not UTF-8"))
    return texts, problems


def _label(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def value_in_quote(value: float, quote: str, unit: str = "count") -> bool:
    """True when `quote` states `value`, in digits or words (see arabic.numbers_in).

    A percentage may be stated as a fraction (النصف, ثلث), so for unit `percent` the fraction is
    accepted too, to one decimal of a percent.
    """
    numbers = numbers_in(quote)
    if any(math.isclose(value, n, rel_tol=1e-9, abs_tol=1e-9) for n in numbers):
        return True
    return unit == "percent" and any(abs(value - 100 * n) < 0.05 for n in numbers if n < 1)


_EN_NUMBER = re.compile(
    r"(?<![0-9.,])([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]+)?(?![0-9])(?:\s+(thousand|million|billion)\b)?",
    re.IGNORECASE)  # [0-9], not \d: Arabic-Indic digits are not Western digits
_EN_MAGNITUDE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_EN_FRACTION = re.compile(r"\b(half|third|quarter)\b", re.IGNORECASE)
_EN_FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25}
_NON_WESTERN_DIGIT = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def english_numbers_in(text: str) -> set[float]:
    """Every number an English translation states in Western digits: 1,000 / 22.2 / 22.2 billion.

    A comma is only a thousands separator here (translations use the decimal point), and a
    magnitude word after a number scales it; fractions in words (half, third) are kept for percents.
    """
    values: set[float] = set()
    for m in _EN_NUMBER.finditer(text):
        number = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        values.add(number)
        if m.group(3):
            values.add(number * _EN_MAGNITUDE[m.group(3).lower()])
    values |= {_EN_FRACTIONS[m.group(1).lower()] for m in _EN_FRACTION.finditer(text)}
    return values


def value_in_translation(value: float, text: str, unit: str = "count") -> bool:
    """True when the English `text` states `value` (as `value_in_quote` does for the Arabic)."""
    numbers = english_numbers_in(text)
    if any(math.isclose(value, n, rel_tol=1e-9, abs_tol=1e-9) for n in numbers):
        return True
    return unit == "percent" and any(abs(value - 100 * n) < 0.05 for n in numbers if n < 1)


def _year_in(text: str, year: int) -> bool:
    return str(year) in to_western_digits(text)


def validate(data_dir: Path, root: Path | None = None) -> tuple[dict[str, Parsed], list[Problem]]:
    """Check every table in `data_dir`; seeds are read relative to `root` (default: its parent)."""
    data_dir = Path(data_dir)
    root = Path(root) if root else data_dir.resolve().parent
    parsed: dict[str, Parsed] = {}
    problems: list[Problem] = []
    if not data_dir.is_dir():
        return {}, [Problem(str(data_dir), 0, "-", "data folder not found")]
    known = {f"{t.name}.csv" for t in TABLES}
    for path in sorted(data_dir.glob("*.csv")):
        if path.name not in known:
            problems.append(Problem(_label(path), 0, "-", "unknown table file (expected one of: " + ", ".join(sorted(known)) + ")"))
    for table in TABLES:
        path = data_dir / f"{table.name}.csv"
        if not path.exists():
            problems.append(Problem(_label(path), 0, "-", "table file missing"))
            parsed[table.name] = Parsed(table, path, [], [])
            continue
        p, probs = read_table(path, table, _label(path))
        parsed[table.name] = p
        problems += probs
    problems += check_tables(parsed, root)
    return parsed, sorted(set(problems), key=lambda q: (q.file, q.line, q.column, q.message))


def check_tables(parsed: dict[str, Parsed], root: Path) -> list[Problem]:
    """Check parsed tables (one per schema table): values, keys, references, seeds and quotes."""
    problems: list[Problem] = []
    # Column values, keys.
    for p in parsed.values():
        name = _label(p.path)
        seen: dict[tuple[str, ...], int] = {}
        for row, line in _ticking(zip(p.rows, p.lines, strict=True)):
            for col in p.table.columns:
                msg = _check_value(col, row[col.name])
                if msg:
                    problems.append(Problem(name, line, col.name, msg))
            if p.table.key:
                key = tuple(row[k] for k in p.table.key)
                if key in seen:
                    problems.append(Problem(name, line, ",".join(p.table.key),
                                            f"duplicate key {'/'.join(key)} (first on line {seen[key]})"))
                else:
                    seen[key] = line

    # Foreign keys.
    keys: dict[str, set[str]] = {}
    for p in parsed.values():
        for col in p.table.columns:
            if col.ref:
                ref_table, ref_col = col.ref.split(".")
                if col.ref not in keys:
                    keys[col.ref] = {r[ref_col] for r in parsed[ref_table].rows}
                for row, line in _ticking(zip(p.rows, p.lines, strict=True)):
                    v = row[col.name]
                    if v and v not in keys[col.ref]:
                        problems.append(Problem(_label(p.path), line, col.name,
                                                f"{v!r} is not a known {ref_table}.{ref_col}"))

    # Seeds, quotes and values.
    texts, seed_problems = load_seeds(root, parsed["sources"])
    problems += seed_problems
    for p in parsed.values():
        name = _label(p.path)
        for col in p.table.columns:
            if not col.quote_of:
                continue
            for row, line in _ticking(zip(p.rows, p.lines, strict=True)):
                src = row[col.quote_of]
                if row[col.name] and src in texts and row[col.name] not in texts[src]:
                    problems.append(Problem(name, line, col.name,
                                            f"not found verbatim in source {src} ({parsed['sources'].path.parent.name}/../{_seed_file(parsed, src)})"))
    problems += _check_translations(parsed)
    problems += _check_facts(parsed)
    problems += _check_events(parsed)
    problems += _check_conflicts(parsed)
    return problems


def _seed_file(parsed: dict[str, Parsed], source_id: str) -> str:
    return next((r["file"] for r in parsed["sources"].rows if r["source_id"] == source_id), "?")


def _check_translations(parsed: dict[str, Parsed]) -> list[Problem]:
    """`quote_en` present where required, written with Western digits."""
    out = []
    for table in QUOTED_TABLES:
        p = parsed[table]
        if "quote_en" not in p.table.column_names:
            continue
        name = _label(p.path)
        for row, line in zip(p.rows, p.lines, strict=True):
            text = row["quote_en"]
            if not text.strip() and table in QUOTE_EN_REQUIRED_TABLES:
                out.append(Problem(name, line, "quote_en", "required: the English translation of the quote is empty"))
            elif m := _NON_WESTERN_DIGIT.search(text):
                out.append(Problem(name, line, "quote_en", f"write numbers in Western digits (found {m.group()!r})"))
    return out


def _check_facts(parsed: dict[str, Parsed]) -> list[Problem]:
    p = parsed["facts"]
    name = _label(p.path)
    out = []
    for row, line in _ticking(zip(p.rows, p.lines, strict=True)):
        _check_fact_text(row, name, line, out)
        _check_fact_dates(row, name, line, out)
        value, quote = row["value"], row["quote"]
        if value == "":
            if row["qualifier"] != "vague":
                out.append(Problem(name, line, "value", "empty value (only a 'vague' figure may have none)"))
        else:
            try:
                number = float(value)
            except ValueError:
                continue
            if len(quote) > MAX_QUOTE:  # finding numbers in a text grows faster than its length
                out.append(Problem(name, line, "quote", f"longer than {MAX_QUOTE} characters; take the shortest span"))
            elif quote and row["qualifier"] != "vague" and not value_in_quote(number, quote, row["unit"]):
                out.append(Problem(name, line, "value", f"{value} is not stated in the quote"))
        if row["year"]:
            try:
                year = int(row["year"])
            except ValueError:
                continue
            if not 1900 <= year <= 2100:
                out.append(Problem(name, line, "year", f"implausible year {year}"))
        _check_period(row, name, line, out)
    return out


def _check_fact_text(row: Row, name: str, line: int, out: list[Problem]) -> None:
    """The value stated in the translation; an Arabic label that is a label, not a quote fragment."""
    try:
        number = float(row["value"]) if row["value"] else None
    except ValueError:
        number = None
    text = row["quote_en"]
    if number is not None and text and row["qualifier"] != "vague" and len(text) <= MAX_QUOTE:
        if not value_in_translation(number, text, row["unit"]):
            out.append(Problem(name, line, "quote_en",
                               f"{row['value']} is not stated in the translation (write it in Western digits)"))
    label, quote = normalize(row["label_ar"]).strip(), normalize(row["quote"])
    if label and label in quote and len(row["label_ar"]) <= MAX_QUOTE and (
            number_tokens(row["label_ar"]) or (number is not None and value_in_quote(number, row["label_ar"], row["unit"]))):
        out.append(Problem(name, line, "label_ar", "a fragment of the quote that repeats the figure; "
                           "write a label (the body and what is counted) instead"))


def _month_end(d: date) -> bool:
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1) == d


def _check_fact_dates(row: Row, name: str, line: int, out: list[Problem]) -> None:
    """Period bounds that agree with date_precision and year (see data/README.md, periods)."""
    try:
        a = parse_date(row["period_start"]) if row["period_start"] else None
        b = parse_date(row["period_end"]) if row["period_end"] else None
        year = int(row["year"]) if row["year"] else None
    except ValueError:
        return
    if a and not b:
        out.append(Problem(name, line, "period_end", "a period with a start needs an end (the as-of date)"))
    precision = row.get("date_precision", "")
    if precision and not (a or b):
        out.append(Problem(name, line, "date_precision", "set without period_start or period_end"))
    elif precision == "month" and not ((a and a.day == 1) or (b and _month_end(b))):
        out.append(Problem(name, line, "date_precision",
                           "month precision: period_start on the first of a month or period_end on its last day"))
    elif precision == "year" and not ((a and (a.month, a.day) == (1, 1)) or (b and (b.month, b.day) == (12, 31))):
        out.append(Problem(name, line, "date_precision",
                           "year precision: period_start on 1 January or period_end on 31 December"))
    if year is not None:
        for col, d in (("period_start", a), ("period_end", b)):
            if d and d.year != year:
                out.append(Problem(name, line, col, f"{d} is outside year {year}; a one-year figure's period lies within its year"))


def _check_period(row: Row, name: str, line: int, out: list[Problem],
                  start: str = "period_start", end: str = "period_end") -> None:
    try:
        a = parse_date(row[start]) if row[start] else None
        b = parse_date(row[end]) if row[end] else None
    except ValueError:
        return
    if a and b and b < a:
        out.append(Problem(name, line, end, f"ends ({b}) before it starts ({a})"))


def _check_events(parsed: dict[str, Parsed]) -> list[Problem]:
    p = parsed["events"]
    name = _label(p.path)
    out: list[Problem] = []
    for row, line in _ticking(zip(p.rows, p.lines, strict=True)):
        _check_period(row, name, line, out, "date_start", "date_end")
        try:
            start = parse_date(row["date_start"])
        except ValueError:
            continue
        if row["quote"] and not _year_in(row["quote"], start.year) and "note" in row and not row["note"]:
            out.append(Problem(name, line, "date_start",
                               f"year {start.year} is not in the quote; say in note how the date was resolved"))
        if row["date_precision"] == "month" and start.day != 1:
            out.append(Problem(name, line, "date_start", "month precision: use the first of the month"))
        if row["date_precision"] == "year" and (start.month, start.day) != (1, 1):
            out.append(Problem(name, line, "date_start", "year precision: use YYYY-01-01"))
    return out


def _check_conflicts(parsed: dict[str, Parsed]) -> list[Problem]:
    ids: set[str] = set()
    for table in ("facts", "events", "documents", "actors", "working_groups"):
        key = TABLE_BY_NAME[table].key[0]
        ids |= {r[key] for r in parsed[table].rows}
    p = parsed["conflicts"]
    out = []
    for row, line in _ticking(zip(p.rows, p.lines, strict=True)):
        for ref in row["refs"].split():
            if ref not in ids:
                out.append(Problem(_label(p.path), line, "refs", f"{ref!r} is not a known fact, event, document, actor or working group"))
        shown = row["shown"].split(":", 1)[0].strip()
        if shown and shown not in row["refs"].split() and shown != "none":
            out.append(Problem(_label(p.path), line, "shown", f"{shown!r} is not one of the refs"))
    return out
