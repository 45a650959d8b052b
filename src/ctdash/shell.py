"""The app's frame, for app.py and every page file: page config, the database, the sidebar
filters, the navigation built from `ctdash.pages_table`, and the page itself, handed this run's
context (`ui.Run`: database, filters, language) explicitly.

Every entry goes through `main`. app.py calls it; a page file calls `page(name)`, which renders
the page when `main` is running it through `st.navigation`, and otherwise calls `main` itself:
Streamlit runs a file of `pages/` directly while no run of app.py has called `st.navigation`
yet (a fresh server's first request for that page; every AppTest run), and `main` then
resolves the same page through the navigation (its URL path is its file name) and runs it.

The sidebar's widgets are drawn inside the page's run, not before the navigation: Streamlit
makes a widget's identity from the script running it, so widgets drawn before `st.navigation`
would change identity (and state) between a run that starts at app.py and one that starts at
the page file. Inside the page they are the same whichever way the run started; the filters
themselves are kept in session state (`ctdash.sidebar`), so a page switch keeps them too. They are
drawn after the page's own elements (`framed`): the page runs on the canonical filters, which the
widgets are set from, so a fresh server's first chart is sent before the sidebar is built.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import streamlit as st

from ctdash import appdb, basket_ui, paths, ui
from ctdash.briefing_ui import briefing_buttons
from ctdash.i18n import t
from ctdash.pages_table import BY_NAME, PAGES
from ctdash.sidebar import current, sidebar

# Everything imported by now (Streamlit, pandas, pyarrow, Plotly, DuckDB and the app's modules, about
# 125,000 objects) lives as long as the process: moved out of the cyclic collector's sight, once, at
# the first import. Streamlit runs a full collection after every script run (runner.postScriptGC),
# which walked all of them: 0.05-0.2 s a run, holding the GIL while the server sends that run's
# messages and, on a fresh server, the first chart's Plotly bundle. It now walks the run's own
# objects (2-4 ms). Reference counting frees objects as before.
gc.freeze()

# An emoji: the browser draws it from an inline SVG (no request). An image, even as a static URL,
# makes Streamlit import numpy and PIL on a fresh server's first run (0.1 s before the first chart);
# a material icon is fetched from fonts.gstatic.com, which the app must not ask for.
FAVICON = "📊"

# The database of the run `main` is rendering, for the page file it runs (set and reset around
# the page's run only: nothing outside that call can see it).
_RUNNING: ContextVar[appdb.Database | None] = ContextVar("ctdash_running_page", default=None)


def open_database() -> appdb.Database | None:
    """This process's database (built on the first run if needed); None, with the error on the
    page, if it cannot be used."""
    where = appdb.location()
    if appdb.is_open(*where):
        db = appdb.database(*where)
    else:  # the first run of the process: the file may have to be built
        with st.spinner("Building the database ..."):
            db = appdb.database(*where)
    if db.error:
        st.error(f"{t('db_error', 'en')}\n\n{t('db_error', 'ar')}\n\n```\n{db.error}\n```")
        return None
    return db


@contextmanager
def framed(db: appdb.Database) -> Iterator[ui.Run]:
    """The shared part of every page around it: style, this run's context (the canonical filters,
    `sidebar.current`), then, once the page is drawn, the sidebar's filter widgets and pack menu:
    a fresh page's first chart reaches the browser before them (they hold the same filters: each
    widget is set from them before it is drawn)."""
    ref = db.ref()
    f = current(ref)
    ui.apply_style(f.lang)
    if db.warning:
        st.warning(f"{t('db_stale', f.lang)}\n\n```\n{db.warning}\n```")
    yield ui.Run(ref, f)
    drawn = sidebar(ref, f)
    basket_ui.sync_url()  # the briefing basket stays in the URL on every page
    briefing_buttons(drawn, ref)  # the pack for the current filters, in the sidebar of every page


def _pages(lang: str) -> list[st.Page]:
    """The navigation's pages, made once per session and language (not shared between sessions:
    a page object carries its session's "may run now" flag). Named by absolute path, so any entry
    script can run them (bench/reruns.py runs one from a folder with no pages/ beside it)."""
    made = st.session_state.setdefault("_pages", {})
    if lang not in made:
        here = paths.app_script().parent
        made[lang] = [st.Page(str(here / p.file), title=t(f"page_{p.name}", lang), icon=p.icon, url_path=p.name,
                              default=p.default) for p in PAGES]
    return made[lang]


@contextmanager
def _running(db: appdb.Database) -> Iterator[None]:
    token = _RUNNING.set(db)
    try:
        yield
    finally:
        _RUNNING.reset(token)


def main() -> None:
    """app.py's run: page config, the database, the navigation and the chosen page."""
    st.set_page_config(page_title="ctdash", page_icon=FAVICON, layout="wide")
    db = open_database()
    if db is None:  # the database cannot be used: the error is on the page
        st.stop()
        return
    lang = current(db.ref()).lang
    chosen = st.navigation(_pages(lang), position="sidebar")
    with _running(db):
        chosen.run()


def _renderer(name: str) -> Callable[[ui.Run], None]:
    if name == "explorer":
        from ctdash import explorer_ui

        return explorer_ui.render
    if name == "sources":
        from ctdash import sources_ui

        return sources_ui.render
    if name == "actors":
        from ctdash import actors_ui

        return actors_ui.render
    if name == "briefing":
        from ctdash import briefing_page

        return briefing_page.render
    return lambda run: ui.render_page(name, run)


def page(name: str) -> None:
    """A page file's one line: render page `name` with this run's context (see the module doc)."""
    if name not in BY_NAME:
        raise KeyError(f"unknown page {name!r}")
    db = _RUNNING.get()
    if db is None:  # Streamlit ran this file directly: go through `main`, which runs it again
        main()
        return
    with framed(db) as run:
        _renderer(name)(run)
