"""The read-only SQL box: one guarded code path for `ctdash sql --sandbox` and the Explorer page.

Layers, each enough on its own for the main threats and together defence in depth:

1. Text checks before DuckDB sees the query: length, no NUL or other control characters.
2. Parse checks on an empty in-memory connection: exactly one statement, of type SELECT, whose
   syntax tree (DuckDB's `json_serialize_sql`) names only the curated tables, its own WITH
   queries and the table functions `range`, `generate_series`, `unnest`, and calls only the
   functions of the allow list `ctdash.sql_functions.ALLOWED` (pure computations), nested at
   most `MAX_TREE_DEPTH` levels deep.
3. Execution in a short-lived worker process (`python -I` running this file) with its own
   address-space, CPU-time and file-descriptor limits. The worker opens the built database
   file `read_only=True` by its bare name (its working directory is the file's folder, so no
   server path is visible), with external access, extension loading and Python replacement
   scans switched off, and locks the configuration before the user's text runs. It re-checks
   the statement, interrupts it after the time limit and caps rows and result size.
4. The parent kills a worker that outlives the time limit, runs at most `MAX_WORKERS` at once,
   and reads the answer back with an unpickler that accepts only plain value types.

Every refusal is a `SandboxError` whose message is one readable line.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import re
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    import pandas as pd

MAX_ROWS = 10_000
TIMEOUT_S = 5.0
MAX_QUERY_CHARS = 20_000
MAX_RESULT_BYTES = 32 * 1024 * 1024  # the pickled answer a worker may send back
MAX_ELEMENTS = 1_000_000  # values inside the lists, maps and structs of one answer
MEMORY_LIMIT = "256MB"  # DuckDB's buffer manager
ADDRESS_SPACE_BYTES = 1536 * 1024 * 1024  # the worker's RLIMIT_AS: strings and lists live outside DuckDB's limit
MAX_WORKERS = 2  # sandbox queries running at once per server process
KILL_GRACE_S = 3.0  # how long after the time limit a worker that ignores its interrupt is killed

# The tables a query may name: exactly the curated ones (schema.TABLES, kept in step by a test).
CURATED_TABLES = frozenset({
    "sources", "actors", "actor_aliases", "working_groups", "facts", "fact_actors", "events",
    "event_actors", "wg_roles", "documents", "conflicts", "coverage_exclusions",
})
ALLOWED_TABLE_FUNCTIONS = frozenset({"range", "generate_series", "unnest"})
MAX_TREE_DEPTH = 400  # levels of the serialised syntax tree: about 100 levels of nested SQL
ALLOWED_SHOW = frozenset({"SUMMARY", "DESCRIBE"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ABS_PATH = re.compile(r"(?<![\w.])/(?:[\w.@+~-]+/)+[\w.@+~-]*")
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _sibling(name: str) -> Any:
    """A module next to this file, loaded by path: the worker runs this file as a script under
    `python -I`, without the package on its path."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"_ctdash_{name}", Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


if __package__:
    from ctdash.sql_functions import ALLOWED as ALLOWED_FUNCTIONS
    from ctdash.sql_functions import EXCLUDED as _EXCLUDED
else:
    _lists = _sibling("sql_functions")
    ALLOWED_FUNCTIONS, _EXCLUDED = _lists.ALLOWED, _lists.EXCLUDED
# Names DuckDB may bind to a function when no column has them (`SELECT "current_catalog"`,
# `SELECT user`): a column reference may not use one.
REFUSED_NAMES = frozenset(_EXCLUDED)


class SandboxError(Exception):
    """A query the sandbox refuses or could not finish; the message is safe to show a user."""


@dataclass
class Result:
    """Rows a sandboxed query returned (at most the row cap) and whether more were cut off."""

    frame: pd.DataFrame
    truncated: bool


