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
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ctdash.arabic import numbers_in, to_western_digits
from ctdash.schema import TABLE_BY_NAME, TABLES, Column, Table

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
    problems: list[Problem] = []
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
    expected = table.column_names
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    for c in missing:
        problems.append(Problem(name, 1, c, "missing column"))
    for c in extra:
        problems.append(Problem(name, 1, _show(c) if c else "(blank)", "unknown column"))
    dupes = {c for c in header if header.count(c) > 1}
    for c in sorted(dupes):
        problems.append(Problem(name, 1, _show(c) if c else "(blank)", "column appears more than once"))
    if problems:
        return empty, problems
    rows: list[Row] = []
    lines: list[int] = []
    start = reader.line_num + 1
    try:
        for record in reader:
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


_DECIMAL = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?|(?i:[-+]?(inf|infinity|nan))")


def parse_date(value: str) -> date:
    """ISO date (YYYY-MM-DD) only: the curated files never use another form."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError("expected a date as YYYY-MM-DD")
    return date.fromisoformat(value)


def _check_value(col: Column, value: str) -> str | None:
    """Message for a value that does not fit its column, else None."""
    if value == "":
        return "required value is empty" if col.required else None
    if value != value.strip():
        return "leading or trailing white space"
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
        for row, line in zip(p.rows, p.lines, strict=True):
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
                for row, line in zip(p.rows, p.lines, strict=True):
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
            for row, line in zip(p.rows, p.lines, strict=True):
                src = row[col.quote_of]
                if row[col.name] and src in texts and row[col.name] not in texts[src]:
                    problems.append(Problem(name, line, col.name,
                                            f"not found verbatim in source {src} ({parsed['sources'].path.parent.name}/../{_seed_file(parsed, src)})"))
    problems += _check_facts(parsed)
    problems += _check_events(parsed)
    problems += _check_conflicts(parsed)
    problems += _check_iso3(parsed)
    return problems


def _seed_file(parsed: dict[str, Parsed], source_id: str) -> str:
    return next((r["file"] for r in parsed["sources"].rows if r["source_id"] == source_id), "?")


def _check_facts(parsed: dict[str, Parsed]) -> list[Problem]:
    p = parsed["facts"]
    name = _label(p.path)
    out = []
    for row, line in zip(p.rows, p.lines, strict=True):
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
    for row, line in zip(p.rows, p.lines, strict=True):
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
    for row, line in zip(p.rows, p.lines, strict=True):
        for ref in row["refs"].split():
            if ref not in ids:
                out.append(Problem(_label(p.path), line, "refs", f"{ref!r} is not a known fact, event, document, actor or working group"))
        shown = row["shown"].split(":", 1)[0].strip()
        if shown and shown not in row["refs"].split() and shown != "none":
            out.append(Problem(_label(p.path), line, "shown", f"{shown!r} is not one of the refs"))
    return out


def _check_iso3(parsed: dict[str, Parsed]) -> list[Problem]:
    """actors.iso3 must be an ISO 3166-1 alpha-3 code (upper case): the CTED map places states by
    it, and a typo would silently drop a country from the map."""
    import pycountry

    p = parsed["actors"]
    out = []
    for row, line in zip(p.rows, p.lines, strict=True):
        code = row["iso3"]
        if code and (code != code.upper() or pycountry.countries.get(alpha_3=code) is None):
            out.append(Problem(_label(p.path), line, "iso3", f"{code!r} is not an ISO 3166-1 alpha-3 country code"))
    return out
