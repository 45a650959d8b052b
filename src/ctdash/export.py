"""The briefing pack: a PowerPoint deck of native, editable charts and a self-contained HTML file.

Both iterate over `ctdash.views.REGISTRY`, so a slide holds exactly the data a dashboard page
plots. `collect()` turns every view with data under the filters into an `Exhibit`: the view's
frame, its Plotly figure, and `Panel`s (categories and series, or table rows) derived from the
figure's traces, or, for views that are not category charts (timeline, chairs, map), from a
sensible aggregate of the frame. `build_pptx()` and `build_html()` render a pack; `main()` is
`ctdash export`.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO

import duckdb
import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from ctdash import paths, views
from ctdash.arabic import to_western_digits
from ctdash.charts import escaped, mirror, period_text
from ctdash.filters import Filters
from ctdash.i18n import actor_names, column_label, date_text, t, topic_label, vocab
from ctdash.pptx_data import PlainCategoryChartData
from ctdash.safecsv import neutralise

# ---------------------------------------------------------------- labels of the pack

_LABELS: dict[str, tuple[str, str]] = {
    "exported": ("Exported on", "تاريخ التصدير"),
    "left_out": (
        "Left out, nothing to show under these filters",
        "لم تُدرج لعدم وجود بيانات ضمن عوامل التصفية هذه",
    ),
    "closing": ("Sources and data-quality notes", "المصادر وملاحظات جودة البيانات"),
    "no_notes": ("No data-quality note touches the exported figures.", "لا توجد ملاحظة جودة تخص الأرقام المصدَّرة."),
    "continued": ("continued", "تابع"),
    "qualifier_key": (
        "Figures as the source states them: 65+ more than, ≈ about, ≥ at least, < fewer than, ≤ up to.",
        "الأرقام كما وردت في المصدر: ‎65+‎ أكثر من، ≈ نحو، ≥ على الأقل، < أقل من، ≤ حتى.",
    ),
    "agg_timeline": (
        "The dashboard draws each dated event on a timeline; this chart counts them per body.",
        "تعرض لوحة المعلومات كل حدث مؤرخ على خط زمني؛ ويحصي هذا الرسم الأحداث لكل هيئة.",
    ),
    "agg_map": (
        "The dashboard shows these visits on a map; this chart gives the same visits per country.",
        "تعرض لوحة المعلومات هذه الزيارات على خريطة؛ ويعطي هذا الرسم الزيارات نفسها لكل بلد.",
    ),
    "table_instead": (
        "The dashboard draws this on a time axis; this table lists the same rows.",
        "تعرض لوحة المعلومات هذه البيانات على محور زمني؛ ويسرد هذا الجدول الصفوف نفسها.",
    ),
    "table_fallback": (
        "Shown as a table: the figure is not a category chart.",
        "معروضة جدولًا: الرسم ليس رسمًا بفئات.",
    ),
    "generated": (
        "Made by ctdash from the curated fact base; every figure carries the sentence it came from.",
        "أُعدّ بواسطة ctdash من قاعدة الوقائع المنسقة؛ لكل رقم الجملة التي ورد فيها.",
    ),
    "contents": ("Contents", "المحتويات"),
    "kind": ("Kind", "النوع"),
    "shown": ("What the charts show", "ما تعرضه الرسوم"),
    "file": ("File", "الملف"),
    "page": ("Dashboard page", "صفحة لوحة المعلومات"),
    "table_note": (
        "Each row: the figure, its source and the quoted sentence.",
        "كل صف: الرقم ومصدره والجملة المقتبسة.",
    ),
}


def label(key: str, lang: str, **fmt: object) -> str:
    """A label of the pack (own keys first, then `ctdash.i18n.t`)."""
    pair = _LABELS.get(key)
    if pair is None:
        return t(key, lang, **fmt)
    text = pair[1] if lang == "ar" else pair[0]
    return text.format(**fmt) if fmt else text


# ---------------------------------------------------------------- the pack's content

@dataclass
class Series:
    name: str
    values: list[float | None]
    labels: list[str]  # data label per point ("" for none): the qualified figure, e.g. "182+"


@dataclass
class Panel:
    """One native chart (bar, column, line) or table of a slide."""

    kind: str  # bar (horizontal), column, line, table
    name: str = ""
    categories: list[str] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    stacked: bool = False
    columns: list[str] = field(default_factory=list)  # for tables
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Exhibit:
    view: views.View
    title: str
    frame: pd.DataFrame
    figure: go.Figure | None
    panels: list[Panel]
    notes: list[str]  # qualifiers, rows off the axis, contradictions
    caption: str
    derived: bool  # panels come from an aggregate or table, not the figure's own traces
    how: str = ""  # what the panels show instead of the page's figure (a footnote where they are used)


@dataclass
class Pack:
    filters: Filters
    filters_text: str
    exported: date
    exhibits: list[Exhibit]
    left_out: list[str]
    sources: pd.DataFrame
    conflicts: pd.DataFrame

    @property
    def lang(self) -> str:
        return self.filters.lang


def _clean(text: object) -> str:
    """A Plotly label as plain text (line breaks and tags removed)."""
    s = re.sub(r"(?<=-)<br\s*/?>", "", str(text))  # textwrap breaks after hyphens too
    s = re.sub(r"<br\s*/?>", " ", s)
    return " ".join(html.unescape(re.sub(r"</?[a-z][^>]*>", "", s)).split())  # data text was escaped for Plotly


def _num(value: object) -> float | None:
    if value is None:
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(v) else v


def _plain(value: object) -> str:
    """A cell as text: dates as ISO dates, missing as empty, whole floats without '.0'."""
    if value is None or (not isinstance(value, str | list | tuple) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp | datetime):
        return str(pd.Timestamp(value).date())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _axis_pair(trace: object) -> tuple[str, str]:
    return (getattr(trace, "xaxis", None) or "x", getattr(trace, "yaxis", None) or "y")


def _is_date(values: Iterable[object]) -> bool:
    return any(isinstance(v, date | datetime | pd.Timestamp) for v in values)


def panels_from_figure(fig: go.Figure) -> list[Panel] | None:
    """Category panels from a figure's bar and scatter traces, one per subplot; None if the figure
    is not a category chart (dates on an axis, Gantt bars, maps ...)."""
    traces = [tr for tr in fig.data if getattr(tr, "visible", None) is not False]
    if not traces or any(tr.type not in ("bar", "scatter") for tr in traces):
        return None
    if any(tr.type == "bar" and tr.base is not None for tr in traces):
        return None
    stacked = fig.layout.barmode in ("stack", "relative")
    groups: dict[tuple[str, str], list] = {}
    for tr in traces:
        groups.setdefault(_axis_pair(tr), []).append(tr)
    panels = []
    for (xa, _ya), group in groups.items():
        horizontal = any(tr.type == "bar" and tr.orientation == "h" for tr in group)
        cats: list[str] = []
        series = []
        for tr in group:
            c_raw = list(tr.y if horizontal else tr.x) if (tr.y if horizontal else tr.x) is not None else []
            v_raw = list(tr.x if horizontal else tr.y) if (tr.x if horizontal else tr.y) is not None else []
            if _is_date(c_raw) or len(c_raw) != len(v_raw):
                return None
            seq = tr.text is not None and not isinstance(tr.text, str) and hasattr(tr.text, "__len__")
            texts = list(tr.text) if seq else [tr.text] * len(c_raw)
            points = {}
            for c, v, txt in zip(c_raw, v_raw, texts, strict=True):
                key = _clean(c)
                if key not in cats:
                    cats.append(key)
                points[key] = (_num(v), _plain(txt) if isinstance(txt, float | int) else _clean(txt or ""))
            series.append((_clean(tr.name or ""), points))
        axis = fig.layout[("xaxis" + xa[1:]) if not horizontal else "xaxis"]  # category order of x
        if not horizontal and axis is not None and axis.categoryorder == "category ascending":
            cats.sort()
        only_bars = all(tr.type == "bar" for tr in group)
        lines = all(tr.type == "scatter" and "lines" in (tr.mode or "lines") for tr in group)
        panel = Panel(kind="line" if lines else ("bar" if horizontal else "column"), categories=cats)
        for name, points in series:
            values = [points.get(c, (None, ""))[0] for c in cats]
            labels = [points.get(c, (None, ""))[1] for c in cats]
            panel.series.append(Series(name, values, labels))
        # Disjoint series (each category has one value): stack them so bars are not offset.
        disjoint = all(sum(s.values[i] is not None for s in panel.series) <= 1 for i in range(len(cats)))
        panel.stacked = only_bars and (stacked or (len(panel.series) > 1 and disjoint))
        panel.name = panel.series[0].name if len(groups) > 1 and len(panel.series) == 1 else ""
        panels.append(panel)
    return panels


def _count_panel(frame: pd.DataFrame, cat: str, value: str | None, name: str, lang: str) -> Panel:
    """A bar panel of `value` summed (or rows counted) per `cat`, largest first."""
    if value is None:
        counts = frame.groupby(cat, sort=False).size()
    else:
        counts = frame.groupby(cat, sort=False)[value].sum()
    counts = counts.sort_values(ascending=True, kind="stable")  # bar charts draw bottom-up
    values = [float(v) for v in counts.values]
    return Panel(kind="bar", categories=[str(c) for c in counts.index],
                 series=[Series(name, values, [_plain(v) for v in values])])


def _table_panel(frame: pd.DataFrame, columns: list[tuple[str, str]]) -> Panel:
    return Panel(kind="table", columns=[h for _, h in columns],
                 rows=[[_plain(r[c]) for c, _ in columns] for r in frame.to_dict("records")])


# Views that are not category charts: an aggregate or a table, and the footnote that says so.
def _aggregate(view_id: str, frame: pd.DataFrame, lang: str) -> tuple[list[Panel], str] | None:
    if view_id == "timeline":
        return [_count_panel(frame, "body_name", None, t("events", lang), lang)], label("agg_timeline", lang)
    if view_id == "visits_map":
        return [_count_panel(frame, "country", "visits", t("visits", lang), lang)], label("agg_map", lang)
    if view_id == "country_visits":
        data = frame.assign(date=[  # an ISO date would be reordered in a right-to-left cell
            date_text(r["date_start"], r["date_precision"], lang) if lang == "ar" else _plain(r["date_start"])
            for r in frame.to_dict("records")])
        cols = [("date", t("date", lang)), ("country", t("country", lang)), ("body_name", t("body", lang)),
                ("title", column_label("title", lang))]
        return [_table_panel(data, cols)], label("table_instead", lang)
    if view_id == "wg_chairs":
        data = frame.assign(
            role_text=[vocab("role", r, lang) for r in frame["role"]],
            period=[period_text(s if d else None, e, lang=lang)  # undated: "as of" the source's date
                    for s, e, d in zip(frame["period_start"], frame["bar_end"], frame["dated"], strict=True)],
        )
        cols = [("actor_name", t("actor", lang)), ("wg_name", t("working_group", lang)),
                ("role_text", t("role", lang)), ("period", t("period", lang))]
        return [_table_panel(data, cols)], label("table_instead", lang)
    return None


def _metrics_panel(frame: pd.DataFrame, lang: str) -> Panel:
    data = frame.assign(period=[  # in the deck's language, to the precision the source gives
        period_text(r["period_start"], r["period_end"], r["year"], lang, r.get("date_precision"))
        for r in frame.to_dict("records")])
    return _table_panel(data, [("label", column_label("label", lang)), ("value_text", column_label("value_text", lang)),
                               ("period", t("period", lang)), ("source_title", column_label("source_title", lang))])


def _notes(frame: pd.DataFrame, plotted: bool, lang: str) -> list[str]:
    """Footnotes: the qualifier key, rows the source gives no number for, self-contradictions."""
    notes = []
    if "qualifier" in frame.columns:
        quals = set(frame["qualifier"].dropna())
        if quals - {"exact", "vague"}:
            notes.append(label("qualifier_key", lang))
        if plotted and "vague" in quals and "value_text" in frame.columns:
            vague = frame[frame["qualifier"] == "vague"]
            items = "; ".join(f"{r['label']}: {r['value_text']}" for r in vague.to_dict("records"))
            notes.append(f"{t('not_on_axis', lang)}: {items}")
    if "conflict_ids" in frame.columns:
        ids = sorted({i for v in frame["conflict_ids"].dropna() for i in str(v).split()})
        if ids:
            notes.append(f"{t('conflict_note', lang)} {', '.join(ids)}")
    return notes


def exhibit(view: views.View, frame: pd.DataFrame, lang: str) -> Exhibit:
    """The panels, notes and source line of one view's data."""
    fig = view.figure(frame, lang) if view.kind == "chart" else None
    how = ""
    derived = True
    if view.kind == "metrics":
        panels = [_metrics_panel(frame, lang)]
    else:
        agg = _aggregate(view.id, frame, lang)
        if agg is not None:
            panels, how = agg
        else:
            panels = panels_from_figure(fig) if fig is not None else None
            derived = panels is None
            if panels is None:
                cols = [(c, column_label(c, lang)) for c in frame.columns
                        if c in ("label", "title", "wg_name", "actor_name", "country", "value_text", "year")]
                panels = [_table_panel(frame, cols or [(c, c) for c in frame.columns[:4]])]
                how = label("table_fallback", lang)
    notes = _notes(frame, not derived, lang)
    return Exhibit(view, view.title(lang), frame, fig, panels, notes, view.caption(frame, lang), derived, how)


