"""The Sources page's document view, prepared once per document, language, search and database
version: the text with its quotes highlighted, the list of rows that jump to them, the table.

The expensive parts (finding every quote, building the highlighted HTML) grow with the number of
curated rows, so they are cached like every chart (`ctdash.cache.per_database`), and the list of
jump links is capped at `ui.MAX_PLOTTED` rows (the table's CSV download holds them all).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from ctdash import highlight, tables, ui
from ctdash import queries as q
from ctdash.arabic import isolate
from ctdash.cache import DbRef, per_database
from ctdash.filters import Filters
from ctdash.i18n import missing, t


@dataclass(frozen=True)
class Document:
    html: ui.Html  # a caption (source, dates, legend, matches) and the text as escaped HTML with marks
    matches: int  # search matches (0 without a search)
    rows: pd.DataFrame  # every row quoting the document (the CSV)
    shown: ui.Table  # the table: at most MAX_PLOTTED rows, columns in the language (Arrow)
    jump_list: str  # Markdown: each listed row linked to its passage
    capped_note: str  # "showing the first N of M rows" or ""


@per_database(maxsize=64)
def document(db: DbRef, source_id: str, lang: str, needle: str = "") -> Document:
    """The document view of `source_id` in `lang`, with the matches of `needle` marked."""
    needle = needle.strip() and needle
    text, rows, spans = _quoted(db, source_id, lang)
    listed = ui.plotted(rows)
    matches = highlight.search_spans(text, needle)
    lines = [
        (f"- [`{r.row_id}`]({highlight.anchor_link(r.row_id)}) {highlight.markdown_text(r.label or r.row_table)}"
         if r.row_id in spans else f"- `{r.row_id}` ({t('quote_not_found', lang)})") + _evidence_md(r, lang)
        for r in listed.itertuples(index=False)
    ]
    tips = {r.row_id: f"{t('quote_en', lang)}: {' '.join(str(r.quote_en).split())}"
            for r in rows.itertuples(index=False) if not missing(r.quote_en) and str(r.quote_en).strip()}
    capped = t("rows_capped", lang, n=len(listed), total=len(rows)) if len(rows) > len(listed) else ""
    legend = t("highlight_legend", lang)
    head = [meta_html(ui.query(db, tables.source_row, source_id, lang), lang),
            html.escape(t("sources_filters_note", lang)),
            html.escape(f"{t('matches', lang, n=len(matches))} · {legend}" if needle else legend)]
    return Document(
        html=ui.Html(f'{ui.DOC_CSS}<div class="ct-head" {ui.dir_lang(lang)}>'
                     f'{"<br>".join(head)}</div><div class="ct-doc" dir="rtl" lang="ar">'
                     f'{highlight.to_html(text, spans, matches, anchors=set(listed["row_id"]), tips=tips)}</div>'),
        matches=len(matches), rows=rows, shown=ui.arrow_ready(ui.localized(listed, lang)), jump_list="\n".join(lines),
        capped_note=capped,
    )


def _evidence_md(r: object, lang: str) -> str:
    """A jump-list entry's English translation (unofficial) and curator's note, as escaped
    Markdown lines under it (nothing when the row has neither)."""
    out = ""
    for key in ("quote_en", "note"):
        value = getattr(r, key, None)
        if not missing(value) and str(value).strip():
            text = highlight.markdown_text(value)
            if lang == "ar":  # English inside an Arabic line: a left-to-right isolate keeps its punctuation in place
                text = isolate(text, rtl=False)
            out += f"  \n  *{highlight.markdown_text(t(key, lang))}*: {text}"
    return out


def meta_html(row: dict, lang: str) -> str:
    """Publisher, publication date and period covered of a source, as one escaped HTML line."""
    def day(value: object, missing: str) -> str:  # isolated, so a date reads 2014-12-15 in Arabic too
        text = ui.day(value)
        return f'<bdi dir="ltr">{text}</bdi>' if text else missing

    parts = (
        (t("publisher", lang), html.escape(str(row.get("publisher") or "—"))),
        (t("published", lang), day(row.get("published"), "—")),
        (t("period_covered", lang), f"{day(row.get('period_start'), '…')} – {day(row.get('period_end'), '…')}"),
    )
    return " · ".join(f"<b>{html.escape(k)}</b>: {v}" for k, v in parts)


@per_database(maxsize=16)
def _quoted(db: DbRef, source_id: str, lang: str) -> tuple[str, pd.DataFrame, dict[str, list[highlight.Span]]]:
    """The document's text, the rows quoting it, and where each row's quote is (shared by every
    search of the document)."""
    text = ui.query(db, tables.source_text, source_id)
    rows = ui.query(db, tables.source_quotes, source_id, lang)
    return text, rows, highlight.quote_spans(text, zip(rows["row_id"], rows["quote"], strict=True))


@per_database(maxsize=8)
def documents(db: DbRef, lang: str) -> dict[str, dict]:
    """The source documents by id (title, publisher, dates) in `lang`: every document whatever
    the other filters, so one entry per language, not per filter state."""
    frame = ui.query(db, q.sources_list, Filters(lang=lang))
    return {row["source_id"]: dict(row) for row in frame.records()}
