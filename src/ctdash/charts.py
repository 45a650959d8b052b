"""Figure builders: a query's DataFrame and the language in, a Plotly figure out, nothing else.

Titles and axes come from i18n. In Arabic the figure itself is mirrored through its layout (the
value or time axis runs right to left, the category axis and the legend sit on the right), so
the page can be right-to-left without putting the chart inside a dir=rtl container. The
qualifier is on every mark ("182+", "≈ 90,000"); rows the source states only vaguely stay off
numeric axes and are listed under the chart; different units never share an axis.
"""

from __future__ import annotations

import functools
import html
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ctdash.i18n import date_text, missing, t, vocab

FONT = {
    "en": "Noto Sans, Helvetica, Arial, sans-serif",
    "ar": "Noto Sans Arabic, Noto Naskh Arabic, Noto Sans, sans-serif",
}
PALETTE = ["#1f6f8b", "#e07a1f", "#3a9d5d", "#b23a48", "#7a5195", "#8c6d31", "#2f4b7c", "#c46aa3",
           "#5c946e", "#d4a017", "#4f6d7a", "#a05195"]
SHOWN, ALTERNATIVE = "#1f6f8b", "#b23a48"


def wrap(text: object, width: int = 38) -> str:
    """Long category labels broken over lines (plotly's <br>)."""
    return "<br>".join(textwrap.wrap(str(text), width)) or str(text)


def escaped(text: object) -> object:
    """Text that Plotly shows as typed: `<`, `>` and `&` as entities, so a label holding
    `<a href=...>` or `<b>` is not a link or markup (Plotly reads a subset of HTML in every text)."""
    return html.escape(text, quote=False) if isinstance(text, str) else text


def escape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text cell `escaped`: what the figure builders get, so the
    markup they add themselves (<br>, <b>) is the only markup in a figure."""
    out = frame.copy()
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        if isinstance(col.dtype, pd.CategoricalDtype):
            out.isetitem(i, col.cat.rename_categories([escaped(c) for c in col.cat.categories]))
        elif col.dtype == object or pd.api.types.is_string_dtype(col):
            out.isetitem(i, col.map(escaped))
    return out


def _date(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(pd.Timestamp(value).date())


_ISO_CUT = {"month": 7, "year": 4}  # an ISO date cut to what its precision knows: 2015-09, 2014


def period_text(start: object, end: object, year: object = None, lang: str = "en",
                precision: object = None) -> str:
    """'2015-09-01 – 2019-09-30', 'as of 2022-09-30' (only an end) or the single year (in Arabic
    the dates in words: '1 سبتمبر 2015 – 30 سبتمبر 2019'); a bound known to the month or year
    only (`precision`, facts.date_precision) is written so: '2015-09 – 2019-09', 'سبتمبر 2015'."""
    if year is not None and not pd.isna(year):
        return str(int(year))
    prec = precision if precision in ("month", "year") else "day"
    if lang == "ar":  # "1 سبتمبر 2015": an ISO date inside an Arabic line reads in the wrong order
        s, e = date_text(start, prec, lang), date_text(end, prec, lang)
    else:
        s, e = _date(start)[: _ISO_CUT.get(prec)], _date(end)[: _ISO_CUT.get(prec)]
    if s and e:
        return f"{s} – {e}"
    return f"{t('as_of', lang)} {e}" if e else (f"{s} – …" if s else "")


_TEMPLATE_TRACES = ("bar", "scatter", "scattergeo", "choropleth")  # the trace types these charts use


@functools.cache
def template() -> go.layout.Template:
    """Plotly's "plotly_white" look, cut to its layout and the trace types used here: the whole
    template (7 KB, defaults for some forty trace types) travelled inside every figure's JSON and
    was validated trace type by trace type the first time a chart was built."""
    import plotly.io as pio

    white = pio.templates["plotly_white"].to_plotly_json()
    data = {k: v for k, v in white["data"].items() if k in _TEMPLATE_TRACES}
    return go.layout.Template(layout=white["layout"], data=data)


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
        template=template(),
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


def _empty(lang: str, title: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=t("no_data", lang), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return mirror(fig, lang, title, height=220)


HOVER_QUOTE_CHARS = 280  # a hover shows this much of a quote or translation (the data view has it whole)


def _clip(text: object, n: int = HOVER_QUOTE_CHARS) -> str:
    s = " ".join(str(text).split())
    return s if len(s) <= n else s[: n - 1] + "…"


def evidence_hover(r: dict, lang: str) -> str:
    """Hover lines for a row's evidence: the quote, its English translation (unofficial) and the
    curator's note, each only when there is one ("<br>"-prefixed, empty when none)."""
    parts = []
    if not missing(r.get("quote")) and r.get("quote"):
        parts.append(f"{t('quote_label', lang)}: {wrap(_clip(r['quote']), 70)}")
    ltr = (LRI, PDI) if lang == "ar" else ("", "")  # English inside an Arabic hover keeps its order
    if not missing(r.get("quote_en")) and r.get("quote_en"):
        text = "<br>".join(f"{ltr[0]}{x}{ltr[1]}" for x in wrap(_clip(r["quote_en"]), 70).split("<br>"))
        parts.append(f"<i>{t('quote_en', lang)}</i>: {text}")
    if not missing(r.get("note")) and r.get("note"):
        text = "<br>".join(f"{ltr[0]}{x}{ltr[1]}" for x in wrap(_clip(r["note"], 200), 70).split("<br>"))
        parts.append(f"{t('note', lang)}: {text}")
    return "".join("<br>" + p for p in parts)


