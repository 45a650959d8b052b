"""The app's "Briefing pack" menu: PPTX and HTML downloads for the current filters and language.

The pack is built only when a button is clicked (Streamlit runs a callable `data` on its own
thread, so the page does not wait and other sessions are not blocked), on its own read-only
DuckDB connection (`ctdash.db.reading`), and cached by filters and database version with
`st.cache_data`.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ctdash.db import file_version, reading
from ctdash.filters import Filters
from ctdash.i18n import t

MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "html": "text/html",
}
_BUTTONS = {"pptx": ("PowerPoint (.pptx)", ":material/slideshow:"), "html": ("HTML", ":material/html:")}


@st.cache_data(show_spinner=False, max_entries=32, ttl=6 * 3600)
def briefing_bytes(fmt: str, filters: tuple, version: str, db_path: str) -> bytes:
    """The pack for `filters` (a `Filters` as a tuple) from the database file at `db_path`."""
    # python-pptx and the exporter are imported on the first click, not at the app's start
    from ctdash.export import build_html, build_pptx

    f = Filters(*filters)
    with reading(db_path) as con:
        return build_pptx(con, f) if fmt == "pptx" else build_html(con, f)


def file_name(f: Filters, fmt: str) -> str:
    """ctdash_briefing_2016-2019[_MAR-NLD][_ar].pptx: the filters are in the name too."""
    parts = [f"{f.years[0]}-{f.years[1]}"]
    if f.actors:
        parts.append("-".join(f.actors[:3]) + ("-etc" if len(f.actors) > 3 else ""))
    if f.topics:
        parts.append(f"{len(f.topics)}topics")
    if f.lang != "en":
        parts.append(f.lang)
    return f"ctdash_briefing_{'_'.join(parts)}.{fmt}"


def _database(db_path: str | Path | None) -> tuple[str, str]:
    """(path, version) of the app's database file (the version changes when it is rebuilt)."""
    from ctdash import ui

    if db_path:
        return str(db_path), file_version(Path(db_path))
    version, path = ui.db_key()
    return path, version


def briefing_buttons(filters: Filters, container: object | None = None, db_path: str | Path | None = None) -> None:
    """A "Briefing pack" menu (default: in the sidebar) holding two download buttons (PPTX, HTML)
    for `filters`. The menu is a stateful popover: its buttons are made only while it is open,
    so the pages' reruns do not pay for them."""
    box = container if container is not None else st.sidebar
    lang = filters.lang
    with box.popover(t("pack_title", lang), icon=":material/download:", key="briefing_menu",
                     on_change="rerun", help=filters.describe(), width="stretch") as menu:
        if menu.open:
            pack_buttons(filters, db_path)


def pack_buttons(filters: Filters, db_path: str | Path | None = None) -> None:
    """The two download buttons, in the current container; the pack is built on click."""
    path, version = _database(db_path)
    args = filters.as_tuple()
    for fmt, (text, icon) in _BUTTONS.items():
        st.download_button(
            text,
            data=lambda fmt=fmt: briefing_bytes(fmt, args, version, path),
            file_name=file_name(filters, fmt),
            mime=MIME[fmt],
            on_click="ignore",
            key=f"briefing_{fmt}",
            icon=icon,
            help=filters.describe(),
            width="stretch",
        )
