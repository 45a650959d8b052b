"""The synthetic fact base of bench/synth.py: it keeps the data contract, and the app copes at 1000x.

The 1000x database takes a minute to validate and build, so it is built once and kept in the
system temp folder under a digest of everything it is made from (reused by later sessions).
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ctdash import views
from ctdash.i18n import t
from ctdash.validate import validate

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("synth", ROOT / "bench" / "synth.py")
synth = importlib.util.module_from_spec(_spec)
sys.modules["synth"] = synth  # dataclasses look their module up there
_spec.loader.exec_module(synth)

from ctdash.pages_table import BY_NAME, NAMES  # noqa: E402


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth.generate(3, tmp_path_factory.mktemp("synth3"))


def test_3x_passes_the_validator(three: Path):
    _, problems = validate(three)
    assert problems == [], [str(p) for p in problems[:10]]


def test_3x_triples_the_scaled_tables_and_keeps_the_rest(three: Path):
    curated = synth.row_counts(ROOT / "data")
    counts = synth.row_counts(three)
    for name, n in curated.items():
        if name in ("facts", "fact_actors", "events", "event_actors", "documents"):
            assert counts[name] == 3 * n, name
        elif name == "wg_roles":  # copies that would repeat a key are dropped
            assert n < counts[name] <= 3 * n
        else:
            assert counts[name] == n, name


def test_copy_zero_is_the_curated_data_and_copies_reuse_real_quotes(three: Path):
    curated = _rows(ROOT / "data" / "facts.csv")
    facts = _rows(three / "facts.csv")
    assert facts[: len(curated)] == curated
    quotes = {(r["source_id"], r["quote"], r["value"]) for r in curated}
    copies = facts[len(curated):]
    assert all((r["source_id"], r["quote"], r["value"]) in quotes for r in copies)
    assert len({r["fact_id"] for r in facts}) == len(facts)


def test_copies_spread_over_years_and_actors(three: Path):
    def years(rows: list[dict[str, str]]) -> set[str]:
        return {r["date_start"][:4] for r in rows}

    assert years(_rows(three / "events.csv")) > years(_rows(ROOT / "data" / "events.csv"))
    kinds = {r["actor_id"]: r["kind"] for r in _rows(ROOT / "data" / "actors.csv")}
    curated = _rows(ROOT / "data" / "fact_actors.csv")
    copies = _rows(three / "fact_actors.csv")[len(curated):]
    pairs = list(zip(curated * 2, copies, strict=True))
    assert any(a["actor_id"] != b["actor_id"] for a, b in pairs)  # states are permuted ...
    for a, b in pairs:  # ... among states only; other actors stay
        assert kinds[b["actor_id"]] == "state" if kinds[a["actor_id"]] == "state" else a == {
            **b, "fact_id": a["fact_id"]}


def _digest() -> str:
    h = hashlib.sha256()
    for path in sorted([*ROOT.glob("data/*.csv"), *ROOT.glob("seeds/*.txt"), ROOT / "bench" / "synth.py",
                        ROOT / "src" / "ctdash" / "schema.sql"]):
        h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()[:16]


@pytest.fixture(scope="session")
def db_1000x() -> tuple[Path, Path]:
    """(database, data dir) of the 1000x fact base, built once and reused while its inputs hold."""
    home = Path(tempfile.gettempdir()) / f"ctdash-synth-1000x-{_digest()}"
    if not (home / "ctdash.duckdb").exists():
        scratch = Path(tempfile.mkdtemp(prefix="ctdash-synth-"))
        synth.build_scale(1000, scratch)
        try:
            scratch.rename(home)
        except OSError:  # another session won the race
            shutil.rmtree(scratch, ignore_errors=True)
    return home / "ctdash.duckdb", home / "data"


@pytest.mark.parametrize("page", NAMES)
def test_every_page_renders_at_1000x(page: str, db_1000x: tuple[Path, Path], monkeypatch):
    db, data = db_1000x
    monkeypatch.setenv("CTDASH_DB", str(db))
    monkeypatch.setenv("CTDASH_DATA", str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    at.switch_page(BY_NAME[page].file).run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value == t(f"page_{page}", "en")
    assert len(at.get("plotly_chart")) == len(views.charts_of_page(page))
    assert os.environ["CTDASH_DB"] == str(db)


def test_grouped_rows_stay_small_at_1000x(db_1000x: tuple[Path, Path]):
    """An aggregate names at most PROVENANCE_CAP rows and counts the rest, so the figures, data
    views and CSVs of grouped charts do not grow with the fact base."""
    import duckdb

    from ctdash import queries as q
    from ctdash.filters import Filters

    con = duckdb.connect(str(db_1000x[0]), read_only=True)
    try:
        frame = q.facts_by_topic(con, Filters(years=q.year_bounds(con))).frame
    finally:
        con.close()
    big = frame[frame["facts"] > q.PROVENANCE_CAP]
    assert len(big), "the 1000x base should have groups larger than the cap"
    for row in big.itertuples(index=False):
        ids = row.fact_ids.split(" ")
        assert ids[-1] == f"(+{row.facts - q.PROVENANCE_CAP})" and ids[-2] == "…"
        assert len(ids) == q.PROVENANCE_CAP + 2
        assert row.quote.endswith(f"… (+{row.facts - q.PROVENANCE_CAP} more rows)")
