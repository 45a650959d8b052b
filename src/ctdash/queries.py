"""Every query of the dashboard: a read-only DuckDB connection and filters in, `Rows` out.

SQL is parameterised (`$name`); the only text pasted into SQL is constant fragments from this
module and table/column names checked against the schema. Filtering and aggregation happen in
DuckDB. Each chart's rows carry the source title, the quote and the qualifier, so that a CSV
download of them says where every figure came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from ctdash.filters import Filters, topic_group
from ctdash.i18n import t, vocab
from ctdash.qualifiers import add_value_text
from ctdash.rowset import Rows

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
        "unnamed_body": t("body_unnamed", f.lang),  # an event whose sentence names no body
    }


@dataclass
class Head:
    """What a capped view query (see `head`) found beyond the rows it returned."""

    limit: int
    rows: int = 0  # every row in the filters
    sources: Rows | None = None  # distinct source columns over every row (None: the head has them all)


SOURCE_COLUMNS = ("source_title", "publisher", "published")


def head(fn: Callable[..., Rows], con: duckdb.DuckDBPyConnection, *args: object,
         limit: int) -> tuple[Rows, Head]:
    """`fn(con, *args, cut=...)` with its query cut to the first `limit` rows in DuckDB (a chart
    draws no more), plus the full row count and the distinct sources of every row (for the
    source line), so a thousand-fold fact base never reaches Python. `fn` is a view query of
    this module: it takes `cut` and hands it to `run`."""
    info = Head(limit)
    return fn(con, *args, cut=info), info


def bind(sql: str, params: dict[str, object] | None) -> dict[str, object]:
    """The parameters `sql` names, from `params` (DuckDB refuses unused ones); KeyError for one
    it names that `params` lacks."""
    wanted = set(_PARAM.findall(sql))
    bound = {k: v for k, v in (params or {}).items() if k in wanted}
    missing = wanted - bound.keys()
    if missing:
        raise KeyError(f"query needs parameters {sorted(missing)}")
    return bound


def run(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object] | None = None,
        cut: Head | None = None) -> Rows:
    """Execute `sql` binding only the parameters it names (`bind`); with `cut`, only its first
    `cut.limit` rows, and the count and sources of all in `cut`."""
    bound = bind(sql, params)
    info = cut
    if info is None:
        return Rows.fetch(con.execute(sql, bound))
    else:  # one query when every row fits (most views); the count and sources only beyond the cut
        limit = int(info.limit)
        rows = Rows.fetch(con.execute(f"SELECT * FROM ({sql}) AS v LIMIT {limit + 1}", bound))
        info.rows = len(rows)
        if info.rows > limit:
            rows = rows.head(limit)
            info.rows = (con.execute(f"SELECT count(*) FROM ({sql}) AS v", bound).fetchone() or (0,))[0]
            cols = [c for c in SOURCE_COLUMNS if c in rows.columns]
            if cols:
                info.sources = Rows.fetch(con.execute(f"SELECT DISTINCT {', '.join(cols)} FROM ({sql}) AS v", bound))
        return rows


def _q(con: duckdb.DuckDBPyConnection, f: Filters, sql: str, cut: Head | None = None,
       **extra: object) -> Rows:
    return add_value_text(run(con, sql, {**filter_params(f), **extra}, cut=cut), f.lang)


# Constant SQL fragments (no user values: those are bound as $parameters).
_LANG = "CASE WHEN $ar THEN {0}_ar ELSE {0}_en END"
LANG_SQL = _LANG  # for ctdash.tables
_SOURCE_COLS = f"""
    {_LANG.format("s.title")} AS source_title,
    CASE WHEN $ar THEN coalesce(s.publisher_ar, s.publisher_en) ELSE s.publisher_en END AS publisher,
    s.published"""
_ACTORS_EMPTY = "len($actors::VARCHAR[]) = 0"
_TOPICS_EMPTY = "len($topics::VARCHAR[]) = 0"
_GROUP_OF_SOURCE = """CASE WHEN {body} = 'GCTF' OR {src} IN ('gctf_legacy', 'kech24_2014') THEN 'gctf'
    WHEN {body} = 'COALITION' OR {src} = 'coalition_2017' THEN 'coalition' ELSE 'un' END"""

# for ctdash.actor_queries and ctdash.tables, which build on the same row sets
SOURCE_COLS, TOPICS_EMPTY, GROUP_OF_SOURCE = _SOURCE_COLS, _TOPICS_EMPTY, _GROUP_OF_SOURCE

# Facts within the filters: topic, actor (any role) and year span overlapping the range.
# A fact's span is its year, else its period, else its source's period (data/README.md,
# "Periods and the year filter": as-of, cumulative and period figures, a sentence kept together).
FACTS_CTE = f"""
WITH fspan AS (
    SELECT f.* EXCLUDE (y_from, y_to, superseded_by, conflict_ids), f.y_from, f.y_to,
        {_LANG.format("f.label")} AS label,
        {_SOURCE_COLS},
        f.superseded_by,
        f.conflict_ids
    FROM fact_spans f  -- facts with their year span and data-quality links (derived.sql, made at build)
    JOIN sources s USING (source_id)
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
        coalesce({_LANG.format("b.name")}, e.body, $unnamed_body) AS body_name,  -- no body named: said in words
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
    row = run(con, sql, filter_params(f)).records()[0]
    if row["lo"] is None:
        return (2000, 2025)
    return int(row["lo"]), int(row["hi"])


def actor_names(con: duckdb.DuckDBPyConnection, lang: str = "en") -> Rows:
    """Every actor with its name in `lang`, states first then organisations, by name."""
    return run(con, f"""
        SELECT actor_id, {_LANG.format("name")} AS name, kind, iso3
        FROM actors ORDER BY kind <> 'state', name""", {"ar": lang == "ar"})


def topics_present(con: duckdb.DuckDBPyConnection) -> list[str]:
    return run(con, "SELECT DISTINCT topic FROM facts ORDER BY topic").column("topic")


# ---------------------------------------------------------------- Overview

# (body group, metric): the key figure of each body; the widest period wins when a metric
# has several (CTED visits: 182+ since 2005 rather than the 18 of one reporting year).
HEADLINE_METRICS = (
    "gctf/members", "gctf/expert_meetings", "gctf/ministerial_meetings", "gctf/framework_documents",
    "un/visits", "un/states_visited", "un/unsc_resolutions",
    "coalition/members", "coalition/airstrikes", "coalition/funding_usd",
)


def headline_figures(con: duckdb.DuckDBPyConnection, f: Filters, cut: Head | None = None) -> Rows:
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
        ORDER BY rank, fact_id""", headline=list(HEADLINE_METRICS), cut=cut)


def sources_list(con: duckdb.DuckDBPyConnection, f: Filters, cut: Head | None = None) -> Rows:
    """The source documents with the number of curated figures and events each gives (in the filters)."""
    return run(con, FACTS_CTE + "," + _FE + f"""
        SELECT s.source_id, {_LANG.format("s.title")} AS source_title,
               CASE WHEN $ar THEN coalesce(s.publisher_ar, s.publisher_en) ELSE s.publisher_en END AS publisher,
               s.published, s.period_start, s.period_end,
               (SELECT count(*) FROM ff WHERE ff.source_id = s.source_id) AS facts,
               (SELECT count(*) FROM fe WHERE fe.source_id = s.source_id) AS events,
               s.file
        FROM sources s ORDER BY s.published NULLS LAST, s.source_id""", filter_params(f), cut=cut)


def data_quality_notes(con: duckdb.DuckDBPyConnection, f: Filters, cut: Head | None = None) -> Rows:
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
        SELECT c.conflict_id, c.kind, {_LANG.format("c.description")} AS description, c.refs,
               CASE WHEN $ar THEN coalesce(nullif(c.shown_ar, ''), c.shown) ELSE c.shown END AS shown,
               q.source_title, q.quote, q.quote_en
        FROM conflicts c LEFT JOIN q USING (conflict_id)
        ORDER BY c.conflict_id""", {"ar": f.lang == "ar"}, cut=cut)


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


