"""The briefing pack: every native chart of the deck holds the query's figures; Arabic decks are
right-to-left; the HTML fetches nothing; CLI errors write nothing; LibreOffice renders the deck."""

from __future__ import annotations

import html
import io
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst
from pptx import Presentation
from pptx.oxml.ns import qn

from ctdash import db, export, htmlpack, views
from ctdash.cli import main
from ctdash.filters import Filters
from ctdash.i18n import t, topic_label, vocab

LEGACY_ANNEX = {"2016": 18.0, "2017": 11.0, "2018": 13.0, "2019": 23.0}
GEO = {"choropleth", "scattergeo", "choroplethmap", "scattermap", "densitymap"}
BY_UNIT = {"period_totals", "cted_visits", "cted_activity", "coalition_military", "coalition_stabilization",
           "coalition_messaging", "coalition_finance", "coalition_ftf", "coalition_membership"}



@pytest.fixture(scope="module")
def deck_2016(tmp_path_factory) -> Path:
    """The issue's 'done when' deck, made through the CLI."""
    out = tmp_path_factory.mktemp("deck") / "brief.pptx"
    assert main(["export", "--format", "pptx", "--out", str(out), "--years", "2016-2019"]) == 0
    return out


@pytest.fixture(scope="module")
def deck_ar(con) -> Presentation:
    import io

    return Presentation(io.BytesIO(export.build_pptx(con, Filters(lang="ar"))))


def _key(text: object) -> str:
    return re.sub(r"\s+", "", str(text))


def _view_id(shape) -> str:
    return shape.name.split(":")[0]


def deck_parts(prs) -> tuple[dict[str, list], dict[str, list[list[str]]]]:
    """view id -> its native charts, and view id -> its table rows (over continuation slides)."""
    charts: dict[str, list] = {}
    tables: dict[str, list[list[str]]] = {}
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_chart:
                charts.setdefault(_view_id(shape), []).append(shape.chart)
            elif shape.has_table:
                rows = [[c.text for c in r.cells] for r in shape.table.rows][1:]
                tables.setdefault(_view_id(shape), []).extend(rows)
    return charts, tables


def _label(point) -> str:
    """The data label written on one point of a native chart ("" without one)."""
    dl = point.data_label
    return _key(dl.text_frame.text) if dl.has_text_frame else ""


def chart_points(charts: list) -> Counter:
    """(series, category, value, data label) of every non-empty point of the charts: each figure
    tied to its own category and the text written on its own bar."""
    out: Counter = Counter()
    for chart in charts:
        plot = chart.plots[0]
        cats = list(plot.categories)
        for s in plot.series:
            for i, (c, v) in enumerate(zip(cats, s.values, strict=True)):
                if v is not None:
                    out[(_key(s.name), _key(c), float(v), _label(s.points[i]))] += 1
    return out


def _cat(label: object, ps: object, pe: object, y: object, lang: str, precision: object = None) -> str:
    from ctdash.describe import period_text

    period = period_text(ps, pe, y, lang, precision)
    return _key(f"{label} ({period})" if period else label)


