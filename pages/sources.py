"""Sources page: read each document in full, right-to-left, with every curated quote highlighted
and linked to its rows, and an Arabic-aware search box."""

import streamlit as st

from ctdash import highlight, ui
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
text = ui.query("source_text", source_id)
rows = ui.query("source_quotes", source_id, lang)
spans = highlight.quote_spans(text, zip(rows["row_id"], rows["quote"], strict=True))
matches = highlight.search_spans(text, needle)
if needle.strip():
    st.write(t("matches", lang, n=len(matches)))
st.caption(t("highlight_legend", lang))
st.html(f'<div class="ct-doc" dir="rtl" lang="ar">{highlight.to_html(text, spans, matches)}</div>')

st.subheader(t("quotes_in_doc", lang))
with st.expander(f"{t('jump_to_quote', lang)} ({len(rows)})"):
    # Each row links to its first highlighted passage above (an in-page anchor).
    lines = [
        f"- [`{r.row_id}`]({highlight.anchor_link(r.row_id)}) {highlight.markdown_text(r.label or r.row_table)}"
        if r.row_id in spans else f"- `{r.row_id}` ({t('quote_not_found', lang)})"
        for r in rows.itertuples(index=False)
    ]
    st.markdown("\n".join(lines))
st.dataframe(ui.localized(rows, lang), hide_index=True, width="stretch")
ui.csv_download(rows, f, titles[source_id], f"quotes_{source_id}", key="dl_src_quotes")
