"""Shared Streamlit helpers: the database, cached query results, the sidebar filters kept in the
URL, right-to-left styling, and `chart_block` which renders one registry view with its data
view, CSV download and source caption.

Database access: the file is built once per process (`st.cache_resource`); every query opens its
own read-only DuckDB connection and closes it, because a DuckDB connection (and its cursors)
must not be used from two threads at once. Results are cached by view, filters and database
version (`st.cache_data`), so two sessions with different filters never share state.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from ctdash import queries as q
from ctdash.briefing_ui import briefing_buttons
from ctdash.db import DATA_DIR, ROOT, build
from ctdash.filters import Filters, Notice, Vocab, parse, to_params
from ctdash.i18n import column_label, t, topic_label
from ctdash.safecsv import to_csv_bytes
from ctdash.schema import TOPICS
from ctdash.validate import DataError
from ctdash.views import BY_ID, View, for_page

TOPOJSON_URL = "/app/static/topojson/"
PLOTLY_CONFIG = {"topojsonURL": TOPOJSON_URL, "displaylogo": False, "responsive": True}
PAGE_FILES = {
    "overview": "pages/overview.py", "meetings": "pages/meetings.py", "coalition": "pages/coalition.py",
    "cted": "pages/cted.py", "working_groups": "pages/working_groups.py", "explorer": "pages/explorer.py",
    "sources": "pages/sources.py",
}
_KEYS = {"lang": "f_lang", "years": "f_years", "actors": "f_actors", "topics": "f_topics"}


# ---------------------------------------------------------------- database

@dataclass(frozen=True)
class Database:
    path: Path | None
    error: str | None = None  # the database cannot be used at all
    warning: str | None = None  # data changed but did not validate: the last good file is used

    @property
    def version(self) -> str:
        """Changes when the file is rebuilt (part of every cache key)."""
        if self.path is None or not self.path.exists():
            return "none"
        stat = self.path.stat()
        return f"{self.path}:{stat.st_mtime_ns}:{stat.st_size}"


def _problems_text(exc: DataError, limit: int = 12) -> str:
    lines = [str(p) for p in exc.problems[:limit]]
    if len(exc.problems) > limit:
        lines.append(f"... and {len(exc.problems) - limit} more")
    return "\n".join(lines)


def _stale(path: Path, data_dir: Path) -> bool:
    newest = max((p.stat().st_mtime for p in data_dir.glob("*.csv")), default=0)
    return path.stat().st_mtime < newest


@st.cache_resource(show_spinner="Building the database ...")
def database(db_path: str | None = None, data_dir: str | None = None) -> Database:
    """The database file, built if missing (or older than the curated CSVs), once per process."""
    path = Path(db_path or os.environ.get("CTDASH_DB") or ROOT / "ctdash.duckdb")
    data = Path(data_dir or os.environ.get("CTDASH_DATA") or DATA_DIR)
    try:
        if not path.exists():
            build(data, path)
        elif data.is_dir() and _stale(path, data):
            try:
                build(data, path)
            except DataError as exc:
                return Database(path, warning=_problems_text(exc))
        duckdb.connect(str(path), read_only=True).close()
    except DataError as exc:
        return Database(None, error=_problems_text(exc))
    except Exception as exc:  # unreadable file, disk full ...: say so instead of a traceback
        return Database(None, error=f"{type(exc).__name__}: {exc}")
    return Database(path)


@contextmanager
def connection(db: Database) -> Iterator[duckdb.DuckDBPyConnection]:
    """A fresh read-only connection for one query, closed afterwards."""
    con = duckdb.connect(str(db.path), read_only=True)
    try:
        yield con
    finally:
        con.close()


def _db() -> Database:
    return st.session_state["_db"]


# Both caches hand out one shared object per key (st.cache_resource), not a fresh unpickled copy
# per rerun (st.cache_data): copying a figure or a large frame cost more than drawing it. Callers
# treat both as read-only (they rename or slice into new frames).
@st.cache_resource(show_spinner=False, max_entries=512)
def _view_data(view_id: str, filters: tuple, version: str, db_path: str) -> pd.DataFrame:
    with connection(Database(Path(db_path))) as con:
        return BY_ID[view_id].data(con, Filters(*filters))


@st.cache_resource(show_spinner=False, max_entries=512)
def _view_figure(view_id: str, filters: tuple, version: str, db_path: str):
    view = BY_ID[view_id]
    frame = plotted(_view_data(view_id, filters, version, db_path)).copy()
    fig = view.figure(frame, Filters(*filters).lang)
    fig.update_layout(title={"text": ""}, margin={"t": 30})
    return fig


MAX_PLOTTED = 400  # marks per chart and rows per data view; the CSV holds every row


def plotted(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows a chart draws: at most MAX_PLOTTED, in the query's order."""
    return frame if len(frame) <= MAX_PLOTTED else frame.head(MAX_PLOTTED)