def _n(v: object) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def expected(view_id: str, frame, lang: str) -> Counter:
    """What the page's query says each point of the view's chart is: (series, category, value, label)."""
    rows = frame.records()
    if view_id == "expert_meetings":
        return Counter(
            (_key(t("shown_reading", lang)), str(r["year"]), float(r["value"]), _key(r["value_text"])) if r["shown"]
            else (_key(t("alternative_reading", lang)), str(r["year"]), float(r["value"]),
                  _key(f"{r['value_text']} ({t('alternative_reading', lang)})"))
            for r in rows)
    if view_id in BY_UNIT:
        return Counter((_key(vocab("unit", r["unit"], lang)), _cat(r["label"], r["period_start"], r["period_end"],
                        r["year"], lang, r.get("date_precision")), float(r["value"]), _key(r["value_text"]))
                       for r in rows if r["qualifier"] != "vague")
    if view_id == "wg_plenaries":
        return Counter((_key(vocab("status", r["status"], lang)),
                        _cat(r["wg_name"], r["period_start"], r["period_end"], None, lang), float(r["value"]),
                        _key(r["value_text"])) for r in rows)
    if view_id == "facts_by_topic":
        return Counter((_key(vocab("qualifier", r["qualifier"], lang)), _key(topic_label(r["topic"], lang)),
                        float(r["facts"]), _n(r["facts"])) for r in rows)
    if view_id == "events_per_year":
        return Counter((_key(r["body_name"]), str(r["year"]), float(r["events"]), _n(r["events"])) for r in rows)
    if view_id == "actor_roles":
        return Counter((_key(vocab("role", r["role"], lang)), _key(r["actor_name"]), float(r["groups"]),
                        _n(r["groups"])) for r in rows)
    if view_id == "timeline":
        return Counter((_key(t("events", lang)), _key(b), float(n), _n(n))
                       for b, n in frame.frame.groupby("body_name").size().items())
    if view_id == "visits_map":
        return Counter((_key(t("visits", lang)), _key(r["country"]), float(r["visits"]), _n(r["visits"]))
                       for r in rows)
    raise AssertionError(f"no check for the chart of view {view_id!r}: add one")


TABLE_VIEWS = {"headlines": "value_text", "country_visits": "country", "wg_chairs": "actor_name"}


def check_deck(prs, con, f: Filters) -> set[str]:
    """Every chart and table of the deck against its view's query; returns the view ids exported."""
    charts, tables = deck_parts(prs)
    exported = set(charts) | set(tables)
    for view in views.REGISTRY:
        if view.kind not in ("chart", "metrics"):
            continue
        frame = view.data(con, f)
        if frame.empty:
            assert view.id not in exported, f"{view.id} exported with no data"
            continue
        assert view.id in exported, f"{view.id} has data but is not in the deck"
        if view.id in TABLE_VIEWS:
            rows = tables[view.id]
            assert len(rows) == len(frame), view.id
            col = TABLE_VIEWS[view.id]
            assert Counter(_key(v) for v in frame[col]) <= Counter(_key(c) for r in rows for c in r), view.id
            continue
        assert chart_points(charts[view.id]) == expected(view.id, frame, f.lang), view.id
    unknown = exported - {v.id for v in views.REGISTRY}
    assert not unknown
    return exported


def test_deck_2016_2019_holds_the_queries_figures(deck_2016: Path, con) -> None:
    prs = Presentation(str(deck_2016))
    exported = check_deck(prs, con, Filters(years=(2016, 2019)))
    assert {"expert_meetings", "timeline", "events_per_year", "wg_chairs"} <= exported


def test_expert_meetings_are_the_legacy_annex_as_chart_data(deck_2016: Path) -> None:
    charts, _ = deck_parts(Presentation(str(deck_2016)))
    (chart,) = charts["expert_meetings"]
    plot = chart.plots[0]
    assert list(plot.categories) == list(LEGACY_ANNEX)
    shown = next(s for s in plot.series if s.name == t("shown_reading", "en"))
    assert dict(zip(plot.categories, shown.values, strict=True)) == LEGACY_ANNEX
    # editable: the workbook behind the chart holds the same numbers
    assert chart.part.chart_workbook.xlsx_part is not None
    # the qualifier and the contradiction are said on the slide
    labels = dict(zip(plot.categories, (_label(p) for p in shown.points), strict=True))
    assert labels == {y: _n(v) for y, v in LEGACY_ANNEX.items()}
    other = next(s for s in plot.series if s.name == t("alternative_reading", "en"))
    assert [(c, v, _label(p)) for c, v, p in zip(plot.categories, other.values, other.points, strict=True)
            if v is not None] == [("2017", 18.0, _key("18 (other passage of the source)"))]


