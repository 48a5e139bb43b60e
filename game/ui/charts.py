"""Line charts drawn with pygame: trust, welfare, dependency and trade over the years.

The same drawing is shown in the game and exported as a PNG file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pygame

from game.ui import draw
from game.ui.text import country_name, currency, money, number, percent, ui
from game.ui.theme import Palette, mix

MEASURES = ("trust_held", "welfare_index", "dependency", "trade")
PARTNERS_SHOWN = 4


def nice_range(low: float, high: float) -> tuple[float, float]:
    if high - low < 1e-9:
        pad = abs(high) * 0.05 or 0.05
        return low - pad, high + pad
    pad = (high - low) * 0.08
    return low - pad, high + pad


def line_chart(surface: pygame.Surface, rect: pygame.Rect, title: str,
               series: Sequence[tuple[str, Sequence[float], tuple, int]], fmt: Callable[[float], str],
               colours: Palette, scale: float, reference: tuple[float, str] | None = None) -> None:
    """One chart: a title, a y axis with three ticks, years along x, one line per series
    (label, values, colour, width), and an optional dashed reference line (value, label)."""
    draw.card(surface, rect, colours.panel, colours.border, round(8 * scale))
    small = draw.font("small", scale)
    bold = draw.font("normal", scale, bold=True)
    pad = round(10 * scale)
    draw.text(surface, title, (rect.left + pad, rect.top + round(6 * scale)), bold, colours.text,
              max_width=rect.width - 2 * pad)
    values = [v for _, vs, _, _ in series for v in vs]
    if reference is not None:
        values.append(reference[0])
    if not values:
        return
    low, high = nice_range(min(values), max(values))
    label_w = max(small.size(fmt(v))[0] for v in (low, high, (low + high) / 2)) + round(8 * scale)
    plot = pygame.Rect(rect.left + pad + label_w, rect.top + bold.get_linesize() + round(14 * scale),
                       rect.width - 2 * pad - label_w,
                       rect.height - bold.get_linesize() - small.get_linesize() - round(26 * scale))
    if plot.width < 20 or plot.height < 20:
        return
    count = max(len(vs) for _, vs, _, _ in series)

    def to_screen(k: int, v: float) -> tuple[int, int]:
        x = plot.left + (plot.width * k / (count - 1) if count > 1 else plot.width / 2)
        y = plot.bottom - (v - low) / (high - low) * plot.height
        return round(x), round(y)

    grid = mix(colours.panel, colours.text, 0.12)
    for fraction in (0.0, 0.5, 1.0):
        value = low + (high - low) * fraction
        y = round(plot.bottom - fraction * plot.height)
        pygame.draw.line(surface, grid, (plot.left, y), (plot.right, y))
        draw.text(surface, fmt(value), (plot.left - round(6 * scale), y), small, colours.muted, "midright")
    step = max(1, (count - 1) // 6 + (1 if (count - 1) % 6 else 0)) if count > 7 else 1
    for k in range(0, count, step):
        x, _ = to_screen(k, low)
        draw.text(surface, str(k), (x, plot.bottom + round(3 * scale)), small, colours.muted, "midtop")
    if reference is not None:
        _, y = to_screen(0, reference[0])
        for x in range(plot.left, plot.right, round(10 * scale)):
            pygame.draw.line(surface, colours.bad, (x, y), (min(x + round(5 * scale), plot.right), y))
        draw.text(surface, reference[1], (plot.right, y - round(2 * scale)), small, colours.bad,
                  "bottomright")
    for _, values_, colour, width in series:
        points = [to_screen(k, v) for k, v in enumerate(values_)]
        if len(points) > 1:
            pygame.draw.lines(surface, colour, False, points, max(1, round(width * scale)))
        if points:
            pygame.draw.circle(surface, colour, points[-1], max(2, round((width + 1.5) * scale)))


def chart_series(session, viewer: str, colours: Palette) -> tuple[list[str], dict[str, list]]:
    """The countries drawn (you, your largest trade partners) and each measure's series."""
    game = session.game
    relations = session.relations(viewer)
    partners = sorted((c for c in game.country_ids if c != viewer),
                      key=lambda c: -relations[c]["trade_with_you"])[:PARTNERS_SHOWN]
    shown = [viewer, *partners]
    palette = [colours.accent, *colours.series]
    result = {}
    for measure in MEASURES:
        data = session.series(measure)
        lines = []
        for k, country in enumerate(shown):
            colour = palette[k % len(palette)] if k else colours.accent
            lines.append((country_name(game, country), data[country], colour, 3 if k == 0 else 1.5))
        if len(game.country_ids) > len(shown):
            years = len(next(iter(data.values())))
            average = [sum(data[c][t] for c in game.country_ids) / len(game.country_ids)
                       for t in range(years)]
            lines.append((ui("charts.average"), average, colours.muted, 1))
        result[measure] = lines
    return shown, result


