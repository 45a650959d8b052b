"""Actor profile page: everything the sources say about one state or organisation (`ctdash.actors_ui`)."""

from ctdash import actors_ui

actors_ui.render()
