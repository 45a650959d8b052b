"""Briefing pack build against its floor (`pack_build_ratio`), in one process, interleaved.

The pack: `ctdash.export.build_pptx` for the default filters (collect every view from the
database, describe it, render the deck). The floor: a bare python-pptx script writing the same
charts' data (each exhibit's panels as the deck reads them, `ctdash.deck.panels_of`, harvested
once and not timed) as native charts and tables on blank slides, with no styling, into bytes.

    PYTHONPATH=src .venv/bin/python bench/packbuild.py [--db ctdash.duckdb] [--reps 7]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pptx import Presentation  # noqa: E402
from pptx.chart.data import CategoryChartData  # noqa: E402
from pptx.enum.chart import XL_CHART_TYPE  # noqa: E402
from pptx.util import Inches  # noqa: E402

from ctdash.db import reading  # noqa: E402
from ctdash.deck import Panel, panels_of  # noqa: E402
from ctdash.export import build_pptx, collect  # noqa: E402
from ctdash.filters import Filters  # noqa: E402

CHART_TYPE = {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
              "line": XL_CHART_TYPE.LINE}
BOX = (Inches(0.5), Inches(0.5), Inches(9), Inches(6.5))


def harvest(db: Path, f: Filters) -> list[Panel]:
    """Every panel the deck draws for the pack of `f` (charts and tables), data only."""
    with reading(db) as con:
        pack = collect(con, f)
    return [panel for ex in pack.exhibits for panel in panels_of(ex.chart)[0]]


def bare_pptx(panels: list[Panel]) -> bytes:
    """One blank slide per panel: a native chart of its categories and series, or a table."""
    prs = Presentation()
    blank = prs.slide_layouts[6]
    for panel in panels:
        slide = prs.slides.add_slide(blank)
        if panel.kind == "table":
            rows = [panel.columns, *panel.rows]
            table = slide.shapes.add_table(len(rows), len(panel.columns), *BOX).table
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = str(text)
            continue
        data = CategoryChartData()
        data.categories = panel.categories
        for s in panel.series:
            data.add_series(s.name, s.values)
        slide.shapes.add_chart(CHART_TYPE.get(panel.kind, XL_CHART_TYPE.BAR_CLUSTERED), *BOX, data)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def measure(db: Path, reps: int = 7, f: Filters | None = None) -> dict[str, object]:
    """Median seconds of the real pack and of the bare deck, alternated, after one warm-up each."""
    f = f or Filters()
    panels = harvest(db, f)

    def real() -> bytes:
        with reading(db) as con:
            return build_pptx(con, f)

    times: dict[str, list[float]] = {"pack": [], "bare": []}
    sizes = {"pack": len(real()), "bare": len(bare_pptx(panels))}  # warm-up: imports, first charts
    for r in range(reps):
        pair = [("pack", real), ("bare", lambda: bare_pptx(panels))]
        for name, fn in pair if r % 2 == 0 else pair[::-1]:
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    pack, bare = statistics.median(times["pack"]), statistics.median(times["bare"])
    return {"pack_s": pack, "bare_s": bare, "ratio": pack / bare, "panels": len(panels), "bytes": sizes,
            "samples": {k: [round(x, 4) for x in v] for k, v in times.items()}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=ROOT / "ctdash.duckdb")
    ap.add_argument("--reps", type=int, default=7)
    args = ap.parse_args(argv)
    print(json.dumps(measure(args.db, args.reps), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
