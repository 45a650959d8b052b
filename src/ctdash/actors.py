"""The actor profile's data, usable without Streamlit: everything the sources say about one state
or organisation (roles over time, memberships, events, CTED visits received, figures naming
it), each row with its quote, translation and note, a timeline figure and one CSV frame.

The SQL is in `ctdash.queries` (`actor_*`); this module words and arranges it.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd
import plotly.graph_objects as go

from ctdash import charts
from ctdash import queries as q
from ctdash.filters import Filters
from ctdash.i18n import date_text, missing, t, vocab


@dataclass(frozen=True)
class Profile:
    """One actor's profile for one filter state (frames as the queries return them)."""

    actor_id: str
    name: str
    info: dict
    roles: pd.DataFrame  # queries.actor_roles_over_time
    memberships: pd.DataFrame  # facts naming it a member
    events: pd.DataFrame  # queries.actor_events, without the visits it received
    visits: pd.DataFrame  # events it was visited in
    facts: pd.DataFrame  # queries.actor_facts

    @property
    def empty(self) -> bool:
        return not any(len(x) for x in (self.roles, self.memberships, self.events, self.visits, self.facts))


def profile(con: duckdb.DuckDBPyConnection, f: Filters, actor_id: str) -> Profile:
    """The profile of `actor_id` within the years and topics of `f` (its actor filter is ignored)."""
    info = q.actor_row(con, actor_id, f.lang)
    facts = q.actor_facts(con, f, actor_id)
    events = q.actor_events(con, f, actor_id)
    member = [("member" in str(r).split(",")) for r in facts["roles"]] if len(facts) else []
    visited = events["visited"].astype(bool) if len(events) else pd.Series(dtype=bool)
    return Profile(
        actor_id=actor_id, name=str(info.get("name") or actor_id), info=info,
        roles=q.actor_roles_over_time(con, f, actor_id),
        memberships=facts[pd.Series(member, index=facts.index, dtype=bool)] if len(facts) else facts,
        events=events[~visited] if len(events) else events, visits=events[visited] if len(events) else events,
        facts=facts,
    )


# ---------------------------------------------------------------- words

def years_span(start: object, end: object) -> str:
    """'2015–2019', '2013–' or '–2019' (the years of a role, for its heading)."""
    a = "" if missing(start) else str(pd.Timestamp(start).year)
    b = "" if missing(end) else str(pd.Timestamp(end).year)
    if a and b:
        return a if a == b else f"{a}–{b}"
    return f"{a}–" if a else (f"–{b}" if b else "")


def role_where(row: dict, lang: str) -> str:
    """What the role is of: the forum itself, a named working group, or a group left unnamed."""
    forum = str(row.get("forum_name") or vocab("forum", row.get("forum"), lang))
    if row.get("level") == "forum":
        return t("forum_itself", lang, forum=forum)
    if missing(row.get("wg_name")):
        return f"{t('wg_unnamed', lang)} ({forum})"
    return f"{row['wg_name']} ({forum})"


def role_short(row: dict, lang: str) -> str:
    """What the role is of, without brackets (a timeline label: Plotly breaks lines, and a bracket
    split over two Arabic lines is drawn the wrong way round)."""
    forum = str(row.get("forum_name") or vocab("forum", row.get("forum"), lang))
    if row.get("level") == "forum":
        return forum
    return t("wg_unnamed", lang) if missing(row.get("wg_name")) else str(row["wg_name"])


def role_period(row: dict, lang: str) -> str:
    """The role's dates as the source gives them; an undated role says "as of" the source's date."""
    start, end = row.get("period_start"), row.get("period_end")
    if missing(start) and missing(end):
        return f"{t('as_of', lang)} {date_text(row.get('bar_end'), 'day', lang)}" if not missing(row.get("bar_end")) else ""
    prec = row.get("date_precision") if row.get("date_precision") in ("month", "year") else "day"
    s = "" if missing(start) else date_text(start, prec, lang)
    e = "" if missing(end) else date_text(end, prec, lang)
    if s and e:
        return f"{s} – {e}"
    return f"{t('from', lang)} {s}" if s else f"{t('as_of', lang)} {e}"


def role_heading(row: dict, lang: str) -> str:
    """'co-chair · Global Counterterrorism Forum (the forum itself) · 2015–2019'."""
    span = years_span(row.get("period_start"), row.get("period_end")) if row.get("dated") else ""
    return " · ".join(x for x in (vocab("role", row.get("role"), lang), role_where(row, lang), span) if x)


def fact_period(row: dict, lang: str) -> str:
    if not missing(row.get("year")):
        return str(int(row["year"]))
    s, e = row.get("period_start"), row.get("period_end")
    prec = row.get("date_precision") if row.get("date_precision") in ("month", "year") else "day"
    s = "" if missing(s) else date_text(s, prec, lang)
    e = "" if missing(e) else date_text(e, prec, lang)
    if s and e:
        return f"{s} – {e}"
    return f"{t('as_of', lang)} {e}" if e else (f"{t('from', lang)} {s}" if s else "")


def roles_text(value: object, lang: str) -> str:
    if missing(value) or not str(value):
        return ""
    sep = "، " if lang == "ar" else ", "
    return sep.join(vocab("actor_role", r, lang) for r in str(value).split(",") if r)


# ---------------------------------------------------------------- one frame for the CSV

CSV_COLUMNS = ("section", "evidence", "what", "roles", "value_text", "period_start", "period_end", "date_start",
               "date_precision", "source_title", "quote", "quote_en", "note")


