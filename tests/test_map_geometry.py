"""The map asset and the view arithmetic of game.ui.map_geometry."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.ui.map_geometry import (
    MIN_LONGITUDE_SPAN,
    WORLD,
    CountryShape,
    MapView,
    load_countries,
    panned,
    project,
    unproject,
    zoomed,
)

REQUIRED = ["IDN", "JPN", "CHN", "KOR", "MYS", "SGP", "THA", "TLS", "RUS", "FJI", "USA"]
TINY_STATES = ["SGP", "BHR", "MLT", "VAT", "MCO", "NRU"]


def signed_area(ring: np.ndarray) -> float:
    """Shoelace area, positive for counter-clockwise rings (latitude up)."""
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))


def inside(point: tuple[float, float], ring: np.ndarray) -> bool:
    """Even-odd ray casting."""
    x, y = point
    x0, y0, x1, y1 = ring[:-1, 0], ring[:-1, 1], ring[1:, 0], ring[1:, 1]
    crosses = (y0 > y) != (y1 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
    return bool(np.count_nonzero(crosses & (x < at)) % 2)


def all_rings(countries: dict[str, CountryShape]):
    for iso3, shape in countries.items():
        for polygon in shape.polygons:
            for ring in polygon:
                yield iso3, ring


@pytest.fixture(scope="module")
def countries() -> dict[str, CountryShape]:
    return load_countries()


# --- the asset ---------------------------------------------------------------------------------


def test_asset_has_the_countries_of_the_game(countries):
    assert len(countries) >= 170
    assert set(REQUIRED) <= set(countries)
    assert countries["IDN"].name == "Indonesia"
    assert all(shape.iso3 == iso3 for iso3, shape in countries.items())
    assert all(len(iso3) == 3 and iso3.isupper() for iso3 in countries)


def test_features_without_an_iso_number_are_placed(countries):
    assert countries["XKX"].name == "Kosovo"
    assert countries["SOM"].name == "Somalia"  # Somaliland merged in
    assert countries["CYP"].name == "Cyprus"  # Northern Cyprus merged in
    # merged without their old border: one polygon each, reaching into the merged parts
    assert len(countries["SOM"].polygons) == 1
    assert countries["SOM"].bbox[3] > 11.0  # Somaliland's north coast
    assert len(countries["CYP"].polygons) == 1
    assert countries["CYP"].bbox[2] > 34.5  # the Karpas peninsula's tip


def test_every_ring_is_closed_and_oriented(countries):
    for iso3, shape in countries.items():
        for polygon in shape.polygons:
            exterior, *holes = polygon
            for ring in polygon:
                assert ring.ndim == 2 and ring.shape[1] == 2 and len(ring) >= 4, iso3
                assert np.array_equal(ring[0], ring[-1]), iso3
                assert len(np.unique(ring, axis=0)) >= 3, iso3
            assert signed_area(exterior) > 0.0, iso3
            assert all(signed_area(hole) < 0.0 for hole in holes), iso3


def test_no_ring_jumps_across_the_antimeridian(countries):
    for iso3, ring in all_rings(countries):
        assert np.all(np.abs(ring[:, 0]) <= 180.0), iso3
        assert np.all(np.abs(ring[:, 1]) <= 90.0), iso3
        assert np.abs(np.diff(ring[:, 0])).max() < 180.0, iso3


@pytest.mark.parametrize("iso3", ["RUS", "FJI", "USA", "KIR"])
def test_countries_on_the_antimeridian_keep_both_sides(countries, iso3):
    points = np.vstack([polygon[0] for polygon in countries[iso3].polygons])
    assert points[:, 0].max() > 170.0
    assert points[:, 0].min() < -170.0


def test_russia_is_cut_not_dropped_at_the_antimeridian(countries):
    """Chukotka reaches past 180 degrees: its eastern tip is a piece at the map's west edge."""
    russia = countries["RUS"]
    east_tip = [p[0] for p in russia.polygons if p[0][:, 0].max() < -160.0]
    assert east_tip, "Chukotka's part east of 180 degrees is missing"
    assert any(np.any(ring[:, 0] == -180.0) for ring in east_tip)
    assert any(np.any(p[0][:, 0] == 180.0) for p in russia.polygons)


def test_area_matches_the_polygons(countries):
    for iso3, shape in countries.items():
        area = sum(
            signed_area(polygon[0]) + sum(signed_area(hole) for hole in polygon[1:])
            for polygon in shape.polygons
        )
        assert area == pytest.approx(shape.area, abs=1e-3), iso3


def test_areas_rank_as_expected(countries):
    area = {iso3: shape.area for iso3, shape in countries.items()}
    assert area["RUS"] > area["CHN"] > area["IDN"] > area["JPN"] > area["KOR"] > area["SGP"]


