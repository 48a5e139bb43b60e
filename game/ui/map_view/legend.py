"""The lens's legend at the map's bottom left (rendered once per lens, group and size) and the
hovered country's tooltip (the game's figures as the viewer sees them)."""

from __future__ import annotations

import pygame

from game.ui import draw
from game.ui.text import country_name, money, number, percent, scenario_text, signed, ui
from game.ui.theme import ramp


class LegendAndTooltip:
    """Part of ``MapWidget``: the legend card and the hover tooltip."""

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

    def _render_legend(self) -> tuple[pygame.Surface, tuple[int, int]]:
        s = self.app.scale
        bold = draw.font("small", s, bold=True)
        width = min(self.rect.width - round(20 * s),
                    max(round(250 * s), bold.size(self.legend_title())[0] + round(24 * s)))
        height = round(62 * s)
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
        rect = pygame.Rect(self.mouse[0] + round(16 * s), self.mouse[1] + round(16 * s), width, height)
        screen = target.get_rect()
        if rect.right > screen.right - 4:
            rect.right = self.mouse[0] - round(12 * s)
        if rect.bottom > screen.bottom - 4:
            rect.bottom = self.mouse[1] - round(12 * s)
        draw.card(target, rect, colours.background, colours.accent, round(6 * s))
        y = rect.top + round(6 * s)
        draw.text(target, name, (rect.left + 10 * s, y), title_font, colours.text)
        y += title_font.get_linesize()
        for line in lines:
            draw.text(target, line, (rect.left + 10 * s, y), fnt, colours.muted)
            y += line_height
