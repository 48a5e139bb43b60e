"""The map's view and what it shows: the lenses, the world and region views fitted to the
widget's size, zoom and pan, and the setters (lens, group, viewer, links, selection); a change
drops the cached picture so that the next frame renders it again."""

from __future__ import annotations

import numpy as np
import pygame

from game.ui.map_geometry import MapView, panned, project, unproject, zoomed
from game.ui.map_view.links import Link

LENSES = ("trust", "trade", "dependency", "membership")
WORLD_VIEW = MapView(-180.0, 180.0, -58.0, 84.0)


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


def fitted_inside(view: MapView, width: int, height: int,
                  inset: tuple[float, float, float, float]) -> MapView:
    """``view`` fitted into the part of a width×height area left free by ``inset`` (pixels on the
    left, top, right and bottom, where buttons and the legend lie over the map), then widened to
    the whole area: what the view holds is never under them."""
    left, top, right, bottom = inset
    inner_w = max(width - left - right, width / 3)
    inner_h = max(height - top - bottom, height / 3)
    inner = fitted(view, round(inner_w), round(inner_h))
    degrees = inner.longitude_span / max(inner_w, 1)  # per pixel, alike on both axes
    wide = MapView(inner.longitude_min - left * degrees, inner.longitude_max + right * degrees,
                   inner.latitude_min - bottom * degrees, inner.latitude_max + top * degrees)
    return fitted(wide, width, height)


def padded(view: MapView, bottom: float = 0.16, side: float = 0.04) -> MapView:
    """A view with room around the scenario's region (and below it, for the legend)."""
    lon, lat = view.longitude_span, view.latitude_span
    return MapView(max(-180.0, view.longitude_min - side * lon),
                   min(180.0, view.longitude_max + side * lon),
                   max(-90.0, view.latitude_min - bottom * lat),
                   min(90.0, view.latitude_max + side * lat))


class ViewControl:
    """Part of ``MapWidget``: the view (zoom, pan, size) and what the map shows."""

    def set_rect(self, rect: pygame.Rect) -> None:
        if pygame.Rect(rect) != self.rect:
            region = self.view == self.region_view()
            self.rect = pygame.Rect(rect)
            self.view = self.region_view() if region else fitted(self.view, self.rect.width,
                                                                  self.rect.height)
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
        """The scenario's region, clear of the buttons and the legend over the map."""
        self.view = self.region_view()
        self.surface = None

    def _label_anchors(self, view: MapView) -> list[tuple[float, float]]:
        """Where the scenario's countries' names would go in ``view`` (map pixels)."""
        points = [self.shapes[c].label for c in self.real]
        if not points:
            return []
        return [tuple(p) for p in project(np.array(points), view, self.rect.width,
                                          self.rect.height).tolist()]

    def region_view(self) -> MapView:
        """The region fitted to the map, made smaller on the side where the tools (top right) or
        the legend and the "Propose to…" button (bottom left) would cover your country."""
        scale = self.app.scale
        width, height = self.rect.size
        inset = [10 * scale, 8 * scale, 10 * scale, 10 * scale]
        tools = pygame.Rect(width - round(self.reserved_right * scale), 0,
                            round(self.reserved_right * scale), round(150 * scale))
        legend_w, legend_h = self.legend_size()
        corner_h = max(round(self.reserved_bottom * scale), legend_h + round(20 * scale))
        corner = pygame.Rect(0, height - corner_h, legend_w + round(20 * scale), corner_h)
        view = fitted_inside(self.region, width, height, tuple(inset))
        for _ in range(2):
            home = self.home_rect(view)
            home = home.move(-self.rect.left, -self.rect.top) if home is not None else None
            widened = False
            named = self._label_anchors(view)  # where the names go: none under the tools either
            near_tools = tools.inflate(round(80 * scale), round(20 * scale))
            under_tools = any(near_tools.collidepoint(point) for point in named)
            near_corner = corner.inflate(round(60 * scale), round(20 * scale))
            under_legend = any(near_corner.collidepoint(point) for point in named)
            if ((home is not None and home.colliderect(tools)) or under_tools) \
                    and inset[2] < tools.width:
                inset[2], widened = tools.width, True
            if ((home is not None and home.colliderect(corner)) or under_legend) \
                    and inset[3] < corner_h:
                inset[3], widened = corner_h, True
            if not widened:
                break
            view = fitted_inside(self.region, width, height, tuple(inset))
        return view

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
