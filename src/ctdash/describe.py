"""Description builders: a view's query rows (`Rows`) and the language in, a `ctdash.chartdesc.Chart` out.

Each builder says what its view shows (categories, values, the figure as the source hedges it,
the role of each series, axis titles, figures off the axis, notes, the source rows) and what the
view becomes where its kind cannot be drawn as categories (a summary or a table). Renderers
(`ctdash.plot`, `ctdash.deck`, `ctdash.htmlpack`) draw from that alone. Plain Python over the
rows' dicts: no pandas (a page's first chart is described before pandas is imported).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, cast

from ctdash.chartdesc import (
    BARS_BY_UNIT,
    CATEGORY_KINDS,
    DATED_POINTS,
    GROUPED_BARS,
    MAP,
    METRICS,
    READINGS,
    SPANS,
    STACKED,
    TABLE,
    Callout,
    Chart,
    Evidence,
    Figure,
    Hover,
    Panel,
    Series,
    Table,
)
from ctdash.i18n import COLUMNS, as_date, column_label, date_text, missing, t, topic_label, value_text, vocab
from ctdash.packlabels import label
from ctdash.palette import QUALIFIER_COLOR
from ctdash.rowset import Rows

Describer = Callable[[Rows, str, str], Chart]


def iso_date(value: object) -> str:
    """A date as YYYY-MM-DD (a time-axis position in a description); '' when missing."""
    if type(value) is date:  # what the queries give (`queries.run`): no Timestamp needed
        return value.isoformat()
    if missing(value):
        return ""
    return as_date(value).isoformat()


_ISO_CUT = {"month": 7, "year": 4}  # an ISO date cut to what its precision knows: 2015-09, 2014


def period_text(start: object, end: object, year: object = None, lang: str = "en",
                precision: object = None) -> str:
    """'2015-09-01 – 2019-09-30', 'as of 2022-09-30' (only an end) or the single year (in Arabic
    the dates in words: '1 سبتمبر 2015 – 30 سبتمبر 2019'); a bound known to the month or year
    only (`precision`, facts.date_precision) is written so: '2015-09 – 2019-09', 'سبتمبر 2015'."""
    if not missing(year):
        return str(int(cast(float, year)))
    prec = precision if precision in ("month", "year") else "day"
    if lang == "ar":  # "1 سبتمبر 2015": an ISO date inside an Arabic line reads in the wrong order
        s, e = date_text(start, prec, lang), date_text(end, prec, lang)
    else:
        s, e = iso_date(start)[: _ISO_CUT.get(prec)], iso_date(end)[: _ISO_CUT.get(prec)]
    if s and e:
        return f"{s} – {e}"
    return f"{t('as_of', lang)} {e}" if e else (f"{s} – …" if s else "")


def plain(value: object) -> str:
    """A cell as text: dates as ISO dates, missing as empty, whole floats without '.0'."""
    if value is None or (not isinstance(value, str | list | tuple) and missing(value)):
        return ""
    if isinstance(value, datetime):  # a pandas Timestamp too
        return str(value.date())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def evidence(r: dict, lang: str) -> tuple[Evidence, ...]:
    """A row's quote, its English translation (unofficial) and the curator's note, each only
    when the row has one."""
    labels = {"quote": t("quote_label", lang), "quote_en": t("quote_en", lang), "note": t("note", lang)}
    return tuple(Evidence(k, labels[k], str(r[k])) for k in labels
                 if not missing(r.get(k)) and str(r.get(k)).strip())


def _row_hovers(frame_rows: list[dict], lang: str) -> list[Hover]:
    """Per row: the label, the figure as stated, the period, the source, and the quote with its
    translation and the curator's note."""
    out = []
    for r in frame_rows:
        lines = []
        if r.get("value_text"):
            lines.append(f"{r['value_text']} ({vocab('qualifier', r.get('qualifier'), lang)})")
        period = period_text(r.get("period_start"), r.get("period_end"), r.get("year"), lang, r.get("date_precision"))
        if period:
            lines.append(f"{t('period', lang)}: {period}")
        out.append(Hover(str(r.get("label") or r.get("title") or ""), tuple(lines),
                         t("source_line", lang) if r.get("source_title") else "", str(r.get("source_title") or ""),
                         evidence=evidence(r, lang)))
    return out


