"""The map: country shapes coloured by a lens, rendered once to a cached surface.

Each frame only blits the cached map and draws the hover and selection outlines. The cache is
rebuilt when the view (zoom, pan), the lens, the size or the game state changes. A pick surface
drawn alongside (each country in its own colour code) answers "which country is under the
mouse" with one pixel read. Tiny states get a marker and a larger hit area; scenario countries
without real geometry (invented ids) are drawn as islands at their capitals.

Agreements can be drawn as links (``set_links``): two parties joined by an arc, three or more by
spokes from a hub, so that one agreement reads as one shape. Links take the short way round the
globe: one that crosses the antimeridian leaves at one edge of the map and comes back at the other.
A map without a viewer (the projector) colours every playing country alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pygame

from game.ui import draw
from game.ui.map_geometry import (
    CountryShape,
    MapView,
    load_countries,
    panned,
    project,
    unproject,
    zoomed,
)
from game.ui.text import (
    agreement_name,
    cap,
    country_name,
    language,
    money,
    number,
    percent,
    scenario_text,
    signed,
    tr,
    ui,
)
from game.ui.theme import mix, ramp

LENSES = ("trust", "trade", "dependency", "membership")
WORLD_VIEW = MapView(-180.0, 180.0, -58.0, 84.0)
#: A scenario country whose shape spans fewer pixels than this gets a marker.
TINY_PIXELS = 7
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


def fitted(view: MapView, width: int, height: int) -> MapView:
    """``view`` widened on one axis to the aspect of a width×height area (same centre)."""
    aspect = width / max(height, 1)
    lon_span, lat_span = view.longitude_span, view.latitude_span
    if lon_span / lat_span > aspect:
        lat_span = lon_span / aspect
    else:
        lon_span = lat_span * aspect
    lon, lat = view.centre
    return panned(MapView(lon - lon_span / 2, lon + lon_span / 2, lat - lat_span / 2,
                          lat + lat_span / 2), 0.0, 0.0)


def padded(view: MapView, bottom: float = 0.16, side: float = 0.04) -> MapView:
    """A view with room around the scenario's region (and below it, for the legend)."""
    lon, lat = view.longitude_span, view.latitude_span
    return MapView(max(-180.0, view.longitude_min - side * lon),
                   min(180.0, view.longitude_max + side * lon),
                   max(-90.0, view.latitude_min - bottom * lat),
                   min(90.0, view.latitude_max + side * lat))


def _code(k: int) -> tuple[int, int, int]:
    k += 1
    return ((k >> 16) & 255, (k >> 8) & 255, k & 255)


def _decode(colour: Any) -> int:
    return ((colour[0] << 16) | (colour[1] << 8) | colour[2]) - 1


