"""Hostile input through the running app (AppTest): URL parameters fuzzed with hypothesis, the
SQL box fed attacks, and the Explorer's "check my CSV" box fed broken files. Every case renders
the page, with a notice or a problem list where there is something to say, never an exception,
and the live data is never changed."""

from __future__ import annotations

import hashlib
import os

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_app import app, explorer_tab, navigation_mode, no_exception  # noqa: F401 (navigation_mode is an autouse fixture)

from ctdash import queries
from ctdash.db import ROOT
from ctdash.filters import Vocab, parse
from ctdash.schema import TOPICS
from ctdash.upload_ui import table_for

EXAMPLES = int(os.environ.get("CTDASH_FUZZ_EXAMPLES", "12"))  # each example is a full page run
KEYS = st.sampled_from(["years", "actor", "topic", "lang", "page", "", "years[]", "actor ", "ACTOR", "\u0627"])
NASTY = st.sampled_from([
    "", " ", ",", ",,,", "2015-2016", "٢٠١٥-٢٠١٦", "2019-2015", "1700-1750", "99999999-1", "-5", "2015--",
    "MAR", "mar", "MAR,NLD,CTED", "NOPE", "gctf_meetings", "GCTF_MEETINGS", "bogus", "ar", "en", "AR", "xx",
    "<script>alert(1)</script>", "**bold** [link](http://evil.example)", "=HYPERLINK(\"x\")", "\u202eRLO",
    "\x00", "\x1b[31m", "\n", "'; DROP TABLE facts; --", "%00", "../../etc/passwd", "x" * 5000,
    "المغرب", "ثلاثة", "١٢٣", "🙂" * 50,
])
VALUE = st.one_of(NASTY, st.text(max_size=30))
PARAMS = st.dictionaries(KEYS | st.text(max_size=8), st.one_of(VALUE, st.lists(VALUE, max_size=5)), max_size=6)


