"""What the pages draw: each registry view as a figure (or table, or tiles) with its data view,
CSV download and source caption (`chart_block`), page headers, the CSV writer, right-to-left
styling. Every function takes this run's context (`Run`: database, filters) explicitly.

Each view's data, figure and captions are prepared once per filters and database version and
shared read-only (`ctdash.cache.per_database`), so a rerun only hands ready objects to Streamlit,
and two sessions with different filters never share state. Every query takes its own read-only
cursor of the connection the process keeps open to the file (`ctdash.db.reading`).
"""

from __future__ import annotations

import dataclasses
import html
import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeAlias
from urllib.parse import urlencode

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from ctdash import basket_ui
from ctdash import queries as q
from ctdash.cache import DbRef, per_database
from ctdash.cite import cite_line, filters_words, image_name, summary
from ctdash.cite import label as cite_label
from ctdash.db import reading
from ctdash.describe import evidence
from ctdash.filters import Filters, to_params
from ctdash.frametext import header_frame, localize_frame
from ctdash.i18n import as_date, missing, t, topic_label
from ctdash.pages_table import BY_NAME
from ctdash.rowset import Rows
from ctdash.safecsv import header_lines, to_csv_bytes
from ctdash.sidebar import actor_options, show_notices, vocab
from ctdash.views import BY_ID, View, for_page

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

TOPOJSON_URL = "/app/static/topojson/"
PLOTLY_CONFIG = {"topojsonURL": TOPOJSON_URL, "displaylogo": False, "responsive": True}


@dataclass(frozen=True)
class Run:
    """One run's context: the database (file and version) and the sidebar's filters."""

    db: DbRef
    filters: Filters

    @property
    def lang(self) -> str:
        return self.filters.lang


MAX_PLOTTED = 200  # marks per chart and rows per data view (beyond that a chart is unreadable); the CSV holds every row


def plotted(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows a chart draws: at most MAX_PLOTTED, in the query's order."""
    return frame if len(frame) <= MAX_PLOTTED else frame.head(MAX_PLOTTED)


Table: TypeAlias = "pa.Table | pd.DataFrame"  # what st.dataframe is handed


def arrow_ready(frame: pd.DataFrame) -> Table:
    """The frame as an Arrow table, made once when its view is prepared: `st.dataframe` then only
    writes it out instead of converting pandas columns on every rerun (about 25 times less work
    for the facts table). A frame Arrow cannot type is left to Streamlit's own conversion."""
    import pyarrow as pa

    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, ValueError, TypeError):
        return frame


@dataclass(frozen=True)
class Html:
    """HTML built once and handed to `st.html` as it is (through `_repr_html_`): given a plain
    string, Streamlit dedents and strips it on every rerun, which for a whole document costs
    time and could change its pre-wrapped whitespace."""

    body: str

    def _repr_html_(self) -> str:
        return self.body


@dataclass(frozen=True)
class Prepared:
    """Everything one view shows for one filter state, built once and shared read-only: a rerun
    only hands these to Streamlit (no query, no pandas, no figure building)."""

    title: str
    rows: int  # rows in the filters (the CSV holds them all; it is queried again on click)
    drawn: Rows  # the rows drawn: at most MAX_PLOTTED
    lang: str
    figure: go.Figure | None  # JSON-normalised: what Streamlit serialises, without numpy arrays
    tiles: Html | None  # metrics: the tiles
    caption: str  # the source line (and a note when rows are capped)
    source: str = ""  # the source line alone (in the figure, the cite line)
    capped: str = ""  # the note when rows are capped ("" when every row is drawn)
    summary: Html | None = None  # one sentence: what the chart shows, its largest figure, the period
    image_name: str = "chart"  # the toolbar download's file name, without extension

    @cached_property
    def shown(self) -> Table:
        """The data view: the rows drawn, columns in the language (Arrow), made when it is first
        opened (most data views never are)."""
        return arrow_ready(localized(self.drawn.frame, self.lang))


