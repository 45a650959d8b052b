"""Issue 13 curation: English translations of the quotes, roles dated as the source dates them,
roles with no named group, and the rows that say what their sentence says."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from conftest import ROOT, rewrite

from ctdash import db, highlight
from ctdash import queries as q
from ctdash import tables as tq
from ctdash.arabic import to_western_digits
from ctdash.filters import Filters
from ctdash.validate import validate

ALL = Filters(years=(1900, 2100))
# Facts are checked by the validator instead (a fact's value in its translation, where "19 ألف"
# is rightly "19,000"); every quoted table shares one translation per quote.
TRANSLATED = ("events", "wg_roles", "working_groups", "documents")
QUOTED = ("facts", *TRANSLATED)



def rows(table: str) -> list[dict[str, str]]:
    with (ROOT / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("table", TRANSLATED)
def test_every_quote_has_an_english_translation_with_its_numbers_in_western_digits(table: str) -> None:
    for row in rows(table):
        en = row["quote_en"]
        assert en.strip(), (table, row)
        assert not re.search(r"[\u0600-\u06ff]", en), (table, en)  # English, not Arabic left over
        # Every digit run of the quote (any script) is written in the translation in Western digits.
        def runs(text: str) -> list[str]:  # digit runs, thousands separators dropped (1,000 is 1000)
            return re.findall(r"\d+", re.sub(r"(?<=\d),(?=\d{3}\b)", "", text))

        wanted, written = runs(to_western_digits(row["quote"])), runs(en)
        assert all(n in written for n in wanted), (table, row["quote"], en)


def test_rows_sharing_a_quote_share_its_translation() -> None:
    seen: dict[str, str] = {}
    for table in QUOTED:
        for row in rows(table):
            assert seen.setdefault(row["quote"], row["quote_en"]) == row["quote_en"], row["quote"]


def test_ftf_working_group_chairs_in_2019_are_jordan_and_the_united_states(con) -> None:
    chairs = q.wg_chairs_timeline(con, Filters(years=(2019, 2019))).frame
    assert set(chairs.loc[chairs["wg_id"] == "gctf-ftf", "actor_id"]) == {"JOR", "USA"}
    # Morocco and the Netherlands chaired it "then" (حينها): at the 2017 workshop, dated to 2017.
    chairs = q.wg_chairs_timeline(con, ALL).frame
    then = chairs[(chairs["wg_id"] == "gctf-ftf") & (chairs["source_id"] == "gctf_legacy")
                  & chairs["actor_id"].isin(["MAR", "NLD"])]
    assert len(then) == 2 and then["dated"].all()
    assert {str(d) for d in then["period_start"]} == {"2017-01-01"}
    assert {str(d) for d in then["period_end"]} == {"2017-12-31"}


def test_former_chairs_with_no_named_group_are_curated_and_kept_out_of_group_charts(con) -> None:
    former = con.execute("""
        SELECT actor_id, role, CAST(period_end AS VARCHAR) AS period_end, quote FROM wg_roles WHERE wg_id IS NULL ORDER BY actor_id
    """).df()
    assert list(former["actor_id"]) == ["ARE", "GBR", "TUR"]
    assert set(former["role"]) == {"chair"} and {str(d) for d in former["period_end"]} == {"2019-09-30"}
    assert all("الرؤساء السابقون" in quote for quote in former["quote"])
    # Group charts and the working-group list show named groups only, and no empty group appears.
    assert q.wg_chairs_timeline(con, ALL).frame["wg_id"].notna().all()
    assert q.actor_roles(con, ALL).frame.query("actor_id == 'ARE'")["role"].tolist() == ["lead"]
    groups = q.working_groups_list(con, ALL).frame
    assert groups["wg_id"].notna().all()
    assert len(groups) == con.execute("SELECT count(*) FROM working_groups").fetchone()[0]
    # The Sources page finds every row's quote, the group-less roles included (their id has no NULL).
    text = tq.source_text(con, "gctf_legacy")
    quotes = tq.source_quotes(con, "gctf_legacy")
    assert {"-:TUR:chair", "-:ARE:chair", "-:GBR:chair"} <= set(quotes["row_id"])
    spans = highlight.quote_spans(text, zip(quotes["row_id"], quotes["quote"], strict=True))
    assert set(quotes["row_id"]) == set(spans)


def test_a_group_less_role_still_has_a_key(project: Path, tmp_path: Path) -> None:
    """An empty wg_id is allowed, but the same group-less role twice is a duplicate key."""
    def repeat_first_groupless(header: list[str], body: list[list[str]]):
        row = next(r for r in body if r[header.index("wg_id")] == "")
        return header, body + [list(row)]

    rewrite(project / "data/wg_roles.csv", repeat_first_groupless)
    _, problems = validate(project / "data")
    assert any(p.file.endswith("wg_roles.csv") and "duplicate key" in p.message for p in problems)
    # The shipped data builds into DuckDB with NULL wg_ids under the table's UNIQUE key.
    built = db.build(db_path=tmp_path / "t.duckdb")
    con = db.connect(db_path=built, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM wg_roles WHERE wg_id IS NULL").fetchone()[0] == 3
    finally:
        con.close()


def test_rows_follow_their_sentence() -> None:
    events = {r["event_id"]: r for r in rows("events")}
    actors = {}
    for r in rows("event_actors"):
        actors.setdefault(r["event_id"], set()).add((r["actor_id"], r["role"]))
    # ندوة is a seminar.
    assert events["E-GL-002"]["event_type"] == events["E-GL-008"]["event_type"] == "seminar"
    # The border milestone names no actor: no body, no actor rows.
    assert events["E-CO-007"]["body"] == "" and "E-CO-007" not in actors
    # The article's own claim: the FTF working group created at the Sept 2011 New York ministerial.
    kc3 = events["E-KC-003"]
    assert (kc3["date_start"], kc3["date_precision"]) == ("2011-09-01", "month")
    assert "working group" in kc3["title_en"] and "مجموعة العمل" in kc3["title_ar"]
    # Resolution 2322 (2016) as the first focused on law-enforcement cooperation is an event now.
    res = events["E-CR-021"]
    assert (res["body"], res["event_type"], res["date_start"]) == ("UNSC", "adoption", "2016-01-01")
    assert ("UNSC", "organiser") in actors["E-CR-021"]
    with (ROOT / "data/coverage_exclusions.csv").open(encoding="utf-8", newline="") as fh:
        assert not any(r["quote"] in res["quote"] for r in csv.DictReader(fh))


def test_ctitf_working_group_of_cted_is_listed() -> None:
    wg = {r["wg_id"]: r for r in rows("working_groups")}["ctitf-critical-infrastructure"]
    assert wg["source_id"] == "ctc_2017" and "فرقة العمل المعنية بالتنفيذ" in wg["quote"]
