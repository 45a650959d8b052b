"""Load the curated CSVs into DuckDB and guard the database file.

`connect()` gives a connection with every table typed and keyed; `build()` validates and then
replaces a database file atomically, so a failed build never touches a good file; `reading()`
gives the app a cheap read-only connection for one query.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from ctdash import paths
from ctdash.schema import TABLES, Table
from ctdash.validate import DataError, Parsed, validate

if TYPE_CHECKING:
    import pandas as pd

# The home folder and its data/ when this module was imported (kept for callers that import them;
# new code asks ctdash.paths, which also follows CTDASH_HOME set later).
ROOT = paths.home()
DATA_DIR = paths.data_dir()
SCHEMA_SQL = Path(__file__).with_name("schema.sql")
DERIVED_SQL = Path(__file__).with_name("derived.sql")  # fact_spans: derived from the curated tables alone
DERIVED = ("fact_spans",)
_SQL_TYPES = {"text": "VARCHAR", "double": "DOUBLE", "int": "INTEGER", "date": "DATE"}


def ddl() -> str:
    """DuckDB DDL for every table, in load order (referenced tables first)."""
    parts = []
    for table in TABLES:
        cols = []
        for c in table.columns:
            null = " NOT NULL" if c.required else ""
            cols.append(f"    {c.name} {_SQL_TYPES[c.type]}{null}")
        if table.key:
            # A key with an optional column (wg_roles.period_start) is UNIQUE, not PRIMARY.
            optional = any(not table.column(k).required for k in table.key)
            kind = "UNIQUE" if optional else "PRIMARY KEY"
            cols.append(f"    {kind} ({', '.join(table.key)})")
        for c in table.columns:
            if c.ref:
                ref_table, ref_col = c.ref.split(".")
                cols.append(f"    FOREIGN KEY ({c.name}) REFERENCES {ref_table}({ref_col})")
        parts.append(f"CREATE TABLE {table.name} (\n" + ",\n".join(cols) + "\n);")
    return "\n\n".join(parts) + "\n"


def _frame(table: Table, parsed: Parsed) -> pd.DataFrame:
    import pandas as pd  # building only: the app opens a built database without pandas

    data = {c.name: [r[c.name] or None for r in parsed.rows] for c in table.columns}
    frame = pd.DataFrame(data, columns=table.column_names, dtype=object)
    for c in table.columns:
        if c.type == "double":
            frame[c.name] = pd.to_numeric(frame[c.name]).astype("float64")
        elif c.type == "int":
            frame[c.name] = pd.to_numeric(frame[c.name]).astype("Int64")
        elif c.type == "date":
            frame[c.name] = pd.to_datetime(frame[c.name], format="%Y-%m-%d").dt.date
    return frame


def load(con: duckdb.DuckDBPyConnection, data_dir: Path | None = None) -> None:
    """Validate `data_dir` and create and fill every table in `con`; raise DataError if invalid."""
    parsed, problems = validate(Path(data_dir or paths.data_dir()))
    if problems:
        raise DataError(problems)
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    for table in TABLES:
        frame = _frame(table, parsed[table.name])  # noqa: F841 (read by DuckDB by name)
        con.execute(f"INSERT INTO {table.name} SELECT * FROM frame")
    derive(con)


def derive(con: duckdb.DuckDBPyConnection, as_view: bool = False) -> None:
    """Make `DERIVED` (fact_spans) from the curated tables in `con`: a table, computed once, or
    a view (a catalogue of Parquet views holds no data of its own)."""
    kind = "OR REPLACE VIEW" if as_view else "TABLE"
    con.execute(f"CREATE {kind} {DERIVED[0]} AS {DERIVED_SQL.read_text(encoding='utf-8')}")


_building: set[str] = set()  # temporary files this process's builds are writing now
_building_lock = threading.Lock()


def _in_use(path: Path) -> bool:
    """True when another process holds DuckDB's lock on the file (a build still running there).
    DuckDB locks an open file with fcntl; probing takes the same kind of lock and drops it."""
    import fcntl

    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return True  # cannot tell: leave it
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # also releases the probe's lock
    return False


def clean_stale_temporaries(db_path: Path) -> list[Path]:
    """Remove what builds of `db_path` killed before they finished left in its folder: files
    named exactly as `build` names its temporary file (`.NAME.XXXXXXXX.tmp`) and its `.wal`,
    that are regular files, not being written by a build of this process, and not locked by
    another process's. Returns the files removed."""
    pattern = re.compile(rf"\.{re.escape(db_path.name)}\.[A-Za-z0-9_]{{8}}\.tmp(\.wal)?")
    removed: list[Path] = []
    try:
        entries = sorted(db_path.parent.iterdir())
    except OSError:
        return removed
    for path in entries:
        if not pattern.fullmatch(path.name) or path.is_symlink() or not path.is_file():
            continue
        main = Path(str(path).removesuffix(".wal"))
        with _building_lock:
            if str(main) in _building:
                continue
        if main.exists() and _in_use(main):
            continue
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


