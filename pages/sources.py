"""Sources page: read each document in full, right-to-left, with every curated quote highlighted
and linked to its rows, and an Arabic-aware search box."""

import streamlit as st

from ctdash import reader, ui
from ctdash.i18n import t

f = ui.current_filters()
lang = f.lang
ui.page_header("sources", f)
st.caption(t("sources_filters_note", lang))

sources = ui.query("sources_list", f)
titles = dict(zip(sources["source_id"], sources["source_title"], strict=True))
source_id = st.selectbox(t("document", lang), list(titles), format_func=lambda s: titles[s], key="src_doc")
row = ui.query("source_row", source_id, lang)
day = ui.day
c1, c2, c3 = st.columns(3)
c1.markdown(f"**{t('publisher', lang)}**  \n{row['publisher']}")
c2.markdown(f"**{t('published', lang)}**  \n{day(row['published']) or '—'}")
c3.markdown(f"**{t('period_covered', lang)}**  \n{day(row['period_start']) or '…'} – {day(row['period_end']) or '…'}")

needle = st.text_input(t("search_document", lang), key="src_search", max_chars=200)
doc = reader.document(source_id, lang, needle)
if needle.strip():
    st.write(t("matches", lang, n=doc.matches))
st.caption(t("highlight_legend", lang))
st.html(f'<div class="ct-doc" dir="rtl" lang="ar">{doc.html}</div>')

st.subheader(t("quotes_in_doc", lang))
with st.expander(f"{t('jump_to_quote', lang)} ({len(doc.rows)})"):
    # Each row links to its first highlighted passage above (an in-page anchor).
    st.markdown(doc.jump_list)
st.dataframe(doc.shown, hide_index=True, width="stretch")
if doc.capped_note:
    st.caption(doc.capped_note)
ui.csv_download(doc.rows, f, titles[source_id], f"quotes_{source_id}", key="dl_src_quotes")
