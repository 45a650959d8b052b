"""`Rows`: a query's result as plain Python, and the pandas frame made from it on demand, typed as
DuckDB's own conversion to pandas types it."""

from __future__ import annotations

import datetime

import duckdb
import pandas as pd
import pytest

from ctdash.rowset import Rows

SQL = """
SELECT i::INTEGER AS n, CASE WHEN i > 0 THEN i END::INTEGER AS maybe, 'r' || i AS name,
       CASE WHEN i > 0 THEN 'x' END AS text, i > 0 AS flag, CASE WHEN i > 0 THEN true END AS maybe_flag,
       DATE '2020-01-01' + i::INTEGER AS day, sum(i) OVER () AS total, 1.5 AS decimal, i * 0.5::DOUBLE AS half
FROM range(3) t(i) ORDER BY i"""


@pytest.fixture(scope="module")
def rows() -> Rows:
    return Rows.fetch(duckdb.connect().execute(SQL))


def test_cells_are_python_values_and_sums_and_decimals_floats_as_pandas_had_them(rows: Rows) -> None:
    first = rows.records()[0]
    assert first == {"n": 0, "maybe": None, "name": "r0", "text": None, "flag": False, "maybe_flag": None,
                     "day": datetime.date(2020, 1, 1), "total": 3.0, "decimal": 1.5, "half": 0.0}
    assert type(first["total"]) is float and type(first["decimal"]) is float and type(first["n"]) is int
    assert rows.column("n") == [0, 1, 2] and rows["name"] == ["r0", "r1", "r2"]
    with pytest.raises(KeyError):
        rows.column("nope")
    assert rows.present("maybe") == [1, 2] and rows.present("nope") == []
    assert Rows(("x",), ("DOUBLE",), [(float("nan"),), (1.0,)]).present("x") == [1.0]
    assert rows.first() == first and rows.first() is not first and Rows.of([]).first() == {}


def test_frame_is_typed_as_duckdbs_conversion_types_it(rows: Rows) -> None:
    duck = duckdb.connect().execute(SQL).df()
    frame = rows.frame
    assert list(frame.columns) == list(duck.columns)
    kinds = {c: str(t) for c, t in frame.dtypes.items()}
    assert kinds["n"] == "int64" and kinds["maybe"] == "Int64" and kinds["flag"] == "bool"
    assert kinds["maybe_flag"] == "boolean" and kinds["total"] == kinds["decimal"] == kinds["half"] == "float64"
    assert kinds["name"] == kinds["text"] == str(duck["name"].dtype)
    # the same cells, dates as dates (as the queries always gave them), missing as missing
    assert list(frame["day"]) == [d.date() for d in duck["day"]]
    for col in ("n", "maybe", "name", "text", "flag", "maybe_flag", "total", "decimal", "half"):
        assert frame[col].isna().tolist() == duck[col].isna().tolist(), col
        assert [v for v in frame[col] if not pd.isna(v)] == [v for v in duck[col] if not pd.isna(v)], col
    assert rows.frame is frame  # made once


def test_with_column_where_head_make_new_rows_and_leave_these_alone(rows: Rows) -> None:
    named = rows.with_column("name", ["a", "b", "c"])
    added = rows.with_column("extra", [1, 2, 3], "BIGINT")
    assert named.columns == rows.columns and named["name"] == ["a", "b", "c"] and rows["name"] == ["r0", "r1", "r2"]
    assert added.columns[-1] == "extra" and added.types[-1] == "BIGINT" and added["extra"] == [1, 2, 3]
    assert rows.where(lambda r: r["flag"])["n"] == [1, 2]
    assert rows.head(1).data == rows.data[:1] and len(rows.head(0)) == 0 and rows.head(0).empty
    with pytest.raises(ValueError):
        rows.with_column("extra", [1])


def test_rows_made_from_dicts_are_typed_by_their_values() -> None:
    made = Rows.of([{"a": None, "b": "x"}, {"a": 2, "b": None, "c": datetime.date(2020, 1, 1)}])
    assert made.columns == ("a", "b") and made.types == ("BIGINT", "VARCHAR") and made.data == [(None, "x"), (2, None)]
    assert str(made.frame["a"].dtype) == "Int64"
    assert Rows.of([]).empty and Rows.of([]).frame.empty