# The source rows under a chart (HTML pack): these columns where the frame has them.
ROW_COLUMNS = ("label", "wg_name", "actor_name", "country", "title", "topic", "body_name", "role", "date_start",
               "year", "period_start", "period_end", "value_text", "facts", "events", "visits", "groups", "dates",
               "source_title", "publisher", "published", "quote", "quote_en", "note")


def source_rows(frame: Rows, lang: str) -> Table:
    """Every row behind the chart with its figure, source and quote, in the language."""
    cols = [c for c in ROW_COLUMNS if c in frame.columns]
    words = {c: [topic_label(x, lang) if c == "topic" else vocab("role", x, lang) for x in frame.column(c)]
             for c in ("topic", "role") if c in cols}  # codes in words
    cells = [dict(r) for r in frame.records()]
    for column, values in words.items():
        for r, value in zip(cells, values, strict=True):
            r[column] = value
    head = [column_label(c, lang) if c in COLUMNS else t(c, lang) for c in cols]
    return Table(head, [[plain(r[c]) for c in cols] for r in cells], keys=cols)


def _table(frame: Rows, columns: list[tuple[str, str]]) -> Table:
    return Table([h for _, h in columns], [[plain(r[c]) for c, _ in columns] for r in frame.records()])


def _notes(frame: Rows, on_axis: bool, lang: str) -> list[str]:
    """Footnotes: the qualifier key, rows the source gives no number for, self-contradictions."""
    notes = []
    if "qualifier" in frame.columns:
        quals = set(frame.present("qualifier"))
        if quals - {"exact", "vague"}:
            notes.append(label("qualifier_key", lang))
        if on_axis and "vague" in quals and "value_text" in frame.columns:
            items = "; ".join(f"{r['label']}: {r['value_text']}" for r in frame.records() if r["qualifier"] == "vague")
            notes.append(f"{t('not_on_axis', lang)}: {items}")
    if "conflict_ids" in frame.columns:
        ids = sorted({i for v in frame.present("conflict_ids") for i in str(v).split()})
        if ids:
            notes.append(f"{t('conflict_note', lang)} {', '.join(ids)}")
    return notes


_LABEL_COLUMNS = ("label", "title", "wg_name", "actor_name", "country", "topic", "body_name")
_COUNT_COLUMNS = ("facts", "events", "visits", "groups")
_ID_COLUMNS = ("fact_id", "event_id", "fact_ids", "event_ids", "wg_id", "doc_id", "conflict_ids")


def _source_words(r: dict, lang: str) -> str:
    """'title — publisher, 15 December 2014' (a grouped row's titles as they are)."""
    title = "" if missing(r.get("source_title")) else str(r["source_title"])
    if not title:
        return ""
    bits = [b for b in (plain(r.get("publisher")), date_text(r.get("published"), "day", lang)) if b]
    return f"{title} — {'، '.join(bits) if lang == 'ar' else ', '.join(bits)}" if bits else title


def figures(frame: Rows, lang: str, panels: list[str] | None = None) -> list[Figure]:
    """Each row as a briefer cites it: label, figure with its qualifier in words, period, source,
    evidence, ids; `panels` names the panel each row is drawn on."""
    out = []
    for i, r in enumerate(frame.records()):
        name = next((r[c] for c in _LABEL_COLUMNS if c in r and not missing(r[c]) and str(r[c]).strip()), "")
        if name and "topic" in r and name == r["topic"]:
            name = topic_label(str(name), lang)
        if not missing(r.get("value_text")) and r.get("value_text"):
            figure = str(r["value_text"])
            if not missing(r.get("qualifier")):
                figure += f" ({vocab('qualifier', r['qualifier'], lang)})"
        else:
            count = next((c for c in _COUNT_COLUMNS if c in r and not missing(r[c])), None)
            figure = f"{plain(r[count])} ({column_label(count, lang) if count in COLUMNS else t(count, lang)})" \
                if count else ""
            if count and not missing(r.get("qualifier")):
                figure += f", {vocab('qualifier', r['qualifier'], lang)}"
        if not missing(r.get("date_start")):
            period = date_text(r["date_start"], r.get("date_precision") or "day", lang)
        else:
            period = period_text(r.get("period_start"), r.get("period_end"), r.get("year"), lang,
                                 r.get("date_precision"))
        refs = tuple(x for c in _ID_COLUMNS if not missing(r.get(c)) for x in str(r[c]).split())
        out.append(Figure(str(name), figure, period, _source_words(r, lang), evidence(r, lang), refs,
                          panels[i] if panels else ""))
    return out


