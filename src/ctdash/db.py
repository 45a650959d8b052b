"""Load the curated CSVs into DuckDB and guard the database file.

`connect()` gives a connection with every table typed and keyed; `build()` validates and then
replaces a database file atomically, so a failed build never touches a good file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from ctdash.schema import TABLES, Table
from ctdash.validate import DataError, Parsed, validate

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
SCHEMA_SQL = Path(__file__).with_name("schema.sql")
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
    parsed, problems = validate(Path(data_dir or DATA_DIR))
    if problems:
        raise DataError(problems)
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    for table in TABLES:
        frame = _frame(table, parsed[table.name])  # noqa: F841 (read by DuckDB by name)
        con.execute(f"INSERT INTO {table.name} SELECT * FROM frame")


def build(data_dir: Path | None = None, db_path: Path | str = ROOT / "ctdash.duckdb") -> Path:
    """Write the database to `db_path` atomically: a temporary file in the same folder, then rename."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".tmp", dir=db_path.parent)
    os.close(fd)
    os.unlink(tmp)  # DuckDB wants to create the file itself
    try:
        con = duckdb.connect(tmp)
        try:
            load(con, data_dir)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, db_path)
    finally:
        for leftover in (tmp, tmp + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    return db_path


def connect(
    data_dir: Path | str | None = None,
    db_path: Path | str | None = None,
    read_only: bool = False,
) -> duckdb.DuckDBPyConnection:
    """A connection holding every curated table.

    With `db_path` of an existing file (and no `data_dir`), open that file; with `db_path` of a
    missing file, build it first; otherwise load `data_dir` (default `data/`) into memory.
    """
    if db_path is not None:
        path = Path(db_path)
        if data_dir is not None or not path.exists():
            build(Path(data_dir) if data_dir else None, path)
        return duckdb.connect(str(path), read_only=read_only)
    con = duckdb.connect(":memory:")
    load(con, Path(data_dir) if data_dir else None)
    return con