def test_deck_check_catches_shifted_labels_and_reversed_categories(deck_2016: Path, con) -> None:
    """The per-category comparison fails on a label moved to the next bar or categories reversed."""
    from pptx.chart.data import CategoryChartData

    f = Filters(years=(2016, 2019))
    prs = Presentation(str(deck_2016))
    charts, _ = deck_parts(prs)
    want = expected("cted_visits", views.BY_ID["cted_visits"].data(con, f), "en")
    (chart,) = charts["cted_visits"]
    assert chart_points([chart]) == want
    plot = chart.plots[0]
    series = plot.series[0]
    texts = [_label(p) for p in series.points]
    for i, p in enumerate(series.points):  # every label one bar further
        p.data_label.text_frame.text = texts[(i + 1) % len(texts)]
    assert chart_points([chart]) != want
    for i, p in enumerate(series.points):
        p.data_label.text_frame.text = texts[i]
    data = CategoryChartData()
    data.categories = list(plot.categories)[::-1]
    data.add_series(series.name, list(series.values))
    chart.replace_data(data)
    assert chart_points([chart]) != want


def test_every_chart_has_a_source_line_and_the_title_slide_states_filters(deck_2016: Path, con) -> None:
    prs = Presentation(str(deck_2016))
    slides = list(prs.slides)
    title_text = " ".join(sh.text_frame.text for sh in slides[0].shapes if sh.has_text_frame)
    assert "2016–2019" in title_text and "Exported on" in title_text
    for slide in slides[1:]:
        if slide._element.cSld.get("name") == "closing":
            continue
        names = [sh.name for sh in slide.shapes]
        assert "source" in names, slide._element.cSld.get("name")
        src = next(sh for sh in slide.shapes if sh.name == "source").text_frame.text
        view = views.BY_ID[slide._element.cSld.get("name")]
        assert src == view.caption(view.data(con, Filters(years=(2016, 2019))), "en")
        assert src.startswith(("Source: ", "Sources: "))
    closing = " ".join(sh.text_frame.text for s in slides if s._element.cSld.get("name") == "closing"
                       for sh in s.shapes if sh.has_text_frame)
    assert "C-GL-01" in closing and "C-GL-02" in closing  # the notes behind the expert-meetings chart
    assert "Legacy paper" in closing


@pytest.mark.parametrize("f", [Filters(years=(2016, 2019)), Filters(topics=("cted_visits",)),
                               Filters(actors=("MAR",), lang="ar")], ids=["2016-2019", "cted", "mar-ar"])
def test_closing_notes_are_exactly_those_touching_exported_rows(con, f: Filters) -> None:
    """A data-quality note is listed when one of its refs is a row behind an exported figure, or
    an exported row names it; no other note is."""
    from ctdash.queries import data_quality_notes

    pack = export.collect(con, f)
    ids: set[str] = set()
    named: set[str] = set()
    for ex in pack.exhibits:
        for col in ("fact_id", "event_id", "fact_ids", "event_ids", "wg_id", "doc_id"):
            if col in ex.rows.columns:
                ids |= {i for v in ex.rows.frame[col].dropna() for i in str(v).split()}
        if "conflict_ids" in ex.rows.columns:
            named |= {i for v in ex.rows.frame["conflict_ids"].dropna() for i in str(v).split()}
    notes = data_quality_notes(con, f)
    want = {r["conflict_id"] for r in notes.records() if set(r["refs"].split()) & ids or r["conflict_id"] in named}
    assert set(pack.conflicts["conflict_id"]) == want
    assert want and len(want) < len(notes)


def test_collect_gives_the_same_pack_as_each_view_on_its_own_and_a_failing_query_raises(con, monkeypatch) -> None:
    """The pack's queries run in worker threads (the topic views' rows from one query): each
    exhibit's rows are exactly its view's own query; a query that fails fails the pack, and no
    worker thread is left behind."""
    import threading
    from dataclasses import replace

    import pandas as pd

    f = Filters(years=(2016, 2019), lang="ar")
    for ex in export.collect(con, f).exhibits:
        own = ex.view.data(con, f)
        assert (ex.rows.columns, ex.rows.types, ex.rows.data) == (own.columns, own.types, own.data), ex.view.id
        pd.testing.assert_frame_equal(ex.rows.frame, own.frame, check_exact=True)

    def boom(con, f, cut=None):
        raise RuntimeError("query failed")

    monkeypatch.setattr(views, "REGISTRY", tuple(replace(v, query=boom) if v.id == "timeline" else v
                                                 for v in views.REGISTRY))
    before = set(threading.enumerate())
    with pytest.raises(RuntimeError, match="query failed"):
        export.collect(con, Filters())
    assert not [t.name for t in set(threading.enumerate()) - before if t.name.startswith("ctdash-pack")]


