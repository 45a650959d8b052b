"""The app's database file: built once per process if missing or older than the curated CSVs,
and kept open for the read-only queries to come (`ctdash.db.reading`).

A data change that does not validate leaves the last good file in use with a warning; a file
that cannot be built or read at all is an error the page shows instead of a traceback.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ctdash import paths
from ctdash.cache import DbRef, Memo
from ctdash.db import DERIVED_SQL, SCHEMA_SQL, build, reading
from ctdash.validate import DataError


@dataclass(frozen=True)
class Database:
    path: Path | None
    error: str | None = None  # the database cannot be used at all
    warning: str | None = None  # data changed but did not validate: the last good file is used

    def ref(self) -> DbRef:
        """The file and its version now (read once per run: every cache key holds it)."""
        assert self.path is not None, "no database file"
        return DbRef.of(self.path)


def _problems_text(exc: DataError, limit: int = 12) -> str:
    lines = [str(p) for p in exc.problems[:limit]]
    if len(exc.problems) > limit:
        lines.append(f"... and {len(exc.problems) - limit} more")
    return "\n".join(lines)


def _stale(path: Path, data_dir: Path) -> bool:
    """Older than a curated file, or than the SQL that makes its tables (a newer app's)."""
    made_from = [*data_dir.glob("*.csv"), SCHEMA_SQL, DERIVED_SQL]
    return path.stat().st_mtime < max(p.stat().st_mtime for p in made_from)


def _open(db_path: str | None, data_dir: str | None) -> Database:
    path = Path(db_path or paths.db_path())
    data = Path(data_dir or paths.data_dir())
    over_parquet = bool(os.environ.get("CTDASH_PARQUET"))  # `ctdash serve --parquet`: a catalogue of views
    try:
        if over_parquet and not path.exists():
            raise FileNotFoundError(f"no catalogue of Parquet views at {path} (start with ctdash serve --parquet DIR)")
        if not path.exists():
            build(data, path)
        elif not over_parquet and data.is_dir() and _stale(path, data):
            try:
                build(data, path)
            except DataError as exc:
                return Database(path, warning=_problems_text(exc))
        with reading(path) as con:  # opens the file (and keeps it open for the queries to come)
            con.execute("SELECT 1").fetchall()
    except DataError as exc:
        return Database(None, error=_problems_text(exc))
    except Exception as exc:  # unreadable file, disk full ...: say so instead of a traceback
        return Database(None, error=f"{type(exc).__name__}: {exc}")
    return Database(path)


_OPENED: Memo[Database] = Memo(_open, maxsize=8)  # once per process and location, not per version


def location() -> tuple[str | None, str | None]:
    """(database file, data folder) from CTDASH_DB and CTDASH_DATA (None: the defaults)."""
    return os.environ.get("CTDASH_DB"), os.environ.get("CTDASH_DATA")


def database(db_path: str | None = None, data_dir: str | None = None) -> Database:
    """The database file, built if missing (or older than the curated CSVs), once per process."""
    return _OPENED(db_path, data_dir)


def is_open(db_path: str | None = None, data_dir: str | None = None) -> bool:
    """Whether `database(db_path, data_dir)` is ready (else the first call may build the file)."""
    return (db_path, data_dir) in _OPENED
