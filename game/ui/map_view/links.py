"""Agreements drawn as links: two parties joined by an arc, three or more by spokes from a hub,
so that one agreement reads as one shape, and the card naming the links' colours. Links take the
short way round the globe: one that crosses the antimeridian leaves at one edge of the map and
comes back at the other."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pygame

from game.ui import draw
from game.ui.map_geometry import MapView, project
from game.ui.text import cap, tr, ui

#: Agreement types in the order of the links' legend, and the palette series colour of each.
LINK_KINDS = ("bilateral", "regional", "multilateral")
_LINK_SERIES = {"bilateral": 0, "regional": 1, "multilateral": 6}


@dataclass(frozen=True)
class Link:
    """An agreement to draw: its id, parties and type (the colour); ``new`` if made this year."""

    key: str
    parties: tuple[str, ...]
    kind: str
    new: bool = False


@dataclass
class DrawnLink:
    """What was drawn for the agreements among one set of parties: a "pair" (one arc) or a
    "hub" with a spoke per party; ``keys`` are the agreements it stands for (a number on the
    link counts them when there are several) and ``pieces`` the polylines on screen (an arc or
    spoke that crosses the antimeridian has two)."""

    keys: tuple[str, ...]
    kind: str
    shape: str
    parties: tuple[str, ...]
    hub: tuple[int, int] | None = None
    pieces: list[list[tuple[int, int]]] = field(default_factory=list)


def agreement_links(game: Any, agreements: list[Any]) -> list[Link]:
    """The links of agreements (public: parties and type only); those made this year marked."""
    return [Link(a.id, tuple(a.parties), game.agreement_type(a.parties).value, game.newly_made(a))
            for a in agreements if len(a.parties) >= 2]


def link_colour(colours: Any, kind: str) -> tuple[int, int, int]:
    """The colour of an agreement type's links (distinct in the colour-blind palette too)."""
    return colours.series[_LINK_SERIES.get(kind, 0) % len(colours.series)]


def _unwrapped(longitude: float, reference: float) -> float:
    """``longitude`` moved by whole turns to within 180 degrees of ``reference``: the short way."""
    return reference + (longitude - reference + 180.0) % 360.0 - 180.0


