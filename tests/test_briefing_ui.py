"""The app's Briefing pack buttons: rendered without building the pack, built on demand and cached."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from ctdash import db, export
from ctdash.briefing_ui import briefing_bytes, file_name
from ctdash.filters import Filters

SCRIPT = """
from ctdash.briefing_ui import briefing_buttons
from ctdash.cache import DbRef
from ctdash.filters import Filters
briefing_buttons(Filters(years=(2016, 2019), actors=("MAR",), lang="ar"), DbRef.of({path!r}))
"""


@pytest.fixture(scope="module")
def db_file(tmp_path_factory) -> Path:
    return db.build(None, tmp_path_factory.mktemp("db") / "ctdash.duckdb")


def test_buttons_render_without_building_the_pack(db_file: Path, monkeypatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the pack was built while the page rendered")

    monkeypatch.setattr(export, "collect", refuse)
    at = AppTest.from_string(SCRIPT.format(path=str(db_file))).run(timeout=60)
    assert not at.exception, [e.message for e in at.exception]
    assert not at.get("download_button")  # the menu is closed: its buttons are not made
    at.session_state["briefing_menu"] = True  # opened
    at.run(timeout=60)
    assert not at.exception, [e.message for e in at.exception]
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["PowerPoint (.pptx)", "HTML"]
    for b in buttons:
        assert b.proto.deferred_file_id, "data must be a callable run on click"
        assert "years=2016-2019" in b.proto.help and "actors=MAR" in b.proto.help
    menu = [b for b in at.sidebar.children.values() if getattr(b, "type", "") == "popover"]
    assert menu and "ملف إحاطة" in menu[0].proto.popover.label


def test_pack_bytes_for_the_filters_and_cached(db_file: Path, monkeypatch) -> None:
    from ctdash.cache import DbRef

    calls = []
    collect = export.collect
    monkeypatch.setattr(export, "collect", lambda *a, **k: calls.append(a[1]) or collect(*a, **k))
    f = Filters(years=(2016, 2019), topics=("gctf_meetings",), lang="ar")
    db = DbRef.of(db_file)
    pptx = briefing_bytes(db, "pptx", f)
    prs = Presentation(io.BytesIO(pptx))
    assert prs.slides[0].shapes.title.text.startswith("ملف إحاطة")
    assert briefing_bytes(db, "pptx", dataclasses.replace(f)) is pptx
    assert calls == [f]  # the second click is served from the cache
    page = briefing_bytes(db, "html", f)
    assert page.startswith(b"<!DOCTYPE html>") and b'dir="rtl"' in page[:300]


def test_file_name_states_the_filters() -> None:
    assert file_name(Filters(years=(2016, 2019)), "pptx") == "ctdash_briefing_2016-2019.pptx"
    name = file_name(Filters(years=(2001, 2025), actors=("MAR", "NLD"), topics=("cted_visits",), lang="ar"), "html")
    assert name == "ctdash_briefing_2001-2025_MAR-NLD_1topics_ar.html"
