"""The SQL box: what it runs, what it refuses, and that each guard holds on its own."""

from __future__ import annotations

import io
import pickle
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as hst

from ctdash import db, sandbox
from ctdash.sandbox import SandboxError, check_statement, run
from ctdash.schema import TABLES


@pytest.fixture(scope="module")
def db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly built database in a folder of its own."""
    return db.build(ROOT / "data", tmp_path_factory.mktemp("sandbox") / "ctdash.duckdb")


def refusal(db_file: Path, query: str, **kw) -> str:
    """The sandbox's message for a query it must refuse; checks the message is safe to show."""
    with pytest.raises(SandboxError) as info:
        run(db_file, query, **kw)
    msg = str(info.value)
    assert msg and "\n" not in msg and "Traceback" not in msg
    assert "root:" not in msg and "/bin/" not in msg  # nothing from /etc/passwd
    assert str(db_file.parent) not in msg and str(ROOT) not in msg  # no server paths
    return msg


def test_curated_tables_match_schema() -> None:
    assert sandbox.CURATED_TABLES == {t.name for t in TABLES}


# ---- what it runs ---------------------------------------------------------------------------

def test_select_runs(db_file: Path) -> None:
    r = run(db_file, "SELECT count(*) AS n FROM sources")
    assert r.frame.to_dict("list") == {"n": [5]} and not r.truncated


@pytest.mark.parametrize("query", [
    "SELECT topic, count(*) AS n FROM facts GROUP BY ALL ORDER BY n DESC",
    "WITH per AS (SELECT source_id, count(*) n FROM facts GROUP BY 1) SELECT * FROM per JOIN sources USING (source_id)",
    "WITH facts AS (SELECT * FROM facts WHERE unit = 'usd') SELECT count(*) FROM facts",
    "FROM events SELECT event_id, date_start WHERE date_start >= DATE '2015-01-01' LIMIT 5",
    "SELECT * FROM main.actors WHERE name_ar LIKE '%ال%'",
    "SELECT 1; -- a trailing comment",
    "SELECT 1 /* ; */",
    "DESCRIBE facts",
    "SUMMARIZE events",
    "SELECT range FROM range(3)",
    "SELECT unnest([1, 2, 3]) AS x",
    "SELECT DATE '2020-01-01' AS d, 1.5::DECIMAL(10,2) AS x, [1, 2] AS l, {'a': 1} AS s",
])
def test_useful_queries_run(db_file: Path, query: str) -> None:
    assert isinstance(run(db_file, query).frame, pd.DataFrame)


def test_row_cap(db_file: Path) -> None:
    r = run(db_file, "SELECT * FROM range(100000)")
    assert len(r.frame) == sandbox.MAX_ROWS and r.truncated
    r = run(db_file, "SELECT * FROM range(10)", max_rows=3)
    assert r.frame["range"].tolist() == [0, 1, 2] and r.truncated


# ---- what it refuses ------------------------------------------------------------------------

