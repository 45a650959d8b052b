"""Briefing page: the charts added with "Add to briefing", ordered, saved and exported (`ctdash.basket_ui`)."""

from ctdash import shell

shell.page("briefing")
