"""The app's "Briefing pack" menu: PPTX and HTML downloads for the current filters and language.

The pack is built only when a button is clicked (Streamlit runs a callable `data` on its own
thread, so the page does not wait and other sessions are not blocked), on its own read-only
DuckDB connection (`ctdash.db.reading`), and cached by filters and database version
(`ctdash.cache.per_database`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import streamlit as st

from ctdash.cache import DbRef, per_database
from ctdash.cite import filters_slug
from ctdash.db import reading
from ctdash.filters import Filters
from ctdash.i18n import t

MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "html": "text/html",
}
_BUTTONS = {"pptx": ("PowerPoint (.pptx)", ":material/slideshow:"), "html": ("HTML", ":material/html:")}


@per_database(maxsize=32)
def briefing_bytes(db: DbRef, fmt: str, f: Filters) -> bytes:
    """The pack (`fmt` "pptx" or "html") for the filters `f` from the database `db`."""
    # python-pptx and the exporter are imported on the first click, not at the app's start
    from ctdash.export import build_html, build_pptx

    with reading(db.path) as con:
        return build_pptx(con, f) if fmt == "pptx" else build_html(con, f)


def file_name(f: Filters, fmt: str) -> str:
    """ctdash_briefing_2016-2019[_MAR-NLD][_ar].pptx: the filters are in the name too."""
    return f"ctdash_briefing_{filters_slug(f)}.{fmt}"


def briefing_buttons(filters: Filters, db: DbRef, container: Any = None) -> None:
    """A "Briefing pack" menu (default: in the sidebar) holding two download buttons (PPTX, HTML)
    for `filters`. The menu is a stateful popover: its buttons are made only while it is open,
    so the pages' reruns do not pay for them."""
    box = container if container is not None else st.sidebar
    lang = filters.lang
    with box.popover(t("pack_title", lang), icon=":material/download:", key="briefing_menu",
                     on_change="rerun", help=filters.describe(), width="stretch") as menu:
        if menu.open:
            pack_buttons(filters, db)


def pack_buttons(filters: Filters, db: DbRef) -> None:
    """The two download buttons, in the current container; the pack is built on click."""
    download_buttons(lambda fmt: partial(briefing_bytes, db, fmt, filters), lambda fmt: file_name(filters, fmt),
                     "briefing", help=filters.describe(), width="stretch")


def download_buttons(data: Callable[[str], Callable[[], bytes]], name: Callable[[str], str], key: str,
                     **options: Any) -> None:
    """A PPTX and an HTML download button (keys `<key>_pptx`, `<key>_html`): `data(fmt)` builds
    the file when the button is clicked, `name(fmt)` names it; `options` go to each button."""
    for fmt, (text, icon) in _BUTTONS.items():
        st.download_button(text, data=data(fmt), file_name=name(fmt), mime=MIME[fmt], on_click="ignore",
                           key=f"{key}_{fmt}", icon=icon, **options)
