"""The briefer's deck (issue 15): `ctdash export --views` and `--basket` hold exactly the charts
asked for, one chart per slide, each slide with speaker notes carrying the filters, the figures
with their qualifiers, the verbatim Arabic quotes (found in the seeds) with their English
translations, the sources and the conflicts; the dashboard's palette, labels that do not wrap,
slide numbers, a footer with the "as of" date, Noto fonts."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn

from ctdash import basket, export, palette, views
from ctdash.cite import years_text
from ctdash.cli import main
from ctdash.filters import Filters
from ctdash.i18n import vocab

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
TWO = "expert_meetings,cted_visits"


def _translations() -> dict[str, set[str]]:
    """Each curated quote -> its English translations (facts, events, documents)."""
    out: dict[str, set[str]] = {}
    for name in ("facts.csv", "events.csv", "documents.csv"):
        path = ROOT / "data" / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                if r.get("quote") and r.get("quote_en"):
                    out.setdefault(r["quote"], set()).add(r["quote_en"])
    return out


QUOTE_EN = _translations()


def _name(slide) -> str:
    return slide._element.cSld.get("name")


def _notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def chart_slides(prs) -> list:
    return [s for s in prs.slides if _name(s) not in ("title", "closing")]


def quoted(notes: str) -> list[tuple[str, str]]:
    """(Arabic quote, the English translation on the next line) pairs of a notes text."""
    lines = notes.splitlines()
    out = []
    for i, line in enumerate(lines):
        m = re.search(r"«(.+)»\W*$", line)
        if m:
            nxt = re.search(r"“(.+)”\W*$", lines[i + 1]) if i + 1 < len(lines) else None
            out.append((m.group(1), nxt.group(1) if nxt else ""))
    return out


@pytest.fixture(scope="module", params=["en", "ar"])
def two_deck(request, tmp_path_factory) -> tuple[str, Path]:
    """The issue's 'done when' deck, through the CLI, in each language."""
    out = tmp_path_factory.mktemp("two") / f"two_{request.param}.pptx"
    assert main(["export", "--format", "pptx", "--views", TWO, "--years", "2016-2019", "--lang", request.param,
                 "--out", str(out)]) == 0
    return request.param, out


def test_views_deck_has_exactly_the_two_charts_in_order(two_deck) -> None:
    lang, path = two_deck
    prs = Presentation(str(path))
    names = [_name(s) for s in prs.slides]
    assert names[0] == "title" and set(names[3:]) == {"closing"} and len(names) >= 4
    slides = chart_slides(prs)
    assert [_name(s) for s in slides] == ["expert_meetings", "cted_visits"]
    for slide in slides:
        assert sum(1 for sh in slide.shapes if sh.has_chart) == 1
        assert slide.shapes.title.text == views.BY_ID[_name(slide)].title(lang)


def test_each_chart_slide_notes_quote_the_seeds_with_translation(two_deck) -> None:
    lang, path = two_deck
    for slide in chart_slides(Presentation(str(path))):
        notes = _notes(slide)
        pairs = quoted(notes)
        assert pairs, _name(slide)
        for quote, english in pairs:
            assert any(quote in seed for seed in SEEDS), quote  # verbatim, from a seed
            assert english and english in QUOTE_EN[quote], quote  # its own translation
        assert years_text((2016, 2019), lang) in notes.splitlines()[0]  # the sentence names the filters
        shows = "This chart shows" if lang == "en" else "يعرض هذا الرسم"
        assert notes.startswith(shows)


def test_notes_give_figures_with_qualifiers_sources_and_conflicts(two_deck, con) -> None:
    lang, path = two_deck
    slides = {_name(s): s for s in chart_slides(Presentation(str(path)))}
    f = Filters(years=(2016, 2019), lang=lang)
    frame = views.BY_ID["cted_visits"].data(con, f)
    notes = _notes(slides["cted_visits"])
    for r in frame.records():
        assert f"{r['value_text']} ({vocab('qualifier', r['qualifier'], lang)})" in notes
        assert r["source_title"] in notes
    assert "182+ (" + vocab("qualifier", "more_than", lang) + ")" in notes
    meetings = _notes(slides["expert_meetings"])
    assert "C-GL-01" in meetings and "C-GL-02" in meetings  # the conflicts the chart's rows name