LRI, RLI, PDI = "\u2066", "\u2067", "\u2069"  # Unicode directional isolates


def rtl_hover(fig: go.Figure) -> None:
    """Each line of every hover text read right to left (an Arabic figure): Plotly draws hover
    boxes left-to-right, so "1 سبتمبر 2015 – 30 سبتمبر 2019" would come out scrambled."""
    for trace in fig.data:
        texts = getattr(trace, "hovertext", None)
        if texts is None or isinstance(texts, str):
            continue
        trace.hovertext = ["<br>".join(f"{RLI}{line}{PDI}" for line in str(x).split("<br>")) if isinstance(x, str) else x
                           for x in texts]


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


def _hover(frame: pd.DataFrame, lang: str) -> list[str]:
    """Hover text per row: the label, the figure as stated, the period, the source, and the
    quote with its translation and the curator's note."""
    out = []
    for row in frame.itertuples(index=False):
        r = row._asdict()
        parts = [f"<b>{wrap(r.get('label') or r.get('title') or '', 60)}</b>"]
        if r.get("value_text"):
            parts.append(f"{r['value_text']} ({vocab('qualifier', r.get('qualifier'), lang)})")
        period = period_text(r.get("period_start"), r.get("period_end"), r.get("year"), lang, r.get("date_precision"))
        if period:
            parts.append(f"{t('period', lang)}: {period}")
        if r.get("source_title"):
            parts.append(f"{t('source_line', lang)}: {wrap(r['source_title'], 60)}")
        out.append("<br>".join(parts) + evidence_hover(r, lang))
    return out


def _vague_note(fig: go.Figure, vague: pd.DataFrame, lang: str) -> None:
    if vague.empty:
        return
    lines = [f"{wrap(r.label, 70)}: {r.value_text}" for r in vague.itertuples(index=False)]
    fig.add_annotation(
        text=f"<i>{t('not_on_axis', lang)}</i><br>" + "<br>".join(lines),
        showarrow=False, xref="paper", yref="paper", x=1 if lang == "ar" else 0,
        xanchor="right" if lang == "ar" else "left", y=0, yanchor="top", yshift=-30, align="right" if lang == "ar" else "left",
    )


