"""Every query of the dashboard: a read-only DuckDB connection and filters in, a DataFrame out.

SQL is parameterised (`$name`); the only text pasted into SQL is constant fragments from this
module and table/column names checked against the schema. Filtering and aggregation happen in
DuckDB. Each chart's frame carries, per row, the source title, the quote and the qualifier, so
that a CSV download of the frame says where every figure came from.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from ctdash.filters import Filters, topic_group
from ctdash.schema import QUOTED_TABLES, TABLE_BY_NAME

# ---------------------------------------------------------------- qualifier display

_QUALIFIER_PREFIX = {
    "exact": ("", ""),
    "more_than": ("", "+"),
    "at_least": ("≥ ", ""),
    "about": ("≈ ", ""),
    "fewer_than": ("< ", ""),
    "up_to": ("≤ ", ""),
}
_VAGUE_WORDS = {
    "en": {1: "tens", 2: "hundreds", 3: "thousands", 4: "tens of thousands", 5: "hundreds of thousands",
           6: "millions", 7: "tens of millions", 8: "hundreds of millions", 9: "billions"},
    "ar": {1: "عشرات", 2: "مئات", 3: "آلاف", 4: "عشرات الآلاف", 5: "مئات الآلاف", 6: "ملايين",
           7: "عشرات الملايين", 8: "مئات الملايين", 9: "مليارات"},
}
_VAGUE_TAG = {"en": "(vague)", "ar": "(تقدير غير محدد)"}
_UNIT_SUFFIX = {"percent": "%"}


def _number(value: float, unit: str, lang: str) -> str:
    if unit == "usd":
        for size, en, ar in ((1e9, "bn", "مليار"), (1e6, "m", "مليون")):
            if abs(value) >= size:
                n = f"{value / size:,.1f}".removesuffix(".0")
                return f"${n} {en}" if lang == "en" else f"{n} {ar} دولار"
        return f"${value:,.0f}" if lang == "en" else f"{value:,.0f} دولار"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    return text + _UNIT_SUFFIX.get(unit, "")


def qualified_text(value: float | None, qualifier: str | None, unit: str = "count", lang: str = "en") -> str:
    """A figure as the source hedges it: exact 182, more_than 182+, about ≈ 90,000, vague in words."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    lang = "ar" if lang == "ar" else "en"
    qualifier = qualifier or "exact"
    if qualifier == "vague":
        magnitude = max(1, min(9, int(math.floor(math.log10(abs(value)))) if value else 1))
        words = _VAGUE_WORDS[lang][magnitude]
        if unit == "usd":
            words += " of dollars" if lang == "en" else " الدولارات"
        return f"{words} {_VAGUE_TAG[lang]}"
    before, after = _QUALIFIER_PREFIX.get(qualifier, ("", ""))
    return f"{before}{_number(float(value), unit, lang)}{after}"


def _add_value_text(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    if "value" in frame.columns and len(frame):
        units = frame["unit"] if "unit" in frame.columns else pd.Series("count", index=frame.index)
        frame["value_text"] = [
            qualified_text(v, q, u, lang) for v, q, u in zip(frame["value"], frame["qualifier"], units, strict=True)
        ]
    elif "value" in frame.columns:
        frame["value_text"] = pd.Series(dtype=str)
    return frame


# ---------------------------------------------------------------- running SQL

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


def filter_params(f: Filters) -> dict[str, object]:
    """The bind values every filtered query may use."""
    return {
        "y0": int(f.years[0]),
        "y1": int(f.years[1]),
        "actors": list(f.actors),
        "topics": list(f.topics),
        "groups": sorted({topic_group(t) for t in f.topics}),
        "ar": f.lang == "ar",
    }


@dataclass
class Head:
    """What a capped view query (see `head`) found beyond the rows it returned."""

    limit: int
    rows: int = 0  # every row in the filters
    sources: pd.DataFrame | None = None  # distinct source columns over every row (None: the head has them all)


_HEAD: ContextVar[Head | None] = ContextVar("ctdash_head", default=None)
SOURCE_COLUMNS = ("source_title", "publisher", "published")


def head(fn: Callable[..., pd.DataFrame], con: duckdb.DuckDBPyConnection, *args: object,
         limit: int) -> tuple[pd.DataFrame, Head]:
    """`fn(con, *args)` with its query cut to the first `limit` rows in DuckDB (a chart draws no
    more), plus the full row count and the distinct sources of every row (for the source line),
    so a thousand-fold fact base never reaches pandas."""
    info = Head(limit)
    token = _HEAD.set(info)
    try:
        return fn(con, *args), info
    finally:
        _HEAD.reset(token)


def run(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object] | None = None) -> pd.DataFrame:
    """Execute `sql` binding only the parameters it names (DuckDB refuses unused ones)."""
    wanted = set(_PARAM.findall(sql))
    bound = {k: v for k, v in (params or {}).items() if k in wanted}
    missing = wanted - bound.keys()
    if missing:
        raise KeyError(f"query needs parameters {sorted(missing)}")
    info = _HEAD.get()
    if info is None:
        frame = con.execute(sql, bound).df()
    else:
        _HEAD.set(None)  # one query per view: the cut applies to it alone
        info.rows = con.execute(f"SELECT count(*) FROM ({sql}) AS v", bound).fetchone()[0]
        frame = con.execute(f"SELECT * FROM ({sql}) AS v LIMIT {int(info.limit)}", bound).df()
        cols = [c for c in SOURCE_COLUMNS if c in frame.columns]
        if info.rows > len(frame) and cols:
            info.sources = con.execute(f"SELECT DISTINCT {', '.join(cols)} FROM ({sql}) AS v", bound).df()
    for col in frame.columns:  # DATE columns: dates, not midnight timestamps (CSV shows 2017-03-22)
        if pd.api.types.is_datetime64_any_dtype(frame[col]):
            frame[col] = frame[col].dt.date
    return frame


