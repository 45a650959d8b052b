"""Streamlit's floor for one page: the same ready-made Plotly figures and tables, no queries.

`bench/reruns.py` harvests a page's rendered figures (their JSON) and tables (DataFrames) into
a pickle named by CTDASH_BENCH_BASELINE; this page renders exactly those, built once per process,
behind one sidebar slider so that a rerun is triggered the same way as on the real page.
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st


@st.cache_resource
def content(path: str) -> tuple[list[go.Figure], list[pd.DataFrame]]:
    """The harvested figures (rebuilt once as Figure objects) and tables."""
    specs, frames = pickle.loads(Path(path).read_bytes())
    return [go.Figure(json.loads(spec)) for spec in specs], frames


figures, tables = content(os.environ["CTDASH_BENCH_BASELINE"])
st.sidebar.slider("years", 1900, 2100, (2000, 2025), key="f_years")
st.title("baseline")
for i, fig in enumerate(figures):
    st.plotly_chart(fig, key=f"chart_{i}", width="stretch", config={"displaylogo": False})
for frame in tables:
    st.dataframe(frame, hide_index=True, width="stretch")
