"""A synthetic fact base at N times the curated row counts, for benchmarks and scale tests.

Copy 0 is the curated data unchanged. Copies 1..N-1 reuse real rows (their quotes, values and
labels stay verbatim, so `ctdash validate` still passes) under new ids, with their dates shifted
by a whole number of years and their state actors permuted, so the copies spread over years and
actors while keeping the curated mix of topics, sources, units and qualifiers.

Scaled tables: facts, fact_actors, events, event_actors, documents, wg_roles. Reference tables
(sources, actors, actor_aliases, working_groups, conflicts, coverage_exclusions) are copied as
they are: five seed documents, the same actors and working groups.

    .venv/bin/python bench/synth.py --scale 100 --out /tmp/ct100 [--build]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ctdash.db import build  # noqa: E402

DATA = ROOT / "data"
SEEDS = ROOT / "seeds"
MAX_YEAR = 2025  # no copy moves a date past this year
SHIFT = (-15, 3)  # range of whole-year shifts for a copy
SCALED = ("facts", "fact_actors", "events", "event_actors", "documents", "wg_roles")

Row = dict[str, str]


@dataclass(frozen=True)
class Shape:
    """How one scaled table is copied: its id column, ids it points to, date and year columns."""

    id_col: str | None = None
    ref_cols: tuple[str, ...] = ()
    date_cols: tuple[str, ...] = ()
    year_cols: tuple[str, ...] = ()
    key: tuple[str, ...] = ()  # for tables without an id: drop copies whose key repeats


SHAPES = {
    "facts": Shape("fact_id", date_cols=("period_start", "period_end"), year_cols=("year",)),
    "fact_actors": Shape(ref_cols=("fact_id",)),
    "events": Shape("event_id", date_cols=("date_start", "date_end")),
    "event_actors": Shape(ref_cols=("event_id",)),
    "documents": Shape("doc_id", year_cols=("year",)),
    "wg_roles": Shape(date_cols=("period_start", "period_end"),
                      key=("wg_id", "actor_id", "role", "period_start")),
}


def read_csv(path: Path) -> tuple[list[str], list[Row]]:
    """Header and rows of one curated CSV."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, header: list[str], rows: Iterable[Row]) -> int:
    """Write rows the way the curated files are written (QUOTE_MINIMAL); return the row count."""
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        w.writeheader()
        for row in rows:
            w.writerow(row)
            n += 1
    return n


def _shift_date(value: str, years: int) -> str:
    if not value or not years:
        return value
    d = date.fromisoformat(value)
    day = 28 if (d.month, d.day) == (2, 29) else d.day
    return d.replace(year=d.year + years, day=day).isoformat()


def _row_shift(row: Row, shape: Shape, wanted: int) -> int:
    """The copy's shift, clipped so that no date of the row lands after MAX_YEAR."""
    years = [int(row[c][:4]) for c in shape.date_cols if row[c]]
    years += [int(row[c]) for c in shape.year_cols if row[c]]
    return min(wanted, MAX_YEAR - max(years)) if years else wanted


def copy_id(value: str, k: int) -> str:
    """Id of copy k of a curated row (copy 0 keeps the curated id)."""
    return value if k == 0 else f"{value}-x{k:04d}"


def _copy_row(row: Row, shape: Shape, k: int, shift: int, actors: dict[str, str]) -> Row:
    out = dict(row)
    if shape.id_col:
        out[shape.id_col] = copy_id(row[shape.id_col], k)
    for c in shape.ref_cols:
        out[c] = copy_id(row[c], k)
    if "actor_id" in out:
        out["actor_id"] = actors.get(row["actor_id"], row["actor_id"])
    s = _row_shift(row, shape, shift)
    for c in shape.date_cols:
        out[c] = _shift_date(row[c], s)
    for c in shape.year_cols:
        if row[c]:
            out[c] = str(int(row[c]) + s)
    if s and "note" in out and shape.id_col == "event_id":
        # The validator asks events whose year is not in the quote to say why in `note`.
        out["note"] = (row["note"] + " " if row["note"] else "") + f"[synthetic copy: dates shifted {s:+d} years]"
    return out


def _plans(scale: int, states: list[str], seed: int) -> list[tuple[int, dict[str, str]]]:
    """Per copy: a year shift and a permutation of the state actors (copy 0: none)."""
    rng = random.Random(seed)
    plans: list[tuple[int, dict[str, str]]] = [(0, {})]
    for _ in range(1, scale):
        shift = rng.randint(*SHIFT)
        perm = states[:]
        if rng.random() >= 0.3:  # keep the curated actor mix in some copies, spread it in others
            rng.shuffle(perm)
        plans.append((shift, dict(zip(states, perm, strict=True))))
    return plans


def generate(scale: int, out: Path, seed: int = 0, data_dir: Path = DATA, seeds: Path = SEEDS) -> Path:
    """Write `out/data/*.csv` at `scale` times the curated rows (and link `out/seeds`); return out/data."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    out = Path(out)
    target = out / "data"
    target.mkdir(parents=True, exist_ok=True)
    link = out / "seeds"
    if not link.exists():
        try:
            link.symlink_to(seeds.resolve(), target_is_directory=True)
        except OSError:  # file systems without symlinks
            shutil.copytree(seeds, link)
    _, actors = read_csv(data_dir / "actors.csv")
    states = sorted(a["actor_id"] for a in actors if a["kind"] == "state")
    plans = _plans(scale, states, seed)
    for path in sorted(data_dir.glob("*.csv")):
        name = path.stem
        if name not in SCALED:
            shutil.copyfile(path, target / path.name)
            continue
        header, rows = read_csv(path)
        write_csv(target / path.name, header, _copies(rows, SHAPES[name], plans))
    return target


def _copies(rows: list[Row], shape: Shape, plans: list[tuple[int, dict[str, str]]]) -> Iterable[Row]:
    seen: set[tuple[str, ...]] = set()
    for k, (shift, actors) in enumerate(plans):
        for row in rows:
            new = row if k == 0 else _copy_row(row, shape, k, shift, actors)
            if shape.key:
                key = tuple(new[c] for c in shape.key)
                if key in seen:
                    continue
                seen.add(key)
            yield new


def row_counts(data_dir: Path) -> dict[str, int]:
    """Rows per table file of a data dir."""
    counts = {}
    for path in sorted(Path(data_dir).glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            counts[path.stem] = sum(1 for _ in csv.reader(fh)) - 1
    return counts


def build_scale(scale: int, out: Path, seed: int = 0) -> tuple[Path, Path, float]:
    """Generate the data at `scale` and build its database; return (data dir, db path, load seconds).

    Load seconds is `ctdash.db.build`: validate every row against the seeds, then write DuckDB.
    """
    data = generate(scale, out, seed)
    db_path = Path(out) / "ctdash.duckdb"
    t0 = time.perf_counter()
    build(data, db_path)
    return data, db_path, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--build", action="store_true", help="also build out/ctdash.duckdb")
    args = ap.parse_args(argv)
    if args.build:
        data, db_path, seconds = build_scale(args.scale, args.out, args.seed)
        print(f"built {db_path} in {seconds:.1f}s")
    else:
        data = generate(args.scale, args.out, args.seed)
    for name, n in row_counts(data).items():
        print(f"{name:22} {n:>9}")
    print(f"CTDASH_DATA={data} CTDASH_DB={os.path.join(args.out, 'ctdash.duckdb')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
