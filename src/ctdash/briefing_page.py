"""The Briefing page (issue 15): the charts added with "Add to briefing" (`ctdash.basket_ui`),
each with the filters it was added with in words; reorder, remove, the deck's title and subtitle,
save and load as JSON, export as PPTX or HTML in either language (built on click, cached by
basket, language and database version).
"""

from __future__ import annotations

import dataclasses
from functools import partial

import streamlit as st

from ctdash.basket import Basket, BasketError, Item, from_json, to_json
from ctdash.basket_ui import ERROR, IMAGE_FORMAT, current, keep, label
from ctdash.briefing_ui import download_buttons
from ctdash.cache import DbRef, per_database
from ctdash.cite import filters_words
from ctdash.db import reading
from ctdash.filters import to_params
from ctdash.i18n import t
from ctdash.pages_table import BY_NAME
from ctdash.sidebar import actor_options, vocab
from ctdash.ui import Run
from ctdash.views import BY_ID


def _move(index: int, delta: int) -> None:
    keep(current().move(index, delta))


def _remove(index: int) -> None:
    keep(current().remove(index))


def _clear() -> None:
    keep(Basket())


def _set_text(field: str, key: str) -> None:
    try:
        keep(dataclasses.replace(current(), **{field: st.session_state.get(key, "")}))
    except BasketError as exc:
        st.session_state[ERROR] = str(exc)


def _load(key: str) -> None:
    upload = st.session_state.get(key)
    if upload is None:
        return
    try:
        b = from_json(upload.getvalue())
    except BasketError as exc:
        st.session_state[ERROR] = str(exc)
        return
    keep(b)
    st.session_state["_basket_loaded"] = len(b.items)


@per_database(maxsize=16)
def basket_bytes(db: DbRef, fmt: str, basket: Basket, lang: str) -> bytes:
    """The basket as a deck ("pptx") or an HTML pack ("html") in `lang`, built on click."""
    from ctdash.export import basket_pack, render_html, render_pptx

    with reading(db.path) as con:
        pack = basket_pack(con, basket, lang)
    return render_pptx(pack) if fmt == "pptx" else render_html(pack)


def _item_row(i: int, item: Item, n: int, run: Run, names: dict[str, str]) -> None:
    lang = run.lang
    view = BY_ID[item.view_id]
    f = dataclasses.replace(item.filters, lang=lang)
    with st.container(border=True):
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(f"**{i + 1}. {_md(view.title(lang))}**  \n{_md(filters_words(f, names))}", width="stretch")
            st.page_link(BY_NAME[view.pages[0]].file, label=label("open", lang), icon=":material/open_in_new:",
                         query_params=to_params(f, vocab(run.db).bounds))
            st.button("", key=f"bk_up_{i}", icon=":material/arrow_upward:", help=label("up", lang),
                      on_click=_move, args=(i, -1), disabled=i == 0)
            st.button("", key=f"bk_down_{i}", icon=":material/arrow_downward:", help=label("down", lang),
                      on_click=_move, args=(i, 1), disabled=i == n - 1)
            st.button("", key=f"bk_remove_{i}", icon=":material/delete:", help=label("remove", lang),
                      on_click=_remove, args=(i,))


def _md(text: str) -> str:
    """Text from the data shown as typed in Markdown (no links, emphasis or HTML)."""
    out = "".join(f"\\{c}" if c in "\\`*_{}[]()#+-.!|<>~$" else c for c in text)
    return out.replace("\n", " ")


def render(run: Run) -> None:
    """The Briefing page."""
    lang = run.lang
    st.title(t("page_briefing", lang))
    st.caption(label("intro", lang))
    b = current()
    error = st.session_state.pop(ERROR, None)
    if error:
        st.error(label("bad", lang, error=error), icon=":material/error:")
    loaded = st.session_state.pop("_basket_loaded", None)
    if loaded is not None:
        st.success(label("loaded", lang, n=loaded), icon=":material/check:")
    if b.items:  # an empty basket has nothing to title, order, export, save or clear: none of it is shown
        _basket(run, b)
    else:
        st.info(label("empty", lang), icon=":material/playlist_add:")
        st.subheader(label("keep", lang), divider="gray")
    st.file_uploader(label("load", lang), type=["json"], key="bk_load", on_change=_load, args=("bk_load",))
    st.session_state["bk_image_format"] = st.session_state.get(IMAGE_FORMAT, "png")
    st.segmented_control(label("image_format", lang), ["png", "svg"], key="bk_image_format", format_func=str.upper,
                         on_change=_keep_format)


def _basket(run: Run, b: Basket) -> None:
    """The deck's title and subtitle, its slides in order, the export, and save or clear."""
    lang = run.lang
    with st.container(horizontal=True):
        for field, key in (("title", "bk_title"), ("subtitle", "bk_subtitle")):
            st.session_state[key] = getattr(b, field)
            st.text_input(label(f"deck_{field}", lang), key=key, on_change=_set_text, args=(field, key),
                          max_chars=200)
    st.subheader(label("items", lang), divider="gray")
    _, names = actor_options(run.db, lang)
    for i, item in enumerate(b.items):
        _item_row(i, item, len(b.items), run, names)
    _export(run, b)
    st.subheader(label("keep", lang), divider="gray")
    with st.container(horizontal=True):
        st.download_button(label("save", lang), data=to_json(b).encode("utf-8"), file_name="ctdash_basket.json",
                           mime="application/json", key="bk_save", icon=":material/save:", on_click="ignore")
        st.button(label("clear", lang), key="bk_clear", on_click=_clear, icon=":material/remove_shopping_cart:")


def _export(run: Run, b: Basket) -> None:
    """The deck's language and the PPTX and HTML downloads (built on click)."""
    lang = run.lang
    st.subheader(label("export", lang), divider="gray")
    with st.container(horizontal=True, vertical_alignment="bottom"):
        deck_lang = st.radio(label("export_lang", lang), ["en", "ar"], index=0 if lang == "en" else 1,
                             horizontal=True, key="bk_lang", format_func=lambda c: "English" if c == "en" else "العربية")
        download_buttons(lambda fmt: partial(basket_bytes, run.db, fmt, b, deck_lang),
                         lambda fmt: file_name(b, fmt, deck_lang), "bk", type="primary")


def _keep_format() -> None:
    st.session_state[IMAGE_FORMAT] = st.session_state.get("bk_image_format") or "png"


def file_name(b: Basket, fmt: str, lang: str) -> str:
    """ctdash_briefing_<n>charts[_ar].pptx"""
    return f"ctdash_briefing_{len(b.items)}charts{'_ar' if lang == 'ar' else ''}.{fmt}"
