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


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    c = db.connect()
    yield c
    c.close()


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
    assert sum(1 for p in db._ANCHORS if p == path.resolve()) == 1
    db.release(path)
    assert path.resolve() not in db._ANCHORS


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


# ---------------------------------------------------------------- issue 14: build housekeeping

_KILLED_BUILD = """
import os, signal, sys
from pathlib import Path
from ctdash import db
real = db.load
def load(con, data_dir=None):
    real(con, data_dir)  # the tables are written (to the WAL), then the build is killed
    os.kill(os.getpid(), signal.SIGKILL)
db.load = load
db.build(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def _temporaries(folder: Path, name: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}.") and ".tmp" in p.name)


def test_next_build_removes_what_a_killed_build_left(tmp_path: Path) -> None:
    import subprocess
    import sys

    target = tmp_path / "ctdash.duckdb"
    proc = subprocess.run([sys.executable, "-c", _KILLED_BUILD, str(ROOT / "data"), str(target)], timeout=300)
    assert proc.returncode == -9
    left = _temporaries(tmp_path, target.name)
    assert left and any(n.endswith(".tmp.wal") for n in left), left  # what kill -9 leaves
    not_ours = [".ctdash.duckdb.short.tmp", "ctdash.duckdb.abcdefgh.tmp", ".other.duckdb.abcdefgh.tmp",
                ".ctdash.duckdb.abcdefgh.tmp.bak"]
    for name in not_ours:
        (tmp_path / name).write_bytes(b"keep me")
    outside = tmp_path / "elsewhere.txt"
    outside.write_bytes(b"keep me")
    (tmp_path / ".ctdash.duckdb.linklink.tmp").symlink_to(outside)
    db.build(ROOT / "data", target)
    assert _temporaries(tmp_path, target.name) == sorted([".ctdash.duckdb.linklink.tmp", ".ctdash.duckdb.short.tmp",
                                                          ".ctdash.duckdb.abcdefgh.tmp.bak"])
    assert all((tmp_path / n).read_bytes() == b"keep me" for n in not_ours) and outside.read_bytes() == b"keep me"


def test_a_build_in_progress_elsewhere_is_left_alone(tmp_path: Path) -> None:
    """A temporary file another process has open in DuckDB (a build still running) is kept, and
    so is one a build of this process is writing."""
    import subprocess
    import sys

    target = tmp_path / "ctdash.duckdb"
    busy = tmp_path / ".ctdash.duckdb.busybusy.tmp"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
         "c.execute('CREATE TABLE t AS SELECT 1'); print('open', flush=True); sys.stdin.read()", str(busy)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        mine = tmp_path / ".ctdash.duckdb.minemine.tmp"
        mine.write_bytes(b"being written")
        db._building.add(str(mine))
        try:
            db.build(ROOT / "data", target)
        finally:
            db._building.discard(str(mine))
        assert busy.exists() and mine.exists()
    finally:
        holder.communicate("", timeout=60)
    db.build(ROOT / "data", target)  # once the other build is gone, its file is stale
    assert not busy.exists() and mine.exists() is False


def test_full_disk_build_fails_in_one_line_and_keeps_the_old_file(tmp_path: Path) -> None:
    """`ulimit -f 2000; ctdash build`: the write fails inside DuckDB; the message is one line and
    the good database is untouched."""
    import hashlib
    import resource
    import subprocess
    import sys

    target = db.build(ROOT / "data", tmp_path / "ctdash.duckdb")
    before = hashlib.sha256(target.read_bytes()).hexdigest()

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2000 * 1024, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))

    proc = subprocess.run([sys.executable, "-m", "ctdash", "build", "--db", str(target)], capture_output=True,
                          text=True, timeout=300, preexec_fn=small_files)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.startswith("build failed; the old database is left as it was")
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    assert _temporaries(tmp_path, target.name) == []
