"""The charts' country colours stay apart: every pair a chart can show together (you, your
largest partners, the average) is at least a minimum CIEDE2000 distance apart in both screen
palettes, in the colour-blind one also as seen with deuteranopia and protanopia (Machado 2009),
and every line stands out from the chart's panel. The colour maths is checked against published
values."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from game.scenario.loading import load_scenario, resolve
from game.ui import charts
from game.ui.perception import delta_e76, delta_e2000, distances, lab, simulate
from game.ui.theme import (
    CHART_COLOURS,
    COLOUR_BLIND,
    DEFAULT,
    MIN_DISTANCE,
    MIN_DISTANCE_DICHROMAT,
    PRINT,
    chart_colours,
    hex_colour,
)

BUILT_IN = ("tutorial", "archipelago", "asean-plus-three", "indonesia-partners", "world")


def test_ciede2000_matches_sharma_s_published_pairs():
    first = np.array([[50.0, 2.6772, -79.7751], [50.0, 0.0, 0.0], [60.2574, -34.0099, 36.2677],
                      [22.7233, 20.0904, -46.6940], [50.0, 2.5, 0.0]])
    second = np.array([[50.0, 0.0, -82.7485], [50.0, -1.0, 2.0], [60.4626, -34.1751, 39.4387],
                       [23.0331, 14.9730, -42.5619], [73.0, 25.0, -18.0]])
    expected = [2.0425, 2.3669, 1.2644, 2.0373, 27.1492]
    assert np.allclose(delta_e2000(first, second), expected, atol=1e-4)


def test_lab_and_simulation_fixed_points():
    assert np.allclose(lab(np.array([255, 255, 255])), [100, 0, 0], atol=1e-3)
    assert np.allclose(lab(np.array([0, 0, 0])), [0, 0, 0], atol=1e-3)
    assert np.allclose(lab(np.array([255, 0, 0])), [53.24, 80.09, 67.20], atol=0.01)
    for deficiency in ("deuteranopia", "protanopia"):  # greys stay grey
        assert np.allclose(simulate(np.array([128, 128, 128]), deficiency), 128, atol=1.0)
    # red and green, far apart for most, nearly meet for a deuteranope
    red_green = np.array([[200, 60, 40], [80, 160, 40]])
    seen = lab(simulate(red_green, "deuteranopia"))
    assert delta_e76(seen[0], seen[1]) < 0.5 * delta_e76(*lab(red_green))


def test_the_charts_colour_as_many_countries_as_checked():
    """The screen's charts colour "you" and PARTNERS_SHOWN partners (and the average): in every
    built-in scenario no more than the checked colours are shown together."""
    largest = max(len(load_scenario(resolve(name)).scenario.countries) for name in BUILT_IN)
    shown = min(largest, 1 + charts.PARTNERS_SHOWN)
    assert shown + 1 <= CHART_COLOURS  # + the average


def worst_pair(colours, deficiency=None) -> tuple[float, str]:
    matrix = distances(colours, deficiency)
    value, i, j = min((matrix[i, j], i, j) for i, j in itertools.combinations(range(len(colours)), 2))
    return float(value), f"{hex_colour(colours[i])} / {hex_colour(colours[j])}"


@pytest.mark.parametrize("palette", [DEFAULT, COLOUR_BLIND], ids=lambda p: p.name)
def test_every_pair_of_country_colours_is_far_apart(palette):
    colours = chart_colours(palette)
    assert len(set(colours)) == len(colours) == CHART_COLOURS
    value, pair = worst_pair(colours)
    assert value >= MIN_DISTANCE, f"{palette.name}: {pair} only {value:.1f} apart"


@pytest.mark.parametrize("deficiency", ["deuteranopia", "protanopia"])
def test_the_colour_blind_palette_stays_apart_for_dichromats(deficiency):
    value, pair = worst_pair(chart_colours(COLOUR_BLIND), deficiency)
    assert value >= MIN_DISTANCE_DICHROMAT, f"{deficiency}: {pair} only {value:.1f} apart"


@pytest.mark.parametrize("palette", [DEFAULT, COLOUR_BLIND], ids=lambda p: p.name)
def test_every_line_stands_out_from_the_panel(palette):
    visions = [None] + (["deuteranopia", "protanopia"] if palette is COLOUR_BLIND else [])
    for vision in visions:
        colours = [*chart_colours(palette), palette.panel]
        matrix = distances(colours, vision)
        assert matrix[-1, :-1].min() >= 30, (palette.name, vision)


def test_the_issue_s_pairs_are_apart():
    """Indonesia (you) and Japan were similar oranges; Indonesia and South Korea both yellow in
    the colour-blind palette: "you" against every partner colour."""
    for palette in (DEFAULT, COLOUR_BLIND):
        you = palette.accent
        for partner in palette.series[: charts.PARTNERS_SHOWN]:
            assert distances([you, partner])[0, 1] >= MIN_DISTANCE, (palette.name, partner)


def test_the_summary_page_s_colours_are_apart():
    """The printed summary colours SUMMARY_LINES countries and the average on white paper."""
    colours = [*PRINT.series[: charts.SUMMARY_LINES], PRINT.neutral]
    value, pair = worst_pair(colours)
    assert value >= MIN_DISTANCE, f"print: {pair} only {value:.1f} apart"
