"""Sources page: each document in full with its curated quotes highlighted (`ctdash.sources_ui`)."""

from ctdash import shell

shell.page("sources")
