"""The actor profile page (`/actors?actor=MAR`): everything the sources say about one state or
organisation, and optionally a second one side by side.

The actor is the sidebar's actor filter (the URL's `actor`), so a shared link opens the same
profile and the other pages follow the same actor; the page's two pickers write that filter.
The profile's data and figure are built once per actor, filter state and database version
(`ctdash.cache.per_database`); the page file hands its name to `ctdash.shell.page`, which calls
`render` with this run's context.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ctdash import actors, sidebar, ui
from ctdash.cache import DbRef, per_database
from ctdash.db import reading
from ctdash.filters import Filters, with_changes
from ctdash.frametext import localize_frame
from ctdash.i18n import date_text, missing, t, vocab
from ctdash.plot import figure

MAIN, OTHER = "act_main", "act_other"  # the pickers' session keys
MAX_CARDS = 50  # cards per section (quote, translation and note each); the CSV holds every row

_CARD_CSS = """<style>
  .ct-cards { display: flex; flex-direction: column; gap: 0.6rem; }
  .ct-card { border-inline-start: 3px solid #1f6f8b; padding: 0.3rem 0.8rem; }
  .ct-card-h { font-weight: 600; }
  .ct-card-d { font-size: 0.85rem; opacity: 0.75; }
  .ct-card-q { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", serif; margin: 0.3rem 0; line-height: 1.8;
               text-align: right; }
  .ct-card-en { font-size: 0.92rem; text-align: left; }
  .ct-card-en b, .ct-card-n b { font-weight: 600; }
  .ct-card-n { font-size: 0.85rem; opacity: 0.8; }
  .ct-muted { opacity: 0.6; font-style: italic; }
</style>"""


@dataclass(frozen=True)
class View:
    """One actor's profile ready for Streamlit (built once, shared read-only)."""

    profile: actors.Profile
    figure: go.Figure | None
    roles_html: ui.Html
    members_html: ui.Html
    visits_html: ui.Html
    events: ui.Table
    facts: ui.Table


@per_database(maxsize=64)
def _view(db: DbRef, actor_id: str, f: Filters) -> View:
    with reading(db.path) as con:
        p = actors.profile(con, f, actor_id)
    lang = f.lang
    chart = actors.timeline(p, lang)
    fig = figure(chart) if chart is not None else None
    if fig is not None:
        fig.update_layout(margin={"t": 20})
    return View(
        profile=p, figure=ui.ready_figure(fig) if fig is not None else None,
        roles_html=ui.Html(cards([_role_card(r, lang) for r in p.roles.head(MAX_CARDS).to_dict("records")], lang)),
        members_html=ui.Html(cards([_fact_card(r, lang) for r in p.memberships.head(MAX_CARDS).to_dict("records")],
                                   lang)),
        visits_html=ui.Html(cards([_event_card(r, lang) for r in p.visits.head(MAX_CARDS).to_dict("records")], lang)),
        events=ui.arrow_ready(events_table(ui.plotted(p.events), lang)),
        facts=ui.arrow_ready(facts_table(ui.plotted(p.facts), lang)),
    )


def view(db: DbRef, actor_id: str, f: Filters) -> View:
    """The profile view of `actor_id` for the years, topics and language of `f`."""
    return _view(db, actor_id, replace(f, actors=()))


# ---------------------------------------------------------------- HTML cards (quote, translation, note)

def evidence_html(r: dict, lang: str) -> str:
    """The quote (right-to-left), its English translation (unofficial; said so when missing) and
    the curator's note, escaped."""
    e = html.escape
    out = [f'<div class="ct-card-q" dir="rtl" lang="ar">«{e(str(r.get("quote") or ""))}»</div>']
    # English inside an Arabic card: a left-to-right block of its own under its label
    tag, style = ("div", ' style="text-align: left"') if lang == "ar" else ("span", "")
    en = r.get("quote_en")
    text = (f'<{tag} dir="ltr" lang="en"{style}>{e(str(en))}</{tag}>' if not missing(en) and str(en).strip()
            else f'<span class="ct-muted">{e(t("no_translation", lang))}</span>')
    out.append(f'<div class="ct-card-en"><b>{e(t("quote_en", lang))}:</b> {text}</div>')
    note = r.get("note")
    if not missing(note) and str(note).strip():
        out.append(f'<div class="ct-card-n"><b>{e(t("note", lang))}:</b> '
                   f'<{tag} dir="ltr" lang="en"{style}>{e(str(note))}</{tag}></div>')
    return "".join(out)


def _card(head: str, detail: list[str], r: dict, lang: str) -> str:
    e = html.escape
    d = " · ".join(e(x) for x in detail if x)
    return (f'<div class="ct-card"><div class="ct-card-h">{e(head)}</div>'
            f'<div class="ct-card-d">{d}</div>{evidence_html(r, lang)}</div>')


def _source(r: dict, lang: str) -> str:
    return f"{t('source_line', lang)}: {r.get('source_title') or ''}"


def _role_card(r: dict, lang: str) -> str:
    rows = f"{t('evidence', lang)}: {r.get('evidence')}" if r.get("level") == "forum" else ""  # fact ids only
    return _card(actors.role_heading(r, lang), [actors.role_period(r, lang), _source(r, lang), rows], r, lang)


def _fact_card(r: dict, lang: str) -> str:
    where = r.get("wg_name") if not missing(r.get("wg_name")) else vocab("body_group", r.get("body_group"), lang)
    return _card(f"{r['label']}: {r['value_text']}",
                 [str(where or ""), actors.fact_period(r, lang), _source(r, lang), str(r["fact_id"])], r, lang)


def _event_card(r: dict, lang: str) -> str:
    return _card(str(r["title"]),
                 [date_text(r["date_start"], r["date_precision"], lang), str(r.get("body_name") or ""),
                  _source(r, lang), str(r["event_id"])], r, lang)


def cards(items: list[str], lang: str) -> str:
    return (f'{_CARD_CSS}<div class="ct-cards" {ui.dir_lang(lang)}>{"".join(items)}</div>'
            if items else "")


# ---------------------------------------------------------------- tables

def events_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The events as the page lists them: date in words, title, body, kind, the actor's roles,
    quote, translation, note and row id (headings and codes in the language)."""
    if frame.empty:
        return localize_frame(frame, lang)
    data = frame.assign(date_text=[date_text(d, p, lang) for d, p in zip(frame["date_start"], frame["date_precision"],
                                                                         strict=True)])
    cols = ["date_text", "title", "body_name", "event_type", "roles", "location", "quote", "quote_en", "note",
            "source_title", "event_id"]
    return localize_frame(data[cols], lang)


def facts_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The figures naming the actor: label, value as stated, period, its roles, quote,
    translation, note, row id."""
    if frame.empty:
        return localize_frame(frame, lang)
    data = frame.assign(period_text=[actors.fact_period(r, lang) for r in frame.to_dict("records")])
    cols = ["label", "value_text", "period_text", "roles", "topic", "quote", "quote_en", "note", "source_title",
            "fact_id", "conflict_ids"]
    return localize_frame(data[cols], lang)


# ---------------------------------------------------------------- the page

def _chosen(f: Filters) -> list[str]:
    """The profiled actors: the pickers when they agree with the filters, else the filters'
    first two (a URL, the sidebar or a reset changed them)."""
    picked = [x for x in (st.session_state.get(MAIN), st.session_state.get(OTHER)) if x]
    wanted = list(f.actors[:2])
    if set(picked) != set(wanted):
        picked = wanted
        st.session_state[MAIN] = wanted[0] if wanted else None
        st.session_state[OTHER] = wanted[1] if len(wanted) > 1 else None
    return picked


def _on_pick(f: Filters) -> None:
    """A picker changed: the sidebar's actor filter (and so the URL) follows it."""
    main, other = st.session_state.get(MAIN), st.session_state.get(OTHER)
    if main is None and other is not None:
        main, other = other, None
        st.session_state[MAIN], st.session_state[OTHER] = main, None
    if other == main:
        st.session_state[OTHER] = other = None
    sidebar.keep(with_changes(f, actors=[a for a in (main, other) if a]))


def render(run: ui.Run) -> None:
    f, lang = run.filters, run.lang
    options, names = sidebar.actor_options(run.db, lang)
    chosen = _chosen(f)
    st.title(names.get(chosen[0], chosen[0]) if chosen else t("page_actors", lang))
    sidebar.show_notices(f)
    left, right = st.columns(2)
    left.selectbox(t("actor_pick", lang), options, key=MAIN, index=None, format_func=lambda a: names.get(a, a),
                   placeholder=t("actor_prompt", lang), on_change=_on_pick, args=(f,))
    right.selectbox(t("actor_compare", lang), options, key=OTHER, index=None, format_func=lambda a: names.get(a, a),
                    placeholder=t("actor_none", lang), on_change=_on_pick, args=(f,))
    note = [t("actor_filters_note", lang)]
    if len(f.actors) > 2:
        note.append(t("actor_more", lang, n=len(f.actors)))
    st.caption(" ".join(note))
    if not chosen:
        st.info(t("actor_prompt", lang))
        return
    if len(chosen) == 1:
        profile_block(st.container(), chosen[0], run, compare=False)
    else:
        cols = st.columns(2, gap="large")
        for col, actor_id in zip(cols, chosen, strict=True):
            profile_block(col, actor_id, run, compare=True)


def _filtered(run: ui.Run) -> bool:
    bounds = sidebar.vocab(run.db).bounds
    return tuple(run.filters.years) != tuple(bounds) or bool(run.filters.topics)


def profile_block(box: st.delta_generator.DeltaGenerator, actor_id: str, run: ui.Run, compare: bool) -> None:
    """One actor's profile in `box`: summary, timeline, roles, memberships, visits, events,
    figures (each with quote, translation and note) and its CSV."""
    f, lang = run.filters, run.lang
    v = view(run.db, actor_id, f)
    p = v.profile
    with box:
        if compare:
            st.header(p.name, divider="gray")
        kind = vocab("actor_kind", p.info.get("kind"), lang)
        other_name = p.info.get("name_en") if lang == "ar" else p.info.get("name_ar")
        st.caption(f"{kind} · {other_name or ''}")  # alone on its line: a name in the other script
        st.caption(t("actor_summary", lang, roles=len(p.roles), members=len(p.memberships), events=len(p.events),
                     visits=len(p.visits), facts=len(p.facts)))
        filtered = t("sec_empty_filtered", lang) if _filtered(run) else ""
        if p.empty:
            st.info(t("sec_empty", lang, actor=p.name, filtered=filtered))
            return
        if v.figure is not None:
            st.subheader(t("sec_timeline", lang), divider="gray")
            st.plotly_chart(v.figure, config=ui.PLOTLY_CONFIG, key=f"act_chart_{actor_id}", width="stretch")
        sections = (
            ("sec_roles", p.roles, v.roles_html, None),
            ("sec_memberships", p.memberships, v.members_html, None),
            ("sec_visits", p.visits, v.visits_html, None),
            ("sec_events", p.events, None, v.events),
            ("sec_facts", p.facts, None, v.facts),
        )
        for key, frame, cards_html, table in sections:
            st.subheader(f"{t(key, lang)} ({len(frame)})", divider="gray")
            if frame.empty:
                st.caption(t("sec_empty", lang, actor=p.name, filtered=filtered))
            elif cards_html is not None:
                st.html(cards_html)
                if len(frame) > MAX_CARDS:
                    st.caption(t("rows_capped", lang, n=MAX_CARDS, total=len(frame)))
            else:
                st.dataframe(table, hide_index=True, width="stretch")
                if len(frame) > ui.MAX_PLOTTED:
                    st.caption(t("rows_capped", lang, n=ui.MAX_PLOTTED, total=len(frame)))
        title = t("actor_csv_title", lang, actor=p.name)
        ui.csv_download(lambda: actors.csv_frame(p, lang), replace(f, actors=(actor_id,)), title,
                        f"actor_{actor_id}", key=f"dl_actor_{actor_id}")
