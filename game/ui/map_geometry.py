"""Country shapes for the map screen, and the view arithmetic for drawing them.

The shapes come from ``assets/map/countries-50m.json`` (Natural Earth 1:50m, built by
``tools/build_map.py``): every ring is already cut at the antimeridian, so it can be drawn as
one flat polygon. Positions go to the screen by the equirectangular projection (plate carrée):
x is linear in longitude and y in latitude. It is the projection the asset's areas and label
points are computed in, it needs no trigonometry, and zooming or panning is a change of bounds.

Pure Python and numpy, no pygame: the map screen draws what these functions compute.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from game.data import resource

ASSET_PATH = resource("assets", "map", "countries-50m.json")
ASSET_FORMAT = 1

#: Narrowest view in degrees of longitude (deepest zoom). The asset is simplified to 0.02 degrees
#: and rounded to 0.01, so beyond this the outlines would show their corners; Singapore, about
#: 0.35 degrees wide, still fills a good part of a screen.
MIN_LONGITUDE_SPAN = 5.0


@dataclass(frozen=True, eq=False, slots=True)
class CountryShape:
    """One country's outline in degrees.

    ``polygons`` holds one tuple per polygon: its exterior ring first, then its holes. Each ring
    is a read-only float array of shape (k, 2) of [longitude, latitude], closed (last point equals
    the first); exteriors run counter-clockwise and holes clockwise with latitude pointing up.
    ``area`` is in square degrees (flat, unprojected), so a small value marks a state that needs
    a marker to be seen; ``label`` is a point inside the largest polygon, far from its outline.
    """

    iso3: str
    name: str
    polygons: tuple[tuple[np.ndarray, ...], ...]
    bbox: tuple[float, float, float, float]
    label: tuple[float, float]
    area: float


@dataclass(frozen=True, slots=True)
class MapView:
    """The part of the world shown on screen, as longitude and latitude bounds in degrees."""

    longitude_min: float
    longitude_max: float
    latitude_min: float
    latitude_max: float

    def __post_init__(self) -> None:
        if not (self.longitude_min < self.longitude_max and self.latitude_min < self.latitude_max):
            raise ValueError(f"a map view needs min < max on both axes, got {self}")

    @property
    def longitude_span(self) -> float:
        """Width of the view in degrees of longitude."""
        return self.longitude_max - self.longitude_min

    @property
    def latitude_span(self) -> float:
        """Height of the view in degrees of latitude."""
        return self.latitude_max - self.latitude_min

    @property
    def centre(self) -> tuple[float, float]:
        """The [longitude, latitude] in the middle of the view."""
        return (
            (self.longitude_min + self.longitude_max) / 2.0,
            (self.latitude_min + self.latitude_max) / 2.0,
        )


WORLD = MapView(-180.0, 180.0, -90.0, 90.0)


def load_countries(path: Path | str | None = None) -> dict[str, CountryShape]:
    """Country shapes by ISO 3166-1 alpha-3 code, read from the map asset.

    The file is read and converted once per path; each call returns a new dict of the same
    (immutable) shapes, so a caller may add or drop entries without affecting the next caller.
    Raises ValueError for a file of another format or a malformed ring.
    """
    return dict(_read_asset(Path(path or ASSET_PATH).resolve()))


@lru_cache(maxsize=4)
def _read_asset(path: Path) -> dict[str, CountryShape]:
    """Parse the asset at path into shapes (cached: the file is about 1 MB)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    if document.get("format") != ASSET_FORMAT:
        raise ValueError(f"{path}: expected map asset format {ASSET_FORMAT}")
    return {iso3: _country_shape(iso3, record, path) for iso3, record in document["countries"].items()}


def _country_shape(iso3: str, record: dict, path: Path) -> CountryShape:
    """One asset record as a CountryShape."""
    polygons = tuple(
        tuple(_ring_array(ring, f"{path}: {iso3}") for ring in polygon) for polygon in record["polygons"]
    )
    lon_min, lat_min, lon_max, lat_max = (float(value) for value in record["bbox"])
    label_lon, label_lat = (float(value) for value in record["label"])
    return CountryShape(
        iso3=iso3,
        name=record["name"],
        polygons=polygons,
        bbox=(lon_min, lat_min, lon_max, lat_max),
        label=(label_lon, label_lat),
        area=float(record["area"]),
    )


