"""Streamlit entry point: page navigation, the sidebar filters shared by all pages, the language
switch (English / العربية); everything shared lives in `ctdash.ui`."""

import streamlit as st

from ctdash import ui

page = ui.navigation()
if page is None:  # the database could not be built: ui has shown why
    st.stop()
page.run()
