"""The Explorer page: every curated table with faceted filters and a CSV download, a read-only
SQL box, and the "check my CSV" box, each in its own tab.

The tabs and the column-value filters are stateful containers (`on_change="rerun"`): only the
open tab is built, and the facet widgets only while their expander is open (the chosen values
are kept in session state and still apply when it is closed). The page file only calls
`render` (see `ctdash.sources_ui` for why).
"""

from __future__ import annotations

import streamlit as st

from ctdash import queries as q
from ctdash import ui
from ctdash.db import reading
from ctdash.filters import Filters
from ctdash.i18n import column_label, localize_frame, t, table_label, value_text
from ctdash.memo import memo
from ctdash.queries import EXPLORER_TABLES
from ctdash.sandbox import SandboxError, run
from ctdash.upload_ui import upload_box

Facets = tuple[tuple[str, tuple[str, ...]], ...]  # (column, values) pairs, hashable for the memo
MAX_TABLE_ROWS = 1000  # rows sent to the browser; the CSV holds every row
FACETS = "_ex_facets"  # session state: {(table, column): [values]}, kept while the widgets are hidden
DEFAULT_SQL = "SELECT topic, qualifier, count(*) AS n FROM facts GROUP BY ALL ORDER BY n DESC"


def facet_key(table: str, column: str) -> str:
    return f"ex_{table}_{column}"


def facet_filters(table: str, lang: str) -> Facets:
    """The column-value filters of `table`: multiselects in an expander made only while it is
    open; the values chosen stay in force (and are counted in its label) when it is closed."""
    facets = ui.query("facet_values", table)
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
                    format_func=lambda v, c=col: str(value_text(c, v, lang)))
    return tuple((col, tuple(store[(table, col)])) for col in sorted(facets) if store.get((table, col)))


def browse(f: Filters) -> None:
    lang = f.lang
    table = st.selectbox(t("table", lang), EXPLORER_TABLES, key="ex_table", format_func=lambda x: table_label(x, lang))
    text = st.text_input(t("search_rows", lang), key=f"ex_{table}_text", max_chars=200)
    chosen = facet_filters(table, lang)
    rows, shown = table_view(f, table, chosen, text, MAX_TABLE_ROWS, *ui.db_key())
    note = [f"{rows} {t('rows', lang)}", t("explorer_filters_note", lang)]
    if rows > MAX_TABLE_ROWS:
        note.insert(1, t("rows_capped", lang, n=MAX_TABLE_ROWS, total=rows))
    st.caption(" · ".join(note))
    st.dataframe(shown, hide_index=True, width="stretch")
    db = ui.database_handle()
    ui.csv_download(lambda: ui.fresh_rows(q.explorer_rows, db, f, table, chosen, text), f, table_label(table, "en"),
                    f"table_{table}", key="dl_explorer")


@memo(maxsize=64)
def table_view(f: Filters, table: str, chosen: Facets, text: str, limit: int, version: str,
               db_path: str) -> tuple[int, ui.Table]:
    """The number of rows in the filters and the first `limit` of them, cut in DuckDB and ready
    for st.dataframe (a thousand-fold fact base would otherwise send 120,000 rows), headed and
    worded in the page's language (every column kept: this is the raw table)."""
    with reading(db_path) as con:
        frame, info = q.head(q.explorer_rows, con, f, table, chosen, text, limit=limit)
    return info.rows, ui.arrow_ready(localize_frame(frame, f.lang, hide=False))


def sql_box(f: Filters) -> None:
    lang = f.lang
    with st.form("sql_form"):
        sql = st.text_area(t("sql_box", lang), DEFAULT_SQL, key="ex_sql", height=120)
        submitted = st.form_submit_button(t("run_query", lang))
    if submitted:
        try:
            st.session_state["ex_sql_result"] = (sql, run(ui.database_path(), sql))
        except SandboxError as exc:
            st.session_state.pop("ex_sql_result", None)
            st.error(str(exc))
    result = st.session_state.get("ex_sql_result")
    if result:
        done_sql, res = result
        st.code(done_sql, language="sql")
        if res.truncated:
            st.warning(t("sql_truncated", lang, n=len(res.frame)))
        st.dataframe(res.frame, hide_index=True, width="stretch")
        ui.csv_download(res.frame, f, f"SQL: {done_sql}", "sql", key="dl_sql")


def render() -> None:
    f = ui.current_filters()
    ui.page_header("explorer", f)
    names = [t(k, f.lang) for k in ("tab_browse", "tab_sql", "tab_check")]
    tab_browse, tab_sql, tab_check = st.tabs(names, key=f"ex_tab_{f.lang}", on_change="rerun")
    if tab_browse.open:
        with tab_browse:
            browse(f)
    if tab_sql.open:
        with tab_sql:
            sql_box(f)
    if tab_check.open:
        with tab_check:
            upload_box(f.lang, heading=False)