def draw_charts(surface: pygame.Surface, rect: pygame.Rect, session, viewer: str, colours: Palette,
                scale: float) -> None:
    """The four charts in a 2×2 grid with one legend below them."""
    game = session.game
    _, data = chart_series(session, viewer, colours)
    small = draw.font("small", scale)
    legend_h = small.get_linesize() + round(12 * scale)
    gap = round(10 * scale)
    grid = pygame.Rect(rect.left, rect.top, rect.width, rect.height - legend_h - gap)
    w = (grid.width - gap) // 2
    h = (grid.height - gap) // 2
    unit = currency(game)
    formats = {
        "trust_held": lambda v: percent(v, 0),
        "welfare_index": lambda v: percent(v, 0),
        "dependency": lambda v: number(v, 2),
        "trade": lambda v: money(v, "").strip(),
    }
    for k, measure in enumerate(MEASURES):
        cell = pygame.Rect(grid.left + (k % 2) * (w + gap), grid.top + (k // 2) * (h + gap), w, h)
        title = ui(f"charts.{measure}", currency=unit)
        reference = (0.25, ui("charts.high_dependency")) if measure == "dependency" else None
        line_chart(surface, cell, title, data[measure], formats[measure], colours, scale, reference)
    # legend
    x = rect.left + round(6 * scale)
    y = rect.bottom - legend_h + round(4 * scale)
    draw.text(surface, ui("charts.years"), (x, y), small, colours.muted)
    x += small.size(ui("charts.years"))[0] + round(18 * scale)
    for label, _, colour, width in data[MEASURES[0]]:
        pygame.draw.line(surface, colour, (x, y + small.get_linesize() // 2),
                         (x + round(22 * scale), y + small.get_linesize() // 2), max(2, round(width * scale)))
        x += round(28 * scale)
        drawn = draw.text(surface, label, (x, y), small, colours.text)
        x = drawn.right + round(16 * scale)


def charts_image(session, viewer: str, colours: Palette, size: tuple[int, int] = (1600, 1000),
                 scale: float = 1.25) -> pygame.Surface:
    """The charts as an image of their own (for the PNG export), with a title."""
    surface = pygame.Surface(size)
    surface.fill(colours.background)
    game = session.game
    title_font = draw.font("large", scale, bold=True)
    title = ui("charts.export_title", country=country_name(game, viewer),
               scenario=game.scenario.scenario.title.get(_language()))
    draw.text(surface, title, (round(16 * scale), round(10 * scale)), title_font, colours.text,
              max_width=size[0] - round(32 * scale))
    top = round(20 * scale) + title_font.get_linesize()
    draw_charts(surface, pygame.Rect(round(16 * scale), top, size[0] - round(32 * scale),
                                     size[1] - top - round(12 * scale)), session, viewer, colours, scale)
    return surface


def _language() -> str:
    from game.ui.text import language

    return language()