def facts_by_topic(con: duckdb.DuckDBPyConnection, f: Filters, cut: Head | None = None) -> Rows:
    """How many curated figures each topic has, split by how the source hedges them."""
    return run(con, FACTS_CTE + f"""
        SELECT topic, qualifier, count(*) AS facts, {_provenance("fact_id", "fact_ids")}
        FROM ff GROUP BY topic, qualifier ORDER BY topic, qualifier""", filter_params(f), cut=cut)


# ---------------------------------------------------------------- Meetings

def expert_meetings_per_year(con: duckdb.DuckDBPyConnection, f: Filters, cut: Head | None = None) -> Rows:
    """GCTF expert meetings per year; a row another source passage contradicts stays, flagged."""
    return _q(con, f, FACTS_CTE + f"""
        SELECT {_FACT_COLS}, superseded_by IS NULL AS shown
        FROM ff WHERE metric = 'expert_meetings' AND year IS NOT NULL
        ORDER BY year, shown DESC, fact_id""", cut=cut)


def meeting_period_totals(con: duckdb.DuckDBPyConnection, f: Filters, cut: Head | None = None) -> Rows:
    """Meeting counts given as one total over a period (never spread over years)."""
    return _q(con, f, FACTS_CTE + f"""
        SELECT {_FACT_COLS}
        FROM ff
        WHERE topic = 'gctf_meetings' AND metric LIKE '%meetings' AND year IS NULL
          AND superseded_by IS NULL
        ORDER BY value DESC, fact_id""", cut=cut)