def view_data(view: View, f: Filters) -> pd.DataFrame:
    db = _db()
    return _view_data(view.id, dataclasses.astuple(f), db.version, str(db.path))


def view_figure(view: View, f: Filters):
    db = _db()
    return _view_figure(view.id, dataclasses.astuple(f), db.version, str(db.path))


@st.cache_data(show_spinner=False, max_entries=256)
def cached_query(name: str, version: str, db_path: str, *args: object) -> pd.DataFrame | object:
    """Any other function of `ctdash.queries` by name, cached by its arguments."""
    with connection(Database(Path(db_path))) as con:
        return getattr(q, name)(con, *args)


def query(name: str, *args: object):
    db = _db()
    return cached_query(name, db.version, str(db.path), *args)


# ---------------------------------------------------------------- filters and the URL

def _vocab() -> Vocab:
    bounds = query("year_bounds")
    actors = query("actor_names", "en")
    return Vocab(bounds=bounds, actors=frozenset(actors["actor_id"]), topics=frozenset(TOPICS))


def _url_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


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
    if canonical is None or (url and url != st.session_state.get("_last_params")):
        canonical, notices = parse(url, vocab)
        st.session_state["_notices"] = (canonical, notices)
        st.session_state["_filters"] = canonical
    _seed_widgets(canonical)
    lang = canonical.lang
    sb = st.sidebar
    sb.radio(t("language", lang), ["en", "ar"], key=_KEYS["lang"], horizontal=True,
             format_func=lambda code: "English" if code == "en" else "العربية", on_change=_on_widget_change)
    sb.header(t("filters", lang))
    lo, hi = vocab.bounds
    sb.slider(t("years", lang), min_value=lo, max_value=max(hi, lo + 1), key=_KEYS["years"], step=1,
              on_change=_on_widget_change)
    names = query("actor_names", lang)
    label = dict(zip(names["actor_id"], names["name"], strict=True))
    sb.multiselect(t("actors", lang), list(names["actor_id"]), key=_KEYS["actors"],
                   format_func=lambda a: label.get(a, a), placeholder=t("all", lang),
                   on_change=_on_widget_change)
    sb.multiselect(t("topics", lang), sorted(TOPICS), key=_KEYS["topics"],
                   format_func=lambda x: topic_label(x, lang), placeholder=t("all", lang),
                   on_change=_on_widget_change)
    sb.button(t("reset_filters", lang), on_click=_reset_filters, key="f_reset")
    sb.caption(t("share_hint", lang))
    f = _widgets_to_filters(vocab)
    params = to_params(f, vocab.bounds)
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
    return dict(st.query_params)


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
_BASE_CSS = """
<style>
  .ct-doc { white-space: pre-wrap; line-height: 1.9; font-size: 1.05rem; max-height: 70vh; overflow-y: auto;
            padding: 0.8rem 1rem; border: 1px solid #ddd; border-radius: 6px;
            font-family: "Noto Naskh Arabic", "Noto Sans Arabic", serif; }
  .ct-doc mark.q { background: #fff1a8; padding: 0 1px; }
  .ct-doc mark.s { background: transparent; outline: 2px solid #d9480f; border-radius: 2px; }
  .ct-doc mark.q.s { background: #fff1a8; }
</style>
"""


def apply_style(lang: str) -> None:
    st.html(_BASE_CSS + (_RTL_CSS if lang == "ar" else ""))


# ---------------------------------------------------------------- rendering views

