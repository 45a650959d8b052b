"""Check an analyst's CSV before it is committed: "check my CSV" on the Explorer page.

An upload is the whole file for one table, as the analyst would commit it to `data/`. It is
parsed with the validator's own reader, put in place of the live table in memory, checked with
every other live table and the seeds, and finally loaded into a throwaway in-memory DuckDB so
that a file that passes here also builds. Nothing is written: not `data/`, not the database.
Problems the live data already has are left out, so that every line is about the upload.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ctdash.db import DATA_DIR, SCHEMA_SQL, _frame
from ctdash.schema import TABLE_BY_NAME, TABLES
from ctdash.validate import CheckTimeout, Parsed, Problem, check_tables, parse_table, time_limit, validate

MAX_UPLOAD_BYTES = 1024 * 1024  # 15 times the largest curated file
CHECK_SECONDS = 10.0  # wall time one check of uploads may take; past it the check stops with a problem
_UNSAFE = re.compile(r"[^\w.\- ]")
_live_cache: dict[tuple, tuple[dict[str, Parsed], list[Problem]]] = {}
_CHECKED_MAX = 32  # answers kept: a rerun (or another session) with the same files is not checked again
_checked: OrderedDict[tuple, list[Problem]] = OrderedDict()
_checked_lock = threading.Lock()


@dataclass(frozen=True)
class Upload:
    """One uploaded file: its bytes, the table it claims to be, and the name it came with."""

    raw: bytes
    table: str
    filename: str | None = None


def safe_name(filename: str | None, table: str) -> str:
    """A file name fit for a problem line: base name only, odd characters replaced, short."""
    base = re.split(r"[/\\]", filename or "")[-1]
    base = _UNSAFE.sub("_", base).strip(" ._")[:80]
    return base or f"{table}.csv"


def check_upload(raw: bytes, table: str, filename: str | None = None,
                 data_dir: Path | None = None, root: Path | None = None) -> list[Problem]:
    """Problems with one uploaded CSV claiming to be `table`, checked with the live data and seeds."""
    return check_uploads([Upload(raw, table, filename)], data_dir, root)


def check_uploads(uploads: list[Upload], data_dir: Path | None = None,
                  root: Path | None = None, seconds: float | None = CHECK_SECONDS) -> list[Problem]:
    """Problems with uploaded CSVs (at most one per table) checked together; nothing is written.

    The answer is kept by the files' content (sha256), table and name and the live data's state,
    so a rerun does not check the same files again; a check that takes longer than `seconds`
    stops and says so instead of holding the server.
    """
    data_dir = Path(data_dir or DATA_DIR)
    root = Path(root) if root else data_dir.resolve().parent
    live_key, (live, baseline) = _live(data_dir, root)
    key = (live_key, seconds,
           tuple((hashlib.sha256(up.raw).hexdigest(), up.table, up.filename) for up in uploads))
    with _checked_lock:
        if key in _checked:
            _checked.move_to_end(key)
            return list(_checked[key])
    try:
        with time_limit(seconds):
            problems = _check(uploads, data_dir, root, live, baseline)
    except CheckTimeout:
        name = f"upload/{safe_name(uploads[0].filename, uploads[0].table)}" if uploads else "upload"
        problems = [Problem(name, 0, "-", f"check stopped after {seconds:g} s: the file is too costly "
                                          "to check here; run `ctdash validate` on your own computer")]
    with _checked_lock:
        _checked[key] = problems
        while len(_checked) > _CHECKED_MAX:
            _checked.popitem(last=False)
    return list(problems)


def _check(uploads: list[Upload], data_dir: Path, root: Path, live: dict[str, Parsed],
           baseline: list[Problem]) -> list[Problem]:
    """`check_uploads` without its memo and time limit."""
    known = {str(p) for p in baseline}
    parsed = dict(live)
    for t in TABLES:  # validate() leaves a table out only when the data folder is missing
        parsed.setdefault(t.name, Parsed(t, data_dir / f"{t.name}.csv", [], []))
    problems: list[Problem] = []
    names: list[str] = []
    seen: set[str] = set()
    for up in uploads:
        name = f"upload/{safe_name(up.filename, up.table)}"
        names.append(name)
        table = TABLE_BY_NAME.get(up.table)
        if table is None:
            problems.append(Problem(name, 0, "-", f"unknown table {up.table!r} (one of: "
                                    + ", ".join(sorted(TABLE_BY_NAME)) + ")"))
            continue
        if up.table in seen:
            problems.append(Problem(name, 0, "-", f"a second file for table {up.table}; upload one per table"))
            continue
        seen.add(up.table)
        if len(up.raw) > MAX_UPLOAD_BYTES:
            problems.append(Problem(name, 0, "-", f"file larger than {MAX_UPLOAD_BYTES // 1024} KB"))
            continue
        mine, probs = parse_table(bytes(up.raw), table, Path(name), name)
        problems += probs + _formulas(mine, name)
        parsed[up.table] = mine
    if problems:
        return _order(problems, names)
    new = [p for p in check_tables(parsed, root) if str(p) not in known]
    if not new:
        new = _trial_load(parsed, names[0] if names else "upload")
    return _order(new, names)


def _live(data_dir: Path, root: Path) -> tuple[tuple, tuple[dict[str, Parsed], list[Problem]]]:
    """The live tables and their own problems (with the key of their state), re-read only when a
    file in data/ or seeds/ changes."""
    stamp = tuple(
        (str(f), f.stat().st_mtime_ns, f.stat().st_size)
        for folder in (data_dir, root / "seeds") if folder.is_dir()
        for f in sorted(folder.iterdir()) if f.is_file()
    )
    key = (str(data_dir.resolve()), str(root.resolve()), stamp)
    if key not in _live_cache:
        _live_cache.clear()
        _live_cache[key] = validate(data_dir, root)
    return key, _live_cache[key]


def _formulas(parsed: Parsed, name: str) -> list[Problem]:
    """Cells that start with '=': a spreadsheet formula pasted in place of its text."""
    return [
        Problem(name, line, col, "starts with '=': looks like a spreadsheet formula, not curated text")
        for row, line in zip(parsed.rows, parsed.lines, strict=True)
        for col, value in row.items() if value.startswith("=")
    ]


def _trial_load(parsed: dict[str, Parsed], name: str) -> list[Problem]:
    """Load every table into a throwaway in-memory database; a failure becomes one problem."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        for table in TABLES:
            frame = _frame(table, parsed[table.name])  # noqa: F841 (read by DuckDB by name)
            con.execute(f"INSERT INTO {table.name} SELECT * FROM frame")
    except Exception as exc:  # noqa: BLE001 - any failure here is reported, never raised
        lines = [ln for ln in str(exc).splitlines() if ln.strip()]
        return [Problem(name, 0, "-", f"would not load into the database: {lines[0] if lines else type(exc).__name__}")]
    finally:
        con.close()
    return []


def _order(problems: list[Problem], names: list[str]) -> list[Problem]:
    """Problems in the uploaded files first, then those the uploads cause in live files."""
    def key(p: Problem) -> tuple:
        return (p.file not in names, p.file, p.line, p.column, p.message)

    return sorted(set(problems), key=key)
