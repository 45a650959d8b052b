"""The actor profile's queries: everything the sources say about one state or organisation
(its row, the figures and events naming it, its roles over time), within the years and topics of
the filters. Like `ctdash.queries` (whose filtered row sets they reuse), SQL is parameterised.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from ctdash.filters import Filters
from ctdash.qualifiers import add_value_text
from ctdash.queries import EVENTS_CTE, FACTS_CTE, LANG_SQL, filter_params, run
from ctdash.queries import GROUP_OF_SOURCE as _GROUP_OF_SOURCE
from ctdash.queries import SOURCE_COLS as _SOURCE_COLS
from ctdash.queries import TOPICS_EMPTY as _TOPICS_EMPTY

_LANG = LANG_SQL

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
    return frame.first()


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
    return add_value_text(frame, f.lang).frame


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
        ORDER BY fe.date_start, fe.event_id""", _one_actor(f, actor_id)).frame


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
               {**_one_actor(f, actor_id), "chair_roles": list(CHAIR_ROLES)}).frame