def write_atomically(db_path: Path, fill: Callable[[duckdb.DuckDBPyConnection], None],
                     release_old: bool = False) -> Path:
    """Write a DuckDB file at `db_path` through a temporary file in the same folder that `fill`
    fills, then rename it over `db_path`: a failure leaves the old file untouched. Temporary
    files that killed writes left behind are removed first; `release_old` closes this process's
    idle read connections to the old file before the rename."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_temporaries(db_path)
    fd, tmp = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".tmp", dir=db_path.parent)
    with _building_lock:
        _building.add(tmp)
    os.close(fd)
    os.unlink(tmp)  # DuckDB wants to create the file itself
    try:
        con = duckdb.connect(tmp)
        try:
            fill(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        if release_old:
            release(db_path)
        os.replace(tmp, db_path)
    finally:
        for leftover in (tmp, tmp + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)
        with _building_lock:
            _building.discard(tmp)
    return db_path


def build(data_dir: Path | None = None, db_path: Path | str | None = None) -> Path:
    """Validate `data_dir` and write the database to `db_path` (default `paths.db_path()`)
    atomically (`write_atomically`)."""
    return write_atomically(Path(db_path or paths.db_path()), lambda con: load(con, data_dir))


def connect(
    data_dir: Path | str | None = None,
    db_path: Path | str | None = None,
    read_only: bool = False,
    parquet_dir: Path | str | None = None,
) -> duckdb.DuckDBPyConnection:
    """A connection holding every curated table.

    With `parquet_dir`, an in-memory connection whose tables are views over its Parquet files.

    With `db_path` of an existing file (and no `data_dir`), open that file; with `db_path` of a
    missing file, build it first; otherwise load `data_dir` (default `data/`) into memory.
    """
    if parquet_dir is not None:
        con = duckdb.connect(":memory:")
        parquet_views(con, parquet_dir)
        return con
    if db_path is not None:
        path = Path(db_path)
        if data_dir is not None or not path.exists():
            build(Path(data_dir) if data_dir else None, path)
        return duckdb.connect(str(path), read_only=read_only)
    con = duckdb.connect(":memory:")
    load(con, Path(data_dir) if data_dir else None)
    return con


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def parquet_location(parquet_dir: Path | str) -> str:
    """The folder (or object-storage prefix) of the Parquet files, as the views will name it:
    a local folder is made absolute and must hold one file per table; a URL (s3://, https://) is
    used as given (DuckDB's httpfs extension reads it)."""
    text = str(parquet_dir).rstrip("/")
    if "://" in text:
        return text
    folder = Path(text).resolve()
    missing = [f"{t.name}.parquet" for t in TABLES if not (folder / f"{t.name}.parquet").is_file()]
    if missing:
        raise FileNotFoundError(f"{folder} lacks {', '.join(missing)} (write them with ctdash build --parquet)")
    return str(folder)


def parquet_views(con: duckdb.DuckDBPyConnection, parquet_dir: Path | str) -> None:
    """One view per curated table over `<parquet_dir>/<table>.parquet` (written by `ctdash build
    --parquet`), so every query of the app runs unchanged on the Parquet files."""
    base = parquet_location(parquet_dir)
    for table in TABLES:
        url = _literal(f"{base}/{table.name}.parquet")
        con.execute(f"CREATE OR REPLACE VIEW {table.name} AS SELECT * FROM read_parquet({url})")
    derive(con, as_view=True)


def parquet_catalogue(parquet_dir: Path | str, db_path: Path | str) -> Path:
    """Write (atomically) a DuckDB file that holds only views over the Parquet files: the app
    opens it read-only as it opens a built database."""
    base = parquet_location(parquet_dir)
    return write_atomically(Path(db_path), lambda con: parquet_views(con, base), release_old=True)


# ---------------------------------------------------------------- read-only connections for the app

def file_version(path: Path) -> str:
    """Changes when the file is replaced (a rebuild renames a new file over it)."""
    try:
        stat = path.stat()
    except OSError:
        return "none"
    return f"{path}:{stat.st_ino}:{stat.st_mtime_ns}:{stat.st_size}"


class _Anchor:
    """One open read-only connection that keeps DuckDB's database instance for a file loaded:
    opening the file afresh for each query cost about 40 ms, a cursor of this costs under 1 ms."""

    def __init__(self, path: Path) -> None:
        self.version = file_version(path)
        self.con = duckdb.connect(str(path), read_only=True)
        self.users = 0


_ANCHORS: OrderedDict[Path, _Anchor] = OrderedDict()
_ANCHORS_MAX = 4  # files open at once (the app uses one; tests and benchmarks switch between a few)
_ANCHORS_CHANGED = threading.Condition()


@contextmanager
def reading(path: Path | str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the file at `path` for one query (or a few), closed afterwards.

    It is a cursor of one connection the process keeps open per file, so it is cheap and may be
    used in its own thread. When the file has been replaced since, the old connection is closed
    once its queries are done and the new file is opened: DuckDB would otherwise keep answering
    from the old file's instance, which an open connection keeps alive.
    """
    path = Path(path).resolve()
    with _ANCHORS_CHANGED:
        while True:
            anchor = _ANCHORS.get(path)
            if anchor is None or anchor.version == file_version(path):
                break
            if anchor.users:  # the file was replaced: let the queries on the old one finish
                _ANCHORS_CHANGED.wait(timeout=1)
                continue
            anchor.con.close()
            del _ANCHORS[path]
        if anchor is None:
            anchor = _ANCHORS[path] = _Anchor(path)
            for old_path, old in list(_ANCHORS.items())[:-_ANCHORS_MAX]:
                if not old.users:
                    old.con.close()
                    del _ANCHORS[old_path]
        _ANCHORS.move_to_end(path)
        anchor.users += 1
        cursor = anchor.con.cursor()
    try:
        yield cursor
    finally:
        cursor.close()
        with _ANCHORS_CHANGED:
            anchor.users -= 1
            _ANCHORS_CHANGED.notify_all()


def kept_open() -> list[Path]:
    """The database files `reading` keeps a connection open to now, least recently used first."""
    with _ANCHORS_CHANGED:
        return list(_ANCHORS)


def release(path: Path | str | None = None) -> None:
    """Close the kept connections (to one file, or to all) that no query is using: before this
    process opens the file with another configuration, e.g. to write it."""
    with _ANCHORS_CHANGED:
        for p, anchor in list(_ANCHORS.items()):
            if (path is None or p == Path(path).resolve()) and not anchor.users:
                anchor.con.close()
                del _ANCHORS[p]