def ready_figure(fig: go.Figure) -> go.Figure:
    """The figure rebuilt from its own JSON: plain lists instead of numpy arrays, so Streamlit's
    per-rerun `to_dict` + `to_json` costs what a ready-made figure costs."""
    return go.Figure(json.loads(pio.to_json(fig, validate=False)))


def tiles_html(frame: Rows, lang: str, note: str = "") -> str:
    """The headline figures as one grid of tiles (one element, not two per figure): the label
    wraps instead of being cut, the value is isolated left-to-right so "182+" stays "182+" in
    Arabic, and the tooltip holds the verbatim quote and its source; `note` (the source line)
    under the grid, in the same element. Everything is escaped."""
    from ctdash.describe import period_text

    out = []
    for row in frame.records():
        period = period_text(row["period_start"], row["period_end"], row["year"], lang, row.get("date_precision"))
        caption = f"{t('period', lang)}: {period}" if period else str(row["source_title"])
        tip = evidence_tip(row, lang) + f"\n\n— {row['source_title']}"
        out.append(
            f'<div class="ct-tile" title="{html.escape(tip)}">'
            f'<div class="ct-tile-label">{html.escape(str(row["label"]))}</div>'
            f'<div class="ct-tile-value"><span dir="{_value_dir(str(row["value_text"]))}">'
            f'{html.escape(str(row["value_text"]))}</span></div>'
            f'<div class="ct-tile-cap">{html.escape(caption)}</div></div>')
    under = f'<p class="ct-tiles-note" {dir_lang(lang)}>{html.escape(note)}</p>' if note else ""
    return f'{_TILES_CSS}<div class="ct-tiles" {dir_lang(lang)}>{"".join(out)}</div>{under}'


def dir_lang(lang: str) -> str:
    """The direction and language attributes of an HTML block in `lang` (`lang="ar"`: screen
    readers speak it as Arabic, browsers pick Arabic fonts and hyphenation)."""
    return 'dir="rtl" lang="ar"' if lang == "ar" else 'dir="ltr" lang="en"'


def _value_dir(text: str) -> str:
    """A tile value is isolated left-to-right ("182+") unless it has Arabic words ("22.2 مليار دولار+"),
    which read right-to-left."""
    return "rtl" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "ltr"


def evidence_tip(row: dict, lang: str) -> str:
    """A row's quote, its English translation (unofficial) and the curator's note, as plain text
    for a tooltip (title attribute); the translation and note only when the row has them."""
    return "\n\n".join(e.text if e.kind == "quote" else f"{e.label}: {e.text}" for e in evidence(row, lang))


@per_database(maxsize=512)
def prepare(db: DbRef, view_id: str, f: Filters) -> Prepared:
    """The view for these filters, built once per database version and shared."""
    from ctdash.plot import figure, headed

    view = BY_ID[view_id]
    with reading(db.path) as con:
        frame, info = q.head(view.data, con, f, limit=MAX_PLOTTED)  # the rows drawn, cut in DuckDB
    fig = None
    source = view.caption(frame if info.sources is None else info.sources, f.lang)
    capped = t("rows_capped", f.lang, n=len(frame), total=info.rows) if info.rows > len(frame) else ""
    chart = view.describe(frame, f.lang) if view.kind == "chart" and not frame.empty else None
    drawn = figure(chart) if chart is not None else None
    if drawn is not None:  # the figure carries its title, filters and source: its image travels
        _, names = actor_options(db, f.lang)
        fig = ready_figure(headed(drawn, view.title(f.lang), filters_words(f, names), source, f.lang))
    about = summary(chart, f.years, info.rows) if chart is not None else ""
    caption = " · ".join(x for x in (capped, source) if x)
    return Prepared(
        title=view.title(f.lang), rows=info.rows, drawn=frame, lang=f.lang, figure=fig,
        tiles=Html(tiles_html(frame, f.lang, caption)) if view.kind == "metrics" and len(frame) else None,
        caption=caption, source=source, capped=capped,
        summary=Html(f'<p class="ct-sum" {dir_lang(f.lang)} style="margin:0.2rem 0 0.4rem;opacity:0.85">'
                     f'{html.escape(about)}</p>') if about else None,
        image_name=image_name(view.file_slug, f),
    )