def _q(con: duckdb.DuckDBPyConnection, f: Filters, sql: str, **extra: object) -> pd.DataFrame:
    frame = run(con, sql, {**filter_params(f), **extra})
    return _add_value_text(frame, f.lang)


# Constant SQL fragments (no user values: those are bound as $parameters).
_LANG = "CASE WHEN $ar THEN {0}_ar ELSE {0}_en END"
_SOURCE_COLS = f"""
    {_LANG.format("s.title")} AS source_title,
    CASE WHEN $ar THEN coalesce(s.publisher_ar, s.publisher_en) ELSE s.publisher_en END AS publisher,
    s.published"""
_ACTORS_EMPTY = "len($actors::VARCHAR[]) = 0"
_TOPICS_EMPTY = "len($topics::VARCHAR[]) = 0"
_GROUP_OF_SOURCE = """CASE WHEN {body} = 'GCTF' OR {src} IN ('gctf_legacy', 'kech24_2014') THEN 'gctf'
    WHEN {body} = 'COALITION' OR {src} = 'coalition_2017' THEN 'coalition' ELSE 'un' END"""

# Conflicts: a fact is "superseded" when a conflict names another fact as the one shown and both
# measure the same thing over the same span (same metric, year, period and working group).
_CONFLICT_CTES = """
conflict_refs AS (
    SELECT conflict_id, trim(split_part(shown, ':', 1)) AS shown_id,
           unnest(string_split(trim(refs), ' ')) AS ref
    FROM conflicts
),
fact_conflicts AS (
    SELECT ref AS fact_id, string_agg(DISTINCT conflict_id, ' ' ORDER BY conflict_id) AS conflict_ids
    FROM conflict_refs GROUP BY ref
),
superseded AS (
    SELECT a.fact_id, min(s.fact_id) AS shown_id
    FROM conflict_refs c
    JOIN facts a ON a.fact_id = c.ref
    JOIN facts s ON s.fact_id = c.shown_id
    WHERE a.fact_id <> s.fact_id AND a.metric = s.metric
      AND a.year IS NOT DISTINCT FROM s.year
      AND a.period_start IS NOT DISTINCT FROM s.period_start
      AND a.period_end IS NOT DISTINCT FROM s.period_end
      AND a.wg_id IS NOT DISTINCT FROM s.wg_id
    GROUP BY a.fact_id
)"""

# Facts within the filters: topic, actor (any role) and year span overlapping the range.
# A fact's span is its year, else its period, else its source's period (data/README.md,
# "Periods and the year filter": as-of, cumulative and period figures, a sentence kept together).
FACTS_CTE = f"""
WITH {_CONFLICT_CTES},
fspan AS (
    SELECT f.*,
        coalesce(f.year, year(f.period_start), year(f.period_end), year(s.period_start)) AS y_from,
        coalesce(f.year, year(f.period_end), year(f.period_start), year(s.period_end)) AS y_to,
        {_LANG.format("f.label")} AS label,
        {_SOURCE_COLS},
        sup.shown_id AS superseded_by,
        fc.conflict_ids
    FROM facts f
    JOIN sources s USING (source_id)
    LEFT JOIN superseded sup USING (fact_id)
    LEFT JOIN fact_conflicts fc USING (fact_id)
    WHERE ({_TOPICS_EMPTY} OR list_contains($topics::VARCHAR[], f.topic))
      AND ({_ACTORS_EMPTY} OR EXISTS (
            SELECT 1 FROM fact_actors fa
            WHERE fa.fact_id = f.fact_id AND list_contains($actors::VARCHAR[], fa.actor_id)))
),
ff AS (
    SELECT * FROM fspan
    WHERE (y_to IS NULL OR y_to >= $y0) AND (y_from IS NULL OR y_from <= $y1)
)"""

# Events within the filters: year overlap, actor (body or any role), body group of the topics.
_FE = f"""
fe AS (
    SELECT e.*, year(e.date_start) AS year,
        {_LANG.format("e.title")} AS title,
        coalesce({_LANG.format("b.name")}, e.body, '?') AS body_name,
        {_GROUP_OF_SOURCE.format(body="e.body", src="e.source_id")} AS body_group,
        {_SOURCE_COLS}
    FROM events e
    JOIN sources s USING (source_id)
    LEFT JOIN actors b ON b.actor_id = e.body
    WHERE year(e.date_start) <= $y1 AND year(coalesce(e.date_end, e.date_start)) >= $y0
      AND ({_ACTORS_EMPTY} OR list_contains($actors::VARCHAR[], e.body) OR EXISTS (
            SELECT 1 FROM event_actors ea
            WHERE ea.event_id = e.event_id AND list_contains($actors::VARCHAR[], ea.actor_id)))
      AND ({_TOPICS_EMPTY} OR list_contains($groups::VARCHAR[],
            {_GROUP_OF_SOURCE.format(body="e.body", src="e.source_id")}))
)"""
EVENTS_CTE = "WITH " + _FE