def test_empty_charts_are_left_out_and_listed(con) -> None:
    f = Filters(topics=("cted_visits",))
    pack = export.collect(con, f)
    exported = {ex.view.id for ex in pack.exhibits}
    assert "expert_meetings" not in exported and "cted_visits" in exported
    assert views.BY_ID["expert_meetings"].title("en") in pack.left_out
    import io

    prs = Presentation(io.BytesIO(export.render_pptx(pack)))
    check_deck(prs, con, f)
    closing = " ".join(sh.text_frame.text for s in prs.slides if s._element.cSld.get("name") == "closing"
                       for sh in s.shapes if sh.has_text_frame)
    assert views.BY_ID["expert_meetings"].title("en") in closing


def test_arabic_deck_is_right_to_left_with_arabic_titles(deck_ar, con) -> None:
    check_deck(deck_ar, con, Filters(lang="ar"))
    titles = []
    for slide in deck_ar.slides:
        paragraphs = list(slide._element.iter(qn("a:p")))
        for shape in slide.shapes:
            if shape.has_chart:
                paragraphs += list(shape.chart._chartSpace.iter(qn("a:p")))
        assert paragraphs
        for p in paragraphs:
            ppr = p.find(qn("a:pPr"))
            assert ppr is not None and ppr.get("rtl") == "1" and ppr.get("algn") == "r"
        if slide.shapes.title is not None:
            titles.append(re.sub(r" \(\d+/\d+\)$", "", slide.shapes.title.text))
    assert titles[0].startswith("ملف إحاطة")
    assert views.BY_ID["expert_meetings"].title("ar") in titles
    assert not any(re.search(r"[A-Za-z]{4,}", x) for x in titles)


def test_arabic_deck_tables_write_periods_in_arabic(deck_ar) -> None:
    """The headline and chairs tables of an Arabic deck say «حتى» with Arabic month names, never
    "as of" with an ISO date that a right-to-left cell reorders."""
    cells = [cell.text for slide in deck_ar.slides for shape in slide.shapes if shape.has_table
             for row in shape.table.rows for cell in row.cells]
    assert any(c.startswith("حتى ") for c in cells)
    assert not any("as of" in c or re.search(r"\d{4}-\d{2}-\d{2}", c) for c in cells), [
        c for c in cells if "as of" in c or re.search(r"\d{4}-\d{2}-\d{2}", c)][:5]