def _finish(chart: Chart, frame: Rows, panels: list[str] | None = None) -> Chart:
    """Notes, source rows (each on its panel of `panels`) and, for a category chart with nothing to
    draw, the table instead."""
    lang = chart.lang
    drawn = chart.kind in CATEGORY_KINDS and not chart.is_empty
    if chart.kind in CATEGORY_KINDS and not drawn and len(frame):
        cols = [(c, column_label(c, lang)) for c in frame.columns
                if c in ("label", "title", "wg_name", "actor_name", "country", "value_text", "year")]
        chart.table = _table(frame, cols or [(c, c) for c in frame.columns[:4]])
        chart.instead = label("table_fallback", lang)
    chart.notes = _notes(frame, drawn, lang)
    chart.rows = source_rows(frame, lang)
    chart.figures = figures(frame, lang, panels)
    chart.empty_text = t("no_data", lang)
    return chart


def _groups(records: list[dict], column: str) -> dict[Any, list[dict]]:
    """The rows (dicts) by their value of `column`, in sorted order of the values; rows with
    none are left out."""
    groups: dict[Any, list[dict]] = {}
    for r in records:
        if not missing(r[column]):
            groups.setdefault(r[column], []).append(r)
    return {key: groups[key] for key in sorted(groups)}


def _count_summary(frame: Rows, cat: str, value: str | None, name: str) -> Panel:
    """A bar panel of `value` summed (or rows counted) per `cat`, largest last (drawn bottom-up)."""
    totals: dict[Any, float] = {}
    for r in frame.records():  # first-seen order, then a stable sort by total
        key = r[cat]
        if missing(key):
            continue
        add = 1 if value is None else (0 if missing(r[value]) else r[value])
        totals[key] = totals.get(key, 0) + add
    counts = sorted(totals.items(), key=lambda kv: kv[1])
    values: list[float | None] = [float(v) for _, v in counts]
    return Panel([Series(name, "count", [str(c) for c, _ in counts], values, [plain(v) for v in values])])


# ---------------------------------------------------------------- the views' builders

MEASURED_UNITS = ("usd", "percent", "km", "km2", "kg", "tonnes")  # not counts: fractional ticks are fine

def by_unit(frame: Rows, lang: str, title: str) -> Chart:
    """Labelled figures as horizontal bars, one panel per unit; vague rows listed off the axis."""
    chart = Chart(BARS_BY_UNIT, title, lang, height=220)
    if frame.empty:
        return _finish(chart, frame)
    raw = frame.records()  # each panel takes its rows by position
    vague = [r for r in raw if r["qualifier"] == "vague"]
    plotted = [k for k, r in enumerate(raw) if r["qualifier"] != "vague"]
    chart.off_axis = [(str(r["label"]), str(r["value_text"])) for r in vague]
    chart.off_axis_title = t("not_on_axis", lang)
    units = list(dict.fromkeys(raw[k]["unit"] for k in plotted))
    for i, unit in enumerate(units):
        part = [k for k in plotted if raw[k]["unit"] == unit][::-1]  # drawn bottom-up: the first row on top
        periods = [period_text(raw[k].get("period_start"), raw[k].get("period_end"), raw[k].get("year"), lang,
                               raw[k].get("date_precision")) for k in part]
        cats = [f"{raw[k]['label']} ({p})" if p else str(raw[k]["label"]) for k, p in zip(part, periods, strict=True)]
        name = vocab("unit", unit, lang)
        chart.panels.append(Panel([Series(name, "figure", cats, [raw[k]["value"] for k in part],
                                          [raw[k]["value_text"] for k in part],
                                          _row_hovers([raw[k] for k in part], lang), color=i)],
                                  name=name, value_title=name, counts=unit not in MEASURED_UNITS))
    if units:
        chart.row_px = 48
        chart.height = 140 + chart.row_px * len(plotted) + 70 * len(units) + 22 * len(vague)
    return _finish(  # several units: each row cited on its unit's panel
        chart, frame, [vocab("unit", r["unit"], lang) for r in raw] if len(units) > 1 else None)


