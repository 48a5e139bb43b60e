"""The charts' y axes: ticks at round values (1, 2, 2.5 or 5 × 10^k) that cover the data, labels
with the digits the step needs, and a tick and a line at exactly 100 % on the welfare index."""

from __future__ import annotations

import itertools
import math
import random

import pygame
import pytest

from game.scenario.loading import load_scenario, resolve
from game.session.session import Session
from game.ui.charts import (
    BASELINES,
    TICK_FORMATS,
    chart_series,
    draw_charts,
    line_chart,
)
from game.ui.text import set_language
from game.ui.theme import DEFAULT, PRINT, mix
from game.ui.ticks import nice_step, nice_ticks, tick_decimals


def round_step(step: float) -> bool:
    mantissa = step / 10 ** math.floor(math.log10(step) + 1e-9)
    return any(abs(mantissa - m) < 1e-6 for m in (1, 2, 2.5, 5, 10))


def ranges(count: int = 400) -> list[tuple[float, float]]:
    rng = random.Random(7)
    result = [(870.0, 12606.0), (0.997, 1.003), (0.94, 1.12), (0.0, 0.31), (-3.0, 41.5),
              (1.0, 1.0), (12.0, 12.0), (-0.002, 0.0)]
    for _ in range(count):
        centre = rng.uniform(-1, 1) * 10 ** rng.uniform(-3, 6)
        span = abs(centre) * rng.uniform(0.001, 3) + 10 ** rng.uniform(-4, 2)
        low = centre - span * rng.random()
        result.append((low, low + span))
    return result


@pytest.mark.parametrize("count", [3, 4, 6])
def test_ticks_are_round_values_covering_the_data(count):
    for low, high in ranges():
        ticks = nice_ticks(low, high, count)
        step = ticks[1] - ticks[0]
        assert round_step(step), (low, high, ticks)
        assert ticks[0] <= low + 1e-12 and ticks[-1] >= high - 1e-12, (low, high, ticks)
        assert 2 <= len(ticks) <= count + 2, (low, high, ticks)
        for tick in ticks:  # every tick is a whole multiple of the step
            assert abs(tick / step - round(tick / step)) < 1e-6, (low, high, ticks)
        gaps = [b - a for a, b in itertools.pairwise(ticks)]
        assert max(gaps) - min(gaps) < step * 1e-6


def test_an_anchor_is_always_a_tick():
    for low, high in ranges():
        ticks = nice_ticks(low, high, 5, anchor=1.0)
        assert 1.0 in ticks, (low, high, ticks)
        assert ticks[0] <= min(low, 1.0) and ticks[-1] >= max(high, 1.0)


def test_the_issue_s_ticks_read_round():
    assert nice_ticks(870, 12606, 4) == [0, 5000, 10000, 15000]
    assert nice_step(0.06, 4) == 0.02
    set_language("en")
    step = 0.0025
    labels = [TICK_FORMATS["welfare_index"](v, step) for v in (0.9975, 1.0, 1.0025)]
    assert labels == ["99.75%", "100.00%", "100.25%"]
    assert tick_decimals(0.25) == 2 and tick_decimals(5) == 0 and tick_decimals(0.1) == 1
    assert tick_decimals(2.5) == 1 and tick_decimals(20) == 0


def test_a_labels_digits_tell_ticks_apart():
    set_language("en")
    for low, high in ranges(150):
        ticks = nice_ticks(low, high, 5)
        step = ticks[1] - ticks[0]
        for fmt in (TICK_FORMATS["trade"], TICK_FORMATS["welfare_index"]):
            labels = [fmt(v, step) for v in ticks]
            assert len(set(labels)) == len(labels), labels


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_a_welfare_chart_has_a_tick_and_a_line_at_exactly_100_percent(scale):
    pygame.font.init()
    set_language("en")
    surface = pygame.Surface((round(420 * scale), round(260 * scale)))
    welfare = [1.0, 1.0011, 1.0024, 1.0031, 1.0029]  # "100.3 % of the start"
    axis = line_chart(surface, surface.get_rect(), "Welfare", [("Indonesia", welfare, (255, 0, 0), 2)],
                      TICK_FORMATS["welfare_index"], DEFAULT, scale, baseline=BASELINES["welfare_index"])
    assert axis is not None and 1.0 in axis.ticks
    assert axis.labels[axis.ticks.index(1.0)] in ("100%", "100.0%", "100.00%")
    assert axis.ticks[0] <= 1.0 and axis.ticks[-1] >= max(welfare)
    # the line at 100 % is drawn at that tick's height, across the plot
    line = mix(DEFAULT.panel, DEFAULT.text, 0.45)
    y = axis.y_of(1.0)
    row = [tuple(surface.get_at((x, y)))[:3] for x in range(axis.plot.left, axis.plot.right)]
    assert sum(colour == line for colour in row) > 0.6 * len(row)


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_charts_screen_axes(language):
    """The charts of a real game: every axis's ticks are round and cover its lines; the welfare
    index has its tick at 100 %."""
    pygame.font.init()
    set_language(language)
    session = Session.new(load_scenario(resolve("indonesia-partners")), ["IDN"], "normal", 3, 6)
    for _ in range(2):
        session.begin_diplomacy("IDN")
        session.end_diplomacy("IDN")
        session.end_compliance("IDN", {})
    surface = pygame.Surface((1280, 720))
    axes = draw_charts(surface, surface.get_rect(), session, "IDN", DEFAULT, 1.0)
    _, lines = chart_series(session, "IDN", DEFAULT)
    assert set(axes) == {"trust_held", "welfare_index", "dependency", "trade"}
    for measure, axis in axes.items():
        assert axis is not None
        step = axis.ticks[1] - axis.ticks[0]
        assert round_step(step)
        values = [v for _, vs, _, _ in lines[measure] for v in vs]
        assert axis.ticks[0] <= min(values) + 1e-9 and axis.ticks[-1] >= max(values) - 1e-9
        assert len(axis.labels) == len(set(axis.labels)), axis.labels
    assert 1.0 in axes["welfare_index"].ticks
    set_language("en")


def test_the_print_palette_charts_draw(tmp_path):
    """The summary page's charts (on paper) use the same axes (smoke: drawn without error)."""
    pygame.font.init()
    surface = pygame.Surface((600, 300))
    axis = line_chart(surface, surface.get_rect(), "Score", [("A", [0.0, 3.2, 7.9], (0, 0, 0), 2)],
                      TICK_FORMATS["score"], PRINT, 1.0)
    assert axis is not None and axis.ticks[0] <= 0.0 and axis.ticks[-1] >= 7.9
