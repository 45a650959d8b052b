"""Streamlit entry point (placeholder until the dashboard pages land)."""

import streamlit as st

st.set_page_config(page_title="ctdash", layout="wide")
st.title("ctdash")
st.write("Counter-terrorism cooperation dashboard: the pages are being built.")
