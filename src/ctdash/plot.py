"""The Plotly renderer: a `ctdash.chartdesc.Chart` in, a Plotly figure out (the app's charts and
the HTML pack's).

In Arabic the figure itself is mirrored through its layout (the value or time axis runs right
to left, the category axis and the legend sit on the right), so the page can be right-to-left
without putting the chart inside a dir=rtl container. The figure as the source hedges it is
written on every mark; figures without a number are listed under the chart; different units
never share an axis (each panel has its own).
"""

from __future__ import annotations

import dataclasses
import html
import textwrap

import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from ctdash.arabic import isolate
from ctdash.chartdesc import (
    BARS_BY_UNIT,
    DATED_POINTS,
    GROUPED_BARS,
    MAP,
    METRICS,
    READINGS,
    SPANS,
    STACKED,
    TABLE,
    Chart,
    Evidence,
    Hover,
    Panel,
    Series,
)
from ctdash.i18n import as_date
from ctdash.labelwrap import label_room, wrap
from ctdash.palette import ALTERNATIVE, PALETTE, SCALE, SHOWN, pattern

FONT = {
    "en": "Noto Sans, Helvetica, Arial, sans-serif",
    "ar": "Noto Sans Arabic, Noto Naskh Arabic, Noto Sans, sans-serif",
}
# The trace types and subplot kinds of the charts `mirror` styles. The map keeps Plotly's default look
# (`_map` does not take this template), so geo defaults here styled nothing; nor did polar, ternary
# and 3-D (scene) axes, which no chart draws.
_TEMPLATE_TRACES = ("bar", "scatter")
_UNUSED_SUBPLOTS = ("polar", "ternary", "scene", "geo")


def _cut_template() -> go.layout.Template:
    """Plotly's "plotly_white" look, cut to the trace types and subplot kinds used here: the whole
    template (7 KB, defaults for some forty trace types) travelled inside every figure's JSON and
    was validated trace type by trace type the first time a chart was built. The unused parts were
    also 1.1 KB of every figure, and validating them loaded and compiled 25 Plotly modules (0.9 MB
    of source) before a fresh server's first chart."""
    white = pio.templates["plotly_white"].to_plotly_json()
    data = {k: v for k, v in white["data"].items() if k in _TEMPLATE_TRACES}
    layout = {k: v for k, v in white["layout"].items() if k not in _UNUSED_SUBPLOTS}
    return go.layout.Template(layout=layout, data=data)


TEMPLATE = _cut_template()


def escaped(text: object) -> object:
    """Text that Plotly shows as typed: `<`, `>` and `&` as entities, so a label holding
    `<a href=...>` or `<b>` is not a link or markup (Plotly reads a subset of HTML in every text)."""
    return html.escape(text, quote=False) if isinstance(text, str) else text


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _esc(texts: list[str]) -> list[str]:
    return [_e(x) if isinstance(x, str) else x for x in texts]


def _escape_panel(p: Panel) -> Panel:
    def hover(h: Hover) -> Hover:
        return dataclasses.replace(h, title=_e(h.title), lines=tuple(_esc(list(h.lines))), source=_e(h.source),
                                   evidence=tuple(dataclasses.replace(e, text=_e(e.text)) for e in h.evidence))

    def series(s: Series) -> Series:
        return dataclasses.replace(s, name=_e(s.name), categories=_esc(s.categories), texts=_esc(s.texts),
                                   hovers=[hover(h) for h in s.hovers])

    return dataclasses.replace(p, series=[series(s) for s in p.series], name=_e(p.name),
                               category_order=_esc(p.category_order))


def escape_chart(chart: Chart) -> Chart:
    """The chart with every text from the data escaped (`escaped`): what the drawing functions get,
    so the markup they add themselves (<br>, <b>, <i>) is the only markup in a figure."""
    return dataclasses.replace(
        chart, panels=[_escape_panel(p) for p in chart.panels],
        summary=_escape_panel(chart.summary) if chart.summary is not None else None,
        off_axis=[(_e(a), _e(b)) for a, b in chart.off_axis],
        callouts=[dataclasses.replace(c, category=_e(c.category), text=_e(c.text)) for c in chart.callouts],
    )


def _roomy(chart: Chart, labels: list[str]) -> int:
    """The chart's height with room for its wrapped row labels."""
    return chart.height + label_room(labels, chart.row_px)


HOVER_QUOTE_CHARS = 280  # a hover shows this much of a quote or translation (the data view has it whole)
HOVER_NOTE_CHARS = 200


