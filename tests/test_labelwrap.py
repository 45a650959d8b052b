"""Category labels broken over lines, and the room their rows need."""

from __future__ import annotations

from ctdash.labelwrap import LINE_PX, ROW_GAP_PX, label_room, wrap


def test_wrap_breaks_long_labels():
    assert wrap("a " * 40, 10).count("<br>") >= 5
    assert wrap("short") == "short"


def test_wrapped_labels_get_room_beyond_what_a_row_holds():
    """A row holds (row_px - ROW_GAP_PX) // LINE_PX lines (at least one); each line past that adds
    LINE_PX (a label counted once, however many series repeat it); a chart without counted rows
    gets none."""
    one, four = "a", "a<br>b<br>c<br>d"
    assert label_room([one, four, four], 48) == 2 * LINE_PX  # two lines fit: two more need room
    assert label_room([one, "a<br>b"], 30) == LINE_PX
    assert label_room([one, four], 4 * LINE_PX + ROW_GAP_PX) == 0
    assert label_room([four], 0) == 0
