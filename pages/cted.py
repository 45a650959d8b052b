"""cted page: every view the registry lists for it."""

from ctdash import ui

ui.render_page("cted")
