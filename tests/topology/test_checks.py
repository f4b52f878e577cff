"""The pure topology checks on the hand-made scene (tests/topology/scene.py): which findings, exact areas
and distances in metres, where each is, and the Chinese message naming the features."""
from __future__ import annotations

import pytest
import shapely
from shapely.geometry import Point, box

from gis import topology
from tests.topology.scene import V1, V2, lonlat, metres, scene


@pytest.fixture(scope="module")
def result():
    return topology.check(scene())


def of(result, kind):
    return [f for f in result.findings if f.kind == kind]


def test_counts_of_each_kind(result):
    assert result.counts() == {"invalid": 1, "duplicate_code": 2, "gap": 3, "overlap": 1, "outside_village": 1,
                               "site_outside": 1, "dangling_end": 1}
    assert set(result.timings) == set(topology.KINDS)
    assert not result.clean


def test_gap_between_grids_is_measured_and_closes_into_the_longest_border(result):
    gap = next(f for f in of(result, "gap") if f.id == V1)
    assert gap.layer == "villages" and gap.other_id == 12
    assert gap.area_m2 == pytest.approx(4000.0, abs=0.01)
    assert metres(gap.geometry).equals_exact(box(500, 600, 510, 1000).normalize(), 1e-3) or \
        metres(gap.geometry).symmetric_difference(box(500, 600, 510, 1000)).area < 0.01
    assert "甲村" in gap.message and "4000.0 m²" in gap.message and "甲村第2网格" in gap.message


def test_bow_tie_leaves_two_gaps_and_is_invalid_where_it_crosses(result):
    gaps = sorted((f for f in of(result, "gap") if f.id == V2), key=lambda f: shapely.centroid(f.geometry).y)
    # drawn as two diagonals straight in lon/lat (not densified): they bow a few cm off the metric diagonals
    # and cross 4 cm south of (2500, 500) m; the two triangles still make up the half of the village
    assert sum(f.area_m2 for f in gaps) == pytest.approx(500000.0, abs=0.01)
    assert [f.area_m2 for f in gaps] == [pytest.approx(250000.0, abs=30), pytest.approx(250000.0, abs=30)]
    bad, = of(result, "invalid")
    assert (bad.layer, bad.id) == ("grids", 21)
    p = metres(bad.geometry)
    assert (p.x, p.y) == (pytest.approx(2500, abs=0.001), pytest.approx(499.96, abs=0.001))
    assert "乙村第1网格" in bad.message and "自相交" in bad.message


def test_overlap_is_the_intersection_of_the_pair(result):
    o, = of(result, "overlap")
    assert (o.layer, o.id, o.other_id) == ("grids", 13, 14)
    assert o.area_m2 == pytest.approx(5000.0, abs=0.01)
    assert metres(o.geometry).symmetric_difference(box(490, 0, 500, 500)).area < 0.01
    assert "甲村第3网格" in o.message and "甲村第4网格" in o.message and "5000.0 m²" in o.message


def test_grid_outside_its_village(result):
    out, = of(result, "outside_village")
    assert (out.id, out.other_id) == (11, V1)
    assert out.area_m2 == pytest.approx(15000.0, abs=0.01)
    assert metres(out.geometry).symmetric_difference(box(0, 1000, 500, 1030)).area < 0.01
    assert "超出" in out.message and "甲村" in out.message


def test_site_outside_any_grid(result):
    s, = of(result, "site_outside")
    assert (s.layer, s.id) == ("sites", 32)
    assert s.distance_m == pytest.approx(100.0, abs=0.01)
    assert "界外仓库" in s.message and "100.0 m" in s.message


def test_duplicate_codes_name_both_features(result):
    d = {(f.layer, f.id, f.other_id) for f in of(result, "duplicate_code")}
    assert d == {("grids", 21, 11), ("sites", 32, 31)}
    grid = next(f for f in of(result, "duplicate_code") if f.layer == "grids")
    assert "410411003001001" in grid.message and "乙村第1网格" in grid.message and "甲村第1网格" in grid.message


def test_dangling_end_stops_short_and_lone_lines_do_not_count(result):
    e, = of(result, "dangling_end")
    assert (e.layer, e.id, e.other_id) == ("pipelines", 42, 41)
    assert e.distance_m == pytest.approx(5.0, abs=0.01)
    p = metres(e.geometry)
    assert (p.x, p.y) == (pytest.approx(300, abs=0.01), pytest.approx(805, abs=0.01))
    assert "二号管" in e.message and "起点" in e.message and "一号管" in e.message


def test_every_free_end_with_a_wide_search():
    """search_m = infinity: every end touching nothing counts, as QGIS's 'must not have dangles' would;
    the lone pipeline 4 has no other line at any distance... no: the others are within reach, so its ends
    count too — which is why the default searches 10 m only."""
    r = topology.check(scene(), topology.Options(search_m=1e9))
    ends = {(f.id, round(metres(f.geometry).x), round(metres(f.geometry).y)) for f in of(r, "dangling_end")}
    assert ends == {(41, 0, 800), (41, 1000, 800), (42, 300, 805), (42, 300, 1200), (43, 700, 400),
                    (44, 5000, 0), (44, 6000, 0)}


def test_clean_tiling_has_no_findings():
    from gis.topology import Features, Topology
    village = Features([1], [lonlat(box(0, 0, 1000, 1000))], codes=["410411003001"], names=["甲村"])
    quarters = [box(0, 0, 500, 500), box(500, 0, 1000, 500), box(0, 500, 500, 1000), box(500, 500, 1000, 1000)]
    grids = Features([1, 2, 3, 4], [lonlat(q) for q in quarters], codes=[f"410411003001{i:03d}" for i in range(1, 5)],
                     names=list("ABCD"), parents=[1] * 4, kinds=["comprehensive"] * 4)
    sites = Features([1], [lonlat(Point(500, 500))], codes=[None], names=["角上"])   # on the shared corner
    r = topology.check(Topology(village, grids, sites, {}))
    assert r.clean, r.findings


def test_as_dict_gives_wkt_in_lonlat(result):
    d = next(f for f in of(result, "overlap")).as_dict()
    assert {"kind", "layer", "id", "other_id", "area_m2", "message", "wkt"} <= set(d)
    assert d["wkt"].startswith("POLYGON") and shapely.from_wkt(d["wkt"]).bounds[0] > 113.9


def test_default_area_is_the_grid_rules_tolerance():
    from gis import grids
    assert topology.Options().min_area_m2 == topology.MIN_AREA_M2 == grids.AREA_TOLERANCE_M2