def readings(frame: Rows, lang: str, title: str) -> Chart:
    """Per-year figures shown; a passage of the source that contradicts one drawn beside it."""
    chart = Chart(READINGS, title, lang, height=420)
    if frame.empty:
        chart.height = 220
        return _finish(chart, frame)
    shown = [r for r in frame.records() if r["shown"]]
    other = [r for r in frame.records() if not r["shown"]]
    alt = t("alternative_reading", lang)
    series = [Series(t("shown_reading", lang), "shown", [str(r["year"]) for r in shown], [r["value"] for r in shown],
                     [r["value_text"] for r in shown], _row_hovers(shown, lang))]
    if other:
        series.append(Series(alt, "other_passage", [str(r["year"]) for r in other], [r["value"] for r in other],
                             [f"{r['value_text']} ({alt})" for r in other], _row_hovers(other, lang), mark="marker"))
        chart.callouts = [Callout(str(r["year"]), float(r["value"]), f"{t('conflict_note', lang)} {r['conflict_ids']}")
                          for r in other]
    chart.panels = [Panel(series, value_title=t("meetings", lang), category_title=t("year", lang), horizontal=False,
                          sort_categories=True, counts=True)]
    chart.value_range = (0, float(max(frame.present("value"), default=0) or 1) * 1.45)
    return _finish(chart, frame)


def plenaries(frame: Rows, lang: str, title: str) -> Chart:
    """Plenary counts per working group, active and former groups as two series."""
    chart = Chart(GROUPED_BARS, title, lang, height=220)
    if frame.empty:
        return _finish(chart, frame)
    series = []
    for i, (status, part) in enumerate(_groups(frame.records(), "status").items()):
        part = part[::-1]
        cats = [f"{r['wg_name']} ({period_text(r['period_start'], r['period_end'], lang=lang)})" for r in part]
        series.append(Series(vocab("status", status, lang), "figure", cats, [r["value"] for r in part],
                             [r["value_text"] for r in part], _row_hovers(part, lang), color=i))
    chart.panels = [Panel(series, value_title=t("plenaries", lang), counts=True)]
    chart.row_px = 55
    chart.height = 160 + chart.row_px * len(frame)
    return _finish(chart, frame)


def stacked_counts(frame: Rows, lang: str, title: str, category: str, color: str, value: str,
                   category_title: str, value_title: str, color_kind: str | None = None,
                   horizontal: bool = False) -> Chart:
    """Counts per category stacked by a colour column; the count is written on each segment."""
    chart = Chart(STACKED, title, lang, height=220)
    if frame.empty:
        return _finish(chart, frame)
    series = []
    for i, (key, part) in enumerate(_groups(frame.records(), color).items()):
        name = vocab(color_kind, key, lang) if color_kind else str(key)
        hue = QUALIFIER_COLOR.get(str(key), i) if color_kind == "qualifier" else i  # a qualifier keeps its colour
        series.append(Series(name, "count", [str(r[category]) for r in part], [r[value] for r in part],
                             [plain(r[value]) for r in part], color=hue))
    chart.panels = [Panel(series, value_title=value_title, category_title=category_title, horizontal=horizontal,
                          stacked=True, sort_categories=not horizontal, counts=True)]
    chart.row_px = 34 if horizontal else 0
    chart.height = 160 + chart.row_px * len(set(frame.present(category))) if horizontal else 430
    return _finish(chart, frame)


