"""The DuckDB loader: typed, keyed tables; atomic builds that never replace a good file with a bad one."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT, set_cell

from ctdash import db
from ctdash.schema import TABLES
from ctdash.validate import DataError


def test_schema_sql_is_generated_from_schema_py() -> None:
    text = db.SCHEMA_SQL.read_text(encoding="utf-8")
    assert text.split("\n\n", 1)[1] == db.ddl()


@pytest.mark.parametrize("table", [t.name for t in TABLES])
def test_every_row_loaded(con: duckdb.DuckDBPyConnection, table: str) -> None:
    with (ROOT / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        expected = sum(1 for _ in csv.DictReader(fh))
    assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == expected


def test_columns_are_typed(con: duckdb.DuckDBPyConnection) -> None:
    types = dict(con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'facts'"
    ).fetchall())
    assert types["value"] == "DOUBLE"
    assert types["period_start"] == "DATE"
    assert types["year"] == "INTEGER"
    assert types["quote"] == "VARCHAR"


def test_primary_key_enforced(con: duckdb.DuckDBPyConnection) -> None:
    fact_id = con.execute("SELECT fact_id FROM facts LIMIT 1").fetchone()[0]
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO facts (fact_id, source_id, topic, metric, label_en, label_ar, unit, qualifier, quote) "
                    "SELECT fact_id, source_id, topic, metric, label_en, label_ar, unit, qualifier, quote FROM facts WHERE fact_id = ?",
                    [fact_id])


def test_foreign_key_enforced(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO fact_actors VALUES ('F-NOPE-1', 'MAR', 'subject')")


def test_known_values(con: duckdb.DuckDBPyConnection) -> None:
    """Hand-checked from the sources: CTED's visits to Sep 2022 and the GCTF annex's 2016 meetings."""
    visits = con.execute("SELECT value, qualifier FROM facts WHERE source_id = 'cted_about' AND value = 182").fetchall()
    assert visits == [(182.0, "more_than")]
    rows = con.execute(
        "SELECT year, value FROM facts WHERE source_id = 'gctf_legacy' AND metric = 'expert_meetings' "
        "AND year IS NOT NULL AND quote LIKE 'في عام%' ORDER BY year"
    ).fetchall()
    assert rows == [(2016, 18.0), (2017, 11.0), (2018, 13.0), (2019, 23.0)]


def test_build_replaces_atomically(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "ctdash.duckdb"
    db.build(project / "data", target)
    first = target.read_bytes()
    assert duckdb.connect(str(target), read_only=True).execute("SELECT count(*) FROM facts").fetchone()[0] > 0
    # A bad build leaves the old file byte-identical.
    set_cell(project / "data/facts.csv", 0, "value", "not-a-number")
    with pytest.raises(DataError) as err:
        db.build(project / "data", target)
    assert any("value: not a number" in str(p) for p in err.value.problems)
    assert target.read_bytes() == first
    assert sorted(p.name for p in target.parent.iterdir()) == ["ctdash.duckdb"]


def test_connect_to_file_read_only(tmp_path: Path) -> None:
    path = tmp_path / "x.duckdb"
    db.build(None, path)
    ro = db.connect(db_path=path, read_only=True)
    assert ro.execute("SELECT count(*) FROM sources").fetchone()[0] == 5
    with pytest.raises(duckdb.Error):
        ro.execute("DELETE FROM sources")


def _tiny(path: Path, value: int) -> Path:
    """A stand-in database file holding one number (what `reading` does not care about)."""
    tmp = path.with_name(f"{path.name}.{value}.new")
    con = duckdb.connect(str(tmp))
    con.execute("CREATE TABLE t AS SELECT ? AS v", [value])
    con.close()
    tmp.replace(path)  # a rebuild renames a new file over the old one, as db.build does
    return path


def test_reading_keeps_one_connection_per_file(tmp_path: Path) -> None:
    path = _tiny(tmp_path / "x.duckdb", 1)
    for _ in range(5):
        with db.reading(path) as con:
            assert con.execute("SELECT v FROM t").fetchone() == (1,)
    assert db.kept_open().count(path.resolve()) == 1
    db.release(path)
    assert path.resolve() not in db.kept_open()


def test_reading_sees_a_rebuilt_file_once_old_queries_finish(tmp_path: Path) -> None:
    """DuckDB answers from the old file while any connection to it is open: `reading` must close
    the kept one (after the queries on it end) and open the new file."""
    import threading

    path = _tiny(tmp_path / "x.duckdb", 1)
    held, release = threading.Event(), threading.Event()
    seen = []

    def slow_query() -> None:
        with db.reading(path) as con:
            seen.append(con.execute("SELECT v FROM t").fetchone()[0])
            held.set()
            release.wait(10)
            seen.append(con.execute("SELECT v FROM t").fetchone()[0])  # still the file it started on

    worker = threading.Thread(target=slow_query)
    worker.start()
    held.wait(10)
    _tiny(path, 2)
    threading.Timer(0.3, release.set).start()
    with db.reading(path) as con:  # waits for the old query, then opens the new file
        assert con.execute("SELECT v FROM t").fetchone() == (2,)
    worker.join(10)
    assert seen == [1, 1]
    db.release(path)
