"""working_groups page: every view the registry lists for it."""

from ctdash import shell

shell.page("working_groups")