_FACT_COLS = """fact_id, topic, metric, label, value, unit, qualifier, year, period_start, period_end,
    wg_id, superseded_by, conflict_ids, source_id, source_title, publisher, published, quote, quote_en, note,
    date_precision"""


# ---------------------------------------------------------------- bounds and vocabularies

def year_bounds(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """The first and last year any fact or event of the database touches."""
    f = Filters(years=(0, 9999))
    sql = FACTS_CTE + """,
    ys AS (SELECT y_from AS y FROM fspan UNION ALL SELECT y_to FROM fspan
           UNION ALL SELECT year(date_start) FROM events UNION ALL SELECT year(date_end) FROM events)
    SELECT min(y) AS lo, max(y) AS hi FROM ys"""
    row = run(con, sql, filter_params(f)).iloc[0]
    if pd.isna(row["lo"]):
        return (2000, 2025)
    return int(row["lo"]), int(row["hi"])


def actor_names(con: duckdb.DuckDBPyConnection, lang: str = "en") -> pd.DataFrame:
    """Every actor with its name in `lang`, states first then organisations, by name."""
    return run(con, f"""
        SELECT actor_id, {_LANG.format("name")} AS name, kind, iso3
        FROM actors ORDER BY kind <> 'state', name""", {"ar": lang == "ar"})


def topics_present(con: duckdb.DuckDBPyConnection) -> list[str]:
    return run(con, "SELECT DISTINCT topic FROM facts ORDER BY topic")["topic"].tolist()


# ---------------------------------------------------------------- Overview

# (body group, metric): the key figure of each body; the widest period wins when a metric
# has several (CTED visits: 182+ since 2005 rather than the 18 of one reporting year).
HEADLINE_METRICS = (
    "gctf/members", "gctf/expert_meetings", "gctf/ministerial_meetings", "gctf/framework_documents",
    "un/visits", "un/states_visited", "un/unsc_resolutions",
    "coalition/members", "coalition/airstrikes", "coalition/funding_usd",
)


def headline_figures(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """The key period figure of each body (no per-year rows), with qualifier and period."""
    return _q(con, f, FACTS_CTE + f""",
        g AS (SELECT *, {_GROUP_OF_SOURCE.format(body="''", src="source_id")} AS body_group FROM ff)
        SELECT body_group, {_FACT_COLS},
               list_position($headline::VARCHAR[], body_group || '/' || metric) AS rank
        FROM g
        WHERE list_contains($headline::VARCHAR[], body_group || '/' || metric)
          AND year IS NULL AND superseded_by IS NULL
        QUALIFY row_number() OVER (
            PARTITION BY body_group, metric
            ORDER BY coalesce(period_end, DATE '9999-12-31') - coalesce(period_start, period_end) DESC NULLS LAST,
                     period_end DESC NULLS LAST, fact_id) = 1
        ORDER BY rank, fact_id""", headline=list(HEADLINE_METRICS))


def sources_list(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """The source documents with the number of curated figures and events each gives (in the filters)."""
    return run(con, FACTS_CTE + "," + _FE + f"""
        SELECT s.source_id, {_LANG.format("s.title")} AS source_title,
               CASE WHEN $ar THEN coalesce(s.publisher_ar, s.publisher_en) ELSE s.publisher_en END AS publisher,
               s.published, s.period_start, s.period_end,
               (SELECT count(*) FROM ff WHERE ff.source_id = s.source_id) AS facts,
               (SELECT count(*) FROM fe WHERE fe.source_id = s.source_id) AS events,
               s.file
        FROM sources s ORDER BY s.published NULLS LAST, s.source_id""", filter_params(f))


def data_quality_notes(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Every conflict between passages, with the quotes of the rows it involves and what is shown."""
    return run(con, f"""
        WITH refs AS (SELECT conflict_id, unnest(string_split(trim(refs), ' ')) AS ref FROM conflicts),
        quoted AS (
            SELECT fact_id AS id, quote, quote_en, source_id FROM facts
            UNION ALL SELECT event_id, quote, quote_en, source_id FROM events
            UNION ALL SELECT doc_id, quote, quote_en, source_id FROM documents
        ),
        q AS (
            SELECT r.conflict_id, string_agg(DISTINCT {_LANG.format("s.title")}, ' | ' ORDER BY {_LANG.format("s.title")}) AS source_title,
                   string_agg(q.id || ': ' || q.quote, ' | ' ORDER BY q.id) AS quote,
                   string_agg(q.id || ': ' || q.quote_en, ' | ' ORDER BY q.id) AS quote_en
            FROM refs r JOIN quoted q ON q.id = r.ref JOIN sources s ON s.source_id = q.source_id
            GROUP BY r.conflict_id
        )
        SELECT c.conflict_id, c.kind, {_LANG.format("c.description")} AS description, c.refs, c.shown,
               q.source_title, q.quote, q.quote_en
        FROM conflicts c LEFT JOIN q USING (conflict_id)
        ORDER BY c.conflict_id""", {"ar": f.lang == "ar"})


PROVENANCE_CAP = 50  # rows named in a grouped row's ids and quotes; the rest are counted


def _first(expr: str, order: str, sep: str, more: str) -> str:
    """The first PROVENANCE_CAP values of `expr` joined by `sep`, then "… (+N)" for the rest:
    a grouped row stays small however many rows it stands for (Explorer lists them all)."""
    cap = PROVENANCE_CAP
    return (f"array_to_string(list_slice(list({expr} ORDER BY {order}), 1, {cap}), '{sep}') || "
            f"CASE WHEN count(*) > {cap} THEN '{sep}… (+' || (count(*) - {cap}) || '{more})' ELSE '' END")


def _provenance(id_col: str, ids_alias: str) -> str:
    """Aggregate columns saying which rows, sources and quotes a grouped row stands for."""
    return f"""{_first(id_col, id_col, " ", "")} AS {ids_alias},
               string_agg(DISTINCT source_title, ' | ' ORDER BY source_title) AS source_title,
               {_first(f"{id_col} || ': ' || quote", id_col, " | ", " more rows")} AS quote,
               nullif(array_to_string(list_slice(list({id_col} || ': ' || quote_en ORDER BY {id_col}), 1,
                   {PROVENANCE_CAP}), ' | '), '') AS quote_en"""


def facts_by_topic(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """How many curated figures each topic has, split by how the source hedges them."""
    return run(con, FACTS_CTE + f"""
        SELECT topic, qualifier, count(*) AS facts, {_provenance("fact_id", "fact_ids")}
        FROM ff GROUP BY topic, qualifier ORDER BY topic, qualifier""", filter_params(f))


# ---------------------------------------------------------------- Meetings

def expert_meetings_per_year(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """GCTF expert meetings per year; a row another source passage contradicts stays, flagged."""
    return _q(con, f, FACTS_CTE + f"""
        SELECT {_FACT_COLS}, superseded_by IS NULL AS shown
        FROM ff WHERE metric = 'expert_meetings' AND year IS NOT NULL
        ORDER BY year, shown DESC, fact_id""")


def meeting_period_totals(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Meeting counts given as one total over a period (never spread over years)."""
    return _q(con, f, FACTS_CTE + f"""
        SELECT {_FACT_COLS}
        FROM ff
        WHERE topic = 'gctf_meetings' AND metric LIKE '%meetings' AND year IS NULL
          AND superseded_by IS NULL
        ORDER BY value DESC, fact_id""")


def wg_plenaries(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Plenary meetings of each working group over the period the source gives."""
    return _q(con, f, FACTS_CTE + f""",
        wg AS (SELECT wg_id, forum, {_LANG.format("name")} AS wg_name, status FROM working_groups)
        SELECT wg.wg_name, wg.forum, wg.status, {_FACT_COLS}
        FROM ff JOIN wg USING (wg_id)
        WHERE metric = 'wg_plenaries' AND superseded_by IS NULL
        ORDER BY wg.status, value DESC, wg.wg_name, fact_id""")


def event_timeline(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Every dated meeting and event of every source, in date order."""
    return run(con, EVENTS_CTE + """
        SELECT event_id, date_start, date_end, date_precision, year, body, body_name, body_group,
               event_type, title, location, seq, source_id, source_title, publisher, published, quote, quote_en,
               note
        FROM fe ORDER BY date_start, event_id""", filter_params(f))


def events_per_year_body(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Number of dated events per year and body (a year-precision date counts in its year)."""
    return run(con, EVENTS_CTE + f"""
        SELECT year, body_name, count(*) AS events, {_provenance("event_id", "event_ids")}
        FROM fe GROUP BY year, body_name ORDER BY year, body_name""", filter_params(f))


# ---------------------------------------------------------------- Coalition and CTED figures

LINES_OF_EFFORT = (
    "coalition_military", "coalition_stabilization", "coalition_messaging", "coalition_finance",
    "coalition_ftf", "coalition_membership",
)


def topic_figures(con: duckdb.DuckDBPyConnection, f: Filters, topic: str) -> pd.DataFrame:
    """Every figure of one topic (not superseded by a conflict), with its unit and as-of date."""
    return _q(con, f, FACTS_CTE + f"""
        SELECT {_FACT_COLS}, coalesce(period_end, make_date(year, 12, 31)) AS as_of
        FROM ff WHERE topic = $topic AND superseded_by IS NULL
        ORDER BY unit, value DESC, fact_id""", topic=topic)


def country_visits(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Named visits to a country (events with a visited state), in date order."""
    return run(con, EVENTS_CTE + f"""
        SELECT fe.event_id, fe.date_start, fe.date_precision, fe.body_name, fe.title, fe.location,
               a.actor_id, {_LANG.format("a.name")} AS country, a.iso3,
               fe.source_id, fe.source_title, fe.publisher, fe.published, fe.quote, fe.quote_en, fe.note
        FROM fe JOIN event_actors ea ON ea.event_id = fe.event_id AND ea.role = 'visited'
        JOIN actors a ON a.actor_id = ea.actor_id
        ORDER BY fe.date_start, fe.event_id""", filter_params(f))


def visits_by_country(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Named visits counted per visited country (for the map)."""
    return run(con, EVENTS_CTE + f"""
        SELECT a.iso3, {_LANG.format("a.name")} AS country, count(*) AS visits,
               {_first("fe.event_id", "fe.event_id", " ", "")} AS event_ids,
               {_first("strftime(fe.date_start, '%Y-%m')", "fe.date_start", ", ", "")} AS dates,
               string_agg(DISTINCT fe.source_title, ' | ' ORDER BY fe.source_title) AS source_title,
               {_first("fe.quote", "fe.event_id", " | ", " more rows")} AS quote,
               nullif(array_to_string(list_slice(list(fe.event_id || ': ' || fe.quote_en ORDER BY fe.event_id), 1,
                   {PROVENANCE_CAP}), ' | '), '') AS quote_en
        FROM fe JOIN event_actors ea ON ea.event_id = fe.event_id AND ea.role = 'visited'
        JOIN actors a ON a.actor_id = ea.actor_id
        WHERE a.iso3 IS NOT NULL
        GROUP BY a.iso3, country ORDER BY visits DESC, country""", filter_params(f))


# ---------------------------------------------------------------- Working groups

# Working groups in the filters: forum group among the topics' groups; actor holds a role.
_WG_FILTER = f"""
    ({_TOPICS_EMPTY} OR list_contains($groups::VARCHAR[],
        CASE w.forum WHEN 'GCTF' THEN 'gctf' WHEN 'Coalition' THEN 'coalition' ELSE 'un' END))
    AND ({_ACTORS_EMPTY} OR EXISTS (SELECT 1 FROM wg_roles r2
        WHERE r2.wg_id = w.wg_id AND list_contains($actors::VARCHAR[], r2.actor_id)))"""

# Roles with a span: a missing start or end falls back to the source's period ("as of" dates).
# Only roles in a named group: a role whose source names no group (wg_roles.wg_id empty, e.g.
# the GCTF paper's "former chairs") has no bar in a group chart; actor pages read it from wg_roles.
_ROLES_CTE = f"""
WITH roles AS (
    SELECT r.wg_id, w.forum, w.status, {_LANG.format("w.name")} AS wg_name,
           r.actor_id, {_LANG.format("a.name")} AS actor_name, a.kind AS actor_kind, r.role,
           r.period_start, r.period_end,
           coalesce(r.period_start, r.period_end, s.period_end) AS bar_start,
           coalesce(r.period_end, s.period_end) AS bar_end,
           r.period_start IS NOT NULL AND r.period_end IS NOT NULL AS dated,
           r.source_id, {_SOURCE_COLS}, r.quote, r.quote_en, r.note
    FROM wg_roles r
    JOIN working_groups w ON w.wg_id = r.wg_id
    JOIN actors a ON a.actor_id = r.actor_id
    JOIN sources s ON s.source_id = r.source_id
    WHERE {_WG_FILTER}
      AND year(coalesce(r.period_start, s.period_start)) <= $y1
      AND year(coalesce(r.period_end, s.period_end)) >= $y0
)"""


def working_groups_list(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Every working group: forum, status, who chairs or leads it (roles in words), and its plenary count."""
    frame = _q(con, f, f"""
        WITH chairs AS (
            SELECT r.wg_id, string_agg(DISTINCT {_LANG.format("a.name")} || ' (' || r.role || ')', ', ' ORDER BY {_LANG.format("a.name")} || ' (' || r.role || ')') AS chairs
            FROM wg_roles r JOIN actors a USING (actor_id) WHERE r.wg_id IS NOT NULL GROUP BY r.wg_id
        ),
        plen AS (
            SELECT wg_id, value, unit, qualifier, period_start, period_end
            FROM facts WHERE metric = 'wg_plenaries' AND wg_id IS NOT NULL
        )
        SELECT w.wg_id, w.forum, {_LANG.format("w.name")} AS wg_name, w.status, c.chairs,
               p.value, coalesce(p.unit, 'count') AS unit, coalesce(p.qualifier, 'exact') AS qualifier,
               p.period_start, p.period_end,
               w.source_id, {_SOURCE_COLS}, w.quote, w.quote_en
        FROM working_groups w
        JOIN sources s ON s.source_id = w.source_id
        LEFT JOIN chairs c ON c.wg_id = w.wg_id
        LEFT JOIN plen p ON p.wg_id = w.wg_id
        WHERE {_WG_FILTER}
        ORDER BY w.forum, w.status, w.wg_id, p.period_start, p.period_end, p.value""")
    from ctdash.i18n import vocab

    frame["chairs"] = [c if not isinstance(c, str) else re.sub(r"\((\w+)\)", lambda m: f"({vocab('role', m[1], f.lang)})", c)
                       for c in frame["chairs"]]
    return frame


def wg_chairs_timeline(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Chairs, co-chairs, vice-chairs and leads of each group over time (undated roles marked)."""
    return run(con, _ROLES_CTE + """
        SELECT * FROM roles ORDER BY forum, wg_id, bar_start, actor_name""", filter_params(f))


def actor_roles(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Which states and organisations chair or lead which groups, counted per role."""
    return run(con, _ROLES_CTE + """
        SELECT actor_id, actor_name, actor_kind, role, count(DISTINCT wg_id) AS groups,
               string_agg(DISTINCT wg_name, ' | ' ORDER BY wg_name) AS wg_names,
               string_agg(DISTINCT source_title, ' | ' ORDER BY source_title) AS source_title,
               string_agg(DISTINCT quote, ' | ' ORDER BY quote) AS quote,
               string_agg(DISTINCT quote_en, ' | ' ORDER BY quote_en) AS quote_en
        FROM roles GROUP BY ALL ORDER BY groups DESC, actor_name, role""", filter_params(f))


# ---------------------------------------------------------------- Actor profile

_TOPIC_GROUP = """CASE WHEN {t} LIKE 'gctf\\_%' ESCAPE '\\' THEN 'gctf'
    WHEN {t} LIKE 'coalition\\_%' ESCAPE '\\' THEN 'coalition' ELSE 'un' END"""
# The forum a body group stands for (its actor id, for its name).
_GROUP_FORUM = "CASE {g} WHEN 'gctf' THEN 'GCTF' WHEN 'coalition' THEN 'COALITION' ELSE 'UN' END"
# Roles in a figure that mean chairing the forum itself ("lead" in a figure is leading an
# operation or effort, "operations led by Turkey", not leading the Coalition).
CHAIR_ROLES = ("chair", "co_chair", "vice_chair")


def _one_actor(f: Filters, actor_id: str) -> dict[str, object]:
    """The filters' bind values with the actor filter replaced by one actor (`$actor` too)."""
    return {**filter_params(f), "actors": [actor_id], "actor": actor_id}


def actor_row(con: duckdb.DuckDBPyConnection, actor_id: str, lang: str = "en") -> dict:
    """One actor: its name in `lang` (and both names), kind, ISO code, and the spellings the
    sources use ({} when the id is unknown)."""
    frame = run(con, f"""
        SELECT actor_id, {_LANG.format("name")} AS name, name_en, name_ar, kind, iso3,
               (SELECT string_agg(DISTINCT alias, ' · ' ORDER BY alias) FROM actor_aliases x
                WHERE x.actor_id = a.actor_id) AS aliases
        FROM actors a WHERE actor_id = $actor""", {"ar": lang == "ar", "actor": actor_id})
    return frame.iloc[0].to_dict() if len(frame) else {}


def actor_facts(con: duckdb.DuckDBPyConnection, f: Filters, actor_id: str) -> pd.DataFrame:
    """Every figure naming the actor (any role) within the years and topics of `f`, with the
    actor's roles in it, the body group and the working group it is about."""
    frame = run(con, FACTS_CTE + f""",
        r AS (SELECT fact_id, string_agg(role, ',' ORDER BY role) AS roles
              FROM fact_actors WHERE actor_id = $actor GROUP BY fact_id)
        SELECT ff.fact_id, ff.topic, {_TOPIC_GROUP.format(t="ff.topic")} AS body_group, r.roles, ff.label,
               ff.value, ff.unit, ff.qualifier, ff.year, ff.period_start, ff.period_end, ff.date_precision, ff.wg_id,
               {_LANG.format("w.name")} AS wg_name, ff.superseded_by, ff.conflict_ids, ff.source_id,
               ff.source_title, ff.publisher, ff.published, ff.quote, ff.quote_en, ff.note
        FROM ff JOIN r USING (fact_id)
        LEFT JOIN working_groups w ON w.wg_id = ff.wg_id
        ORDER BY coalesce(ff.period_start, ff.period_end, make_date(ff.year, 1, 1)) NULLS LAST, ff.fact_id""",
               _one_actor(f, actor_id))
    return _add_value_text(frame, f.lang)


def actor_events(con: duckdb.DuckDBPyConnection, f: Filters, actor_id: str) -> pd.DataFrame:
    """Every dated event the actor held or took part in (any role) within `f`'s years and
    topics; `visited` marks the visits it received."""
    return run(con, EVENTS_CTE + """,
        r AS (SELECT event_id, string_agg(role, ',' ORDER BY role) AS roles
              FROM event_actors WHERE actor_id = $actor GROUP BY event_id)
        SELECT fe.event_id, fe.date_start, fe.date_end, fe.date_precision, fe.body_name, fe.event_type, fe.title,
               fe.location, concat_ws(',', CASE WHEN fe.body = $actor THEN 'body' END, r.roles) AS roles,
               coalesce(list_contains(string_split(r.roles, ','), 'visited'), false) AS visited,
               fe.source_id, fe.source_title, fe.publisher, fe.published, fe.quote, fe.quote_en, fe.note
        FROM fe LEFT JOIN r USING (event_id)
        ORDER BY fe.date_start, fe.event_id""", _one_actor(f, actor_id))


def actor_roles_over_time(con: duckdb.DuckDBPyConnection, f: Filters, actor_id: str) -> pd.DataFrame:
    """The actor's chairs, co-chairs, vice-chairs and leads over time within `f`'s years and
    topics: working-group roles (`wg_roles`, a group the source does not name included) and the
    forums it chaired itself (figures naming it chair, co-chair or vice-chair with no working
    group, one row per forum, role and period, with the rows that say so)."""
    return run(con, FACTS_CTE + f""",
        wr AS (
            SELECT 'working_group' AS level,
                   coalesce(w.forum, {_GROUP_FORUM.format(g=_GROUP_OF_SOURCE.format(body="''", src="r.source_id"))}) AS forum,
                   {_LANG.format("w.name")} AS wg_name, r.role, r.period_start, r.period_end,
                   coalesce(r.period_start, r.period_end, s.period_end) AS bar_start,
                   coalesce(r.period_end, s.period_end) AS bar_end,
                   r.period_start IS NOT NULL AND r.period_end IS NOT NULL AS dated,
                   coalesce(r.wg_id, '') || ':' || r.actor_id || ':' || r.role AS evidence,
                   r.source_id, {_SOURCE_COLS}, r.quote, r.quote_en, r.note
            FROM wg_roles r
            LEFT JOIN working_groups w ON w.wg_id = r.wg_id
            JOIN sources s ON s.source_id = r.source_id
            WHERE r.actor_id = $actor
              AND year(coalesce(r.period_start, s.period_start)) <= $y1
              AND year(coalesce(r.period_end, s.period_end)) >= $y0
              AND ({_TOPICS_EMPTY} OR list_contains($groups::VARCHAR[],
                    CASE w.forum WHEN 'GCTF' THEN 'gctf' WHEN 'Coalition' THEN 'coalition' WHEN 'UN Global Compact' THEN 'un'
                    ELSE {_GROUP_OF_SOURCE.format(body="''", src="r.source_id")} END))
        ),
        fr AS (
            SELECT 'forum' AS level,
                   {_GROUP_FORUM.format(g=_TOPIC_GROUP.format(t="ff.topic"))} AS forum,
                   NULL::VARCHAR AS wg_name, fa.role, ff.period_start, ff.period_end,
                   coalesce(ff.period_start, make_date(ff.year, 1, 1), ff.period_end) AS bar_start,
                   coalesce(ff.period_end, make_date(ff.year, 12, 31), ff.period_start) AS bar_end,
                   (ff.period_start IS NOT NULL AND ff.period_end IS NOT NULL) OR ff.year IS NOT NULL AS dated,
                   ff.fact_id, ff.source_id, ff.source_title, ff.publisher, ff.published, ff.quote, ff.quote_en,
                   ff.note, ff.date_precision
            FROM ff JOIN fact_actors fa ON fa.fact_id = ff.fact_id AND fa.actor_id = $actor
            WHERE ff.wg_id IS NULL AND list_contains($chair_roles::VARCHAR[], fa.role)
        ),
        fg AS (
            SELECT level, forum, wg_name, role, period_start, period_end, bar_start, bar_end, dated,
                   string_agg(fact_id, ' ' ORDER BY fact_id) AS evidence,
                   arg_min(source_id, fact_id) AS source_id, arg_min(source_title, fact_id) AS source_title,
                   arg_min(publisher, fact_id) AS publisher, arg_min(published, fact_id) AS published,
                   arg_min(quote, fact_id) AS quote, arg_min(quote_en, fact_id) AS quote_en,
                   arg_min(note, fact_id) AS note, arg_min(date_precision, fact_id) AS date_precision
            FROM fr GROUP BY level, forum, wg_name, role, period_start, period_end, bar_start, bar_end, dated
        )
        SELECT r.*, {_LANG.format("a.name")} AS forum_name
        FROM (SELECT * FROM fg UNION ALL BY NAME SELECT * FROM wr) r
        LEFT JOIN actors a ON a.actor_id = CASE r.forum WHEN 'Coalition' THEN 'COALITION'
                                                        WHEN 'UN Global Compact' THEN 'UNGCTCC' ELSE r.forum END
        ORDER BY bar_start NULLS LAST, level, wg_name, role""",
               {**_one_actor(f, actor_id), "chair_roles": list(CHAIR_ROLES)})


# ---------------------------------------------------------------- Explorer

EXPLORER_TABLES = tuple(name for name in TABLE_BY_NAME if name != "coverage_exclusions") + (
    "coverage_exclusions",
)
FACET_COLUMNS = (
    "source_id", "topic", "metric", "unit", "qualifier", "kind", "body", "event_type",
    "date_precision", "forum", "status", "role",
)


def _check_table(table: str) -> None:
    if table not in TABLE_BY_NAME:
        raise ValueError(f"unknown table {table!r}")


def explorer_rows(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    table: str,
    facets: dict[str, list[str]] | tuple[tuple[str, tuple[str, ...]], ...] | None = None,
    text: str = "",
) -> pd.DataFrame:
    """Rows of one table: facts and events within the filters, facet values (a dict, or its items
    as a tuple so the call can be memoised), a text search."""
    _check_table(table)
    facets = dict(facets or {})
    columns = TABLE_BY_NAME[table].column_names
    where, params = ["TRUE"], filter_params(f)
    if table == "facts":
        sql = FACTS_CTE + " SELECT {cols} FROM ff AS t"
    elif table == "events":
        sql = EVENTS_CTE + " SELECT {cols} FROM fe AS t"
    else:
        sql = "SELECT {cols} FROM {table} AS t"
    for i, (col, values) in enumerate(sorted(facets.items())):
        if col in columns and values:
            where.append(f"list_contains($facet{i}::VARCHAR[], CAST(t.{col} AS VARCHAR))")
            params[f"facet{i}"] = [str(v) for v in values]
    if text.strip():
        where.append(_text_match(table, columns))
        params["text"] = text.strip()
    cols = ", ".join(f"t.{c}" for c in columns)
    sql = (sql + " WHERE " + " AND ".join(where) + " ORDER BY 1").format(
        cols=cols, table=table, allcols=", ".join(f"CAST(t.{c} AS VARCHAR)" for c in columns)
    )
    return run(con, sql, params)


# Actors a search names: its text is an actor's English or Arabic name or a spelling a source
# uses (actor_aliases), whole (a fragment like "ال" names no actor: it would expand a search to
# every name). A row matches when its text holds the search or any name or spelling of those
# actors, or when it is linked to one of them: "Morocco" and "المغرب" find the same rows.
_NAMED_ACTORS = """(SELECT actor_id FROM actors
    WHERE lower(name_en) = lower(trim($text)) OR lower(name_ar) = lower(trim($text))
    UNION SELECT actor_id FROM actor_aliases WHERE lower(alias) = lower(trim($text)))"""
_SEARCH_TERMS = f"""(SELECT lower($text) AS term
    UNION SELECT lower(name_en) FROM actors WHERE actor_id IN {_NAMED_ACTORS}
    UNION SELECT lower(name_ar) FROM actors WHERE actor_id IN {_NAMED_ACTORS}
    UNION SELECT lower(alias) FROM actor_aliases WHERE actor_id IN {_NAMED_ACTORS})"""
_ACTOR_LINKS = {  # table -> how a row of it names actors
    "facts": "EXISTS (SELECT 1 FROM fact_actors l WHERE l.fact_id = t.fact_id AND l.actor_id IN {named})",
    "events": "(t.body IN {named} OR EXISTS (SELECT 1 FROM event_actors l WHERE l.event_id = t.event_id "
              "AND l.actor_id IN {named}))",
}


def _text_match(table: str, columns: list[str]) -> str:
    """The search condition for `table` (binds $text): see `_NAMED_ACTORS`."""
    text = "lower(concat_ws(' ', {allcols}))"
    cond = f"EXISTS (SELECT 1 FROM {_SEARCH_TERMS} AS s WHERE contains({text}, s.term))"
    link = _ACTOR_LINKS.get(table) or ("t.actor_id IN {named}" if "actor_id" in columns else "")
    if link:
        cond += " OR " + link.replace("{named}", _NAMED_ACTORS)
    return f"({cond})"


def facet_values(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, list[str]]:
    """The distinct values of each facet column a table has."""
    _check_table(table)
    out = {}
    for col in FACET_COLUMNS:
        if col in TABLE_BY_NAME[table].column_names:
            values = run(con, f"SELECT DISTINCT CAST({col} AS VARCHAR) AS v FROM {table} WHERE {col} IS NOT NULL ORDER BY 1")
            out[col] = values["v"].tolist()
    return out


# ---------------------------------------------------------------- Sources

def source_row(con: duckdb.DuckDBPyConnection, source_id: str, lang: str = "en") -> dict:
    frame = run(con, f"""
        SELECT source_id, file, {_LANG.format("title")} AS title,
               CASE WHEN $ar THEN coalesce(publisher_ar, publisher_en) ELSE publisher_en END AS publisher,
               published, period_start, period_end, sha256, note
        FROM sources WHERE source_id = $sid""", {"ar": lang == "ar", "sid": source_id})
    return frame.iloc[0].to_dict() if len(frame) else {}


def source_text(con: duckdb.DuckDBPyConnection, source_id: str, root: Path | None = None) -> str:
    """The full text of a source document, read from its seed file."""
    from ctdash import paths

    row = source_row(con, source_id)
    if not row:
        return ""
    return (Path(root or paths.home()) / row["file"]).read_text(encoding="utf-8")


def source_quotes(con: duckdb.DuckDBPyConnection, source_id: str, lang: str = "en") -> pd.DataFrame:
    """Every curated row quoting this source: table, row id, a label and the quote."""
    label = {
        "facts": ("fact_id", "label"), "events": ("event_id", "title"),
        "working_groups": ("wg_id", "name"),
        "wg_roles": ("coalesce(wg_id, '-') || ':' || actor_id || ':' || role", None),
        "documents": ("doc_id", "title"),
    }
    parts = []
    for table in QUOTED_TABLES:
        key, col = label[table]
        text = _LANG.format(col) if col else "role"
        role = "NULL::VARCHAR"
        if table == "wg_roles":  # "Morocco: co-chair" (the role worded below) rather than codes
            text = f"(SELECT {_LANG.format('a.name')} FROM actors a WHERE a.actor_id = wg_roles.actor_id)"
            role = "role"
        note = "note" if "note" in TABLE_BY_NAME[table].column_names else "NULL::VARCHAR"
        quote_en = "quote_en" if "quote_en" in TABLE_BY_NAME[table].column_names else "NULL::VARCHAR"
        parts.append(f"SELECT '{table}' AS row_table, {key} AS row_id, {text} AS label, {role} AS role, quote, "
                     f"{quote_en} AS quote_en, {note} AS note FROM {table} WHERE source_id = $sid")
    sql = " UNION ALL ".join(parts) + " ORDER BY row_table, row_id"
    frame = run(con, sql, {"sid": source_id, "ar": lang == "ar"})
    from ctdash.i18n import vocab

    frame["label"] = [f"{lbl}: {vocab('role', r, lang)}" if isinstance(r, str) else lbl
                      for lbl, r in zip(frame["label"], frame["role"], strict=True)]
    return frame.drop(columns="role")


# ---------------------------------------------------------------- export helpers

def export_parquet(db_path: Path | str, out_dir: Path) -> list[Path]:
    """Write every table of a built database as one Parquet file (used by `ctdash build --parquet`)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        for table in TABLE_BY_NAME:
            path = out_dir / f"{table}.parquet"
            con.table(table).write_parquet(str(path))
            written.append(path)
    finally:
        con.close()
    return written