def data_fingerprint() -> str:
    h = hashlib.sha256()
    for f in sorted((ROOT / "data").glob("*.csv")):
        h.update(f.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def vocab() -> Vocab:
    """What the app accepts in the URL, read from the built database as the app reads it."""
    con = duckdb.connect(str(ROOT / "ctdash.duckdb"), read_only=True)
    try:
        return Vocab(bounds=queries.year_bounds(con), actors=frozenset(queries.actor_names(con)["actor_id"]),
                     topics=frozenset(TOPICS))
    finally:
        con.close()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(params=PARAMS, page=st.sampled_from(["overview", "meetings", "cted", "explorer"]))
def test_fuzzed_url_renders_with_notices(vocab: Vocab, params: dict, page: str) -> None:
    """The widgets show exactly what the parser kept, and each ignored value is a notice."""
    at = app(params, page)
    no_exception(at)
    assert at.title, "the page did not render"
    expected, notices = parse({k: v if isinstance(v, list) else [v] for k, v in params.items()}, vocab)
    assert at.multiselect(key="f_actors").value == list(expected.actors)
    assert at.multiselect(key="f_topics").value == list(expected.topics)
    assert tuple(at.slider(key="f_years").value) == expected.years
    assert at.radio(key="f_lang").value == expected.lang
    assert len(at.warning) == len(notices)


def test_huge_and_repeated_url_values() -> None:
    at = app({"actor": ["MAR"] * 500 + ["x" * 100_000], "years": ["2015-2016", "2017-2018"], "lang": ["ar", "en"]})
    no_exception(at)
    assert at.warning  # the junk is reported, not silently dropped


@pytest.mark.parametrize("query", [
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT 1; SELECT 2",
    "ATTACH '/tmp/x.duckdb'",
    "SELECT current_setting('temp_directory')",
    "SELECT count(*) FROM range(1000000000) a, range(1000000000) b",
])
def test_sql_box_refusals_render_as_errors(query: str) -> None:
    at = explorer_tab(app(page="explorer"), "tab_sql")
    at.text_area(key="ex_sql").input(query)
    at.get("form_submit_button")[0].click().run()
    no_exception(at)
    assert at.error
    message = at.error[0].value
    assert "root:" not in message and "Traceback" not in message and str(ROOT) not in message


def upload(files, table: str = "", lang: str = "en"):
    at = explorer_tab(app({"lang": lang} if lang != "en" else {}, "explorer"), "tab_check", lang)
    if table:
        at.selectbox(key="up_table").set_value(table).run()
    at.file_uploader(key="up_files").set_value(files)
    return at.run()


def test_upload_box_shipped_file_passes() -> None:
    before = data_fingerprint()
    at = upload(("facts.csv", (ROOT / "data/facts.csv").read_bytes(), "text/csv"))
    no_exception(at)
    assert not at.error and any("No problems" in s.value for s in at.success)
    assert data_fingerprint() == before


def test_upload_box_lists_problems_and_changes_nothing() -> None:
    before = data_fingerprint()
    raw = (ROOT / "data/facts.csv").read_bytes().replace(b",exact,", b",lots,", 1)
    at = upload(("my facts.csv", raw, "text/csv"), table="facts")
    no_exception(at)
    assert at.error
    shown = at.code[-1].value
    assert "upload/my facts.csv:" in shown and ": qualifier: unknown value 'lots'" in shown
    assert data_fingerprint() == before


@pytest.mark.parametrize(("name", "raw", "expected"), [
    ("actors.csv", "actor_id,name_en\nMAR,المغرب\n".encode("cp1256"), "not UTF-8"),
    ("actors.csv", "actor_id\n".encode("utf-16"), "not UTF-8"),
    ("actors.csv", b"\x00\x01\x02garbage", "NUL"),
    ("whatever.csv", b"a,b\n1,2\n", "unknown table 'whatever'"),
    ("<img src=x onerror=alert(1)>.csv", b"x", "unknown table"),
])
def test_upload_box_hostile_files(name: str, raw: bytes, expected: str) -> None:
    at = upload((name, raw, "text/csv"), lang="ar")
    no_exception(at)
    assert at.error and expected in at.code[-1].value
    assert "<img" not in "".join(m.value for m in at.markdown)


def test_upload_box_several_tables_together() -> None:
    files = [(f"{t}.csv", (ROOT / f"data/{t}.csv").read_bytes(), "text/csv") for t in ("facts", "fact_actors")]
    at = upload(files)
    no_exception(at)
    assert not at.error and at.success


def test_table_for() -> None:
    assert table_for("C:\\x\\Facts.csv", "") == "facts"
    assert table_for("facts.csv", "events") == "events"


def test_url_notice_cannot_inject_a_link() -> None:
    """A notice repeats an ignored URL value inside Markdown: it must not become a live link."""
    value = "[Log in again](https://evil.example)"
    at = app({"actor": value})
    no_exception(at)
    shown = "\n".join(w.value for w in at.warning)
    assert "evil.example" in shown  # the value is reported ...
    assert value not in shown.replace(f"`{value}`", "")  # ... escaped or as code, never as a live link


# ---------------------------------------------------------------- issue 14: the SQL tab's result

JOIN = "SELECT * FROM facts f JOIN sources s ON f.source_id = s.source_id"


def _submit(at, query: str):
    at.text_area(key="ex_sql").input(query)
    at.get("form_submit_button")[0].click().run()
    no_exception(at)
    return at


def test_join_with_repeated_names_shows_and_a_failure_does_not_stick() -> None:
    """The issue's JOIN crashed the tab (pyarrow: duplicate column names) and the failed result
    stayed in session state. Now the names are made unique, a failure is one line, and it is
    gone at the next rerun together with any older result."""
    import pyarrow as pa

    at = _submit(explorer_tab(app(page="explorer"), "tab_sql"), JOIN)
    assert not at.error
    columns = list(at.dataframe[-1].value.columns)
    assert "source_id" in columns and "source_id_2" in columns
    assert isinstance(at.session_state["ex_sql_result"][1], pa.Table)  # kept as Arrow
    _submit(at, "SELECT no_such_column FROM facts")
    assert len(at.error) == 1 and "\n" not in at.error[0].value
    assert not at.dataframe and "ex_sql_result" not in at.session_state
    at.run()
    no_exception(at)
    assert not at.error and not at.dataframe  # nothing failed is kept and shown again


def test_sql_result_is_let_go_when_the_tab_is_left() -> None:
    at = _submit(explorer_tab(app(page="explorer"), "tab_sql"), "SELECT count(*) AS n FROM facts")
    assert "ex_sql_result" in at.session_state
    explorer_tab(at, "tab_browse")
    no_exception(at)
    assert "ex_sql_result" not in at.session_state


def test_a_result_too_large_for_the_app_is_refused_in_one_line() -> None:
    at = _submit(explorer_tab(app(page="explorer"), "tab_sql"),
                 "SELECT list_transform(range(1000), lambda x: true) AS l FROM range(10000)")
    assert len(at.error) == 1 and "result too large" in at.error[0].value
    assert "ex_sql_result" not in at.session_state


def test_sql_table_search_and_tab_live_in_the_url() -> None:
    """A shared link restores the Explorer's tab, table, search and SQL text; using the page
    writes them back, next to the filters."""
    at = app({"tab": "sql", "sql": "SELECT 42 AS answer", "years": "2016-2019"}, page="explorer")
    no_exception(at)
    assert at.text_area(key="ex_sql").value == "SELECT 42 AS answer"
    _submit(at, "SELECT 7 AS n")
    assert at.query_params["sql"] in ("SELECT 7 AS n", ["SELECT 7 AS n"])
    assert at.query_params["years"] in ("2016-2019", ["2016-2019"])  # the filters stay
    at = app({"tab": "browse", "table": "events", "q": "Rabat"}, page="explorer")
    no_exception(at)
    assert at.selectbox(key="ex_table").value == "events"
    assert at.text_input(key="ex_events_text").value == "Rabat"
    at.selectbox(key="ex_table").set_value("documents").run()
    no_exception(at)
    assert at.query_params["table"] in ("documents", ["documents"])
    explorer_tab(at, "tab_check")
    assert at.query_params["tab"] in ("check", ["check"])
    assert at.query_params["table"] in ("documents", ["documents"])  # kept while its widget is hidden


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["tab", "table", "q", "sql"]), VALUE, max_size=4))
def test_fuzzed_explorer_url_renders(params: dict) -> None:
    before = data_fingerprint()
    at = app(params, page="explorer")
    no_exception(at)
    assert data_fingerprint() == before