def _first_line(exc: BaseException | str) -> str:
    """The first non-empty line of an error, cleaned of control characters and shortened."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    text = lines[0] if lines else type(exc).__name__
    text = _ABS_PATH.sub("<path>", _CONTROL.sub("?", text))
    return text if len(text) <= 300 else text[:297] + "..."


# ---------------------------------------------------------------------------------------------
# Static checks (parent and worker)
# ---------------------------------------------------------------------------------------------

_reserved_names: frozenset[str] | None = None


def _parser() -> duckdb.DuckDBPyConnection:
    """An empty in-memory connection used only to parse (never to run) user text."""
    con = duckdb.connect(":memory:", config={
        "enable_external_access": False,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "python_enable_replacements": False,
    })
    con.execute("SET lock_configuration = true")
    return con


def _reserved(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """Names of every view, table and function DuckDB defines itself: a WITH query may not take one."""
    global _reserved_names
    if _reserved_names is None:
        rows = con.execute(
            "SELECT lower(view_name) FROM duckdb_views() UNION SELECT lower(table_name) FROM duckdb_tables()"
            " UNION SELECT lower(function_name) FROM duckdb_functions()"
        ).fetchall()
        _reserved_names = frozenset(r[0] for r in rows)
    return _reserved_names


def _depth(raw: str) -> int:
    """How deeply the JSON text `raw` nests, found in one pass (json.loads and a recursive walk
    would raise RecursionError on a deep tree before any check could refuse it)."""
    depth = deepest = 0
    for token in _JSON_TOKEN.finditer(raw):
        c = token.group()
        if c in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "]}":
            depth -= 1
    return deepest


def _walk(tree: Any, found: dict[str, list]) -> None:
    """Collect functions, table references, WITH names and SHOW kinds from a serialised tree
    (iteratively: the depth is bounded, but no Python recursion is needed at all)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        kind = node.get("type")
        if "function_name" in node:
            found["functions"].append((str(node.get("catalog") or ""), str(node.get("schema") or ""),
                                       str(node["function_name"])))
        if kind == "TABLE_FUNCTION":
            fn = node.get("function") or {}
            found["table_functions"].append(str(fn.get("function_name", "?")))
        elif kind == "BASE_TABLE":
            found["tables"].append((str(node.get("catalog_name", "")), str(node.get("schema_name", "")),
                                    str(node.get("table_name", ""))))
        elif kind == "SHOW_REF":
            found["show"].append(str(node.get("show_type", "?")))
        elif kind == "COLUMN_REF":
            found["columns"].extend(str(part) for part in node.get("column_names") or [])
        cte_map = node.get("cte_map")
        if isinstance(cte_map, dict):
            for entry in cte_map.get("map") or []:
                found["ctes"].append(str(entry.get("key", "")))
        stack.extend(value for value in node.values() if isinstance(value, (dict, list)))


def check_statement(query: str, con: duckdb.DuckDBPyConnection | None = None) -> str:
    """Refuse anything but one SELECT over the curated tables; return the statement's text."""
    if not isinstance(query, str):
        raise SandboxError("the query must be text")
    try:
        query.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: bytes that were not UTF-8 (a CLI argument)
        raise SandboxError(f"the query is not valid UTF-8 text (at character {exc.start + 1})") from None
    if len(query) > MAX_QUERY_CHARS:
        raise SandboxError(f"query longer than {MAX_QUERY_CHARS} characters")
    bad = _CONTROL.search(query)
    if bad:
        raise SandboxError(f"query contains a control character (U+{ord(bad.group()):04X})")
    own = con is None
    con = con or _parser()
    try:
        try:
            statements = con.extract_statements(query)
        except duckdb.Error as exc:
            raise SandboxError(f"SQL error: {_first_line(exc)}") from None
        if len(statements) != 1:
            raise SandboxError(f"exactly one statement, please (found {len(statements)})")
        kind = statements[0].type
        if kind != duckdb.StatementType.SELECT:
            raise SandboxError(f"only SELECT (or WITH ... SELECT) queries are allowed; this is {kind.name}")
        text = query.strip().rstrip(";").strip()
        raw = con.execute("SELECT json_serialize_sql(?)", [text]).fetchone()[0]
        if _depth(raw) > MAX_TREE_DEPTH:
            raise SandboxError("query nested too deeply (at most about 100 levels of expressions, "
                               "function calls or subqueries)")
        tree = json.loads(raw)
        if tree.get("error"):
            raise SandboxError(f"this kind of query is not supported by the SQL box "
                               f"({_first_line(tree.get('error_message', 'unparseable'))})")
        if len(tree.get("statements") or []) != 1:
            raise SandboxError("exactly one statement, please")
        found: dict[str, list] = {"functions": [], "table_functions": [], "tables": [], "ctes": [], "show": [],
                                  "columns": []}
        _walk(tree["statements"], found)
        _check_tree(found, _reserved(con))
        return text
    finally:
        if own:
            con.close()


