"""The briefing pack's content: every registry view with data under the filters (`collect`), or
the views a briefer picked, each under its own filters (`collect_items`), as an `Exhibit` (its
rows, its chart description, its source line, its filters in words and the data-quality notes
touching it), the sources and data-quality notes they touch, and the charts left out.
`ctdash.deck` and `ctdash.htmlpack` render a pack.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import TypeVar

import duckdb

from ctdash import views
from ctdash.chartdesc import CATEGORY_KINDS, Chart, Conflict
from ctdash.cite import filters_words
from ctdash.filters import Filters
from ctdash.i18n import vocab
from ctdash.packlabels import label
from ctdash.queries import actor_names
from ctdash.rowset import Rows

T = TypeVar("T")


@dataclass
class Exhibit:
    view: views.View
    title: str
    rows: Rows
    chart: Chart
    caption: str
    filters: Filters = field(default_factory=Filters)  # what this exhibit shows
    filters_text: str = ""  # the same in words, in the pack's language
    conflicts: list[Conflict] = field(default_factory=list)  # the data-quality notes touching its rows


@dataclass
class Pack:
    filters: Filters
    filters_text: str
    exported: date
    exhibits: list[Exhibit]
    left_out: list[str]
    sources: Rows
    conflicts: Rows
    title: str = ""  # the briefer's own title and subtitle (a basket's), else the pack's
    subtitle: str = ""

    @property
    def lang(self) -> str:
        return self.filters.lang


def exhibit(view: views.View, frame: Rows, lang: str) -> Exhibit:
    """One view's data with its description and source line."""
    chart = view.describe(frame, lang)
    if chart is None:
        raise ValueError(f"view {view.id!r} is a table: it has no chart")
    return Exhibit(view, view.title(lang), frame, chart, view.caption(frame, lang))


def has_content(chart: Chart) -> bool:
    """Whether the pack has anything to show of a chart: marks, a summary or table rows."""
    if chart.kind in CATEGORY_KINDS and not chart.is_empty:
        return any(v is not None for p in chart.panels for s in p.series for v in s.values)
    if chart.summary is not None:
        return any(v is not None for s in chart.summary.series for v in s.values)
    return chart.table is not None and bool(chart.table.rows)


_ID_COLUMNS = ("fact_id", "event_id", "fact_ids", "event_ids", "wg_id", "doc_id")


def _touched(exhibits: list[Exhibit]) -> tuple[set[str], set[str], set[str]]:
    """Source titles, row ids and conflict ids the exported rows involve."""
    titles: set[str] = set()
    ids: set[str] = set()
    conflicts: set[str] = set()

    def words(rows: Rows, col: str, sep: str | None = None) -> set[str]:
        return {w for v in rows.present(col) for w in str(v).split(sep) if w}

    for ex in exhibits:
        titles |= words(ex.rows, "source_title", " | ")
        for col in _ID_COLUMNS:
            ids |= words(ex.rows, col)
        conflicts |= words(ex.rows, "conflict_ids")
    return titles, ids, conflicts


def filters_in_words(con: duckdb.DuckDBPyConnection, f: Filters, bounds: tuple[int, int] | None = None) -> str:
    """'Years: 2016–2019 · Actors: all · Topics: all' in the pack's language."""
    lo, hi = f.years
    if bounds is not None:
        lo, hi = max(lo, bounds[0]), min(hi, bounds[1])
    frame = actor_names(con, f.lang) if f.actors else None
    names = dict(zip(frame.column("actor_id"), frame.column("name"), strict=True)) if frame is not None else {}
    return filters_words(replace(f, years=(lo, hi)), names, labelled=True)


def conflict_text(r: dict, lang: str) -> str:
    """'C-GL-01 (contradiction): description — what is shown'."""
    shown = f" — {r['shown']}" if r.get("shown") else ""
    return f"{r['conflict_id']} ({vocab('kind', r['kind'], lang)}): {r['description']}{shown}"


def _attach(con: duckdb.DuckDBPyConnection, exhibits: list[Exhibit], f: Filters,
            queried: tuple[Rows, Rows] | None = None) -> tuple[Rows, Rows]:
    """The sources and the data-quality notes the exhibits touch (each exhibit gets its own notes:
    those naming one of its rows, or named by one), from every source and note under `f`
    (`queried`, else queried here)."""
    touched = [_touched([ex]) for ex in exhibits]
    titles = set().union(*(titles for titles, _, _ in touched))
    sources, notes = queried or _every_source_and_note(con, f)
    sources = sources.where(lambda r: r["source_title"] in titles)
    rows = notes.records()
    refs = [(set(str(r["refs"]).split()), r["conflict_id"]) for r in rows]
    anywhere = [False] * len(rows)
    for ex, (_, ids, conflict_ids) in zip(exhibits, touched, strict=True):
        hits = [bool(r & ids) or c in conflict_ids for r, c in refs]
        ex.conflicts = [Conflict(str(r["conflict_id"]), tuple(str(r["refs"]).split()), conflict_text(r, f.lang))
                        for r, hit in zip(rows, hits, strict=True) if hit]
        anywhere = [a or h for a, h in zip(anywhere, hits, strict=True)]
    kept = {c for (_, c), a in zip(refs, anywhere, strict=True) if a}
    return sources, notes.where(lambda r: r["conflict_id"] in kept)


