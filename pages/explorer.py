"""Explorer page: every curated table with faceted filters and CSV download, and a read-only SQL box."""

import streamlit as st

from ctdash import ui
from ctdash.i18n import t
from ctdash.queries import EXPLORER_TABLES
from ctdash.sandbox import SandboxError, run
from ctdash.upload_ui import upload_box

f = ui.current_filters()
lang = f.lang
ui.page_header("explorer", f)

table = st.selectbox(t("table", lang), EXPLORER_TABLES, key="ex_table")
st.caption(t("explorer_filters_note", lang))
facets = ui.query("facet_values", table)
chosen = {}
if facets:
    cols = st.columns(min(4, len(facets)))
    for i, (col, values) in enumerate(facets.items()):
        chosen[col] = cols[i % len(cols)].multiselect(col, values, key=f"ex_{table}_{col}",
                                                       placeholder=t("all", lang))
text = st.text_input(t("search_rows", lang), key=f"ex_{table}_text", max_chars=200)
rows = ui.query("explorer_rows", f, table, tuple((k, tuple(v)) for k, v in sorted(chosen.items()) if v), text)
st.write(f"{len(rows)} {t('rows', lang)}")
st.dataframe(rows, hide_index=True, width="stretch")
ui.csv_download(rows, f, f"table {table}", f"table_{table}", key="dl_explorer")

st.divider()
st.subheader(t("sql_box", lang))
with st.form("sql_form"):
    sql = st.text_area("SQL", "SELECT topic, qualifier, count(*) AS n FROM facts GROUP BY ALL ORDER BY n DESC",
                       key="ex_sql", height=120)
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

st.divider()
upload_box(lang)
