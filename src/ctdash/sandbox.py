"""The read-only SQL box: one guarded code path for `ctdash sql --sandbox` and the Explorer page.

Each request gets its own DuckDB connection to the built database file, opened read-only, with
external access and extension loading switched off and the configuration locked before any user
text runs. Only one SELECT (or WITH ... SELECT) statement is accepted; results are capped in
rows and interrupted after a time limit.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

MAX_ROWS = 10_000
TIMEOUT_S = 5.0
MAX_QUERY_CHARS = 20_000


class SandboxError(Exception):
    """A query the sandbox refuses or could not finish; the message is safe to show a user."""


@dataclass
class Result:
    frame: pd.DataFrame
    truncated: bool


def _guarded_connection(db_path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(
        str(db_path),
        read_only=True,
        config={
            "enable_external_access": False,
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "allow_community_extensions": False,
            "allow_unsigned_extensions": False,
            "memory_limit": "512MB",
            "threads": 1,
            "max_temp_directory_size": "0B",
        },
    )
    con.execute("SET lock_configuration = true")
    return con


def check_statement(con: duckdb.DuckDBPyConnection, query: str) -> None:
    """Refuse anything but exactly one SELECT statement."""
    if len(query) > MAX_QUERY_CHARS:
        raise SandboxError(f"query longer than {MAX_QUERY_CHARS} characters")
    try:
        statements = con.extract_statements(query)
    except duckdb.Error as exc:
        raise SandboxError(f"SQL error: {_first_line(exc)}") from None
    if len(statements) != 1:
        raise SandboxError(f"one statement at a time, please (found {len(statements)})")
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        raise SandboxError(f"only SELECT queries are allowed (this is {kind.name})")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def run(db_path: Path | str, query: str, max_rows: int = MAX_ROWS, timeout: float = TIMEOUT_S) -> Result:
    """Run one read-only SELECT against the curated tables; raise SandboxError with a readable reason."""
    con = _guarded_connection(Path(db_path))
    try:
        check_statement(con, query)
        timer = threading.Timer(timeout, con.interrupt)
        timer.start()
        try:
            rel = con.execute(query)
            rows = rel.fetchmany(max_rows + 1)
            columns = [d[0] for d in rel.description or []]
        except duckdb.InterruptException:
            raise SandboxError(f"query stopped: it ran longer than {timeout:g} s") from None
        except duckdb.Error as exc:
            if not timer.is_alive():
                raise SandboxError(f"query stopped: it ran longer than {timeout:g} s") from None
            raise SandboxError(f"SQL error: {_first_line(exc)}") from None
        finally:
            timer.cancel()
        truncated = len(rows) > max_rows
        return Result(pd.DataFrame(rows[:max_rows], columns=columns), truncated)
    finally:
        con.close()
