"""A mutation pass: realistic one-line bugs, each applied to the source, the tests that guard
that module run, the file restored. Prints each mutation's fate and the survival rate.

    .venv/bin/python bench/mutate.py [--set before|after] [--only N ...] [--out results.json]

A mutation "survives" when the tests still pass with it. The mutation lists name the code as it
is; a mutation whose text is not found exactly once is reported as stale (not counted).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "ctdash"


@dataclass(frozen=True)
class Mutation:
    module: str  # file under src/ctdash
    old: str  # the exact text replaced (must occur once)
    new: str
    tests: tuple[str, ...]  # pytest targets (with -k filters after "::k=")
    what: str


CHART_TESTS = ("tests/test_charts.py",)
DECK_TESTS = ("tests/test_export.py::k=not libreoffice",)
QUERY_TESTS = ("tests/test_queries.py", "tests/test_charts.py")
VALIDATE_TESTS = ("tests/test_validate.py", "tests/test_coverage.py")

BEFORE: list[Mutation] = [
    # charts (the Plotly figures)
    Mutation("charts.py", 'text=part["value_text"], textposition="auto",\n            marker_color=PALETTE[(i - 1)',
             'text=part["value"], textposition="auto",\n            marker_color=PALETTE[(i - 1)', CHART_TESTS,
             "bar labels lose the qualifier (value instead of value_text)"),
    Mutation("charts.py", 'shown = frame[frame["shown"]]', 'shown = frame', CHART_TESTS,
             "expert meetings: the other passage drawn as a bar too"),
    Mutation("charts.py", 'plotted = frame[frame["qualifier"] != "vague"]', 'plotted = frame', CHART_TESTS,
             "vague figures plotted on the axis"),
    Mutation("charts.py", 'fig.update_xaxes(autorange="reversed" if ar else True)', 'fig.update_xaxes(autorange=True)',
             CHART_TESTS, "Arabic charts not mirrored"),
    Mutation("charts.py", '        return f"{s} – {e}"', '        return s', CHART_TESTS, "period shows its start only"),
    Mutation("charts.py", 'fig.add_trace(go.Bar(**bar, name=name, text=part[value], textposition="inside",',
             'fig.add_trace(go.Bar(**bar, name=name, text=list(part[value])[::-1], textposition="inside",',
             CHART_TESTS, "stacked counts: labels in reverse order of their bars"),
    Mutation("charts.py", 'labels = [wrap(f"{n} ({period_text(s, e, lang=lang)})", 45)',
             'labels = [wrap(f"{n} ({period_text(e, s, lang=lang)})", 45)', CHART_TESTS,
             "plenaries: period start and end swapped"),
    Mutation("charts.py", 'text=[f"{v} ({t(\'alternative_reading\', lang)})" for v in other["value_text"]]',
             'text=list(other["value_text"])', CHART_TESTS, "the other passage's marker not marked as such"),
    # renderers (deck and HTML)
    Mutation("export.py", "    values = [float(v) for v in counts.values]\n",
             "    values = [float(v) for v in counts.values][::-1]\n", DECK_TESTS,
             "aggregate panels: values reversed against their categories"),
    Mutation("export.py", '            labels = [points.get(c, (None, ""))[1] for c in cats]',
             '            labels = [points.get(c, (None, ""))[1] for c in reversed(cats)]', DECK_TESTS,
             "deck data labels on the wrong bars"),
    Mutation("export.py", "        data.categories = [neutralise(c) for c in panel.categories]",
             "        data.categories = [neutralise(c) for c in panel.categories][::-1]", DECK_TESTS,
             "deck categories reversed against their values"),
    Mutation("export.py", "                dl.text_frame.text = text", "                dl.text_frame.text = _plain(v)",
             DECK_TESTS, "deck data labels drop the qualifier"),
    Mutation("export.py", 'return [_count_panel(frame, "body_name", None, t("events", lang), lang)]',
             'return [_count_panel(frame, "body_group", None, t("events", lang), lang)]', DECK_TESTS,
             "timeline aggregate counted per body group"),
    Mutation("export.py", "    touches = [bool(set(str(r).split()) & ids) or c in conflict_ids",
             "    touches = [c in conflict_ids", DECK_TESTS, "closing slide drops notes touching exported rows"),
    Mutation("export.py", '    cols = [c for c in _HTML_COLUMNS if c in frame.columns]',
             '    cols = [c for c in _HTML_COLUMNS if c in frame.columns and c != "quote"]', DECK_TESTS,
             "HTML tables lose the quote column"),
    # queries
    Mutation("queries.py", "year(coalesce(e.date_end, e.date_start)) >= $y0", "year(e.date_start) >= $y0",
             QUERY_TESTS, "event year filter ignores date_end"),
    Mutation("queries.py", "magnitude = max(1, min(9, int(math.floor(math.log10(abs(value))))",
             "magnitude = max(1, min(9, int(math.ceil(math.log10(abs(value))))", QUERY_TESTS,
             "vague magnitude rounded up"),
    Mutation("queries.py", '"more_than": ("", "+"),', '"more_than": ("", ""),', QUERY_TESTS,
             "'more than' figures lose their +"),
    Mutation("queries.py", "WHERE (y_to IS NULL OR y_to >= $y0)", "WHERE (y_to IS NULL OR y_from >= $y0)",
             QUERY_TESTS, "fact year filter drops spans that start before the range"),
    Mutation("queries.py", "SELECT {_FACT_COLS}, superseded_by IS NULL AS shown", "SELECT {_FACT_COLS}, TRUE AS shown",
             QUERY_TESTS, "contradicted expert-meeting rows shown as the reading"),
    Mutation("queries.py", 'return f"${n} {en}" if lang == "en"', 'return f"${n}" if lang == "en"', QUERY_TESTS,
             "dollar figures lose bn/m"),
    Mutation("queries.py", "FROM ff WHERE topic = $topic AND superseded_by IS NULL",
             "FROM ff WHERE topic = $topic", QUERY_TESTS, "superseded duplicates shown in topic charts"),
    # validate and coverage
    Mutation("validate.py", "    if a and b and b < a:", "    if a and b and b < a and False:", VALIDATE_TESTS,
             "periods ending before they start accepted"),
    Mutation("validate.py", 'if row["date_precision"] == "month" and start.day != 1:',
             'if row["date_precision"] == "month" and start.month != 1:', VALIDATE_TESTS, "month precision checks the month"),
    Mutation("validate.py", "if not 1900 <= year <= 2100:", "if not 1800 <= year <= 2100:", VALIDATE_TESTS,
             "implausible years from 1800 accepted"),
    Mutation("validate.py", "        if not math.isfinite(number):", "        if math.isnan(number):", VALIDATE_TESTS,
             "infinite numbers accepted"),
    Mutation("validate.py", "            if len(quote) > MAX_QUOTE:", "            if len(quote) > 2 * MAX_QUOTE:",
             VALIDATE_TESTS, "over-long quotes accepted"),
    Mutation("validate.py", "    dupes = {c for c in header if header.count(c) > 1}",
             "    dupes = {c for c in header if header.count(c) > 2}", VALIDATE_TESTS, "duplicate columns accepted"),
    Mutation("validate.py", '        if shown and shown not in row["refs"].split() and shown != "none":',
             '        if shown and shown not in row["refs"].split() and shown != "none" and False:', VALIDATE_TESTS,
             "'shown' outside the refs accepted"),
    Mutation("coverage.py", "    return a == b or re.search(", "    return a in b or b in a or re.search(",
             VALIDATE_TESTS, "coverage exclusions match any token containing theirs"),
]

# The same kinds of bugs in the redesigned code: the description, each renderer, the pack, the
# queries and the validator.
DESC_TESTS = ("tests/test_charts.py", "tests/test_export.py::k=not libreoffice")
EVIDENCE_TESTS = ("tests/test_actors.py::k=not page and not profile_page", "tests/test_charts.py")
AFTER: list[Mutation] = [
    Mutation("describe.py", '                                          [raw[k]["value_text"] for k in part],',
             '                                          [str(raw[k]["value"]) for k in part],',
             DESC_TESTS, "bar texts lose the qualifier (value instead of value_text)"),
    Mutation("describe.py", 'shown = frame[frame["shown"]]', "shown = frame", DESC_TESTS,
             "expert meetings: the other passage drawn as a bar too"),
    Mutation("describe.py", 'plotted = [k for k, r in enumerate(raw) if r["qualifier"] != "vague"]',
             "plotted = list(range(len(raw)))", DESC_TESTS,
             "vague figures plotted on the axis"),
    Mutation("describe.py", '        return f"{s} – {e}"', "        return s", DESC_TESTS, "period shows its start only"),
    Mutation("describe.py", "[plain(v) for v in part[value]], color=hue))", "[plain(v) for v in part[value]][::-1], color=hue))",
             DESC_TESTS, "stacked counts: texts in reverse order of their bars"),
    Mutation("describe.py", 'cats = [f"{n} ({period_text(s, e, lang=lang)})"', 'cats = [f"{n} ({period_text(e, s, lang=lang)})"',
             DESC_TESTS, "plenaries: period start and end swapped"),
    Mutation("describe.py", '[f"{v} ({alt})" for v in other["value_text"]]', 'list(other["value_text"])', DESC_TESTS,
             "the other passage's marker not marked as such"),
    Mutation("describe.py", "    values = [float(v) for v in counts.values]\n", "    values = [float(v) for v in counts.values][::-1]\n",
             DESC_TESTS, "summaries: values reversed against their categories"),
    Mutation("describe.py", '_count_summary(frame, "body_name", None, t("events", lang))',
             '_count_summary(frame, "body_group", None, t("events", lang))', DESC_TESTS,
             "timeline summary counted per body group"),
    Mutation("describe.py", "notes.append(f\"{t('conflict_note', lang)} {', '.join(ids)}\")",
             "notes.append(f\"{t('conflict_note', lang)} {', '.join(ids[:1])}\")", DESC_TESTS,
             "conflict note names only the first conflict"),
    Mutation("describe.py", "    cols = [c for c in ROW_COLUMNS if c in frame.columns]",
             '    cols = [c for c in ROW_COLUMNS if c in frame.columns and c != "quote"]', DESC_TESTS,
             "source rows lose the quote column"),
    Mutation("plot.py", 'fig.update_xaxes(autorange="reversed" if ar else True)', "fig.update_xaxes(autorange=True)",
             CHART_TESTS, "Arabic charts not mirrored"),
    Mutation("plot.py", 'x=s.values, orientation="h", text=s.texts, textposition="auto",\n            marker_color=PALETTE[s.color % len(PALETTE)]',
             'x=s.values, orientation="h", text=s.values, textposition="auto",\n            marker_color=PALETTE[s.color % len(PALETTE)]',
             CHART_TESTS, "screen bars lose the qualifier"),
    Mutation("plot.py", "text=np.asarray(s.values), textposition=\"inside\"", "text=np.asarray(s.values)[::-1], textposition=\"inside\"",
             CHART_TESTS, "stacked segments labelled in reverse order"),
    Mutation("plot.py", "y=[wrap(c, 45) for c in s.categories], x=s.values,", "y=[wrap(c, 45) for c in s.categories][::-1], x=s.values,",
             CHART_TESTS, "plenaries: categories reversed against their values"),
    Mutation("deck.py", '[points.get(c, (None, ""))[1] for c in cats]', '[points.get(c, (None, ""))[1] for c in reversed(cats)]',
             DECK_TESTS, "deck data labels on the wrong bars"),
    Mutation("deck.py", "        categories = [str(neutralise(c)) for c in panel.categories]",
             "        categories = [str(neutralise(c)) for c in panel.categories][::-1]", DECK_TESTS,
             "deck categories reversed against their values"),
    Mutation("deck.py", '[label_tx(text, style) if v is not None and text else ""',
             '[label_tx(plain(v), style) if v is not None and text else ""', DECK_TESTS,
             "deck data labels drop the qualifier"),
    Mutation("deck.py", "    if panel.sort_categories:\n        cats.sort()", "    if panel.sort_categories:\n        cats.sort(reverse=True)",
             DECK_TESTS, "deck years in descending order"),
    Mutation("pack.py", "        hits = [bool(r & ids) or c in conflict_ids for r, c in refs]",
             "        hits = [c in conflict_ids for r, c in refs]",
             DECK_TESTS, "closing slide drops notes touching exported rows"),
    Mutation("htmlpack.py", 'else k}">{html.escape(v)}</td>\'', 'else k}">{v}</td>\'', DECK_TESTS,
             "HTML table cells not escaped"),  # (was: the quote cell's class, an equivalent mutant)
    *(m for m in BEFORE if m.module in ("queries.py", "validate.py", "coverage.py") and "magnitude" not in m.old
      and "more_than" not in m.old and "{en}" not in m.old and "dupes" not in m.old and "$topic" not in m.old),
    Mutation("queries.py", "FROM ff WHERE {{topic}} AND superseded_by IS NULL", "FROM ff WHERE {{topic}}",
             QUERY_TESTS, "superseded duplicates shown in topic charts"),  # the topic views' one query
    Mutation("csvread.py", "for c in sorted(c for c, n in counts.items() if n > 1):",
             "for c in sorted(c for c, n in counts.items() if n > 2):", VALIDATE_TESTS, "duplicate columns accepted"),
    *(Mutation("qualifiers.py", m.old, m.new, m.tests, m.what) for m in BEFORE
      if "magnitude" in m.old or "more_than" in m.old or "{en}" in m.old),
    # issue 13's evidence and dates, carried into the description and the Plotly renderer
    Mutation("describe.py", '"quote_en": t("quote_en", lang), "note": t("note", lang)}',
             '"note": t("note", lang)}', EVIDENCE_TESTS, "hovers lose the English translation"),
    Mutation("plot.py", "evidence=tuple(dataclasses.replace(e, text=_e(e.text)) for e in h.evidence))",
             "evidence=h.evidence)", CHART_TESTS, "evidence lines reach Plotly unescaped"),
    Mutation("describe.py", 'prec = precision if precision in ("month", "year") else "day"', 'prec = "day"',
             EVIDENCE_TESTS, "periods ignore the curated date precision"),
    Mutation("plot.py", "    if top <= 8:\n        update(dtick=1", "    if top <= 0:\n        update(dtick=1",
             EVIDENCE_TESTS, "small count axes get fractional ticks"),
    Mutation("plot.py", "    if ar:\n        rtl_hover(fig)", "    if False:\n        rtl_hover(fig)",
             EVIDENCE_TESTS, "Arabic hovers not isolated right to left"),
]

SETS = {"before": BEFORE, "after": AFTER}


def pytest_args(targets: tuple[str, ...]) -> list[str]:
    args: list[str] = []
    for target in targets:
        path, _, k = target.partition("::k=")
        args.append(path)
        if k:
            args += ["-k", k]
    return args


def run_one(m: Mutation) -> str:
    path = SRC / m.module
    original = path.read_text(encoding="utf-8")
    if original.count(m.old) != 1:
        return "stale"
    path.write_text(original.replace(m.old, m.new), encoding="utf-8")
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}  # this tree's code, even from a copy
        r = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                            *pytest_args(m.tests)], cwd=ROOT, capture_output=True, text=True, timeout=900, env=env)
        return "survived" if r.returncode == 0 else "killed"
    finally:
        path.write_text(original, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default="before", choices=sorted(SETS))
    ap.add_argument("--only", type=int, nargs="*")
    ap.add_argument("--out")
    args = ap.parse_args()
    mutations = SETS[args.set]
    results = []
    for i, m in enumerate(mutations):
        if args.only and i not in args.only:
            continue
        t0 = time.monotonic()
        fate = run_one(m)
        results.append({"n": i, "module": m.module, "what": m.what, "fate": fate})
        print(f"{i:2d} {fate:8s} {m.module:12s} {m.what} ({time.monotonic() - t0:.0f} s)", flush=True)
    counted = [r for r in results if r["fate"] != "stale"]
    survived = [r for r in counted if r["fate"] == "survived"]
    rate = len(survived) / len(counted) if counted else 0.0
    print(f"survived {len(survived)} of {len(counted)} ({rate:.0%}); stale {len(results) - len(counted)}")
    if args.out:
        Path(args.out).write_text(json.dumps({"set": args.set, "results": results, "survival": rate}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
