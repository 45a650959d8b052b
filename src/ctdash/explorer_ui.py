"""The Explorer page: every curated table with faceted filters and a CSV download, a read-only
SQL box, and the "check my CSV" box, each in its own tab.

The open tab, the table, its search text and the SQL text are kept in the URL (`tab`, `table`,
`q`, `sql`), as the filters are, so a view or a query can be shared as a link. A SQL result is
kept (as Arrow, bounded) only while its tab is open; a failure is one line and is not kept.

The tabs and the column-value filters are stateful containers (`on_change="rerun"`): only the
open tab is built, and the facet widgets only while their expander is open (the chosen values
are kept in session state and still apply when it is closed). The page file only hands its name
to `ctdash.shell.page`, which calls `render` with this run's context.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pyarrow as pa
import streamlit as st

from ctdash import datapackage, paths, tables, ui
from ctdash import queries as q
from ctdash.cache import DbRef, per_database
from ctdash.db import reading
from ctdash.filters import Filters
from ctdash.frametext import localize_frame
from ctdash.i18n import column_label, t, table_label, value_text
from ctdash.sandbox import MAX_QUERY_CHARS, MAX_RESULT_BYTES, SandboxError
from ctdash.sandbox import run as run_sql
from ctdash.tables import EXPLORER_TABLES
from ctdash.upload_ui import upload_box

Facets = tuple[tuple[str, tuple[str, ...]], ...]  # (column, values) pairs, hashable for the cache
MAX_TABLE_ROWS = 1000  # rows sent to the browser; the CSV holds every row
FACETS = "_ex_facets"  # session state: {(table, column): [values]}, kept while the widgets are hidden
DEFAULT_SQL = "SELECT topic, qualifier, count(*) AS n FROM facts GROUP BY ALL ORDER BY n DESC"
TABS = ("browse", "sql", "check")  # the tabs' names in the URL
MAX_SEARCH_CHARS = 200
KEPT = "_ex_kept"  # session state: the Explorer's URL state, kept while its widgets are hidden
RESULT = "ex_sql_result"  # session state: (sql, Arrow table, truncated) while the SQL tab is open


def _kept() -> dict:
    return st.session_state.setdefault(KEPT, {"tab": "browse", "first_tab": "browse", "table": EXPLORER_TABLES[0],
                                              "q": {}, "sql": DEFAULT_SQL, "url": None})


def _url_state() -> dict[str, str]:
    qp = st.query_params
    return {k: qp.get_all(k)[-1] for k in ("tab", "table", "q", "sql") if qp.get_all(k)}


def from_url() -> dict:
    """The Explorer's state, taken from the URL when it changed since this page last wrote it (a
    shared link, back or forward); values that do not fit are ignored."""
    kept = _kept()
    url = _url_state()
    if url != kept["url"]:
        table = url.get("table", EXPLORER_TABLES[0])
        kept["table"] = table if table in EXPLORER_TABLES else EXPLORER_TABLES[0]
        kept["tab"] = kept["first_tab"] = url.get("tab") if url.get("tab") in TABS else "browse"
        kept["q"] = {kept["table"]: url.get("q", "")[:MAX_SEARCH_CHARS]}
        kept["sql"] = url.get("sql", DEFAULT_SQL)[:MAX_QUERY_CHARS]
        kept["url"] = url
        for key in [k for k in st.session_state if str(k).startswith(("ex_table", "ex_sql"))
                    or (str(k).startswith("ex_") and str(k).endswith("_text"))]:
            del st.session_state[key]  # the widgets start again from the URL's values (the tabs
            # start from theirs through `default`, which is part of their identity)
    return kept


def to_url(kept: dict) -> None:
    """Write the Explorer's state into the URL (defaults left out), only when it changed."""
    want = {"tab": kept["tab"], "table": kept["table"], "q": kept["q"].get(kept["table"], ""), "sql": kept["sql"]}
    want = {k: v for k, v in want.items()
            if v and v != {"tab": "browse", "table": EXPLORER_TABLES[0], "sql": DEFAULT_SQL}.get(k)}
    if want != _url_state():
        for k in ("tab", "table", "q", "sql"):
            if k in want:
                st.query_params[k] = want[k]
            elif k in st.query_params:
                del st.query_params[k]
    kept["url"] = want


def facet_key(table: str, column: str) -> str:
    return f"ex_{table}_{column}"


def facet_filters(db: DbRef, table: str, lang: str) -> Facets:
    """The column-value filters of `table`: multiselects in an expander made only while it is
    open; the values chosen stay in force (and are counted in its label) when it is closed."""
    facets: dict[str, list[str]] = ui.query(db, tables.facet_values, table)
    if not facets:
        return ()
    store: dict[tuple[str, str], list[str]] = st.session_state.setdefault(FACETS, {})
    active = sum(1 for col in facets if store.get((table, col)))
    label = t("facet_filters", lang) + (f" ({t('facets_active', lang, n=active)})" if active else "")
    with st.expander(label, key=f"ex_{table}_facets", on_change="rerun") as box:
        if box.open:
            cols = st.columns(min(4, len(facets)))
            for i, (col, values) in enumerate(facets.items()):
                key = facet_key(table, col)
                if key not in st.session_state:  # reopened: the widget starts from the kept values
                    st.session_state[key] = [v for v in store.get((table, col), []) if v in values]
                store[(table, col)] = cols[i % len(cols)].multiselect(
                    column_label(col, lang), values, key=key, placeholder=t("all", lang),
                    format_func=_worded(col, lang))
    return tuple((col, tuple(store[(table, col)])) for col in sorted(facets) if store.get((table, col)))


def _worded(column: str, lang: str) -> Callable[[str], str]:
    """A facet value as the reader sees it (`i18n.value_text`)."""
    return lambda v: str(value_text(column, v, lang))