def test_template_master_is_used_and_its_slides_removed(tmp_path: Path, con) -> None:
    tpl = Presentation()  # 4:3, unlike the default 16:9 deck
    tpl.slides.add_slide(tpl.slide_layouts[1]).shapes.title.text = "OLD TEMPLATE SLIDE"
    path = tmp_path / "corporate.pptx"
    tpl.save(str(path))
    out = tmp_path / "brief.pptx"
    out.write_bytes(export.build_pptx(con, Filters(years=(2016, 2019)), template=path))
    prs = Presentation(str(out))
    assert (prs.slide_width, prs.slide_height) == (tpl.slide_width, tpl.slide_height)
    texts = [sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame]
    assert "OLD TEMPLATE SLIDE" not in texts
    import zipfile

    slide_parts = [n for n in zipfile.ZipFile(out).namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
    assert len(slide_parts) == len(prs.slides)
    check_deck(prs, con, Filters(years=(2016, 2019)))


class _Refs(HTMLParser):
    """Everything in an HTML file a browser could fetch: URL attributes, CSS url() and @import."""

    ATTRS = {"src", "href", "srcset", "action", "poster", "data", "xlink:href", "background", "formaction"}

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.css: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._in = tag
        for name, value in attrs:
            if name in self.ATTRS and value:
                self.refs += [v.strip().split(" ")[0] for v in value.split(",")] if name == "srcset" else [value]
            if name == "style" and value:
                self.css.append(value)
            if tag == "link" and name == "rel":
                self.refs.append(f"link:{value}")

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self.css.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in = None


def _external(ref: str) -> bool:
    ref = ref.strip().strip("'\"").lower()
    return ref.startswith(("http:", "https:", "//", "ftp:")) or "cdn" in ref


def _plotted(html_text: str) -> list[list[dict]]:
    """The trace list of every Plotly.newPlot call of a page."""
    dec = json.JSONDecoder()
    return [dec.raw_decode(html_text, m.end())[0]
            for m in re.finditer(r'Plotly\.newPlot\(\s*"[^"]+",\s*', html_text)]


def test_html_is_self_contained_rtl_and_cited(con) -> None:
    body = export.build_html(con, Filters(years=(2016, 2019), lang="ar")).decode("utf-8")
    assert re.search(r'<html lang="ar" dir="rtl">', body)
    parser = _Refs()
    parser.feed(body)
    assert parser.refs, "the table of contents links to sections"
    assert not [r for r in parser.refs if _external(r)]
    css = "\n".join(parser.css)
    assert "@media print" in css
    assert not [u for u in re.findall(r"url\(([^)]*)\)", css) if _external(u)]
    assert not [u for u in re.findall(r"@import\s+([^;]+)", css) if _external(u) or "url" in u]
    assert not re.search(r"<script[^>]*\bsrc=", body)
    pack = export.collect(con, Filters(years=(2016, 2019), lang="ar"))
    after_bundle = body.split("</script>", 1)[1]  # the first script is plotly.js itself
    assert after_bundle.count("Plotly.newPlot(") == sum(ex.chart.kind != "metrics" for ex in pack.exhibits)
    assert "http://" not in after_bundle and "https://" not in after_bundle
    # plotly.js would fetch the map's topojson from a CDN: it must be inlined before any plot
    types = {tr.get("type") for data in _plotted(after_bundle) for tr in data}
    assert types & GEO
    before_plots = after_bundle.split("Plotly.newPlot(", 1)[0]
    assert 'window.PlotlyGeoAssets.topojson=Object.assign(window.PlotlyGeoAssets.topojson||{},{"world_110m":{' \
        in before_plots
    # a data table under each chart, with the quote of every row
    assert body.count('<td class="quote">') >= 20
    assert views.BY_ID["expert_meetings"].title("ar") in body


def _notes_table(body: str) -> dict[str, str]:
    """conflict id -> the 'what the charts show' cell of an HTML pack's data-quality notes table."""
    section = body.split('<section id="notes">', 1)[1].split("</section>", 1)[0]
    return {m.group(1): html.unescape(m.group(2)) for m in
            re.finditer(r"<tr><td>([A-Z]-[A-Z]+-[0-9]+)</td><td>.*?</td><td>.*?</td><td>(.*?)</td>", section)}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_html_notes_table_says_what_is_shown_in_the_packs_language(con, lang: str) -> None:
    """The notes table of an Arabic pack holds conflicts.shown_ar, not the English `shown`."""
    pack = export.views_pack(con, ["expert_meetings"], Filters(years=(2016, 2019), lang=lang))
    cells = _notes_table(htmlpack.render_html(pack).decode("utf-8"))
    assert {"C-GL-01", "C-GL-02"} <= set(cells)
    stored = {c: (en, ar) for c, en, ar in con.execute("SELECT conflict_id, shown, shown_ar FROM conflicts").fetchall()}
    for cid, cell in cells.items():
        en, ar = stored[cid]
        assert cell == (ar if lang == "ar" else en), cid
        assert cell != (en if lang == "ar" else ar), cid


def test_html_map_without_local_geometry_becomes_its_bar_chart(con, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(htmlpack, "TOPOJSON_DIR", tmp_path)
    body = export.build_html(con, Filters(topics=("cted_visits",))).decode("utf-8")
    after_bundle = body.split("</script>", 1)[1]
    assert not {tr.get("type") for data in _plotted(after_bundle) for tr in data} & GEO
    assert "PlotlyGeoAssets" not in after_bundle
    assert "this chart gives the same visits per country" in body


def test_html_external_check_can_fail() -> None:
    parser = _Refs()
    parser.feed('<link rel="stylesheet" href="https://cdn.example/x.css"><div style="background:url(//x.png)">')
    assert [r for r in parser.refs if _external(r)]
    assert [u for u in re.findall(r"url\(([^)]*)\)", "\n".join(parser.css)) if _external(u)]


@pytest.mark.parametrize("argv, message", [
    (["--years", "2019-2016"], "reversed"),
    (["--years", "2016"], "two four-digit years"),
    (["--years", "20x6-2019"], "two four-digit years"),
    (["--actor", "MAR", "--actor", "XXQ"], "unknown actor 'XXQ'"),
    (["--topic", "gctf_nonsense"], "unknown topic 'gctf_nonsense'"),
    (["--template", "/nonexistent/t.pptx"], "no such file"),
])
def test_cli_errors_exit_2_and_write_nothing(tmp_path: Path, capsys, argv: list[str], message: str) -> None:
    out = tmp_path / "brief.pptx"
    out.write_bytes(b"previous deck")
    code = main(["export", "--format", "pptx", "--out", str(out), *argv])
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and "nothing written" in err
    assert out.read_bytes() == b"previous deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.pptx"]


def test_existing_file_replaced_only_by_a_complete_one(tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    out.write_bytes(b"old")

    def half_then_fail(fh) -> None:
        fh.write(b"<!DOCTYPE html><html>half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        export.atomic_write(out, half_then_fail)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.html"]
    assert main(["export", "--format", "html", "--out", str(out), "--years", "2016-2019", "--topic",
                 "gctf_meetings"]) == 0
    new = out.read_bytes()
    assert new.startswith(b"<!DOCTYPE html>") and new.rstrip().endswith(b"</html>")
    assert [p.name for p in tmp_path.iterdir()] == ["brief.html"]


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_pdf_page_counter() -> None:
    assert _pdf_pages(b"<< /Type /Pages /Count 2 >> << /Type /Page >> << /Type/Page /Parent 1 0 R >>") == 2


def test_libreoffice_renders_one_page_per_slide(deck_2016: Path, tmp_path: Path) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        if os.environ.get("CTDASH_REQUIRE_BROWSER"):
            pytest.fail("libreoffice is required (CTDASH_REQUIRE_BROWSER is set) but not installed")
        pytest.skip("libreoffice not installed")
    profile = tmp_path / "profile"
    subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(deck_2016)], check=True, capture_output=True, timeout=240)
    pdf = (tmp_path / "brief.pdf").read_bytes()
    assert _pdf_pages(pdf) == len(Presentation(str(deck_2016)).slides)