def _exhibit_under(con: duckdb.DuckDBPyConnection, view: views.View, f: Filters, text: str,
                   frame: Rows | None = None) -> Exhibit | None:
    """The view's exhibit under `f` (of `frame`, its rows already queried), None if it shows nothing."""
    frame = view.data(con, f) if frame is None else frame
    ex = exhibit(view, frame, f.lang) if not frame.empty else None
    if ex is None or not has_content(ex.chart):
        return None
    ex.filters, ex.filters_text = f, text
    return ex


def _every_source_and_note(con: duckdb.DuckDBPyConnection, f: Filters) -> tuple[Rows, Rows]:
    """Every source and every data-quality note under `f` (the exhibits pick theirs: `_attach`)."""
    from ctdash.queries import data_quality_notes, sources_list

    return sources_list(con, f), data_quality_notes(con, f)


class _Lanes:
    """Queries run on cursors of the database in worker threads (`lanes` of them, each running its
    queries in the order given), while the caller describes the rows already fetched: DuckDB leaves
    Python free while a query runs."""

    def __init__(self, con: duckdb.DuckDBPyConnection, lanes: int):
        self.lanes = [(con.cursor(), ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"ctdash-pack-{k}"))
                      for k in range(lanes)]
        self.given = 0

    def submit(self, fn: Callable[..., T], *args: object) -> Future[T]:
        cursor, pool = self.lanes[self.given % len(self.lanes)]
        self.given += 1
        return pool.submit(fn, cursor, *args)

    def close(self) -> None:
        for cursor, pool in self.lanes:
            pool.shutdown(cancel_futures=True)
            cursor.close()


QUERY_LANES = 2


def collect(con: duckdb.DuckDBPyConnection, f: Filters, today: date | None = None) -> Pack:
    """Every registry chart (and the headline figures) with data under the filters (the views'
    queries run in worker threads, in the order the views are described: `_Lanes`)."""
    from ctdash.queries import year_bounds

    lang = f.lang
    chosen: dict[str, views.View] = {}  # each view once, at its first place in the registry
    for view in views.REGISTRY:
        if view.kind in ("chart", "metrics"):
            chosen.setdefault(view.id, view)
    lanes = _Lanes(con, QUERY_LANES)
    try:
        frames: dict[str, Future] = {}
        topics: Future | None = None
        for view in chosen.values():
            if views.one_topic(view) is None:
                frames[view.id] = lanes.submit(view.data, f)
            elif topics is None:  # every topic view's rows from one query, asked for at the first
                topics = lanes.submit(views.pack_frames, f, list(chosen.values()))
        rest = lanes.submit(_every_source_and_note, f)
        text = filters_in_words(con, f, year_bounds(con))
        exhibits, left_out = [], []
        for view in chosen.values():
            frame = frames[view.id].result() if view.id in frames else topics.result()[view.id]  # type: ignore[union-attr]
            ex = _exhibit_under(con, view, f, text, frame)
            if ex is None:
                left_out.append(view.title(lang))
                continue
            exhibits.append(ex)
        sources, notes = _attach(con, exhibits, f, rest.result())
    finally:
        lanes.close()
    return Pack(f, text, today or datetime.now(UTC).date(), exhibits, left_out, sources, notes)


def collect_items(con: duckdb.DuckDBPyConnection, items: Sequence[tuple[str, Filters]], lang: str,
                  title: str = "", subtitle: str = "", today: date | None = None) -> Pack:
    """The views a briefer picked, in order, each under its own filters (in `lang`); a view with
    nothing to show under its filters is left out and listed. Unknown view ids raise
    KeyError (callers check them first: `ctdash.basket`)."""
    from ctdash.queries import year_bounds

    bounds = year_bounds(con)
    exhibits, left_out, texts = [], [], []
    for view_id, filters in items:
        view = views.BY_ID[view_id]
        if view.builder is None:
            raise KeyError(view_id)
        f = replace(filters, lang=lang)
        text = filters_in_words(con, f, bounds)
        texts.append(text)
        ex = _exhibit_under(con, view, f, text)
        if ex is None:
            left_out.append(f"{view.title(lang)} ({text})")
            continue
        exhibits.append(ex)
    common = texts[0] if texts and len(set(texts)) == 1 else label("filters_per_slide", lang)
    f0 = replace(items[0][1], lang=lang) if items and len(set(texts)) == 1 else Filters(lang=lang)
    sources, notes = _attach(con, exhibits, Filters(lang=lang))
    return Pack(f0, common, today or datetime.now(UTC).date(), exhibits, left_out, sources, notes,
                title=title, subtitle=subtitle)