def _clip(text: str, n: int) -> str:
    s = " ".join(text.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _evidence_line(e: Evidence, lang: str) -> str:
    """The quote, its translation (label in italics) or the note, clipped and wrapped; English
    lines inside an Arabic hover are left-to-right isolates, so they keep their order."""
    text = wrap(_clip(e.text, HOVER_NOTE_CHARS if e.kind == "note" else HOVER_QUOTE_CHARS), 70)
    if e.kind != "quote" and lang == "ar":
        text = "<br>".join(isolate(x, rtl=False) for x in text.split("<br>"))
    label = f"<i>{e.label}</i>" if e.kind == "quote_en" else e.label
    return f"{label}: {text}"


def hover_text(h: Hover, lang: str = "en") -> str:
    """One mark's hover box as Plotly markup: title, lines, source, then the evidence."""
    title = wrap(h.title, h.width) if h.width else h.title
    parts = [f"<b>{title}</b>" if h.bold else title, *h.lines]
    if h.source_label:
        parts.append(f"{h.source_label}: {wrap(h.source, 60)}")
    parts.extend(_evidence_line(e, lang) for e in h.evidence)
    return "<br>".join(parts)


def rtl_hover(fig: go.Figure) -> None:
    """Each line of every hover text read right to left (an Arabic figure): Plotly draws hover
    boxes left-to-right, so "1 سبتمبر 2015 – 30 سبتمبر 2019" would come out scrambled."""
    for trace in fig.data:
        texts = getattr(trace, "hovertext", None)
        if texts is None or isinstance(texts, str):
            continue
        trace.hovertext = ["<br>".join(isolate(line, rtl=True) for line in str(x).split("<br>")) if isinstance(x, str)
                           else x for x in texts]


def date_ticks(fig: go.Figure, lang: str) -> None:
    """Arabic date axes show years only: Plotly writes month names in English, and a "Jan 2016"
    tick would read wrongly in a right-to-left page."""
    if lang == "ar":
        fig.update_xaxes(tickformat="%Y", hoverformat="%Y-%m-%d")


def integer_ticks(fig: go.Figure, top: float, axis: str = "x", **where: object) -> None:
    """A count axis never shows fractional ticks: a step of 1 for small counts, whole numbers above."""
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    if top <= 8:
        update(dtick=1, tick0=0, tickformat=",d", **where)
    else:
        update(tickformat=",d", **where)


def mirror(fig: go.Figure, lang: str, title: str = "", x_title: str = "", y_title: str = "",
           height: int | None = None) -> go.Figure:
    """Title, axis titles, font and the right-to-left mirroring of every axis and the legend."""
    ar = lang == "ar"
    fig.update_layout(
        title={"text": title, "x": 0.99 if ar else 0.01, "xanchor": "right" if ar else "left"},
        font={"family": FONT["ar" if ar else "en"], "size": 13},
        legend={"orientation": "h", "x": 1 if ar else 0, "xanchor": "right" if ar else "left",
                "y": -0.12, "yanchor": "top", "traceorder": "normal"},
        margin={"l": 20, "r": 20, "t": 60, "b": 40},
        hoverlabel={"font": {"family": FONT["ar" if ar else "en"]}, "align": "right" if ar else "left"},
        template=TEMPLATE,
    )
    if height:
        fig.update_layout(height=height)
    if ar:
        rtl_hover(fig)
    fig.update_xaxes(autorange="reversed" if ar else True)
    fig.update_yaxes(side="right" if ar else "left")
    if x_title:
        fig.update_xaxes(title_text=x_title, selector={"anchor": "y"})
    if y_title:
        fig.update_yaxes(title_text=y_title)
    return fig


SOURCE_WRAP = 140  # characters per line of the source under a figure's title
SOURCE_LINES = 3  # lines of it at most


def headed(fig: go.Figure, title: str, subtitle: str, source: str, lang: str) -> go.Figure:
    """The figure as a self-contained image (what the toolbar's PNG/SVG download holds): its
    title in bold, the filters and the source line under it, all inside the figure's own layout
    (Plotly exports the layout as drawn; no server-side rendering). Text is escaped. In Arabic each
    line is a right-to-left isolate (SVG text is laid out left to right), and the title starts
    below the toolbar, which sits over the top right corner."""
    ar = lang == "ar"
    wrapped = textwrap.wrap(_e(source), SOURCE_WRAP)
    if len(wrapped) > SOURCE_LINES:  # the whole list is in the cite line and the data view
        wrapped = [*wrapped[:SOURCE_LINES - 1], wrapped[SOURCE_LINES - 1] + " …"]
    lines = [x for x in [_e(subtitle), *wrapped] if x]
    head = f"<b>{_e(title)}</b>"
    if ar:
        head, lines = isolate(head, rtl=True), [isolate(x, rtl=True) for x in lines]
    top = 34 if ar else 10  # the toolbar (about 30 px) is over the title's corner in Arabic
    margin_t = 42 + top + 16 * len(lines)
    if fig.layout.height:  # the head grows the figure, not at the plot's expense
        fig.update_layout(height=fig.layout.height + max(0, margin_t - (fig.layout.margin.t or 60)))
    fig.update_layout(
        title={"text": head, "x": 0.99 if ar else 0.01, "xanchor": "right" if ar else "left",
               "xref": "container", "y": 1, "yref": "container", "yanchor": "top", "pad": {"t": top},
               "font": {"size": 17},
               "subtitle": {"text": "<br>".join(lines), "font": {"size": 12, "color": "#555555"}}},
        margin={"t": margin_t},
    )
    return fig


def _empty(chart: Chart) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=chart.empty_text, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return mirror(fig, chart.lang, chart.title, height=220)


def _off_axis(fig: go.Figure, chart: Chart) -> None:
    if not chart.off_axis:
        return
    ar = chart.lang == "ar"
    lines = [f"{wrap(lbl, 70)}: {text}" for lbl, text in chart.off_axis]
    fig.add_annotation(
        text=f"<i>{chart.off_axis_title}</i><br>" + "<br>".join(lines),
        showarrow=False, xref="paper", yref="paper", x=1 if ar else 0,
        xanchor="right" if ar else "left", y=0, yanchor="top", yshift=-30, align="right" if ar else "left",
    )


def _hatch(index: int) -> dict | None:
    """White hatching over the series' colour past the palette's eight (`palette.pattern`)."""
    shape = pattern(index)
    return {"shape": shape, "fillmode": "overlay", "fgcolor": "#FFFFFF", "size": 7} if shape else None


def _top(panel: Panel) -> float:
    """The largest value of a panel (0 when it has none)."""
    return max((float(v) for ser in panel.series for v in ser.values if v is not None), default=0.0)


def _bars_by_unit(chart: Chart) -> go.Figure:
    if chart.is_empty:
        fig = _empty(chart)
        _off_axis(fig, chart)
        return fig
    labels = [[wrap(c) for c in p.series[0].categories] for p in chart.panels]
    # each panel as tall as its rows and the room their wrapped labels need
    sizes = [len(rows) + label_room(rows, chart.row_px) / max(chart.row_px, 1) for rows in labels]
    n = len(chart.panels)
    fig = make_subplots(rows=n, cols=1, row_heights=sizes, vertical_spacing=0.35 / max(n, 1))
    for i, panel in enumerate(chart.panels, start=1):
        s = panel.series[0]
        fig.add_trace(go.Bar(
            y=labels[i - 1], x=s.values, orientation="h", text=s.texts, textposition="auto",
            marker_color=PALETTE[s.color % len(PALETTE)], hovertext=[hover_text(h, chart.lang) for h in s.hovers],
            hoverinfo="text", name=s.name, showlegend=False, cliponaxis=False, textangle=0,
        ), row=i, col=1)
        fig.update_xaxes(title_text=panel.value_title, row=i, col=1)
        if panel.counts:
            integer_ticks(fig, max((v or 0 for v in s.values), default=0), row=i, col=1)
    mirror(fig, chart.lang, chart.title, height=_roomy(chart, [x for rows in labels for x in rows]))
    vague = len(chart.off_axis)
    fig.update_layout(margin={"b": 40 + 26 * vague + (30 if vague else 0)})
    _off_axis(fig, chart)
    return fig


def _readings(chart: Chart) -> go.Figure:
    if chart.is_empty:
        return _empty(chart)
    fig = go.Figure()
    panel = chart.panels[0]
    ar = chart.lang == "ar"
    for s in panel.series:
        hover = [hover_text(h, chart.lang) for h in s.hovers]
        if s.mark == "bar":
            fig.add_trace(go.Bar(x=s.categories, y=s.values, text=s.texts, textposition="outside", name=s.name,
                                 marker_color=SHOWN, hovertext=hover, hoverinfo="text", cliponaxis=False,
                                 textangle=0))
        else:
            fig.add_trace(go.Scatter(
                x=s.categories, y=s.values, mode="markers+text", text=s.texts,
                textposition="middle left" if ar else "middle right",
                marker={"symbol": "diamond-open", "size": 14, "color": ALTERNATIVE, "line": {"width": 2}},
                name=s.name, hovertext=hover, hoverinfo="text",
            ))
    categories = sorted({c for s in panel.series for c in s.categories})
    for c in chart.callouts:
        fig.add_annotation(  # x as the category's index: "2017" would be read as a number
            x=categories.index(c.category), y=c.value, text=c.text,
            showarrow=True, arrowhead=2, ax=0, ay=-75, font={"size": 11, "color": ALTERNATIVE},
        )
    fig.update_xaxes(type="category", categoryorder="category ascending")
    fig.update_yaxes(rangemode="tozero")
    if chart.value_range:
        fig.update_yaxes(range=list(chart.value_range))
    if panel.counts:
        integer_ticks(fig, chart.value_range[1] if chart.value_range else _top(panel), axis="y")
    return mirror(fig, chart.lang, chart.title, panel.category_title, panel.value_title, height=chart.height)


def _grouped_bars(chart: Chart) -> go.Figure:
    if chart.is_empty:
        return _empty(chart)
    fig = go.Figure()
    panel = chart.panels[0]
    labels: list[str] = []
    for s in panel.series:
        rows = [wrap(c, 45) for c in s.categories]
        labels += rows
        fig.add_trace(go.Bar(
            y=rows, x=s.values, orientation="h", text=s.texts, textposition="auto",
            name=s.name, marker_color=PALETTE[s.color % len(PALETTE)], hovertext=[hover_text(h, chart.lang) for h in s.hovers],
            hoverinfo="text", textangle=0,
        ))
    if panel.counts:
        integer_ticks(fig, _top(panel))
    return mirror(fig, chart.lang, chart.title, panel.value_title, height=_roomy(chart, labels))


def _stacked(chart: Chart) -> go.Figure:
    if chart.is_empty:
        return _empty(chart)
    fig = go.Figure()
    panel = chart.panels[0]
    labels: list[str] = []
    for s in panel.series:
        cats = [wrap(c, 32) for c in s.categories]
        labels += cats
        bar = {"y": cats, "x": s.values, "orientation": "h"} if panel.horizontal else {"x": cats, "y": s.values}
        fig.add_trace(go.Bar(**bar, name=s.name, text=list(s.values), textposition="inside", textangle=0,
                             marker_color=PALETTE[s.color % len(PALETTE)],
                             marker_pattern=_hatch(s.color),
                             hovertemplate=f"{s.name}: %{{text}}<extra></extra>"))
    fig.update_layout(barmode="stack")
    sums: dict[str, float] = {}
    for s in panel.series:
        for c, v in zip(s.categories, s.values, strict=True):
            sums[c] = sums.get(c, 0.0) + float(v or 0)
    top = max(sums.values(), default=0.0)
    if panel.horizontal:
        if panel.counts:
            integer_ticks(fig, top, axis="x")
        return mirror(fig, chart.lang, chart.title, panel.value_title, panel.category_title,
                      height=_roomy(chart, labels))
    fig.update_xaxes(type="category", categoryorder="category ascending")
    if panel.counts:
        integer_ticks(fig, top, axis="y")
    return mirror(fig, chart.lang, chart.title, panel.category_title, panel.value_title, height=chart.height)


_SYMBOLS = {"day": "circle", "month": "square", "year": "diamond-open"}


def _dated_points(chart: Chart) -> go.Figure:
    if chart.is_empty:
        return _empty(chart)
    fig = go.Figure()
    panel = chart.panels[0]
    labels: list[str] = []
    for s in panel.series:
        rows = [wrap(c, 30) for c in s.categories]
        labels += rows
        fig.add_trace(go.Scatter(
            x=[as_date(d) for d in s.starts], y=rows, mode="markers",
            name=s.name,
            marker={"size": 11, "color": PALETTE[s.color % len(PALETTE)],
                    "symbol": [_SYMBOLS.get(p, "circle") for p in s.precisions]},
            hovertext=[hover_text(h, chart.lang) for h in s.hovers], hoverinfo="text",
        ))
    fig = mirror(fig, chart.lang, chart.title, panel.value_title, height=_roomy(chart, labels))
    date_ticks(fig, chart.lang)
    fig.update_layout(showlegend=False)
    return fig


_POINT_SYMBOLS = {"event": "circle", "visit": "star", "fact": "square"}  # a dated point's symbol by its role
DAY_MS = 86_400_000  # a span shorter than a day is drawn a day long (a one-day term stays visible)


def _spans(chart: Chart) -> go.Figure:
    if chart.is_empty:
        return _empty(chart)
    fig = go.Figure()
    panel = chart.panels[0]
    en = chart.lang == "en"
    for s in panel.series:
        rows = [wrap(c, 48) for c in s.categories]
        hover = [hover_text(h, chart.lang) for h in s.hovers]
        if s.mark == "bar":
            import pandas as pd  # spans only (working groups): not on a first page

            start = pd.to_datetime(pd.Series(s.starts))
            length = ((pd.to_datetime(pd.Series(s.ends)) - start).dt.total_seconds() * 1000).clip(lower=DAY_MS)
            fig.add_trace(go.Bar(
                y=rows, x=list(length), base=list(start.dt.strftime("%Y-%m-%d")), orientation="h", name=s.name,
                marker_color=PALETTE[s.color % len(PALETTE)], text=s.texts, textposition="inside", textangle=0,
                hovertext=hover, hoverinfo="text", showlegend=chart.legend,
            ))
        elif s.mark == "point":
            fig.add_trace(go.Scatter(
                y=rows, x=[as_date(d).isoformat() for d in s.starts], mode="markers", name=s.name,
                marker={"symbol": _POINT_SYMBOLS.get(s.role, "circle"), "size": 11,
                        "color": PALETTE[s.color % len(PALETTE)]},
                hovertext=hover, hoverinfo="text", showlegend=chart.legend,
            ))
        else:
            fig.add_trace(go.Scatter(
                y=rows, x=[as_date(e) for e in s.ends], mode="markers+text" if s.texts else "markers",
                text=s.texts or None, textposition="middle left" if en else "middle right",
                marker={"symbol": "diamond-open", "size": 12, "color": PALETTE[s.color % len(PALETTE)],
                        "line": {"width": 2}},
                name=s.name, hovertext=hover, hoverinfo="text", showlegend=chart.legend,
            ))
    fig.update_xaxes(type="date")
    order = [wrap(c, 48) for c in panel.category_order]
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], type="category")
    fig.update_layout(barmode="overlay")  # one row may hold several terms, one after another
    fig = mirror(fig, chart.lang, chart.title, panel.value_title, height=_roomy(chart, order))
    date_ticks(fig, chart.lang)
    return fig


