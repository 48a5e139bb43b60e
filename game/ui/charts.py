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


# --- the printable summary of a class's results folder (game.classroom.results) ----------------
#: Charts of the summary page: (measure, title key).
SUMMARY_CHARTS = (("score", "classroom.summary.score"), ("trust_held", "charts.trust_held"),
                  ("welfare_index", "charts.welfare_index"))
SUMMARY_LINES = 6  # countries drawn in the charts (the teams first, then the best)


def print_palette() -> Palette:
    """Dark ink on white paper, with the colour-blind-safe series of the tools' charts."""
    from dataclasses import replace

    from game.tools.charts import PALETTE
    from game.ui.theme import DEFAULT

    return replace(DEFAULT, name="print", background=(255, 255, 255), panel=(255, 255, 255),
                   panel_alt=(236, 241, 247), border=(188, 197, 208), text=(25, 30, 40),
                   muted=(90, 100, 115), accent=(0, 90, 160), good=(0, 130, 80), bad=(190, 50, 40),
                   series=tuple(PALETTE))


def summary_image(summary, size: tuple[int, int] = (1600, 1131), scale: float = 1.25) -> pygame.Surface:
    """The results folder's summary page (A4 landscape proportions): the leaderboard with the
    teams, and score, trust and welfare over the turns. ``summary`` is a
    ``game.classroom.results.Summary``; texts are in the current language."""
    from game.ui.text import language

    if not pygame.font.get_init():  # drawn outside the game window too (tests, tools)
        pygame.font.init()
    colours = print_palette()
    lang = language()
    surface = pygame.Surface(size)
    surface.fill(colours.background)
    margin = round(18 * scale)
    title_font = draw.font("large", scale, bold=True)
    small = draw.font("small", scale)
    draw.text(surface, summary.title.get(lang) or summary.scenario, (margin, margin), title_font,
              colours.text, max_width=size[0] - 2 * margin)
    y = margin + title_font.get_linesize()
    progress = (ui("classroom.summary.final", turns=summary.turn) if summary.finished
                else ui("classroom.summary.after_turn", turn=summary.turn, turns=summary.last_turn))
    draw.text(surface, f"{progress}  ·  {ui('classroom.summary.seed', seed=summary.seed)}",
              (margin, y), small, colours.muted, max_width=size[0] - 2 * margin)
    top = y + small.get_linesize() + round(10 * scale)
    board = pygame.Rect(margin, top, round((size[0] - 3 * margin) * 0.40), size[1] - top - margin)
    _summary_board(surface, board, summary, colours, scale, lang)
    right = pygame.Rect(board.right + margin, top, size[0] - board.right - 2 * margin, board.height)
    _summary_charts(surface, right, summary, colours, scale, lang)
    return surface


