"""The lens's legend at the map's bottom left (rendered once per lens, group and size) and the
hovered country's tooltip (the game's figures as the viewer sees them)."""

from __future__ import annotations

import numpy as np
import pygame

from game.ui import draw
from game.ui.map_geometry import project
from game.ui.text import country_name, money, number, percent, scenario_text, signed, ui
from game.ui.theme import ramp

#: The legend card's height at scale 1 (its width fits its title).
LEGEND_HEIGHT = 62


class LegendAndTooltip:
    """Part of ``MapWidget``: the legend card and the hover tooltip."""

    def legend_rect(self) -> pygame.Rect | None:
        """Where the legend was drawn last (None before it is drawn)."""
        legend = getattr(self, "_legend", None)
        return None if legend is None else pygame.Rect(legend[1], legend[0].get_size())

    def draw_legend(self, target: pygame.Surface) -> None:
        """The legend at the map's bottom left (rendered once per lens, group and size)."""
        key = (self.lens, self.group, self.rect.size, self.app.palette.name, self.app.scale,
               self.legend_title())
        if getattr(self, "_legend_key", None) != key:
            self._legend_key = key
            with draw.recording() as texts:
                self._legend = self._render_legend()
            self._legend_texts = list(texts)
        image, position = self._legend
        target.blit(image, position)
        for value in self._legend_texts:
            draw.note(value)

    def legend_size(self) -> tuple[int, int]:
        """The legend card's width (its title's) and height, in pixels."""
        if self.legend_box is not None:
            return self.legend_box
        s = self.app.scale
        bold = draw.font("small", s, bold=True)
        width = min(self.rect.width - round(20 * s),
                    max(round(250 * s), bold.size(self.legend_title())[0] + round(24 * s)))
        return width, round(LEGEND_HEIGHT * s)

    def _render_legend(self) -> tuple[pygame.Surface, tuple[int, int]]:
        s = self.app.scale
        width, height = self.legend_size()
        image = pygame.Surface((width, height), pygame.SRCALPHA)
        self._paint_legend(image)
        return image, (self.rect.left + round(10 * s), self.rect.bottom - height - round(10 * s))

    def _paint_legend(self, target: pygame.Surface) -> None:
        colours = self.app.palette
        s = self.app.scale
        fnt = draw.font("small", s)
        bold = draw.font("small", s, bold=True)
        rect = target.get_rect()
        draw.card(target, rect, colours.panel, colours.border, round(6 * s))
        draw.text(target, self.legend_title(), (rect.left + 10 * s, rect.top + 6 * s), bold,
                  colours.text, max_width=rect.width - round(20 * s))
        bar = pygame.Rect(rect.left + round(10 * s), rect.top + round(28 * s),
                          rect.width - round(20 * s), round(10 * s))
        if self.lens == "membership":
            swatch = round(12 * s)
            x = bar.left
            for colour, label in ((colours.member, ui("map.member")),
                                  (colours.non_member, ui("map.non_member")),
                                  (colours.accent, ui("map.you_short"))):
                pygame.draw.rect(target, colour, (x, bar.top, swatch, swatch))
                drawn = draw.text(target, label, (x + swatch + 4 * s, bar.top - 2 * s), fnt,
                                  colours.text)
                x = drawn.right + round(12 * s)
            return
        stops = {"trust": colours.trust_ramp, "trade": colours.trade_ramp,
                 "dependency": colours.dependency_ramp}[self.lens]
        for x in range(bar.width):
            pygame.draw.line(target, ramp(stops, x / max(bar.width - 1, 1)),
                             (bar.left + x, bar.top), (bar.left + x, bar.bottom))
        low, high = {"trust": (ui("map.low_trust"), ui("map.high_trust")),
                     "trade": (ui("map.little_trade"), ui("map.much_trade")),
                     "dependency": (ui("map.small_share"), ui("map.large_share"))}[self.lens]
        draw.text(target, low, (bar.left, bar.bottom + 2 * s), fnt, colours.muted)
        draw.text(target, high, (bar.right, bar.bottom + 2 * s), fnt, colours.muted, "topright")

    def tooltip_lines(self, country: str) -> list[str]:
        """The lines under the country's name in its hover tooltip (the game's own view)."""
        game = self.game
        k = game.index[country]
        values = self.relations.get(country, {})
        lines = [
            ui("map.tip.gdp", value=money(float(game.state.gdp[0, k]), scenario_text(
                game.scenario.scenario.currency)),
               population=number(float(game.state.population[0, k]), 1)),
            ui("map.tip.score", value=signed(float(self.session.game.scores()[k]), 1)),
        ]
        if country != self.viewer:
            lines[0:0] = [
                ui("map.tip.trust", value=percent(values.get("trust_in_you", 0.0))),
                ui("map.tip.trade", value=money(values.get("trade_with_you", 0.0), scenario_text(
                    game.scenario.scenario.currency))),
                ui("map.tip.dependency", value=percent(values.get("import_share", 0.0))),
                ui("map.tip.agreements", count=int(values.get("agreements", 0))),
            ]
        else:
            lines.insert(0, ui("map.tip.this_is_you"))
        return lines

    def home_rect(self, view=None) -> pygame.Rect | None:
        """Where the viewer's country is on the screen (its bounding box) in the view shown (or
        in ``view``), if it is on the map."""
        if self.viewer is None:
            return None
        if self.viewer in self.markers and view is None:
            (x, y), radius = self.markers[self.viewer]
            return pygame.Rect(self.rect.left + x - radius, self.rect.top + y - radius,
                               2 * radius, 2 * radius)
        shape = self.shapes.get(self.viewer)
        if shape is None:
            return None
        lon_min, lat_min, lon_max, lat_max = shape.bbox
        corners = project(np.array([[lon_min, lat_max], [lon_max, lat_min]]), view or self.view,
                          self.rect.width, self.rect.height)
        (left, top), (right, bottom) = corners.round().astype(int).tolist()
        return pygame.Rect(self.rect.left + left, self.rect.top + top, right - left, bottom - top)

    def tooltip_rect(self, size: tuple[int, int], screen: pygame.Rect) -> pygame.Rect:
        """Beside the mouse, on the screen, on the side covering least of the viewer's own
        country (below right, below left, above right, above left, in that order of choice)."""
        s = self.app.scale
        x, y = self.mouse
        after, before = round(16 * s), round(12 * s)
        sides = [(x + after, y + after), (x - before - size[0], y + after),
                 (x + after, y - before - size[1]), (x - before - size[0], y - before - size[1])]
        home = self.home_rect()
        inside = screen.inflate(-8, -8)
        candidates = []
        for left, top in sides:
            rect = pygame.Rect(left, top, *size)
            if not inside.contains(rect):
                rect = rect.clamp(inside)
            candidates.append(rect)
        if home is None:
            return candidates[0]

        def covered(rect: pygame.Rect) -> int:
            overlap = rect.clip(home)
            return overlap.width * overlap.height

        return min(candidates, key=covered)  # the first of the least covering

    def draw_tooltip(self, target: pygame.Surface) -> None:
        """The hovered country's name and ``tooltip_lines`` in a card beside the mouse."""
        country = self.hover
        if country is None or self.dragging:
            return
        colours = self.app.palette
        s = self.app.scale
        game = self.game
        lines = self.tooltip_lines(country)
        title_font = draw.font("normal", s, bold=True)
        fnt = draw.font("small", s)
        name = country_name(game, country)
        width = max([title_font.size(name)[0]] + [fnt.size(line)[0] for line in lines]) + round(20 * s)
        line_height = fnt.get_linesize()
        height = title_font.get_linesize() + line_height * len(lines) + round(14 * s)
        rect = self.tooltip_rect((width, height), target.get_rect())
        draw.card(target, rect, colours.background, colours.accent, round(6 * s))
        y = rect.top + round(6 * s)
        draw.text(target, name, (rect.left + 10 * s, y), title_font, colours.text)
        y += title_font.get_linesize()
        for line in lines:
            draw.text(target, line, (rect.left + 10 * s, y), fnt, colours.muted)
            y += line_height