def _has_content(ex: Exhibit) -> bool:
    return any((p.kind == "table" and p.rows) or any(v is not None for s in p.series for v in s.values)
               for p in ex.panels)


_ID_COLUMNS = ("fact_id", "event_id", "fact_ids", "event_ids", "wg_id", "doc_id")


def _touched(exhibits: list[Exhibit]) -> tuple[set[str], set[str], set[str]]:
    """Source titles, row ids and conflict ids the exported frames involve."""
    titles: set[str] = set()
    ids: set[str] = set()
    conflicts: set[str] = set()
    for ex in exhibits:
        fr = ex.frame
        if "source_title" in fr.columns:
            titles |= {s for v in fr["source_title"].dropna() for s in str(v).split(" | ") if s}
        for col in _ID_COLUMNS:
            if col in fr.columns:
                ids |= {i for v in fr[col].dropna() for i in str(v).split()}
        if "conflict_ids" in fr.columns:
            conflicts |= {i for v in fr["conflict_ids"].dropna() for i in str(v).split()}
    return titles, ids, conflicts


def filters_in_words(con: duckdb.DuckDBPyConnection, f: Filters, bounds: tuple[int, int] | None = None) -> str:
    """'Years: 2016–2019 · Actors: all · Topics: all' in the pack's language."""
    lang = f.lang
    lo, hi = f.years
    if bounds is not None:
        lo, hi = max(lo, bounds[0]), min(hi, bounds[1])
    names = actor_names(con, lang) if f.actors else {}
    actors = "، ".join(names.get(a, a) for a in f.actors) if lang == "ar" else ", ".join(
        names.get(a, a) for a in f.actors)
    topics = ("، " if lang == "ar" else ", ").join(topic_label(x, lang) for x in f.topics)
    sep = "؛ " if lang == "ar" else " · "
    return sep.join([
        f"{t('years', lang)}: {lo}–{hi}",
        f"{t('actors', lang)}: {actors or t('all', lang)}",
        f"{t('topics', lang)}: {topics or t('all', lang)}",
    ])