@pytest.mark.parametrize("text", ["2016-2019", "٢٠١٦–٢٠١٩", "2016..2019", "2016 to 2019", " 2016 - 2019 "])
def test_cli_and_url_read_a_year_range_alike(text: str) -> None:
    """One year parser (filters.year_span) for the URL and the command line."""
    from ctdash.filters import Vocab, parse

    url, notices = parse({"years": [text]}, Vocab(bounds=(2001, 2025), actors=frozenset(), topics=frozenset()))
    assert export.parse_years(text) == url.years == (2016, 2019) and not notices


def test_each_exhibit_notes_every_conflict_its_rows_touch(con) -> None:
    """The footnote under a chart names every data-quality note its rows carry, no more."""
    pack = export.collect(con, Filters())
    prefix = t("conflict_note", "en")
    checked = 0
    for ex in pack.exhibits:
        ids = sorted({i for v in ex.rows.frame.get("conflict_ids", []).dropna() for i in str(v).split()}) \
            if "conflict_ids" in ex.rows.columns else []
        named = [n.removeprefix(prefix).strip().split(", ") for n in ex.chart.notes if n.startswith(prefix)]
        assert named == ([ids] if ids else []), ex.view.id
        checked += bool(ids)
    assert checked >= 2
    deck = Presentation(io.BytesIO(export.render_pptx(pack)))
    footnotes = "\n".join(sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.name == "footnote")
    notes = [n for ex in pack.exhibits for n in ex.chart.notes if n.startswith(prefix)]
    assert notes and all(n in footnotes for n in notes)