def _check_tree(found: dict[str, list], reserved: frozenset[str]) -> None:
    """Apply the allow lists to what the syntax tree names."""
    ctes = set()
    for name in found["ctes"]:
        low = name.lower()
        if not _IDENT.fullmatch(name) or (low in reserved and low not in CURATED_TABLES):
            raise SandboxError(f"WITH query name {name!r} is not allowed; choose a plain name of your own")
        ctes.add(low)
    for show in found["show"]:
        if show not in ALLOWED_SHOW:
            raise SandboxError("only DESCRIBE and SUMMARIZE of a curated table are allowed")
    for fn in found["table_functions"]:
        if fn.lower() not in ALLOWED_TABLE_FUNCTIONS:
            raise SandboxError(f"table function {fn}() is not allowed in the SQL box "
                               f"(allowed: {', '.join(sorted(ALLOWED_TABLE_FUNCTIONS))})")
    for catalog, schema, fn in found["functions"]:
        low = fn.lower()
        if catalog or schema.lower() not in ("", "main") or (
                low not in ALLOWED_FUNCTIONS and low not in ALLOWED_TABLE_FUNCTIONS):
            shown = ".".join(filter(None, (catalog, schema, fn)))
            raise SandboxError(f"function {_CONTROL.sub('?', shown)[:80]}() is not allowed in the SQL box")
    for name in found["columns"]:
        if name.lower() in REFUSED_NAMES:
            raise SandboxError(f"the name {name!r} is not allowed in the SQL box (it can stand for a "
                               "function that describes the server)")
    for catalog, schema, table in found["tables"]:
        low = table.lower()
        if catalog or schema.lower() not in ("", "main"):
            raise SandboxError(f"only the curated tables can be queried (not {'.'.join(filter(None, (catalog, schema, table)))})")
        if low not in CURATED_TABLES and (schema or low not in ctes):
            raise SandboxError(f"unknown table {table!r}; the curated tables are: {', '.join(sorted(CURATED_TABLES))}")


# ---------------------------------------------------------------------------------------------
# Worker (a separate process; only the standard library and duckdb)
# ---------------------------------------------------------------------------------------------

def _limit_resources(timeout: float) -> None:
    """Cap the worker's address space, CPU time, open files and file writes."""
    try:
        import resource
    except ImportError:  # not on POSIX: rely on DuckDB's own limits and the parent's kill
        return
    cpu = int(timeout + KILL_GRACE_S) + 1
    for limit, value in ((resource.RLIMIT_AS, ADDRESS_SPACE_BYTES), (resource.RLIMIT_CPU, cpu),
                         (resource.RLIMIT_FSIZE, 0), (resource.RLIMIT_NOFILE, 64),
                         (resource.RLIMIT_CORE, 0)):
        hard = resource.getrlimit(limit)[1]
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(limit, (value, hard))


def _guarded_connection(db_name: str) -> duckdb.DuckDBPyConnection:
    """Open the database read-only with every door to the outside shut, then lock the settings."""
    con = duckdb.connect(db_name, read_only=True, config={
        "enable_external_access": False,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "allow_unsigned_extensions": False,
        "python_enable_replacements": False,
        "memory_limit": MEMORY_LIMIT,
        "threads": 1,
        "max_temp_directory_size": "0B",
        "temp_directory": "",  # never spill to disk: a query that outgrows memory stops instead
    })
    con.execute("SET enable_progress_bar = false")
    con.execute("SET lock_configuration = true")
    return con


def _nested_elements(rows: list, limit: int) -> int:
    """How many values the rows hold inside lists, maps and structs (counting stops past
    `limit`): the row cap bounds rows, this bounds what one row may expand to."""
    count = 0
    stack = [value for row in rows for value in row if isinstance(value, (list, tuple, dict, set))]
    while stack and count <= limit:
        value = stack.pop()
        items = value.values() if isinstance(value, dict) else value
        count += len(items) + (len(value) if isinstance(value, dict) else 0)
        stack.extend(v for v in items if isinstance(v, (list, tuple, dict, set)))
    return count


def unique_names(columns: list[str]) -> list[str]:
    """Column names made unique as a join's `source_id, source_id` becomes `source_id,
    source_id_2` (a name already taken moves on to _3 ...): a table needs distinct names."""
    taken = {c.lower() for c in columns}
    seen: set[str] = set()
    out = []
    for name in columns:
        new, n = name, 1
        while new.lower() in seen or (new != name and new.lower() in taken):
            n += 1
            new = f"{name}_{n}"
        seen.add(new.lower())
        out.append(new)
    return out


def _answer(payload: dict) -> None:
    sys.stdout.buffer.write(pickle.dumps(payload, protocol=4))
    sys.stdout.buffer.flush()