def _map(chart: Chart) -> go.Figure:
    """Countries with a value, from the geometry shipped with the app (no CDN)."""
    ar = chart.lang == "ar"
    s = chart.panels[0].series[0]
    n = len(s.codes)
    fig = go.Figure()
    fig.add_trace(go.Choropleth(
        locations=s.codes, z=s.values, locationmode="ISO-3", colorscale=[[0, SCALE[0]], [1, SCALE[1]]],
        marker_line_color="white", text=s.categories, hovertext=[hover_text(h, chart.lang) for h in s.hovers],
        hoverinfo="text",
        colorbar={"title": {"text": s.name}, "x": 0 if ar else 1.0, "xanchor": "left" if ar else "right",
                  "len": 0.6},
        showscale=n > 0,
    ))
    if n:
        fig.add_trace(go.Scattergeo(
            locations=s.codes, locationmode="ISO-3", mode="text", text=s.texts,
            textfont={"size": 12, "color": "#222"}, hoverinfo="skip", showlegend=False,
        ))
    fig.update_geos(showcountries=True, countrycolor="#bbb", showcoastlines=False, showland=True,
                    landcolor="#f2f2f2", showframe=False, projection_type="natural earth", resolution=110)
    fig.update_layout(
        title={"text": chart.title, "x": 0.99 if ar else 0.01, "xanchor": "right" if ar else "left"},
        font={"family": FONT["ar" if ar else "en"]}, height=chart.height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
    )
    return fig


