"""Dump what every view shows, to compare the app, the deck and the HTML pack before and after a
refactor: every registry view's Plotly figure (JSON) for several filter sets in English and
Arabic, every slide of the deck (chart types, categories, series, values, data labels, tables,
text boxes) and the HTML pack's bytes (exported date fixed).

    .venv/bin/python bench/dump_figures.py OUT_DIR        # write the dump
    .venv/bin/python bench/dump_figures.py OUT_DIR --compare OTHER_DIR   # and compare with another
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
from datetime import date
from pathlib import Path

import plotly.io as pio
from pptx import Presentation

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ctdash import db, views  # noqa: E402
from ctdash.filters import Filters  # noqa: E402

FILTERS = {
    "all_en": Filters(years=(1900, 2100)),
    "all_ar": Filters(years=(1900, 2100), lang="ar"),
    "y2016_2019_en": Filters(years=(2016, 2019)),
    "y2016_2019_ar": Filters(years=(2016, 2019), lang="ar"),
    "mar_ar": Filters(years=(1900, 2100), actors=("MAR",), lang="ar"),
    "usa_en": Filters(years=(1900, 2100), actors=("USA",)),
    "cted_topic_en": Filters(years=(1900, 2100), topics=("cted_visits",)),
    "y2022_en": Filters(years=(2022, 2022)),
    "gctf_topics_ar": Filters(years=(2015, 2018), topics=("gctf_meetings", "gctf_outreach"), lang="ar"),
}
DECKS = ("y2016_2019_en", "all_ar", "cted_topic_en", "mar_ar")
EXPORTED = date(2026, 1, 1)


def figure_json(view, frame, lang: str) -> object:
    """The view's figure as the app builds it (before or after the one-description redesign)."""
    try:
        from ctdash.plot import figure  # after: the Plotly renderer of the view's description
    except ImportError:
        fig = view.figure(frame, lang)
    else:
        fig = figure(view.describe(frame, lang))
    return None if fig is None else plain_arrays(json.loads(pio.to_json(fig, validate=False)))


