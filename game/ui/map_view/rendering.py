"""The map's picture, rendered once per view, lens and game state: the graticule, country shapes
(largest first), small states' markers, invented countries' islands and the agreement links. A
pick surface drawn alongside holds each playing country in its own colour code, so that "which
country is under the mouse" is one pixel read (``picked_index``).

Every playing country can be clicked: one whose shape covers fewer than ``pick_need(scale)``
pixels of the pick surface (or spans fewer than ``TINY_PIXELS``) gets a marker and a click area
around it, taken first from the sea, then from neighbours that can spare pixels (never more than
``MARKER_SHARE`` of a neighbour's own area, never leaving it below the need), so that markers do
not hide their neighbours in crowded places (Europe, the Caribbean at the world view)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pygame

from game.ui.flags import draw_flag, flag_width
from game.ui.map_geometry import CountryShape, project
from game.ui.theme import mix

#: A scenario country whose shape spans fewer pixels than this gets a marker.
TINY_PIXELS = 7
#: Clickable pixels every playing country has at least, at scale 1 (grows with the scale).
PICK_PIXELS = 20
#: The largest share of a neighbour's own pixels that small states' markers may take.
MARKER_SHARE = 0.2
#: The largest share of a marker's flag that may lie over other playing countries' land.
FLAG_LAND_SHARE = 0.25


def pick_need(scale: float) -> int:
    """The clickable pixels a country has at least at a UI scale (a click target that grows with
    the scale, like the pointer and the text)."""
    return round(PICK_PIXELS * scale)


def pick_colour(k: int) -> tuple[int, int, int]:
    k += 1
    return ((k >> 16) & 255, (k >> 8) & 255, k & 255)


def picked_index(colour: Any) -> int:
    return ((colour[0] << 16) | (colour[1] << 8) | colour[2]) - 1


def _island_blobs(country: str, centre: tuple[int, int], radius: int
                  ) -> list[tuple[tuple[int, int], int]]:
    """A few overlapping circles that make an island's shape, the same for a country every time."""
    seed = sum(ord(ch) * (k + 1) for k, ch in enumerate(country))
    blobs = [(centre, radius)]
    for k in range(4):
        angle = (seed * 0.37 + k * 1.9) % (2 * math.pi)
        distance = radius * (0.45 + 0.1 * ((seed >> k) % 3))
        r = round(radius * (0.45 + 0.1 * ((seed >> (k + 2)) % 3)))
        blobs.append(((round(centre[0] + math.cos(angle) * distance),
                       round(centre[1] + math.sin(angle) * distance)), r))
    return blobs


