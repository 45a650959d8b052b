"""The python-pptx renderer: a collected `ctdash.pack.Pack` in, a PowerPoint deck of native,
editable charts out (the chart data lives in the workbook behind each chart).

Each exhibit's `ctdash.chartdesc.Chart` becomes slides: its category panels as native bar or
column charts (figures as the source hedges them on the data labels), or, for kinds a deck cannot
draw as categories (a time axis, a map), its summary chart or its table, with a footnote saying
so; then its notes and source line. Arabic decks are right-to-left.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from ctdash.chartdesc import CATEGORY_KINDS, Chart
from ctdash.chartdesc import Panel as ChartPanel
from ctdash.describe import plain
from ctdash.i18n import t, vocab
from ctdash.packlabels import label
from ctdash.pptx_data import PlainCategoryChartData
from ctdash.safecsv import neutralise

if TYPE_CHECKING:  # the pack's types only: a renderer never reaches the database
    from ctdash.pack import Exhibit, Pack


@dataclass
class DeckSeries:
    name: str
    values: list[float | None]
    labels: list[str]  # data label per point ("" for none): the qualified figure, e.g. "182+"


@dataclass
class Panel:
    """One native chart (bar, column, line) or table of a slide."""

    kind: str  # bar (horizontal), column, line, table
    name: str = ""
    categories: list[str] = field(default_factory=list)
    series: list[DeckSeries] = field(default_factory=list)
    stacked: bool = False
    columns: list[str] = field(default_factory=list)  # for tables
    rows: list[list[str]] = field(default_factory=list)


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
    out = Panel(kind="bar" if panel.horizontal else "column", categories=cats)
    for s in panel.series:
        points = {c: (_num(v), txt) for c, v, txt in zip(s.categories, s.values, s.texts, strict=True)}
        out.series.append(DeckSeries(s.name, [points.get(c, (None, ""))[0] for c in cats],
                                     [points.get(c, (None, ""))[1] for c in cats]))
    # Disjoint series (each category has one value): stack them so bars are not offset.
    disjoint = all(sum(s.values[i] is not None for s in out.series) <= 1 for i in range(len(cats)))
    only_bars = all(s.mark == "bar" for s in panel.series)
    out.stacked = only_bars and (panel.stacked or (len(out.series) > 1 and disjoint))
    out.name = out.series[0].name if several and len(out.series) == 1 else ""
    return out


def panels_of(chart: Chart) -> tuple[list[Panel], str]:
    """The deck's panels of a chart and the footnote saying what they show instead of it."""
    if chart.kind in CATEGORY_KINDS and not chart.is_empty:
        return [category_panel(p, len(chart.panels) > 1) for p in chart.panels], ""
    if chart.summary is not None:
        return [category_panel(chart.summary, False)], chart.instead
    if chart.table is not None:
        return [Panel("table", columns=chart.table.columns, rows=chart.table.rows)], chart.instead
    return [], ""


CATEGORIES_PER_SLIDE = 10  # chart panels share a slide up to this many categories in all
PANELS_PER_SLIDE = 3
_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)


def _layout(prs, wanted: str):
    """A layout of the master: 'title' (title + subtitle), 'title_only', else the first with a title."""
    def kinds(layout: Any) -> list:
        return [ph.placeholder_format.type for ph in layout.placeholders]

    def score(layout: Any) -> int:
        k = kinds(layout)
        has_title = any(x in _TITLE_TYPES for x in k)
        body = [x for x in k if x not in _TITLE_TYPES and x not in (
            PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)]
        if wanted == "title":
            return 3 * (PP_PLACEHOLDER.CENTER_TITLE in k) + 2 * (PP_PLACEHOLDER.SUBTITLE in k) + has_title
        return 3 * has_title - len(body)

    layouts = list(prs.slide_layouts)
    return max(layouts, key=lambda lay: (score(lay), -layouts.index(lay)))


def _clear_slides(prs: Any) -> None:
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


def _textbox(slide: Any, x: int, y: int, w: int, h: int, lines: list[str], size: int, bold: bool = False,
             color: tuple[int, int, int] | None = None) -> Any:
    box = slide.shapes.add_textbox(Emu(x), Emu(y), Emu(w), Emu(h))
    _fill(box.text_frame, lines, size, bold=bold, color=color)
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
        self.W, self.H = int(self.prs.slide_width or 0), int(self.prs.slide_height or 0)
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

    def _unused_placeholders(self, slide, keep: Iterable[Any] = ()) -> None:
        keep_ids = {id(k._element) for k in keep}
        for ph in list(slide.placeholders):
            if ph.placeholder_format.type not in _TITLE_TYPES and id(ph._element) not in keep_ids:
                ph._element.getparent().remove(ph._element)

    def new_slide(self, title: str, name: str) -> tuple[Any, int]:
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
        panels, how = panels_of(ex.chart)
        notes = [how, *ex.chart.notes] if how else ex.chart.notes
        footer = self._text_height(notes) * bool(notes) + self._text_height([ex.caption]) * bool(ex.caption)
        for p in panels:
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
            bits = [str(r["source_title"]), str(r.get("publisher") or ""), plain(r.get("published"))]
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


def _paragraphs(slide: Any) -> Iterable[Any]:
    """Every a:p of a slide, its tables and the chart parts it embeds."""
    yield from slide._element.iter(qn("a:p"))
    for shape in slide.shapes:
        if getattr(shape, "has_chart", False) and shape.has_chart:
            yield from shape.chart._chartSpace.iter(qn("a:p"))


def make_rtl(prs: Any) -> None:
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
