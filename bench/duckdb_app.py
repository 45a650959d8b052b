"""Cold-start experiment (bench/coldparts.py): the first chart straight from DuckDB rows to one
Plotly bar, without pandas, or with it imported first (CTDASH_BENCH_PANDAS=1): what pandas costs
a fresh server's first run, in place."""

from __future__ import annotations

import os

import duckdb
import plotly.graph_objects as go
import streamlit as st

if os.environ.get("CTDASH_BENCH_PANDAS"):
    import pandas  # noqa: F401 (imported for its cost only)

st.set_page_config(page_title="duckdb", layout="wide")
con = duckdb.connect(os.environ["CTDASH_DB"], read_only=True)
rows = con.execute("SELECT topic, count(*) FROM facts GROUP BY topic ORDER BY topic").fetchall()
st.plotly_chart(go.Figure(go.Bar(x=[r[0] for r in rows], y=[r[1] for r in rows])), width="stretch")
