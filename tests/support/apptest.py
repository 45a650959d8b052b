"""Running app.py through Streamlit's AppTest as documented, and reading what it shows."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from ctdash.i18n import t
from ctdash.pages_table import BY_NAME

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 90
PACK = ("PowerPoint (.pptx)", "HTML")  # the Briefing pack menu's download buttons


def app(params: dict | None = None, page: str = "overview", rows: bool = False) -> AppTest:
    """app.py run as documented: a first run (the default page), then a switch to `page`; with
    `rows`, every view's expander (its rows, "Add to briefing", CSV and citation) opened, as a
    click on it does."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page != "overview":
        at.switch_page(BY_NAME[page].file).run()
    return open_rows(at) if rows else at


def open_rows(at: AppTest, *view_ids: str) -> AppTest:
    """Open the stateful expanders of these views (all when none is named, `ui.chart_block`) and
    rerun: their rows, buttons and citation are sent only while open."""
    from ctdash.views import REGISTRY

    for view_id in view_ids or [v.id for v in REGISTRY]:
        at.session_state[f"dv_{view_id}"] = True
    return at.run()


def explorer_tab(at: AppTest, tab: str, lang: str = "en") -> AppTest:
    """Open one of the Explorer's tabs ("tab_browse", "tab_sql", "tab_check"): only the open tab
    is built, as a click on it does in the browser."""
    at.session_state[f"ex_tab_{lang}"] = t(tab, lang)
    return at.run()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]


def qp(at: AppTest, key: str) -> list[str] | None:
    """A query parameter as the app left it (a list of values), None if absent."""
    if key not in at.query_params:
        return None
    value = at.query_params[key]
    return list(value) if isinstance(value, list | tuple) else [value]


def charts(at: AppTest) -> list:
    return at.get("plotly_chart")


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [s.value for s in at.subheader] + [c.value for c in at.caption]
    parts += [str(m.value) + str(m.label) for m in at.metric] + [str(w.value) for w in at.warning]
    parts += [str(d.value.to_dict()) for d in at.dataframe]
    parts += [h.proto.body for h in at.get("html")]  # tiles, each chart's summary sentence
    parts += [c.proto.spec for c in at.get("plotly_chart")]  # the figures (their title block names the filters)
    return "\n".join(parts)