REFUSED = {
    # files, globs and replacement scans
    "SELECT * FROM read_text('/etc/passwd')": "read_text",
    "SELECT * FROM read_csv('/etc/passwd')": "read_csv",
    "SELECT * FROM read_csv_auto('/etc/passwd', header=false)": "read_csv_auto",
    "SELECT * FROM read_parquet('/etc/passwd')": "read_parquet",
    "SELECT * FROM read_json('/etc/passwd')": "read_json",
    "SELECT * FROM read_blob('/etc/passwd')": "read_blob",
    "SELECT * FROM sniff_csv('/etc/passwd')": "sniff_csv",
    "SELECT * FROM parquet_metadata('/etc/passwd')": "parquet_metadata",
    "SELECT * FROM glob('/etc/*')": "glob",
    "SELECT * FROM '/etc/passwd'": "unknown table",
    "FROM 'data/facts.csv'": "unknown table",
    "SELECT * FROM \"/etc/passwd\"": "unknown table",
    "SELECT * FROM fact_spans": "unknown table",  # derived at build (db.DERIVED): not a curated table
    "SELECT * FROM read_csv('https://example.com/x.csv')": "read_csv",
    "SELECT * FROM read_parquet('s3://bucket/x.parquet')": "read_parquet",
    "SELECT * FROM 'http://169.254.169.254/latest/meta-data/'": "unknown table",
    # SQL text run by a function
    "SELECT * FROM query('SELECT * FROM read_text(''/etc/passwd'')')": "query",
    "SELECT * FROM query_table('facts')": "query_table",
    "SELECT * FROM facts, LATERAL query('SELECT 1')": "query",
    # configuration, catalog, secrets, extensions
    "SELECT * FROM duckdb_settings()": "duckdb_settings",
    "SELECT current_setting('temp_directory')": "current_setting",
    "SELECT (SELECT current_setting('home_directory'))": "current_setting",
    "SELECT * FROM duckdb_extensions()": "duckdb_extensions",
    "SELECT * FROM duckdb_secrets()": "duckdb_secrets",
    "SELECT * FROM duckdb_databases()": "duckdb_databases",
    "SELECT * FROM duckdb_databases": "unknown table",
    "SELECT * FROM pragma_version()": "pragma_version",
    "SELECT * FROM pragma_database_size()": "pragma_database_size",
    "SELECT * FROM information_schema.tables": "only the curated tables",
    "SELECT * FROM system.main.duckdb_tables": "only the curated tables",
    "SELECT * FROM sqlite_master": "unknown table",
    "SELECT getvariable('x')": "getvariable",
    "SELECT * FROM which_secret('s3://x', 's3')": "which_secret",
    "SELECT * FROM checkpoint()": "checkpoint",
    "WITH duckdb_settings AS (SELECT 1) SELECT * FROM (SELECT 1), duckdb_settings": "WITH query name",
    "WITH \"a.csv\" AS (SELECT 1) SELECT * FROM \"a.csv\"": "WITH query name",
    "SHOW TABLES": "DESCRIBE and SUMMARIZE",
    "SHOW DATABASES": "only DESCRIBE and SUMMARIZE of a curated table",
    # statements that are not SELECT
    "CALL pragma_version()": "only SELECT",
    "SET memory_limit = '100GB'": "only SELECT",
    "SET enable_external_access = true": "only SELECT",
    "RESET enable_external_access": "only SELECT",
    "PRAGMA version": "only SELECT",
    "ATTACH '/tmp/x.duckdb' AS x": "only SELECT",
    "DETACH ctdash": "only SELECT",
    "INSTALL httpfs": "only SELECT",
    "LOAD httpfs": "only SELECT",
    "EXPORT DATABASE '/tmp/out'": "only SELECT",
    "IMPORT DATABASE '/tmp/out'": "only SELECT",
    "COPY facts TO '/tmp/facts.csv'": "only SELECT",
    "COPY facts FROM '/etc/passwd'": "only SELECT",
    "COPY (SELECT 1) TO '/tmp/x.csv'": "only SELECT",
    "CREATE TABLE x AS SELECT 1": "only SELECT",
    "CREATE MACRO m() AS 1": "only SELECT",
    "DROP TABLE facts": "only SELECT",
    "DELETE FROM facts": "only SELECT",
    "UPDATE facts SET value = 0": "only SELECT",
    "INSERT INTO facts SELECT * FROM facts": "only SELECT",
    "EXPLAIN ANALYZE SELECT 1": "only SELECT",
    "BEGIN TRANSACTION": "only SELECT",
    "USE memory": "only SELECT",
    "PIVOT facts ON topic USING count(*)": "only SELECT",
    # several statements and comment tricks
    "SELECT 1; SELECT 2": "exactly one statement",
    "SELECT 1; COPY facts TO '/tmp/x.csv'": "exactly one statement",
    "SELECT 1 /* x */; SET threads = 8": "exactly one statement",
    "/* */;": "exactly one statement",
    "-- only a comment": "exactly one statement",
    "": "exactly one statement",
    "SELECT 1; -- x\nSELECT * FROM read_text('/etc/passwd')": "exactly one statement",
    "SELECT 1 /* unterminated": "SQL error",
    # unicode tricks
    "SELECT 1\x00; SELECT * FROM read_text('/etc/passwd')": "control character",
    "SELECT 1 \u202e; SELECT 2": "control character",
    "SELECT 1\uff1b SELECT * FROM read_text('/etc/passwd')": "SQL error",  # fullwidth semicolon
    "\u0405ELECT 1": "SQL error",  # Cyrillic S
    "SELECT * FROM \uff46\uff41\uff43\uff54\uff53": "unknown table",  # fullwidth "facts"
    "SELECT * FROM read\u200b_text('/etc/passwd')": "unknown table 'read'",
    "SELECT * FROM READ_TEXT('/etc/passwd')": "read_text",
    "SELECT * FROM \"read_text\"('/etc/passwd')": "read_text",
}


