"""The HTML renderer: a collected `ctdash.pack.Pack` in, one self-contained HTML file out
(plotly.js and any map geometry inlined, nothing fetched): each exhibit's chart drawn by
`ctdash.plot` from its description, its notes and source line, and its source rows as a table.
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from ctdash import paths, plot
from ctdash.chartdesc import Table
from ctdash.describe import plain
from ctdash.i18n import column_label, t, vocab
from ctdash.packlabels import label

if TYPE_CHECKING:  # the pack's types only: a renderer never reaches the database
    from ctdash.pack import Pack

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


def _html_table(rows: Table) -> str:
    """The source rows of a chart as an escaped HTML table (quotes right-to-left)."""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in rows.columns)
    body = []
    for r in rows.rows:
        cells = "".join(
            f'<td class="{"quote" if k == "quote" else k}">{html.escape(v)}</td>' for k, v in zip(rows.keys, r, strict=True))
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
    title = pack.title or f"{label('pack_title', lang)}: {t('app_title', lang)}"
    toc, parts = [], []
    anchors: set[str] = set()
    geo_assets: dict[str, str] = {}  # topojson name -> JSON text, inlined for maps
    for i, ex in enumerate(pack.exhibits):
        anchor = f"v-{ex.view.id}" if f"v-{ex.view.id}" not in anchors else f"v-{ex.view.id}-{i}"
        anchors.add(anchor)
        own = ex.filters_text if ex.filters_text and ex.filters_text != pack.filters_text else ""
        toc.append(f'<li><a href="#{anchor}">{e(ex.title)}</a></li>')
        fig = plot.figure(ex.chart)
        notes = list(ex.chart.notes)
        if fig is not None and any(tr.type in _GEO_TYPES for tr in fig.data):
            if _geo_ready(fig, geo_assets):
                fig = go.Figure(fig)
            elif ex.chart.summary is not None:  # no local geometry: the map's summary as bars instead
                fig = plot.bars(ex.chart.summary, ex.title, lang)
                notes.insert(0, ex.chart.instead)
        chart = f'<div class="chart">{_figure_html(fig, f"fig-{i}")}</div>' if fig is not None else ""
        page = " · ".join(t(f"page_{p}", lang) for p in ex.view.pages)
        parts.append(
            f'<section class="exhibit" id="{anchor}"><h2>{e(ex.title)}</h2>'
            f'<p class="meta">{e(label("page", lang))}: {e(page)}</p>'
            + (f'<p class="meta">{e(own)}</p>' if own else "") + chart
            + "".join(f'<p class="note">{e(n)}</p>' for n in notes)
            + (f'<p class="source">{e(ex.caption)}</p>' if ex.caption else "")
            + f'<p class="note">{e(label("table_note", lang))}</p>{_html_table(ex.chart.rows or Table([], []))}</section>')
    src_rows = "".join(
        f"<tr><td>{e(plain(r['source_title']))}</td><td>{e(plain(r.get('publisher')))}</td>"
        f"<td>{e(plain(r.get('published')))}</td><td>{e(plain(r.get('file')))}</td></tr>"
        for r in pack.sources.records())
    note_rows = "".join(
        f"<tr><td>{e(r['conflict_id'])}</td><td>{e(vocab('kind', r['kind'], lang))}</td>"
        f"<td>{e(plain(r['description']))}</td><td>{e(plain(r.get('shown')))}</td>"
        f'<td class="quote">{e(plain(r.get("quote")))}</td><td class="quote_en">{e(plain(r.get("quote_en")))}</td></tr>'
        for r in pack.conflicts.records())
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
        f"<header><h1>{e(title)}</h1>"
        + (f'<p class="meta">{e(pack.subtitle)}</p>' if pack.subtitle else "")
        + f"<p class=\"meta\">{e(pack.filters_text)}</p>"
        f'<p class="meta">{e(label("exported", lang))}: {pack.exported.isoformat()}</p>'
        f'<p class="meta">{e(label("generated", lang))}</p></header>'
        f'<nav><h2>{e(label("contents", lang))}</h2><ol>{"".join(toc)}</ol></nav>'
        + "".join(parts) + closing + "</body></html>\n"
    )
    return doc.encode("utf-8")
