"""Streamlit entry point: page navigation, the shared sidebar filters and the language switch."""

import streamlit as st

from ctdash import ui
from ctdash.i18n import t

st.set_page_config(page_title="ctdash", page_icon="static/favicon.png", layout="wide")

filters = ui.start()
if filters is None:
    st.stop()

PAGES = [
    ("overview", ":material/dashboard:"), ("meetings", ":material/groups:"), ("coalition", ":material/flag:"),
    ("cted", ":material/travel_explore:"), ("working_groups", ":material/workspaces:"),
    ("explorer", ":material/table_view:"), ("sources", ":material/menu_book:"),
]
pages = [
    st.Page(ui.PAGE_FILES[name], title=t(f"page_{name}", filters.lang), icon=icon,
            url_path=name.replace("_", "-"), default=(name == "overview"))
    for name, icon in PAGES
]
st.navigation(pages, position="sidebar").run()