@pytest.mark.parametrize("query", list(REFUSED))
def test_refused(db_file: Path, query: str) -> None:
    msg = refusal(db_file, query)
    assert REFUSED[query] and REFUSED[query] in msg


def test_refusals_need_no_worker() -> None:
    """Static refusals come from the parse checks alone (fast, and before any file is opened)."""
    for query in ("SELECT * FROM read_text('/etc/passwd')", "ATTACH 'x'", "SELECT 1; SELECT 2"):
        with pytest.raises(SandboxError):
            check_statement(query)


def test_python_objects_are_not_tables(db_file: Path) -> None:
    secret_frame = pd.DataFrame({"password": ["hunter2"]})  # noqa: F841 (a replacement scan would find it)
    assert "unknown table" in refusal(db_file, "SELECT * FROM secret_frame")


def test_long_query_refused(db_file: Path) -> None:
    assert "longer than" in refusal(db_file, "SELECT 1" + " " * sandbox.MAX_QUERY_CHARS)


# ---- the engine guard holds even if the parse checks were bypassed ---------------------------

ENGINE_REFUSED = [
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM glob('/etc/*')",
    "SELECT * FROM 'data/facts.csv'",
    "SELECT * FROM read_csv('https://example.com/x.csv')",
    "COPY (SELECT 1) TO 'out.csv'",
    "COPY facts TO 'out.csv'",
    "EXPORT DATABASE 'outdir'",
    "ATTACH 'other.duckdb' AS other",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "SET memory_limit = '100GB'",
    "RESET memory_limit",
    "SET lock_configuration = false",
    "CREATE TABLE x AS SELECT 1",
    "DELETE FROM facts",
    "SELECT * FROM duckdb_secrets()",
    "SELECT * FROM frame_in_scope",
]


