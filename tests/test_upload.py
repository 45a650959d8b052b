"""The "check my CSV" path: an uploaded file is checked against the schema, the live data and
the seeds, every problem is a FILE:LINE: column: message line, and nothing is written."""

from __future__ import annotations

import csv
import hashlib
import io
import os
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_validate_fuzz import CELL, PROBLEM_LINE

from ctdash.schema import TABLE_BY_NAME, TABLES
from ctdash.upload import MAX_UPLOAD_BYTES, Upload, check_upload, check_uploads, safe_name

EXAMPLES = int(os.environ.get("CTDASH_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def shipped(table: str) -> bytes:
    return (ROOT / "data" / f"{table}.csv").read_bytes()


def edit(table: str, row: int, column: str, value: str) -> bytes:
    """The shipped file with one cell changed (row 0 is on line 2)."""
    header, *rows = list(csv.reader(io.StringIO(shipped(table).decode("utf-8"), newline="")))
    rows[row][header.index(column)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *rows])
    return buf.getvalue().encode("utf-8")


def lines(problems) -> list[str]:
    out = [str(p) for p in problems]
    for text in out:
        assert PROBLEM_LINE.fullmatch(text), text
    return out


def fingerprint() -> dict[str, str]:
    """Hashes of everything an upload must not change."""
    files = [*sorted((ROOT / "data").glob("*.csv")), *sorted((ROOT / "seeds").iterdir())]
    db = ROOT / "ctdash.duckdb"
    if db.exists():
        files.append(db)
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


@pytest.mark.parametrize("table", [t.name for t in TABLES])
def test_shipped_files_pass(table: str) -> None:
    assert lines(check_upload(shipped(table), table, f"{table}.csv")) == []


def test_bad_value_located() -> None:
    got = lines(check_upload(edit("facts", 3, "qualifier", "lots"), "facts", "facts.csv"))
    assert got == ["upload/facts.csv:5: qualifier: unknown value 'lots' "
                   "(one of: about, at_least, exact, fewer_than, more_than, up_to, vague)"]


def test_quote_not_in_source() -> None:
    got = lines(check_upload(edit("events", 0, "quote", "a sentence no seed contains"), "events"))
    assert any(g.startswith("upload/events.csv:2: quote: not found verbatim in source") for g in got)


def test_value_not_in_quote() -> None:
    got = lines(check_upload(edit("facts", 0, "value", "987654"), "facts"))
    assert "upload/facts.csv:2: value: 987654 is not stated in the quote" in got


def test_problems_caused_in_live_files_are_reported() -> None:
    """Dropping a fact that fact_actors cites is reported against the live fact_actors.csv."""
    text = shipped("facts").decode("utf-8")
    header, first, *rest = text.splitlines(keepends=True)
    dropped = first.split(",", 1)[0]
    got = lines(check_upload((header + "".join(rest)).encode(), "facts"))
    assert any(g.startswith("data/fact_actors.csv:") and f"{dropped!r} is not a known facts.fact_id" in g for g in got)


@pytest.mark.parametrize(("raw", "expected"), [
    (shipped("actors").decode().encode("utf-16"), "upload/actors.csv:1: byte 1: not UTF-8 (byte 0xff)"),
    ("actor_id,name_en,name_ar,kind,iso3\nMAR,Morocco,المغرب,state,MAR\n".encode("cp1256"),
     "upload/actors.csv:2: byte 13: not UTF-8 (byte 0xc7)"),
    (b"\xef\xbb\xbf" + shipped("actors"), "upload/actors.csv:1: -: file starts with a byte-order mark (BOM); save as UTF-8 without BOM"),
    (b"", "upload/actors.csv:1: -: file is empty (expected a header row)"),
    (b"actor_id,name_en\x00\n", "upload/actors.csv:1: -: file contains a NUL character"),
])
def test_encoding_and_shape(raw: bytes, expected: str) -> None:
    assert expected in lines(check_upload(raw, "actors", "actors.csv"))


def test_formula_cell_flagged() -> None:
    got = lines(check_upload(edit("actors", 0, "name_en", '=HYPERLINK("http://evil.example","x")'), "actors"))
    assert "upload/actors.csv:2: name_en: starts with '=': looks like a spreadsheet formula, not curated text" in got


def test_unknown_table_and_size_cap() -> None:
    assert lines(check_upload(b"a\n", "passwords", "x.csv"))[0].startswith("upload/x.csv:0: -: unknown table 'passwords'")
    big = shipped("facts") + b"\n" * MAX_UPLOAD_BYTES
    assert lines(check_upload(big, "facts")) == [f"upload/facts.csv:0: -: file larger than {MAX_UPLOAD_BYTES // 1024} KB"]


def test_sources_cannot_point_outside_seeds() -> None:
    got = lines(check_upload(edit("sources", 0, "file", "../../../etc/passwd"), "sources"))
    assert "upload/sources.csv:2: file: seed file must be under seeds/: '../../../etc/passwd'" in got
    passwd = hashlib.sha256(Path("/etc/passwd").read_bytes()).hexdigest() if Path("/etc/passwd").exists() else "-"
    assert not any(passwd in g or "root:" in g for g in got)


def test_several_files_checked_together() -> None:
    """A new fact and its actor link, uploaded together, pass; the link alone does not."""
    facts = shipped("facts").decode("utf-8")
    header, first = facts.splitlines()[:2]
    row = next(csv.reader([first]))
    new_id = row[0] + "-NEW"
    row[0] = new_id
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(row)
    new_facts = (facts + buf.getvalue()).encode()
    link = shipped("fact_actors") + f"{new_id},MAR,subject\n".encode()
    alone = lines(check_upload(link, "fact_actors"))
    assert any(f"{new_id!r} is not a known facts.fact_id" in g for g in alone)
    assert lines(check_uploads([Upload(new_facts, "facts"), Upload(link, "fact_actors")])) == []


def test_safe_name() -> None:
    assert safe_name("../../etc/My Facts:v2.csv", "facts") == "My Facts_v2.csv"
    assert safe_name("C:\\Users\\x\\ملف.csv", "facts") == "ملف.csv"
    assert safe_name("\n\u202e", "facts") == "facts.csv"
    assert safe_name(None, "facts") == "facts.csv"


def test_live_data_untouched() -> None:
    before = fingerprint()
    check_upload(edit("facts", 0, "value", "1"), "facts")
    check_upload(shipped("events"), "events")
    assert fingerprint() == before


@FUZZ
@given(raw=st.binary(max_size=4000), table=st.sampled_from([t.name for t in TABLES]), name=st.text(max_size=30))
def test_fuzz_random_bytes(raw: bytes, table: str, name: str) -> None:
    """Random bytes are refused (they never carry the table's header), each problem names the
    upload under its safe name, and the live data is not touched."""
    got = lines(check_upload(raw, table, name))
    assert got, "random bytes were accepted as a table file"
    upload = f"upload/{safe_name(name, table)}:"
    assert any(g.startswith(upload) for g in got), got[:3]


@FUZZ
@given(table=st.sampled_from([t.name for t in TABLES]), data=st.data(),
       encoding=st.sampled_from(["utf-8", "cp1256", "utf-16"]))
def test_fuzz_edited_shipped_file(table: str, data: st.DataObject, encoding: str) -> None:
    """The shipped file with hostile cells, extra rows and odd encodings: lines, never an exception."""
    header, *rows = list(csv.reader(io.StringIO(shipped(table).decode("utf-8"), newline="")))
    for _ in range(data.draw(st.integers(0, 4))):
        if rows:
            r = data.draw(st.integers(0, len(rows) - 1))
            c = data.draw(st.integers(0, len(header) - 1))
            rows[r][c] = data.draw(CELL)
    rows += data.draw(st.lists(st.lists(CELL, max_size=len(header) + 1), max_size=2))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *rows])
    raw = buf.getvalue().encode(encoding, errors="replace")
    got = lines(check_upload(raw, table, f"{table}.csv"))
    if encoding != "utf-8" and not raw.isascii():
        assert got