def test_notes_and_closing_slide_say_what_is_shown_in_the_decks_language(two_deck, con) -> None:
    """The 'what the charts show' of each conflict, on the chart's speaker notes and on the
    closing notes slide, is conflicts.shown_ar in an Arabic deck and never the English."""
    lang, path = two_deck
    prs = Presentation(str(path))
    slides = {_name(s): s for s in chart_slides(prs)}
    closing = "\n".join(sh.text_frame.text for s in prs.slides if _name(s) == "closing"
                        for sh in s.shapes if sh.has_text_frame)
    stored = {c: (en, ar) for c, en, ar in con.execute("SELECT conflict_id, shown, shown_ar FROM conflicts").fetchall()}
    for cid in ("C-GL-01", "C-GL-02"):
        en, ar = stored[cid]
        want, other = (ar, en) if lang == "ar" else (en, ar)
        for text in (closing, _notes(slides["expert_meetings"])):
            assert f" — {want}" in text and other not in text, cid


def test_arabic_notes_are_right_to_left_with_translations_isolated(con) -> None:
    """Arabic notes run right to left; an English translation inside is a left-to-right isolate
    (so its full stop and quotation marks stay where they belong); English notes isolate the
    Arabic quote the other way."""
    for lang, inner in (("ar", "\u2066“"), ("en", "\u2067«")):
        prs = Presentation(io.BytesIO(export.render_pptx(export.views_pack(con, ["cted_visits"], Filters(lang=lang)))))
        (slide,) = chart_slides(prs)
        paragraphs = list(slide.notes_slide.notes_text_frame._txBody.iter(qn("a:p")))
        texts = ["".join(x.text or "" for x in p.iter(qn("a:t"))) for p in paragraphs]
        isolated = [t for t in texts if inner in t]
        assert isolated and all(t.endswith("\u2069") for t in isolated)
        if lang == "ar":
            assert all(p.find(qn("a:pPr")).get("rtl") == "1" for p in paragraphs)