def fresh_rows(fn: Callable[..., Rows], db: DbRef, *args: object) -> pd.DataFrame:
    """`fn(con, *args)` queried afresh: every row a CSV download holds. Not cached, so a
    thousand-fold fact base keeps only the drawn rows in memory. (Runs when the button is
    clicked, outside the script run: the database is passed in.)"""
    with reading(db.path) as con:
        return fn(con, *args).frame


@per_database(maxsize=256)
def query(db: DbRef, fn: Callable[..., Any], *args: Hashable) -> Any:
    """`fn(con, *args)` (a function of `ctdash.queries` or `ctdash.tables`) on the database,
    cached; the result is shared, so callers must not modify it."""
    with reading(db.path) as con:
        return fn(con, *args)


# ---------------------------------------------------------------- styling

_RTL_CSS = """
<style>
  html, body, .stApp, [data-testid="stSidebar"], [data-testid="stMain"], [data-testid="stHeader"] {
    font-family: "Noto Sans Arabic", "Noto Naskh Arabic", "Noto Sans", sans-serif;
  }
  [data-testid="stMain"], [data-testid="stSidebar"] { direction: rtl; text-align: right; }
  [data-testid="stMain"] [data-testid="stMarkdownContainer"],
  [data-testid="stSidebar"] [data-testid="stMarkdownContainer"] { text-align: right; }
  /* charts are mirrored through their own layout: keep their containers left-to-right */
  [data-testid="stPlotlyChart"], [data-testid="stPlotlyChart"] * { direction: ltr; text-align: left; }
  [data-testid="stDataFrame"] { direction: ltr; }
  /* a popover (the sidebar's briefing pack menu) opens outside the sidebar: right to left too */
  [data-testid="stPopoverBody"] { direction: rtl; text-align: right; }
  /* the cite line is Arabic text: right to left, in the Arabic font, wrapped */
  [data-testid="stCode"] pre, [data-testid="stCode"] code { direction: rtl; text-align: right;
    font-family: "Noto Sans Arabic", "Noto Naskh Arabic", sans-serif; }
</style>
"""
DOC_CSS = """<style>
  .ct-head { font-size: 0.875rem; opacity: 0.7; line-height: 1.6; margin-bottom: 0.6rem; }
  .ct-doc { white-space: pre-wrap; line-height: 1.9; font-size: 1.05rem; max-height: 70vh; overflow-y: auto;
            padding: 0.8rem 1rem; border: 1px solid #ddd; border-radius: 6px;
            font-family: "Noto Naskh Arabic", "Noto Sans Arabic", serif; }
  .ct-doc mark.q { background: #fff1a8; padding: 0 1px; }
  .ct-doc mark.s { background: transparent; outline: 2px solid #d9480f; border-radius: 2px; }
  .ct-doc mark.q.s { background: #fff1a8; }
</style>"""
_TILES_CSS = """<style>
  .ct-tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 0.6rem 1rem; }
  .ct-tile { padding: 0.5rem 0.7rem; border-inline-start: 3px solid #1f6f8b; cursor: help; }
  .ct-tile-label { font-size: 0.9rem; opacity: 0.8; line-height: 1.3; }
  .ct-tile-value { font-size: 1.8rem; font-weight: 600; line-height: 1.4; unicode-bidi: isolate; }
  .ct-tile-cap { font-size: 0.8rem; opacity: 0.65; }
  .ct-tiles-note { font-size: 0.875rem; opacity: 0.6; margin: 0.6rem 0 0; }
</style>"""


def apply_style(lang: str) -> None:
    """Right-to-left layout and Arabic fonts, for Arabic pages only (the tiles and the document
    reader carry their own CSS, so an English page sends no style element)."""
    if lang == "ar":
        st.html(_RTL_CSS)


# ---------------------------------------------------------------- rendering views

