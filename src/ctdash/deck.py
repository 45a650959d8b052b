"""The python-pptx renderer: a collected `ctdash.pack.Pack` in, a PowerPoint deck of native,
editable charts out (the chart data lives in the workbook behind each chart).

Each exhibit's `ctdash.chartdesc.Chart` becomes slides, one chart each: its category panels as
native bar or column charts (a slide per panel, titled with it; figures as the source hedges them
on the data labels, in the dashboard's palette), or, for kinds a deck cannot draw as categories (a
time axis, a map), its summary chart or its table, with a footnote saying so; then its notes, its
source line and a footer (its filters, the "as of" date, the slide number). Every chart slide has
speaker notes (`ctdash.speaker`): the filters, each figure with its qualifier, quote, translation
and source, and the data-quality notes touching it. Arabic decks are right-to-left; text is set in
Noto fonts (`ctdash.deckstyle`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Inches

from ctdash import chartxml, palette, slidexml, speaker
from ctdash.chartdesc import CATEGORY_KINDS, Chart
from ctdash.chartdesc import Panel as ChartPanel
from ctdash.deckparts import TITLE_TYPES as _TITLE_TYPES
from ctdash.deckparts import Notes, Page, Slides, add_chart, name_parts_once, open_deck, save
from ctdash.deckstyle import (
    column_chars,
    column_weights,
    fill,
    finish_text,
    label_tx,
    nice_ceiling,
    row_lines,
    textbox,
)
from ctdash.describe import plain
from ctdash.i18n import date_text, t, vocab
from ctdash.packlabels import label
from ctdash.pptx_data import workbook
from ctdash.safecsv import neutralise

if TYPE_CHECKING:  # the pack's types only: a renderer never reaches the database
    from ctdash.pack import Exhibit, Pack


@dataclass
class DeckSeries:
    name: str
    values: list[float | None]
    labels: list[str]  # data label per point ("" for none): the qualified figure, e.g. "182+"
    color: str = palette.PALETTE[0]  # the dashboard's colour of the series
    pattern: str = ""  # its hatching beyond the palette's colours (`palette.pattern`)


@dataclass
class Panel:
    """One native chart (bar, column) or table of a slide."""

    kind: str  # bar (horizontal), column, table
    name: str = ""
    categories: list[str] = field(default_factory=list)
    series: list[DeckSeries] = field(default_factory=list)
    stacked: bool = False
    columns: list[str] = field(default_factory=list)  # for tables
    rows: list[list[str]] = field(default_factory=list)
    key: str = ""  # the description's panel name (the figures drawn on it name it)
    counts: bool = False  # whole-number values: whole-number ticks


def _num(value: object) -> float | None:
    if value is None:
        return None
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if v != v else v


def category_panel(panel: ChartPanel, several: bool) -> Panel:
    """A native chart of one panel: categories in drawing order, each series aligned to them."""
    cats: list[str] = []
    for s in panel.series:
        for c in s.categories:
            if c not in cats:
                cats.append(c)
    if panel.sort_categories:
        cats.sort()
    out = Panel(kind="bar" if panel.horizontal else "column", categories=cats, key=panel.name, counts=panel.counts)
    for s in panel.series:
        points = {c: (_num(v), txt) for c, v, txt in zip(s.categories, s.values, s.texts, strict=True)}
        out.series.append(DeckSeries(s.name, [points.get(c, (None, ""))[0] for c in cats],
                                     [points.get(c, (None, ""))[1] for c in cats], series_color(s.role, s.color),
                                     palette.pattern(s.color)))
    # Disjoint series (each category has one value): stack them so bars are not offset.
    disjoint = all(sum(s.values[i] is not None for s in out.series) <= 1 for i in range(len(cats)))
    only_bars = all(s.mark == "bar" for s in panel.series)
    out.stacked = only_bars and (panel.stacked or (len(out.series) > 1 and disjoint))
    out.name = out.series[0].name if several and len(out.series) == 1 else ""
    return out


def _hex(color: str) -> str:
    """'#0072b2' -> '0072B2', as python-pptx writes an RGB colour."""
    return "".join(f"{c:02X}" for c in palette.rgb(color))


GREY = "555555"  # the bottom strip's text

# The deck's hatchings of `palette.pattern` ('/', 'x', '.'): PowerPoint's preset pattern fills.
_PATTERNS = {"/": "wdUpDiag", "x": "diagCross", ".": "pct50"}


def series_color(role: str, index: int) -> str:
    """The series' colour as the dashboard draws it (`ctdash.palette`)."""
    return {"shown": palette.SHOWN, "other_passage": palette.ALTERNATIVE}.get(role) or palette.color(index)


