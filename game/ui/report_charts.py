"""The tools' report charts, written to PNG files on white paper: a strip chart (every value as
a dot, with its quartile box and mean), grouped bars, and lines over time. Used by
``run_game.py balance`` and ``tournament`` and by the balance screen (``game.ui.balance_report``).
Ticks at round values come from ``game.ui.ticks``."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pygame

from game.ui.theme import PRINT, PRINT_SERIES, mix
from game.ui.ticks import nice_ticks

# --- the tools' report charts, written to PNG files ----------------------------------------------
# Three shapes are enough for the balance and tournament reports: a strip chart (every value as a
# dot, with its quartile box and mean), grouped bars, and lines over time, on white paper.
BACKGROUND = PRINT.background


INK = PRINT.text


GRID = mix(PRINT.background, PRINT.text, 0.12)


FAINT = PRINT.muted


class _Canvas:
    """A white surface with fonts and a few drawing helpers."""

    def __init__(self, width: int, height: int):
        if not pygame.font.get_init():
            pygame.font.init()
        self.pg = pygame
        self.surface = self.pg.Surface((width, height))
        self.surface.fill(BACKGROUND)
        self.width, self.height = width, height
        self.fonts = {size: self.pg.font.Font(None, size) for size in (18, 22, 26, 34)}

    def text(self, text: str, position: tuple[float, float], size: int = 22,
             colour: tuple[int, int, int] = INK, anchor: str = "topleft") -> Any:
        image = self.fonts[size].render(text, True, colour)
        rect = image.get_rect(**{anchor: (round(position[0]), round(position[1]))})
        self.surface.blit(image, rect)
        return rect

    def text_width(self, text: str, size: int = 22) -> int:
        return self.fonts[size].size(text)[0]

    def line(self, colour: tuple[int, int, int], start: tuple[float, float],
             end: tuple[float, float], width: int = 1) -> None:
        self.pg.draw.line(self.surface, colour, (round(start[0]), round(start[1])),
                          (round(end[0]), round(end[1])), width)

    def save(self, path: str | Path) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.pg.image.save(self.surface, str(path))


def _label(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e5 else f"{value:.3g}"


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    if not ordered:
        return (math.nan, math.nan, math.nan)

    def at(q: float) -> float:
        position = q * (len(ordered) - 1)
        low = math.floor(position)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (position - low)

    return at(0.25), at(0.5), at(0.75)


def strip_chart(path: str | Path, title: str, rows: list[tuple[str, list[float]]],
                axis_label: str, intervals: list[tuple[float, float, float]] | None = None,
                note: str = "") -> None:
    """One row per label: every value as a dot, the quartile box, the mean and its interval
    (``intervals``: (mean, low, high) per row) as a black bar."""
    label_width = max([160, *(_Canvas(1, 1).text_width(label) + 30 for label, _ in rows)])
    row_height = 54
    width = 1000
    height = 130 + row_height * max(len(rows), 1) + (26 if note else 0)
    canvas = _Canvas(width, height)
    left, right, top = label_width, width - 40, 70
    bottom = top + row_height * max(len(rows), 1)
    canvas.text(title, (width / 2, 18), 34, anchor="midtop")
    values = [v for _, vs in rows for v in vs]
    if intervals:
        values += [x for triple in intervals for x in triple if math.isfinite(x)]
    ticks = nice_ticks(min(values, default=0.0), max(values, default=1.0))
    low, high = ticks[0], ticks[-1]

    def x_of(value: float) -> float:
        return left + (value - low) / (high - low) * (right - left)

    for tick in ticks:
        x = x_of(tick)
        canvas.line(GRID, (x, top), (x, bottom))
        canvas.text(_label(tick), (x, bottom + 6), 22, FAINT, "midtop")
    if low < 0 < high:
        canvas.line(FAINT, (x_of(0.0), top), (x_of(0.0), bottom))
    canvas.text(axis_label, ((left + right) / 2, bottom + 30), 22, INK, "midtop")
    for r, (label, row_values) in enumerate(rows):
        middle = top + row_height * r + row_height / 2
        colour = PRINT_SERIES[r % len(PRINT_SERIES)]
        canvas.text(label, (left - 14, middle), 22, INK, "midright")
        if r:
            canvas.line(GRID, (left, top + row_height * r), (right, top + row_height * r))
        if row_values:
            q1, median, q3 = quartiles(row_values)
            box = canvas.pg.Rect(round(x_of(q1)), round(middle - 14),
                                 max(2, round(x_of(q3) - x_of(q1))), 28)
            canvas.pg.draw.rect(canvas.surface, _tint(colour, 0.8), box)
            canvas.pg.draw.rect(canvas.surface, colour, box, 1)
            canvas.line(colour, (x_of(median), middle - 14), (x_of(median), middle + 14), 2)
        for k, value in enumerate(row_values):
            jitter = ((k * 7919) % 17 - 8) * 1.4  # deterministic spread, so dots do not hide
            canvas.pg.draw.circle(canvas.surface, colour, (round(x_of(value)), round(middle + jitter)), 3)
        if intervals and r < len(intervals) and all(math.isfinite(x) for x in intervals[r]):
            mean, ci_low, ci_high = intervals[r]
            canvas.line(INK, (x_of(ci_low), middle + 20), (x_of(ci_high), middle + 20), 3)
            canvas.pg.draw.circle(canvas.surface, INK, (round(x_of(mean)), round(middle + 20)), 5)
    if note:
        canvas.text(note, (left, height - 28), 22, FAINT)
    canvas.save(path)


def bar_chart(path: str | Path, title: str, labels: list[str],
              series: list[tuple[str, list[float]]], axis_label: str,
              reference: float | None = None, reference_label: str = "") -> None:
    """Grouped vertical bars: one group per label, one bar per series (with a legend)."""
    width = max(900, 120 + len(labels) * (30 + 26 * len(series)))
    height = 560
    canvas = _Canvas(width, height)
    left, right, top, bottom = 90, width - 30, 110, height - 110
    canvas.text(title, (width / 2, 18), 34, anchor="midtop")
    _legend(canvas, [name for name, _ in series], 60)
    values = [v for _, vs in series for v in vs] + ([reference] if reference is not None else [])
    ticks = nice_ticks(min([0.0, *values]), max([0.0, *values], default=1.0))
    low, high = ticks[0], ticks[-1]

    def y_of(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - top)

    for tick in ticks:
        canvas.line(GRID, (left, y_of(tick)), (right, y_of(tick)))
        canvas.text(_label(tick), (left - 8, y_of(tick)), 22, FAINT, "midright")
    canvas.line(INK, (left, y_of(0.0)), (right, y_of(0.0)))
    _vertical_label(canvas, axis_label, (22, (top + bottom) / 2))
    group = (right - left) / max(len(labels), 1)
    bar = min(40.0, group * 0.8 / max(len(series), 1))
    for g, label in enumerate(labels):
        centre = left + group * (g + 0.5)
        start = centre - bar * len(series) / 2
        for s, (_, values_of_series) in enumerate(series):
            value = values_of_series[g]
            y0, y1 = sorted((y_of(0.0), y_of(value)))
            rect = canvas.pg.Rect(round(start + bar * s), round(y0), max(1, round(bar - 2)),
                                  max(1, round(y1 - y0)))
            canvas.pg.draw.rect(canvas.surface, PRINT_SERIES[s % len(PRINT_SERIES)], rect)
            if bar >= 18:
                anchor = "midbottom" if value >= 0 else "midtop"
                y = y0 - 2 if value >= 0 else y1 + 2
                canvas.text(_label(round(value, 1)), (start + bar * s + bar / 2 - 1, y), 18,
                            INK, anchor)
        _wrapped(canvas, label, (centre, bottom + 8), group - 6)
    if reference is not None:
        y = y_of(reference)
        for x in range(left, right, 14):
            canvas.line(INK, (x, y), (min(x + 7, right), y), 2)
        if reference_label:
            canvas.text(reference_label, (right - 4, y - 4), 22, INK, "bottomright")
    canvas.save(path)


def line_chart_file(path: str | Path, title: str, x_values: list[float],
               series: list[tuple[str, list[float]]], x_label: str, y_label: str,
               reference: float | None = None, reference_label: str = "") -> None:
    """One line per series over ``x_values`` (with a legend)."""
    width, height = 1000, 560
    canvas = _Canvas(width, height)
    left, right, top, bottom = 90, width - 30, 110, height - 80
    canvas.text(title, (width / 2, 18), 34, anchor="midtop")
    _legend(canvas, [name for name, _ in series], 60)
    values = [v for _, vs in series for v in vs if math.isfinite(v)]
    if reference is not None:
        values.append(reference)
    ticks = nice_ticks(min(values, default=0.0), max(values, default=1.0))
    low, high = ticks[0], ticks[-1]
    x_low, x_high = min(x_values, default=0.0), max(x_values, default=1.0)
    if x_high == x_low:
        x_high = x_low + 1.0

    def x_of(value: float) -> float:
        return left + (value - x_low) / (x_high - x_low) * (right - left)

    def y_of(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - top)

    for tick in ticks:
        canvas.line(GRID, (left, y_of(tick)), (right, y_of(tick)))
        canvas.text(_label(tick), (left - 8, y_of(tick)), 22, FAINT, "midright")
    for x in nice_ticks(x_low, x_high, 10):
        if x_low <= x <= x_high:
            canvas.text(_label(x), (x_of(x), bottom + 6), 22, FAINT, "midtop")
    canvas.text(x_label, ((left + right) / 2, bottom + 32), 22, INK, "midtop")
    _vertical_label(canvas, y_label, (22, (top + bottom) / 2))
    canvas.line(INK, (left, bottom), (right, bottom))
    if reference is not None:
        y = y_of(reference)
        for x in range(left, right, 14):
            canvas.line(FAINT, (x, y), (min(x + 7, right), y), 2)
        if reference_label:
            canvas.text(reference_label, (right - 4, y - 4), 22, FAINT, "bottomright")
    # Earlier series are drawn thicker, so that a line hidden under another still shows.
    for s, (_, values_of_series) in enumerate(series):
        colour = PRINT_SERIES[s % len(PRINT_SERIES)]
        thickness = max(2, 8 - 2 * s)
        points = [(x_of(x), y_of(y)) for x, y in zip(x_values, values_of_series, strict=False)
                  if math.isfinite(y)]
        if len(points) > 1:
            canvas.pg.draw.lines(canvas.surface, colour, False,
                                 [(round(x), round(y)) for x, y in points], thickness)
        for x, y in points:
            canvas.pg.draw.circle(canvas.surface, colour, (round(x), round(y)), thickness // 2 + 2)
    canvas.save(path)


def _legend(canvas: _Canvas, names: list[str], y: float) -> None:
    widths = [canvas.text_width(name) + 44 for name in names]
    x = max(20.0, (canvas.width - sum(widths)) / 2)
    for k, name in enumerate(names):
        colour = PRINT_SERIES[k % len(PRINT_SERIES)]
        canvas.pg.draw.rect(canvas.surface, colour, canvas.pg.Rect(round(x), round(y), 18, 18))
        canvas.text(name, (x + 24, y + 9), 22, INK, "midleft")
        x += widths[k]


def _vertical_label(canvas: _Canvas, text: str, centre: tuple[float, float]) -> None:
    image = canvas.pg.transform.rotate(canvas.fonts[22].render(text, True, INK), 90)
    canvas.surface.blit(image, image.get_rect(center=(round(centre[0]), round(centre[1]))))


def _wrapped(canvas: _Canvas, text: str, top_centre: tuple[float, float], width: float) -> None:
    """Text centred under a bar, broken into lines that fit ``width``."""
    words = text.replace("_", " ").split()
    lines: list[str] = []
    for word in words:
        if lines and canvas.text_width(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    for k, line in enumerate(lines[:4]):
        canvas.text(line, (top_centre[0], top_centre[1] + 20 * k), 22, INK, "midtop")


def _tint(colour: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    """The colour mixed with white (amount 1 = white)."""
    return tuple(round(c + (255 - c) * amount) for c in colour)  # type: ignore[return-value]