def figures_by_unit(frame: pd.DataFrame, lang: str, title: str) -> go.Figure:
    """Labelled figures as horizontal bars, one panel (and axis) per unit; vague rows listed below."""
    if frame.empty:
        return _empty(lang, title)
    vague = frame[frame["qualifier"] == "vague"]
    plotted = frame[frame["qualifier"] != "vague"]
    units = list(dict.fromkeys(plotted["unit"]))
    if not units:
        fig = _empty(lang, title)
        _vague_note(fig, vague, lang)
        return fig
    sizes = [int((plotted["unit"] == u).sum()) for u in units]
    fig = make_subplots(rows=len(units), cols=1, row_heights=sizes, vertical_spacing=0.35 / max(len(units), 1))
    for i, unit in enumerate(units, start=1):
        part = plotted[plotted["unit"] == unit].iloc[::-1]
        periods = [period_text(r.get("period_start"), r.get("period_end"), r.get("year"), lang, r.get("date_precision"))
                   for r in part.to_dict("records")]
        labels = [wrap(f"{lbl} ({p})" if p else lbl) for lbl, p in zip(part["label"], periods, strict=True)]
        fig.add_trace(go.Bar(
            y=labels, x=part["value"], orientation="h", text=part["value_text"], textposition="auto",
            marker_color=PALETTE[(i - 1) % len(PALETTE)], hovertext=_hover(part, lang), hoverinfo="text",
            name=vocab("unit", unit, lang), showlegend=False, cliponaxis=False, textangle=0,
        ), row=i, col=1)
        fig.update_xaxes(title_text=vocab("unit", unit, lang), row=i, col=1)
        if unit not in ("usd", "percent", "km", "km2", "kg", "tonnes"):
            integer_ticks(fig, float(part["value"].max() or 0), row=i, col=1)
    height = 140 + 48 * len(plotted) + 70 * len(units) + 22 * len(vague)
    mirror(fig, lang, title, height=height)
    fig.update_layout(margin={"b": 40 + 26 * len(vague) + (30 if len(vague) else 0)})
    _vague_note(fig, vague, lang)
    return fig


def expert_meetings(frame: pd.DataFrame, lang: str, title: str) -> go.Figure:
    """Per-year bars of the figures shown; a contradicting passage drawn beside them, not hidden."""
    if frame.empty:
        return _empty(lang, title)
    fig = go.Figure()
    shown = frame[frame["shown"]]
    other = frame[~frame["shown"]]
    fig.add_trace(go.Bar(
        x=shown["year"].astype(str), y=shown["value"], text=shown["value_text"], textposition="outside",
        name=t("shown_reading", lang), marker_color=SHOWN, hovertext=_hover(shown, lang), hoverinfo="text",
        cliponaxis=False, textangle=0,
    ))
    if not other.empty:
        fig.add_trace(go.Scatter(
            x=other["year"].astype(str), y=other["value"], mode="markers+text",
            text=[f"{v} ({t('alternative_reading', lang)})" for v in other["value_text"]],
            textposition="middle left" if lang == "ar" else "middle right", marker={"symbol": "diamond-open", "size": 14, "color": ALTERNATIVE,
                                               "line": {"width": 2}},
            name=t("alternative_reading", lang), hovertext=_hover(other, lang), hoverinfo="text",
        ))
        categories = sorted(frame["year"].astype(str).unique())
        for row in other.itertuples(index=False):
            fig.add_annotation(  # x as the category's index: "2017" would be read as a number
                x=categories.index(str(row.year)), y=row.value, text=f"{t('conflict_note', lang)} {row.conflict_ids}",
                showarrow=True, arrowhead=2, ax=0, ay=-75, font={"size": 11, "color": ALTERNATIVE},
            )
    fig.update_xaxes(type="category", categoryorder="category ascending")
    fig.update_yaxes(rangemode="tozero")
    top = float(frame["value"].max() or 1)
    fig.update_yaxes(range=[0, top * 1.45])
    integer_ticks(fig, top * 1.45, axis="y")
    return mirror(fig, lang, title, t("year", lang), t("meetings", lang), height=420)


def wg_plenaries(frame: pd.DataFrame, lang: str, title: str) -> go.Figure:
    """Plenary counts per working group, active and former groups in two colours."""
    if frame.empty:
        return _empty(lang, title)
    fig = go.Figure()
    for i, (status, part) in enumerate(frame.groupby("status", sort=True)):
        part = part.iloc[::-1]
        labels = [wrap(f"{n} ({period_text(s, e, lang=lang)})", 45) for n, s, e in
                  zip(part["wg_name"], part["period_start"], part["period_end"], strict=True)]
        fig.add_trace(go.Bar(
            y=labels, x=part["value"], orientation="h", text=part["value_text"], textposition="auto",
            name=vocab("status", status, lang), marker_color=PALETTE[i], hovertext=_hover(part, lang),
            hoverinfo="text", textangle=0,
        ))
    integer_ticks(fig, float(frame["value"].max() or 0))
    return mirror(fig, lang, title, t("plenaries", lang), height=160 + 55 * len(frame))


