"""The Sources page: read each document in full, right-to-left, with every curated quote
highlighted and linked to its rows, and an Arabic-aware search box.

The page file only calls `render`: Streamlit compiles a page file itself (with its "magic"
rewrite), and its AppTest does so on every run; an imported module is compiled once per process.
"""

from __future__ import annotations

import streamlit as st

from ctdash import reader, ui
from ctdash.i18n import t


def render(run: ui.Run) -> None:
    f, lang = run.filters, run.lang
    ui.page_header("sources", run)
    docs = reader.documents(run.db, lang)
    source_id = st.selectbox(t("document", lang), list(docs), format_func=lambda s: docs[s]["source_title"],
                             key="src_doc")
    needle = st.text_input(t("search_document", lang), key="src_search", max_chars=200)
    doc = reader.document(run.db, source_id, lang, needle)
    st.html(doc.html)  # the source's publisher and dates, the legend, the search matches, the text

    st.subheader(t("quotes_in_doc", lang), divider="gray")
    # Each row links to its first highlighted passage above (an in-page anchor). The list is
    # made only while the expander is open.
    with st.expander(f"{t('jump_to_quote', lang)} ({len(doc.rows)})", key="src_jump", on_change="rerun") as jump:
        if jump.open:
            st.markdown(doc.jump_list)
    st.dataframe(doc.shown, hide_index=True, width="stretch")
    ui.csv_download(doc.rows, f, docs[source_id]["source_title"], f"quotes_{source_id}", key="dl_src_quotes")
    if doc.capped_note:
        st.caption(doc.capped_note)
