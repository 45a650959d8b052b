"""The data contract as Python: every table, its columns, their types and vocabularies.

`validate.py` checks CSVs against it and `db.py` loads them; `schema.sql` holds the same tables
as DuckDB DDL (a test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    """One CSV column: its type, whether it may be empty, its vocabulary and foreign key."""

    name: str
    type: str = "text"  # text, double, int, date
    required: bool = False
    vocab: frozenset[str] | None = None
    ref: str | None = None  # "table.column" this column points to
    quote_of: str | None = None  # the column naming the source this quote must occur in


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    optional_columns: frozenset[str] = field(default_factory=frozenset)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _v(*words: str) -> frozenset[str]:
    return frozenset(words)


TOPICS = _v(
    "gctf_meetings", "gctf_documents", "gctf_working_groups", "gctf_institutions",
    "gctf_outreach", "coalition_membership", "coalition_military", "coalition_stabilization",
    "coalition_messaging", "coalition_finance", "coalition_ftf", "cted_visits", "cted_activity",
    "un_mandate",
)
QUALIFIERS = _v("exact", "more_than", "at_least", "about", "fewer_than", "up_to", "vague")
UNITS = _v(
    "count", "usd", "percent", "years", "months", "days", "km", "km2", "kg", "tonnes", "people",
    "views", "accounts", "barrels_per_day", "hours",
)
ACTOR_KINDS = _v(
    "state", "intergovernmental", "un_body", "forum", "institution", "company", "other"
)
FACT_ROLES = _v(
    "subject", "host", "co_host", "chair", "co_chair", "lead", "member", "participant", "visited",
    "partner", "organiser", "funder",
)
EVENT_ROLES = _v(
    "host", "co_host", "chair", "participant", "organiser", "visited", "speaker", "subject",
    "partner",
)
EVENT_TYPES = _v(
    "meeting", "expert_meeting", "regional_meeting", "ministerial_meeting",
    "coordinating_committee", "plenary", "workshop", "seminar", "briefing", "special_meeting",
    "visit", "launch", "adoption", "founding", "mandate", "publication", "conference", "training",
    "statement", "other",
)
PRECISIONS = _v("day", "month", "year")
FORUMS = _v("GCTF", "Coalition", "UN Global Compact")
WG_STATUS = _v("active", "former")
WG_ROLES = _v("chair", "co_chair", "vice_chair", "lead")
DOC_KINDS = _v(
    "framework_document", "good_practices", "memorandum", "toolkit", "declaration",
    "recommendations", "guide", "plan", "report", "initiative", "other",
)
CONFLICT_KINDS = _v("contradiction", "typo", "date_error", "duplicate")

C = Column
TABLES: tuple[Table, ...] = (
    Table("sources", (
        C("source_id", required=True), C("file", required=True), C("title_en", required=True),
        C("title_ar", required=True), C("publisher_en", required=True), C("publisher_ar"),
        C("published", "date"), C("period_start", "date"),
        C("period_end", "date"), C("sha256", required=True), C("note"),
    ), key=("source_id",)),
    Table("actors", (
        C("actor_id", required=True), C("name_en", required=True), C("name_ar", required=True),
        C("kind", required=True, vocab=ACTOR_KINDS), C("iso3"),
    ), key=("actor_id",)),
    Table("actor_aliases", (
        C("actor_id", required=True, ref="actors.actor_id"), C("alias", required=True,
          quote_of="source_id"),
        C("source_id", required=True, ref="sources.source_id"),
    ), key=("actor_id", "alias", "source_id")),
    Table("working_groups", (
        C("wg_id", required=True), C("forum", required=True, vocab=FORUMS),
        C("name_en", required=True), C("name_ar", required=True),
        C("status", required=True, vocab=WG_STATUS),
        C("source_id", required=True, ref="sources.source_id"),
        C("quote", required=True, quote_of="source_id"), C("quote_en"),
    ), key=("wg_id",)),
    Table("facts", (
        C("fact_id", required=True), C("source_id", required=True, ref="sources.source_id"),
        C("topic", required=True, vocab=TOPICS), C("metric", required=True),
        C("label_en", required=True), C("label_ar", required=True), C("value", "double"),
        C("unit", required=True, vocab=UNITS),
        C("qualifier", required=True, vocab=QUALIFIERS), C("period_start", "date"),
        C("period_end", "date"),
        # How precisely period_start/period_end are known (the coarser bound's); empty: day.
        C("date_precision", vocab=PRECISIONS),
        C("year", "int"), C("wg_id", ref="working_groups.wg_id"),
        C("quote", required=True, quote_of="source_id"), C("quote_en"), C("note"),
    ), key=("fact_id",)),
    Table("fact_actors", (
        C("fact_id", required=True, ref="facts.fact_id"),
        C("actor_id", required=True, ref="actors.actor_id"),
        C("role", required=True, vocab=FACT_ROLES),
    ), key=("fact_id", "actor_id", "role")),
    Table("events", (
        C("event_id", required=True), C("source_id", required=True, ref="sources.source_id"),
        C("date_start", "date", required=True), C("date_end", "date"),
        C("date_precision", required=True, vocab=PRECISIONS),
        C("body", ref="actors.actor_id"),
        C("event_type", required=True, vocab=EVENT_TYPES), C("title_en", required=True),
        C("title_ar", required=True), C("location"), C("seq", "int"),
        C("quote", required=True, quote_of="source_id"), C("quote_en"), C("note"),
    ), key=("event_id",)),
    Table("event_actors", (
        C("event_id", required=True, ref="events.event_id"),
        C("actor_id", required=True, ref="actors.actor_id"),
        C("role", required=True, vocab=EVENT_ROLES),
    ), key=("event_id", "actor_id", "role")),
    Table("wg_roles", (
        # wg_id may be empty: a source can name a role holder without naming the group
        # ("الرؤساء السابقون", former working-group chairs, in the GCTF legacy paper).
        C("wg_id", ref="working_groups.wg_id"),
        C("actor_id", required=True, ref="actors.actor_id"),
        C("role", required=True, vocab=WG_ROLES), C("period_start", "date"),
        C("period_end", "date"), C("source_id", required=True, ref="sources.source_id"),
        C("quote", required=True, quote_of="source_id"), C("quote_en"), C("note"),
    ), key=("wg_id", "actor_id", "role", "period_start")),
    Table("documents", (
        C("doc_id", required=True), C("title_en", required=True),
        C("title_ar", required=True, quote_of="source_id"),
        C("kind", required=True, vocab=DOC_KINDS), C("year", "int"),
        C("source_id", required=True, ref="sources.source_id"),
        C("wg_id", ref="working_groups.wg_id"),
        C("quote", required=True, quote_of="source_id"), C("quote_en"),
    ), key=("doc_id",)),
    Table("conflicts", (
        C("conflict_id", required=True), C("kind", required=True, vocab=CONFLICT_KINDS),
        C("description_en", required=True), C("description_ar", required=True),
        C("refs", required=True), C("shown", required=True), C("shown_ar"),
    ), key=("conflict_id",)),
    Table("coverage_exclusions", (
        C("source_id", required=True, ref="sources.source_id"), C("token", required=True),
        C("quote", required=True, quote_of="source_id"), C("reason", required=True),
    ), key=("source_id", "token", "quote")),
)
TABLE_BY_NAME = {t.name: t for t in TABLES}

# What `conflicts.shown_ar` starts with where `shown` starts with "none" (no reading preferred).
SHOWN_NONE_AR = "لا ترجيح"

# Tables whose rows carry a figure or a date, and so a quote checked against a source.
QUOTED_TABLES = ("facts", "events", "working_groups", "wg_roles", "documents")