def csv_with_header(frame: pd.DataFrame, f: Filters, title: str, headings: bool = True) -> bytes:
    """UTF-8 CSV (BOM, CRLF, formula-safe) whose first lines state what it is and the filters
    that produced it; every row keeps the frame's columns (source title, quote, qualifier)."""
    header = header_lines([
        f"# ctdash: {title}", f"# {t('filters_used', 'en')}: {f.describe()}",
        f"# generated: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}; {len(frame)} rows",
    ])
    bom = b"\xef\xbb\xbf"
    # headings in the download's language; the cells keep their ids and codes (traceable to data/)
    # (headings=False: a SQL answer keeps the column names its query gave)
    body = header_frame(frame, f.lang) if headings else frame
    return bom + header.encode("utf-8") + to_csv_bytes(body).removeprefix(bom)


def csv_download(frame: pd.DataFrame | Callable[[], pd.DataFrame], f: Filters, title: str, name: str,
                 key: str, headings: bool = True) -> None:
    """A download button for `csv_with_header` of `frame` (or of what the callable returns),
    built on click only, not on every rerun (`headings`: column names in the page's language)."""
    slug = f"{f.years[0]}-{f.years[1]}" + ("_" + "-".join(f.actors[:3]) if f.actors else "")
    rows = frame if callable(frame) else lambda: frame
    st.download_button(t("download_csv", f.lang), data=lambda: csv_with_header(rows(), f, title, headings),
                       file_name=f"ctdash_{name}_{slug}.csv", mime="text/csv", on_click="ignore", key=key,
                       icon=":material/download:")


def day(value: object) -> str:
    """A date as YYYY-MM-DD ('' when missing)."""
    return "" if missing(value) else as_date(value).isoformat()