def _summary_board(surface: pygame.Surface, rect: pygame.Rect, summary, colours: Palette,
                   scale: float, lang: str) -> None:
    draw.card(surface, rect, colours.panel, colours.border, round(8 * scale))
    pad = round(12 * scale)
    heading = draw.font("heading", scale, bold=True)
    normal, bold = draw.font("normal", scale), draw.font("normal", scale, bold=True)
    x, y = rect.left + pad, rect.top + round(8 * scale)
    width = rect.width - 2 * pad
    draw.text(surface, ui("classroom.summary.leaderboard"), (x, y), heading, colours.text,
              max_width=width)
    y += heading.get_linesize() + round(4 * scale)
    columns = (x, x + round(44 * scale), x + round(width * 0.50), x + width)
    small = draw.font("small", scale, bold=True)
    for text_, left, anchor in ((ui("classroom.summary.rank"), columns[0], "topleft"),
                                (ui("classroom.summary.team"), columns[1], "topleft"),
                                (ui("classroom.summary.country"), columns[2], "topleft"),
                                (ui("classroom.summary.points"), columns[3], "topright")):
        draw.text(surface, text_, (left, y), small, colours.muted, anchor)
    y += small.get_linesize() + round(2 * scale)
    pygame.draw.line(surface, colours.border, (x, y), (x + width, y))
    y += round(4 * scale)
    row = normal.get_linesize() + round(6 * scale)
    room = max(1, (rect.bottom - y - pad) // row)
    rows = summary.board
    if len(rows) > room:  # keep every team; cut the computers in the middle
        teams = [r for r in rows if r["human"]]
        rows = rows[: max(room - len(teams) - 1, 1)]
        rows += [r for r in teams if r not in rows]
    previous = 0
    for entry in rows:
        if previous and entry["rank"] > previous + 1:
            draw.text(surface, "…", (columns[0], y), normal, colours.muted)
            y += row
        previous = entry["rank"]
        human = entry["human"]
        fnt = bold if human else normal
        if human:
            pygame.draw.rect(surface, colours.panel_alt, (rect.left + round(4 * scale), y - round(2 * scale),
                                                          rect.width - round(8 * scale), row),
                             border_radius=round(4 * scale))
        colour = colours.accent if human else colours.text
        draw.text(surface, f"{entry['rank']}.", (columns[0], y), fnt, colours.muted)
        team = entry["team"] or (ui("classroom.summary.players") if human else "")
        draw.text(surface, team, (columns[1], y), fnt, colour,
                  max_width=columns[2] - columns[1] - round(8 * scale))
        score = number(float(entry["score"]), 1)
        score_w = fnt.size(score)[0] + round(10 * scale)
        draw.text(surface, entry["name"].get(lang) or entry["country"], (columns[2], y), fnt,
                  colours.text, max_width=columns[3] - columns[2] - score_w)
        draw.text(surface, score, (columns[3], y), fnt, colour, "topright")
        y += row
        if y > rect.bottom - row:
            break


def _summary_charts(surface: pygame.Surface, rect: pygame.Rect, summary, colours: Palette,
                    scale: float, lang: str) -> None:
    names = {e["country"]: e["name"].get(lang) or e["country"] for e in summary.board}
    ranked = [e["country"] for e in summary.board]
    shown = [c for c in ranked if c in summary.humans]
    shown += [c for c in ranked if c not in shown][: max(SUMMARY_LINES - len(shown), 0)]
    shown = shown[:max(SUMMARY_LINES, len(summary.humans))]
    teams = {e["country"]: e["team"] for e in summary.board}
    small = draw.font("small", scale)
    legend_h = 2 * small.get_linesize() + round(12 * scale)
    gap = round(10 * scale)
    height = (rect.height - legend_h - 2 * gap) // len(SUMMARY_CHARTS)
    formats = {"score": lambda v: number(v, 0), "trust_held": lambda v: percent(v, 0),
               "welfare_index": lambda v: percent(v, 0)}
    lines_by_measure = {}
    for measure, _ in SUMMARY_CHARTS:
        data = summary.series[measure]
        lines = [(names[c], data[c], colours.series[k % len(colours.series)],
                  3 if c in summary.humans else 1.5) for k, c in enumerate(shown)]
        if len(data) > len(shown):
            years = len(next(iter(data.values())))
            lines.append((ui("charts.average"), [sum(v[t] for v in data.values()) / len(data)
                                                 for t in range(years)], colours.muted, 1))
        lines_by_measure[measure] = lines
    for k, (measure, title) in enumerate(SUMMARY_CHARTS):
        cell = pygame.Rect(rect.left, rect.top + k * (height + gap), rect.width, height)
        line_chart(surface, cell, ui(title), lines_by_measure[measure], formats[measure], colours, scale)
    # the legend: one entry per line, teams named
    x, y = rect.left + round(6 * scale), rect.bottom - legend_h + round(4 * scale)
    draw.text(surface, ui("charts.years"), (x, y), small, colours.muted)
    x += small.size(ui("charts.years"))[0] + round(18 * scale)
    for label, _, colour, width in lines_by_measure["score"]:
        country = next((c for c in shown if names[c] == label), None)
        if country is not None and teams.get(country):
            label = f"{label} ({teams[country]})"
        needed = round(28 * scale) + small.size(label)[0] + round(16 * scale)
        if x + needed > rect.right:
            x, y = rect.left + round(6 * scale), y + small.get_linesize()
        middle = y + small.get_linesize() // 2
        pygame.draw.line(surface, colour, (x, middle), (x + round(22 * scale), middle),
                         max(2, round(width * scale)))
        x += round(28 * scale)
        x = draw.text(surface, label, (x, y), small, colours.text).right + round(16 * scale)


def summary_png(summary) -> bytes:
    """The summary page as PNG bytes (the painter ``Session.results_painter`` takes)."""
    import io

    buffer = io.BytesIO()
    pygame.image.save(summary_image(summary), buffer, "summary.png")
    return buffer.getvalue()
