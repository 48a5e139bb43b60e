"""Build the map asset ``assets/map/countries-50m.json`` from world-atlas's Natural Earth shapes.

A one-off build step, run by hand; the game only reads the JSON it writes.

    npm install --prefix /tmp/worldatlas world-atlas     # TopoJSON source (ISC, data public domain)
    pip install pycountry numpy                         # build-time only
    python tools/build_map.py [--source .../world-atlas/countries-50m.json]

Steps, each a small function below:

1. decode the TopoJSON arcs (quantised, delta-encoded) into absolute coordinates;
2. give every feature an ISO 3166-1 alpha-3 code (numeric id via pycountry, a few by name);
3. dissolve features that become one country (their shared borders disappear);
4. simplify each *arc* with Douglas–Peucker, so neighbours keep identical borders;
5. cut rings that cross the antimeridian (world-atlas stitches them into spherical polygons)
   into flat pieces inside [-180, 180], closing pole-encircling rings along the pole;
6. round coordinates, orient rings, compute bbox, area and a label point, check, write.
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pycountry

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = Path("/tmp/worldatlas/node_modules/world-atlas/countries-50m.json")
DEFAULT_OUTPUT = REPO / "game" / "data" / "assets" / "map" / "countries-50m.json"

#: Douglas–Peucker tolerance in degrees. A 1280-px world map has 0.28 degrees a pixel, so this
#: stays below a pixel until the map is zoomed about 14x (a region such as Southeast Asia).
TOLERANCE_DEGREES = 0.02
#: Decimals kept in coordinates (0.01 degree is about 1 km). Rings that would collapse at this
#: precision (the Vatican, Monaco) keep up to two more, so every state stays a polygon.
DECIMALS = 2
MAX_EXTRA_DECIMALS = 2
#: A simplified or rounded ring must keep this share of its area, else it is redone finer.
MIN_AREA_SHARE = 0.5
MIN_TOLERANCE_DEGREES = 1e-5
#: Longitude step of the edge drawn along a pole when closing a pole-encircling ring (Antarctica).
POLE_EDGE_STEP_DEGREES = 30.0
#: A ring lying entirely this close to a pole is a cap of no area on a flat map.
POLE_CAP_DEGREES = 0.01

#: Features without a usable ISO numeric id, placed by name. The policy follows the World Bank's
#: country list, which the game's country data comes from: unrecognised states join the UN
#: member state they belong to; Kosovo has its own user-assigned code; a disputed area with no
#: state keeps a user-assigned code so the map has no hole there.
ISO3_BY_NAME = {
    "Kosovo": "XKX",
    "Somaliland": "SOM",
    "N. Cyprus": "CYP",
    "Ashmore and Cartier Is.": "AUS",  # Australian territory; shares numeric id 036 with Australia
    "Siachen Glacier": "XSG",
}
#: Features bundling several ISO entries: each polygon goes to the ISO code of the nearest anchor.
ISO3_BY_NEAREST_ANCHOR = {
    "Indian Ocean Ter.": {"CXR": (105.65, -10.5), "CCK": (96.85, -12.15)},
}
#: Names for codes that no source feature names directly.
NAME_BY_ISO3 = {"CXR": "Christmas I.", "CCK": "Cocos Is."}

Ring = list[int]  # TopoJSON arc indices; ~i means arc i reversed
Polygon = list[Ring]  # exterior ring first, then holes


@dataclass
class CountryParts:
    """The source polygons that make up one output country."""

    iso3: str
    name: str = ""
    polygons: list[Polygon] = field(default_factory=list)
    features: set[str] = field(default_factory=set)


# --- 1. TopoJSON decoding --------------------------------------------------------------------


def decode_arcs(topology: dict) -> list[np.ndarray]:
    """Absolute quantised (integer) positions of every arc: the deltas' running sums."""
    return [np.cumsum(np.asarray(arc, dtype=np.int64), axis=0) for arc in topology["arcs"]]