def test_unknown_view_id_exits_2_and_writes_nothing(tmp_path: Path, capsys) -> None:
    out = tmp_path / "brief.pptx"
    assert main(["export", "--format", "pptx", "--views", "expert_meetings,nope", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "'nope'" in err and "--list-views" in err and "nothing written" in err
    assert list(tmp_path.iterdir()) == []
    assert main(["export", "--format", "html", "--views", "SOURCES", "--out", str(out)]) == 2  # ids are exact
    assert list(tmp_path.iterdir()) == []


def test_tables_can_be_picked_and_become_table_slides(tmp_path: Path, con) -> None:
    """The app's tables (sources, data-quality notes, working groups) go into a briefing too: a
    table slide each, its rows worded (no codes), with speaker notes."""
    out = tmp_path / "tables.pptx"
    assert main(["export", "--format", "pptx", "--views", "sources,conflicts,wg_list", "--out", str(out)]) == 0
    prs = Presentation(str(out))
    cells = [c.text for s in prs.slides for sh in s.shapes if sh.has_table for r in sh.table.rows for c in r.cells]
    titles = con.execute("SELECT title_en FROM sources").fetchall()
    assert all(any(t in c for c in cells) for (t,) in titles)
    ids = [i for (i,) in con.execute("SELECT conflict_id FROM conflicts").fetchall()]
    assert all(i in cells for i in ids)
    assert "date_error" not in cells and "gctf-ftf" not in " ".join(cells)  # worded, no codes
    wg = con.execute("SELECT name_en FROM working_groups WHERE wg_id = 'gctf-ftf'").fetchone()[0]
    assert any(wg in c for c in cells)
    words = [sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame]
    assert not [w for w in words if re.search(r"\bnan\b|\bNone\b", w)]  # a note with no source says none
    with_table = [s for s in prs.slides if any(sh.has_table for sh in s.shapes)]
    assert with_table and all(s.has_notes_slide and s.notes_slide.notes_text_frame.text.strip() for s in with_table
                              if not any("sources" in (sh.name or "").lower() for sh in s.shapes))


def test_list_views_prints_every_exportable_id_with_its_title(capsys) -> None:
    assert main(["export", "--list-views"]) == 0
    lines = capsys.readouterr().out.splitlines()
    pairs = [ln.split(None, 1) for ln in lines]
    assert [p[0] for p in pairs] == list(basket.EXPORTABLE)
    assert all(p[1] == views.BY_ID[p[0]].title("en") for p in pairs)
    assert {"expert_meetings", "cted_visits"} <= {p[0] for p in pairs}


def test_format_and_out_required_without_list_views(tmp_path: Path, capsys) -> None:
    assert main(["export", "--views", TWO]) == 2
    assert "--format is required" in capsys.readouterr().err


def _basket_file(tmp_path: Path) -> Path:
    b = basket.Basket("Coalition brief", "For the Thursday meeting", (
        basket.Item("cted_visits", Filters(years=(2016, 2017))),
        basket.Item("expert_meetings", Filters(years=(2018, 2019))),
    ))
    path = tmp_path / "basket.json"
    path.write_text(basket.to_json(b), encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_basket_deck_keeps_each_items_filters_and_the_title(tmp_path: Path, lang: str) -> None:
    out = tmp_path / "brief.pptx"
    assert main(["export", "--format", "pptx", "--basket", str(_basket_file(tmp_path)), "--lang", lang,
                 "--out", str(out)]) == 0
    prs = Presentation(str(out))
    title = " ".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    assert "Coalition brief" in title and "For the Thursday meeting" in title
    slides = chart_slides(prs)
    assert [_name(s) for s in slides] == ["cted_visits", "expert_meetings"]
    for slide, years in zip(slides, (years_text((2016, 2017), lang), years_text((2018, 2019), lang)), strict=True):
        footer = next(sh for sh in slide.shapes if sh.name == "footer").text_frame.text
        assert years in footer and years in _notes(slide).splitlines()[0]
    charts = [sh.chart for sh in slides[1].shapes if sh.has_chart]
    assert list(charts[0].plots[0].categories) == ["2018", "2019"]  # its own years, not the other item's


def test_basket_html_has_the_items_in_order(tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    assert main(["export", "--format", "html", "--basket", str(_basket_file(tmp_path)), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.index('id="v-cted_visits"') < text.index('id="v-expert_meetings"')
    assert "Coalition brief" in text and "2016–2017" in text and "2018–2019" in text
    assert 'id="v-headlines"' not in text


@pytest.mark.parametrize("content, message", [
    ("{", "not valid JSON"),
    (json.dumps({"ctdash_basket": 1, "items": [{"view": "nope"}]}), "item 1: view: unknown view 'nope'"),
    (json.dumps({"ctdash_basket": 1, "items": [{"view": "cted_visits", "actors": ["ZZZ"]}]}),
     "item 1: actors: unknown actor 'ZZZ'"),
    (json.dumps({"ctdash_basket": 1, "items": []}), "the basket is empty"),
])
def test_bad_basket_exits_2_and_writes_nothing(tmp_path: Path, capsys, content: str, message: str) -> None:
    (tmp_path / "b.json").write_text(content, encoding="utf-8")
    out = tmp_path / "brief.pptx"
    assert main(["export", "--format", "pptx", "--basket", str(tmp_path / "b.json"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and "nothing written" in err
    assert not out.exists()


def test_basket_with_filters_or_views_is_refused(tmp_path: Path, capsys) -> None:
    path = _basket_file(tmp_path)
    out = tmp_path / "x.pptx"
    assert main(["export", "--format", "pptx", "--basket", str(path), "--years", "2016-2019", "--out", str(out)]) == 2
    assert main(["export", "--format", "pptx", "--basket", str(path), "--views", TWO, "--out", str(out)]) == 2
    assert not out.exists()


@pytest.fixture(scope="module")
def whole_2016(con):
    return Presentation(io.BytesIO(export.build_pptx(con, Filters(years=(2016, 2019)))))


def test_one_chart_per_slide_a_panel_each_with_its_own_figures(whole_2016, con) -> None:
    """A chart of several units (panels) becomes a slide per unit, titled with it; its notes cite
    the figures of that unit only."""
    f = Filters(years=(2016, 2019))
    frame = views.BY_ID["coalition_military"].data(con, f)
    units = list(dict.fromkeys(r["unit"] for r in frame.records() if r["qualifier"] != "vague"))
    assert len(units) > 1
    slides = [s for s in whole_2016.slides if _name(s) == "coalition_military"]
    assert len(slides) == len(units)
    for slide, unit in zip(slides, units, strict=True):
        assert sum(1 for sh in slide.shapes if sh.has_chart or sh.has_table) == 1
        assert slide.shapes.title.text.endswith(f" — {vocab('unit', unit, 'en')}")
        quotes = {q for q, _ in quoted(_notes(slide))}
        assert quotes and quotes <= {r["quote"] for r in frame.records() if r["unit"] == unit}
    for slide in chart_slides(whole_2016):
        assert sum(1 for sh in slide.shapes if sh.has_chart or sh.has_table) == 1, _name(slide)
        assert _notes(slide).startswith("This chart shows"), _name(slide)


def test_palette_labels_numbers_and_footer(whole_2016) -> None:
    (slide,) = [s for s in whole_2016.slides if _name(s) == "expert_meetings"]
    (chart,) = [sh.chart for sh in slide.shapes if sh.has_chart]
    fills = {s.name: str(s.format.fill.fore_color.rgb) for s in chart.plots[0].series}
    assert set(fills.values()) == {palette.SHOWN.lstrip("#"), palette.ALTERNATIVE.lstrip("#")}
    for s in chart.plots[0].series:  # every data label on one line
        for dlbl in s._element.iter(qn("c:dLbl")):
            body = dlbl.find(f"{qn('c:tx')}/{qn('c:rich')}/{qn('a:bodyPr')}")
            assert body is not None and body.get("wrap") == "none"
    assert chart.category_axis._element.find(qn("c:tickLblSkip")).get("val") == "1"
    for i, s in enumerate(whole_2016.slides, start=1):
        if _name(s) == "title":
            continue
        number = next(sh for sh in s.shapes if sh.name == "slide_number")
        fld = number._element.find(f".//{qn('a:fld')}")
        assert fld is not None and fld.get("type") == "slidenum" and number.text_frame.text == str(i)
        footer = next(sh for sh in s.shapes if sh.name == "footer").text_frame.text
        assert "As of " in footer


def test_noto_fonts_for_arabic(con) -> None:
    prs = Presentation(io.BytesIO(export.render_pptx(export.views_pack(con, ["expert_meetings"], Filters(lang="ar")))))
    for slide in prs.slides:
        runs = list(slide._element.iter(qn("a:r")))
        assert runs
        for r in runs:
            cs = r.find(f"{qn('a:rPr')}/{qn('a:cs')}")
            assert cs is not None and cs.get("typeface") == "Noto Sans Arabic"


def test_libreoffice_renders_the_arabic_two_chart_deck(tmp_path: Path, con) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("libreoffice not installed")
    path = tmp_path / "two_ar.pptx"
    path.write_bytes(export.render_pptx(export.views_pack(con, TWO.split(","), Filters(years=(2016, 2019), lang="ar"))))
    profile = tmp_path / "profile"
    subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=240)
    pdf = (tmp_path / "two_ar.pdf").read_bytes()
    assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)) == len(Presentation(str(path)).slides)