class MapRendering:
    """Part of ``MapWidget``: the cached picture and pick surface, drawn by ``render``."""

    def _state_key(self) -> Any:
        return (len(self.game.history), len(self.game.agreements), self.game.turn,
                self.app.palette.name, self.app.scale)

    def render(self) -> None:
        """Draw the map for the current view into the cached surface and pick surface."""
        colours = self.app.palette
        width, height = self.rect.size
        self.relations = self.session.relations(self.viewer) if self.viewer is not None else {}
        self.groups = self.session.groups(self.viewer)
        surface = pygame.Surface((width, height))
        surface.fill(colours.sea)
        pick = pygame.Surface((width, height))
        pick.fill((0, 0, 0))
        self.outlines = {}
        self.markers = {}
        view = self.view
        lon_min, lon_max = view.longitude_min, view.longitude_max
        lat_min, lat_max = view.latitude_min, view.latitude_max
        pixels_per_degree = width / view.longitude_span
        self._graticule(surface)

        def visible(shape: CountryShape) -> bool:
            x0, y0, x1, y1 = shape.bbox
            return x1 >= lon_min and x0 <= lon_max and y1 >= lat_min and y0 <= lat_max

        ordered: list[tuple[float, str, CountryShape, bool]] = []
        for iso in self.context:
            shape = self.shapes[iso]
            if visible(shape):
                ordered.append((shape.area, iso, shape, False))
        for country in self.real:
            shape = self.shapes[country]
            if visible(shape):
                ordered.append((shape.area, country, shape, True))
        ordered.sort(key=lambda item: -item[0])
        border = colours.coastline
        spans: dict[str, float] = {}
        for _, iso, shape, playing in ordered:
            code = pick_colour(self.codes.index(iso)) if playing else None
            fill = self.lens_colour(iso) if playing else colours.land
            outlines = []
            largest = 0.0
            for polygon in shape.polygons:
                exterior = polygon[0]
                points = project(exterior, view, width, height)
                span = float(np.ptp(points[:, 0]) + np.ptp(points[:, 1]))
                if span < 1.2:
                    continue
                largest = max(largest, span)
                ring = [(int(x), int(y)) for x, y in points]
                pygame.draw.polygon(surface, fill, ring)
                if code is not None:
                    pygame.draw.polygon(pick, code, ring)
                for hole in polygon[1:]:
                    hole_points = project(hole, view, width, height)
                    hole_ring = [(int(x), int(y)) for x, y in hole_points]
                    if len(hole_ring) >= 3:
                        pygame.draw.polygon(surface, colours.sea, hole_ring)
                        pygame.draw.polygon(pick, (0, 0, 0), hole_ring)
                if span > 3:
                    pygame.draw.lines(surface, border, True, ring, 1)
                outlines.append(ring)
            if playing:
                self.outlines[iso] = outlines
                spans[iso] = largest
        if self.small_state_markers:
            self._small_states(surface, pick, spans)
        self._islands(surface, pick)
        self._draw_links(surface)
        self._outline(surface, self.viewer, colours.text, 2, (0, 0))  # you, always
        self.surface = surface
        self.pick = pick
        # your country's name and the selected one's first, then the flags clear of them, then
        # the other names clear of the flags
        self.flag_rects = {}
        self._label_positions(pixels_per_degree)
        first = [rect for country, rect in self.label_rects.items()
                 if country in (self.viewer, self.selected)]
        self._marker_flags(surface, first)
        self.labels = self._label_positions(pixels_per_degree)
        self.state_key = self._state_key()

    def _graticule(self, surface: pygame.Surface) -> None:
        colour = mix(self.app.palette.sea, (255, 255, 255), 0.05)
        width, height = surface.get_size()
        step = 30 if self.view.longitude_span > 90 else (10 if self.view.longitude_span > 25 else 5)
        for lon in range(-180, 181, step):
            x = project(np.array([lon, 0.0]), self.view, width, height)[0]
            if 0 <= x < width:
                pygame.draw.line(surface, colour, (x, 0), (x, height))
        for lat in range(-90, 91, step):
            y = project(np.array([0.0, lat]), self.view, width, height)[1]
            if 0 <= y < height:
                pygame.draw.line(surface, colour, (0, y), (width, y))

    def _small_states(self, surface: pygame.Surface, pick: pygame.Surface,
                      spans: dict[str, float]) -> None:
        """Markers and click areas for the playing countries too small to click on their shape.

        The smallest first, each takes the free pixels of a disc around its label point (the sea,
        countries not playing, and what its neighbours can spare), then more, nearest first,
        until it has ``pick_need`` pixels; sea is preferred to a neighbour's land."""
        scale = self.app.scale
        width, height = pick.get_size()
        count = len(self.game.country_ids)
        need = pick_need(scale)
        hit = max(9, round(11 * scale))
        reach = max(3 * hit, round(40 * scale))
        pixels = pygame.surfarray.pixels3d(pick)
        owner = ((pixels[..., 0].astype(np.int32) << 16) | (pixels[..., 1].astype(np.int32) << 8)
                 | pixels[..., 2].astype(np.int32)) - 1
        owner[owner >= count] = -1  # not a playing country: free
        area = np.bincount(owner[owner >= 0].ravel(), minlength=count)
        small = []
        for country, span in spans.items():
            k = self.game.index[country]
            centre = project(np.array(self.shapes[country].label), self.view, width, height)
            x, y = int(centre[0]), int(centre[1])
            if (area[k] < need or span < TINY_PIXELS * scale) and 0 <= x < width and 0 <= y < height:
                small.append((int(area[k]), country, x, y))
        if not small:
            return
        small.sort()
        marked = np.zeros(count, dtype=bool)
        marked[[self.game.index[c] for _, c, _, _ in small]] = True
        spare = np.where(marked, 0, np.minimum(np.floor(area * MARKER_SHARE), area - need))
        spare = np.maximum(spare, 0).astype(np.int64)
        locked = np.isin(owner, np.flatnonzero(marked))
        for _, country, x, y in small:
            k = self.game.index[country]
            x0, x1 = max(0, x - reach), min(width, x + reach + 1)
            y0, y1 = max(0, y - reach), min(height, y + reach + 1)
            xs, ys = np.meshgrid(np.arange(x0, x1), np.arange(y0, y1), indexing="ij")
            window = owner[x0:x1, y0:y1]
            free = ~locked[x0:x1, y0:y1]
            cx, cy, holders = xs[free], ys[free], window[free]
            distance = np.hypot(cx - x, cy - y)
            order = np.argsort(distance + np.where(holders >= 0, 3.0 * scale, 0.0), kind="stable")
            cx, cy, holders, distance = cx[order], cy[order], holders[order], distance[order]
            allowed = (holders < 0) | (_rank_within(holders) < spare[np.maximum(holders, 0)])
            inside = allowed & (distance <= hit)
            short = need - int(area[k]) - int(inside.sum())
            if short > 0:
                extra = np.flatnonzero(allowed & ~inside)[:short]
                inside[extra] = True
            taken = holders[inside]
            np.subtract.at(spare, taken[taken >= 0], 1)
            owner[cx[inside], cy[inside]] = k
            locked[cx[inside], cy[inside]] = True
            code = pick_colour(k)
            pixels[cx[inside], cy[inside]] = code
            mine = np.argwhere(owner[x0:x1, y0:y1] == k) + np.array([x0, y0])
            if len(mine):
                middle = mine.mean(axis=0)
                nearest = mine[np.argmin(((mine - middle) ** 2).sum(axis=1))]
                x, y = int(nearest[0]), int(nearest[1])
            self._marker(surface, country, (x, y), self.lens_colour(country),
                         max(hit, round(math.sqrt(len(mine) / math.pi))))
        del pixels

    def _marker(self, surface: pygame.Surface, country: str, centre: tuple[int, int],
                fill: tuple[int, int, int], hit: int) -> None:
        scale = self.app.scale
        radius = max(3, round(3.5 * scale))
        pygame.draw.circle(surface, fill, centre, radius)
        pygame.draw.circle(surface, self.app.palette.text, centre, radius + max(1, round(scale)), 1)
        self.markers[country] = (centre, min(hit, radius + round(4 * scale)))

    def _marker_flags(self, surface: pygame.Surface, names: list[pygame.Rect]) -> None:
        """The country's flag on its marker (a small state's dot, or beside it; an invented
        country's island), where it covers no other flag, none of ``names`` (your country's and
        the selected one's), nothing over the map (the buttons, the legend) and no more than
        ``FLAG_LAND_SHARE`` of its area of other playing countries' land (crowded Europe at the
        world view keeps its shapes); elsewhere the dot alone. Your country and the selected one
        first, then by size. The other names are placed after, clear of the flags
        (``flag_rects``). Only drawn: the click areas stay as they are."""
        scale = self.app.scale
        width, height = surface.get_size()
        legend_w, legend_h = self.legend_size()
        kept_clear = [pygame.Rect(0, height - legend_h - round(20 * scale), legend_w + round(20 * scale),
                                  legend_h + round(20 * scale)),
                      pygame.Rect(width - round(self.reserved_right * scale), 0,
                                  round(self.reserved_right * scale), round(150 * scale)), *names]
        pixels = pygame.surfarray.array3d(self.pick).astype(np.int32)
        owner = ((pixels[..., 0] << 16) | (pixels[..., 1] << 8) | pixels[..., 2]) - 1
        count = len(self.game.country_ids)

        def land_of_others(rect: pygame.Rect, k: int) -> int:
            held = owner[rect.left:rect.right, rect.top:rect.bottom]
            return int(((held >= 0) & (held < count) & (held != k)).sum())

        gdp = self.game.state.gdp[0]
        order = sorted(self.markers, key=lambda c: (c != self.viewer, c != self.selected,
                                                    -float(gdp[self.game.index[c]])))
        self.flag_rects: dict[str, pygame.Rect] = {}
        for country in order:
            (x, y), radius = self.markers[country]
            island = country in self.invented
            tall = round((16 if island else 8) * scale)
            if island:
                tall = min(tall, max(6, radius))
            rect = pygame.Rect(0, 0, flag_width(tall) + 2, tall + 2)
            # on the dot, else beside it like a pennant (above, right, left, below)
            dot = 0 if island else max(3, round(3.5 * scale)) + max(1, round(scale)) + 1
            places = [(x, y)] + ([] if island else [
                (x, y - dot - rect.height // 2), (x + dot + rect.width // 2, y),
                (x - dot - rect.width // 2, y), (x, y + dot + rect.height // 2)])
            for place in places:
                rect.center = place
                if surface.get_rect().contains(rect) and rect.collidelist(kept_clear) == -1 and (
                        island or land_of_others(rect, self.game.index[country])
                        <= FLAG_LAND_SHARE * rect.width * rect.height):
                    break
            else:
                continue
            draw_flag(surface, self.game, country, (rect.left + 1, rect.top + 1), tall,
                      outline=self.app.palette.text)
            pygame.draw.rect(surface, self.app.palette.coastline, rect, width=1)
            kept_clear.append(rect)
            self.flag_rects[country] = rect

    def _islands(self, surface: pygame.Surface, pick: pygame.Surface) -> None:
        """Invented countries: an island at the capital, its size from the country's GDP."""
        if not self.invented:
            return
        scale = self.app.scale
        width, height = surface.get_size()
        zoom = max(0.6, min(3.0, 30.0 / self.view.longitude_span))
        for country in self.invented:
            spec = self.game.scenario.countries[self.game.index[country]]
            position = project(np.array([spec.capital.longitude, spec.capital.latitude]),
                               self.view, width, height)
            centre = (int(position[0]), int(position[1]))
            gdp = float(self.game.state.gdp[0, self.game.index[country]])
            radius = round((14 + 22 * math.sqrt(gdp / max(self.max_gdp, 1e-9))) * scale * zoom)
            fill = self.lens_colour(country)
            blobs = _island_blobs(country, centre, radius)
            for (x, y), r in blobs:
                pygame.draw.circle(surface, self.app.palette.coastline, (x, y), r + 2)
            for (x, y), r in blobs:
                pygame.draw.circle(surface, fill, (x, y), r)
                pygame.draw.circle(pick, pick_colour(self.codes.index(country)), (x, y), r)
            self.markers[country] = (centre, radius)
            self.outlines[country] = []


def _rank_within(groups: np.ndarray) -> np.ndarray:
    """For each element, how many earlier elements have the same value (0 for the first)."""
    order = np.argsort(groups, kind="stable")
    ordered = groups[order]
    starts = np.r_[0, np.flatnonzero(np.diff(ordered)) + 1]
    lengths = np.diff(np.r_[starts, len(ordered)])
    rank = np.empty(len(groups), dtype=np.int64)
    rank[order] = np.arange(len(ordered)) - np.repeat(starts, lengths)
    return rank