def to_degrees(quantised: np.ndarray, topology: dict) -> np.ndarray:
    """Longitude/latitude in degrees of quantised positions, by the topology's transform."""
    transform = topology["transform"]
    return quantised * np.asarray(transform["scale"]) + np.asarray(transform["translate"])


def feature_polygons(geometry: dict) -> list[Polygon]:
    """The polygons of a Polygon or MultiPolygon geometry as lists of arc-index rings."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def ring_points(ring: Ring, arcs: list[np.ndarray]) -> np.ndarray:
    """Join the arcs of a ring into one closed point array (shared end points appear once)."""
    pieces = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        pieces.append(arc if not pieces else arc[1:])
    return np.concatenate(pieces)


# --- 2. ISO codes ------------------------------------------------------------------------------


def iso3_of_numeric(numeric: str) -> str | None:
    """ISO alpha-3 code for an ISO numeric id, or None when pycountry does not know it."""
    country = pycountry.countries.get(numeric=numeric)
    return country.alpha_3 if country else None


def group_features(geometries: list[dict], points: list[np.ndarray]) -> dict[str, CountryParts]:
    """Assign every feature's polygons to an ISO alpha-3 code; fail on a feature left over."""
    countries: dict[str, CountryParts] = {}
    unplaced = []
    for geometry in geometries:
        name = geometry.get("properties", {}).get("name", "")
        polygons = feature_polygons(geometry)
        if name in ISO3_BY_NEAREST_ANCHOR:
            for polygon in polygons:
                iso3 = nearest_anchor(ring_points(polygon[0], points), ISO3_BY_NEAREST_ANCHOR[name])
                add_parts(countries, iso3, NAME_BY_ISO3.get(iso3, ""), [polygon], name)
            continue
        iso3 = ISO3_BY_NAME.get(name) or iso3_of_numeric(geometry.get("id", ""))
        if iso3 is None:
            unplaced.append(name)
            continue
        add_parts(countries, iso3, name, polygons, name)
    if unplaced:
        raise SystemExit(f"features with no ISO code, add them to ISO3_BY_NAME: {unplaced}")
    return countries


def nearest_anchor(ring: np.ndarray, anchors: dict[str, tuple[float, float]]) -> str:
    """The code of the anchor nearest to the ring's mean position."""
    centre = ring.mean(axis=0)
    return min(anchors, key=lambda code: float(np.hypot(*(centre - anchors[code]))))


def add_parts(
    countries: dict[str, CountryParts], iso3: str, name: str, polygons: list[Polygon], source: str
) -> None:
    """Add a source feature's polygons to a country.

    The country takes the name of a feature placed by its ISO numeric id (Somalia, not
    Somaliland); a feature placed by name only names a country nothing else names (Kosovo).
    """
    parts = countries.setdefault(iso3, CountryParts(iso3))
    if not parts.name or source not in ISO3_BY_NAME:
        parts.name = name
    parts.polygons.extend(polygons)
    parts.features.add(source)


# --- 3. Dissolving merged features -------------------------------------------------------------


def dissolve(rings: list[Ring]) -> list[Ring]:
    """Merge features that share borders: drop the arcs used twice (their common border).

    What is left is the merged outline as loose directed arcs, chained back into rings.
    """
    uses = defaultdict(int)
    for ring in rings:
        for index in ring:
            uses[index if index >= 0 else ~index] += 1
    return [i for ring in rings for i in ring if uses[i if i >= 0 else ~i] == 1]