def bars(panel: Panel, title: str, lang: str) -> go.Figure:
    """A plain horizontal bar chart of one category panel (a summary drawn where a map cannot be)."""
    panel = _escape_panel(panel)
    fig = go.Figure()
    for s in panel.series:
        cats = list(dict.fromkeys(c for q in panel.series for c in q.categories))
        values = dict(zip(s.categories, s.values, strict=True))
        texts = dict(zip(s.categories, s.texts, strict=True))
        fig.add_trace(go.Bar(y=cats, x=[values.get(c) for c in cats], orientation="h", name=s.name,
                             text=[texts.get(c, "") for c in cats], textposition="auto"))
    return mirror(fig, lang, title, panel.series[0].name if panel.series else "",
                  height=160 + 40 * len({c for s in panel.series for c in s.categories}))


_DRAW = {BARS_BY_UNIT: _bars_by_unit, READINGS: _readings, GROUPED_BARS: _grouped_bars, STACKED: _stacked,
         DATED_POINTS: _dated_points, SPANS: _spans, MAP: _map}


def figure(chart: Chart) -> go.Figure | None:
    """The Plotly figure of a chart description (None for headline figures: they are tiles)."""
    if chart.kind in (METRICS, TABLE):
        return None
    return _DRAW[chart.kind](escape_chart(chart))
