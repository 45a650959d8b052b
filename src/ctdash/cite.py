"""A chart that travels (issue 15): what its downloaded image is called, the filters in words
(its subtitle), the one-sentence summary under it, and the "Cite this chart" line.

Plain text only: no Streamlit, no Plotly. The summary is written from the chart description
(`ctdash.chartdesc.Chart`) alone, so it says what the drawing shows.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from ctdash.arabic import isolate
from ctdash.chartdesc import Chart
from ctdash.filters import Filters
from ctdash.i18n import date_text, pick_label, t, topic_label

_LABELS: dict[str, tuple[str, str]] = {
    "cite": ("Cite this chart", "الاستشهاد بهذا الرسم"),
    "tools": ("brief, download, cite", "إحاطة وتنزيل واستشهاد"),  # after "Data behind this chart (N rows): "
    "all_actors": ("all states and organisations", "كل الدول والمنظمات"),
    "all_topics": ("all topics", "كل المواضيع"),
    "accessed": ("ctdash, accessed {date}", "ctdash، تاريخ الاطلاع {date}"),
    "sum_values": ("{title}: {n} figures, {period}; the largest is {top}.",
                   "{title}: {n} أرقام، {period}؛ أكبرها {top}."),
    "sum_one": ("{title}: one figure, {period}: {top}.", "{title}: رقم واحد، {period}: {top}."),
    "sum_totals": ("{title}: {n} categories, {period}; the largest is {what} with {top}.",
                   "{title}: {n} فئات، {period}؛ أكبرها {what} بعدد {top}."),
    "sum_points": ("{title}: {n} dated entries in {rows} rows, {period}.",
                   "{title}: {n} مدخلات مؤرخة في {rows} صفوف، {period}."),
    "sum_rows": ("{title}: {n} rows, {period}.", "{title}: {n} صفوف، {period}."),
    "period_span": ("from {a} to {b}", "من {a} إلى {b}"),
    "period_one": ("in {a}", "في {a}"),
}


def label(key: str, lang: str, **fmt: object) -> str:
    """A label of the citation and summary, in `lang`."""
    return pick_label(_LABELS, key, lang, **fmt)


def slug(text: str, max_chars: int = 48) -> str:
    """'GCTF expert meetings per year' -> 'gctf-expert-meetings-per-year': ASCII letters and
    digits joined by hyphens, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for w in words:
        if out and len(out) + 1 + len(w) > max_chars:
            break
        out = f"{out}-{w}" if out else w[:max_chars]
    return out or "chart"


def filters_slug(f: Filters) -> str:
    """2016-2019[_MAR-NLD][_2topics][_ar]: the filters in a file name."""
    parts = [f"{f.years[0]}-{f.years[1]}"]
    if f.actors:
        parts.append("-".join(f.actors[:3]) + ("-etc" if len(f.actors) > 3 else ""))
    if f.topics:
        parts.append(f"{len(f.topics)}topics")
    if f.lang != "en":
        parts.append(f.lang)
    return "_".join(parts)


def image_name(view_slug: str, f: Filters) -> str:
    """The name (without extension) of a chart's downloaded image: gctf-expert-meetings_2016-2019."""
    return f"{view_slug}_{filters_slug(f)}"


def years_text(years: tuple[int, int], lang: str = "en") -> str:
    """'2016–2019'; in Arabic in words, 'من 2016 إلى 2019' (a dash between two numbers reads
    '2019–2016' in a right-to-left line, and a copied citation must not carry invisible isolates)."""
    if years[0] == years[1]:
        return str(years[0])
    return f"من {years[0]} إلى {years[1]}" if lang == "ar" else f"{years[0]}–{years[1]}"