def timeline(frame: pd.DataFrame, lang: str, title: str, y: str = "body_name") -> go.Figure:
    """Dated events as points on a time axis, one row and colour per body (or country)."""
    if frame.empty:
        return _empty(lang, title)
    fig = go.Figure()
    symbols = {"day": "circle", "month": "square", "year": "diamond-open"}
    for i, (name, part) in enumerate(frame.groupby(y, sort=True)):
        fig.add_trace(go.Scatter(
            x=part["date_start"], y=[wrap(name, 30)] * len(part), mode="markers", name=str(name),
            marker={"size": 11, "color": PALETTE[i % len(PALETTE)],
                    "symbol": [symbols.get(p, "circle") for p in part["date_precision"]]},
            hovertext=[f"<b>{wrap(r['title'], 60)}</b><br>{date_text(r['date_start'], r['date_precision'], lang)}"
                       f"<br>{t('source_line', lang)}: {wrap(r['source_title'], 60)}" + evidence_hover(r, lang)
                       for r in part.to_dict("records")],
            hoverinfo="text",
        ))
    rows = frame[y].nunique()
    fig = mirror(fig, lang, title, t("date", lang), height=200 + 34 * rows)
    date_ticks(fig, lang)
    fig.update_layout(showlegend=False)
    return fig


def stacked_counts(frame: pd.DataFrame, lang: str, title: str, category: str, color: str, value: str,
                   category_title: str, value_title: str, color_kind: str | None = None,
                   horizontal: bool = False) -> go.Figure:
    """Counts per category stacked by a colour column; the count is written on each segment."""
    if frame.empty:
        return _empty(lang, title)
    fig = go.Figure()
    for i, (key, part) in enumerate(frame.groupby(color, sort=True)):
        name = vocab(color_kind, key, lang) if color_kind else str(key)
        cats = [wrap(c, 32) for c in part[category].astype(str)]
        bar = {"y": cats, "x": part[value], "orientation": "h"} if horizontal else {"x": cats, "y": part[value]}
        fig.add_trace(go.Bar(**bar, name=name, text=part[value], textposition="inside", textangle=0,
                             marker_color=PALETTE[i % len(PALETTE)],
                             hovertemplate=f"{name}: %{{text}}<extra></extra>"))
    fig.update_layout(barmode="stack")
    top = float(frame.groupby(category)[value].sum().max() or 0)
    if horizontal:
        integer_ticks(fig, top, axis="x")
        return mirror(fig, lang, title, value_title, category_title, height=160 + 34 * frame[category].nunique())
    fig.update_xaxes(type="category", categoryorder="category ascending")
    integer_ticks(fig, top, axis="y")
    return mirror(fig, lang, title, category_title, value_title, height=430)


def facts_by_topic(frame: pd.DataFrame, lang: str, title: str) -> go.Figure:
    from ctdash.i18n import topic_label

    data = frame.assign(topic=[topic_label(tp, lang) for tp in frame["topic"]]) if len(frame) else frame
    return stacked_counts(data, lang, title, "topic", "qualifier", "facts", "", t("figures", lang),
                          color_kind="qualifier", horizontal=True)


def events_per_year(frame: pd.DataFrame, lang: str, title: str) -> go.Figure:
    data = frame.assign(year=frame["year"].astype(str)) if len(frame) else frame
    return stacked_counts(data, lang, title, "year", "body_name", "events", t("year", lang), t("events", lang))


def actor_roles(frame: pd.DataFrame, lang: str, title: str) -> go.Figure:
    return stacked_counts(frame, lang, title, "actor_name", "role", "groups", "", t("groups", lang),
                          color_kind="role", horizontal=True)


def country_visits(frame: pd.DataFrame, lang: str, title: str) -> go.Figure:
    return timeline(frame, lang, title, y="country")