def panels_of(chart: Chart) -> tuple[list[Panel], str]:
    """The deck's panels of a chart and the footnote saying what they show instead of it."""
    if chart.kind in CATEGORY_KINDS and not chart.is_empty:
        return [category_panel(p, len(chart.panels) > 1) for p in chart.panels], ""
    if chart.summary is not None:
        return [category_panel(chart.summary, False)], chart.instead
    if chart.table is not None:
        return [Panel("table", columns=chart.table.columns, rows=chart.table.rows)], chart.instead
    return [], ""


def headroom(panel: Panel) -> float | None:
    """A value-axis maximum leaving room for the longest bar's label outside its end (None for
    stacked or negative values: the renderer's own scale)."""
    values = [v for s in panel.series for v in s.values if v is not None]
    if panel.stacked or not values or min(values) < 0 or max(values) <= 0:
        return None
    longest = max((len(t) for s in panel.series for t in s.labels), default=0)
    share = min(0.6, 0.02 * longest + 0.06) if panel.kind == "bar" else 0.12
    top = nice_ceiling(max(values) * (1 + share))
    return float(math.ceil(top)) if panel.counts else top


class _Deck:
    """Slide geometry and writers over a Presentation (default or the user's template)."""

    def __init__(self, template: str | Path | None, lang: str, as_of: str = ""):
        self.prs, self.title_layout, self.content_layout = open_deck(template)
        name_parts_once(self.prs)
        self.notes = Notes(self.prs)
        self.slides = Slides(self.prs, self.content_layout)
        self.lang, self.as_of = lang, as_of
        # right to left in Arabic; Noto Sans for Latin text, unless a template brings its own font
        self.style = chartxml.Style(rtl=lang == "ar", latin=template is None)
        self.W, self.H = int(self.prs.slide_width or 0), int(self.prs.slide_height or 0)
        self.margin = int(self.W * 0.035)
        self._content_top: int | None = None

    def _title(self, page: Page, text: str) -> int:
        """Set the slide title (placeholder, else a text box); returns the y where content starts."""
        if self.slides.has_title:  # a paragraph per line, as python-pptx's text setter writes them
            page.title = "".join(slidexml.paragraph(slidexml.runs(line, ' sz="2400"', self.style), self.style)
                                 for line in text.split("\n"))
            return self.content_top()
        box = (self.margin, int(Inches(0.3)), self.W - 2 * self.margin, int(Inches(0.8)))
        self.textbox(page, "", box, [text], 24, bold=True)
        return box[1] + box[3] + int(Inches(0.1))

    def textbox(self, page: Page, name: str, box: tuple[int, int, int, int], lines: list[str], size: int,
                bold: bool = False, color: str = "") -> None:
        """A text box of wrapped `lines`, every run `size` pt, bold or not, in `color` (RRGGBB),
        named `name` (else python-pptx's "TextBox n")."""
        shape_id = page.shape_id()
        page.shapes.append(slidexml.textbox(shape_id, name or f"TextBox {shape_id - 1}", box,
                                            slidexml.lines(lines, size, self.style, bold, color)))

    def _unused_placeholders(self, slide, keep: Iterable[Any] = ()) -> None:
        keep_ids = {id(k._element) for k in keep}
        for ph in list(slide.placeholders):
            if ph.placeholder_format.type not in _TITLE_TYPES and id(ph._element) not in keep_ids:
                ph._element.getparent().remove(ph._element)

    def new_slide(self, title: str, name: str, filters_text: str = "") -> tuple[Page, int]:
        """A content slide with its title and the bottom strip: the filters and the "as of"
        date on one side, the slide number on the other."""
        page = self.slides.add(name)  # only the title of the layout's placeholders
        top = self._title(page, title)
        m, h = self.margin, int(Inches(0.3))
        y = self.H - h - int(Inches(0.05))
        strip = [x for x in (filters_text, label("as_of_export", self.lang, date=self.as_of) if self.as_of else "")
                 if x]
        if strip:
            sep = "؛ " if self.lang == "ar" else " · "
            self.textbox(page, "footer", (m, y, self.W - 2 * m - int(Inches(0.8)), h), [sep.join(strip)], 9,
                         color=GREY)
        number = slidexml.slide_number(len(self.prs.slides._sldIdLst), 9, GREY, self.style)
        box = (self.W - m - int(Inches(0.7)), y, int(Inches(0.7)), h)
        page.shapes.append(slidexml.textbox(page.shape_id(), "slide_number", box, number, wrap="none"))
        self.floor = y
        return page, top

    def _text_height(self, lines: list[str]) -> int:
        """Height of 9 pt lines across the slide, wrapped at a rough characters-per-line."""
        per_line = int((self.W - 2 * self.margin) / 914400 * 15)
        n = sum(1 + len(x) // per_line for x in lines)
        return int(Inches(0.16)) * n + int(Inches(0.12))

    def content_top(self) -> int:
        """Where content starts below the content layout's title (its slides' title placeholders
        inherit its position; read once a deck: python-pptx looks the inheritance up each time)."""
        if self._content_top is None:
            ph = next((p for p in self.content_layout.placeholders if p.placeholder_format.type in _TITLE_TYPES),
                      None)
            self._content_top = int(ph.top + ph.height) + int(Inches(0.1)) if ph is not None else int(Inches(1.2))
        return self._content_top

    def footer(self, page: Page, notes: list[str], caption: str) -> int:
        """Footnotes and the source line at the bottom; returns the y where they begin."""
        m, w = self.margin, self.W - 2 * self.margin
        height = self._text_height
        y = self.floor
        if caption:
            y -= height([caption])
            self.textbox(page, "source", (m, y, w, height([caption])), [caption], 9, color="444444")
        if notes:
            y -= height(notes)
            self.textbox(page, "footnote", (m, y, w, height(notes)), notes, 9, color="666666")
        return y

    def title_slide(self, title: str, lines: list[str]) -> None:
        slide = self.prs.slides.add_slide(self.title_layout)
        slide._element.cSld.set("name", "title")
        sub = next((p for p in slide.placeholders if p.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE), None)
        ph = next((p for p in slide.placeholders if p.placeholder_format.type in _TITLE_TYPES), None)
        if ph is not None:
            ph.text = title
        else:
            textbox(slide, self.margin, int(self.H * 0.25), self.W - 2 * self.margin, int(Inches(1.2)), [title],
                     36, bold=True)
        if sub is not None:
            fill(sub.text_frame, lines, 18)
        else:
            textbox(slide, self.margin, int(self.H * 0.5), self.W - 2 * self.margin, int(Inches(2)), lines, 18)
        self._unused_placeholders(slide, keep=[p for p in (sub,) if p is not None])

    def chart(self, page: Page, panel: Panel, box: tuple[int, int, int, int], name: str, legend: bool) -> None:
        """A native bar or column chart of the panel, styled (`ctdash.chartxml`), with its workbook."""
        style = self.style
        categories = [str(neutralise(c)) for c in panel.categories]  # copied out of the workbook: no formula
        names = [str(neutralise(s.name or " ")) for s in panel.series]
        series = [chartxml.Series(name, s.values, [label_tx(text, style) if v is not None and text else ""
                                                   for v, text in zip(s.values, s.labels, strict=True)],
                                  _hex(s.color), _PATTERNS[s.pattern] if s.pattern else "")
                  for name, s in zip(names, panel.series, strict=True)]
        many = len(panel.series) > 4  # many series: a column beside the chart, not rows eating its height
        n = len(panel.categories)  # few categories: bars of a normal thickness, not slabs
        top = headroom(panel)  # room beyond the longest bar for its label, on one line
        blob = chartxml.bar_chart(
            categories, series, horizontal=panel.kind == "bar", stacked=panel.stacked,
            gap=60 if n >= 5 else 120 if n >= 3 else 250,
            legend=("" if not legend or len(panel.series) < 2 else ("l" if style.rtl else "r") if many else "b"),
            legend_size=10 if many else 11, top=top,
            major_unit=1.0 if top is not None and panel.counts and top <= 10 else None, style=style)
        book = workbook(list(categories), [(nm, list(s.values)) for nm, s in zip(names, panel.series, strict=True)])
        add_chart(page, box, name, blob, book)

    def table(self, page: Page, panel: Panel, box: tuple[int, int, int, int], name: str) -> None:
        x, y, w, _h = box
        row_h = int(Inches(0.26))
        weights = column_weights(panel.columns, panel.rows)
        widths = [int(w * weight / sum(weights)) for weight in weights]
        chars = self._chars(panel)
        # each row as tall as its wrapped text (a viewer may not grow it)
        heights = [max(row_h, int((self.line_in * (1 if r == 0 else row_lines(cells, chars)) + 0.08) * 914400))
                   for r, cells in enumerate([panel.columns, *panel.rows])]
        page.shapes.append(slidexml.table_frame(page.shape_id(), name, (x, y), widths, heights,
                                                [panel.columns, *panel.rows], int(Inches(0.03)), self.style))

    def table_pages(self, panel: Panel, footer: int) -> list[list[list[str]]]:
        """Table rows split over slides by an estimate of their wrapped height."""
        budget = self.H - self.content_top() - footer - int(Inches(0.85))  # less the bottom strip
        chars = self._chars(panel)
        pages: list[list[list[str]]] = [[]]
        used = 0.0
        for row in panel.rows:
            h = (self.line_in * row_lines(row, chars) + 0.1) * 914400
            if pages[-1] and used + h > budget:
                pages.append([])
                used = 0.0
            pages[-1].append(row)
            used += h
        return pages

    @property
    def line_in(self) -> float:
        """A 10 pt table line's height in inches (Noto Sans Arabic sets taller lines than Noto Sans)."""
        return 0.29 if self.lang == "ar" else 0.2

    def _chars(self, panel: Panel) -> list[float]:
        return column_chars(panel.columns, panel.rows, (self.W - 2 * self.margin) / 914400)

    def exhibit(self, ex: Exhibit) -> int:
        """One chart per slide: a slide per panel (titled with it) or per page of table rows, each
        with its speaker notes; returns the slides added."""
        pages: list[Panel] = []
        panels, how = panels_of(ex.chart)
        notes = [how, *ex.chart.notes] if how else ex.chart.notes
        footer = self._text_height(notes) * bool(notes) + self._text_height([ex.caption]) * bool(ex.caption)
        for p in panels:
            if p.kind == "table":
                pages += [Panel("table", p.name, columns=p.columns, rows=rows) for rows in self.table_pages(p, footer)]
            else:
                pages.append(p)
        cited = speaker.per_page(ex.chart.figures, [p.key if p.kind != "table" else None for p in pages],
                                 [len(p.rows) for p in pages if p.kind == "table"])
        placed = {c.conflict_id for figs in cited for c in speaker.for_slide(figs, ex.conflicts)}
        for k, panel in enumerate(pages):
            title = ex.title
            if panel.kind != "table" and panel.name:
                title = f"{ex.title} — {panel.name}"
            elif len(pages) > 1:
                title = f"{ex.title} ({k + 1}/{len(pages)})"
            page, top = self.new_slide(title, ex.view.id, ex.filters_text)
            bottom = self.footer(page, notes, ex.caption) - int(Inches(0.1))
            box = (self.margin, top, self.W - 2 * self.margin, bottom - top)
            name = f"{ex.view.id}:{k}:0"
            if panel.kind == "table":
                self.table(page, panel, box, name)
            else:
                panel.name = ""  # the slide's title names the panel
                self.chart(page, panel, box, name, legend=True)
            conflicts = speaker.for_slide(cited[k], ex.conflicts)
            if k == 0:  # a note touching the chart but none of its cited rows goes with its first slide
                conflicts += [c for c in ex.conflicts if c.conflict_id not in placed]
            lines = speaker.notes(title, ex.filters_text, cited[k], conflicts, self.lang, how if k == 0 else "")
            self.notes.add(page, slidexml.lines(lines or [""], 12, self.style))
            page.finish()
        return len(pages)

    def closing(self, pack: Pack) -> None:
        """Every source of the exported figures, every data-quality note touching them, the left-out charts."""
        lang = self.lang
        items: list[tuple[str, int, bool]] = []  # (text, size, bold)
        items.append((t("sources_line", lang), 14, True))
        for r in pack.sources.records():
            bits = [str(r["source_title"]), str(r.get("publisher") or ""), plain(r.get("published"))]
            items.append(("• " + " — ".join(b for b in bits if b), 11, False))
        items.append((t("chart_conflicts", lang), 14, True))
        if pack.conflicts.empty:
            items.append((label("no_notes", lang), 11, False))
        for r in pack.conflicts.records():
            kind = vocab("kind", r["kind"], lang)
            shown = f" — {r['shown']}" if r.get("shown") else ""
            items.append((f"• {r['conflict_id']} ({kind}): {r['description']}{shown}", 10, False))
        if pack.left_out:
            items.append((label("left_out", lang), 14, True))
            items.append(("; ".join(pack.left_out) if lang == "en" else "؛ ".join(pack.left_out), 10, False))
        items.append((label("generated", lang), 9, False))
        # paginate by a rough text budget
        budget, used = 2200, 0
        pages: list[list[tuple[str, int, bool]]] = []
        cur: list[tuple[str, int, bool]] = []
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
            body = "".join(slidexml.paragraph(slidexml.runs(text, f' sz="{size * 100}" b="{int(bold)}"', self.style),
                                              self.style, spacing=6 if bold else 2) for text, size, bold in page)
            box = (self.margin, top, self.W - 2 * self.margin, self.floor - top - int(Inches(0.05)))
            slide.shapes.append(slidexml.textbox(slide.shape_id(), "closing", box, body))
            slide.finish()


def render_pptx(pack: Pack, template: str | Path | None = None) -> bytes:
    """The deck of a collected pack."""
    lang = pack.lang
    deck = _Deck(template, lang, date_text(pack.exported, "day", lang))
    title = pack.title or f"{label('pack_title', lang)}: {t('app_title', lang)}"
    deck.title_slide(title, [x for x in (
        pack.subtitle, pack.filters_text, f"{label('exported', lang)}: {pack.exported.isoformat()}",
        t("app_subtitle", lang)) if x])
    for ex in pack.exhibits:
        deck.exhibit(ex)
    deck.closing(pack)
    finish_text(deck.prs.slides[0], deck.style.rtl, deck.style.latin)  # the title slide python-pptx wrote
    props = deck.prs.core_properties
    props.title = title
    props.subject = pack.filters.describe()
    props.author = props.last_modified_by = "ctdash"
    props.language = "ar-SA" if lang == "ar" else "en-GB"
    return save(deck.prs)