def test_tiny_states_are_small_polygons_with_a_label(countries):
    for iso3 in TINY_STATES:
        shape = countries[iso3]
        assert 0.0 < shape.area < 0.1, iso3
        lon_min, lat_min, lon_max, lat_max = shape.bbox
        assert lon_min <= shape.label[0] <= lon_max, iso3
        assert lat_min <= shape.label[1] <= lat_max, iso3


def test_singapore_is_tiny_and_in_place(countries):
    singapore = countries["SGP"]
    assert singapore.area < 0.05
    assert singapore.bbox == pytest.approx((103.65, 1.27, 104.0, 1.45), abs=0.05)
    assert inside(singapore.label, singapore.polygons[0][0])


def test_labels_lie_inside_their_country(countries):
    for iso3, shape in countries.items():
        assert any(
            inside(shape.label, polygon[0]) and not any(inside(shape.label, h) for h in polygon[1:])
            for polygon in shape.polygons
        ), iso3


def test_bbox_covers_the_polygons(countries):
    for iso3, shape in countries.items():
        points = np.vstack([polygon[0] for polygon in shape.polygons])
        assert tuple(points.min(axis=0)) == pytest.approx(shape.bbox[:2]), iso3
        assert tuple(points.max(axis=0)) == pytest.approx(shape.bbox[2:]), iso3


def test_asset_stays_compact():
    from game.ui.map_geometry import ASSET_PATH

    assert ASSET_PATH.stat().st_size < 1_500_000


# --- loading -----------------------------------------------------------------------------------


def test_loading_is_cached_but_callers_get_their_own_dict(countries):
    again = load_countries()
    assert again is not countries
    assert again["IDN"] is countries["IDN"]  # parsed once
    again.pop("IDN")
    assert "IDN" in load_countries()


def test_shared_rings_are_read_only(countries):
    ring = countries["IDN"].polygons[0][0]
    with pytest.raises(ValueError):
        ring[0, 0] = 0.0


def test_load_from_a_path(tmp_path: Path):
    asset = {
        "format": 1,
        "countries": {
            "AAA": {
                "name": "Square",
                "polygons": [[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]],
                "bbox": [0, 0, 1, 1],
                "label": [0.5, 0.5],
                "area": 1.0,
            }
        },
    }
    path = tmp_path / "map.json"
    path.write_text(json.dumps(asset))
    square = load_countries(path)["AAA"]
    assert square.name == "Square"
    assert square.polygons[0][0].shape == (5, 2)
    assert square.bbox == (0.0, 0.0, 1.0, 1.0)
    assert square.label == (0.5, 0.5)


def test_load_rejects_another_format(tmp_path: Path):
    path = tmp_path / "map.json"
    path.write_text(json.dumps({"format": 2, "countries": {}}))
    with pytest.raises(ValueError, match="format"):
        load_countries(path)


def test_load_rejects_a_malformed_ring(tmp_path: Path):
    record = {"name": "X", "polygons": [[[[0, 0], [1, 0]]]], "bbox": [0, 0, 1, 0], "label": [0, 0]}
    path = tmp_path / "map.json"
    path.write_text(json.dumps({"format": 1, "countries": {"XXX": {**record, "area": 0}}}))
    with pytest.raises(ValueError, match="XXX"):
        load_countries(path)


def test_module_does_not_import_pygame():
    code = "import sys, game.ui.map_geometry; sys.exit('pygame' in sys.modules)"
    root = Path(__file__).resolve().parents[1]
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0


# --- projection --------------------------------------------------------------------------------

ASIA = MapView(90.0, 150.0, -15.0, 15.0)


@pytest.mark.parametrize("view", [WORLD, ASIA])
def test_projection_maps_the_view_corners_to_the_screen_corners(view):
    corners = np.array(
        [
            [view.longitude_min, view.latitude_max],  # north-west: top left
            [view.longitude_max, view.latitude_max],  # north-east: top right
            [view.longitude_min, view.latitude_min],  # south-west: bottom left
            [view.longitude_max, view.latitude_min],  # south-east: bottom right
        ]
    )
    screen = project(corners, view, 1280, 640)
    assert screen == pytest.approx(np.array([[0, 0], [1280, 0], [0, 640], [1280, 640]]))


def test_projection_is_monotonic():
    longitudes = np.linspace(-180, 180, 50)
    latitudes = np.linspace(-90, 90, 50)
    along_equator = project(np.column_stack([longitudes, np.zeros(50)]), WORLD, 1280, 640)
    along_meridian = project(np.column_stack([np.zeros(50), latitudes]), WORLD, 1280, 640)
    assert np.all(np.diff(along_equator[:, 0]) > 0)  # east is right
    assert np.all(along_equator[:, 1] == 320.0)
    assert np.all(np.diff(along_meridian[:, 1]) < 0)  # north is up
    assert np.all(along_meridian[:, 0] == 640.0)


