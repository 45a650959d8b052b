"""The app's pages: one table that the navigation, the tests and the benchmarks all read.

Each page is a file in `pages/` (the layout users expect) whose only line hands its name to
`ctdash.shell.page`. Nothing here imports Streamlit, so tests and benchmarks can read the table
without starting the app.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    """One page: its name (also its URL path and i18n key `page_<name>`), file and menu icon."""

    name: str
    icon: str
    default: bool = False

    @property
    def file(self) -> str:
        """The page file, relative to app.py (what `st.Page` and `AppTest.switch_page` take)."""
        return f"pages/{self.name}.py"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", ":material/dashboard:", default=True),
    PageSpec("meetings", ":material/groups:"),
    PageSpec("coalition", ":material/flag:"),
    PageSpec("cted", ":material/travel_explore:"),
    PageSpec("working_groups", ":material/workspaces:"),
    PageSpec("explorer", ":material/table_view:"),
    PageSpec("sources", ":material/menu_book:"),
    PageSpec("actors", ":material/person_search:"),
    PageSpec("briefing", ":material/playlist_add_check:"),
)
BY_NAME = {p.name: p for p in PAGES}
NAMES = tuple(p.name for p in PAGES)