def test_table_names_match_schema() -> None:
    assert set(TABLE_BY_NAME) == {t.name for t in TABLES}


def test_trial_load_reports_what_validation_missed() -> None:
    """The last guard: rows that would break `ctdash build` become a problem, not an exception."""
    from ctdash.upload import _live, _trial_load
    from ctdash.validate import Parsed

    _, (live, _) = _live(ROOT / "data", ROOT)
    parsed = dict(live)
    rows = [dict(r) for r in live["facts"].rows]
    rows[0]["value"] = "1_000"
    parsed["facts"] = Parsed(TABLE_BY_NAME["facts"], Path("upload/facts.csv"), rows, list(range(2, 2 + len(rows))))
    got = lines(_trial_load(parsed, "upload/facts.csv"))
    assert len(got) == 1 and got[0].startswith("upload/facts.csv:0: -: would not load into the database: ")


# ---------------------------------------------------------------- issue 14: bounded, checked once


def test_check_that_outlives_its_time_limit_stops_with_a_problem() -> None:
    """A costly check is stopped and said to be so, instead of holding the server."""
    raw = shipped("facts") + b"".join(b"F-ZZ-%d,x,y\n" % i for i in range(5000))
    got = lines(check_uploads([Upload(raw, "facts", "facts.csv")], seconds=0))
    assert len(got) == 1 and got[0].startswith("upload/facts.csv:0: -: check stopped after 0 s"), got


def test_same_files_are_not_checked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rerun (or another session) with the same bytes gets the kept answer; other bytes are
    checked afresh."""
    import ctdash.upload as upload

    calls: list[str] = []
    real = upload.parse_table

    def counting(raw, table, path, name):
        calls.append(name)
        return real(raw, table, path, name)

    monkeypatch.setattr(upload, "parse_table", counting)
    raw = edit("actors", 0, "kind", "planet")
    first = check_upload(raw, "actors", "mine.csv")
    assert check_upload(raw, "actors", "mine.csv") == first and len(calls) == 1
    assert first and "unknown value 'planet'" in str(first[0])
    check_upload(raw + b"\n", "actors", "mine.csv")
    assert len(calls) == 2