def facts_by_topic(frame: Rows, lang: str, title: str) -> Chart:
    data = frame.with_column("topic", [topic_label(tp, lang) for tp in frame.column("topic")]) if len(frame) else frame
    chart = stacked_counts(data, lang, title, "topic", "qualifier", "facts", "", t("figures", lang),
                           color_kind="qualifier", horizontal=True)
    chart.rows = source_rows(frame, lang)
    return chart


def events_per_year(frame: Rows, lang: str, title: str) -> Chart:
    data = frame.with_column("year", [str(y) for y in frame.column("year")]) if len(frame) else frame
    return stacked_counts(data, lang, title, "year", "body_name", "events", t("year", lang), t("events", lang))


def actor_roles(frame: Rows, lang: str, title: str) -> Chart:
    return stacked_counts(frame, lang, title, "actor_name", "role", "groups", "", t("groups", lang),
                          color_kind="role", horizontal=True)


def _dated_points(frame: Rows, lang: str, title: str, group: str) -> Chart:
    """Dated events as points on a time axis, one row and colour per group."""
    chart = Chart(DATED_POINTS, title, lang, height=220)
    if frame.empty:
        return chart
    groups = _groups(frame.records(), group)
    series = []
    for i, (name, part) in enumerate(groups.items()):
        hovers = [Hover(str(r["title"]), (date_text(r["date_start"], r["date_precision"], lang),),
                        t("source_line", lang), str(r["source_title"]), evidence=evidence(r, lang)) for r in part]
        series.append(Series(str(name), "event", [str(name)] * len(part), [], [], hovers, mark="marker", color=i,
                             starts=[iso_date(r["date_start"]) for r in part],
                             precisions=[r["date_precision"] for r in part]))
    chart.panels = [Panel(series, value_title=t("date", lang))]
    chart.row_px = 34
    chart.height = 200 + chart.row_px * len(groups)
    return chart


def timeline(frame: Rows, lang: str, title: str) -> Chart:
    """Every dated event per body; summarised as events counted per body where no time axis is drawn."""
    chart = _dated_points(frame, lang, title, "body_name")
    if len(frame):
        chart.summary = _count_summary(frame, "body_name", None, t("events", lang))
        chart.instead = label("agg_timeline", lang)
    return _finish(chart, frame)


def country_visits(frame: Rows, lang: str, title: str) -> Chart:
    """Named visits per country on a time axis; listed as a table where no time axis is drawn."""
    chart = _dated_points(frame, lang, title, "country")
    if len(frame):
        data = frame.with_column("date", [  # an ISO date would be reordered in a right-to-left cell
            date_text(r["date_start"], r["date_precision"], lang) if lang == "ar" else plain(r["date_start"])
            for r in frame.records()])
        chart.table = _table(data, [("date", t("date", lang)), ("country", t("country", lang)),
                                    ("body_name", t("body", lang)), ("title", column_label("title", lang))])
        chart.instead = label("table_instead", lang)
    return _finish(chart, frame)


def visits_map(frame: Rows, lang: str, title: str) -> Chart:
    """Countries with named visits; the same visits per country as a bar chart where no map is drawn."""
    n = len(frame)
    recs = frame.records()
    series = Series(t("visits", lang), "visits", [r["country"] for r in recs], [r["visits"] for r in recs],
                    [f"{r['country']}: {r['visits']}" for r in recs],
                    [Hover(str(r["country"]), (f"{t('visits', lang)}: {r['visits']}", str(r["dates"])), bold=True,
                           width=0) for r in recs],
                    codes=[r["iso3"] for r in recs])
    chart = Chart(MAP, title, lang, panels=[Panel([series], value_title=t("visits", lang))], height=460)
    if n:
        chart.summary = _count_summary(frame, "country", "visits", t("visits", lang))
        chart.instead = label("agg_map", lang)
    return _finish(chart, frame)


def _sort_key(r: dict, columns: tuple[str, ...]) -> tuple:
    """A row's sort key over `columns`, missing values last (as pandas sorts them)."""
    return tuple((missing(r[c]), "" if missing(r[c]) else r[c]) for c in columns)


