"""Check the curated CSVs against the data contract and the seeds, row by row.

Every problem becomes one `FILE:LINE: column: message` line; nothing is loaded until there are
none. The parsed rows are returned too, so that loading reads each file once.
"""

from __future__ import annotations

import hashlib
import math
import re
from datetime import date, timedelta
from pathlib import Path

from ctdash.arabic import normalize, number_tokens, numbers_in, to_western_digits
from ctdash.csvread import (  # noqa: F401 (re-exported: the validator's public names)
    EXTRA_COLUMNS,
    MAX_FIELD,
    MAX_QUOTE,
    CheckTimeout,
    DataError,
    Parsed,
    Problem,
    Row,
    _tick,
    _ticking,
    parse_table,
    read_table,
    time_limit,
)
from ctdash.schema import QUOTED_TABLES, SHOWN_NONE_AR, TABLE_BY_NAME, TABLES, Column

# Tables whose every row must carry `quote_en`, the English translation of its quote: every
# table whose rows carry a quote.
QUOTE_EN_REQUIRED_TABLES: tuple[str, ...] = QUOTED_TABLES

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
    problems += _check_iso3(parsed)
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
    out: list[Problem] = []
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
        out += _check_shown_ar(row, shown, _label(p.path), line)
    return out


def _check_shown_ar(row: Row, shown: str, name: str, line: int) -> list[Problem]:
    """`shown_ar`, the Arabic of `shown`: present wherever `shown` is, opening with the same row id
    (an Arabic deck or pack shows it instead), written with Western digits."""
    text = row.get("shown_ar", "")
    if not row["shown"]:
        return []
    if not text:
        return [Problem(name, line, "shown_ar", "required where shown is set: the Arabic of what the charts show")]
    want = SHOWN_NONE_AR if shown == "none" else shown
    if text.split(":", 1)[0].strip() != want:
        return [Problem(name, line, "shown_ar", f"must start with {want!r}: as shown does ({row['shown'][:40]!r})")]
    if m := _NON_WESTERN_DIGIT.search(text):
        return [Problem(name, line, "shown_ar", f"write numbers in Western digits (found {m.group()!r})")]
    return []


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