def test_upload_box_checks_a_file_once_not_on_every_rerun(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rerun of the page (any widget, any tab click) shows the kept answer for the same bytes."""
    import uuid

    import ctdash.upload as upload_module

    calls: list[str] = []
    real = upload_module.parse_table
    monkeypatch.setattr(upload_module, "parse_table", lambda *a: calls.append(a[-1]) or real(*a))
    raw = (ROOT / "data/facts.csv").read_bytes().replace(b",exact,", f",{uuid.uuid4().hex},".encode(), 1)
    at = upload(("facts.csv", raw, "text/csv"))
    assert at.error and len(calls) == 1
    at.run()
    at.run()
    no_exception(at)
    assert at.error and len(calls) == 1


def test_streamlit_config_keeps_the_security_settings() -> None:
    """The settings SECURITY.md relies on, as shipped in .streamlit/config.toml."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit/config.toml").read_text(encoding="utf-8"))
    server = config["server"]
    assert server["address"] == "127.0.0.1" and server["maxUploadSize"] == 1
    assert server["enableXsrfProtection"] is True and server["enableCORS"] is True
    assert not server.get("enableAgentApi", False)
    assert config["client"]["showErrorDetails"] == "none"


def test_explorer_url_values_are_bounded() -> None:
    at = app({"tab": "nope", "table": "secrets", "q": "x" * 500, "sql": "SELECT 1 " + "-" * 30000}, page="explorer")
    no_exception(at)
    assert at.selectbox(key="ex_table").value == "sources"  # the first table; the tab is Browse
    assert at.text_input(key="ex_sources_text").value == "x" * 200
    explorer_tab(at, "tab_sql")
    assert len(at.text_area(key="ex_sql").value) == 20_000