def stitch(directed_arcs: list[int], quantised: list[np.ndarray]) -> list[Ring]:
    """Chain directed arcs end to start into closed rings."""

    def ends(index: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
        arc = quantised[index] if index >= 0 else quantised[~index][::-1]
        return tuple(arc[0]), tuple(arc[-1])

    starting_at = defaultdict(list)
    for index in directed_arcs:
        starting_at[ends(index)[0]].append(index)
    rings = []
    for first in directed_arcs:
        start, end = ends(first)
        if first not in starting_at[start]:
            continue  # already used in a ring
        starting_at[start].remove(first)
        ring = [first]
        while end != start:
            following = starting_at[end].pop()
            ring.append(following)
            end = ends(following)[1]
        rings.append(ring)
    return rings


# --- 4. Simplification -------------------------------------------------------------------------


def unwrap_longitudes(points: np.ndarray) -> np.ndarray:
    """Copy of points whose longitude changes by less than 180 degrees a step (no ±360 jumps)."""
    steps = np.diff(points[:, 0])
    steps = (steps + 180.0) % 360.0 - 180.0
    unwrapped = points.astype(float).copy()
    unwrapped[1:, 0] = points[0, 0] + np.cumsum(steps)
    return unwrapped


def rewrap_longitudes(points: np.ndarray) -> np.ndarray:
    """Bring unwrapped longitudes back into [-180, 180], leaving in-range ones untouched."""
    wrapped = points.copy()
    wrapped[wrapped[:, 0] > 180.0, 0] -= 360.0
    wrapped[wrapped[:, 0] < -180.0, 0] += 360.0
    return wrapped


def distance_to_segment(points: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Euclidean distance of each point to the segment start–end (to start if it has no length)."""
    direction = end - start
    length_squared = float(direction @ direction)
    if length_squared == 0.0:
        return np.hypot(*(points - start).T)
    along = np.clip((points - start) @ direction / length_squared, 0.0, 1.0)
    return np.hypot(*(points - start - along[:, None] * direction).T)


def douglas_peucker(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Boolean mask of the vertices Douglas–Peucker keeps; the two ends are always kept."""
    keep = np.zeros(len(points), dtype=bool)
    keep[[0, -1]] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        distances = distance_to_segment(points[first + 1 : last], points[first], points[last])
        farthest = int(np.argmax(distances))
        if distances[farthest] > tolerance:
            split = first + 1 + farthest
            keep[split] = True
            stack += [(first, split), (split, last)]
    return keep


def simplify_line(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas–Peucker in unwrapped longitude, so a line crossing ±180 is measured correctly."""
    unwrapped = unwrap_longitudes(points)
    return rewrap_longitudes(unwrapped[douglas_peucker(unwrapped, tolerance)])


def ring_area(ring: np.ndarray) -> float:
    """Signed flat area of a ring that may cross the antimeridian or encircle a pole."""
    return signed_area(close_around_pole(unwrap_longitudes(ring)))


def is_faithful(simplified: np.ndarray, original: np.ndarray) -> bool:
    """True when a simplified or rounded ring still has three corners, the original's
    orientation and at least MIN_AREA_SHARE of its area (a tiny atoll can otherwise turn into
    a sliver or a bow tie)."""
    if len(np.unique(simplified, axis=0)) < 3:
        return False
    area, original_area = ring_area(simplified), ring_area(original)
    return area * original_area > 0.0 and abs(area) >= MIN_AREA_SHARE * abs(original_area)


def simplified_ring(
    ring: Ring, raw: list[np.ndarray], simplified: list[np.ndarray], tolerance: float
) -> np.ndarray:
    """A ring from the simplified arcs; where that is not faithful (tiny islands and states),
    the ring simplified on its own at a tolerance halved until it is."""
    original = ring_points(ring, raw)
    points = ring_points(ring, simplified)
    while not is_faithful(points, original):
        tolerance /= 2.0
        if tolerance < MIN_TOLERANCE_DEGREES:
            return original
        points = simplify_line(original, tolerance)
    return points


# --- 5. Antimeridian ---------------------------------------------------------------------------


def close_around_pole(unwrapped: np.ndarray) -> np.ndarray:
    """Close a ring whose unwrapped longitude ends 360 degrees from its start along the pole.

    Such a ring encircles a pole on the sphere (Antarctica's coast); on a flat map it bounds the
    area between itself and the pole's edge of the map. Points every POLE_EDGE_STEP_DEGREES keep
    each segment short.
    """
    start, end = unwrapped[0, 0], unwrapped[-1, 0]
    if abs(end - start) < 180.0:
        return unwrapped
    pole = -90.0 if unwrapped[:, 1].mean() < 0 else 90.0
    steps = max(2, math.ceil(abs(end - start) / POLE_EDGE_STEP_DEGREES) + 1)
    edge = np.column_stack([np.linspace(end, start, steps), np.full(steps, pole)])
    return np.vstack([unwrapped, edge, unwrapped[:1]])


def clip_to_half_plane(ring: np.ndarray, longitude: float, keep_west: bool) -> np.ndarray | None:
    """Sutherland–Hodgman clip of a closed ring to longitude <= (or >=) a meridian.

    A half-plane is convex, so the clip is exact; where the ring leaves and re-enters the half
    plane more than once the pieces stay joined by zero-width edges along the meridian, which is
    the map's edge, so they fill and outline the same as separate pieces.
    """
    points = ring[:-1]
    inside = points[:, 0] <= longitude if keep_west else points[:, 0] >= longitude
    if inside.all():
        return ring
    if not inside.any():
        return None
    clipped = []
    for i, point in enumerate(points):
        following = points[(i + 1) % len(points)]
        if inside[i]:
            clipped.append(point)
        if inside[i] != inside[(i + 1) % len(points)]:
            share = (longitude - point[0]) / (following[0] - point[0])
            clipped.append([longitude, point[1] + share * (following[1] - point[1])])
    clipped.append(clipped[0])
    return np.asarray(clipped, dtype=float)


def cut_at_antimeridian(ring: np.ndarray) -> list[np.ndarray]:
    """Pieces of a ring inside [-180, 180] with no segment jumping across the map.

    The ring is unwrapped (continuous longitude, possibly beyond ±180), closed along a pole if it
    encircles one, then clipped to each 360-degree strip it touches and shifted back.
    """
    unwrapped = close_around_pole(unwrap_longitudes(ring))
    if np.all(np.abs(unwrapped[:, 1]) >= 90.0 - POLE_CAP_DEGREES):
        return []  # a cap around the pole: world-atlas quantises the pole to -89.999
    west, east = unwrapped[:, 0].min(), unwrapped[:, 0].max()
    if west >= -180.0 and east <= 180.0:
        return [unwrapped]
    pieces = []
    for strip in range(math.floor((west + 180.0) / 360.0), math.ceil((east - 180.0) / 360.0) + 1):
        offset = 360.0 * strip
        piece = clip_to_half_plane(unwrapped, 180.0 + offset, keep_west=True)
        if piece is not None:
            piece = clip_to_half_plane(piece, -180.0 + offset, keep_west=False)
        if piece is not None and signed_area(piece) != 0.0:
            pieces.append(piece - [offset, 0.0])
    total = sum(signed_area(piece) for piece in pieces)
    if not math.isclose(total, signed_area(unwrapped), rel_tol=1e-9, abs_tol=1e-9):
        raise ValueError("antimeridian cut lost area")
    return pieces


def group_rings(rings: list[np.ndarray]) -> list[list[np.ndarray]]:
    """Polygons [exterior, holes...] from loose rings in world-atlas orientation.

    world-atlas (made for d3) draws exteriors clockwise and holes counter-clockwise; each hole
    goes to the exterior that holds most of its vertices (a hole may touch its exterior), the
    smallest such one when exteriors nest (an island in a lake).
    """
    polygons = [[ring] for ring in rings if signed_area(ring) < 0.0]
    for hole in (ring for ring in rings if signed_area(ring) > 0.0):
        shares = [np.mean(points_in_ring(hole[:-1], polygon[0])) for polygon in polygons]
        if not shares or max(shares) == 0.0:
            raise ValueError("a hole lies outside every exterior")
        owner = max(
            range(len(polygons)),
            key=lambda i: (shares[i], -abs(signed_area(polygons[i][0]))),
        )
        polygons[owner].append(hole)
    return polygons


# --- 6. Finishing ------------------------------------------------------------------------------


def signed_area(ring: np.ndarray) -> float:
    """Shoelace area of a closed ring: positive when counter-clockwise (latitude pointing up)."""
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))


def points_in_ring(points: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """Even-odd ray casting of points (shape (n, 2)) against a closed ring, vectorised."""
    x, y = points[:, :1], points[:, 1:]
    x0, y0, x1, y1 = ring[:-1, 0], ring[:-1, 1], ring[1:, 0], ring[1:, 1]
    crosses = (y0 > y) != (y1 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
    return np.count_nonzero(crosses & (x < at), axis=1) % 2 == 1


def point_in_ring(point: np.ndarray, ring: np.ndarray) -> bool:
    """Even-odd test of one point against a closed ring."""
    return bool(points_in_ring(np.asarray(point, dtype=float)[None, :], ring)[0])


def rounded_ring(ring: np.ndarray, exterior: bool) -> np.ndarray | None:
    """Round a ring to DECIMALS (more if it would collapse), drop repeats, orient it.

    Exteriors come out counter-clockwise and holes clockwise (GeoJSON's rule, RFC 7946).
    Returns None for a ring that is not faithful even at the finest precision.
    """
    for decimals in range(DECIMALS, DECIMALS + MAX_EXTRA_DECIMALS + 1):
        rounded = np.round(ring, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
        changed = np.any(np.diff(rounded, axis=0) != 0.0, axis=1)
        rounded = rounded[np.concatenate([[True], changed])]
        if is_faithful(rounded, ring):
            if (signed_area(rounded) > 0.0) != exterior:
                rounded = rounded[::-1]
            return rounded
    return None


def finished_polygons(polygons: list[list[np.ndarray]]) -> list[list[np.ndarray]]:
    """Rounded, oriented polygons; a lost exterior drops its polygon, a lost hole only itself."""
    finished = []
    for polygon in polygons:
        exterior = rounded_ring(polygon[0], exterior=True)
        if exterior is None:
            continue
        holes = [rounded_ring(hole, exterior=False) for hole in polygon[1:]]
        finished.append([exterior, *[hole for hole in holes if hole is not None]])
    return finished


def polygon_area(polygon: list[np.ndarray]) -> float:
    """Area in square degrees: the exterior less its holes."""
    return abs(signed_area(polygon[0])) - sum(abs(signed_area(hole)) for hole in polygon[1:])


def segment_distances(point: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """Distance from a point to each segment of a closed ring, vectorised."""
    start, end = ring[:-1], ring[1:]
    direction = end - start
    length_squared = np.einsum("ij,ij->i", direction, direction)
    with np.errstate(divide="ignore", invalid="ignore"):
        along = np.einsum("ij,ij->i", point - start, direction) / length_squared
    along = np.clip(np.nan_to_num(along), 0.0, 1.0)
    return np.hypot(*(point - start - along[:, None] * direction).T)


def outline_distance(point: np.ndarray, polygon: list[np.ndarray]) -> float:
    """Distance from a point to a polygon's outline, negative outside the polygon."""
    nearest = min(float(segment_distances(point, ring).min()) for ring in polygon)
    inside = point_in_ring(point, polygon[0]) and not any(point_in_ring(point, hole) for hole in polygon[1:])
    return nearest if inside else -nearest


def label_point(polygon: list[np.ndarray]) -> np.ndarray:
    """Pole of inaccessibility: the inside point farthest from the outline (Mapbox polylabel).

    Better than a centroid for a label or marker: it is always inside, even for a crescent.
    Square cells are refined best-first until none can beat the best point by more than a
    thousandth of the polygon's size.
    """
    low, high = polygon[0].min(axis=0), polygon[0].max(axis=0)
    cell = float(min(high - low))
    precision = max(float(max(high - low)) * 1e-3, 1e-4)
    best = polygon[0][0]
    best_distance = outline_distance(best, polygon)
    if cell <= 0.0:
        return best
    queue: list[tuple[float, float, float, float, float]] = []

    def push(x: float, y: float, half: float) -> None:
        distance = outline_distance(np.array([x, y]), polygon)
        heapq.heappush(queue, (-(distance + half * math.sqrt(2)), distance, x, y, half))

    for x in np.arange(low[0], high[0], cell):
        for y in np.arange(low[1], high[1], cell):
            push(x + cell / 2, y + cell / 2, cell / 2)
    while queue:
        negative_potential, distance, x, y, half = heapq.heappop(queue)
        if distance > best_distance:
            best, best_distance = np.array([x, y]), distance
        if -negative_potential - best_distance <= precision:
            continue
        for dx in (-half / 2, half / 2):
            for dy in (-half / 2, half / 2):
                push(x + dx, y + dy, half / 2)
    return best


def country_record(name: str, polygons: list[list[np.ndarray]]) -> dict:
    """The JSON record of one country: rings as [lon, lat] lists, bbox, label and area."""
    every_point = np.vstack([polygon[0] for polygon in polygons])
    largest = max(polygons, key=polygon_area)
    label = np.round(label_point(largest), DECIMALS + MAX_EXTRA_DECIMALS) + 0.0
    return {
        "name": name,
        "polygons": [[ring.tolist() for ring in polygon] for polygon in polygons],
        "bbox": [*every_point.min(axis=0).tolist(), *every_point.max(axis=0).tolist()],
        "label": label.tolist(),
        "area": round(sum(polygon_area(polygon) for polygon in polygons), 4),
    }


# --- Putting it together -----------------------------------------------------------------------


def build_country(
    parts: CountryParts,
    quantised: list[np.ndarray],
    raw: list[np.ndarray],
    simplified: list[np.ndarray],
    tolerance: float,
) -> dict | None:
    """Dissolve, assemble, cut and finish one country's polygons into its JSON record.

    Rings are handled loose and regrouped into polygons at the end by orientation: cutting at the
    antimeridian can swap their roles. Antarctica's source polygon is a tiny ring around the pole
    with the coast as its "hole"; flat, the coast closed along the pole is the exterior and the
    pole ring a cap that vanishes.
    """
    rings = [ring for polygon in parts.polygons for ring in polygon]
    if len(parts.features) > 1:
        rings = stitch(dissolve(rings), quantised)
    flat = [
        piece
        for ring in rings
        for piece in cut_at_antimeridian(simplified_ring(ring, raw, simplified, tolerance))
    ]
    finished = finished_polygons(group_rings(flat))
    return country_record(parts.name, finished) if finished else None


def source_description(source: Path) -> str:
    """Where the shapes come from, with world-atlas's version when its package.json is at hand."""
    package = source.parent / "package.json"
    version = json.loads(package.read_text())["version"] if package.exists() else "unknown"
    return (
        f"world-atlas {version} ({source.name}, https://github.com/topojson/world-atlas): "
        "Natural Earth 1:50m Admin 0 countries, version 4.1.0"
    )


FORMAT_NOTES = {
    "coordinates": (
        "degrees, [longitude, latitude]; rounded to 2 decimals, tiny rings to up to 4; every ring "
        "is closed (last point = first) and lies within [-180, 180], rings that crossed the "
        "antimeridian are cut there, so no segment jumps across the map"
    ),
    "polygons": "list of polygons; a polygon is [exterior, hole, ...]; a ring is [[lon, lat], ...]",
    "orientation": "exteriors counter-clockwise, holes clockwise (with latitude pointing up)",
    "bbox": "[lon_min, lat_min, lon_max, lat_max] over all polygons",
    "label": "[lon, lat]: the point inside the largest polygon farthest from its outline",
    "area": "square degrees (planar, unprojected): small values mark states that need a marker",
    "keys": (
        "ISO 3166-1 alpha-3; XKX Kosovo and XSG Siachen Glacier (disputed) are user-assigned; "
        "Somaliland is part of SOM, Northern Cyprus of CYP, Ashmore and Cartier Is. of AUS; "
        "Natural Earth's Indian Ocean Ter. is split into CXR and CCK"
    ),
}


def write_asset(countries: dict[str, dict], output: Path, source: str) -> None:
    """Write the asset compactly, one country a line so a rebuild gives a readable diff."""
    header = {
        "format": 1,
        "source": source,
        "licence": (
            "Natural Earth data is in the public domain; world-atlas is ISC-licensed "
            "(c) Michael Bostock. See LICENCE.md next to this file."
        ),
        "built_by": "python tools/build_map.py",
        "fields": FORMAT_NOTES,
    }
    lines = [json.dumps(header, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"countries":{']
    records = [
        f"{json.dumps(iso3)}:{json.dumps(record, ensure_ascii=False, separators=(',', ':'))}"
        for iso3, record in sorted(countries.items())
    ]
    lines.append(",\n".join(records))
    lines.append("}}\n")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("\n".join(lines), encoding="utf-8")


def check_asset(countries: dict[str, dict]) -> None:
    """Fail the build when a ring is open, too short, jumps across the map or a label is outside."""
    for iso3, record in countries.items():
        for polygon in record["polygons"]:
            for ring in map(np.asarray, polygon):
                if len(ring) < 4 or not np.array_equal(ring[0], ring[-1]):
                    raise ValueError(f"{iso3}: ring not closed or too short")
                if np.abs(ring[:, 0]).max() > 180.0 or np.abs(np.diff(ring[:, 0])).max() >= 180.0:
                    raise ValueError(f"{iso3}: ring jumps across the antimeridian")
        largest = max(
            ([np.asarray(ring) for ring in polygon] for polygon in record["polygons"]),
            key=polygon_area,
        )
        if outline_distance(np.asarray(record["label"]), largest) < 0.0:
            raise ValueError(f"{iso3}: label outside its largest polygon")


def crossing_countries(parts: dict[str, CountryParts], raw: list[np.ndarray]) -> list[str]:
    """Countries with a source ring that jumps across the antimeridian (reported by the build)."""
    crossing = []
    for iso3, country in sorted(parts.items()):
        rings = (ring_points(ring, raw) for polygon in country.polygons for ring in polygon)
        if any(np.abs(np.diff(ring[:, 0])).max() > 180.0 for ring in rings):
            crossing.append(iso3)
    return crossing


def build(source: Path, output: Path, tolerance: float) -> dict[str, dict]:
    """Run every step from the TopoJSON file to the written asset; return the records."""
    topology = json.loads(source.read_text(encoding="utf-8"))
    quantised = decode_arcs(topology)
    raw = [to_degrees(arc, topology) for arc in quantised]
    simplified = [simplify_line(arc, tolerance) for arc in raw]
    parts = group_features(topology["objects"]["countries"]["geometries"], raw)
    countries = {}
    for iso3, country in parts.items():
        record = build_country(country, quantised, raw, simplified, tolerance)
        if record is not None:
            countries[iso3] = record
    if len(countries) < len(parts):
        print(f"no polygon left, not written: {', '.join(sorted(set(parts) - set(countries)))}")
    check_asset(countries)
    write_asset(countries, output, source_description(source))
    print(f"cut at the antimeridian: {', '.join(crossing_countries(parts, raw))}")
    return countries


def main(argv: list[str] | None = None) -> int:
    """Command line: build the asset and print a short summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--tolerance", type=float, default=TOLERANCE_DEGREES)
    arguments = parser.parse_args(argv)
    if not arguments.source.exists():
        print(f"{arguments.source} not found; npm install --prefix /tmp/worldatlas world-atlas")
        return 1
    countries = build(arguments.source, arguments.output, arguments.tolerance)
    points = sum(len(r) for c in countries.values() for p in c["polygons"] for r in p)
    size = arguments.output.stat().st_size
    print(f"{len(countries)} countries, {points} points, {size / 1e6:.2f} MB -> {arguments.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
