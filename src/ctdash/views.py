"""The registry of every chart and table of the dashboard, usable without Streamlit.

A `View` is: an id, the pages it appears on, its title key, the query (connection, filters ->
`Rows`), the description builder (rows, lang, title -> `ctdash.chartdesc.Chart`; None for a
table) and the source caption (rows, lang -> one line). Pages draw views through this
registry (`ctdash.plot` renders the description), and the briefing pack iterates over the same
registry (`ctdash.deck`, `ctdash.htmlpack` render the same description), so a slide holds
exactly a page's data. Adding a view is one entry here, with its query and its builder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import duckdb

from ctdash import describe as d
from ctdash import queries as q
from ctdash.chartdesc import Chart
from ctdash.cite import slug
from ctdash.filters import Filters
from ctdash.i18n import date_text, missing, t, topic_label
from ctdash.rowset import Rows

Query = Callable[..., Rows]  # (connection, filters, cut=None) -> rows
Builder = Callable[[Rows, str, str], Chart]



def source_caption(frame: Rows, lang: str) -> str:
    """'Source: title — publisher, date' (or every source of the rows, ' · '-separated)."""
    if frame.empty or "source_title" not in frame.columns:
        return ""
    seen: dict[str, str] = {}
    cols = [c for c in ("source_title", "publisher", "published") if c in frame.columns]
    # a few sources, many rows: each distinct row once (the first row naming a title writes it)
    for cells in dict.fromkeys(zip(*(frame.column(c) for c in cols), strict=True)):
        r = dict(zip(cols, cells, strict=True))
        if missing(r.get("source_title")):  # a row with no source (a note about a name, not a passage)
            continue
        for title in str(r.get("source_title")).split(" | "):
            if not title or title in seen:
                continue
            bits = [title]
            if r.get("publisher") and " | " not in str(r.get("source_title")):
                bits.append(str(r["publisher"]))
            published = r.get("published")
            if not missing(published) and " | " not in str(r.get("source_title")):
                bits.append(date_text(published, "day", lang))  # words: an ISO date reorders in Arabic
            seen[title] = " — ".join(bits)
    key = "source_line" if len(seen) == 1 else "sources_line"
    return f"{t(key, lang)}: " + " · ".join(seen[title] for title in sorted(seen))


@dataclass(frozen=True)
class View:
    id: str
    pages: tuple[str, ...]
    title_key: str
    query: Query
    builder: Builder | None = None  # None: the view is a table
    caption: Callable[[Rows, str], str] = source_caption  # for a capped view: its distinct sources
    title_args: tuple[tuple[str, str], ...] = ()  # (format field, topic) for titles like a topic name
    kind: str = "chart"  # chart, table, metrics
    slug: str = ""  # a short English name for files (images); default: from the English title

    @property
    def file_slug(self) -> str:
        """The view's name in file names: 'gctf-expert-meetings'."""
        return self.slug or slug(self.title("en"))

    def title(self, lang: str) -> str:
        fields = {k: topic_label(v, lang) for k, v in self.title_args}
        return t(self.title_key, lang, **fields)

    def data(self, con: duckdb.DuckDBPyConnection, f: Filters, cut: q.Head | None = None) -> Rows:
        """The view's rows for the filters (the first `cut.limit` only, with a cut)."""
        return self.query(con, f, cut=cut)

    def describe(self, frame: Rows, lang: str) -> Chart | None:
        """What the view shows of `frame`, in `lang` (None for a table view)."""
        return self.builder(frame, lang, self.title(lang)) if self.builder else None


def _topic_view(topic: str, page: str) -> View:
    return View(
        id=topic, pages=(page,), title_key="chart_coalition",
        query=partial(q.topic_figures, topic=topic), builder=d.by_unit,
        title_args=(("topic", topic),),
    )