class MapWidget:
    """The map of a session's game seen by one country, inside a rectangle of the screen."""

    def __init__(self, app: Any, session: Any, viewer: str | None, rect: pygame.Rect,
                 lens: str = "trust", view: MapView | None = None, group: str | None = None):
        self.app = app
        self.session = session
        self.game = session.game
        self.viewer = viewer
        self.rect = pygame.Rect(rect)
        self.shapes = load_countries()
        game = self.game
        self.real = [c for c in game.country_ids if c in self.shapes]
        self.invented = [c for c in game.country_ids if c not in self.shapes]
        self.context = [iso for iso in self.shapes if iso not in game.index] if self.real else []
        self.codes = list(game.country_ids) + self.context
        info = game.scenario.scenario.map
        self.region = padded(MapView(info.longitude_min, info.longitude_max, info.latitude_min,
                                     info.latitude_max))
        self.view = fitted(view or self.region, self.rect.width, self.rect.height)
        self.lens = lens if lens in LENSES else "trust"
        self.groups = session.groups(viewer)
        self.group = group if any(g["key"] == group for g in self.groups) else (
            self.groups[0]["key"] if self.groups else None)
        self.reserved_right = 0  # width (at scale 1) of the buttons over the map's top right
        self.surface: pygame.Surface | None = None
        self.pick: pygame.Surface | None = None
        self.outlines: dict[str, list[list[tuple[int, int]]]] = {}
        self.markers: dict[str, tuple[tuple[int, int], int]] = {}
        self.hover: str | None = None
        self.selected: str | None = None
        self.mouse = (0, 0)
        self.drag_start: tuple[int, int] | None = None
        self.drag_offset = (0, 0)
        self.dragging = False
        self.state_key: Any = None
        self.relations: dict[str, dict[str, float]] = {}
        self.show_you = True  # name the viewer "(you)"; off where the viewer is only a focus
        self.label_scale: float | None = None  # labels and links larger than the UI (projector)
        self.links: list[Link] = []
        self.drawn_links: list[DrawnLink] = []
        self.max_gdp = float(max(game.state.gdp[0])) if game.country_ids else 1.0

    # --- view --------------------------------------------------------------------------------
    def set_rect(self, rect: pygame.Rect) -> None:
        if pygame.Rect(rect) != self.rect:
            self.rect = pygame.Rect(rect)
            self.view = fitted(self.view, self.rect.width, self.rect.height)
            self.surface = None

    def select(self, country: str | None) -> None:
        if country != self.selected:
            self.selected = country
            if self.surface is not None:
                self.labels = self._label_positions(self.rect.width / self.view.longitude_span)

    def set_lens(self, lens: str) -> None:
        if lens in LENSES and lens != self.lens:
            self.lens = lens
            self.surface = None

    def set_group(self, key: str | None) -> None:
        if key != self.group:
            self.group = key
            self.surface = None

    def set_viewer(self, viewer: str | None) -> None:
        """Colour the map as ``viewer`` sees it (None: every playing country alike)."""
        if viewer != self.viewer:
            self.viewer = viewer
            self.groups = self.session.groups(viewer)
            if not any(g["key"] == self.group for g in self.groups):
                self.group = self.groups[0]["key"] if self.groups else None
            self.surface = None

    def set_links(self, links: list[Link]) -> None:
        """The agreements to draw as links (redrawn only when they change)."""
        if list(links) != self.links:
            self.links = list(links)
            self.surface = None

    def show_world(self) -> None:
        self.view = fitted(WORLD_VIEW, self.rect.width, self.rect.height)
        self.surface = None

    def show_region(self) -> None:
        self.view = fitted(self.region, self.rect.width, self.rect.height)
        self.surface = None

    def zoom(self, factor: float, at: tuple[int, int] | None = None) -> None:
        if at is None:
            centre = self.view.centre
        else:
            local = np.array([at[0] - self.rect.left, at[1] - self.rect.top], dtype=float)
            lon, lat = unproject(local, self.view, self.rect.width, self.rect.height)
            centre = (float(lon), float(lat))
        self.view = fitted(zoomed(self.view, factor, centre), self.rect.width, self.rect.height)
        self.surface = None

    def pan(self, dx_pixels: float, dy_pixels: float) -> None:
        """Move the view so that the map follows a drag of (dx, dy) pixels."""
        dlon = -dx_pixels * self.view.longitude_span / self.rect.width
        dlat = dy_pixels * self.view.latitude_span / self.rect.height
        self.view = panned(self.view, dlon, dlat)
        self.surface = None

    # --- colours -----------------------------------------------------------------------------
    def lens_colour(self, country: str) -> tuple[int, int, int]:
        colours = self.app.palette
        if country == self.viewer:
            return colours.accent
        if self.viewer is None and self.lens != "membership":
            return mix(colours.land, colours.muted, 0.3)
        values = self.relations.get(country, {})
        if self.lens == "trust":
            return ramp(colours.trust_ramp, (values.get("trust_in_you", 0.5) - 0.25) / 0.55)
        if self.lens == "trade":
            top = max((v["trade_with_you"] for c, v in self.relations.items() if c != self.viewer),
                      default=1.0)
            share = math.log1p(values.get("trade_with_you", 0.0)) / math.log1p(max(top, 1e-9))
            return ramp(colours.trade_ramp, share)
        if self.lens == "dependency":
            return ramp(colours.dependency_ramp, values.get("import_share", 0.0) / 0.4)
        members = self.group_members()
        return colours.member if country in members else colours.non_member

    def group_members(self) -> set[str]:
        for group in self.groups:
            if group["key"] == self.group:
                return set(group["members"])
        return set()

    # --- rendering ---------------------------------------------------------------------------
    def _state_key(self) -> Any:
        return (len(self.game.history), len(self.game.agreements), self.game.turn,
                self.app.palette.name, self.app.scale)

    def render(self) -> None:
        """Draw the map for the current view into the cached surface and pick surface."""
        colours = self.app.palette
        scale = self.app.scale
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
        for _, iso, shape, playing in ordered:
            code = _code(self.codes.index(iso)) if playing else None
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
                if largest < TINY_PIXELS * scale:
                    centre = project(np.array(shape.label), view, width, height)
                    self._marker(surface, pick, iso, (int(centre[0]), int(centre[1])), fill)
        self._islands(surface, pick)
        self._draw_links(surface)
        self._outline(surface, self.viewer, colours.text, 2, (0, 0))  # you, always
        self.surface = surface
        self.pick = pick
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

    def _marker(self, surface: pygame.Surface, pick: pygame.Surface, country: str,
                centre: tuple[int, int], fill: tuple[int, int, int]) -> None:
        scale = self.app.scale
        radius = max(4, round(5 * scale))
        hit = max(9, round(11 * scale))
        pygame.draw.circle(pick, _code(self.codes.index(country)), centre, hit)
        pygame.draw.circle(surface, fill, centre, radius)
        pygame.draw.circle(surface, self.app.palette.text, centre, radius + max(1, round(scale)), 1)
        self.markers[country] = (centre, hit)

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
                pygame.draw.circle(pick, _code(self.codes.index(country)), (x, y), r)
            self.markers[country] = (centre, radius)
            self.outlines[country] = []

    # --- links -------------------------------------------------------------------------------
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
        legend = pygame.Rect(0, height - round(82 * scale), round(270 * scale), round(82 * scale))
        tools = pygame.Rect(width - round(self.reserved_right * scale), 0,
                            round(self.reserved_right * scale), round(150 * scale))
        placed: list[pygame.Rect] = [legend, tools]
        result = {}
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
                step = round(14 * scale)
                if country in self.markers:
                    candidates = [(x, y + step), (x, y - step), (x + step * 3, y)]
                else:
                    candidates = [(x, y), (x, y + step), (x, y - step)]
            name = country_name(self.game, country)
            if country == self.viewer and self.show_you:
                name = ui("map.you", name=name)
            size = fnt.size(name)
            for x, y in candidates:
                rect = pygame.Rect(0, 0, size[0] + 4, size[1])
                rect.center = (x, y)
                if not (0 <= x < width and 0 <= y < height):
                    continue
                if rect.collidelist(placed) == -1:
                    placed.append(rect)
                    result[country] = (x, y)
                    break
        return result

    # --- per frame ---------------------------------------------------------------------------
    def draw(self, target: pygame.Surface) -> None:
        if self.surface is None or self.state_key != self._state_key() \
                or self.surface.get_size() != self.rect.size:
            self.render()
        offset = self.drag_offset if self.dragging else (0, 0)
        clip = target.get_clip()
        target.set_clip(self.rect)
        if offset != (0, 0):
            target.fill(self.app.palette.sea, self.rect)
        target.blit(self.surface, (self.rect.left + offset[0], self.rect.top + offset[1]))
        origin = (self.rect.left + offset[0], self.rect.top + offset[1])
        for country, colour, thickness in ((self.selected, self.app.palette.accent, 3),
                                           (self.hover, self.app.palette.text, 2)):
            if country is None:
                continue
            self._outline(target, country, colour, thickness, origin)
        self._draw_labels(target, origin)
        target.set_clip(clip)

    def _outline(self, target: pygame.Surface, country: str, colour, thickness: int,
                 origin: tuple[int, int]) -> None:
        width = max(1, round(thickness * self.app.scale * 0.7))
        for ring in self.outlines.get(country, []):
            moved = [(x + origin[0], y + origin[1]) for x, y in ring]
            if len(moved) > 2:
                pygame.draw.lines(target, colour, True, moved, width)
        if country in self.markers:
            centre, radius = self.markers[country]
            pygame.draw.circle(target, colour, (centre[0] + origin[0], centre[1] + origin[1]),
                               radius + 3, width)

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

    # --- input -------------------------------------------------------------------------------
    def country_at(self, position: tuple[int, int]) -> str | None:
        if self.pick is None or not self.rect.collidepoint(position):
            return None
        local = (position[0] - self.rect.left, position[1] - self.rect.top)
        k = _decode(self.pick.get_at(local))
        if 0 <= k < len(self.game.country_ids):
            return self.game.country_ids[k]
        return None

    def handle(self, event: pygame.event.Event) -> str | None:
        """Mouse and keys on the map; returns "select" when a country was clicked."""
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
            if self.drag_start is not None:
                dx, dy = event.pos[0] - self.drag_start[0], event.pos[1] - self.drag_start[1]
                if self.dragging or abs(dx) + abs(dy) > 5:
                    self.dragging = True
                    self.drag_offset = (dx, dy)
                self.hover = None
            else:
                self.hover = self.country_at(event.pos)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 \
                and self.rect.collidepoint(event.pos):
            self.drag_start = event.pos
            self.dragging = False
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.drag_start:
            start, self.drag_start = self.drag_start, None
            if self.dragging:
                self.dragging = False
                self.pan(event.pos[0] - start[0], event.pos[1] - start[1])
                self.drag_offset = (0, 0)
            elif self.rect.collidepoint(event.pos):
                self.select(self.country_at(event.pos))
                return "select"
        elif event.type == pygame.MOUSEWHEEL and self.rect.collidepoint(self.mouse):
            self.zoom(1.25 ** event.y, self.mouse)
        return None

    def key(self, key: int) -> bool:
        step = 0.15
        moves = {pygame.K_LEFT: (step, 0), pygame.K_RIGHT: (-step, 0), pygame.K_UP: (0, step),
                 pygame.K_DOWN: (0, -step)}
        if key in moves:
            dx, dy = moves[key]
            self.pan(dx * self.rect.width, dy * self.rect.height)
            return True
        if key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.zoom(1.4)
            return True
        if key in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.zoom(1 / 1.4)
            return True
        return False

    # --- legend and tooltip ------------------------------------------------------------------
    def legend_title(self) -> str:
        if self.lens == "membership":
            for group in self.groups:
                if group["key"] == self.group:
                    return ui("map.legend.membership", group=self.group_name(group))
            return ui("map.legend.no_group")
        return ui(f"map.legend.{self.lens}")

    def group_name(self, group: dict) -> str:
        if group.get("agreement") is not None:
            return agreement_name(self.game, group["agreement"])
        name = group.get("name") or {}
        return name.get(language()) or name.get("en") or group["key"]

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
