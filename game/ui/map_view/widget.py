"""The map widget: a session's game seen by one country inside a rectangle of the screen, composed
of its parts (view, lenses, rendering, links, labels, legend, controls). Its state lives here;
each frame blits the cached picture and draws the hover and selection outlines and the names.
A map without a viewer (the projector) colours every playing country alike."""

from __future__ import annotations

from typing import Any

import pygame

from game.ui.map_geometry import MapView, load_countries
from game.ui.map_view.controls import MapControls
from game.ui.map_view.labels import LabelPlacing
from game.ui.map_view.legend import LEGEND_HEIGHT, LegendAndTooltip
from game.ui.map_view.lenses import LensColours
from game.ui.map_view.links import DrawnLink, Link, LinkDrawing
from game.ui.map_view.rendering import MapRendering
from game.ui.map_view.view import LENSES, ViewControl, fitted, padded


class MapWidget(ViewControl, LensColours, MapRendering, LinkDrawing, LabelPlacing, LegendAndTooltip,
                MapControls):
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
                                     info.latitude_max), bottom=0.04)
        self.reserved_right = 0  # width (at scale 1) of the buttons over the map's top right
        #: height (at scale 1) of what lies over the map's bottom: the legend, and on the game
        #: screen the "Propose to…" button above it
        self.reserved_bottom = LEGEND_HEIGHT + 20
        #: the size (pixels) of another legend drawn over the map's bottom left instead of the
        #: lens legend (the projector's agreement types), kept clear like it
        self.legend_box: tuple[int, int] | None = None
        self.lens = lens if lens in LENSES else "trust"
        self.groups = session.groups(viewer)
        self.group = group if any(g["key"] == group for g in self.groups) else (
            self.groups[0]["key"] if self.groups else None)
        self.surface: pygame.Surface | None = None
        self.pick: pygame.Surface | None = None
        self.outlines: dict[str, list[list[tuple[int, int]]]] = {}
        self.markers: dict[str, tuple[tuple[int, int], int]] = {}
        self.small_state_markers = True  # off only to measure the shapes alone (tests)
        self.label_rects: dict[str, pygame.Rect] = {}  # where the names went (map coordinates)
        self.flag_rects: dict[str, pygame.Rect] = {}  # the flags drawn on markers
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
        self.view = fitted(view, self.rect.width, self.rect.height) if view is not None \
            else self.region_view()

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