REGISTRY: tuple[View, ...] = (
    # Overview
    View("headlines", ("overview",), "chart_headlines", q.headline_figures, d.metrics, kind="metrics"),
    View("facts_by_topic", ("overview",), "chart_facts_by_topic", q.facts_by_topic, d.facts_by_topic,
         slug="figures-by-topic-and-qualifier"),
    View("sources", ("overview",), "chart_sources", q.sources_list,
         d.rows_table("source_title", "publisher", "published", "period_start", "period_end", "facts", "events"),
         kind="table"),
    View("conflicts", ("overview",), "chart_conflicts", q.data_quality_notes,
         d.rows_table("conflict_id", "kind", "description", "shown", "refs"), kind="table",
         slug="data-quality-notes"),
    # Meetings
    View("expert_meetings", ("meetings",), "chart_expert_meetings", q.expert_meetings_per_year,
         d.readings, slug="gctf-expert-meetings"),
    View("period_totals", ("meetings",), "chart_period_totals", q.meeting_period_totals, d.by_unit,
         slug="gctf-meetings-period-totals"),
    View("wg_plenaries", ("meetings", "working_groups"), "chart_wg_plenaries", q.wg_plenaries,
         d.plenaries, slug="working-group-plenaries"),
    View("timeline", ("meetings",), "chart_timeline", q.event_timeline, d.timeline, slug="timeline-of-events"),
    View("events_per_year", ("meetings",), "chart_events_per_year", q.events_per_year_body,
         d.events_per_year, slug="events-per-year"),
    # Coalition: one chart per line of effort
    *(_topic_view(topic, "coalition") for topic in q.LINES_OF_EFFORT),
    # CTED
    View("cted_visits", ("cted",), "chart_cted_visits", partial(q.topic_figures, topic="cted_visits"),
         d.by_unit, slug="cted-visits"),
    View("cted_activity", ("cted",), "chart_cted_activity", partial(q.topic_figures, topic="cted_activity"),
         d.by_unit, slug="cted-recommendations-reports"),
    View("country_visits", ("cted",), "chart_country_visits", q.country_visits, d.country_visits,
         slug="named-country-visits"),
    View("visits_map", ("cted",), "chart_visits_map", q.visits_by_country, d.visits_map, slug="countries-visited"),
    # Working groups
    View("wg_list", ("working_groups",), "chart_wg_list", q.working_groups_list,
         d.rows_table("wg_name", "forum", "status", "chairs", "value_text", "period_start", "period_end"), kind="table",
         slug="working-groups"),
    View("wg_chairs", ("working_groups",), "chart_wg_chairs", q.wg_chairs_timeline, d.wg_chairs,
         slug="working-group-chairs"),
    View("actor_roles", ("working_groups",), "chart_actor_roles", q.actor_roles, d.actor_roles,
         slug="roles-per-actor"),
)
BY_ID = {v.id: v for v in REGISTRY}


# Pages whose display order differs from the registry's (views shared with another page).
PAGE_ORDER = {"working_groups": ("wg_list", "wg_chairs", "wg_plenaries", "actor_roles")}


def one_topic(view: View) -> str | None:
    """The topic whose figures the view shows (`queries.topic_figures`), None for other views."""
    query = view.query
    return query.keywords["topic"] if isinstance(query, partial) and query.func is q.topic_figures else None


def pack_frames(con: duckdb.DuckDBPyConnection, f: Filters, chosen: list[View]) -> dict[str, Rows]:
    """The frames of the views among `chosen` that show one topic's figures (`one_topic`), by view
    id, from one query (`queries.topic_figures_of`): each as the view's own query gives it."""
    topics = {v.id: topic for v in chosen if (topic := one_topic(v)) is not None}
    frames = q.topic_figures_of(con, f, list(dict.fromkeys(topics.values()))) if topics else {}
    return {view_id: frames[topic] for view_id, topic in topics.items()}


def for_page(page: str) -> list[View]:
    """The views of one page, in display order."""
    views = [v for v in REGISTRY if page in v.pages]
    order = PAGE_ORDER.get(page, ())
    return sorted(views, key=lambda v: order.index(v.id) if v.id in order else len(order))


def charts_of_page(page: str) -> list[View]:
    return [v for v in for_page(page) if v.kind == "chart"]
