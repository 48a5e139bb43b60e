"""Country names on the map: placed without overlaps (your country first, then by size; in large
scenarios only the countries that are large on screen), drawn with a shadow from a cache."""

from __future__ import annotations

import numpy as np
import pygame

from game.ui import draw
from game.ui.map_geometry import project
from game.ui.text import country_name, ui

_LABEL_CACHE: dict[tuple, pygame.Surface] = {}


def _label_image(name: str, fnt: pygame.font.Font, colour, shadow) -> pygame.Surface:
    key = (name, id(fnt), colour, shadow)
    image = _LABEL_CACHE.get(key)
    if image is None:
        front = fnt.render(name, True, colour)
        back = fnt.render(name, True, shadow)
        image = pygame.Surface((front.get_width() + 2, front.get_height() + 2), pygame.SRCALPHA)
        for dx, dy in ((0, 1), (1, 0), (2, 1), (1, 2)):
            image.blit(back, (dx, dy))
        image.blit(front, (1, 1))
        if len(_LABEL_CACHE) > 2000:
            _LABEL_CACHE.clear()
        _LABEL_CACHE[key] = image
    return image


class LabelPlacing:
    """Part of ``MapWidget``: where the names go, and drawing them."""

    def _label_positions(self, pixels_per_degree: float) -> dict[str, tuple[int, int]]:
        """Where to write names, without overlaps: your country first, then by size; in large
        scenarios only countries that are large on screen."""
        width, height = self.rect.size
        scale = self.app.scale
        many = len(self.game.country_ids) > 30
        fnt = draw.font("small", self.label_scale or scale, bold=True)
        gdp = self.game.state.gdp[0]
        order = sorted(self.game.country_ids, key=lambda c: (c != self.viewer, c != self.selected,
                                                           -float(gdp[self.game.index[c]])))
        legend_w, legend_h = self.legend_size()
        legend = pygame.Rect(0, height - legend_h - round(20 * scale), legend_w + round(20 * scale),
                             legend_h + round(20 * scale))
        tools = pygame.Rect(width - round(self.reserved_right * scale), 0,
                            round(self.reserved_right * scale), round(150 * scale))
        placed: list[pygame.Rect] = [legend, tools, *self.flag_rects.values()]
        bounds = pygame.Rect(0, 0, width, height)
        result = {}
        self.label_rects = {}
        step = round(14 * scale)
        for country in order:
            if country in self.invented:
                centre, radius = self.markers[country]
                candidates = [(centre[0], centre[1] + radius + round(10 * scale)),
                              (centre[0], centre[1] - radius - round(10 * scale))]
            else:
                shape = self.shapes.get(country)
                if shape is None:
                    continue
                extent = (shape.bbox[2] - shape.bbox[0]) * pixels_per_degree
                if many and extent < 70 * scale and country not in (self.viewer, self.selected):
                    continue
                position = project(np.array(shape.label), self.view, width, height)
                x, y = int(position[0]), int(position[1])
                if country in self.markers:
                    candidates = [(x, y + step), (x, y - step), (x + step * 3, y)]
                else:
                    candidates = [(x, y), (x, y + step), (x, y - step)]
            name = country_name(self.game, country)
            if country == self.viewer and self.show_you:
                name = ui("map.you", name=name)
            size = fnt.size(name)
            # then above and below, then beside those places, half or a whole name to either side
            # (a small state's name beside its marker before farther above or below it)
            first = candidates[0]
            far = [(first[0], first[1] + dy) for dy in (2 * step, -2 * step)]

            shifts = (size[0] // 2, -size[0] // 2, size[0], -size[0])

            def beside(places: list[tuple[int, int]], shifts=shifts) -> list[tuple[int, int]]:
                return [(x + dx, y) for x, y in places for dx in shifts]

            if country in self.markers and country not in self.invented:
                candidates = candidates + beside(candidates) + far + beside(far)
                flag = self.flag_rects.get(country)
                if flag is not None:  # first right against its flag, then left, below, above
                    half, gap = size[0] // 2 + 2, max(2, round(3 * scale))
                    candidates = [(flag.right + gap + half, flag.centery),
                                  (flag.left - gap - half, flag.centery),
                                  (flag.centerx, flag.bottom + gap + size[1] // 2),
                                  (flag.centerx, flag.top - gap - size[1] // 2), *candidates]
            else:
                candidates = candidates + far + beside(candidates + far)
            for x, y in candidates:
                rect = pygame.Rect(0, 0, size[0] + 4, size[1])
                rect.center = (x, y)
                if not bounds.contains(rect):  # a name cut by the map's edge reads wrong
                    continue
                if rect.collidelist(placed) == -1:
                    placed.append(rect)
                    result[country] = (x, y)
                    self.label_rects[country] = rect
                    break
        return result

    def _draw_labels(self, target: pygame.Surface, origin: tuple[int, int]) -> None:
        fnt = draw.font("small", self.label_scale or self.app.scale, bold=True)
        for country, (x, y) in self.labels.items():
            name = country_name(self.game, country)
            if country == self.viewer and self.show_you:
                name = ui("map.you", name=name)
            image = _label_image(name, fnt, self.app.palette.text, self.app.palette.coastline)
            draw.note(name)
            rect = image.get_rect(center=(x + origin[0], y + origin[1]))
            target.blit(image, rect)

    def names_rects(self) -> list[pygame.Rect]:
        """Where the countries' names and the markers' flags are on the screen."""
        drawn = (*self.label_rects.values(), *self.flag_rects.values())
        return [rect.move(self.rect.topleft) for rect in drawn]
