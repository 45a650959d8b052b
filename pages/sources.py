"""Sources page: each document in full with its curated quotes highlighted (`ctdash.sources_ui`)."""

from ctdash import sources_ui

sources_ui.render()
