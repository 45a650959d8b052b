"""Category labels broken over lines for Plotly (`wrap`), and the room a chart with one row per
category needs so that no wrapped label overlaps its neighbours (`label_room`)."""

from __future__ import annotations

import textwrap

LINE_PX = 18  # one line of a wrapped category label (Arabic script sets taller lines than Latin)
ROW_GAP_PX = 8  # kept free between two rows' labels


def wrap(text: object, width: int = 38) -> str:
    """Long category labels broken over lines (plotly's <br>)."""
    return "<br>".join(textwrap.wrap(str(text), width)) or str(text)


def label_room(labels: list[str], row_px: int) -> int:
    """Pixels a chart needs beyond its rows' `row_px` each so that no wrapped label (`wrap`)
    overlaps its neighbours: LINE_PX for every line past those a row holds."""
    if not row_px:
        return 0
    holds = max(1, (row_px - ROW_GAP_PX) // LINE_PX)
    return LINE_PX * sum(max(0, label.count("<br>") + 1 - holds) for label in set(labels))
