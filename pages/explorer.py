"""Explorer page: the curated tables, a read-only SQL box and the CSV check (`ctdash.explorer_ui`)."""

from ctdash import shell

shell.page("explorer")
