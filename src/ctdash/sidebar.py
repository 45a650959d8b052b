"""The sidebar filters shared by every page, kept in the URL.

The canonical filters live in session state (`_filters`, not a widget key): taken from the URL
on a session's first run or when the URL changes (a shared link, back/forward), updated by the
widgets' callbacks, and copied into the widgets before they are drawn on every run. So a page
switch (which clears the URL, and may interrupt a run or give the sidebar widgets a new
identity) never loses them.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from ctdash import queries as q
from ctdash.cache import DbRef, per_database
from ctdash.db import reading
from ctdash.filters import Filters, Vocab, parse, to_params
from ctdash.i18n import t, topic_label
from ctdash.schema import TOPICS

KEYS = {"lang": "f_lang", "years": "f_years", "actors": "f_actors", "topics": "f_topics"}
# URL keys a page keeps itself (the Explorer's SQL text, table, search and tab): the sidebar
# leaves them in the URL, and they are not carried to other pages.
# The briefing basket's parameter ("basket") is kept the same way; ctdash.basket_ui writes it back
# on every page.
PAGE_PARAMS = frozenset({"sql", "table", "q", "tab", "basket"})


@per_database(maxsize=16)
def vocab(db: DbRef) -> Vocab:
    """Year bounds, actor ids and topics of the database (what the URL and widgets may hold)."""
    with reading(db.path) as con:
        bounds = q.year_bounds(con)
    ids, _ = actor_options(db, "en")  # the same query the English menu asks (one query, cached)
    return Vocab(bounds=bounds, actors=frozenset(ids), topics=frozenset(TOPICS))


@per_database(maxsize=16)
def actor_options(db: DbRef, lang: str) -> tuple[list[str], dict[str, str]]:
    """Actor ids in menu order and their names in `lang`."""
    with reading(db.path) as con:
        names = q.actor_names(con, lang)
    return list(names["actor_id"]), dict(zip(names["actor_id"], names["name"], strict=True))


def _url_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def _filter_params(params: dict | None) -> dict:
    """URL parameters without those a page keeps itself (PAGE_PARAMS)."""
    return {k: v for k, v in (params or {}).items() if k not in PAGE_PARAMS}


def _seed_widgets(f: Filters) -> None:
    st.session_state[KEYS["lang"]] = f.lang
    st.session_state[KEYS["years"]] = tuple(f.years)
    st.session_state[KEYS["actors"]] = list(f.actors)
    st.session_state[KEYS["topics"]] = list(f.topics)


def _widgets_to_filters(known: Vocab) -> Filters:
    s = st.session_state
    years = tuple(s.get(KEYS["years"]) or known.bounds)
    return Filters(
        years=(int(years[0]), int(years[-1])),
        actors=tuple(sorted(a for a in s.get(KEYS["actors"], []) if a in known.actors)),
        topics=tuple(sorted(x for x in s.get(KEYS["topics"], []) if x in known.topics)),
        lang="ar" if s.get(KEYS["lang"]) == "ar" else "en",
    )


def _reset_filters(db: DbRef) -> None:
    st.session_state["_filters"] = Filters(years=vocab(db).bounds, lang=st.session_state.get(KEYS["lang"], "en"))


def _on_widget_change(db: DbRef) -> None:
    """A filter widget changed: the canonical filters follow it (callbacks run before the script)."""
    st.session_state["_filters"] = _widgets_to_filters(vocab(db))


def keep(f: Filters) -> None:
    """Make `f` the canonical filters (a page's own control changed them, in its callback): the
    widgets and the URL follow on this run."""
    st.session_state["_filters"] = f


def current(db: DbRef) -> Filters:
    """The canonical filters of this run, before any widget is drawn: from the URL on a session's
    first run or when the URL changed, else as the widgets' callbacks left them. (The app needs
    the language before the page runs: the navigation's titles are in it.)"""
    url = _url_params()
    canonical = st.session_state.get("_filters")
    if canonical is None or (url and _filter_params(url) != _filter_params(st.session_state.get("_last_params"))):
        canonical, notices = parse(url, vocab(db))
        st.session_state["_notices"] = (canonical, notices)
        st.session_state["_filters"] = canonical
        st.session_state["_last_params"] = url
    return canonical


def sidebar(db: DbRef, canonical: Filters) -> Filters:
    """The shared sidebar for the database `db`, written back to the URL every run; its widgets
    are set from `canonical` (this run's `current` filters)."""
    known = vocab(db)
    _seed_widgets(canonical)
    lang = canonical.lang
    sb = st.sidebar
    sb.radio(t("language", lang), ["en", "ar"], key=KEYS["lang"], horizontal=True,
             format_func=lambda code: "English" if code == "en" else "العربية", on_change=_on_widget_change,
             args=(db,))
    lo, hi = known.bounds
    sb.slider(t("years", lang), min_value=lo, max_value=max(hi, lo + 1), key=KEYS["years"], step=1,
              on_change=_on_widget_change, args=(db,))
    options, label = actor_options(db, lang)
    sb.multiselect(t("actors", lang), options, key=KEYS["actors"],
                   format_func=lambda a: label.get(a, a), placeholder=t("all", lang),
                   on_change=_on_widget_change, args=(db,))
    sb.multiselect(t("topics", lang), sorted(TOPICS), key=KEYS["topics"],
                   format_func=lambda x: topic_label(x, lang), placeholder=t("all", lang),
                   on_change=_on_widget_change, args=(db,))
    sb.button(t("reset_filters", lang), on_click=_reset_filters, args=(db,), key="f_reset",
              help=t("share_hint", lang), icon=":material/restart_alt:")
    f = _widgets_to_filters(known)
    params = to_params(f, known.bounds)
    url = _url_params()
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
