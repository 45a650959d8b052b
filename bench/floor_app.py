"""Streamlit's floor for one page with *every* element of it: the same sidebar widgets, texts,
tiles, expanders, download buttons, figures and tables, replayed ready-made with no queries.

`bench/reruns.py` records the page's element tree after a run (`record`); this page replays it
(CTDASH_BENCH_FLOOR names the pickle). The page's rerun divided by this one's is the cost of the
app's own code (filters, memo lookups, URL sync) over what Streamlit needs to draw the same page.
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import streamlit as st

Record = tuple[str, Any, list, str | None]  # (type, parameters, children of a block, widget key)


def record(node: Any) -> list[Record]:  # noqa: ANN401 (an AppTest node)
    """The elements under an AppTest block, in order, with what it takes to draw them again."""
    out: list[Record] = []
    for child in node.children.values():
        ty = child.type
        p = child.proto
        if hasattr(child, "children") and not hasattr(child, "value") or ty in ("expander", "form", "column"):
            params: Any = None
            if ty == "expander":
                params = p.expandable.label
            elif ty == "form":
                params = p.form.form_id
            out.append((ty, params, record(child), None))
        elif ty == "plotly_chart":
            out.append((ty, p.spec, [], getattr(child, "key", None)))
        elif ty in ("arrow_data_frame", "dataframe"):
            out.append(("dataframe", child.value, [], getattr(child, "key", None)))
        elif ty in ("markdown", "caption", "divider", "latex"):
            out.append(("markdown", p.body, [], getattr(child, "key", None)))
        elif ty in ("title", "header", "subheader"):
            out.append((ty, (p.body, p.divider), [], getattr(child, "key", None)))
        elif ty == "html":
            out.append(("html", p.body, [], getattr(child, "key", None)))
        elif ty in ("radio", "selectbox", "multiselect"):
            out.append((ty, (p.label, list(child.options)), [], getattr(child, "key", None)))
        elif ty == "slider":
            out.append((ty, (p.label, p.min, p.max, tuple(child.value)), [], getattr(child, "key", None)))
        elif ty in ("text_input", "text_area"):
            out.append((ty, (p.label, child.value), [], getattr(child, "key", None)))
        elif ty in ("button", "download_button", "file_uploader"):
            out.append((ty, p.label, [], getattr(child, "key", None)))
        elif ty in ("info", "warning", "error", "success"):
            out.append(("info", p.body, [], getattr(child, "key", None)))
        else:
            out.append(("markdown", f"({ty})", [], getattr(child, "key", None)))
    return out


def page_tree(at: Any) -> dict[str, list[Record]]:  # noqa: ANN401
    return {name: record(at._tree.children[i]) for i, name in enumerate(("main", "sidebar", "event"))}


def _replay(records: list[Record], box: Any, prefix: str, in_form: bool = False) -> None:  # noqa: ANN401
    for i, (ty, params, children, user_key) in enumerate(records):
        key = user_key or f"{prefix}_{i}"  # widgets keep the page's keys (the bench moves f_years)
        if ty == "expander":
            with box.expander(params):
                _replay(children, st, key, in_form)
        elif ty == "form":
            with box.form(key):
                _replay(children, st, key, True)
        elif ty in ("horizontal", "vertical", "column", "flex_container"):
            cols = [c for c in children if c[0] == "column"]
            if cols:
                for col, (_, _, grand, _) in zip(box.columns(len(cols)), cols, strict=True):
                    _replay(grand, col, key, in_form)
            else:
                _replay(children, box, key, in_form)
        elif ty == "plotly_chart":
            box.plotly_chart(_figure(params), key=key, width="stretch")
        elif ty == "dataframe":
            box.dataframe(params, hide_index=True, width="stretch")
        elif ty in ("title", "header", "subheader"):
            getattr(box, ty)(params[0], divider=params[1] or False)
        elif ty == "markdown":
            box.markdown(params)
        elif ty == "html":
            box.html(params)
        elif ty in ("radio", "selectbox", "multiselect"):
            getattr(box, ty)(params[0], params[1], key=key)
        elif ty == "slider":
            box.slider(params[0], int(params[1]), int(params[2]), tuple(int(v) for v in params[3]), key=key)
        elif ty in ("text_input", "text_area"):
            getattr(box, ty)(params[0], params[1], key=key)
        elif ty == "button" and in_form:
            box.form_submit_button(params, key=f"{prefix}_{i}")
        elif ty == "button":
            box.button(params, key=key)
        elif ty == "download_button":
            box.download_button(params, data=lambda: b"", on_click="ignore", key=key)
        elif ty == "file_uploader":
            box.file_uploader(params, key=key)
        elif ty == "info":
            box.info(params)


@st.cache_resource
def _figure(spec: str) -> go.Figure:
    return go.Figure(json.loads(spec))


@st.cache_resource
def _tree(path: str) -> dict[str, list[Record]]:
    return pickle.loads(Path(path).read_bytes())


if __name__ == "__main__":
    tree = _tree(os.environ["CTDASH_BENCH_FLOOR"])
    _replay(tree["sidebar"], st.sidebar, "s")
    _replay(tree["event"], st, "e")
    _replay(tree["main"], st, "m")
