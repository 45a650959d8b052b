"""Coverage: every number and date token in the seeds is cited by a row or excluded with a reason."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import ROOT, rewrite, set_cell

from ctdash.coverage import coverage, share
from ctdash.validate import load_seeds, validate

FLOOR = 0.98


def tokens(root: Path):
    parsed, _ = validate(root / "data", root=root)
    texts, _ = load_seeds(root, parsed["sources"])
    return coverage(parsed, texts)


def test_shipped_data_meets_the_floor() -> None:
    toks = tokens(ROOT)
    missing = [f"{t.source_id}:{t.line} {t.text}" for t in toks if t.status == "missing"]
    assert share(toks) >= FLOOR, missing
    assert len(toks) > 400  # the five seeds hold several hundred number tokens


def test_every_source_is_covered() -> None:
    by_source: dict[str, list] = {}
    for t in tokens(ROOT):
        by_source.setdefault(t.source_id, []).append(t)
    assert set(by_source) == {"gctf_legacy", "kech24_2014", "cted_about", "ctc_2017", "coalition_2017"}
    for src, toks in by_source.items():
        assert share(toks) >= FLOOR, src


def test_removing_rows_shows_as_missing(project: Path) -> None:
    """The measure can fail: drop every coalition fact and its tokens become missing."""
    rewrite(project / "data/facts.csv", lambda h, rows: (h, [r for r in rows if r[1] != "coalition_2017"]))
    rewrite(project / "data/fact_actors.csv", lambda h, rows: (h, [r for r in rows if not r[0].startswith("F-CO-")]))
    ids = {r["conflict_id"] for r in csv.DictReader((project / "data/conflicts.csv").open(encoding="utf-8")) if "F-CO-" in r["refs"]}
    rewrite(project / "data/conflicts.csv", lambda h, rows: (h, [r for r in rows if r[0] not in ids]))
    toks = [t for t in tokens(project) if t.source_id == "coalition_2017"]
    assert share(toks) < 0.5


def test_duplicate_article_counts_once_cited() -> None:
    """The 2014 article is printed twice: both copies' tokens are cited by the one curated quote."""
    toks = [t for t in tokens(ROOT) if t.source_id == "kech24_2014" and t.status == "cited"]
    lines = {t.line for t in toks}
    assert min(lines) < 16 < max(lines)


def test_an_exclusion_covers_only_its_own_token(project: Path) -> None:
    """An exclusion row listing "1" for a quote holding "2015" does not exclude the 2015."""
    path = project / "data/coverage_exclusions.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert rows[0]["token"] == "2015" and rows[1]["token"] == "2019" and rows[0]["quote"] == rows[1]["quote"]
    before = {(t.line, t.text): t.status for t in tokens(project) if t.source_id == "gctf_legacy"}
    set_cell(path, 0, "token", "1")
    after = {(t.line, t.text): t for t in tokens(project) if t.source_id == "gctf_legacy"}
    changed = {k: t.status for k, t in after.items() if t.status != before[k]}
    assert set(changed.values()) == {"missing"} and {text for _, text in changed} == {"2015"}
    assert all(t.status == "excluded" for (_, text), t in after.items() if text == "2019" and t.line == 1)
    set_cell(path, 0, "token", "٢٠١٥")  # the same token in Arabic-Indic digits still matches
    assert {(t.line, t.text): t.status for t in tokens(project) if t.source_id == "gctf_legacy"} == before


def test_an_exclusion_matches_a_number_inside_a_word() -> None:
    from ctdash.coverage import same_token

    assert same_token("كوفيد-19", "19") and same_token("1.", "1") and same_token("٢٠١٧", "2017")
    assert not same_token("1", "2017") and not same_token("2017", "7") and not same_token("كوفيد-19", "9")
