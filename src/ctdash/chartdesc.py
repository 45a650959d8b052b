"""What a view shows, as plain data: the one description the screen (Plotly), the deck
(python-pptx) and the HTML pack all draw from.

A `Chart` says what is drawn, not how: its kind, its panels (one axis each) of series with a
category, a value and a display text per mark (the figure as the source hedges it, "182+"),
the role of each series ("shown", "other passage of the source"), axis titles, the figures kept
off the axis, the notes (qualifiers, conflicts), what the chart becomes where a renderer cannot
draw its kind (a category summary or a table), and the source rows behind it. Nothing here
imports pandas, Plotly or python-pptx.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Chart kinds (each renderer draws every kind; none looks at a view id).
BARS_BY_UNIT = "bars_by_unit"  # horizontal bars, one panel (and axis) per unit
READINGS = "readings"  # columns per category; a contradicting passage as a marker beside them
GROUPED_BARS = "grouped_bars"  # horizontal bars, one series per group, one axis
STACKED = "stacked"  # counts per category stacked by a second column
DATED_POINTS = "dated_points"  # events on a time axis, one row per group
SPANS = "spans"  # terms as bars on a time axis (dated) and "as of" markers (undated)
MAP = "map"  # a value per country
METRICS = "metrics"  # headline figures: no chart, a table
TABLE = "table"  # rows under headings (the sources, the data-quality notes, the working groups): no chart
CATEGORY_KINDS = (BARS_BY_UNIT, READINGS, GROUPED_BARS, STACKED)


@dataclass(frozen=True)
class Evidence:
    """One line of a mark's evidence: the verbatim quote ("quote"), its English translation
    ("quote_en", unofficial) or the curator's note ("note"), under its label in the chart's language."""

    kind: str
    label: str
    text: str


@dataclass(frozen=True)
class Figure:
    """One row behind a chart, as a briefer cites it (speaker notes): what it is, the figure as the
    source states it with its qualifier in words ("182+ (more than)"), its period, the source
    (title — publisher, date), the evidence, the ids of the row and the conflicts it names
    (`refs`), and the panel it is drawn on ("" where the chart has one)."""

    label: str
    figure: str = ""
    period: str = ""
    source: str = ""
    evidence: tuple[Evidence, ...] = ()
    refs: tuple[str, ...] = ()
    panel: str = ""


@dataclass(frozen=True)
class Conflict:
    """A data-quality note that touches a chart: its id, the rows it names and its text."""

    conflict_id: str
    refs: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Hover:
    """What pointing at one mark tells: a title line, more lines, the source and the evidence."""

    title: str
    lines: tuple[str, ...] = ()
    source_label: str = ""  # "Source" in the chart's language
    source: str = ""
    bold: bool = True
    width: int = 60  # where a renderer may break the title (0: never)
    evidence: tuple[Evidence, ...] = ()


@dataclass
class Series:
    """One series of marks: a category, a value and a display text each.

    `role`: "figure" (a figure as the source states it), "shown" (the reading a conflict shows),
    "other_passage" (another passage of the source, drawn beside it), "count", "event",
    "dated_role", "undated_role", "visits", "visit", "fact". `mark`: "bar", "marker" (a value or an
    "as of" date) or "point" (a dated point on a time axis, at `starts`).
    """

    name: str
    role: str
    categories: list[str]
    values: list[float | None]
    texts: list[str]
    hovers: list[Hover] = field(default_factory=list)
    mark: str = "bar"
    color: int = 0  # index into the renderer's palette
    starts: list[str] = field(default_factory=list)  # dates (YYYY-MM-DD): time-axis positions or bar starts
    ends: list[str] = field(default_factory=list)  # dates: bar ends (spans) or "as of" dates
    precisions: list[str] = field(default_factory=list)  # date precision per mark (day, month, year)
    codes: list[str] = field(default_factory=list)  # ISO-3 country codes (maps)


@dataclass
class Panel:
    """One axis of a chart: series sharing a value scale."""

    series: list[Series]
    name: str = ""  # the panel's own name where a chart has several (its unit)
    value_title: str = ""
    category_title: str = ""
    horizontal: bool = True  # categories on the vertical axis
    stacked: bool = False
    sort_categories: bool = False  # categories in ascending order (years), else in series order
    category_order: list[str] = field(default_factory=list)  # explicit order, top to bottom (spans)
    counts: bool = False  # the values are counts: the value axis has whole-number ticks only


@dataclass(frozen=True)
class Callout:
    """A note pinned to one mark (a conflict on the figure it touches)."""

    category: str
    value: float
    text: str


@dataclass
class Table:
    """Rows of display text under column headings."""

    columns: list[str]
    rows: list[list[str]]
    keys: list[str] = field(default_factory=list)  # the data columns the headings stand for, if known


@dataclass
class Chart:
    """Everything a renderer needs to draw one view, in one language."""

    kind: str
    title: str
    lang: str
    panels: list[Panel] = field(default_factory=list)
    off_axis: list[tuple[str, str]] = field(default_factory=list)  # (label, figure in words): no number to plot
    off_axis_title: str = ""  # "Stated without a number, not on the axis"
    callouts: list[Callout] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # qualifier key, rows off the axis, conflicts
    summary: Panel | None = None  # a category chart of what a non-category kind shows
    table: Table | None = None  # the rows of what a non-category kind shows
    instead: str = ""  # says what `summary` or `table` shows instead of the chart
    rows: Table | None = None  # the source rows behind the chart: ids, figures, sources, quotes
    figures: list[Figure] = field(default_factory=list)  # the same rows as a briefer cites them
    empty_text: str = ""  # what an empty chart says ("nothing under these filters")
    height: int = 450
    row_px: int = 0  # the height given to each category row (0: rows are not counted into the height)
    value_range: tuple[float, float] | None = None  # a fixed value axis (readings: room for callouts)
    legend: bool = True  # the series' names are worth a legend (not where each row names itself)

    @property
    def is_empty(self) -> bool:
        return not any(s.categories for p in self.panels for s in p.series)
