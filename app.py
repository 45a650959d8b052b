"""Streamlit entry point: the page navigation (`ctdash.pages_table`), the sidebar filters shared
by all pages, the language switch (English / العربية); the frame lives in `ctdash.shell`."""

from ctdash import shell

shell.main()
