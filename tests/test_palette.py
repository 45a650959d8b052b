"""The palette stays readable for colour-blind readers: every pair of qualifier colours (and of
the first series colours) stays apart under simulated protanopia, deuteranopia and tritanopia
(Machado, Oliveira & Fernandes 2009, severity 1.0), measured as CIE76 ΔE in CIELAB."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from ctdash import palette
from ctdash.schema import QUALIFIERS

MACHADO = {
    "normal": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
MIN_DELTA_E = 15  # clearly different side by side in a legend or a stacked bar


def _linear(hex_color: str) -> np.ndarray:
    c = np.array(palette.rgb(hex_color)) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, vision: str) -> float:
    m = MACHADO[vision]
    sim = [np.clip(m @ _linear(c), 0, 1) for c in (a, b)]
    return float(np.linalg.norm(_lab(sim[0]) - _lab(sim[1])))


def test_every_qualifier_has_its_own_colour() -> None:
    assert set(palette.QUALIFIER_COLOR) == set(QUALIFIERS)
    assert len(set(palette.QUALIFIER_COLOR.values())) == len(QUALIFIERS)


@pytest.mark.parametrize("vision", list(MACHADO))
def test_qualifier_colours_are_distinguishable(vision: str) -> None:
    colours = {q: palette.color(i) for q, i in palette.QUALIFIER_COLOR.items()}
    close = [(a, b, round(delta_e(colours[a], colours[b], vision), 1))
             for a, b in itertools.combinations(colours, 2) if delta_e(colours[a], colours[b], vision) < MIN_DELTA_E]
    assert not close, close


@pytest.mark.parametrize("vision", list(MACHADO))
def test_shown_and_alternative_readings_are_distinguishable(vision: str) -> None:
    assert delta_e(palette.SHOWN, palette.ALTERNATIVE, vision) >= MIN_DELTA_E


def test_the_simulation_can_fail() -> None:
    """Red and green, told apart with normal vision, are close under deuteranopia."""
    assert delta_e("#D62728", "#2CA02C", "normal") > 50
    assert delta_e("#D62728", "#2CA02C", "deuteranopia") < MIN_DELTA_E


def test_plot_draws_with_the_palette() -> None:
    from ctdash import plot

    assert plot.PALETTE is palette.PALETTE and plot.SHOWN == palette.SHOWN


def test_no_two_series_look_alike_beyond_eight_colours(con) -> None:
    """'Dated events per year' stacks 16 bodies: past the palette's eight colours a series is
    hatched, on screen and on the slide, so each legend entry names one look."""
    import io

    from pptx import Presentation

    from ctdash import export, plot, views
    from ctdash.filters import Filters

    f = Filters(years=(1900, 2100))
    view = views.BY_ID["events_per_year"]
    fig = plot.figure(view.describe(view.data(con, f), "en"))
    looks = [(tr.marker.color, tr.marker.pattern.shape or "") for tr in fig.data]
    assert len(looks) > len(palette.PALETTE) and len(set(looks)) == len(looks)
    deck = Presentation(io.BytesIO(export.render_pptx(export.views_pack(con, ["events_per_year"], f))))
    chart = next(sh.chart for s in deck.slides for sh in s.shapes if getattr(sh, "has_chart", False) and sh.has_chart)
    fills = []
    for s in chart.plots[0].series:
        fill = s.format.fill
        patterned = fill.type == 2  # MSO_FILL.PATTERNED: the colour is the background, hatched in white
        fills.append((str(fill.back_color.rgb if patterned else fill.fore_color.rgb), str(fill.pattern) if patterned else ""))
    assert len(fills) == len(looks) and len(set(fills)) == len(fills)
