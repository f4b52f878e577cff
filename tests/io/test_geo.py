"""GCJ-02/BD-09 conversion against published reference pairs, round trips, and CRS proposals."""
from __future__ import annotations

import re

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString

from gis.geo import detect, webcoords

METRE_DEG = 1 / 111_320  # a metre in degrees of latitude

# wandergis/coordtransform and eviltransform published vectors: (wgs lon, lat) → (gcj lon, lat)
GCJ_PAIRS = [
    ((116.404, 39.915), (116.41024449916938, 39.91640428150164)),
    ((121.5272106, 31.1774276), (121.531541859215, 31.17530398364597)),
    ((113.912316, 22.543847), (113.9171764808363, 22.540796131694766)),
    ((116.377817, 39.911954), (116.38404722455657, 39.91334545536069)),
]
GCJ_TO_BD = ((116.404, 39.915), (116.41036949371029, 39.92133699351021))
WGS_TO_BD = ((116.404, 39.915), (116.41662724378733, 39.922699552216216))


@pytest.mark.parametrize(("wgs", "gcj"), GCJ_PAIRS)
def test_gcj_forward_matches_reference_and_inverse_is_within_a_metre(wgs, gcj):
    assert np.allclose(webcoords.wgs_to_gcj(*wgs), gcj, atol=1e-9)
    back = webcoords.gcj_to_wgs(*gcj)
    assert np.hypot(back[0] - wgs[0], back[1] - wgs[1]) < 0.01 * METRE_DEG


def test_bd09_reference_pairs():
    assert np.allclose(webcoords.gcj_to_bd(*GCJ_TO_BD[0]), GCJ_TO_BD[1], atol=1e-9)
    assert np.allclose(webcoords.wgs_to_bd(*WGS_TO_BD[0]), WGS_TO_BD[1], atol=1e-9)
    back = webcoords.bd_to_wgs(*WGS_TO_BD[1])
    assert np.hypot(back[0] - 116.404, back[1] - 39.915) < 0.01 * METRE_DEG


def test_round_trips_over_china_are_within_a_centimetre():
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(74, 134, 2000), rng.uniform(18, 53, 2000)
    for forward, inverse in ((webcoords.wgs_to_gcj, webcoords.gcj_to_wgs), (webcoords.wgs_to_bd, webcoords.bd_to_wgs)):
        x, y = inverse(*forward(lon, lat))
        assert np.max(np.hypot(x - lon, y - lat)) < 0.01 * METRE_DEG


def test_offset_is_hundreds_of_metres_inside_china_and_none_outside():
    x, y = webcoords.wgs_to_gcj(np.array([113.3, 2.35]), np.array([33.65, 48.85]))  # 平顶山, Paris
    assert 100 * METRE_DEG < np.hypot(x[0] - 113.3, y[0] - 33.65) < 1000 * METRE_DEG
    assert (x[1], y[1]) == (2.35, 48.85)


def test_geometries_convert_vertex_by_vertex():
    wgs = LineString([(113.2, 33.6), (113.3, 33.7)])
    gcj = shapely.transform(wgs, lambda xy: np.column_stack(webcoords.wgs_to_gcj(xy[:, 0], xy[:, 1])))
    back = webcoords.to_cgcs2000(gcj, "gcj02")
    assert shapely.hausdorff_distance(back, wgs) < 1e-8


@pytest.mark.parametrize(("bounds", "extent", "expected"), [
    ((113.1, 33.5, 113.4, 33.7), None, "EPSG:4490"),
    ((38_400_000, 3_700_000, 38_500_000, 3_800_000), None, "EPSG:4526"),  # 3° zone 38, number in easting
    ((19_600_000, 3_700_000, 19_700_000, 3_800_000), None, "EPSG:4497"),  # 6° zone 19
    ((400_000, 3_700_000, 450_000, 3_750_000), (113.2, 33.6, 113.4, 33.7), "EPSG:4547"),  # no zone: the project's
    ((12_600_000, 3_900_000, 12_700_000, 4_000_000), None, "EPSG:3857"),
])
def test_proposals_from_coordinate_ranges(bounds, extent, expected):
    p = detect.propose(bounds, extent)
    assert p is not None and p.crs == expected
    assert p.reason and p.why("zh") == p.reason
    assert p.why("en") and re.search(r"[\u4e00-\u9fff]", p.why("en")) is None   # the English window's reason


def test_no_proposal_for_numbers_that_fit_nothing():
    assert detect.propose((-5e8, -5e8, 5e8, 5e8)) is None


def test_descriptions_are_chinese_and_name_the_zone():
    assert "第38带" in detect.describe("EPSG:4526")
    assert "114°E" in detect.describe("EPSG:4547")
    assert detect.normalize("4526") == "EPSG:4526"
    with pytest.raises(ValueError, match="无法识别"):
        detect.normalize("EPSG:99999999")
