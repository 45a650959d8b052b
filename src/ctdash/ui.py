"""Shared Streamlit helpers: the database, cached query results, the sidebar filters kept in the
URL, right-to-left styling, and `chart_block` which renders one registry view with its data
view, CSV download and source caption.

Database access: the file is built once per process (`database`, memoised); every query takes its
own read-only cursor of the connection the process keeps open to the file (`ctdash.db.reading`),
because a DuckDB connection must not be used from two threads at once. Each view's data, figure and captions are prepared
once per filters and database version and shared read-only (`ctdash.memo`), so a rerun only
hands ready objects to Streamlit, and two sessions with different filters never share state.
"""

from __future__ import annotations

import dataclasses
import html
import json
import os
from collections.abc import Callable, Hashable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pyarrow as pa
import streamlit as st

from ctdash import paths
from ctdash import queries as q
from ctdash.briefing_ui import briefing_buttons
from ctdash.db import build, file_version, reading
from ctdash.filters import Filters, Notice, Vocab, parse, to_params
from ctdash.i18n import header_frame, localize_frame, t, topic_label
from ctdash.memo import memo
from ctdash.safecsv import header_lines, to_csv_bytes
from ctdash.schema import TOPICS
from ctdash.validate import DataError
from ctdash.views import BY_ID, View, for_page

TOPOJSON_URL = "/app/static/topojson/"
FAVICON = "/app/static/favicon.png"  # a static URL: no image is read and registered on every run
PLOTLY_CONFIG = {"topojsonURL": TOPOJSON_URL, "displaylogo": False, "responsive": True}
PAGE_FILES = {
    "overview": "pages/overview.py", "meetings": "pages/meetings.py", "coalition": "pages/coalition.py",
    "cted": "pages/cted.py", "working_groups": "pages/working_groups.py", "explorer": "pages/explorer.py",
    "sources": "pages/sources.py", "actors": "pages/actors.py",
}
_KEYS = {"lang": "f_lang", "years": "f_years", "actors": "f_actors", "topics": "f_topics"}
# URL keys a page keeps itself (the Explorer's SQL text, table, search and tab): the sidebar
# leaves them in the URL, and they are not carried to other pages.
PAGE_PARAMS = frozenset({"sql", "table", "q", "tab"})


# ---------------------------------------------------------------- database

@dataclass(frozen=True)
class Database:
    path: Path | None
    error: str | None = None  # the database cannot be used at all
    warning: str | None = None  # data changed but did not validate: the last good file is used

    @property
    def version(self) -> str:
        """Changes when the file is rebuilt (part of every cache key)."""
        return "none" if self.path is None else file_version(self.path)


def _problems_text(exc: DataError, limit: int = 12) -> str:
    lines = [str(p) for p in exc.problems[:limit]]
    if len(exc.problems) > limit:
        lines.append(f"... and {len(exc.problems) - limit} more")
    return "\n".join(lines)


def _stale(path: Path, data_dir: Path) -> bool:
    newest = max((p.stat().st_mtime for p in data_dir.glob("*.csv")), default=0)
    return path.stat().st_mtime < newest


@memo(maxsize=8)
def database(db_path: str | None = None, data_dir: str | None = None) -> Database:
    """The database file, built if missing (or older than the curated CSVs), once per process.
    (A `ctdash.memo`, not `st.cache_resource`: its key hashing runs `inspect.signature` on every
    call, a visible share of every rerun's profile.)"""
    path = Path(db_path or paths.db_path())
    data = Path(data_dir or paths.data_dir())
    over_parquet = bool(os.environ.get("CTDASH_PARQUET"))  # `ctdash serve --parquet`: a catalogue of views
    try:
        if over_parquet and not path.exists():
            raise FileNotFoundError(f"no catalogue of Parquet views at {path} (start with ctdash serve --parquet DIR)")
        if not path.exists():
            build(data, path)
        elif not over_parquet and data.is_dir() and _stale(path, data):
            try:
                build(data, path)
            except DataError as exc:
                return Database(path, warning=_problems_text(exc))
        with reading(path) as con:  # opens the file (and keeps it open for the queries to come)
            con.execute("SELECT 1").fetchall()
    except DataError as exc:
        return Database(None, error=_problems_text(exc))
    except Exception as exc:  # unreadable file, disk full ...: say so instead of a traceback
        return Database(None, error=f"{type(exc).__name__}: {exc}")
    return Database(path)