def _hub(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of some [lon, lat] points, the short way round (a circular mean of longitudes)."""
    angles = np.radians([p[0] for p in points])
    centre = math.degrees(math.atan2(float(np.sin(angles).mean()), float(np.cos(angles).mean())))
    longitudes = [_unwrapped(p[0], centre) for p in points]
    return (sum(longitudes) / len(longitudes), sum(p[1] for p in points) / len(points))


def _arc(start: tuple[float, float], end: tuple[float, float], bend: float,
         steps: int = 24) -> np.ndarray:
    """A gentle arc from ``start`` to ``end`` ([lon, lat], the short way round); ``bend`` is the
    bulge as a share of its length (its sign picks the side)."""
    p0 = np.array(start, dtype=float)
    p2 = np.array([_unwrapped(end[0], start[0]), end[1]], dtype=float)
    chord = p2 - p0
    normal = np.array([-chord[1], chord[0]])
    control = (p0 + p2) / 2 + normal * bend
    t = np.linspace(0.0, 1.0, steps)[:, None]
    return (1 - t) ** 2 * p0 + 2 * (1 - t) * t * control + t ** 2 * p2


def _copies(line: np.ndarray, view: MapView) -> list[np.ndarray]:
    """The line moved by a whole turn east or west where that brings it into view: a link that
    crosses the antimeridian leaves the map at one edge and comes back at the other."""
    result = []
    for turn in (-360.0, 0.0, 360.0):
        moved = line + np.array([turn, 0.0])
        if moved[:, 0].max() >= view.longitude_min and moved[:, 0].min() <= view.longitude_max:
            result.append(moved)
    return result


class LinkDrawing:
    """Part of ``MapWidget``: the agreements among each set of parties drawn as one shape."""

    def anchor(self, country: str) -> tuple[float, float]:
        """Where a country's links end, [lon, lat]: its label point, or an invented country's
        capital (tiny states' markers sit on the label point too)."""
        shape = self.shapes.get(country) if country in self.real else None
        if shape is not None:
            return shape.label
        spec = self.game.scenario.countries[self.game.index[country]]
        return (float(spec.capital.longitude), float(spec.capital.latitude))

    def _draw_links(self, surface: pygame.Surface) -> None:
        """The agreements among each set of parties as one shape: an arc for two parties, spokes
        from a hub for more, thicker and numbered when there are several. Hubs that would fall
        on one another are moved apart so that each one shows."""
        self.drawn_links = []
        if not self.links:
            return
        colours = self.app.palette
        s = self.label_scale or self.app.scale
        width, height = surface.get_size()
        per_degree = width / self.view.longitude_span
        casing = colours.coastline
        grouped: dict[frozenset, list[Link]] = {}
        for link in self.links:
            grouped.setdefault(frozenset(link.parties), []).append(link)
        order = sorted(grouped.values(), key=lambda group: (len(group[0].parties) < 3,
                                                            -len(group[0].parties)))
        hubs: list[tuple[float, float]] = []
        marks: list[tuple[tuple[int, int], tuple[int, int, int], int, bool]] = []
        crowd = min(1.0, math.sqrt(16 / len(grouped)))  # many links: thinner, smaller hubs
        for group in order:
            link = group[0]
            colour = link_colour(colours, link.kind)
            base = 2.0 if len(link.parties) > 2 else 2.6
            thickness = max(1, round(crowd * (base * s * (1.4 if any(k.new for k in group) else 1)
                                              + (len(group) - 1) * s)))
            points = [self.anchor(p) for p in link.parties]
            drawn = DrawnLink(tuple(k.key for k in group), link.kind,
                              "pair" if len(points) == 2 else "hub", link.parties)
            if len(points) == 2:
                line = _arc(points[0], points[1], 0.16)
                lines, middle = [line], line[len(line) // 2]
            else:
                hub = _hub(points)
                step = 18 * s / per_degree  # hubs closer than this on screen are moved apart
                k = 0
                while any(abs(hub[0] - h[0]) < step and abs(hub[1] - h[1]) < step for h in hubs) \
                        and k < 12:
                    k += 1
                    hub = (hub[0] + step * math.cos(k * 2.4), hub[1] + step * math.sin(k * 2.4))
                hubs.append(hub)
                lines = [np.array([hub, (_unwrapped(p[0], hub[0]), p[1])]) for p in points]
                middle = np.array(hub)
            for line in lines:
                for copy in _copies(line, self.view):
                    screen = [(int(x), int(y)) for x, y in project(copy, self.view, width, height)]
                    pygame.draw.lines(surface, casing, False, screen, thickness + 2)
                    pygame.draw.lines(surface, colour, False, screen, thickness)
                    pygame.draw.circle(surface, casing, screen[-1], thickness + 2)
                    pygame.draw.circle(surface, colour, screen[-1], thickness + 1)
                    drawn.pieces.append(screen)
            for copy in _copies(np.array([middle]), self.view):
                position = project(copy[0], self.view, width, height)
                centre = (int(position[0]), int(position[1]))
                if drawn.shape == "hub":
                    drawn.hub = centre
                if drawn.shape == "hub" or len(group) > 1:
                    marks.append((centre, colour, len(group), drawn.shape == "hub"))
            self.drawn_links.append(drawn)
        fnt = draw.font("small", s, bold=True)
        for centre, colour, count, hub in marks:
            radius = max(4, round((9 if count > 1 else 7) * s * max(crowd, 0.6 if count > 1 else 0.4)))
            pygame.draw.circle(surface, casing, centre, radius + 2)
            pygame.draw.circle(surface, colour if hub else colours.panel, centre, radius)
            pygame.draw.circle(surface, colours.text if hub else colour, centre, radius, max(1, round(s)))
            if count > 1:
                image = fnt.render(str(count), True, colours.background if hub else colours.text)
                surface.blit(image, image.get_rect(center=centre))

    def links_legend_size(self, scale: float | None = None) -> tuple[int, int]:
        """The size of the links' legend card."""
        return self.draw_links_legend(None, (0, 0), scale).size

    def draw_links_legend(self, target: pygame.Surface | None, position: tuple[int, int],
                          scale: float | None = None, anchor: str = "bottomleft") -> pygame.Rect:
        """A card naming the link colours (the three agreement types) with its ``anchor`` corner
        at ``position``; its rectangle (only measured when ``target`` is None)."""
        colours = self.app.palette
        s = scale or self.label_scale or self.app.scale
        fnt = draw.font("small", s)
        bold = draw.font("small", s, bold=True)
        title = ui("projector.legend.title")
        entries = [(link_colour(colours, kind), cap(tr(f"agreement_type.{kind}")), 3) for kind in LINK_KINDS]
        if any(link.new for link in self.links):
            entries.append((colours.text, ui("projector.legend.new"), 5))
        if len({frozenset(link.parties) for link in self.links}) < len(self.links):
            entries.append((colours.muted, ui("projector.legend.count"), 0))
        line = max(fnt.get_linesize(), round(18 * s))
        swatch = round(22 * s)
        inner = max([bold.size(title)[0]] + [swatch + round(8 * s) + fnt.size(t)[0] for _, t, _ in entries])
        rect = pygame.Rect(0, 0, inner + round(20 * s), bold.get_linesize() + line * len(entries)
                           + round(14 * s))
        setattr(rect, anchor, position)
        if target is None:
            return rect
        draw.card(target, rect, colours.panel, colours.border, round(6 * s))
        x, y = rect.left + round(10 * s), rect.top + round(6 * s)
        draw.text(target, title, (x, y), bold, colours.text)
        y += bold.get_linesize()
        for colour, label, thickness in entries:
            middle = y + line // 2
            if thickness:
                pygame.draw.line(target, colours.coastline, (x, middle), (x + swatch, middle),
                                 round(thickness * s) + 2)
                pygame.draw.line(target, colour, (x, middle), (x + swatch, middle),
                                 max(2, round(thickness * s)))
            else:  # the number on a link that stands for several agreements
                radius = round(8 * s)
                pygame.draw.circle(target, colours.panel_alt, (x + swatch // 2, middle), radius)
                pygame.draw.circle(target, colour, (x + swatch // 2, middle), radius, max(1, round(s)))
                draw.text(target, "2", (x + swatch // 2, middle), draw.font("small", s * 0.85, True),
                          colours.text, "center")
            draw.text(target, label, (x + swatch + round(8 * s), middle), fnt, colours.text, "midleft")
            y += line
        return rect