# ---------------------------------------------------------------- issue 14: no live cells in the deck

HOSTILE = ['{=HYPERLINK("http://evil.example/?x","Morocco")}', '=HYPERLINK("http://evil.example/","x")',
           "http://evil.example/", "external:c:\\evil.xlsx", "mailto:a@evil.example", "@SUM(1+1)", "+1+1",
           "internal:Sheet1!A1", "-2+3"]


def _workbook_parts(pptx: bytes) -> dict[str, str]:
    """The XML parts of every workbook embedded in a deck, by '<workbook>/<part>'."""
    import io
    import zipfile

    out = {}
    with zipfile.ZipFile(io.BytesIO(pptx)) as deck:
        for name in deck.namelist():
            if name.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(deck.read(name))) as book:
                    for part in book.namelist():
                        if part.endswith((".xml", ".rels")):
                            out[f"{name}/{part}"] = book.read(part).decode("utf-8")
    return out


def _assert_no_live_cells(parts: dict[str, str]) -> None:
    assert parts, "no embedded workbook"
    for name, xml in parts.items():
        assert "<f>" not in xml and "<f " not in xml, f"formula in {name}"
        assert "<hyperlink" not in xml and "relationships/hyperlink" not in xml, f"link in {name}"


@settings(max_examples=60, deadline=None)
@given(hst.lists(hst.one_of(hst.sampled_from(HOSTILE), hst.text(max_size=30)), min_size=1, max_size=6, unique=True))
def test_chart_workbook_cells_are_plain_strings(names: list[str]) -> None:
    """Whatever a category or series name starts with, the workbook stores it as a string."""
    import io
    import zipfile

    from ctdash.pptx_data import PlainCategoryChartData

    data = PlainCategoryChartData()
    data.categories = names
    data.add_series(names[0], [1.0] * len(names))
    blob = data.xlsx_blob
    with zipfile.ZipFile(io.BytesIO(blob)) as book:
        parts = {p: book.read(p).decode("utf-8") for p in book.namelist() if p.endswith((".xml", ".rels"))}
    _assert_no_live_cells(parts)


def test_chart_workbook_reads_back_as_the_chart_refers_to_it() -> None:
    """A spreadsheet program reading a chart's workbook finds the categories, the series' names
    and values in the cells the chart's XML points at; texts as texts, numbers as numbers."""
    import io

    import openpyxl
    from pptx.chart.xmlwriter import ChartXmlWriter
    from pptx.enum.chart import XL_CHART_TYPE

    from ctdash.pptx_data import PlainCategoryChartData

    data = PlainCategoryChartData()
    data.categories = ["=1+1", "المغرب", "a & <b>", "2016"]
    data.add_series("Meetings", [3, 2.5, None, 0])
    data.add_series("{=x}", [1, 2, 3, 4])
    sheet = openpyxl.load_workbook(io.BytesIO(data.xlsx_blob))["Sheet1"]
    xml = ChartXmlWriter(XL_CHART_TYPE.COLUMN_CLUSTERED, data).xml
    assert "Sheet1!$A$2:$A$5" in xml and "Sheet1!$C$1" in xml and "Sheet1!$C$2:$C$5" in xml
    assert [sheet[f"A{r}"].value for r in range(2, 6)] == ["=1+1", "المغرب", "a & <b>", "2016"]
    assert [sheet["B1"].value, sheet["C1"].value] == ["Meetings", "{=x}"]
    assert [sheet[f"B{r}"].value for r in range(2, 6)] == [3, 2.5, None, 0]
    assert [sheet[f"C{r}"].value for r in range(2, 6)] == [1, 2, 3, 4]
    assert {sheet[f"A{r}"].data_type for r in range(2, 6)} == {"s"}  # "2016" and "=1+1" stay texts


