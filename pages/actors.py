"""Actor profile page: everything the sources say about one state or organisation (`ctdash.actors_ui`)."""

from ctdash import shell

shell.page("actors")