def plain_arrays(obj: object) -> object:
    """Plotly's typed arrays ({"dtype": "f8", "bdata": base64}) decoded to plain lists: a figure
    built from numpy arrays and one built from lists draw the same numbers."""
    import base64

    import numpy as np

    if isinstance(obj, dict):
        if set(obj) >= {"dtype", "bdata"}:
            values = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=np.dtype(obj["dtype"]))
            if "shape" in obj:
                values = values.reshape([int(n) for n in str(obj["shape"]).split(",")])
            return values.tolist()
        return {k: plain_arrays(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [plain_arrays(v) for v in obj]
    return obj


def deck_data(blob: bytes) -> list[dict]:
    prs = Presentation(io.BytesIO(blob))
    slides = []
    for slide in prs.slides:
        shapes = []
        for sh in slide.shapes:
            item: dict = {"name": sh.name, "box": [sh.left, sh.top, sh.width, sh.height]}
            if getattr(sh, "has_chart", False) and sh.has_chart:
                ch = sh.chart
                plot = ch.plots[0]
                item["chart"] = {
                    "type": str(ch.chart_type), "title": ch.chart_title.text_frame.text if ch.has_title else "",
                    "legend": ch.has_legend, "categories": list(plot.categories),
                    "series": [{"name": s.name, "values": list(s.values),
                                "labels": [p.data_label.text_frame.text if p.data_label.has_text_frame else ""
                                           for p in s.points]} for s in plot.series],
                }
            elif getattr(sh, "has_table", False) and sh.has_table:
                item["table"] = [[c.text for c in r.cells] for r in sh.table.rows]
            elif sh.has_text_frame:
                item["text"] = sh.text_frame.text
            shapes.append(item)
        slides.append({"name": slide._element.cSld.get("name"), "shapes": shapes})
    return slides


def html_parts(text: str) -> dict:
    """An HTML pack as its text outside the plots and each plot's data and layout (typed arrays
    decoded), so two packs that draw the same compare equal."""
    import re

    dec = json.JSONDecoder()
    plots, rest, pos = [], [], 0
    for m in re.finditer(r'Plotly\.newPlot\(\s*"[^"]+",\s*', text):
        if m.start() < pos:
            continue
        data, end = dec.raw_decode(text, m.end())
        end = re.match(r"\s*,\s*", text[end:]).end() + end
        layout, end2 = dec.raw_decode(text, end)
        rest.append(text[pos:m.end()])
        plots.append({"data": plain_arrays(data), "layout": plain_arrays(layout)})
        pos = end2
    rest.append(text[pos:])
    return {"text": "<PLOT>".join(rest), "plots": plots}


def dump(out: Path) -> None:
    from ctdash import export

    out.mkdir(parents=True, exist_ok=True)
    con = db.connect()
    figures: dict[str, object] = {}
    for key, f in FILTERS.items():
        for view in views.REGISTRY:
            if view.kind != "chart":
                continue
            frame = view.data(con, f)
            figures[f"{key}/{view.id}"] = figure_json(view, frame, f.lang) if len(frame) else None
    (out / "figures.json").write_text(json.dumps(figures, sort_keys=True, ensure_ascii=False, indent=0))
    decks = {}
    for key in DECKS:
        pack = export.collect(con, FILTERS[key], today=EXPORTED)
        decks[key] = deck_data(export.render_pptx(pack))
        html = export.render_html(pack)
        (out / f"pack_{key}.html").write_bytes(html)
        (out / f"pack_{key}.json").write_text(json.dumps(html_parts(html.decode("utf-8")), sort_keys=True,
                                                         ensure_ascii=False, indent=0))
    (out / "decks.json").write_text(json.dumps(decks, sort_keys=True, ensure_ascii=False, indent=0))
    con.close()


def differences(x: object, y: object, path: str) -> list[str]:
    """Where two JSON values differ, as 'path: before -> after' (numbers compared as numbers)."""
    if isinstance(x, dict) and isinstance(y, dict):
        out = []
        for k in sorted(set(x) | set(y)):
            out += differences(x.get(k), y.get(k), f"{path}/{k}")
        return out
    if isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
        return [d for i, (p, q) in enumerate(zip(x, y, strict=True)) for d in differences(p, q, f"{path}[{i}]")]
    if x == y or (isinstance(x, int | float) and isinstance(y, int | float) and float(x) == float(y)):
        return []
    return [f"{path}: {str(x)[:60]!r} -> {str(y)[:60]!r}"]


def compare(a: Path, b: Path) -> int:
    bad = 0
    for name in ("figures.json", "decks.json"):
        # typed arrays decoded: a dump written before `plain_arrays` existed compares too
        x, y = plain_arrays(json.loads((a / name).read_text())), plain_arrays(json.loads((b / name).read_text()))
        keys = sorted(set(x) | set(y))
        diff = [k for k in keys if x.get(k) != y.get(k)]
        print(f"{name}: {len(keys)} entries, {len(diff)} differ", *diff[:20], sep="\n  ")
        for k in diff[:20]:
            print(f"    {k}: " + "; ".join(differences(x.get(k), y.get(k), "")[:4]))
        bad += len(diff)
    for html in sorted(a.glob("pack_*.html")):
        other = b / html.name
        same = other.exists() and html.read_bytes() == other.read_bytes()
        parts_a = html_parts(html.read_text(encoding="utf-8"))
        parts_b = html_parts(other.read_text(encoding="utf-8")) if other.exists() else {}
        drawn = parts_a == parts_b
        print(f"{html.name}: bytes {'identical' if same else 'differ'}; text and plots "
              f"{'identical' if drawn else 'DIFFER'} (sha256 {hashlib.sha256(html.read_bytes()).hexdigest()[:12]})")
        bad += not drawn
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--compare", type=Path)
    args = ap.parse_args()
    dump(args.out)
    return compare(args.compare, args.out) if args.compare else 0


if __name__ == "__main__":
    raise SystemExit(main())