def csv_frame(p: Profile, lang: str) -> pd.DataFrame:
    """Every row of the profile in one table: its section, row ids, what it says, dates, source,
    quote, translation and note (codes left as they are, so a row can be traced to data/)."""
    rows: list[dict] = []
    for r in p.roles.to_dict("records"):
        rows.append({"section": t("sec_roles", lang), "evidence": r["evidence"], "what": role_heading(r, lang),
                     "roles": r["role"], "period_start": r["period_start"], "period_end": r["period_end"],
                     **_src(r)})
    for key, frame in (("sec_memberships", p.memberships), ("sec_facts", p.facts)):
        for r in frame.to_dict("records"):
            rows.append({"section": t(key, lang), "evidence": r["fact_id"], "what": r["label"], "roles": r["roles"],
                         "value_text": r["value_text"], "period_start": r["period_start"],
                         "period_end": r["period_end"], **_src(r)})
    for key, frame in (("sec_events", p.events), ("sec_visits", p.visits)):
        for r in frame.to_dict("records"):
            rows.append({"section": t(key, lang), "evidence": r["event_id"], "what": r["title"], "roles": r["roles"],
                         "date_start": r["date_start"], "date_precision": r["date_precision"], **_src(r)})
    return pd.DataFrame(rows, columns=list(CSV_COLUMNS))


def _src(r: dict) -> dict:
    return {k: r.get(k) for k in ("source_title", "quote", "quote_en", "note")}


# ---------------------------------------------------------------- the timeline

MAX_ROLE_ROWS = 40  # role rows a timeline draws (beyond that it is unreadable); the CSV holds every row
MAX_POINTS = 200  # events, visits or figures a timeline draws per row


def timeline(p: Profile, lang: str) -> go.Figure | None:
    """Roles as bars over their dates (undated roles as "as of" markers), events, visits and
    figures as points on one time axis (at most MAX_ROLE_ROWS roles and MAX_POINTS points a
    row, in date order); None when the profile has nothing dated."""
    fig = go.Figure()
    rows: list[str] = []
    for i, r in enumerate(p.roles.head(MAX_ROLE_ROWS).to_dict("records")):
        label = charts.wrap(f"{vocab('role', r['role'], lang)} · {role_short(r, lang)}", 44)
        rows.append(label)
        hover = f"<b>{charts.wrap(role_heading(r, lang), 70)}</b><br>{role_period(r, lang)}" + _tip(r, lang)
        if r["dated"] and not missing(r["bar_start"]) and not missing(r["bar_end"]):
            start = pd.Timestamp(r["bar_start"])
            length = (pd.Timestamp(r["bar_end"]) - start).total_seconds() * 1000
            fig.add_trace(go.Bar(
                y=[label], x=[max(length, 86_400_000)], base=[start.strftime("%Y-%m-%d")], orientation="h",
                marker_color=charts.PALETTE[i % len(charts.PALETTE)], showlegend=False, textangle=0,
                text=[vocab("role", r["role"], lang)], textposition="inside", insidetextanchor="middle",
                hovertext=[hover], hoverinfo="text", name=vocab("role", r["role"], lang),
            ))
        elif not missing(r["bar_end"]):
            fig.add_trace(go.Scatter(
                y=[label], x=[pd.Timestamp(r["bar_end"]).strftime("%Y-%m-%d")], mode="markers",
                marker={"symbol": "diamond-open", "size": 13, "color": charts.PALETTE[3], "line": {"width": 2}},
                hovertext=[hover + f"<br><i>{t('undated_role', lang)}</i>"], hoverinfo="text", showlegend=False,
            ))
    points = (
        ("timeline_events", p.events.head(MAX_POINTS), "date_start", "title", "circle", charts.PALETTE[0]),
        ("timeline_visits", p.visits.head(MAX_POINTS), "date_start", "title", "star", charts.PALETTE[2]),
    )
    for key, frame, col, title_col, symbol, color in points:
        if len(frame):
            label = t(key, lang)
            rows.append(label)
            fig.add_trace(go.Scatter(
                y=[label] * len(frame), x=[pd.Timestamp(d).strftime("%Y-%m-%d") for d in frame[col]], mode="markers",
                marker={"symbol": symbol, "size": 11, "color": color},
                hovertext=[f"<b>{charts.wrap(r[title_col], 70)}</b><br>"
                           f"{date_text(r['date_start'], r['date_precision'], lang)}" + _tip(r, lang)
                           for r in frame.to_dict("records")],
                hoverinfo="text", showlegend=False,
            ))
    dated = [r for r in p.facts.head(MAX_POINTS).to_dict("records") if _as_of(r) is not None]
    if dated:
        label = t("timeline_facts", lang)
        rows.append(label)
        fig.add_trace(go.Scatter(
            y=[label] * len(dated), x=[_as_of(r) for r in dated], mode="markers",
            marker={"symbol": "square", "size": 10, "color": charts.PALETTE[1]},
            hovertext=[f"<b>{charts.wrap(r['label'], 70)}</b><br>{r['value_text']} · {fact_period(r, lang)}"
                       + _tip(r, lang) for r in dated],
            hoverinfo="text", showlegend=False,
        ))
    if not rows:
        return None
    order = list(dict.fromkeys(rows))
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], type="category")
    fig.update_xaxes(type="date")
    charts.mirror(fig, lang, "", t("date", lang), height=150 + 38 * len(order))
    charts.date_ticks(fig, lang)
    fig.update_layout(margin={"t": 20}, barmode="overlay")
    return fig


def _as_of(r: dict) -> str | None:
    for value in (r.get("period_end"), r.get("period_start")):
        if not missing(value):
            return pd.Timestamp(value).strftime("%Y-%m-%d")
    return None if missing(r.get("year")) else f"{int(r['year'])}-07-01"


def _tip(r: dict, lang: str) -> str:
    """The quote, its English translation and the curator's note, for a hover."""
    return charts.evidence_hover(r, lang)