def wg_chairs(frame: Rows, lang: str, title: str) -> Chart:
    """Chairs over time: dated terms as spans, undated roles as 'as of' markers; a table elsewhere."""
    chart = Chart(SPANS, title, lang, height=220)
    if frame.empty:
        return _finish(chart, frame)
    data = [{**r, "row": f"{r['actor_name']} · {r['wg_name']}", "role_text": vocab("role", r["role"], lang),
             "period": period_text(r["period_start"] if r["dated"] else None, r["bar_end"], lang=lang)}
            for r in frame.records()]  # an undated role's period: "as of" the source's date
    dated = [r for r in data if r["dated"]]
    undated = [r for r in data if not r["dated"]]
    series = []
    for i, (role, part) in enumerate(_groups(dated, "role").items()):
        series.append(Series(f"{vocab('role', role, lang)} ({t('dated_role', lang)})", "dated_role",
                             [r["row"] for r in part], [], [r["role_text"] for r in part],
                             [Hover(r["row"], (f"{date_text(r['bar_start'], 'day', lang)} – "
                                               f"{date_text(r['bar_end'], 'day', lang)}",), bold=False, width=48,
                                    evidence=evidence(r, lang)) for r in part],
                             color=i, starts=[iso_date(r["bar_start"]) for r in part],
                             ends=[iso_date(r["bar_end"]) for r in part]))
    if undated:
        series.append(Series(t("undated_role", lang), "undated_role", [r["row"] for r in undated], [],
                             [r["role_text"] for r in undated],
                             [Hover(r["row"], (f"{t('as_of', lang)} {date_text(r['bar_end'], 'day', lang)}",),
                                    bold=False, width=48, evidence=evidence(r, lang))
                              for r in undated],
                             mark="marker", color=3, ends=[iso_date(r["bar_end"]) for r in undated]))
    order = list(dict.fromkeys(r["row"] for r in sorted(data, key=lambda r: _sort_key(r, ("forum", "wg_id", "bar_start")))))
    chart.panels = [Panel(series, value_title=t("date", lang), category_order=order)]
    chart.row_px = 30
    chart.height = 180 + chart.row_px * len(order)
    chart.table = _table(Rows.of(data), [("actor_name", t("actor", lang)), ("wg_name", t("working_group", lang)),
                                         ("role_text", t("role", lang)), ("period", t("period", lang))])
    chart.instead = label("table_instead", lang)
    return _finish(chart, frame)


def rows_table(*columns: str) -> Describer:
    """A table view's description: its `columns` under headings in the language, codes and dates
    in words (`i18n.value_text`), as a slide or a section of the pack draws it; the source rows too."""
    def build(frame: Rows, lang: str, title: str) -> Chart:
        cols = [c for c in columns if c in frame.columns]
        chart = Chart(TABLE, title, lang)
        def cell(column: str, value: object) -> str:  # an ISO date reorders in a right-to-left cell: words
            dated = isinstance(value, datetime | date) and not missing(value)
            return date_text(value, "day", lang) if lang == "ar" and dated else plain(value_text(column, value, lang))

        chart.table = Table([column_label(c, lang) for c in cols],
                            [[cell(c, r[c]) for c in cols] for r in frame.records()], keys=cols)
        chart.rows = source_rows(frame, lang)
        chart.figures = figures(frame, lang)
        return chart

    return build


def metrics(frame: Rows, lang: str, title: str) -> Chart:
    """The headline figures: tiles on the page, a table in the pack."""
    data = frame.with_column("period", [  # in the chart's language, to the precision the source gives
        period_text(r["period_start"], r["period_end"], r["year"], lang, r.get("date_precision"))
        for r in frame.records()])
    chart = Chart(METRICS, title, lang)
    chart.table = _table(data, [("label", column_label("label", lang)),
                                ("value_text", column_label("value_text", lang)), ("period", t("period", lang)),
                                ("source_title", column_label("source_title", lang))])
    chart.notes = _notes(frame, False, lang)
    chart.rows = source_rows(frame, lang)
    chart.figures = figures(frame, lang)
    return chart