def collect(con: duckdb.DuckDBPyConnection, f: Filters, today: date | None = None) -> Pack:
    """Every registry chart (and the headline figures) with data under the filters."""
    from ctdash.queries import data_quality_notes, sources_list, year_bounds

    lang = f.lang
    exhibits, left_out = [], []
    seen: set[str] = set()
    for view in views.REGISTRY:
        if view.kind not in ("chart", "metrics") or view.id in seen:
            continue
        seen.add(view.id)
        frame = view.data(con, f)
        ex = exhibit(view, frame, lang) if not frame.empty else None
        if ex is None or not _has_content(ex):
            left_out.append(view.title(lang))
            continue
        exhibits.append(ex)
    titles, ids, conflict_ids = _touched(exhibits)
    sources = sources_list(con, f)
    sources = sources[sources["source_title"].isin(titles)].reset_index(drop=True)
    notes = data_quality_notes(con, f)
    touches = [bool(set(str(r).split()) & ids) or c in conflict_ids
               for r, c in zip(notes["refs"], notes["conflict_id"], strict=True)]
    notes = notes[touches].reset_index(drop=True)
    return Pack(f, filters_in_words(con, f, year_bounds(con)), today or datetime.now(UTC).date(),
                exhibits, left_out, sources, notes)


# ---------------------------------------------------------------- PowerPoint

CATEGORIES_PER_SLIDE = 10  # chart panels share a slide up to this many categories in all
PANELS_PER_SLIDE = 3
_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)


def _layout(prs, wanted: str):
    """A layout of the master: 'title' (title + subtitle), 'title_only', else the first with a title."""
    def kinds(layout) -> list:
        return [ph.placeholder_format.type for ph in layout.placeholders]

    def score(layout) -> int:
        k = kinds(layout)
        has_title = any(x in _TITLE_TYPES for x in k)
        body = [x for x in k if x not in _TITLE_TYPES and x not in (
            PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)]
        if wanted == "title":
            return 3 * (PP_PLACEHOLDER.CENTER_TITLE in k) + 2 * (PP_PLACEHOLDER.SUBTITLE in k) + has_title
        return 3 * has_title - len(body)

    layouts = list(prs.slide_layouts)
    return max(layouts, key=lambda lay: (score(lay), -layouts.index(lay)))


def _clear_slides(prs) -> None:
    """Remove a template's own slides (its masters and layouts stay)."""
    ids = prs.slides._sldIdLst
    for sld in list(ids):
        prs.part.drop_rel(sld.rId)
        ids.remove(sld)


