"""The actor profile's data, usable without Streamlit: everything the sources say about one state
or organisation (roles over time, memberships, events, CTED visits received, figures naming
it), each row with its quote, translation and note, a timeline figure and one CSV frame.

The SQL is in `ctdash.actor_queries`; this module words and arranges it, and describes the
timeline as a `ctdash.chartdesc.Chart` (drawn by `ctdash.plot` like every other chart).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from ctdash import actor_queries as q
from ctdash.chartdesc import SPANS, Chart, Hover, Panel, Series
from ctdash.describe import evidence, iso_date
from ctdash.filters import Filters
from ctdash.i18n import date_text, missing, t, vocab


@dataclass(frozen=True)
class Profile:
    """One actor's profile for one filter state (frames as the queries return them)."""

    actor_id: str
    name: str
    info: dict
    roles: pd.DataFrame  # actor_queries.actor_roles_over_time
    memberships: pd.DataFrame  # facts naming it a member
    events: pd.DataFrame  # actor_queries.actor_events, without the visits it received
    visits: pd.DataFrame  # events it was visited in
    facts: pd.DataFrame  # actor_queries.actor_facts

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


def timeline(p: Profile, lang: str) -> Chart | None:
    """Roles as spans over their dates (undated roles as "as of" markers), events, visits and
    figures as points on one time axis (at most MAX_ROLE_ROWS roles and MAX_POINTS points a
    row, in date order); None when the profile has nothing dated."""
    series: list[Series] = []
    rows: list[str] = []
    for i, r in enumerate(p.roles.head(MAX_ROLE_ROWS).to_dict("records")):
        row = f"{vocab('role', r['role'], lang)} · {role_short(r, lang)}"
        rows.append(row)
        word = vocab("role", r["role"], lang)
        if r["dated"] and not missing(r["bar_start"]) and not missing(r["bar_end"]):
            hover = Hover(role_heading(r, lang), (role_period(r, lang),), width=70, evidence=evidence(r, lang))
            series.append(Series(word, "dated_role", [row], [], [word], [hover], color=i,
                                 starts=[iso_date(r["bar_start"])], ends=[iso_date(r["bar_end"])]))
        elif not missing(r["bar_end"]):
            hover = Hover(role_heading(r, lang), (role_period(r, lang), t("undated_role", lang)), width=70,
                          evidence=evidence(r, lang))
            series.append(Series(t("undated_role", lang), "undated_role", [row], [], [], [hover], mark="marker",
                                 color=3, ends=[iso_date(r["bar_end"])]))
    points = (("timeline_events", "event", p.events.head(MAX_POINTS), 0),
              ("timeline_visits", "visit", p.visits.head(MAX_POINTS), 2))
    for key, role, frame, color in points:
        if len(frame):
            row = t(key, lang)
            rows.append(row)
            recs = frame.to_dict("records")
            series.append(Series(row, role, [row] * len(recs), [], [], [
                Hover(str(r["title"]), (date_text(r["date_start"], r["date_precision"], lang),), width=70,
                      evidence=evidence(r, lang)) for r in recs],
                mark="point", color=color, starts=[iso_date(r["date_start"]) for r in recs],
                precisions=[str(r["date_precision"]) for r in recs]))
    dated = [r for r in p.facts.head(MAX_POINTS).to_dict("records") if _as_of(r) is not None]
    if dated:
        row = t("timeline_facts", lang)
        rows.append(row)
        series.append(Series(row, "fact", [row] * len(dated), [], [], [
            Hover(str(r["label"]), (f"{r['value_text']} · {fact_period(r, lang)}",), width=70,
                  evidence=evidence(r, lang)) for r in dated],
            mark="point", color=1, starts=[str(_as_of(r)) for r in dated]))
    if not rows:
        return None
    order = list(dict.fromkeys(rows))
    return Chart(SPANS, "", lang, panels=[Panel(series, value_title=t("date", lang), category_order=order)],
                 height=150 + 38 * len(order), legend=False)


def _as_of(r: dict) -> str | None:
    """Where a figure sits on the timeline: its period's end (else start), else mid-year."""
    for value in (r.get("period_end"), r.get("period_start")):
        if not missing(value):
            return iso_date(value)
    return None if missing(r.get("year")) else f"{int(r['year'])}-07-01"