def connection(db: Database) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
    """A read-only connection for one query, closed afterwards (`ctdash.db.reading`)."""
    return reading(db.path)


def database_handle() -> Database:
    """This run's database, to hand to work done outside the run (a download built on click)."""
    return st.session_state["_db"]


def db_key() -> tuple[str, str]:
    """(version, path) of this run's database, read from the file once per run (`start`): part
    of every memo key, so a rebuilt file is never answered from an older one's entries."""
    return st.session_state["_dbkey"]


MAX_PLOTTED = 200  # marks per chart and rows per data view (beyond that a chart is unreadable); the CSV holds every row


def plotted(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows a chart draws: at most MAX_PLOTTED, in the query's order."""
    return frame if len(frame) <= MAX_PLOTTED else frame.head(MAX_PLOTTED)


Table = pa.Table | pd.DataFrame  # what st.dataframe is handed


def arrow_ready(frame: pd.DataFrame) -> Table:
    """The frame as an Arrow table, made once when its view is prepared: `st.dataframe` then only
    writes it out instead of converting pandas columns on every rerun (about 25 times less work
    for the facts table). A frame Arrow cannot type is left to Streamlit's own conversion."""
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
    shown: Table  # the data view: at most MAX_PLOTTED rows, columns in the language (Arrow)
    figure: go.Figure | None  # JSON-normalised: what Streamlit serialises, without numpy arrays
    tiles: Html | None  # metrics: the tiles
    caption: str  # the source line (and a note when rows are capped)


def ready_figure(fig: go.Figure) -> go.Figure:
    """The figure rebuilt from its own JSON: plain lists instead of numpy arrays, so Streamlit's
    per-rerun `to_dict` + `to_json` costs what a ready-made figure costs."""
    return go.Figure(json.loads(pio.to_json(fig, validate=False)))


def tiles_html(frame: pd.DataFrame, lang: str) -> str:
    """The headline figures as one grid of tiles (one element, not two per figure): the label
    wraps instead of being cut, the value is isolated left-to-right so "182+" stays "182+" in
    Arabic, and the tooltip holds the verbatim quote and its source. Everything is escaped."""
    from ctdash.charts import period_text

    out = []
    for row in frame.itertuples(index=False):
        period = period_text(row.period_start, row.period_end, row.year, lang, getattr(row, "date_precision", None))
        caption = f"{t('period', lang)}: {period}" if period else str(row.source_title)
        tip = evidence_tip(row._asdict(), lang) + f"\n\n— {row.source_title}"
        out.append(
            f'<div class="ct-tile" title="{html.escape(tip)}">'
            f'<div class="ct-tile-label">{html.escape(str(row.label))}</div>'
            f'<div class="ct-tile-value"><span dir="{_value_dir(str(row.value_text))}">'
            f'{html.escape(str(row.value_text))}</span></div>'
            f'<div class="ct-tile-cap">{html.escape(caption)}</div></div>')
    return f'{_TILES_CSS}<div class="ct-tiles" dir="{"rtl" if lang == "ar" else "ltr"}">{"".join(out)}</div>'


def _value_dir(text: str) -> str:
    """A tile value is isolated left-to-right ("182+") unless it has Arabic words ("22.2 مليار دولار+"),
    which read right-to-left."""
    return "rtl" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "ltr"


def evidence_tip(row: dict, lang: str) -> str:
    """A row's quote, its English translation (unofficial) and the curator's note, as plain text
    for a tooltip (title attribute); the translation and note only when the row has them."""
    from ctdash.i18n import missing

    parts = [str(row.get("quote") or "")]
    for key in ("quote_en", "note"):
        value = row.get(key)
        if not missing(value) and str(value).strip():
            parts.append(f"{t(key, lang)}: {value}")
    return "\n\n".join(p for p in parts if p)


@memo(maxsize=512)
def _prepared(view_id: str, f: Filters, version: str, db_path: str) -> Prepared:
    view = BY_ID[view_id]
    with reading(db_path) as con:
        frame, info = q.head(view.data, con, f, limit=MAX_PLOTTED)  # the rows drawn, cut in DuckDB
    fig = None
    if view.kind == "chart" and not frame.empty:
        fig = view.figure(frame.copy(), f.lang)
        fig.update_layout(title={"text": ""}, margin={"t": 30})
        fig = ready_figure(fig)
    caption = view.caption(frame if info.sources is None else info.sources, f.lang)
    if info.rows > len(frame):
        caption = " · ".join(x for x in (t("rows_capped", f.lang, n=len(frame), total=info.rows), caption) if x)
    return Prepared(
        title=view.title(f.lang), rows=info.rows, shown=arrow_ready(localized(frame, f.lang)), figure=fig,
        tiles=Html(tiles_html(frame, f.lang)) if view.kind == "metrics" and len(frame) else None, caption=caption,
    )


def prepared(view: View, f: Filters) -> Prepared:
    """The view for these filters from the process-wide memo (keyed by database version too)."""
    return _prepared(view.id, f, *db_key())


def fresh_rows(fn: Callable[..., pd.DataFrame], db: Database, *args: object) -> pd.DataFrame:
    """`fn(con, *args)` queried afresh: every row a CSV download holds. Not memoised, so a
    thousand-fold fact base keeps only the drawn rows in memory. (Runs when the button is
    clicked, outside the script run: the database is passed in, not read from the session.)"""
    with connection(db) as con:
        return fn(con, *args)


@memo(maxsize=256)
def query_at(name: str, version: str, db_path: str, *args: Hashable) -> object:
    """`ctdash.queries.<name>(con, *args)` on the database file at `db_path` (its `version` is
    part of the key), memoised."""
    with reading(db_path) as con:
        return getattr(q, name)(con, *args)


def query(name: str, *args: Hashable):
    """Any other function of `ctdash.queries` by name, memoised by its arguments; the result is
    shared, so callers must not modify it."""
    return query_at(name, *db_key(), *args)


# ---------------------------------------------------------------- filters and the URL

@memo(maxsize=16)
def _vocab_of(version: str, db_path: str) -> Vocab:
    bounds = query_at("year_bounds", version, db_path)
    actors = query_at("actor_names", version, db_path, "en")
    return Vocab(bounds=bounds, actors=frozenset(actors["actor_id"]), topics=frozenset(TOPICS))


def _vocab() -> Vocab:
    """Year bounds, actor ids and topics of the database (what the URL and widgets may hold)."""
    return _vocab_of(*db_key())


@memo(maxsize=16)
def _actor_options(version: str, db_path: str, lang: str) -> tuple[list[str], dict[str, str]]:
    names = query_at("actor_names", version, db_path, lang)
    return list(names["actor_id"]), dict(zip(names["actor_id"], names["name"], strict=True))


def actor_options(lang: str) -> tuple[list[str], dict[str, str]]:
    """Every actor id (states first, by name) and its name in `lang`, shared read-only."""
    return _actor_options(*db_key(), lang)


def _url_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def _filter_params(params: dict | None) -> dict:
    """URL parameters without those a page keeps itself (PAGE_PARAMS)."""
    return {k: v for k, v in (params or {}).items() if k not in PAGE_PARAMS}


def _seed_widgets(f: Filters) -> None:
    st.session_state[_KEYS["lang"]] = f.lang
    st.session_state[_KEYS["years"]] = tuple(f.years)
    st.session_state[_KEYS["actors"]] = list(f.actors)
    st.session_state[_KEYS["topics"]] = list(f.topics)


def _widgets_to_filters(vocab: Vocab) -> Filters:
    s = st.session_state
    years = tuple(s.get(_KEYS["years"]) or vocab.bounds)
    return Filters(
        years=(int(years[0]), int(years[-1])),
        actors=tuple(sorted(a for a in s.get(_KEYS["actors"], []) if a in vocab.actors)),
        topics=tuple(sorted(x for x in s.get(_KEYS["topics"], []) if x in vocab.topics)),
        lang=s.get(_KEYS["lang"]) if s.get(_KEYS["lang"]) in ("en", "ar") else "en",
    )


def _reset_filters() -> None:
    vocab = _vocab()
    st.session_state["_filters"] = Filters(years=vocab.bounds, lang=st.session_state.get(_KEYS["lang"], "en"))


def _on_widget_change() -> None:
    """A filter widget changed: the canonical filters follow it (callbacks run before the script)."""
    st.session_state["_filters"] = _widgets_to_filters(_vocab())


def sidebar() -> Filters:
    """The shared sidebar, written back to the URL every run.

    The canonical filters live in session state (`_filters`, not a widget key): taken from the
    URL on a session's first run or when the URL changes (a shared link, back/forward), updated
    by the widgets' callbacks, and copied into the widgets before they are drawn on every run.
    So a page switch (which clears the URL, and may interrupt a run or give the sidebar widgets
    a new identity) never loses them.
    """
    vocab = _vocab()
    url = _url_params()
    canonical = st.session_state.get("_filters")
    if canonical is None or (url and _filter_params(url) != _filter_params(st.session_state.get("_last_params"))):
        canonical, notices = parse(url, vocab)
        st.session_state["_notices"] = (canonical, notices)
        st.session_state["_filters"] = canonical
    _seed_widgets(canonical)
    lang = canonical.lang
    sb = st.sidebar
    sb.radio(t("language", lang), ["en", "ar"], key=_KEYS["lang"], horizontal=True,
             format_func=lambda code: "English" if code == "en" else "العربية", on_change=_on_widget_change)
    lo, hi = vocab.bounds
    sb.slider(t("years", lang), min_value=lo, max_value=max(hi, lo + 1), key=_KEYS["years"], step=1,
              on_change=_on_widget_change)
    options, label = _actor_options(*db_key(), lang)
    sb.multiselect(t("actors", lang), options, key=_KEYS["actors"],
                   format_func=lambda a: label.get(a, a), placeholder=t("all", lang),
                   on_change=_on_widget_change)
    sb.multiselect(t("topics", lang), sorted(TOPICS), key=_KEYS["topics"],
                   format_func=lambda x: topic_label(x, lang), placeholder=t("all", lang),
                   on_change=_on_widget_change)
    sb.button(t("reset_filters", lang), on_click=_reset_filters, key="f_reset", help=t("share_hint", lang),
              icon=":material/restart_alt:")
    f = _widgets_to_filters(vocab)
    params = to_params(f, vocab.bounds)
    params.update((k, v) for k, v in url.items() if k in PAGE_PARAMS)
    if _url_params() != {k: v if isinstance(v, list) else [v] for k, v in params.items()}:
        st.query_params.from_dict(params)
    st.session_state["_last_params"] = _url_params()
    st.session_state["_filters"] = f
    return f


def show_notices(f: Filters) -> None:
    """URL values that were ignored, shown until the filters change."""
    shown, notices = st.session_state.get("_notices", (None, []))
    if notices and shown is not None and dataclasses.replace(shown, lang=f.lang) == dataclasses.replace(f):
        for n in notices:
            st.warning(t(n.key, f.lang, param=_code(n.param), value=_code(n.value)), icon="⚠️")


def _code(value: str) -> str:
    """A URL value as a Markdown code span: shown as typed, never as a link or formatting."""
    text = " ".join(str(value).replace("`", "ʼ").split())
    return f"`{text}`" if text else "` `"


def notices_text(notices: list[Notice], lang: str) -> list[str]:
    return [t(n.key, lang, param=n.param, value=n.value) for n in notices]


def current_filters() -> Filters:
    """The filters app.py set up in this run.

    Streamlit runs a page file of `pages/` directly (its pages-directory mode) while no run of
    app.py has called st.navigation yet (a fresh server; AppTest on every run): then app.py's
    marker is missing, so do app.py's part here (sidebar, navigation) before the page.
    """
    if not st.session_state.pop("_app_ran", False):
        if navigation() is None:
            st.stop()
        st.session_state.pop("_app_ran", None)
    return st.session_state["_filters"]


def page_params() -> dict:
    """The query parameters to carry to another page (st.switch_page / st.page_link)."""
    return _filter_params(dict(st.query_params))


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
    return "" if value is None or pd.isna(value) else str(pd.Timestamp(value).date())


def localized(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A frame as a data view shows it: headings and codes in words, no empty "None" (`i18n.localize_frame`)."""
    return localize_frame(frame, lang)


def empty_reason(f: Filters) -> str:
    """Why a chart is empty, in words: which filters no row of the sources meets ("no row ...
    names Morocco", "falls in 2022", "is about Coalition: finance")."""
    lang = f.lang
    why = []
    if f.actors:
        _, names = _actor_options(*db_key(), lang)
        why.append(t("empty_names", lang, actors=t("or", lang).join(names.get(a, a) for a in f.actors)))
    bounds = _vocab().bounds
    if tuple(f.years) != tuple(bounds):
        years = str(f.years[0]) if f.years[0] == f.years[1] else f"{f.years[0]}–{f.years[1]}"
        why.append(t("empty_years", lang, years=years))
    if f.topics:
        why.append(t("empty_topics", lang, topics=t("or", lang).join(topic_label(x, lang) for x in f.topics)))
    if not why:
        return t("empty_nothing", lang)
    return t("empty_because", lang, why=t("and", lang).join(why))


def chart_block(view: View, f: Filters) -> bool:
    """Title, the figure (or table), a data view of exactly what is plotted, the CSV, the source;
    False (and why, instead of them) when the filters leave the view empty."""
    lang = f.lang
    p = prepared(view, f)
    st.subheader(p.title, divider="gray")
    n = p.rows
    if not n:  # say why, and offer no empty data view or CSV
        st.info(empty_reason(f), icon=":material/filter_alt_off:")
        return False
    if p.figure is not None:
        st.plotly_chart(p.figure, config=PLOTLY_CONFIG, key=f"chart_{view.id}", width="stretch")
    elif view.kind == "metrics":
        st.html(p.tiles)
    elif view.id in WHOLE_TEXT_TABLES:
        st.table(p.shown)
    else:
        st.dataframe(p.shown, hide_index=True, width="stretch")
    if view.kind != "table":
        with st.expander(f"{t('data_view', lang)} ({n} {t('rows', lang)})"):
            st.dataframe(p.shown, hide_index=True, width="stretch")
    db = database_handle()
    csv_download(lambda: fresh_rows(view.data, db, f), f, p.title, view.id, key=f"dl_{view.id}")
    if p.caption:
        st.caption(p.caption)
    return True


WHOLE_TEXT_TABLES = ("conflicts",)  # tables read for their long text: shown whole, wrapped (no cut cells)


def page_header(page: str, f: Filters) -> None:
    st.title(t(f"page_{page}", f.lang))
    show_notices(f)


def render_page(page: str) -> None:
    """A standard page: its title and every registry view of the page."""
    f = current_filters()
    page_header(page, f)
    shown = [chart_block(view, f) for view in for_page(page)]
    if f.actors and not all(shown):  # an actor empties some charts: its own page lists what there is
        _, names = actor_options(f.lang)
        for actor in f.actors[:2]:
            st.page_link(PAGE_FILES["actors"], label=t("actor_csv_title", f.lang, actor=names.get(actor, actor)),
                         icon=":material/person_search:", query_params=to_params(
                             dataclasses.replace(f, actors=(actor,)), _vocab().bounds))


def start() -> Filters | None:
    """The shared part of every run: database, sidebar, notices, style. None if no database."""
    where = (os.environ.get("CTDASH_DB"), os.environ.get("CTDASH_DATA"))
    if where in database:
        db = database(*where)
    else:  # the first run of the process: the file may have to be built
        with st.spinner("Building the database ..."):
            db = database(*where)
    st.session_state["_db"] = db
    if db.error:
        st.error(f"{t('db_error', 'en')}\n\n{t('db_error', 'ar')}\n\n```\n{db.error}\n```")
        return None
    st.session_state["_dbkey"] = (db.version, str(db.path))
    f = sidebar()
    apply_style(f.lang)
    briefing_buttons(f)  # the pack for the current filters, in the sidebar of every page
    if db.warning:
        st.warning(f"{t('db_stale', f.lang)}\n\n```\n{db.warning}\n```")
    st.session_state["_app_ran"] = True  # read (and cleared) by the page: see current_filters
    return f


NAV_ICONS = {
    "overview": ":material/dashboard:", "meetings": ":material/groups:", "coalition": ":material/flag:",
    "cted": ":material/travel_explore:", "working_groups": ":material/workspaces:",
    "explorer": ":material/table_view:", "sources": ":material/menu_book:", "actors": ":material/person_search:",
}


def navigation():
    """app.py's run: page config, database, sidebar filters, style, and the page navigation
    (None when the database cannot be used: the error is on the page)."""
    st.set_page_config(page_title="ctdash", page_icon=FAVICON, layout="wide")
    f = start()
    if f is None:
        return None
    return st.navigation(_pages(f.lang), position="sidebar")


def _pages(lang: str) -> list:
    """The navigation's pages, made once per session and language (not shared between sessions:
    a page object carries its session's "may run now" flag)."""
    made = st.session_state.setdefault("_pages", {})
    if lang not in made:
        made[lang] = [
            st.Page(PAGE_FILES[name], title=t(f"page_{name}", lang), icon=icon, url_path=name,
                    default=(name == "overview"))
            for name, icon in NAV_ICONS.items()
        ]
    return made[lang]


def database_path() -> Path:
    return database_handle().path
