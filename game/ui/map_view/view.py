"""The map's view and what it shows: the lenses, the world and region views fitted to the
widget's size, zoom and pan, and the setters (lens, group, viewer, links, selection); a change
drops the cached picture so that the next frame renders it again."""

from __future__ import annotations

import numpy as np
import pygame

from game.ui.map_geometry import MapView, panned, project, unproject, zoomed
from game.ui.map_view.links import Link

#: How far the default view may be widened so that the map's tools and legend cover no country.
MOST_WIDENED = 1.6

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


def padded(view: MapView, bottom: float = 0.16, side: float = 0.04) -> MapView:
    """A view with room around the scenario's region (and below it, for the legend)."""
    lon, lat = view.longitude_span, view.latitude_span
    return MapView(max(-180.0, view.longitude_min - side * lon),
                   min(180.0, view.longitude_max + side * lon),
                   max(-90.0, view.latitude_min - bottom * lat),
                   min(90.0, view.latitude_max + side * lat))


def widened(view: MapView, factor: float) -> MapView:
    """``view`` made ``factor`` times wider and taller around its centre; a view larger than the
    world stays centred on it (the map ends at ±180 degrees)."""
    lon, lat = view.centre
    half_lon, half_lat = view.longitude_span * factor / 2, view.latitude_span * factor / 2
    wide = MapView(lon - half_lon, lon + half_lon, lat - half_lat, lat + half_lat)
    return panned(wide, 0.0, 0.0)


class ViewControl:
    """Part of ``MapWidget``: the view (zoom, pan, size) and what the map shows."""

    def overlay_rects(self) -> list[pygame.Rect]:
        """What is drawn over the map, in the map's pixels: the legend (bottom left) and the
        column of view tools the screen puts at the top right (``reserved_right``)."""
        scale = self.app.scale
        width, height = self.rect.size
        legend = pygame.Rect(0, height - round(82 * scale), round(270 * scale), round(82 * scale))
        tools = pygame.Rect(width - round(self.reserved_right * scale), 0,
                            round(self.reserved_right * scale), round(150 * scale))
        return [legend, tools]

    def _covered(self, view: MapView) -> bool:
        """Whether an overlay sits on a playing country's label point or on more than half of
        its box, in ``view``."""
        width, height = self.rect.size
        overlays = [r for r in self.overlay_rects() if r.width and r.height]
        for country in self.real:
            x0, y0, x1, y1 = self.shapes[country].bbox
            (left, top), (right, bottom) = project(np.array([[x0, y1], [x1, y0]]), view, width, height)
            label = project(np.array(self.shapes[country].label), view, width, height)
            box = pygame.Rect(round(left), round(top), max(1, round(right - left)),
                              max(1, round(bottom - top)))
            for overlay in overlays:
                if overlay.collidepoint(round(label[0]), round(label[1])):
                    return True
                part = overlay.clip(box)
                if part.width * part.height > 0.5 * box.width * box.height:
                    return True
        return False

    def clear_view(self, view: MapView) -> MapView:
        """The region's view widened (at most ``MOST_WIDENED``) until neither the legend nor the
        view tools cover a country: at full HD with scale 2.0 the world's East Asia sits under
        the zoom buttons otherwise."""
        factor = 1.0
        while factor <= MOST_WIDENED:
            candidate = fitted(widened(view, factor), self.rect.width, self.rect.height)
            if not self._covered(candidate):
                return candidate
            factor += 0.05
        return fitted(view, self.rect.width, self.rect.height)

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
        self.view = self.clear_view(self.region)
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