def wg_plenaries(con: duckdb.DuckDBPyConnection, f: Filters, cut: Head | None = None) -> Rows:
    """Plenary meetings of each working group over the period the source gives."""
    return _q(con, f, FACTS_CTE + f""",
        wg AS (SELECT wg_id, forum, {_LANG.format("name")} AS wg_name, status FROM working_groups)
        SELECT wg.wg_name, wg.forum, wg.status, {_FACT_COLS}
        FROM ff JOIN wg USING (wg_id)
        WHERE metric = 'wg_plenaries' AND superseded_by IS NULL
        ORDER BY wg.status, value DESC, wg.wg_name, fact_id""", cut=cut)


def event_timeline(con: duckdb.DuckDBPyConnection, f: Filters, cut: Head | None = None) -> Rows:
    """Every dated meeting and event of every source, in date order."""
    return run(con, EVENTS_CTE + """
        SELECT event_id, date_start, date_end, date_precision, year, body, body_name, body_group,
               event_type, title, location, seq, source_id, source_title, publisher, published, quote, quote_en,
               note
        FROM fe ORDER BY date_start, event_id""", filter_params(f), cut=cut)


def events_per_year_body(con: duckdb.DuckDBPyConnection, f: Filters, cut: Head | None = None) -> Rows:
    """Number of dated events per year and body (a year-precision date counts in its year)."""
    return run(con, EVENTS_CTE + f"""
        SELECT year, body_name, count(*) AS events, {_provenance("event_id", "event_ids")}
        FROM fe GROUP BY year, body_name ORDER BY year, body_name""", filter_params(f), cut=cut)


# ---------------------------------------------------------------- Coalition and CTED figures

LINES_OF_EFFORT = (
    "coalition_military", "coalition_stabilization", "coalition_messaging", "coalition_finance",
    "coalition_ftf", "coalition_membership",
)


_TOPIC_FIGURES = FACTS_CTE + f"""
        SELECT {_FACT_COLS}, coalesce(period_end, make_date(year, 12, 31)) AS as_of
        FROM ff WHERE {{topic}} AND superseded_by IS NULL
        ORDER BY {{order}}unit, value DESC, fact_id"""


