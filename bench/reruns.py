"""Server-side rerun times of every page (Streamlit AppTest), interleaved with their baselines.

For each page one AppTest per database scale plus one for the baseline page (bench/baseline_app.py
rendering the figures and tables harvested from the page at 1x). After warm-up (both filter
states seen, so caches are warm) each repetition changes the year filter on every variant in turn
and times `AppTest.run()`; variants are interleaved so that machine noise hits them alike.

    .venv/bin/python bench/reruns.py --out r.json --scale 1x=DB:DATA --scale 1000x=DB:DATA
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ctdash.pages_table import BY_NAME, NAMES  # noqa: E402

APP = ROOT / "app.py"


def entry(folder: Path) -> Path:
    """app.py's lines as `folder`/app.py, with no pages/ beside it. AppTest (Streamlit 1.67) resets
    the pages-directory flag before every run, so app.py, which has a pages/ folder beside it,
    would take Streamlit's v1 multipage path on every AppTest run: a glob of pages/, a page object
    per file, and the page file run twice (once as a v1 page, once through st.navigation). A
    server takes that path only on a fresh process's first run; from this copy (the app names its
    pages by absolute path) each rerun runs what a server runs on every later rerun."""
    script = folder / "app.py"
    script.write_text(APP.read_text(encoding="utf-8"), encoding="utf-8")
    return script


BASELINE_APP = Path(__file__).with_name("baseline_app.py")
TIMEOUT = 900  # seconds: a first run at 1000x before any fix may be slow
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}  # cpu: this process's CPU time, for a busy machine
clock = CLOCKS["wall"]


@dataclass
class Variant:
    """One AppTest of one page under one environment, toggled between two year ranges."""

    name: str
    at: AppTest
    env: dict[str, str]
    states: tuple[tuple[int, int], tuple[int, int]] = ((0, 0), (0, 0))
    flip: int = 0
    times: list[float] = field(default_factory=list)

    def run(self) -> float:
        os.environ.update(self.env)
        t0 = clock()
        self.at.run()
        elapsed = clock() - t0
        if self.at.exception:
            raise RuntimeError(f"{self.name}: {[e.message for e in self.at.exception]}")
        return elapsed

    def change(self) -> float:
        """Move the year slider to the other state and rerun."""
        self.flip ^= 1
        self.at.slider(key="f_years").set_value(self.states[self.flip])
        return self.run()


def scale_env(db: str, data: str) -> dict[str, str]:
    return {"CTDASH_DB": db, "CTDASH_DATA": data}


def start(name: str, script: Path, page: str | None, env: dict[str, str]) -> Variant:
    """First run of a page (the cold, uncached one: not timed)."""
    at = AppTest.from_file(str(script), default_timeout=TIMEOUT)
    v = Variant(name, at, env)
    v.run()
    if page:
        at.switch_page(str(ROOT / page))  # as documented: after a first run, so the page is found by its path
        v.run()
    lo, hi = at.slider(key="f_years").value
    v.states = ((lo, hi), (lo + 1, hi))
    return v


def harvest(at: AppTest, path: Path) -> dict[str, int]:
    """Store the page's rendered figures (JSON) and tables for the baseline page."""
    specs = [e.proto.spec for e in at.get("plotly_chart")]
    frames = [d.value for d in at.dataframe]
    path.write_bytes(pickle.dumps((specs, frames)))
    return {"charts": len(specs), "tables": len(frames)}


def measure_page(page: str, scales: dict[str, dict[str, str]], reps: int, warm: int,
                 scratch: Path) -> dict[str, object]:
    """Median rerun seconds of the page at each scale and of its baseline."""
    variants = [start(label, entry(scratch), BY_NAME[page].file, env) for label, env in scales.items()]
    first = variants[0]
    pickled = scratch / f"baseline_{page}.pkl"
    counts = harvest(first.at, pickled)
    base = start("baseline", BASELINE_APP, None, {"CTDASH_BENCH_BASELINE": str(pickled)})
    assert harvest(base.at, scratch / "check.pkl") == counts, "baseline renders other content"
    variants.insert(0, base)
    for _ in range(warm):
        for v in variants:
            v.change()
            v.change()
    for r in range(reps):
        order = variants if r % 2 == 0 else variants[::-1]
        for v in order:
            v.times.append(v.change())
    out: dict[str, object] = {"elements": counts}
    out["seconds"] = {v.name: statistics.median(v.times) for v in variants}
    out["samples"] = {v.name: [round(t, 4) for t in v.times] for v in variants}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--scale", action="append", required=True,
                    help="LABEL=DB:DATA, the first one is the reference (1x)")
    ap.add_argument("--page", action="append", help="only these pages (default: all)")
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--warm", type=int, default=1)
    ap.add_argument("--clock", choices=list(CLOCKS), default="wall",
                    help="cpu: the process's CPU time (AppTest runs the script in this process), "
                         "steadier than wall time while other work shares the machine")
    args = ap.parse_args(argv)
    global clock
    clock = CLOCKS[args.clock]
    scales = {}
    for spec in args.scale:
        label, paths = spec.split("=", 1)
        db, data = paths.split(":", 1)
        scales[label] = scale_env(db, data)
    results = {}
    with tempfile.TemporaryDirectory(prefix="ctdash-reruns-") as tmp:
        for page in args.page or list(NAMES):
            t0 = time.perf_counter()
            results[page] = measure_page(page, scales, args.reps, args.warm, Path(tmp))
            print(f"  {page}: {json.dumps(results[page]['seconds'])} ({time.perf_counter() - t0:.0f}s)",
                  file=sys.stderr, flush=True)
    args.out.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