@pytest.fixture
def guarded(db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The worker's connection, opened in this process on a copy of the database."""
    copy = tmp_path / "ctdash.duckdb"
    copy.write_bytes(db_file.read_bytes())
    monkeypatch.chdir(tmp_path)
    con = sandbox.guarded_connection(copy.name)
    yield con
    con.close()


@pytest.mark.parametrize("query", ENGINE_REFUSED)
def test_engine_refuses_without_parse_checks(guarded, query: str, tmp_path: Path) -> None:
    frame_in_scope = pd.DataFrame({"x": [1]})  # noqa: F841
    with pytest.raises(duckdb.Error):
        guarded.execute(query).fetchall()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ctdash.duckdb"]  # nothing written


def test_engine_settings_locked(guarded) -> None:
    got = dict(guarded.execute(
        "SELECT name, value FROM duckdb_settings() WHERE name IN "
        "('enable_external_access', 'lock_configuration', 'access_mode', 'threads', 'autoload_known_extensions')"
    ).fetchall())
    assert got == {"enable_external_access": "false", "lock_configuration": "true", "access_mode": "read_only",
                   "threads": "1", "autoload_known_extensions": "false"}


def test_engine_holds_only_curated_tables(guarded) -> None:
    """The curated tables and what the build derives from them alone (db.DERIVED), which a query
    may not name: the SQL box answers from the curated tables."""
    names = {r[0] for r in guarded.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert names == sandbox.CURATED_TABLES | set(db.DERIVED)  # fact_spans: refused by name (REFUSED)


def test_answer_unpickler_builds_values_only() -> None:
    class Evil:
        def __reduce__(self):
            return (subprocess.call, (["true"],))

    with pytest.raises(pickle.UnpicklingError):
        sandbox.ValuesOnly(io.BytesIO(pickle.dumps(Evil()))).load()


# ---- time, memory and size limits -----------------------------------------------------------

@pytest.mark.parametrize("query", [
    "SELECT sum(a.range * b.range) FROM range(100000000) a, range(100000) b",
    "SELECT count(*) FROM range(1000000) a, range(1000000) b, range(1000) c",  # 10^15 rows
    "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t",
])
def test_runaway_query_is_interrupted(db_file: Path, query: str) -> None:
    start = time.monotonic()
    msg = refusal(db_file, query, timeout=1.5)
    elapsed = time.monotonic() - start
    assert "ran longer than 1.5 s" in msg or "more memory" in msg
    assert elapsed < 1.5 + sandbox.KILL_GRACE_S + 2
    assert run(db_file, "SELECT 1 AS ok").frame["ok"].tolist() == [1]  # still answers


def test_server_stays_responsive_during_runaway(db_file: Path) -> None:
    """While one query burns its time limit, another returns at once."""
    done: list[str] = []
    slow = threading.Thread(target=lambda: done.append(refusal(db_file, "SELECT sum(a.range * b.range) FROM range(100000000) a, range(100000) b", timeout=8)))
    slow.start()
    time.sleep(0.5)
    assert run(db_file, "SELECT count(*) AS n FROM facts").frame["n"][0] > 0
    assert not done, "the quick query waited for the runaway to be stopped"
    slow.join(20)
    assert done and "ran longer" in done[0]


def test_nothing_written_next_to_database(db_file: Path) -> None:
    """A 10^9 x 10^9 cross join that would spill to disk stops instead, leaving no files behind."""
    msg = refusal(db_file, "SELECT count(*) FROM range(1000000000) a, range(1000000000) b", timeout=2)
    assert "memory" in msg or "ran longer" in msg
    assert [p.name for p in db_file.parent.iterdir()] == ["ctdash.duckdb"]


@pytest.mark.parametrize("query", [
    "SELECT length(repeat('x', 2000000000)) AS n",
    "SELECT length(list(range)) FROM range(400000000)",
])
def test_memory_cap(db_file: Path, query: str) -> None:
    assert "memory" in refusal(db_file, query)


def test_result_size_cap(db_file: Path) -> None:
    assert "result too large" in refusal(db_file, "SELECT repeat('x', 10000) AS s FROM range(5000)")


def test_busy_when_all_slots_taken(db_file: Path) -> None:
    taken = [sandbox.SLOTS.acquire(timeout=5) for _ in range(sandbox.MAX_WORKERS)]
    try:
        assert "busy" in refusal(db_file, "SELECT 1", timeout=0.2)
    finally:
        for ok in taken:
            if ok:
                sandbox.SLOTS.release()


# ---- the command line -----------------------------------------------------------------------

def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ctdash", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def test_cli_refuses_passwd(db_file: Path) -> None:
    r = cli("sql", "--db", str(db_file), "--sandbox", "SELECT * FROM read_text('/etc/passwd')")
    assert r.returncode == 1
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("refused: ")
    assert "root:" not in r.stderr and "Traceback" not in r.stderr


def test_cli_refuses_passwd_building_its_own_db() -> None:
    r = cli("sql", "--sandbox", "SELECT * FROM read_text('/etc/passwd')")
    assert r.returncode == 1 and r.stdout == "" and "root:" not in r.stderr


def test_cli_sandbox_answers(db_file: Path) -> None:
    r = cli("sql", "--db", str(db_file), "--sandbox", "SELECT count(*) AS n FROM sources")
    assert (r.returncode, r.stdout) == (0, "n\n5\n"), r.stderr


# ---- issue 14: an allow list of functions, bounded nesting, undecodable text ------------------

def _installed_functions(*types: str, schema: str = "main") -> set[str]:
    con = duckdb.connect(":memory:")
    try:
        rows = con.execute("SELECT DISTINCT lower(function_name) FROM duckdb_functions() WHERE function_type IN "
                           f"({', '.join('?' for _ in types)}) AND schema_name = ?", [*types, schema]).fetchall()
    finally:
        con.close()
    return {r[0] for r in rows}


def test_every_installed_function_was_reviewed() -> None:
    """Each scalar, aggregate and window function and macro of the installed DuckDB is either
    allowed or excluded with a reason: a DuckDB upgrade's new functions fail here until reviewed."""
    from ctdash.sql_functions import ALLOWED, EXCLUDED

    installed = _installed_functions("scalar", "aggregate", "window", "macro")
    assert not ALLOWED & set(EXCLUDED)
    assert installed - ALLOWED - set(EXCLUDED) == set(), "new DuckDB functions: review them in sql_functions.py"
    assert ALLOWED <= installed, "allowed names DuckDB does not have"
    pg_only = _installed_functions("scalar", "aggregate", "window", "macro", schema="pg_catalog") - installed
    assert pg_only and not pg_only & ALLOWED


@pytest.mark.parametrize("query", [
    'SELECT "current_catalog"', 'SELECT "current_user"', 'SELECT "current_schema"', "SELECT user",
    "SELECT session_user", "SELECT current_role", "SELECT get_block_size('ctdash')",
    "SELECT col_description(1, 1)", "SELECT obj_description(1, 'pg_class')", "SELECT format_type(23, NULL)",
    "SELECT pg_catalog.current_schema()", "SELECT system.main.current_database()", "SELECT pg_catalog.abs(-1)",
    "SELECT sleep_ms(4000)", "SELECT nextval('s')", "SELECT \"current_setting\"('threads')",
    "SELECT * FROM facts ORDER BY current_query()", "SELECT version()", "SELECT platform()",
    "SELECT json_execute_serialized_sql('{}')", "SELECT json_serialize_sql('SELECT 1')",
])
def test_functions_outside_the_allow_list_are_refused(query: str) -> None:
    """The issue's bypasses of the old block list, and others of their kind, refused before any
    worker runs."""
    with pytest.raises(SandboxError, match="not allowed in the SQL box"):
        check_statement(query)


_EVERY_FUNCTION = sorted(_installed_functions("scalar", "aggregate", "window", "macro", "table", "table_macro", "pragma")
                         | _installed_functions("scalar", "aggregate", "window", "macro", "table", "table_macro",
                                                "pragma", schema="pg_catalog"))


@settings(max_examples=300, deadline=None)
@given(name=hst.sampled_from(_EVERY_FUNCTION), quoted=hst.booleans(), args=hst.sampled_from(["", "1", "'x'", "1, 2"]))
def test_a_call_passes_exactly_when_its_function_is_allowed(name: str, quoted: bool, args: str) -> None:
    """Any function DuckDB has, called by name (quoted or not) in a SELECT list: the parse check
    lets it through only if it is on the allow list."""
    from ctdash.sql_functions import ALLOWED

    shown = '"' + name.replace('"', '""') + '"' if quoted or not name.isidentifier() else name
    query = f"SELECT {shown}({args})"
    try:
        check_statement(query)
    except SandboxError as exc:
        assert name not in ALLOWED or "SQL error" in str(exc), (query, str(exc))
    else:
        assert name in ALLOWED or name in sandbox.ALLOWED_TABLE_FUNCTIONS, query


_NESTERS = {
    "plus": lambda n: "+".join(["1"] * (n + 1)),
    "abs": lambda n: "abs(" * n + "1" + ")" * n,
    "not": lambda n: "NOT " * n + "true",
    "case": lambda n: "CASE WHEN true THEN " * n + "1" + " END" * n,
    "subquery": lambda n: "(SELECT " * n + "1" + ")" * n,
    "list": lambda n: "[" * n + "1" + "]" * n,
    "paren": lambda n: "(" * n + "1" + ")" * n,
}


@settings(max_examples=150, deadline=None)
@given(kind=hst.sampled_from(sorted(_NESTERS)), depth=hst.integers(1, 3000))
def test_any_nesting_is_answered_or_refused_in_one_line(kind: str, depth: int) -> None:
    """Deeply nested expressions, CASEs, subqueries and NOTs: a one-line SandboxError or a pass,
    never a RecursionError (which 900 terms of `1+1+...` raised)."""
    query = "SELECT " + _NESTERS[kind](depth)
    try:
        check_statement(query)
    except SandboxError as exc:
        assert "\n" not in str(exc)
        assert depth > 30, (kind, depth, str(exc))  # ordinary nesting still passes


def test_moderate_nesting_still_runs(db_file: Path) -> None:
    assert run(db_file, "SELECT " + _NESTERS["abs"](40) + " AS n").frame["n"].tolist() == [1]


@pytest.mark.parametrize("query", [
    "SELECT " + "+".join(["1"] * 900), "SELECT " + "abs(" * 600 + "1" + ")" * 600,
    "SELECT " + "NOT " * 900 + "true", "SELECT " + "(SELECT " * 300 + "1" + ")" * 300,
])
def test_cli_deep_nesting_one_line(db_file: Path, query: str) -> None:
    r = cli("sql", "--db", str(db_file), "--sandbox", query)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("refused: ") and "Traceback" not in r.stderr, r.stderr


def test_cli_invalid_utf8_argument_one_line(db_file: Path) -> None:
    """An argument that is not UTF-8 reaches Python as lone surrogates; both SQL paths refuse it."""
    for sandboxed in (["--sandbox"], []):
        r = subprocess.run([sys.executable, "-m", "ctdash", "sql", "--db", str(db_file), *sandboxed,
                            b"SELECT '\xff\xfe' AS x"], capture_output=True, cwd=ROOT, timeout=120)
        err = r.stderr.decode("utf-8", "replace")
        assert r.returncode == 1 and r.stdout == b"", err
        assert err.count("\n") == 1 and "not valid UTF-8" in err and "Traceback" not in err, err


# ---- issue 14: what a result may expand to, and its column names ------------------------------

@settings(max_examples=300, deadline=None)
@given(hst.lists(hst.sampled_from(["source_id", "SOURCE_ID", "source_id_2", "n", "n_3", "x"]) | hst.text(max_size=6),
                 max_size=12))
def test_unique_names(columns: list[str]) -> None:
    out = sandbox.unique_names(columns)
    assert len(out) == len(columns) and len({c.lower() for c in out}) == len(out)
    firsts = {}
    for i, c in enumerate(columns):
        firsts.setdefault(c.lower(), i)
    assert all(out[i] == columns[i] for i in firsts.values())  # the first of each name keeps it


def test_join_names_are_made_unique(db_file: Path) -> None:
    frame = run(db_file, "SELECT f.source_id, s.source_id, 1 AS source_id_2 FROM facts f "
                         "JOIN sources s ON f.source_id = s.source_id LIMIT 1").frame
    assert list(frame.columns) == ["source_id", "source_id_3", "source_id_2"]


def test_nested_values_are_capped(db_file: Path) -> None:
    """10,000 rows of 1,000-element lists held about 90 MB per session in the app: refused."""
    msg = refusal(db_file, "SELECT list_transform(range(1000), lambda x: true) AS l FROM range(10000)", timeout=30)
    assert msg.startswith("result too large: more than 1,000,000 values")
    assert len(run(db_file, "SELECT range(100) AS l FROM range(1000)").frame) == 1000  # 100,000 values pass


def test_pg_catalog_tables_are_refused() -> None:
    with pytest.raises(SandboxError, match="only the curated tables"):
        check_statement("SELECT * FROM pg_catalog.pg_class")


def test_worker_runs_isolated_in_the_database_folder(db_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker is `python -I ... --worker` with a minimal environment, in the database's
    folder, told the file's bare name; and it caps its own address space, CPU, files and writes."""
    seen: list[tuple] = []
    real = subprocess.Popen

    def spy(args, **kw):
        seen.append((args, kw))
        return real(args, **kw)

    monkeypatch.setattr(sandbox.subprocess, "Popen", spy)
    assert run(db_file, "SELECT 1 AS ok").frame["ok"].tolist() == [1]
    (args, kw), = seen
    assert args[1] == "-I" and args[-1] == "--worker"
    assert kw["cwd"] == str(db_file.parent) and set(kw["env"]) == {"PATH", "HOME", "LANG", "LC_ALL"}
    probe = ("import resource, sys; sys.path.insert(0, sys.argv[1]); import sandbox; sandbox._limit_resources(5.0); "
             "print([resource.getrlimit(r)[0] for r in (resource.RLIMIT_AS, resource.RLIMIT_CPU, "
             "resource.RLIMIT_FSIZE, resource.RLIMIT_NOFILE)])")
    out = subprocess.run([sys.executable, "-c", probe, str(Path(sandbox.__file__).parent)], capture_output=True,
                         text=True, timeout=60)
    assert out.stdout.strip() == str([sandbox.ADDRESS_SPACE_BYTES, 9, 0, 64]), out.stderr