def filters_words(f: Filters, names: dict[str, str] | None = None, labelled: bool = False) -> str:
    """The filters as a reader says them: '2016–2019 · Morocco · all topics' (a chart's subtitle,
    the Briefing page), or `labelled`, 'Years: 2016–2019 · Actors: Morocco · Topics: all' (the
    pack's title slide, footers and notes). `names`: actor id -> name in the language."""
    names, lang = names or {}, f.lang
    sep = "، " if lang == "ar" else ", "
    actors = sep.join(names.get(a, a) for a in f.actors)
    topics = sep.join(topic_label(x, lang) for x in f.topics)
    if labelled:
        return ("؛ " if lang == "ar" else " · ").join([
            f"{t('years', lang)}: {years_text(f.years, lang)}",
            f"{t('actors', lang)}: {actors or t('all', lang)}",
            f"{t('topics', lang)}: {topics or t('all', lang)}",
        ])
    return " · ".join((years_text(f.years, lang), actors or label("all_actors", lang),
                       topics or label("all_topics", lang)))


def cite_line(title: str, f: Filters, source: str, url: str, names: dict[str, str] | None = None,
              today: date | None = None) -> str:
    """Title, the filters, the source (title, publisher, date), who made it and when, the permalink."""
    day = today or date.today()
    when = date_text(day, "day", f.lang) if f.lang == "ar" else day.isoformat()  # an ISO date reorders in Arabic
    link = isolate(url, rtl=False) if f.lang == "ar" and url else url  # else its "?" and "/" move in Arabic
    bits = [title, f"{t('filters_used', f.lang)}: {filters_words(f, names)}", source,
            label("accessed", f.lang, date=when), link]
    return ". ".join(b.rstrip(".") for b in bits if b)


# ---------------------------------------------------------------- summary

def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _years_of(chart: Chart) -> list[int]:
    """The years the marks themselves carry: dates on a time axis, or year categories."""
    found: list[int] = []
    for p in chart.panels:
        for s in p.series:
            found += [int(d[:4]) for d in (*s.starts, *s.ends) if d and d[:4].isdigit()]
            if not (s.starts or s.ends):  # year categories, or the periods written in the labels
                found += [int(y) for c in s.categories for y in _YEAR.findall(c)]
    return found


def _period(chart: Chart, years: tuple[int, int]) -> str:
    found = _years_of(chart)
    a, b = (min(found), max(found)) if found else years
    return label("period_one", chart.lang, a=a) if a == b else label("period_span", chart.lang, a=a, b=b)


def summary(chart: Chart, years: tuple[int, int], rows: int) -> str:
    """One sentence saying what the chart shows, its largest figure and the period it covers."""
    lang, title = chart.lang, chart.title
    period = _period(chart, years)
    series = [s for p in chart.panels for s in p.series]
    if any(p.stacked for p in chart.panels):  # counts stacked per category: the largest total
        totals: dict[str, float] = {}
        for s in series:
            for c, v in zip(s.categories, s.values, strict=False):
                totals[c] = totals.get(c, 0.0) + float(v or 0)
        if totals:
            what = max(totals, key=lambda c: totals[c])
            return label("sum_totals", lang, title=title, n=len(totals), period=period, what=what,
                         top=_number(totals[what]))
    marks = [(float(v), txt, c) for p in chart.panels[:1] for s in p.series if s.role != "other_passage"
             for v, txt, c in zip(s.values, s.texts, s.categories, strict=False) if v is not None]
    if marks:
        top = max(marks, key=lambda m: m[0])
        n = sum(1 for p in chart.panels for s in p.series if s.role != "other_passage" for v in s.values
                if v is not None)
        key = "sum_one" if n == 1 else "sum_values"
        text = top[1] or _number(top[0])
        return label(key, lang, title=title, n=n, period=period,
                     top=text if top[2] in text else f"{text} ({top[2]})")
    points = sum(max(len(s.starts), len(s.ends)) for s in series)
    if points:
        n_rows = len({c for s in series for c in s.categories})
        return label("sum_points", lang, title=title, n=points, rows=n_rows, period=period)
    return label("sum_rows", lang, title=title, n=rows, period=period)
