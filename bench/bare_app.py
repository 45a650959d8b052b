"""The cold-start baseline: a bare Streamlit app that draws one Plotly chart and nothing else."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="bare", layout="wide")
fig = go.Figure(go.Bar(x=[str(y) for y in range(2010, 2020)], y=[3, 5, 2, 8, 4, 6, 7, 1, 9, 5]))
st.plotly_chart(fig, width="stretch")
