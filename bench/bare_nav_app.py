"""The page-switch floor: the app's chart pages behind the same `st.navigation` (same pages, titles,
URL paths, order) and the same language radio, each page drawing ready-made the Plotly figures
harvested from the real page in that language (bench/switching.py), and nothing else.

The harvest is a pickle named by CTDASH_BENCH_SWITCH: {"pages": [(name, icon, default)],
"nav": {lang: {name: nav title}}, "title": {lang: {name: h1}}, "figures": {lang: {name: [JSON]}}}.
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

CONFIG = {"topojsonURL": "/app/static/topojson/", "displaylogo": False, "responsive": True}


@st.cache_resource
def harvested(path: str) -> dict:
    """The harvest, with every figure rebuilt once as a Figure object."""
    data = pickle.loads(Path(path).read_bytes())
    data["figures"] = {lang: {name: [go.Figure(json.loads(s)) for s in specs] for name, specs in pages.items()}
                       for lang, pages in data["figures"].items()}
    return data


H = harvested(os.environ["CTDASH_BENCH_SWITCH"])


def page(name: str):  # noqa: ANN201 (a page callable)
    def draw() -> None:
        lang = st.session_state.get("lang", "en")
        st.title(H["title"][lang][name])
        for i, fig in enumerate(H["figures"][lang][name]):
            st.plotly_chart(fig, key=f"chart_{name}_{i}", width="stretch", config=CONFIG)

    return draw


st.set_page_config(page_title="bare", layout="wide")
lang = st.session_state.setdefault("lang", "en")
if "_pages" not in st.session_state:
    st.session_state["_pages"] = {}
made = st.session_state["_pages"]
if lang not in made:
    made[lang] = [st.Page(page(name), title=H["nav"][lang][name], icon=icon, url_path=name, default=default)
                  for name, icon, default in H["pages"]]
chosen = st.navigation(made[lang], position="sidebar")
st.sidebar.radio("Language / اللغة", ["en", "ar"], key="lang", horizontal=True,
                 format_func=lambda code: "English" if code == "en" else "العربية")
chosen.run()