def csv_with_header(frame: pd.DataFrame, f: Filters, title: str) -> bytes:
    """UTF-8 CSV (BOM, CRLF, formula-safe) whose first lines state what it is and the filters
    that produced it; every row keeps the frame's columns (source title, quote, qualifier)."""
    header = (
        f"# ctdash: {' '.join(title.split())}\r\n# {t('filters_used', 'en')}: {f.describe()}\r\n"
        f"# generated: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}; {len(frame)} rows\r\n"
    )
    bom = b"\xef\xbb\xbf"
    return bom + header.encode("utf-8") + to_csv_bytes(frame).removeprefix(bom)


def csv_download(frame: pd.DataFrame, f: Filters, title: str, name: str, key: str) -> None:
    """A download button for `csv_with_header`, built on click only (not on every rerun)."""
    slug = f"{f.years[0]}-{f.years[1]}" + ("_" + "-".join(f.actors[:3]) if f.actors else "")
    st.download_button(t("download_csv", f.lang), data=lambda: csv_with_header(frame, f, title),
                       file_name=f"ctdash_{name}_{slug}.csv", mime="text/csv", on_click="ignore", key=key,
                       icon=":material/download:")


def day(value: object) -> str:
    """A date as YYYY-MM-DD ('' when missing)."""
    return "" if value is None or pd.isna(value) else str(pd.Timestamp(value).date())


def localized(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return frame.rename(columns={c: column_label(c, lang) for c in frame.columns})


def _metrics(frame: pd.DataFrame, lang: str) -> None:
    from ctdash.charts import period_text

    cols = st.columns(min(5, max(1, len(frame))))
    for i, row in enumerate(frame.itertuples(index=False)):
        with cols[i % len(cols)]:
            period = period_text(row.period_start, row.period_end, row.year, lang)
            st.metric(row.label, row.value_text, help=f"{row.quote}\n\n— {row.source_title}")
            st.caption(f"{t('period', lang)}: {period}" if period else row.source_title)


def chart_block(view: View, f: Filters) -> pd.DataFrame:
    """Title, the figure (or table), a data view of exactly what is plotted, the CSV, the source."""
    lang = f.lang
    title = view.title(lang)
    st.subheader(title)
    frame = view_data(view, f)
    if frame.empty:
        st.info(t("no_data", lang))
    elif view.kind == "chart":
        fig = view_figure(view, f)
        st.plotly_chart(fig, config=PLOTLY_CONFIG, key=f"chart_{view.id}", width="stretch")
    elif view.kind == "metrics":
        _metrics(frame, lang)
    else:
        st.dataframe(localized(plotted(frame), lang), hide_index=True, width="stretch")
    if len(frame) > MAX_PLOTTED:
        st.caption(t("rows_capped", lang, n=MAX_PLOTTED, total=len(frame)))
    if view.kind != "table":
        with st.expander(f"{t('data_view', lang)} ({len(frame)} {t('rows', lang)})"):
            st.dataframe(localized(plotted(frame), lang), hide_index=True, width="stretch")
    csv_download(frame, f, title, view.id, key=f"dl_{view.id}")
    caption = view.caption(frame, lang)
    if caption:
        st.caption(caption)
    return frame


def page_header(page: str, f: Filters) -> None:
    st.title(t(f"page_{page}", f.lang))
    show_notices(f)


def render_page(page: str) -> None:
    """A standard page: its title and every registry view of the page."""
    f = current_filters()
    page_header(page, f)
    for view in for_page(page):
        chart_block(view, f)
        st.divider()


def start() -> Filters | None:
    """The shared part of every run: database, sidebar, notices, style. None if no database."""
    db = database(os.environ.get("CTDASH_DB"), os.environ.get("CTDASH_DATA"))
    st.session_state["_db"] = db
    if db.error:
        st.error(f"{t('db_error', 'en')}\n\n{t('db_error', 'ar')}\n\n```\n{db.error}\n```")
        return None
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
    "explorer": ":material/table_view:", "sources": ":material/menu_book:",
}


def navigation():
    """app.py's run: page config, database, sidebar filters, style, and the page navigation
    (None when the database cannot be used: the error is on the page)."""
    st.set_page_config(page_title="ctdash", page_icon=str(ROOT / "static/favicon.png"), layout="wide")
    f = start()
    if f is None:
        return None
    pages = [
        st.Page(PAGE_FILES[name], title=t(f"page_{name}", f.lang), icon=icon, url_path=name,
                default=(name == "overview"))
        for name, icon in NAV_ICONS.items()
    ]
    return st.navigation(pages, position="sidebar")


def database_path() -> Path:
    return _db().path