def localized(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A frame as a data view shows it: headings and codes in words, no empty "None" (`frametext.localize_frame`)."""
    return localize_frame(frame, lang)


def empty_reason(run: Run) -> str:
    """Why a chart is empty, in words: which filters no row of the sources meets ("no row ...
    names Morocco", "falls in 2022", "is about Coalition: finance")."""
    f, lang = run.filters, run.lang
    why = []
    if f.actors:
        _, names = actor_options(run.db, lang)
        why.append(t("empty_names", lang, actors=t("or", lang).join(names.get(a, a) for a in f.actors)))
    bounds = vocab(run.db).bounds
    if tuple(f.years) != tuple(bounds):
        years = str(f.years[0]) if f.years[0] == f.years[1] else f"{f.years[0]}–{f.years[1]}"
        why.append(t("empty_years", lang, years=years))
    if f.topics:
        why.append(t("empty_topics", lang, topics=t("or", lang).join(topic_label(x, lang) for x in f.topics)))
    if not why:
        return t("empty_nothing", lang)
    return t("empty_because", lang, why=t("and", lang).join(why))


def chart_block(view: View, run: Run) -> bool:
    """The figure (its title, filters and source inside it, so its downloaded image travels) or
    tiles, and a one-sentence summary; then one stateful expander holding what a user takes away:
    "Add to briefing", the CSV, the "Cite this chart" line and the data view of exactly what is
    plotted. A table view is that expander alone, headed by its title. False (and why, instead of
    them) when the filters leave the view empty."""
    f = run.filters
    p = prepare(run.db, view.id, f)
    n = p.rows
    if p.figure is None and (view.kind != "table" or not n):  # a figure shows its own title (in its image too)
        st.subheader(p.title, divider="gray")
    if not n:  # say why, and offer no empty data view or CSV
        st.info(empty_reason(run), icon=":material/filter_alt_off:")
        return False
    if p.figure is not None:
        config = {**PLOTLY_CONFIG, "toImageButtonOptions": {"format": image_format(), "filename": p.image_name,
                                                            "scale": 2}}
        st.plotly_chart(p.figure, config=config, key=f"chart_{view.id}", width="stretch")
    elif view.kind == "metrics":
        st.html(p.tiles)  # the tiles carry their source line
    if p.summary is not None:
        st.html(p.summary)
    # One element per view under its figure, built and sent only while open (a page switch does
    # not pay for tables and buttons nobody opened): the tools first, then the rows.
    with st.expander(data_label(view, p), key=f"dv_{view.id}", on_change="rerun") as rows:
        if rows.open:
            tools_block(view, p, run)
            if view.id in WHOLE_TEXT_TABLES:
                st.table(p.shown)
            else:
                st.dataframe(p.shown, hide_index=True, width="stretch")
            if view.kind == "table" and p.caption:
                st.caption(p.caption)
    if p.capped and p.figure is not None:
        st.caption(p.capped)
    return True


def data_label(view: View, p: Prepared) -> str:
    """A view's expander label: what it holds ("Data behind this chart", or a table's own title),
    its row count, and what can be done there ("brief, download, cite")."""
    lang = p.lang
    what = p.title if view.kind == "table" else t("data_view", lang)
    return f"{what} ({p.rows} {t('rows', lang)}): {cite_label('tools', lang)}"


def tools_block(view: View, p: Prepared, run: Run) -> None:
    """A view's "Add to briefing" and CSV download, side by side, and its citation line."""
    db, f = run.db, run.filters
    with st.container(horizontal=True, gap="small"):
        basket_ui.add_button(view.id, f)
        csv_download(lambda: fresh_rows(view.data, db, f), f, p.title, view.id, key=f"dl_{view.id}")
    cite_block(p, run, view.pages[0])


def permalink(run: Run, page: str) -> str:
    """This page's URL with the filters (the address bar's, from `st.context.url`; the page's path
    where the app does not know it, as in tests)."""
    query = urlencode(to_params(run.filters, vocab(run.db).bounds), doseq=True)
    base = st.context.url or f"/{page}"
    return base.split("?")[0] + (f"?{query}" if query else "")


def cite_block(p: Prepared, run: Run, page: str) -> None:
    """ "Cite this chart": title, filters, source (title, publisher, date), permalink; st.code's
    own button copies it with one click."""
    _, names = actor_options(run.db, run.lang)
    line = cite_line(p.title, run.filters, p.source, permalink(run, page), names)
    st.html(Html(f'{CITE_CSS}<div class="ct-cite" {dir_lang(run.lang)}>{html.escape(cite_label("cite", run.lang))}</div>'))
    st.code(line, language=None, wrap_lines=True)


IMAGE_FORMATS = ("png", "svg")


def image_format() -> str:
    """The toolbar's image format for this session (PNG unless the Briefing page chose SVG)."""
    chosen = st.session_state.get(basket_ui.IMAGE_FORMAT, "png")
    return chosen if chosen in IMAGE_FORMATS else "png"


WHOLE_TEXT_TABLES = ("conflicts",)  # tables read for their long text: shown whole, wrapped (no cut cells)


CITE_CSS = """<style>
  [data-testid="stExpanderDetails"] [data-testid="stCode"] code { font-size: 0.78rem; line-height: 1.5;
    font-family: "Noto Sans", "Noto Sans Arabic", sans-serif; }
  .ct-cite { font-size: 0.85rem; opacity: 0.7; margin-bottom: -0.6rem; }
</style>"""  # the "Cite this chart" line: small, in the text font (sent with the expander's content)


def page_header(page: str, run: Run) -> None:
    st.title(t(f"page_{page}", run.lang))
    show_notices(run.filters)


def render_page(page: str, run: Run) -> None:
    """A standard page: its title and every registry view of the page."""
    page_header(page, run)
    f = run.filters
    shown = [chart_block(view, run) for view in for_page(page)]
    if f.actors and not all(shown):  # an actor empties some charts: its own page lists what there is
        _, names = actor_options(run.db, f.lang)
        for actor in f.actors[:2]:
            st.page_link(BY_NAME["actors"].file, label=t("actor_csv_title", f.lang, actor=names.get(actor, actor)),
                         icon=":material/person_search:", query_params=to_params(
                             dataclasses.replace(f, actors=(actor,)), vocab(run.db).bounds))