def test_projection_keeps_the_input_shape():
    assert project(np.array([0.0, 0.0]), WORLD, 1280, 640) == pytest.approx([640.0, 320.0])
    assert project(np.zeros((3, 4, 2)), WORLD, 100, 50).shape == (3, 4, 2)


def test_unproject_inverts_project():
    lonlat = np.array([[106.8, -6.2], [139.7, 35.7], [-74.0, 40.7]])
    screen = project(lonlat, ASIA, 1024, 512)
    assert unproject(screen, ASIA, 1024, 512) == pytest.approx(lonlat)


def test_map_view_rejects_empty_bounds():
    with pytest.raises(ValueError):
        MapView(10.0, 10.0, 0.0, 1.0)
    with pytest.raises(ValueError):
        MapView(0.0, 1.0, 5.0, -5.0)


# --- zoom and pan ------------------------------------------------------------------------------


def assert_inside_world(view: MapView) -> None:
    assert view.longitude_min >= WORLD.longitude_min - 1e-9
    assert view.longitude_max <= WORLD.longitude_max + 1e-9
    assert view.latitude_min >= WORLD.latitude_min - 1e-9
    assert view.latitude_max <= WORLD.latitude_max + 1e-9


def aspect(view: MapView) -> float:
    return view.longitude_span / view.latitude_span


def test_zoom_in_around_the_centre_halves_the_spans():
    view = zoomed(WORLD, 2.0, WORLD.centre)
    assert (view.longitude_span, view.latitude_span) == pytest.approx((180.0, 90.0))
    assert view.centre == pytest.approx(WORLD.centre)


def test_zoom_keeps_the_anchor_in_place_on_screen():
    jakarta = np.array([106.8, -6.2])
    before = project(jakarta, ASIA, 1280, 640)
    view = zoomed(ASIA, 3.0, tuple(jakarta))
    assert project(jakarta, view, 1280, 640) == pytest.approx(before)
    assert view.longitude_span == pytest.approx(ASIA.longitude_span / 3.0)


def test_zoom_out_stops_at_the_world():
    assert zoomed(ASIA, 0.001, ASIA.centre) == WORLD
    assert zoomed(WORLD, 0.5, (170.0, 80.0)) == WORLD


def test_zoom_in_stops_at_the_narrowest_view():
    view = zoomed(ASIA, 1e6, (103.8, 1.35))
    assert view.longitude_span == pytest.approx(MIN_LONGITUDE_SPAN)
    assert aspect(view) == pytest.approx(aspect(ASIA))
    assert view.longitude_min < 103.8 < view.longitude_max


def test_zoom_near_the_edge_stays_in_the_world():
    view = zoomed(zoomed(WORLD, 4.0, (179.0, 89.0)), 0.6, (-179.0, -89.0))
    assert_inside_world(view)
    assert aspect(view) == pytest.approx(2.0)


def test_zoom_rejects_a_non_positive_factor():
    with pytest.raises(ValueError):
        zoomed(WORLD, 0.0, WORLD.centre)


def test_pan_moves_the_view():
    view = panned(ASIA, 10.0, -5.0)
    assert view == MapView(100.0, 160.0, -20.0, 10.0)


def test_pan_stops_at_the_edges_of_the_world():
    east = panned(ASIA, 1000.0, 0.0)
    assert east.longitude_max == 180.0
    assert east.longitude_span == pytest.approx(ASIA.longitude_span)
    south = panned(ASIA, 0.0, -1000.0)
    assert south.latitude_min == -90.0
    assert south.latitude_span == pytest.approx(ASIA.latitude_span)
    assert panned(WORLD, 45.0, 30.0) == WORLD


def test_a_view_larger_than_the_world_is_centred():
    wide = MapView(-200.0, 200.0, -100.0, 100.0)
    assert panned(wide, 50.0, 50.0).centre == pytest.approx((0.0, 0.0))


@given(
    steps=st.lists(
        st.one_of(
            st.tuples(
                st.just("zoom"),
                st.floats(0.05, 20.0),
                st.floats(-180.0, 180.0),
                st.floats(-90.0, 90.0),
            ),
            st.tuples(
                st.just("pan"),
                st.floats(-400.0, 400.0),
                st.floats(-200.0, 200.0),
                st.just(0.0),
            ),
        ),
        max_size=12,
    )
)
def test_any_zoom_and_pan_keeps_the_view_in_the_world_and_its_aspect(steps):
    view = WORLD
    for kind, a, b, c in steps:
        view = zoomed(view, a, (b, c)) if kind == "zoom" else panned(view, a, b)
        assert_inside_world(view)
        assert aspect(view) == pytest.approx(aspect(WORLD))
        assert view.longitude_span >= MIN_LONGITUDE_SPAN - 1e-9