def _fill(tf, lines: list[str], size: int, bold: bool = False, color: tuple[int, int, int] | None = None) -> None:
    tf.word_wrap = True
    for i, line in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.text = line
        for r in p.runs:
            r.font.size = Pt(size)
            r.font.bold = bold
            if color:
                r.font.color.rgb = RGBColor(*color)


def _textbox(slide, x: int, y: int, w: int, h: int, lines: list[str], size: int, **kw: object):
    box = slide.shapes.add_textbox(Emu(x), Emu(y), Emu(w), Emu(h))
    _fill(box.text_frame, lines, size, **kw)
    return box


class _Deck:
    """Slide geometry and writers over a Presentation (default or the user's template)."""

    def __init__(self, template: str | Path | None, lang: str):
        self.prs = Presentation(str(template)) if template else Presentation()
        if template:
            _clear_slides(self.prs)
        else:  # python-pptx's default master is 4:3: widen it and its placeholders to 16:9
            scale = Inches(13.333) / self.prs.slide_width
            self.prs.slide_width, self.prs.slide_height = Inches(13.333), Inches(7.5)
            master = self.prs.slide_master
            # layouts first: their inherited positions are read from the master before it is scaled
            for shape in [*(s for lay in master.slide_layouts for s in lay.shapes), *master.shapes]:
                x, y, w, h = shape.left, shape.top, shape.width, shape.height  # inherited if not own
                if None not in (x, y, w, h):
                    shape.left, shape.width = Emu(int(x * scale)), Emu(int(w * scale))
                    shape.top, shape.height = y, h
        self.lang = lang
        self.W, self.H = int(self.prs.slide_width), int(self.prs.slide_height)
        self.margin = int(self.W * 0.035)
        self.title_layout = _layout(self.prs, "title")
        self.content_layout = _layout(self.prs, "title_only")

    def _title(self, slide, text: str) -> int:
        """Set the slide title (placeholder, else a text box); returns the y where content starts."""
        ph = next((p for p in slide.placeholders if p.placeholder_format.type in _TITLE_TYPES), None)
        if ph is not None:
            ph.text = text
            for p in ph.text_frame.paragraphs:
                for r in p.runs:
                    r.font.size = Pt(24)
            return int(ph.top + ph.height) + int(Inches(0.1))
        box = _textbox(slide, self.margin, int(Inches(0.3)), self.W - 2 * self.margin, int(Inches(0.8)), [text], 24,
                       bold=True)
        return int(box.top + box.height) + int(Inches(0.1))

    def _unused_placeholders(self, slide, keep: Iterable[object] = ()) -> None:
        keep_ids = {id(k._element) for k in keep}
        for ph in list(slide.placeholders):
            if ph.placeholder_format.type not in _TITLE_TYPES and id(ph._element) not in keep_ids:
                ph._element.getparent().remove(ph._element)

    def new_slide(self, title: str, name: str) -> tuple[object, int]:
        slide = self.prs.slides.add_slide(self.content_layout)
        slide._element.cSld.set("name", name)
        top = self._title(slide, title)
        self._unused_placeholders(slide)
        return slide, top

    def _text_height(self, lines: list[str]) -> int:
        """Height of 9 pt lines across the slide, wrapped at a rough characters-per-line."""
        per_line = int((self.W - 2 * self.margin) / 914400 * 15)
        n = sum(1 + len(x) // per_line for x in lines)
        return int(Inches(0.16)) * n + int(Inches(0.12))

    def content_top(self) -> int:
        """Where content starts below the content layout's title."""
        ph = next((p for p in self.content_layout.placeholders if p.placeholder_format.type in _TITLE_TYPES), None)
        return int(ph.top + ph.height) + int(Inches(0.1)) if ph is not None else int(Inches(1.2))

    def footer(self, slide, notes: list[str], caption: str) -> int:
        """Footnotes and the source line at the bottom; returns the y where they begin."""
        m, w = self.margin, self.W - 2 * self.margin
        height = self._text_height
        y = self.H - int(Inches(0.1))
        if caption:
            y -= height([caption])
            box = _textbox(slide, m, y, w, height([caption]), [caption], 9, color=(0x44, 0x44, 0x44))
            box.name = "source"
        if notes:
            y -= height(notes)
            box = _textbox(slide, m, y, w, height(notes), notes, 9, color=(0x66, 0x66, 0x66))
            box.name = "footnote"
        return y

    def title_slide(self, title: str, lines: list[str]) -> None:
        slide = self.prs.slides.add_slide(self.title_layout)
        slide._element.cSld.set("name", "title")
        sub = next((p for p in slide.placeholders if p.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE), None)
        ph = next((p for p in slide.placeholders if p.placeholder_format.type in _TITLE_TYPES), None)
        if ph is not None:
            ph.text = title
        else:
            _textbox(slide, self.margin, int(self.H * 0.25), self.W - 2 * self.margin, int(Inches(1.2)), [title],
                     36, bold=True)
        if sub is not None:
            _fill(sub.text_frame, lines, 18)
        else:
            _textbox(slide, self.margin, int(self.H * 0.5), self.W - 2 * self.margin, int(Inches(2)), lines, 18)
        self._unused_placeholders(slide, keep=[p for p in (sub,) if p is not None])

    def chart(self, slide, panel: Panel, box: tuple[int, int, int, int], name: str, legend: bool) -> None:
        data = PlainCategoryChartData()  # its embedded workbook holds texts as plain strings
        # A spreadsheet user who copies the workbook's cells out still gets no formula.
        data.categories = [neutralise(c) for c in panel.categories]
        for s in panel.series:
            data.add_series(neutralise(s.name or " "), s.values)
        kind = {
            ("bar", False): XL_CHART_TYPE.BAR_CLUSTERED, ("bar", True): XL_CHART_TYPE.BAR_STACKED,
            ("column", False): XL_CHART_TYPE.COLUMN_CLUSTERED, ("column", True): XL_CHART_TYPE.COLUMN_STACKED,
        }.get((panel.kind, panel.stacked), XL_CHART_TYPE.LINE_MARKERS)
        x, y, w, h = box
        gf = slide.shapes.add_chart(kind, Emu(x), Emu(y), Emu(w), Emu(h), data)
        gf.name = name
        chart = gf.chart
        chart.font.size = Pt(10)
        chart.has_title = bool(panel.name)
        if panel.name:
            chart.chart_title.text_frame.text = panel.name
            chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
        chart.has_legend = legend and len(panel.series) > 1
        if chart.has_legend:
            chart.legend.position = XL_LEGEND_POSITION.BOTTOM
            chart.legend.include_in_layout = False
        if panel.kind != "line":
            chart.plots[0].gap_width = 60
            if panel.stacked:
                chart.plots[0].overlap = 100
        rtl = self.lang == "ar"
        if rtl:  # mirror: categories run right to left, or bars grow leftwards
            (chart.value_axis if panel.kind == "bar" else chart.category_axis).reverse_order = True
        chart.value_axis.has_major_gridlines = True
        chart.value_axis.tick_labels.number_format = "#,##0.##"
        chart.value_axis.tick_labels.number_format_is_linked = False
        chart.value_axis.tick_labels.font.size = Pt(9)
        chart.category_axis.tick_labels.font.size = Pt(9)
        pos = XL_LABEL_POSITION.CENTER if panel.stacked else (
            XL_LABEL_POSITION.ABOVE if panel.kind == "line" else XL_LABEL_POSITION.OUTSIDE_END)
        for plot_series, s in zip(chart.plots[0].series, panel.series, strict=True):
            for i, (v, text) in enumerate(zip(s.values, s.labels, strict=True)):
                if v is None or not text:
                    continue
                dl = plot_series.points[i].data_label
                dl.text_frame.text = text
                dl.position = pos
                dl.font.size = Pt(9)

    def table(self, slide, panel: Panel, box: tuple[int, int, int, int], name: str) -> None:
        x, y, w, _h = box
        rows = len(panel.rows) + 1
        row_h = int(Inches(0.26))
        gf = slide.shapes.add_table(rows, len(panel.columns), Emu(x), Emu(y), Emu(w), Emu(row_h * rows))
        gf.name = name
        tbl = gf.table
        widths = self._col_weights(panel)
        if self.lang == "ar":  # columns run right to left
            tbl._tbl.tblPr.set("rtl", "1")
        for j in range(len(widths)):
            tbl.columns[j].width = Emu(int(w * widths[j] / sum(widths)))
        for j, head in enumerate(panel.columns):
            tbl.cell(0, j).text = head
        for i, row in enumerate(panel.rows, start=1):
            for j, value in enumerate(row):
                tbl.cell(i, j).text = value
        for r in range(rows):
            tbl.rows[r].height = Emu(row_h)
            for j in range(len(panel.columns)):
                cell = tbl.cell(r, j)
                cell.margin_top = cell.margin_bottom = Emu(int(Inches(0.03)))
                for p in cell.text_frame.paragraphs:
                    for run in p.runs:
                        run.font.size = Pt(10 if r else 11)

    def stack(self, top: int, bottom: int, panels: list[Panel]) -> list[tuple[int, int, int, int]]:
        """Full-width boxes one above the other, as tall as their share of the categories."""
        gap = int(Inches(0.1))
        weights = [len(p.categories) + 1.5 for p in panels]
        free = bottom - top - gap * (len(panels) - 1)
        boxes, y = [], top
        for wgt in weights:
            h = int(free * wgt / sum(weights))
            boxes.append((self.margin, y, self.W - 2 * self.margin, h))
            y += h + gap
        return boxes

    def table_pages(self, panel: Panel, footer: int) -> list[list[list[str]]]:
        """Table rows split over slides by an estimate of their wrapped height."""
        budget = self.H - self.content_top() - footer - int(Inches(0.5))
        width_in = (self.W - 2 * self.margin) / 914400
        widths = self._col_weights(panel)
        chars = [max(6.0, width_in * w / sum(widths) * 11) for w in widths]
        pages: list[list[list[str]]] = [[]]
        used = 0.0
        for row in panel.rows:
            lines = max(1 + len(c) // int(n) for c, n in zip(row, chars, strict=True))
            h = (0.16 * lines + 0.1) * 914400
            if pages[-1] and used + h > budget:
                pages.append([])
                used = 0.0
            pages[-1].append(row)
            used += h
        return pages

    @staticmethod
    def _col_weights(panel: Panel) -> list[int]:
        return [max(6, min(60, max([len(panel.columns[j])] + [len(r[j]) for r in panel.rows])))
                for j in range(len(panel.columns))]

    def exhibit(self, ex: Exhibit) -> int:
        """One slide (or more, for many panels or table rows) per exhibit; returns slides added."""
        pages: list[list[Panel]] = []
        notes = [ex.how, *ex.notes] if ex.how else ex.notes
        footer = self._text_height(notes) * bool(notes) + self._text_height([ex.caption]) * bool(ex.caption)
        for p in ex.panels:
            if p.kind == "table":
                pages += [[Panel("table", p.name, columns=p.columns, rows=rows)] for rows in self.table_pages(p, footer)]
            elif pages and pages[-1][0].kind != "table" and len(pages[-1]) < PANELS_PER_SLIDE and (
                    sum(len(q.categories) for q in pages[-1]) + len(p.categories) <= CATEGORIES_PER_SLIDE):
                pages[-1].append(p)
            else:
                pages.append([p])
        for k, page in enumerate(pages):
            title = ex.title if len(pages) == 1 else f"{ex.title} ({k + 1}/{len(pages)})"
            slide, top = self.new_slide(title, ex.view.id)
            bottom = self.footer(slide, notes, ex.caption) - int(Inches(0.1))
            for j, (panel, box) in enumerate(zip(page, self.stack(top, bottom, page), strict=True)):
                name = f"{ex.view.id}:{k}:{j}"
                if panel.kind == "table":
                    self.table(slide, panel, box, name)
                else:
                    self.chart(slide, panel, box, name, legend=True)
        return len(pages)

    def closing(self, pack: Pack) -> None:
        """Every source of the exported figures, every data-quality note touching them, the left-out charts."""
        lang = self.lang
        items: list[tuple[str, int, bool]] = []  # (text, size, bold)
        items.append((t("sources_line", lang), 14, True))
        for r in pack.sources.to_dict("records"):
            bits = [str(r["source_title"]), str(r.get("publisher") or ""), _plain(r.get("published"))]
            items.append(("• " + " — ".join(b for b in bits if b), 11, False))
        items.append((t("chart_conflicts", lang), 14, True))
        if pack.conflicts.empty:
            items.append((label("no_notes", lang), 11, False))
        for r in pack.conflicts.to_dict("records"):
            kind = vocab("kind", r["kind"], lang)
            shown = f" — {r['shown']}" if r.get("shown") else ""
            items.append((f"• {r['conflict_id']} ({kind}): {r['description']}{shown}", 10, False))
        if pack.left_out:
            items.append((label("left_out", lang), 14, True))
            items.append(("; ".join(pack.left_out) if lang == "en" else "؛ ".join(pack.left_out), 10, False))
        items.append((label("generated", lang), 9, False))
        # paginate by a rough text budget
        budget, pages, cur, used = 2200, [], [], 0
        for text, size, bold in items:
            cost = len(text) * size // 10 + 90
            if cur and used + cost > budget:
                pages.append(cur)
                cur, used = [], 0
            cur.append((text, size, bold))
            used += cost
        pages.append(cur)
        for k, page in enumerate(pages):
            title = label("closing", lang) + ("" if len(pages) == 1 else f" ({k + 1}/{len(pages)})")
            slide, top = self.new_slide(title, "closing")
            box = slide.shapes.add_textbox(Emu(self.margin), Emu(top), Emu(self.W - 2 * self.margin),
                                           Emu(self.H - top - int(Inches(0.3))))
            box.name = "closing"
            tf = box.text_frame
            tf.word_wrap = True
            for i, (text, size, bold) in enumerate(page):
                p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
                p.text = text
                p.space_before = Pt(6 if bold else 2)
                for run in p.runs:
                    run.font.size = Pt(size)
                    run.font.bold = bold


def _paragraphs(slide) -> Iterable[object]:
    """Every a:p of a slide, its tables and the chart parts it embeds."""
    yield from slide._element.iter(qn("a:p"))
    for shape in slide.shapes:
        if getattr(shape, "has_chart", False) and shape.has_chart:
            yield from shape.chart._chartSpace.iter(qn("a:p"))


def make_rtl(prs) -> None:
    """Right-to-left, right-aligned paragraphs with Arabic language tags, on every slide and chart."""
    for slide in prs.slides:
        for p in _paragraphs(slide):
            ppr = p.get_or_add_pPr()
            ppr.set("rtl", "1")
            ppr.set("algn", "r")
            for tag in ("a:r", "a:fld", "a:endParaRPr"):
                for r in p.iter(qn(tag)):
                    rpr = r if tag == "a:endParaRPr" else r.get_or_add_rPr()
                    rpr.set("lang", "ar-SA")


def render_pptx(pack: Pack, template: str | Path | None = None) -> bytes:
    """The deck of a collected pack."""
    lang = pack.lang
    deck = _Deck(template, lang)
    deck.title_slide(f"{label('pack_title', lang)}: {t('app_title', lang)}", [
        pack.filters_text, f"{label('exported', lang)}: {pack.exported.isoformat()}", t("app_subtitle", lang)])
    for ex in pack.exhibits:
        deck.exhibit(ex)
    deck.closing(pack)
    if lang == "ar":
        make_rtl(deck.prs)
    props = deck.prs.core_properties
    props.title = f"{label('pack_title', lang)}: {t('app_title', lang)}"
    props.subject = pack.filters.describe()
    props.author = props.last_modified_by = "ctdash"
    props.language = "ar-SA" if lang == "ar" else "en-GB"
    buf = io.BytesIO()
    deck.prs.save(buf)
    return buf.getvalue()


def build_pptx(con: duckdb.DuckDBPyConnection, filters: Filters, lang: str | None = None,
               template: str | Path | None = None) -> bytes:
    """PPTX bytes of the briefing pack for `filters` (language `lang`, else the filters')."""
    f = filters if lang is None else Filters(filters.years, filters.actors, filters.topics, lang)
    return render_pptx(collect(con, f), template)


# ---------------------------------------------------------------- HTML

_CSS = """
:root { --ink: #222; --muted: #555; --rule: #ddd; }
body { font-family: "Noto Sans", "Noto Sans Arabic", Helvetica, Arial, sans-serif; color: var(--ink);
       max-width: 1180px; margin: 0 auto; padding: 1.5rem; line-height: 1.45; }
html[lang="ar"] body { font-family: "Noto Sans Arabic", "Noto Naskh Arabic", "Noto Sans", sans-serif; }
header { border-bottom: 3px solid #1f6f8b; margin-bottom: 1rem; }
h1 { margin: 0 0 .3rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid var(--rule); }
.meta, .source, .note { color: var(--muted); } .source, .note { font-size: .9rem; margin: .3rem 0; }
.chart { direction: ltr; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; margin: .6rem 0 1rem; }
th, td { border: 1px solid var(--rule); padding: .25rem .4rem; vertical-align: top; text-align: start; }
th { background: #f4f6f8; } td.quote { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", serif;
     direction: rtl; text-align: right; }
td.quote_en, td.note { direction: ltr; text-align: left; }
nav ol { columns: 2; } nav a { color: #1f6f8b; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav, .modebar, .modebar-container { display: none !important; }
  section.exhibit { break-before: page; } h2 { break-after: avoid; }
  .chart { break-inside: avoid; } tr { break-inside: avoid; }
  table { font-size: 8pt; }
}
"""
_GEO_TYPES = {"choropleth", "scattergeo", "choroplethmap", "scattermap", "densitymap",
              "choroplethmapbox", "scattermapbox", "densitymapbox"}
_HTML_COLUMNS = ("label", "wg_name", "actor_name", "country", "title", "topic", "body_name", "role", "date_start",
                 "year", "period_start", "period_end", "value_text", "facts", "events", "visits", "groups", "dates",
                 "source_title", "publisher", "published", "quote", "quote_en", "note")


def _figure_from_panel(panel: Panel, title: str, lang: str) -> go.Figure:
    """A Plotly bar chart of a derived panel (used where the page's figure would need the network)."""
    fig = go.Figure()
    for s in panel.series:
        fig.add_trace(go.Bar(y=[escaped(c) for c in panel.categories], x=s.values, orientation="h",
                             name=escaped(s.name), text=[escaped(x) for x in s.labels], textposition="auto"))
    return mirror(fig, lang, title, escaped(panel.series[0].name) if panel.series else "",
                  height=160 + 40 * len(panel.categories))


TOPOJSON_DIR = paths.static_dir() / "topojson"


def _geo_ready(fig: go.Figure, assets: dict[str, str]) -> bool:
    """Load the world geometry a geo figure needs into `assets` (inlined, so plotly.js fetches
    nothing); False if the figure needs other geometry or the file is not there."""
    geo = fig.layout.geo
    scope = geo.scope or "world"
    name = f"{scope.replace(' ', '-')}_{int(geo.resolution or 110)}m"
    path = TOPOJSON_DIR / f"{name}.json"
    if scope != "world" or not path.is_file():
        return False
    assets.setdefault(name, path.read_text(encoding="utf-8"))
    return True


def _geo_script(assets: dict[str, str]) -> str:
    """window.PlotlyGeoAssets with the inlined topojson (plotly.js looks there before fetching)."""
    if not assets:
        return ""
    # parsed and re-serialised: valid JSON only, and no "<" that could close the script element
    body = json.dumps({name: json.loads(text) for name, text in assets.items()},
                      separators=(",", ":")).replace("<", "\\u003c")
    return ('<script type="text/javascript">window.PlotlyGeoAssets=window.PlotlyGeoAssets||{};'
            f"window.PlotlyGeoAssets.topojson=Object.assign(window.PlotlyGeoAssets.topojson||{{}},{body});"
            "</script>")


def _html_table(frame: pd.DataFrame, lang: str) -> str:
    from ctdash.i18n import COLUMNS

    cols = [c for c in _HTML_COLUMNS if c in frame.columns]
    if "topic" in cols:
        frame = frame.assign(topic=[topic_label(x, lang) for x in frame["topic"]])
    if "role" in cols:
        frame = frame.assign(role=[vocab("role", x, lang) for x in frame["role"]])
    head = "".join(f"<th>{html.escape(column_label(c, lang) if c in COLUMNS else t(c, lang))}</th>" for c in cols)
    body = []
    for r in frame.to_dict("records"):
        cells = "".join(
            f'<td class="{"quote" if c == "quote" else c}">{html.escape(_plain(r[c]))}</td>' for c in cols)
        body.append(f"<tr>{cells}</tr>")
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _figure_html(fig: go.Figure, div_id: str) -> str:
    import plotly.io as pio

    fig = go.Figure(fig)
    fig.update_layout(title={"text": ""}, margin={"t": 30})
    return pio.to_html(fig, full_html=False, include_plotlyjs=False, div_id=div_id,
                       config={"displaylogo": False, "responsive": True},
                       default_width="100%", default_height=f"{int(fig.layout.height or 450)}px")


def render_html(pack: Pack) -> bytes:
    """One self-contained HTML file: Plotly inlined once, charts, data tables, sources and notes."""
    from plotly.offline import get_plotlyjs

    lang = pack.lang
    e = html.escape
    title = f"{label('pack_title', lang)}: {t('app_title', lang)}"
    toc, parts = [], []
    geo_assets: dict[str, str] = {}  # topojson name -> JSON text, inlined for maps
    for i, ex in enumerate(pack.exhibits):
        anchor = f"v-{ex.view.id}"
        toc.append(f'<li><a href="#{anchor}">{e(ex.title)}</a></li>')
        fig = ex.figure
        notes = list(ex.notes)
        if fig is not None and any(tr.type in _GEO_TYPES for tr in fig.data):
            if _geo_ready(fig, geo_assets):
                fig = go.Figure(fig)
            else:  # no local geometry: the map's bar-chart aggregate instead
                fig = _figure_from_panel(ex.panels[0], ex.title, lang)
                notes.insert(0, ex.how)
        chart = f'<div class="chart">{_figure_html(fig, f"fig-{i}")}</div>' if fig is not None else ""
        page = " · ".join(t(f"page_{p}", lang) for p in ex.view.pages)
        parts.append(
            f'<section class="exhibit" id="{anchor}"><h2>{e(ex.title)}</h2>'
            f'<p class="meta">{e(label("page", lang))}: {e(page)}</p>{chart}'
            + "".join(f'<p class="note">{e(n)}</p>' for n in notes)
            + (f'<p class="source">{e(ex.caption)}</p>' if ex.caption else "")
            + f'<p class="note">{e(label("table_note", lang))}</p>{_html_table(ex.frame, lang)}</section>')
    src_rows = "".join(
        f"<tr><td>{e(_plain(r['source_title']))}</td><td>{e(_plain(r.get('publisher')))}</td>"
        f"<td>{e(_plain(r.get('published')))}</td><td>{e(_plain(r.get('file')))}</td></tr>"
        for r in pack.sources.to_dict("records"))
    note_rows = "".join(
        f"<tr><td>{e(r['conflict_id'])}</td><td>{e(vocab('kind', r['kind'], lang))}</td>"
        f"<td>{e(_plain(r['description']))}</td><td>{e(_plain(r.get('shown')))}</td>"
        f'<td class="quote">{e(_plain(r.get("quote")))}</td><td class="quote_en">{e(_plain(r.get("quote_en")))}</td></tr>'
        for r in pack.conflicts.to_dict("records"))
    closing = (
        f'<section id="sources"><h2>{e(t("sources_line", lang))}</h2><table><thead><tr>'
        f"<th>{e(column_label('source_title', lang))}</th><th>{e(column_label('publisher', lang))}</th>"
        f"<th>{e(column_label('published', lang))}</th><th>{e(label('file', lang))}</th></tr></thead><tbody>{src_rows}</tbody></table>"
        f'</section><section id="notes"><h2>{e(t("chart_conflicts", lang))}</h2>'
        + (f"<table><thead><tr><th>id</th><th>{e(label('kind', lang))}</th>"
           f"<th>{e(column_label('description', lang))}</th><th>{e(label('shown', lang))}</th>"
           f"<th>{e(column_label('quote', lang))}</th><th>{e(column_label('quote_en', lang))}</th></tr></thead>"
           f"<tbody>{note_rows}</tbody></table>"
           if note_rows else f"<p>{e(label('no_notes', lang))}</p>")
        + "</section>"
        + (f'<section id="left-out"><h2>{e(label("left_out", lang))}</h2><ul>'
           + "".join(f"<li>{e(x)}</li>" for x in pack.left_out) + "</ul></section>" if pack.left_out else "")
    )
    doc = (
        f'<!DOCTYPE html>\n<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{e(title)}</title>'
        f'<style>{_CSS}</style><script type="text/javascript">{get_plotlyjs()}</script>'
        + _geo_script(geo_assets) + "</head><body>"
        f"<header><h1>{e(title)}</h1><p class=\"meta\">{e(pack.filters_text)}</p>"
        f'<p class="meta">{e(label("exported", lang))}: {pack.exported.isoformat()}</p>'
        f'<p class="meta">{e(label("generated", lang))}</p></header>'
        f'<nav><h2>{e(label("contents", lang))}</h2><ol>{"".join(toc)}</ol></nav>'
        + "".join(parts) + closing + "</body></html>\n"
    )
    return doc.encode("utf-8")


def build_html(con: duckdb.DuckDBPyConnection, filters: Filters, lang: str | None = None) -> bytes:
    """Self-contained HTML bytes of the briefing pack for `filters`."""
    f = filters if lang is None else Filters(filters.years, filters.actors, filters.topics, lang)
    return render_html(collect(con, f))


# ---------------------------------------------------------------- writing and the CLI

class UsageError(ValueError):
    """A CLI argument that cannot be used (exit 2)."""


_YEARS = re.compile(r"^\s*(\d{4})\s*[-–]\s*(\d{4})\s*$")


def parse_years(text: str | None) -> tuple[int, int] | None:
    """'2016-2019' -> (2016, 2019); a single year, a reversed or malformed range is a UsageError."""
    if text is None:
        return None
    m = _YEARS.match(to_western_digits(text))
    if not m:
        raise UsageError(f"--years {text!r}: expected a range of two four-digit years, e.g. 2016-2019")
    a, b = int(m.group(1)), int(m.group(2))
    if a > b:
        raise UsageError(f"--years {text!r}: the range is reversed (did you mean {b}-{a}?)")
    return a, b


def strict_filters(con: duckdb.DuckDBPyConnection, years: str | None, actors: list[str], topics: list[str],
                   lang: str) -> Filters:
    """CLI filters; an unknown actor or topic or a bad year range raises UsageError."""
    from ctdash.queries import actor_names as actor_frame
    from ctdash.schema import TOPICS

    known = set(actor_frame(con, "en")["actor_id"])
    bad = [a for a in actors if a.upper() not in known]
    if bad:
        raise UsageError(f"unknown actor {', '.join(map(repr, bad))}; known actor ids: {', '.join(sorted(known))}")
    bad = [x for x in topics if x.lower() not in TOPICS]
    if bad:
        raise UsageError(f"unknown topic {', '.join(map(repr, bad))}; topics: {', '.join(sorted(TOPICS))}")
    span = parse_years(years)
    return Filters(
        years=span or (1900, 2100),
        actors=tuple(sorted({a.upper() for a in actors})),
        topics=tuple(sorted({x.lower() for x in topics})),
        lang=lang,
    )


def atomic_write(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write through a temporary file beside `path`, replacing `path` only once it is complete."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(args: argparse.Namespace) -> int:
    """`ctdash export`: check the arguments, build the pack, write it atomically."""
    from ctdash import db
    from ctdash.validate import DataError

    out = Path(args.out)
    template = getattr(args, "template", None)
    try:
        if not out.parent.is_dir():
            raise UsageError(f"--out {args.out}: folder {out.parent} does not exist")
        if out.is_dir():
            raise UsageError(f"--out {args.out} is a folder")
        if template and args.format != "pptx":
            raise UsageError("--template applies to --format pptx only")
        if template and not Path(template).is_file():
            raise UsageError(f"--template {template}: no such file")
        parse_years(args.years)  # fail before loading the data
        parquet = getattr(args, "parquet", None)
        try:
            con = db.connect(parquet_dir=parquet) if parquet else db.connect(data_dir=args.data)
        except (FileNotFoundError, duckdb.Error) as exc:
            raise UsageError(f"--parquet {parquet}: {exc}") from exc
        except DataError as exc:
            for p in exc.problems:
                print(p, file=sys.stderr)
            print(f"export failed: the data in {args.data} does not validate; nothing written", file=sys.stderr)
            return 1
        try:
            f = strict_filters(con, args.years, list(args.actor or []), list(args.topic or []), args.lang)
            if args.format == "pptx":
                try:
                    blob = build_pptx(con, f, template=template)
                except Exception as exc:  # a template python-pptx cannot use
                    if template:
                        raise UsageError(f"--template {template}: cannot be used ({type(exc).__name__}: {exc})") \
                            from exc
                    raise
            else:
                blob = build_html(con, f)
        finally:
            con.close()
    except UsageError as exc:
        print(f"ctdash export: error: {exc}; nothing written", file=sys.stderr)
        return 2
    atomic_write(out, lambda fh: fh.write(blob))
    print(f"wrote {out} ({len(blob):,} bytes; {f.describe()})")
    return 0
