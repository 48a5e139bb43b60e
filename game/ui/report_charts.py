"""The tools' report charts, written to PNG files on white paper: a strip chart (every value as
a dot, with its quartile box and mean), grouped bars, and lines over time. Used by
``run_game.py balance`` and ``tournament`` and by the balance screen (``game.ui.balance_report``).
Ticks at round values come from ``game.ui.ticks``."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pygame

from game.i18n.numbers import minus
from game.ui import draw
from game.ui.theme import PRINT, PRINT_SERIES, Colour, mix
from game.ui.ticks import nice_ticks

# --- the tools' report charts, written to PNG files ----------------------------------------------
# Three shapes are enough for the balance and tournament reports: a strip chart (every value as a
# dot, with its quartile box and mean), grouped bars, and lines over time, on white paper. The
# strip chart is also drawn on the balance screen, at its size and in the screen's colours.
BACKGROUND = PRINT.background


INK = PRINT.text


GRID = mix(PRINT.background, PRINT.text, 0.12)


FAINT = PRINT.muted


@dataclass(frozen=True)
class ChartStyle:
    """How a chart looks: its colours, its fonts (by their size on paper) and the length of a
    paper pixel (1 on paper; the screen's charts are drawn at their own size)."""

    background: Colour
    ink: Colour
    grid: Colour
    faint: Colour
    series: tuple[Colour, ...]
    font: Callable[[int], Any]
    unit: float = 1.0
    tint: Colour = (255, 255, 255)  # what the quartile boxes are mixed with


def _paper_font(size: int) -> Any:
    return pygame.font.Font(None, size)


#: Dark ink on white paper (the report's PNG files).
PAPER = ChartStyle(BACKGROUND, INK, GRID, FAINT, PRINT_SERIES, _paper_font)


class _Canvas:
    """A surface filled with the style's background, with its fonts and a few drawing helpers."""

    def __init__(self, width: int, height: int, style: ChartStyle = PAPER,
                 surface: pygame.Surface | None = None):
        if not pygame.font.get_init():
            pygame.font.init()
        self.pg = pygame
        self.style = style
        self.surface = surface if surface is not None else self.pg.Surface((width, height))
        self.surface.fill(style.background)
        self.width, self.height = width, height
        self.fonts = {size: style.font(size) for size in (18, 22, 26, 34)}

    def u(self, value: float) -> float:
        """A length given in paper pixels, in this canvas's pixels."""
        return value * self.style.unit

    def text(self, text: str, position: tuple[float, float], size: int = 22,
             colour: tuple[int, int, int] | None = None, anchor: str = "topleft",
             max_width: float | None = None) -> Any:
        font = self.fonts[size]
        if max_width is not None and font.size(text)[0] > max_width:
            while len(text) > 1 and font.size(text + "…")[0] > max_width:
                text = text[:-1]
            text = text.rstrip() + "…"
        draw.note(text)  # for the language tests, like every text the window shows
        image = font.render(text, True, self.style.ink if colour is None else colour)
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
    text = f"{value:g}" if abs(value) < 1e5 else f"{value:.3g}"
    return text.replace("-", minus())  # a true minus (or the en dash the window's font needs)


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
    """The strip chart on paper, 1000 pixels wide, to ``path``."""
    probe = _Canvas(1000, 1)
    height = round(strip_chart_height(probe, len(rows), title, _lines(probe, note), ROW_HEIGHT))
    canvas = _Canvas(1000, height)
    paint_strip_chart(canvas, title, rows, axis_label, intervals, note)
    canvas.save(path)


#: A strip chart's row on paper, and the least a row may take on a screen (paper pixels).
ROW_HEIGHT = 54
ROW_HEIGHT_MINIMUM = 22


def _lines(canvas: _Canvas, note: str) -> list[str]:
    """The note in lines as wide as the canvas."""
    width = canvas.width - canvas.u(20)
    lines: list[str] = []
    for word in note.split():
        if lines and canvas.text_width(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _top(canvas: _Canvas, title: str) -> float:
    return canvas.fonts[34].get_linesize() + canvas.u(16) if title else canvas.u(10)


def strip_chart_height(canvas: _Canvas, rows: int, title: str, note: list[str],
                       row_height: float) -> float:
    """The height a strip chart of ``rows`` rows ``row_height`` high (paper pixels) takes: the
    title, the rows, the ticks and the axis's name, the note's lines."""
    line = canvas.fonts[22].get_linesize()
    return (_top(canvas, title) + canvas.u(row_height) * max(rows, 1) + 2 * line + canvas.u(14)
            + len(note) * line + canvas.u(8))


def strip_chart_whole_height(width: int, style: ChartStyle, title: str, rows: int, note: str = "") -> int:
    """The height a strip chart ``width`` wide takes whole: its title and rows as on paper."""
    probe = _Canvas(width, 1, style)
    return round(strip_chart_height(probe, rows, title, _lines(probe, note), ROW_HEIGHT))


def strip_chart_surface(size: tuple[int, int], style: ChartStyle, title: str,
                        rows: list[tuple[str, list[float]]], axis_label: str,
                        intervals: list[tuple[float, float, float]] | None = None,
                        note: str = "") -> pygame.Surface | None:
    """The strip chart drawn ``size[0]`` wide in ``style`` (the balance screen's), as high as
    it needs within ``size[1]``: rows as on paper or shorter, then without its title; None
    when even that does not fit."""
    probe = _Canvas(size[0], 1, style)
    lines = _lines(probe, note)
    for shown in (title, ""):
        needed = strip_chart_height(probe, len(rows), shown, lines, ROW_HEIGHT_MINIMUM)
        if needed <= size[1]:
            height = min(size[1], round(strip_chart_height(probe, len(rows), shown, lines,
                                                           ROW_HEIGHT)))
            surface = pygame.Surface((size[0], height))
            canvas = _Canvas(size[0], height, style, surface)
            paint_strip_chart(canvas, shown, rows, axis_label, intervals, note)
            return surface
    return None


def paint_strip_chart(canvas: _Canvas, title: str, rows: list[tuple[str, list[float]]],
                      axis_label: str, intervals: list[tuple[float, float, float]] | None = None,
                      note: str = "") -> None:
    """One row per label: every value as a dot, the quartile box, the mean and its interval
    (``intervals``: (mean, low, high) per row) as a bar in the ink's colour; the rows share the
    canvas's height."""
    style, u = canvas.style, canvas.u
    width, height = canvas.width, canvas.height
    count = max(len(rows), 1)
    lines = _lines(canvas, note)
    line = canvas.fonts[22].get_linesize()
    fixed = strip_chart_height(canvas, 0, title, lines, 0)
    row_height = min(u(ROW_HEIGHT), (height - fixed) / count)
    label_width = min(width * 0.35, max([u(160), *(canvas.text_width(label) + u(30)
                                                   for label, _ in rows)]))
    left, right, top = label_width, width - u(40), _top(canvas, title)
    bottom = top + row_height * count
    if title:
        canvas.text(title, (width / 2, u(8)), 34, anchor="midtop", max_width=width - u(20))
    values = [v for _, vs in rows for v in vs]
    if intervals:
        values += [x for triple in intervals for x in triple if math.isfinite(x)]
    ticks = nice_ticks(min(values, default=0.0), max(values, default=1.0))
    low, high = ticks[0], ticks[-1]

    def x_of(value: float) -> float:
        return left + (value - low) / (high - low) * (right - left)

    for tick in ticks:
        x = x_of(tick)
        canvas.line(style.grid, (x, top), (x, bottom))
        canvas.text(_label(tick), (x, bottom + u(4)), 22, style.faint, "midtop")
    if low < 0 < high:
        canvas.line(style.faint, (x_of(0.0), top), (x_of(0.0), bottom))
    canvas.text(axis_label, ((left + right) / 2, bottom + u(8) + line), 22, style.ink, "midtop")
    half = min(u(14), row_height * 0.26)
    dot = max(2, round(u(3)))
    for r, (label, row_values) in enumerate(rows):
        middle = top + row_height * r + row_height / 2
        colour = style.series[r % len(style.series)]
        canvas.text(label, (left - u(14), middle), 22, style.ink, "midright",
                    max_width=left - u(20))
        if r:
            canvas.line(style.grid, (left, top + row_height * r), (right, top + row_height * r))
        if row_values:
            q1, median, q3 = quartiles(row_values)
            box = canvas.pg.Rect(round(x_of(q1)), round(middle - half),
                                 max(2, round(x_of(q3) - x_of(q1))), round(2 * half))
            canvas.pg.draw.rect(canvas.surface, mix(colour, style.tint, 0.8), box)
            canvas.pg.draw.rect(canvas.surface, colour, box, 1)
            canvas.line(colour, (x_of(median), middle - half), (x_of(median), middle + half),
                        max(2, round(u(2))))
        for k, value in enumerate(row_values):
            jitter = ((k * 7919) % 17 - 8) * half / 10  # deterministic spread, so dots do not hide
            canvas.pg.draw.circle(canvas.surface, colour, (round(x_of(value)), round(middle + jitter)),
                                  dot)
        if intervals and r < len(intervals) and all(math.isfinite(x) for x in intervals[r]):
            mean, ci_low, ci_high = intervals[r]
            below = middle + half * 20 / 14
            canvas.line(style.ink, (x_of(ci_low), below), (x_of(ci_high), below),
                        max(2, round(u(3))))
            canvas.pg.draw.circle(canvas.surface, style.ink, (round(x_of(mean)), round(below)),
                                  max(3, round(u(5))))
    y = bottom + 2 * line + u(14)
    for text in lines:
        canvas.text(text, (u(10), y), 22, style.faint)
        y += line


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
        _reference_line(canvas, y_of(reference), left, right, reference_label, INK)
    canvas.save(path)


def _reference_line(canvas: _Canvas, y: float, left: int, right: int, label: str,
                    colour: tuple[int, int, int]) -> None:
    """A dashed line across the plot at ``y`` (the start, a threshold), its label at the right."""
    for x in range(left, right, 14):
        canvas.line(colour, (x, y), (min(x + 7, right), y), 2)
    if label:
        canvas.text(label, (right - 4, y - 4), 22, colour, "bottomright")


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
        _reference_line(canvas, y_of(reference), left, right, reference_label, FAINT)
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