def _worker_main() -> None:
    """Read one request on stdin, run it under the guard, write one pickled answer on stdout."""
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    timeout, max_rows = float(request["timeout"]), int(request["max_rows"])
    _limit_resources(timeout)
    try:
        con = _guarded_connection(request["db"])
    except duckdb.Error as exc:
        _answer({"error": f"cannot open the database: {_first_line(exc)}"})
        return
    try:
        try:
            text = check_statement(request["query"], _parser())
        except SandboxError as exc:
            _answer({"error": str(exc)})
            return
        timer = threading.Timer(timeout, con.interrupt)
        timer.start()
        try:
            rel = con.execute(text)
            columns = [d[0] for d in rel.description or []]
            rows = rel.fetchmany(max_rows + 1)
        except duckdb.InterruptException:
            _answer({"timeout": True})
            return
        except duckdb.OutOfMemoryException:
            _answer({"error": "query stopped: it needed more memory than the SQL box allows"})
            return
        except duckdb.Error as exc:
            if not timer.is_alive():
                _answer({"timeout": True})
            else:
                _answer({"error": f"SQL error: {_first_line(exc)}"})
            return
        except MemoryError:
            _answer({"error": "query stopped: it needed more memory than the SQL box allows"})
            return
        finally:
            timer.cancel()
        truncated = len(rows) > max_rows
        rows = rows[:max_rows]
        if _nested_elements(rows, MAX_ELEMENTS) > MAX_ELEMENTS:
            _answer({"error": f"result too large: more than {MAX_ELEMENTS:,} values inside its lists, maps "
                              "or structs; select fewer rows or shorter lists"})
            return
        payload = {"columns": columns, "rows": rows, "truncated": truncated}
        try:
            blob = pickle.dumps(payload, protocol=4)
        except (MemoryError, pickle.PicklingError, TypeError):
            _answer({"error": "the result holds values the SQL box cannot return"})
            return
        if len(blob) > MAX_RESULT_BYTES:
            _answer({"error": f"result too large ({len(blob) // 1_000_000} MB); select fewer rows or shorter columns"})
            return
        sys.stdout.buffer.write(blob)
        sys.stdout.buffer.flush()
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------
# Parent
# ---------------------------------------------------------------------------------------------

_SAFE_GLOBALS = {
    ("datetime", "date"), ("datetime", "datetime"), ("datetime", "time"), ("datetime", "timedelta"),
    ("datetime", "timezone"), ("decimal", "Decimal"), ("uuid", "UUID"), ("builtins", "set"),
    ("builtins", "frozenset"), ("builtins", "complex"), ("builtins", "bytearray"),
}


class _ValuesOnly(pickle.Unpickler):
    """An unpickler that builds plain values only: no classes outside `_SAFE_GLOBALS`."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _SAFE_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refused type {module}.{name}")


_slots = threading.BoundedSemaphore(MAX_WORKERS)


def _spawn(db_path: Path, query: str, max_rows: int, timeout: float) -> dict:
    """Run the worker on one request and return its decoded answer."""
    request = json.dumps({"db": db_path.name, "query": query, "max_rows": max_rows, "timeout": timeout})
    env = {"PATH": os.defpath, "HOME": str(db_path.parent), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    proc = subprocess.Popen(
        [sys.executable, "-I", str(Path(__file__).resolve()), "--worker"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        cwd=str(db_path.parent), env=env, close_fds=True,
    )
    try:
        out, _ = proc.communicate(request.encode("utf-8"), timeout=timeout + KILL_GRACE_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return {"timeout": True}
    if not out:
        if proc.returncode and proc.returncode < 0:
            return {"error": "query stopped: it needed more memory or time than the SQL box allows"}
        return {"error": "the SQL box could not run this query"}
    if len(out) > MAX_RESULT_BYTES + 1024:
        return {"error": "result too large"}
    try:
        return _ValuesOnly(io.BytesIO(out)).load()
    except Exception:  # noqa: BLE001 - anything odd in the answer is a refusal, never a traceback
        return {"error": "the SQL box could not read the query's answer"}


def run(db_path: Path | str, query: str, max_rows: int = MAX_ROWS, timeout: float = TIMEOUT_S) -> Result:
    """Run one read-only SELECT against the curated tables; raise SandboxError with a readable reason."""
    import pandas as pd

    check_statement(query)  # refuse early, without a worker
    db_path = Path(db_path).resolve()
    if not db_path.is_file():
        raise SandboxError("the database has not been built yet (run `ctdash build`)")
    if not _slots.acquire(timeout=timeout):
        raise SandboxError("the SQL box is busy with other queries; try again in a moment")
    try:
        answer = _spawn(db_path, query, max_rows, timeout)
    finally:
        _slots.release()
    if answer.get("timeout"):
        raise SandboxError(f"query stopped: it ran longer than {timeout:g} s")
    if "error" in answer:
        raise SandboxError(_first_line(answer["error"]))
    frame = pd.DataFrame(answer["rows"], columns=unique_names([str(c) for c in answer["columns"]]))
    return Result(frame, bool(answer["truncated"]))


if __name__ == "__main__" and sys.argv[1:] == ["--worker"]:
    _worker_main()