def _ring_array(ring: list, where: str) -> np.ndarray:
    """A ring as a read-only (k, 2) float array; shared through the cache, so never written."""
    array = np.asarray(ring, dtype=np.float64)
    if array.ndim != 2 or array.shape[1] != 2 or len(array) < 4:
        raise ValueError(f"{where}: a ring must be at least 4 [lon, lat] pairs")
    array.flags.writeable = False
    return array


def project(lonlat: np.ndarray, view: MapView, width: int, height: int) -> np.ndarray:
    """Screen positions (x right, y down, in pixels) of [lon, lat] positions in a view.

    Equirectangular: the view's west edge goes to x = 0 and its east edge to x = width, its
    north edge to y = 0 and its south edge to y = height. Works on any array of shape (..., 2)
    and returns floats of the same shape; positions outside the view land off screen. The view
    should have the screen's aspect (degrees per pixel alike on both axes), or shapes stretch.
    """
    lonlat = np.asarray(lonlat, dtype=np.float64)
    screen = np.empty_like(lonlat)
    screen[..., 0] = (lonlat[..., 0] - view.longitude_min) * (width / view.longitude_span)
    screen[..., 1] = (view.latitude_max - lonlat[..., 1]) * (height / view.latitude_span)
    return screen


def unproject(screen: np.ndarray, view: MapView, width: int, height: int) -> np.ndarray:
    """[lon, lat] positions of screen positions: the inverse of ``project`` (for the mouse)."""
    screen = np.asarray(screen, dtype=np.float64)
    lonlat = np.empty_like(screen)
    lonlat[..., 0] = view.longitude_min + screen[..., 0] * (view.longitude_span / width)
    lonlat[..., 1] = view.latitude_max - screen[..., 1] * (view.latitude_span / height)
    return lonlat


def zoomed(view: MapView, factor: float, centre_lonlat: tuple[float, float]) -> MapView:
    """The view zoomed in by factor (> 1 in, < 1 out) around a point that stays put on screen.

    Pass the point under the mouse for a wheel zoom, or ``view.centre`` to zoom straight in.
    The aspect is kept; the factor is limited so the view is never narrower than
    MIN_LONGITUDE_SPAN nor larger than the world, and the result is moved back inside the
    world if it would leave it.
    """
    if factor <= 0.0:
        raise ValueError(f"zoom factor must be positive, got {factor}")
    least = max(  # zooming out further would show more than the world
        view.longitude_span / WORLD.longitude_span, view.latitude_span / WORLD.latitude_span
    )
    most = max(least, view.longitude_span / MIN_LONGITUDE_SPAN)
    factor = min(max(factor, least), most)
    anchor_lon, anchor_lat = centre_lonlat
    return _inside_world(
        longitude_min=anchor_lon - (anchor_lon - view.longitude_min) / factor,
        latitude_min=anchor_lat - (anchor_lat - view.latitude_min) / factor,
        longitude_span=view.longitude_span / factor,
        latitude_span=view.latitude_span / factor,
    )


def panned(view: MapView, dlon: float, dlat: float) -> MapView:
    """The view moved east by dlon and north by dlat degrees, stopping at the world's edges."""
    return _inside_world(
        longitude_min=view.longitude_min + dlon,
        latitude_min=view.latitude_min + dlat,
        longitude_span=view.longitude_span,
        latitude_span=view.latitude_span,
    )


def _inside_world(
    longitude_min: float, latitude_min: float, longitude_span: float, latitude_span: float
) -> MapView:
    """A view of the given spans, shifted as little as possible to lie inside the world.

    There is no wrapping across the antimeridian: the map ends at ±180 degrees. A span larger
    than the world's (a view made by hand) is centred on the world instead.
    """
    longitude_min = _clamped_start(longitude_min, longitude_span, WORLD.longitude_min, WORLD.longitude_max)
    latitude_min = _clamped_start(latitude_min, latitude_span, WORLD.latitude_min, WORLD.latitude_max)
    return MapView(
        longitude_min=longitude_min,
        longitude_max=longitude_min + longitude_span,
        latitude_min=latitude_min,
        latitude_max=latitude_min + latitude_span,
    )


def _clamped_start(start: float, span: float, lower: float, upper: float) -> float:
    """Start of an interval of length span moved inside [lower, upper] (centred if too long)."""
    if span >= upper - lower:
        return (lower + upper - span) / 2.0
    return min(max(start, lower), upper - span)