def visits_map(frame: pd.DataFrame, lang: str, title: str) -> go.Figure:
    """Countries with named visits, from the geometry shipped with the app (no CDN)."""
    fig = go.Figure()
    fig.add_trace(go.Choropleth(
        locations=list(frame["iso3"]) if len(frame) else [], z=list(frame["visits"]) if len(frame) else [],
        locationmode="ISO-3", colorscale=[[0, "#9ecae1"], [1, "#08519c"]], marker_line_color="white",
        text=list(frame["country"]) if len(frame) else [],
        hovertext=[f"<b>{c}</b><br>{t('visits', lang)}: {v}<br>{d}" for c, v, d in
                   zip(frame["country"], frame["visits"], frame["dates"], strict=True)] if len(frame) else [],
        hoverinfo="text",
        colorbar={"title": {"text": t("visits", lang)}, "x": 0 if lang == "ar" else 1.0,
                  "xanchor": "left" if lang == "ar" else "right", "len": 0.6},
        showscale=len(frame) > 0,
    ))
    if len(frame):
        fig.add_trace(go.Scattergeo(
            locations=list(frame["iso3"]), locationmode="ISO-3", mode="text",
            text=[f"{c}: {v}" for c, v in zip(frame["country"], frame["visits"], strict=True)],
            textfont={"size": 12, "color": "#222"}, hoverinfo="skip", showlegend=False,
        ))
    fig.update_geos(showcountries=True, countrycolor="#bbb", showcoastlines=False, showland=True,
                    landcolor="#f2f2f2", showframe=False, projection_type="natural earth", resolution=110)
    fig.update_layout(
        title={"text": title, "x": 0.99 if lang == "ar" else 0.01, "xanchor": "right" if lang == "ar" else "left"},
        font={"family": FONT["ar" if lang == "ar" else "en"]}, height=460,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
    )
    return fig


def wg_chairs(frame: pd.DataFrame, lang: str, title: str) -> go.Figure:
    """Gantt-style chairs over time: dated terms as bars, undated roles as 'as of' markers."""
    if frame.empty:
        return _empty(lang, title)
    data = frame.copy()
    data["row"] = [wrap(f"{a} · {w}", 48) for a, w in zip(data["actor_name"], data["wg_name"], strict=True)]
    data["role_text"] = [vocab("role", r, lang) for r in data["role"]]
    fig = go.Figure()
    dated = data[data["dated"]]
    undated = data[~data["dated"]]
    for i, (role, part) in enumerate(dated.groupby("role", sort=True)):
        start = pd.to_datetime(part["bar_start"])
        length = (pd.to_datetime(part["bar_end"]) - start).dt.total_seconds() * 1000
        fig.add_trace(go.Bar(
            y=part["row"], x=length, base=start.dt.strftime("%Y-%m-%d"), orientation="h",
            name=f"{vocab('role', role, lang)} ({t('dated_role', lang)})", marker_color=PALETTE[i],
            text=part["role_text"], textposition="inside", textangle=0,
            hovertext=[f"{r['row']}<br>{date_text(r['bar_start'], 'day', lang)} – {date_text(r['bar_end'], 'day', lang)}"
                       + evidence_hover(r, lang) for r in part.to_dict("records")], hoverinfo="text",
        ))
    if not undated.empty:
        fig.add_trace(go.Scatter(
            y=undated["row"], x=undated["bar_end"], mode="markers+text", text=undated["role_text"],
            textposition="middle left" if lang == "en" else "middle right",
            marker={"symbol": "diamond-open", "size": 12, "color": PALETTE[3], "line": {"width": 2}},
            name=t("undated_role", lang),
            hovertext=[f"{r['row']}<br>{t('as_of', lang)} {date_text(r['bar_end'], 'day', lang)}"
                       + evidence_hover(r, lang) for r in undated.to_dict("records")], hoverinfo="text",
        ))
    fig.update_xaxes(type="date")
    date_ticks(fig, lang)
    order = list(dict.fromkeys(data.sort_values(["forum", "wg_id", "bar_start"])["row"]))
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1])
    return mirror(fig, lang, title, t("date", lang), height=180 + 30 * len(order))
