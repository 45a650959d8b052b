"""actors.iso3 is checked against ISO 3166-1 (pycountry): a typo would silently drop a state
from the CTED map, so `ctdash validate` names the file, line and column instead."""

from __future__ import annotations

import pytest
from conftest import set_cell

from ctdash.validate import validate


@pytest.mark.parametrize("code", ["MRA", "mar", "XX", "EU"])
def test_unknown_iso3_is_a_problem_with_file_line_and_column(project, code):
    set_cell(project / "data" / "actors.csv", 1, "iso3", code)  # line 3: Morocco
    _, problems = validate(project / "data")
    found = [p for p in problems if p.column == "iso3"]
    assert [(p.file, p.line) for p in found] == [("data/actors.csv", 3)], problems
    assert "ISO 3166-1 alpha-3" in found[0].message and code in found[0].message


def test_the_curated_codes_are_all_known(project):
    _, problems = validate(project / "data")
    assert not [p for p in problems if p.column == "iso3"]
