"""A fresh server's first page loads only what it draws (issue 16, cold start).

The first run of app.py (the Overview, through AppTest, in a fresh interpreter) must not import
the exporter, python-pptx or the other pages' modules: they load on the first briefing-pack click
or page visit. Nor pandas or pyarrow: queries return `ctdash.rowset.Rows` and the descriptions read
them as dicts; a frame is made when a data view is opened or a CSV downloaded. Its figures must not load Plotly's polar, ternary, 3-D or geo classes (no chart it
draws uses them; `plot._cut_template` leaves them out), and the objects of the imports must be out of
the cyclic collector's sight (`shell`'s `gc.freeze`), which Streamlit runs after every script run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT

NOT_AT_START = (
    "pandas", "pyarrow",  # a data view or CSV makes a frame; the charts, tiles and captions do not
    "numpy", "PIL.Image",  # an image favicon would load them (the app's is an emoji)
    "pptx", "xlsxwriter", "lxml",  # the deck and its workbooks
    "ctdash.export", "ctdash.pack", "ctdash.deck", "ctdash.deckstyle", "ctdash.pptx_data", "ctdash.speaker",
    "ctdash.htmlpack", "ctdash.explorer_ui", "ctdash.sandbox", "ctdash.upload_ui", "ctdash.sources_ui",
    "ctdash.reader", "ctdash.actors_ui", "ctdash.briefing_page",
    "plotly.graph_objs.layout._polar", "plotly.graph_objs.layout._ternary", "plotly.graph_objs.layout._scene",
    "plotly.graph_objs.layout._geo", "plotly.graph_objs._scattergeo", "plotly.graph_objs._choropleth",
)

_FIRST_RUN = """
import gc, json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=90)
at.run()
print(json.dumps({"errors": [e.message for e in at.exception], "charts": len(at.get("plotly_chart")),
                  "modules": sorted(sys.modules), "frozen": gc.get_freeze_count()}))
"""


def test_first_page_imports_only_what_it_draws() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, "-c", _FIRST_RUN, str(ROOT / "app.py")], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=180, check=True)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert not got["errors"]
    assert got["charts"] >= 1  # the Overview did draw its chart
    loaded = set(got["modules"])
    assert not [m for m in NOT_AT_START if m in loaded]
    assert got["frozen"] > 50_000  # the imports' objects are frozen once (shell), not walked after every run