def topic_figures(con: duckdb.DuckDBPyConnection, f: Filters, topic: str, cut: Head | None = None) -> Rows:
    """Every figure of one topic (not superseded by a conflict), with its unit and as-of date."""
    return _q(con, f, _TOPIC_FIGURES.format(topic="topic = $topic", order=""), topic=topic, cut=cut)


def topic_figures_of(con: duckdb.DuckDBPyConnection, f: Filters, topics: list[str]) -> dict[str, Rows]:
    """`topic_figures` of several topics from one query (the briefing pack draws eight): each topic's
    rows as `topic_figures` gives them, in its order."""
    sql = _TOPIC_FIGURES.format(topic="list_contains($topic_list::VARCHAR[], topic)", order="topic, ")
    rows = run(con, sql, {**filter_params(f), "topic_list": list(topics)})

    def one(topic: str) -> Rows:
        return add_value_text(rows.where(lambda r: r["topic"] == topic), f.lang)

    return {topic: one(topic) for topic in topics}


def country_visits(con: duckdb.DuckDBPyConnection, f: Filters, cut: Head | None = None) -> Rows:
    """Named visits to a country (events with a visited state), in date order."""
    return run(con, EVENTS_CTE + f"""
        SELECT fe.event_id, fe.date_start, fe.date_precision, fe.body_name, fe.title, fe.location,
               a.actor_id, {_LANG.format("a.name")} AS country, a.iso3,
               fe.source_id, fe.source_title, fe.publisher, fe.published, fe.quote, fe.quote_en, fe.note
        FROM fe JOIN event_actors ea ON ea.event_id = fe.event_id AND ea.role = 'visited'
        JOIN actors a ON a.actor_id = ea.actor_id
        ORDER BY fe.date_start, fe.event_id""", filter_params(f), cut=cut)


def visits_by_country(con: duckdb.DuckDBPyConnection, f: Filters, cut: Head | None = None) -> Rows:
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
        GROUP BY a.iso3, country ORDER BY visits DESC, country""", filter_params(f), cut=cut)


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


def working_groups_list(con: duckdb.DuckDBPyConnection, f: Filters, cut: Head | None = None) -> Rows:
    """Every working group: forum, status, who chairs or leads it (roles in words), and its plenary count."""
    rows = _q(con, f, f"""
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
        ORDER BY w.forum, w.status, w.wg_id, p.period_start, p.period_end, p.value""", cut=cut)
    return rows.with_column("chairs", [
        c if not isinstance(c, str) else re.sub(r"\((\w+)\)", lambda m: f"({vocab('role', m[1], f.lang)})", c)
        for c in rows.column("chairs")])


def wg_chairs_timeline(con: duckdb.DuckDBPyConnection, f: Filters, cut: Head | None = None) -> Rows:
    """Chairs, co-chairs, vice-chairs and leads of each group over time (undated roles marked)."""
    return run(con, _ROLES_CTE + """
        SELECT * FROM roles ORDER BY forum, wg_id, bar_start, actor_name""", filter_params(f), cut=cut)


def actor_roles(con: duckdb.DuckDBPyConnection, f: Filters, cut: Head | None = None) -> Rows:
    """Which states and organisations chair or lead which groups, counted per role."""
    return run(con, _ROLES_CTE + """
        SELECT actor_id, actor_name, actor_kind, role, count(DISTINCT wg_id) AS groups,
               string_agg(DISTINCT wg_name, ' | ' ORDER BY wg_name) AS wg_names,
               string_agg(DISTINCT source_title, ' | ' ORDER BY source_title) AS source_title,
               string_agg(DISTINCT quote, ' | ' ORDER BY quote) AS quote,
               string_agg(DISTINCT quote_en, ' | ' ORDER BY quote_en) AS quote_en
        FROM roles GROUP BY ALL ORDER BY groups DESC, actor_name, role""", filter_params(f), cut=cut)
