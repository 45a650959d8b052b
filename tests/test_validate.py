"""Every validator rule: one broken fixture per rule, asserting the FILE:LINE: column: message."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, rewrite, set_cell
from hypothesis import given, settings
from hypothesis import strategies as hst

from ctdash.schema import TABLE_BY_NAME
from ctdash.validate import EXTRA_COLUMNS, parse_table, validate


def messages(project: Path) -> list[str]:
    _, problems = validate(project / "data")
    return [str(p) for p in problems]


def first_row(project: Path, table: str, **match: str) -> int:
    with (project / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            if all(row[k] == v for k, v in match.items()):
                return i
    raise LookupError(match)


def test_shipped_data_is_valid() -> None:
    parsed, problems = validate(ROOT / "data")
    assert problems == []
    assert sum(len(parsed[t].rows) for t in ("facts", "events")) >= 200


def test_missing_column(project: Path) -> None:
    rewrite(project / "data/facts.csv", lambda h, rows: (h[:-1], [r[:-1] for r in rows]))
    assert "facts.csv:1: note: missing column" in "\n".join(messages(project)).replace("data/", "")


def test_unknown_column(project: Path) -> None:
    rewrite(project / "data/events.csv", lambda h, rows: (h + ["colour"], [r + ["red"] for r in rows]))
    assert "data/events.csv:1: colour: unknown column" in messages(project)


def test_non_numeric_value(project: Path) -> None:
    set_cell(project / "data/facts.csv", 0, "value", "twelve")
    assert "data/facts.csv:2: value: not a number: 'twelve'" in messages(project)


def test_bad_date(project: Path) -> None:
    set_cell(project / "data/events.csv", 2, "date_start", "2017-02-30")
    assert any(m.startswith("data/events.csv:4: date_start: bad date '2017-02-30'") for m in messages(project))


def test_date_in_other_format(project: Path) -> None:
    set_cell(project / "data/events.csv", 0, "date_end", "14/12/2017")
    assert any(m.startswith("data/events.csv:2: date_end: bad date '14/12/2017'") for m in messages(project))


def test_unknown_qualifier(project: Path) -> None:
    set_cell(project / "data/facts.csv", 1, "qualifier", "roughly")
    assert any(m.startswith("data/facts.csv:3: qualifier: unknown value 'roughly'") for m in messages(project))


def test_unknown_topic(project: Path) -> None:
    set_cell(project / "data/facts.csv", 1, "topic", "weather")
    assert any(m.startswith("data/facts.csv:3: topic: unknown value 'weather'") for m in messages(project))


def test_duplicate_key(project: Path) -> None:
    rewrite(project / "data/facts.csv", lambda h, rows: (h, rows + [rows[0]]))
    msgs = [m for m in messages(project) if "duplicate key" in m]
    assert len(msgs) == 1
    assert msgs[0].startswith("data/facts.csv:") and ": fact_id: duplicate key F-" in msgs[0]
    assert "(first on line 2)" in msgs[0]


def test_dangling_foreign_key(project: Path) -> None:
    set_cell(project / "data/fact_actors.csv", 0, "actor_id", "ATLANTIS")
    assert "data/fact_actors.csv:2: actor_id: 'ATLANTIS' is not a known actors.actor_id" in messages(project)


def test_quote_not_in_source(project: Path) -> None:
    set_cell(project / "data/facts.csv", 0, "quote", "جملة لا وجود لها في المصدر 12")
    msgs = messages(project)
    assert any(m.startswith("data/facts.csv:2: quote: not found verbatim in source") for m in msgs)


def test_quote_must_be_byte_exact(project: Path) -> None:
    """A quote retyped with Western digits, or with Arabic yeh for Farsi yeh, is not verbatim."""
    i = first_row(project, "facts", source_id="ctc_2017")
    path = project / "data/facts.csv"
    quote = list(csv.DictReader(path.open(encoding="utf-8")))[i]["quote"]
    from ctdash.arabic import to_western_digits

    assert to_western_digits(quote) != quote
    set_cell(path, i, "quote", to_western_digits(quote))
    assert any(m.startswith(f"data/facts.csv:{i + 2}: quote: not found verbatim") for m in messages(project))


def test_value_not_in_quote(project: Path) -> None:
    i = first_row(project, "facts", fact_id="F-CA-001")
    set_cell(project / "data/facts.csv", i, "value", "183")
    assert f"data/facts.csv:{i + 2}: value: 183 is not stated in the quote" in messages(project)


def test_seed_changed(project: Path) -> None:
    seed = project / "seeds/002_8d2130c7a167a3e2.txt"
    seed.write_bytes(seed.read_bytes().replace(b"182", b"183", 1))
    msgs = messages(project)
    assert any(m.startswith("data/sources.csv:4: sha256: seed seeds/002_8d2130c7a167a3e2.txt changed") for m in msgs)


def test_not_utf8(project: Path) -> None:
    path = project / "data/actors.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1256", errors="replace"))
    msgs = messages(project)
    assert any(m.startswith("data/actors.csv:") and "not UTF-8" in m for m in msgs)


def test_bom(project: Path) -> None:
    path = project / "data/documents.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert "data/documents.csv:1: -: file starts with a byte-order mark (BOM); save as UTF-8 without BOM" in messages(project)


def test_empty_file(project: Path) -> None:
    (project / "data/conflicts.csv").write_bytes(b"")
    assert "data/conflicts.csv:1: -: file is empty (expected a header row)" in messages(project)


def test_missing_table_file(project: Path) -> None:
    (project / "data/wg_roles.csv").unlink()
    assert "data/wg_roles.csv:0: -: table file missing" in messages(project)


def test_wrong_field_count(project: Path) -> None:
    path = project / "data/actors.csv"
    path.write_text(path.read_text(encoding="utf-8") + "XYZ,Nowhere\n", encoding="utf-8")
    assert any(m.endswith("-: 2 fields, header has 5") for m in messages(project))


def test_conflict_refs_must_exist(project: Path) -> None:
    set_cell(project / "data/conflicts.csv", 0, "refs", "F-XX-999")
    assert any("refs: 'F-XX-999' is not a known" in m for m in messages(project))


def test_line_numbers_count_multiline_fields(project: Path) -> None:
    """A quoted field spanning lines must not shift the line numbers of later rows."""
    path = project / "data/actors.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + 'ZZZ,"two\nlines",اسم,state,ZZZ\nYYY,Y,ي,planet,\n', encoding="utf-8")
    last = text.count("\n") + 3
    assert f"data/actors.csv:{last}: kind: unknown value 'planet' (one of: company, forum, institution, intergovernmental, other, state, un_body)" in messages(project)


@pytest.mark.parametrize("table", ["facts", "events", "documents", "working_groups", "wg_roles"])
def test_every_quote_is_verbatim(table: str) -> None:
    """Belt and braces over the validator: each quote is a byte substring of its seed file."""
    sources = {r["source_id"]: (ROOT / r["file"]).read_bytes() for r in csv.DictReader((ROOT / "data/sources.csv").open(encoding="utf-8"))}
    for row in csv.DictReader((ROOT / f"data/{table}.csv").open(encoding="utf-8")):
        assert row["quote"].encode("utf-8") in sources[row["source_id"]], row


# ---------------------------------------------------------------- one failing fixture per remaining rule

def _row(project: Path, table: str, **match: str) -> tuple[int, dict[str, str]]:
    i = first_row(project, table, **match) if match else 0
    rows = list(csv.DictReader((project / "data" / f"{table}.csv").open(encoding="utf-8", newline="")))
    return i, rows[i]


def test_fact_period_ending_before_it_starts(project: Path) -> None:
    i, row = _row(project, "facts", fact_id="F-GL-001")
    assert row["period_start"] == "2015-09-01"
    set_cell(project / "data/facts.csv", i, "period_end", "2014-01-01")
    assert f"data/facts.csv:{i + 2}: period_end: ends (2014-01-01) before it starts (2015-09-01)" in messages(project)


def test_event_ending_before_it_starts(project: Path) -> None:
    i, row = _row(project, "events", event_id="E-CR-003")
    set_cell(project / "data/events.csv", i, "date_end", "2016-01-01")
    assert f"data/events.csv:{i + 2}: date_end: ends (2016-01-01) before it starts ({row['date_start']})" \
        in messages(project)


def test_month_precision_needs_the_first_of_the_month(project: Path) -> None:
    i, row = _row(project, "events", event_id="E-CR-003")
    set_cell(project / "data/events.csv", i, "date_precision", "month")
    assert f"data/events.csv:{i + 2}: date_start: month precision: use the first of the month" in messages(project)


def test_year_precision_needs_january_first(project: Path) -> None:
    i, row = _row(project, "events", event_id="E-CR-003")
    set_cell(project / "data/events.csv", i, "date_precision", "year")
    assert f"data/events.csv:{i + 2}: date_start: year precision: use YYYY-01-01" in messages(project)


def test_implausible_year(project: Path) -> None:
    i, _ = _row(project, "facts", fact_id="F-GL-001")
    set_cell(project / "data/facts.csv", i, "year", "1850")
    assert f"data/facts.csv:{i + 2}: year: implausible year 1850" in messages(project)


def test_event_year_not_in_quote_needs_a_note(project: Path) -> None:
    i, row = _row(project, "events", event_id="E-GL-001")
    assert "2011" in row["quote"] and row["date_start"] == "2011-01-01"
    set_cell(project / "data/events.csv", i, "date_start", "2012-01-01")
    set_cell(project / "data/events.csv", i, "note", "")
    want = f"data/events.csv:{i + 2}: date_start: year 2012 is not in the quote; say in note how the date was resolved"
    assert want in messages(project)
    set_cell(project / "data/events.csv", i, "note", "Dated from the annex.")  # a note says how: accepted
    assert want not in messages(project)


def test_shown_must_be_one_of_the_refs(project: Path) -> None:
    set_cell(project / "data/conflicts.csv", 0, "shown", "F-GL-001: the body figure")
    assert "data/conflicts.csv:2: shown: 'F-GL-001' is not one of the refs" in messages(project)


def _numbers(text: str) -> list[str]:
    """The numbers a text states, row ids left out (F-GL-021, C-KC-01)."""
    import re

    return sorted(re.findall(r"[0-9]+", re.sub(r"\b[A-Z]+-[A-Z]+-[0-9]+\b", "", text)))


def test_every_shown_has_its_arabic_opening_with_the_same_id() -> None:
    """Arabic decks and packs show `shown_ar`: one for every `shown`, opening with its row id (or
    `لا ترجيح` for `none`), in Arabic, with the English text's numbers and row ids."""
    import re

    from ctdash.schema import SHOWN_NONE_AR

    with (ROOT / "data/conflicts.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for r in rows:
        if not r["shown"]:
            continue
        shown_id = r["shown"].split(":", 1)[0].strip()
        want = SHOWN_NONE_AR if shown_id == "none" else shown_id
        assert r["shown_ar"].startswith(want + ": "), r["conflict_id"]
        body = r["shown_ar"].split(":", 1)[1]
        assert re.search("[\u0621-\u064a]", body) and not re.search("[a-z]{3,}", body), r["conflict_id"]
        assert _numbers(r["shown_ar"]) == _numbers(r["shown"]), r["conflict_id"]
        ids = re.compile(r"\b[A-Z]+-[A-Z]+-[0-9]+\b")
        assert sorted(ids.findall(r["shown_ar"])) == sorted(ids.findall(r["shown"])), r["conflict_id"]


def test_shown_ar_required_where_shown_is_set(project: Path) -> None:
    set_cell(project / "data/conflicts.csv", 0, "shown_ar", "")
    assert ("data/conflicts.csv:2: shown_ar: required where shown is set: the Arabic of what the charts show"
            in messages(project))


def test_shown_ar_starts_with_the_id_of_shown(project: Path) -> None:
    i = first_row(project, "conflicts", conflict_id="C-GL-02")
    set_cell(project / "data/conflicts.csv", i, "shown_ar", "F-GL-021: يُعرض مجموع الفترة كما ورد")
    assert any(m.startswith(f"data/conflicts.csv:{i + 2}: shown_ar: must start with 'F-GL-005'")
               for m in messages(project))
    none = first_row(project, "conflicts", conflict_id="C-KC-03")
    set_cell(project / "data/conflicts.csv", none, "shown_ar", "none: يبقى التاريخان")
    assert any(m.startswith(f"data/conflicts.csv:{none + 2}: shown_ar: must start with 'لا ترجيح'")
               for m in messages(project))


@pytest.mark.parametrize(("value", "message"), [
    ("=F-GL-005: يُعرض", "starts like a spreadsheet formula"),
    ("F-GL-005: يُعرض مجموع الفترة (أكثر من ٦٥)", "write numbers in Western digits (found '٦')"),
])
def test_shown_ar_is_plain_text_with_western_digits(project: Path, value: str, message: str) -> None:
    i = first_row(project, "conflicts", conflict_id="C-GL-02")
    set_cell(project / "data/conflicts.csv", i, "shown_ar", value)
    assert any(m.startswith(f"data/conflicts.csv:{i + 2}: shown_ar: {message}") for m in messages(project)), \
        messages(project)


def test_empty_value_only_for_vague_figures(project: Path) -> None:
    i, row = _row(project, "facts", fact_id="F-GL-001")
    assert row["qualifier"] == "exact"
    set_cell(project / "data/facts.csv", i, "value", "")
    assert f"data/facts.csv:{i + 2}: value: empty value (only a 'vague' figure may have none)" in messages(project)


def test_over_long_quote(project: Path) -> None:
    from ctdash.validate import MAX_QUOTE

    i, row = _row(project, "facts", fact_id="F-GL-001")
    set_cell(project / "data/facts.csv", i, "quote", row["quote"] + " " + "و" * MAX_QUOTE)
    msgs = messages(project)
    assert f"data/facts.csv:{i + 2}: quote: longer than {MAX_QUOTE} characters; take the shortest span" in msgs


def test_non_finite_number(project: Path) -> None:
    set_cell(project / "data/facts.csv", 0, "value", "inf")
    assert "data/facts.csv:2: value: not a finite number: 'inf'" in messages(project)


def test_duplicate_column(project: Path) -> None:
    rewrite(project / "data/actors.csv", lambda h, rows: (h + ["kind"], [r + [r[h.index("kind")]] for r in rows]))
    assert "data/actors.csv:1: kind: column appears more than once" in messages(project)


def test_malformed_csv(project: Path) -> None:
    path = project / "data/actors.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines) + 'ZZZ,"Nowhere"x,اسم,state,\n', encoding="utf-8")
    assert any(m.startswith(f"data/actors.csv:{len(lines) + 1}: -: malformed CSV: ") for m in messages(project))


def test_unknown_table_file(project: Path) -> None:
    (project / "data/notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert any(m.startswith("data/notes.csv:0: -: unknown table file (expected one of: ") for m in messages(project))


def test_seed_not_found(project: Path) -> None:
    (project / "seeds/002_8d2130c7a167a3e2.txt").unlink()
    assert "data/sources.csv:4: file: seed file not found: seeds/002_8d2130c7a167a3e2.txt" in messages(project)


def test_data_folder_missing(tmp_path: Path) -> None:
    _, problems = validate(tmp_path / "nowhere")
    assert [str(p) for p in problems] == [f"{tmp_path / 'nowhere'}:0: -: data folder not found"]


# ---------------------------------------------------------------- quote_en, labels, periods (issue 13)

@pytest.mark.parametrize("table", ["facts", "events", "wg_roles", "working_groups", "documents"])
def test_quote_en_is_required_in_every_quoted_table(project: Path, table: str) -> None:
    set_cell(project / "data" / f"{table}.csv", 3, "quote_en", "")
    assert f"data/{table}.csv:5: quote_en: required: the English translation of the quote is empty" in messages(project)


def test_quote_en_must_state_the_value(project: Path) -> None:
    i = first_row(project, "facts", fact_id="F-CA-002")
    set_cell(project / "data/facts.csv", i, "quote_en", "CTED has conducted more than 180 visits to more than 112 Member States")
    assert f"data/facts.csv:{i + 2}: quote_en: 182 is not stated in the translation (write it in Western digits)" in messages(project)


def test_quote_en_number_in_words_does_not_count(project: Path) -> None:
    i = first_row(project, "facts", fact_id="F-GL-002")
    set_cell(project / "data/facts.csv", i, "quote_en", "During their two consecutive terms, Morocco and the Netherlands built a strong partnership")
    assert f"data/facts.csv:{i + 2}: quote_en: 2 is not stated in the translation (write it in Western digits)" in messages(project)


def test_quote_en_must_use_western_digits(project: Path) -> None:
    i = first_row(project, "facts", fact_id="F-CR-002")
    set_cell(project / "data/facts.csv", i, "quote_en", "the Executive Directorate conducted ١٨ assessment visits")
    msgs = messages(project)
    assert f"data/facts.csv:{i + 2}: quote_en: write numbers in Western digits (found '١')" in msgs
    assert f"data/facts.csv:{i + 2}: quote_en: 18 is not stated in the translation (write it in Western digits)" in msgs


@pytest.mark.parametrize(("value", "text", "unit", "ok"), [
    (21248, "at least 21,248 kilograms of explosive hazards", "kg", True),
    (630000, "with the direct participation of 630,000 people", "people", True),
    (22200000000, "more than 22.2 billion dollars", "usd", True),
    (1500000, "more than 1.5 million Iraqis", "people", True),
    (1.7, "about 1.7 million square metres", "km2", True),
    (33.3, "ready to meet one third of the costs", "percent", True),
    (50, "less than half of the peak in 2014", "percent", True),
    (62, "62 percent of the territory", "percent", True),
    (182, "more than 18 visits to 2 states", "count", False),
    (2, "more than 2,000 square kilometres", "km2", False),
    (22.2, "22,2 billion", "usd", False),  # a decimal comma is not English
    (33.3, "one third", "count", False),
])
def test_value_in_translation(value: float, text: str, unit: str, ok: bool) -> None:
    from ctdash.validate import value_in_translation

    assert value_in_translation(value, text, unit) is ok


def test_label_ar_must_not_be_a_quote_fragment_with_the_figure(project: Path) -> None:
    i = first_row(project, "facts", fact_id="F-CA-002")
    set_cell(project / "data/facts.csv", i, "label_ar", "أكثر من 182 زيارة")
    j = first_row(project, "facts", fact_id="F-GL-004")
    set_cell(project / "data/facts.csv", j, "label_ar", "أعضائه الثلاثين")
    msgs = messages(project)
    for row in (i, j):
        assert (f"data/facts.csv:{row + 2}: label_ar: a fragment of the quote that repeats the figure; "
                "write a label (the body and what is counted) instead") in msgs


def test_date_precision_must_fit_the_bounds(project: Path) -> None:
    path = project / "data/facts.csv"
    a = first_row(project, "facts", fact_id="F-CO-001")  # as of 2017-03-22
    set_cell(path, a, "date_precision", "year")
    b = first_row(project, "facts", fact_id="F-GL-007")  # no dates
    set_cell(path, b, "date_precision", "month")
    c = first_row(project, "facts", fact_id="F-CA-002")
    set_cell(path, c, "date_precision", "fortnight")
    msgs = messages(project)
    assert f"data/facts.csv:{a + 2}: date_precision: year precision: period_start on 1 January or period_end on 31 December" in msgs
    assert f"data/facts.csv:{b + 2}: date_precision: set without period_start or period_end" in msgs
    assert any(m.startswith(f"data/facts.csv:{c + 2}: date_precision: unknown value 'fortnight'") for m in msgs)


def test_month_precision_needs_a_month_bound(project: Path) -> None:
    i = first_row(project, "facts", fact_id="F-CO-017")  # July 2016: 2016-07-01 .. 2016-07-31
    path = project / "data/facts.csv"
    set_cell(path, i, "period_start", "2016-07-02")
    assert not any(m.startswith(f"data/facts.csv:{i + 2}: date_precision") for m in messages(project))
    set_cell(path, i, "period_end", "2016-07-30")
    assert f"data/facts.csv:{i + 2}: date_precision: month precision: period_start on the first of a month or period_end on its last day" in messages(project)


def test_one_year_figure_keeps_its_period_in_that_year(project: Path) -> None:
    i = first_row(project, "facts", fact_id="F-CO-028")  # 2018
    set_cell(project / "data/facts.csv", i, "period_start", "2017-03-22")
    assert f"data/facts.csv:{i + 2}: period_start: 2017-03-22 is outside year 2018; a one-year figure's period lies within its year" in messages(project)


def test_a_period_start_needs_an_end(project: Path) -> None:
    i = first_row(project, "facts", fact_id="F-CO-016")
    set_cell(project / "data/facts.csv", i, "period_end", "")
    assert f"data/facts.csv:{i + 2}: period_end: a period with a start needs an end (the as-of date)" in messages(project)


# ---------------------------------------------------------------- issue 14: costly headers


def test_header_far_wider_than_the_table_is_refused_whole() -> None:
    """A header of commas is one problem naming the count, not a check per cell (that check was
    quadratic: 200,000 commas took 37 s)."""
    _, problems = parse_table(b"," * 20_000 + b"\n", TABLE_BY_NAME["facts"], Path("facts.csv"), "facts.csv")
    columns = TABLE_BY_NAME["facts"].column_names
    assert [str(p) for p in problems] == [
        f"facts.csv:1: -: header has 20001 columns; table facts has {len(columns)} ({', '.join(columns)})"
    ]


def test_cli_validate_refuses_a_header_of_200000_commas(project: Path) -> None:
    """The issue's case end to end: `ctdash validate` says what is wrong with the header."""
    (project / "data/facts.csv").write_bytes(b"," * 200_000 + b"\n")
    proc = subprocess.run([sys.executable, "-m", "ctdash", "validate", "--data", str(project / "data")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    width = len(TABLE_BY_NAME["facts"].column_names)
    assert f"data/facts.csv:1: -: header has 200001 columns; table facts has {width} (" in proc.stderr


@settings(max_examples=200, deadline=None)
@given(hst.lists(hst.sampled_from([*TABLE_BY_NAME["actors"].column_names, "", "colour", "x:y"]),
                 min_size=1, max_size=len(TABLE_BY_NAME["actors"].column_names) + EXTRA_COLUMNS))
def test_header_checks_are_exact(header: list[str]) -> None:
    """Missing, unknown and repeated cells are each reported once, as before the linear rewrite."""
    table = TABLE_BY_NAME["actors"]
    raw = (",".join(f'"{h}"' for h in header) + "\n").encode()
    _, problems = parse_table(raw, table, Path("a.csv"), "a.csv")
    got = {(p.column, p.message) for p in problems}
    assert len(got) == len(problems)
    show = {"": "(blank)", "x:y": "'x\\x3ay'"}
    want = {(c, "missing column") for c in table.column_names if c not in header}
    want |= {(show.get(c, c), "unknown column") for c in header if c not in table.column_names}
    want |= {(show.get(c, c), "column appears more than once") for c in header if header.count(c) > 1}
    assert got == want, header