def browse(run: ui.Run) -> None:
    f, lang = run.filters, run.lang
    kept = _kept()
    if "ex_table" not in st.session_state:
        st.session_state["ex_table"] = kept["table"]
    table = st.selectbox(t("table", lang), EXPLORER_TABLES, key="ex_table", format_func=lambda x: table_label(x, lang))
    kept["table"] = table
    if f"ex_{table}_text" not in st.session_state:
        st.session_state[f"ex_{table}_text"] = kept["q"].get(table, "")
    text = st.text_input(t("search_rows", lang), key=f"ex_{table}_text", max_chars=MAX_SEARCH_CHARS)
    kept["q"][table] = text
    chosen = facet_filters(run.db, table, lang)
    rows, shown = table_view(run.db, f, table, chosen, text, MAX_TABLE_ROWS)
    note = [f"{rows} {t('rows', lang)}", t("explorer_filters_note", lang)]
    if rows > MAX_TABLE_ROWS:
        note.insert(1, t("rows_capped", lang, n=MAX_TABLE_ROWS, total=rows))
    st.caption(" · ".join(note))
    st.dataframe(shown, hide_index=True, width="stretch")
    db = run.db
    ui.csv_download(lambda: ui.fresh_rows(tables.explorer_rows, db, f, table, chosen, text), f,
                    table_label(table, "en"), f"table_{table}", key="dl_explorer")


@per_database(maxsize=64)
def table_view(db: DbRef, f: Filters, table: str, chosen: Facets, text: str, limit: int) -> tuple[int, ui.Table]:
    """The number of rows in the filters and the first `limit` of them, cut in DuckDB and ready
    for st.dataframe (a thousand-fold fact base would otherwise send 120,000 rows), headed and
    worded in the page's language (every column kept: this is the raw table)."""
    with reading(db.path) as con:
        rows, info = q.head(tables.explorer_rows, con, f, table, chosen, text, limit=limit)
    return info.rows, ui.arrow_ready(localize_frame(rows.frame, f.lang, hide=False))


def result_table(frame: pd.DataFrame) -> pa.Table:
    """A SQL result as the Arrow table the page keeps and shows: much smaller than Python
    objects for lists and maps; a column Arrow cannot type becomes text; refused (SandboxError)
    above MAX_RESULT_BYTES."""
    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, ValueError, TypeError):
        columns = []
        for name in frame.columns:
            try:
                columns.append(pa.array(frame[name], from_pandas=True))
            except (pa.ArrowException, ValueError, TypeError):
                columns.append(pa.array(frame[name].map(lambda v: None if v is None else str(v)), type=pa.string()))
        table = pa.Table.from_arrays(columns, names=[str(c) for c in frame.columns])
    if table.nbytes > MAX_RESULT_BYTES:
        raise SandboxError(f"result too large ({table.nbytes // 1_000_000} MB); select fewer rows or shorter columns")
    return table


def sql_box(run: ui.Run) -> None:
    f, lang = run.filters, run.lang
    kept = _kept()
    if "ex_sql" not in st.session_state:
        st.session_state["ex_sql"] = kept["sql"]
    with st.form("sql_form"):
        sql = st.text_area(t("sql_box", lang), key="ex_sql", height=120, max_chars=MAX_QUERY_CHARS)
        submitted = st.form_submit_button(t("run_query", lang))
    if submitted:
        st.session_state.pop(RESULT, None)  # a failed query never leaves an older result behind
        kept["sql"] = sql
        try:
            res = run_sql(run.db.path, sql)
            st.session_state[RESULT] = (sql, result_table(res.frame), res.truncated)
        except SandboxError as exc:
            st.error(str(exc))
        except Exception as exc:  # noqa: BLE001 - anything else is one line too, never a traceback
            st.error(f"the SQL box could not show this result ({type(exc).__name__})")
    result = st.session_state.get(RESULT)
    if result:
        done_sql, table, truncated = result
        st.code(done_sql, language="sql")
        if truncated:
            st.warning(t("sql_truncated", lang, n=table.num_rows))
        st.dataframe(table, hide_index=True, width="stretch")
        ui.csv_download(table.to_pandas, f, f"SQL: {done_sql}", "sql", key="dl_sql", headings=False)


def download_all(lang: str, db: DbRef) -> None:
    """Every curated table as a zip (CSVs, Parquet files, datapackage.json), built on click only."""
    st.download_button(t("download_all", lang), data=lambda: datapackage.zip_bytes(db.path, paths.data_dir()),
                       file_name="ctdash-data.zip", mime="application/zip", on_click="ignore",
                       key="dl_all_data", icon=":material/folder_zip:")


def render(run: ui.Run) -> None:
    f = run.filters
    ui.page_header("explorer", run)
    download_all(f.lang, run.db)
    kept = from_url()
    names = [t(k, f.lang) for k in ("tab_browse", "tab_sql", "tab_check")]
    # The tab a link asks for is the tabs' default (not written into their state: the tabs'
    # identity depends on where they are drawn, which differs in a fresh server's first run).
    tab_browse, tab_sql, tab_check = st.tabs(names, key=f"ex_tab_{f.lang}", on_change="rerun",
                                             default=names[TABS.index(kept["first_tab"])])
    kept["tab"] = next((name for name, tab in zip(TABS, (tab_browse, tab_sql, tab_check), strict=True) if tab.open),
                       "browse")
    if tab_browse.open:
        with tab_browse:
            browse(run)
    if tab_sql.open:
        with tab_sql:
            sql_box(run)
    else:
        st.session_state.pop(RESULT, None)  # a result is let go when its tab is left
    if tab_check.open:
        with tab_check:
            upload_box(f.lang, heading=False)
    to_url(kept)