def _hostile_copy(con, texts: list[str]):
    """An in-memory copy of the database whose label columns start with `texts` (in turn), as
    if the validator had let them through."""
    import duckdb as ddb

    hostile = ddb.connect(":memory:")
    for table in ("sources", "actors", "working_groups", "facts", "fact_actors", "events", "event_actors",
                  "wg_roles", "documents", "conflicts", "actor_aliases", "coverage_exclusions"):
        frame = con.execute(f"SELECT * FROM {table}").df()  # noqa: F841 (read by DuckDB by name)
        hostile.execute(f"CREATE TABLE {table} AS SELECT * FROM frame")
    for i, (table, column) in enumerate([("actors", "name_en"), ("facts", "label_en"), ("events", "title_en"),
                                         ("working_groups", "name_en"), ("documents", "title_en")]):
        hostile.execute(f"UPDATE {table} SET {column} = ? || ' ' || {column}", [texts[i % len(texts)]])
    db.derive(hostile)
    return hostile


def test_deck_from_hostile_labels_holds_no_formula_or_link(con) -> None:
    """The issue's label in actors.csv (and its kind in the other label columns): the deck's
    workbooks stay inert."""
    parts = _workbook_parts(export.build_pptx(_hostile_copy(con, HOSTILE), Filters()))
    _assert_no_live_cells(parts)
    strings = "".join(xml for name, xml in parts.items() if name.endswith("sheet1.xml"))
    assert '<t xml:space="preserve">{=HYPERLINK(' in strings  # the hostile label did reach a workbook, as text


def _plot_texts(html_text: str) -> list[str]:
    """Every string in the data and layout of each Plotly.newPlot call of a page."""
    dec = json.JSONDecoder()
    out: list[str] = []
    for m in re.finditer(r'Plotly\.newPlot\(\s*"[^"]+",\s*', html_text):
        data, end = dec.raw_decode(html_text, m.end())
        layout, _ = dec.raw_decode(html_text, html_text.index("{", end))
        stack = [data, layout]
        while stack:
            node = stack.pop()
            if isinstance(node, str):
                out.append(node)
            elif isinstance(node, dict):
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
    return out


def test_html_pack_shows_a_link_in_a_label_as_text(con) -> None:
    """`<a href=...>` in a label is text in the HTML pack's charts, never a link."""
    link = '<a href="http://evil.example/">Morocco</a>'
    page = export.build_html(_hostile_copy(con, [link]), Filters()).decode("utf-8")
    texts = _plot_texts(page)
    assert texts and not [s for s in texts if "<a" in s]
    assert any("&lt;a href=" in s for s in texts)
    assert '<a href="http://evil.example/' not in page


def test_validator_refuses_formula_and_link_labels(project: Path) -> None:
    from conftest import set_cell

    from ctdash.validate import validate

    set_cell(project / "data/actors.csv", 0, "name_en", HOSTILE[0])
    set_cell(project / "data/facts.csv", 0, "label_en", "http://evil.example/")
    set_cell(project / "data/events.csv", 0, "note", "@SUM(1+1)")
    messages = [str(p) for p in validate(project / "data")[1]]
    assert any(m.startswith("data/actors.csv:2: name_en: starts like a spreadsheet formula") for m in messages), messages
    assert any(m.startswith("data/facts.csv:2: label_en: starts like a link") for m in messages), messages
    assert any(m.startswith("data/events.csv:2: note: starts like a spreadsheet formula") for m in messages), messages
