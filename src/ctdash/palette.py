"""The dashboard's colours, shared by every renderer (Plotly on screen and in the HTML pack,
python-pptx in the deck): the Okabe–Ito palette, which stays distinguishable for the common
forms of colour blindness (Okabe & Ito, "Color Universal Design", 2008).

A series names its colour by index (`chartdesc.Series.color`); a chart coloured by qualifier
uses the qualifier's own index (`QUALIFIER_COLOR`), so "more than" is the same orange whatever
other qualifiers the filters leave. Imports nothing of the package.
"""

from __future__ import annotations

# Okabe–Ito, most contrasting first; yellow (#F0E442) is left out: too light on a white slide.
BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, BLACK, GREY = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#999999")
PALETTE: tuple[str, ...] = (BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, BLACK, GREY)

SHOWN = BLUE  # the reading a chart shows
ALTERNATIVE = VERMILLION  # another passage of the source, drawn beside it
ACCENT = BLUE  # tiles, links, rules
SCALE = ("#C6DBEF", BLUE)  # a sequential scale (the visits map): light to Okabe–Ito blue

# One colour per qualifier (schema.QUALIFIERS), checked to be distinguishable under simulated
# protanopia, deuteranopia and tritanopia in tests/test_palette.py.
QUALIFIER_COLOR: dict[str, int] = {
    "exact": 0, "more_than": 1, "at_least": 2, "up_to": 3, "about": 4, "fewer_than": 5, "vague": 6,
}


def color(index: int) -> str:
    """The palette's colour for a series index (cycling)."""
    return PALETTE[index % len(PALETTE)]


# A series beyond the palette's eight colours (16 bodies in "dated events per year") repeats a
# colour with a hatching, so no two series of a chart look the same: plain, then these.
PATTERNS: tuple[str, ...] = ("", "/", "x", ".")


def pattern(index: int) -> str:
    """The hatching of a series index: '' for the first eight, then '/', 'x', '.' (Plotly's
    pattern shapes; the deck maps them to PowerPoint's pattern fills)."""
    return PATTERNS[(index // len(PALETTE)) % len(PATTERNS)]


def rgb(hex_color: str) -> tuple[int, int, int]:
    """'#0072B2' -> (0, 114, 178), for python-pptx's RGBColor."""
    h = hex_color.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
