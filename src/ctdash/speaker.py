"""Speaker notes of a briefing slide, as plain lines of text: what the chart shows under which
filters, each figure with its qualifier, the verbatim Arabic quote and its English translation,
the source, and the data-quality notes touching it, in the deck's language.

Everything comes from the chart description (`ctdash.chartdesc.Figure`, `Conflict`) and the
exhibit's filters in words; nothing is queried again. No python-pptx here: `ctdash.deck` writes
the lines into the notes slide.
"""

from __future__ import annotations

from collections.abc import Sequence

from ctdash.arabic import isolate
from ctdash.chartdesc import Conflict, Figure
from ctdash.i18n import t
from ctdash.packlabels import label

MAX_FIGURES = 40  # figures cited on one slide's notes; the rest are counted


def for_slide(figures: Sequence[Figure], conflicts: Sequence[Conflict]) -> list[Conflict]:
    """The conflicts naming one of `figures` (by a row id or by the conflict's own id)."""
    refs = {r for f in figures for r in f.refs}
    return [c for c in conflicts if c.conflict_id in refs or refs & set(c.refs)]


def _quoted(kind: str, text: str, lang: str) -> str:
    """The Arabic quote in «», its translation in “”, each isolated in its own direction where
    the line runs the other way."""
    if kind == "quote":
        return isolate(f"«{text}»", rtl=True) if lang == "en" else f"«{text}»"
    if kind == "quote_en":
        return isolate(f"“{text}”", rtl=False) if lang == "ar" else f"“{text}”"
    return text


def figure_lines(fig: Figure, lang: str) -> list[str]:
    """One figure: a bullet with its label, figure and period, then its evidence and source."""
    head = fig.label
    if fig.figure:
        head = f"{head}: {fig.figure}" if head else fig.figure
    if fig.period:
        head += f" — {t('period', lang)}: {fig.period}"
    lines = [f"• {head}"]
    lines += [f"    {e.label}: {_quoted(e.kind, e.text, lang)}" for e in fig.evidence]
    if fig.source:
        lines.append(f"    {t('source_line', lang)}: {fig.source}")
    return lines


def notes(title: str, filters_text: str, figures: Sequence[Figure], conflicts: Sequence[Conflict],
          lang: str, instead: str = "") -> list[str]:
    """The lines of one slide's speaker notes."""
    lines = [label("notes_shows", lang, what=title, filters=filters_text)]
    if instead:
        lines.append(instead)
    if figures:
        lines += ["", label("notes_figures", lang)]
        for fig in figures[:MAX_FIGURES]:
            lines += figure_lines(fig, lang)
        if len(figures) > MAX_FIGURES:
            lines.append(label("notes_more", lang, n=len(figures) - MAX_FIGURES))
    lines += ["", label("notes_conflicts", lang)]
    lines += [f"• {c.text}" for c in conflicts] if conflicts else [label("no_notes", lang)]
    return lines


def per_page(figures: Sequence[Figure], keys: Sequence[str | None], table_rows: Sequence[int]) -> list[list[Figure]]:
    """The figures each page of an exhibit cites. `keys`: per page, the panel name of a chart
    page (None for a table page); `table_rows`: the rows of each table page. A table split over
    pages cites its rows' figures page by page (when the figures are its rows, in order); a chart
    page the figures drawn on its panel; the rest go with the first page."""
    out: list[list[Figure]] = [[] for _ in keys]
    if not keys:
        return out
    if table_rows and len(table_rows) == len(keys) and sum(table_rows) == len(figures):
        at = 0
        for k, n in enumerate(table_rows):
            out[k], at = list(figures[at:at + n]), at + n
        return out
    for fig in figures:
        k = list(keys).index(fig.panel) if fig.panel and fig.panel in keys else 0
        out[k].append(fig)
    return out
