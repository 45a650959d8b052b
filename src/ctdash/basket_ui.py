"""The briefing basket in the app (issue 15): its state, its place in the URL and the "Add to
briefing" button under every chart (the Briefing page that lists and exports it is
`ctdash.briefing_page`).

The basket (`ctdash.basket.Basket`) lives in session state and in the URL parameter
`basket.PARAM`: taken from the URL when it changes (a shared link, back/forward), written back on
every run (`sync_url`), so a page switch, which clears the URL, keeps it. The sidebar leaves the
parameter alone (`ctdash.sidebar.PAGE_PARAMS`).
"""

from __future__ import annotations

import streamlit as st

from ctdash.basket import (
    EXPORTABLE,
    PARAM,
    Basket,
    BasketError,
    Item,
    from_param,
    to_param,
)
from ctdash.filters import Filters
from ctdash.i18n import pick_label

_STATE, _SEEN, ERROR = "_basket", "_basket_param", "_basket_error"

_LABELS: dict[str, tuple[str, str]] = {
    "add": ("Add to briefing", "أضف إلى الإحاطة"),
    "added": ("In the briefing", "في الإحاطة"),
    "added_help": ("This chart with these filters is in the briefing (see the Briefing page).",
                   "هذا الرسم بعوامل التصفية هذه موجود في الإحاطة (انظر صفحة الإحاطة)."),
    "add_help": ("Adds this chart, with the filters it has now, to the briefing (the Briefing page).",
                 "يضيف هذا الرسم بعوامل التصفية الحالية إلى الإحاطة (صفحة الإحاطة)."),
    "intro": ("The charts you added with “Add to briefing”, each with the filters it was added with. "
              "Order them, give the deck a title, and export it; the link in the address bar keeps the basket.",
              "الرسوم التي أضفتها بزر «أضف إلى الإحاطة»، لكل منها عوامل التصفية التي أُضيف بها. "
              "رتّبها وأعطِ العرض عنوانًا ثم صدّره؛ ويحفظ الرابط في شريط العنوان هذه السلة."),
    "empty": ("Nothing added yet: under any chart, open “Data behind this chart” and choose “Add to briefing”, "
              "or load a saved basket below.",
              "لم يُضف شيء بعد: افتح «البيانات التي يعرضها هذا الرسم» تحت أي رسم واختر «أضف إلى الإحاطة»، "
              "أو حمّل سلة محفوظة أدناه."),
    "deck_title": ("Deck title", "عنوان العرض"),
    "deck_subtitle": ("Subtitle", "العنوان الفرعي"),
    "items": ("Slides, in order", "الشرائح بالترتيب"),
    "up": ("Move up", "نقل إلى الأعلى"),
    "down": ("Move down", "نقل إلى الأسفل"),
    "remove": ("Remove", "إزالة"),
    "open": ("Open", "فتح"),
    "save": ("Save basket (.json)", "حفظ السلة (⁦.json⁩)"),
    "load": ("Load a basket (.json)", "تحميل سلة (⁦.json⁩)"),
    "loaded": ("Basket loaded: {n} charts.", "حُمّلت السلة: {n} رسوم."),
    "bad": ("This basket cannot be used: {error}", "لا يمكن استخدام هذه السلة: {error}"),
    "export": ("Export the briefing", "تصدير الإحاطة"),
    "export_lang": ("Language of the deck", "لغة العرض"),
    "clear": ("Empty the basket", "إفراغ السلة"),
    "keep": ("Save, load, images", "الحفظ والتحميل والصور"),
    "image_format": ("Chart images from the toolbar (camera icon)", "صور الرسوم من شريط الأدوات (أيقونة الكاميرا)"),
}


def label(key: str, lang: str, **fmt: object) -> str:
    return pick_label(_LABELS, key, lang, **fmt)


# ---------------------------------------------------------------- state and URL

def current() -> Basket:
    """This session's basket: from the URL when its parameter changed, else as the session has it."""
    raw = st.query_params.get(PARAM)
    if raw and raw != st.session_state.get(_SEEN):
        st.session_state[_SEEN] = raw
        try:
            st.session_state[_STATE] = from_param(raw)
        except BasketError as exc:  # a damaged link: say so, keep what the session has
            st.session_state[ERROR] = str(exc)
    found = st.session_state.get(_STATE)
    return found if isinstance(found, Basket) else Basket()


def keep(basket: Basket) -> None:
    """Make `basket` the session's (in a callback: the URL follows on this run)."""
    st.session_state[_STATE] = basket


def sync_url() -> None:
    """Write the session's basket into the URL (or take it out when empty), after the sidebar."""
    b = current()
    value = to_param(b) if (b.items or b.title or b.subtitle) else None
    if value is None:
        if PARAM in st.query_params:
            del st.query_params[PARAM]
    elif st.query_params.get(PARAM) != value:
        st.query_params[PARAM] = value
    st.session_state[_SEEN] = value


# ---------------------------------------------------------------- under each chart

def _add(view_id: str, f: Filters) -> None:
    keep(current().add(Item(view_id, f)))


def add_button(view_id: str, f: Filters) -> None:
    """ "Add to briefing" for a view the export can draw; "In the briefing" once it is there with
    these filters."""
    if view_id not in EXPORTABLE:
        return
    lang = f.lang
    item = Item(view_id, f)
    if item in current().items:
        st.button(label("added", lang), key=f"add_{view_id}", disabled=True, icon=":material/playlist_add_check:",
                  help=label("added_help", lang))
    else:
        st.button(label("add", lang), key=f"add_{view_id}", on_click=_add, args=(view_id, f),
                  icon=":material/playlist_add:", help=label("add_help", lang))


IMAGE_FORMAT = "_image_format"  # the toolbar's image format for the session (chosen on the Briefing page)
