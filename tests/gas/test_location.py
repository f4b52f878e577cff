"""Location class (地区等级) along pipelines (gis.gas.location): hand-made scenes with known building counts.

Drawn in local metres (EPSG:4547, tests.gas.test_analysis.geo) and stored as lon/lat; buildings are small
squares (or points) at known distances from the centreline.
"""
from __future__ import annotations

import itertools

import numpy as np
import pytest
import shapely
import shapely.ops

from gis.gas.location import dwellings, location_classes, location_rules
from tests.gas.test_analysis import LOCAL, RULES, geo

LR = location_rules(RULES)


def row(n: int, x0: float, y: float, gap: float = 10.0) -> list:
    """`n` 4 m squares in a row along x from x0, their near side `y` m north of the centreline."""
    return [geo(shapely.box(x0 + i * gap, y, x0 + i * gap + 4, y + 4)) for i in range(n)]


def pipe(x0: float, x1: float, y: float = 0.0):
    return geo(shapely.LineString([(x0, y), (x1, y)]))


def run(pipes, buildings, **kw):
    return location_classes(RULES, np.array(pipes, dtype=object), np.array(buildings, dtype=object), crs=LOCAL, **kw)


def test_rules_are_read_from_the_file():
    assert (LR.window_m, LR.half_width_m, LR.step_m, LR.class1_max, LR.class3_min, LR.assembly_m) == \
        (1600, 200, 100, 12, 80, 90)
    assert LR.pieces_per_window == 16 and "school" in LR.assembly_categories


@pytest.mark.parametrize(("count", "expected"), [(0, 1), (12, 1), (13, 2), (79, 2), (80, 3)])
def test_building_counts_give_the_class_boundaries_inclusive(count, expected):
    # one 1.6 km pipeline = one window; buildings spread along it, each within 200 m
    got = run([pipe(0, 1600)], row(count, 10, 20, gap=1500 / max(count, 1)))
    assert got.window_count.tolist() == [count]
    assert got.stretch_class.tolist() == [expected] and got.stretch_length_m.sum() == pytest.approx(1600)
    assert list(got.bands) == [expected]


def test_a_building_counts_within_200_m_each_side_and_only_once():
    near = row(6, 100, 199.9) + row(6, 100, -203.9)          # near edges 199.9 m north and south
    far = row(5, 100, 200.1) + row(5, 100, -204.1)
    got = run([pipe(0, 1600)], near + far)
    assert got.window_count.tolist() == [12] and got.stretch_class.tolist() == [1]
    # one building across several pieces still counts once
    long_one = [geo(shapely.box(0, 5, 1600, 10))]
    assert run([pipe(0, 1600)], row(12, 10, 20) + long_one).window_count.tolist() == [13]


def test_dwelling_units_count_as_buildings():
    units = dwellings(LR, 5, attributes=[{"units": 40}, {"units": "40"}, {}, None, {"units": "x"}])
    assert units.tolist() == [40, 40, 1, 1, 1]
    # no units recorded: a residential building counts its storeys (one dwelling per storey at least)
    got = dwellings(LR, 4, attributes=[{}, {}, {"units": 12}, {}], storeys=[6, 6, 6, None],
                    uses=["residential", "commercial", "residential", "residential"])
    assert got.tolist() == [6, 1, 12, 1]
    got = run([pipe(0, 1600)], row(3, 10, 20), units=[40, 39, 1])
    assert got.window_count.tolist() == [80] and got.stretch_class.tolist() == [3]


def test_four_storey_buildings_predominating_in_a_dense_window_make_class_four():
    b = row(20, 10, 20, gap=60)
    units = [4] * 20                                              # 80 dwellings: dense enough for 三级
    half_tall = [5] * 10 + [2] * 10                               # share 0.5 ≥ the rules' 0.5
    assert run([pipe(0, 1600)], b, storeys=half_tall, units=units).stretch_class.tolist() == [4]
    fewer = [5] * 9 + [2] * 11
    assert run([pipe(0, 1600)], b, storeys=fewer, units=units).stretch_class.tolist() == [3]
    # not dense enough to be a town centre, however tall
    assert run([pipe(0, 1600)], b, storeys=[6] * 20, units=[3] * 20).stretch_class.tolist() == [2]


def _brute_force(length: float, houses_m: list) -> list[int]:
    """Per 100 m piece, the worst class of the windows containing it, one window and one building at a time."""
    line = shapely.LineString([(0, 0), (length, 0)])
    n_pieces = int(np.ceil(length / 100))
    starts = range(max(n_pieces - 16 + 1, 1))
    win = []
    for s in starts:
        w = shapely.ops.substring(line, s * 100, min(s * 100 + 1600, length))
        count = sum(w.distance(h) <= 200 for h in houses_m)
        win.append(1 if count <= 12 else 2 if count < 80 else 3)
    return [max(win[s] for s in starts if s <= k < s + 16) for k in range(n_pieces)]


def test_the_window_slides_and_each_stretch_takes_its_worst_window():
    # a 6 km pipeline, a village of 80 houses at x 4000–4794 beside it
    houses_m = [shapely.box(4000 + i * 10, 30, 4004 + i * 10, 34) for i in range(80)]
    got = run([pipe(0, 6000)], row(80, 4000, 30))
    assert got.window_count.max() == 80 and got.window_count.min() == 0
    assert got.stretch_class.tolist() == [1, 2, 3, 2]
    assert got.stretch_length_m.sum() == pytest.approx(6000)
    expected = _brute_force(6000, houses_m)
    assert [got.stretch_class[i] for i in range(4) for _ in range(round(got.stretch_length_m[i] / 100))] == expected
    # the bands: one per class, 200 m each side, not overlapping
    assert sorted(got.bands) == [1, 2, 3]
    assert shapely.intersection(got.bands[3], got.bands[2]).area < 1e-12
    assert got.bands[3].contains(geo(shapely.Point(4400, 150))) and not got.bands[3].contains(geo(shapely.Point(4400, 250)))


def test_an_assembly_place_within_90_m_makes_class_three():
    schools = np.array([geo(shapely.Point(800, 89.0)), geo(shapely.Point(800, -300))], dtype=object)
    got = run([pipe(0, 1600)], [], sites=schools, site_categories=["school", "school"])
    assert 3 in got.stretch_class.tolist() and 1 in got.stretch_class.tolist()
    three = got.stretch_geoms[got.stretch_class == 3][0]
    assert shapely.distance(three, geo(shapely.Point(800, 0))) < 1e-9
    assert got.stretch_length_m[got.stretch_class == 3].tolist() == [pytest.approx(200)]   # pieces 700–900 m
    shop = run([pipe(0, 1600)], [], sites=schools[:1], site_categories=["catering"])
    assert shop.stretch_class.tolist() == [1]


def test_multilines_and_several_pipelines_each_get_their_own_windows():
    multi = shapely.MultiLineString([shapely.get_coordinates(pipe(0, 1600)),
                                     shapely.get_coordinates(pipe(0, 1600, y=3000))])
    got = run([multi, pipe(0, 800, y=-3000)], row(13, 10, 3020))
    assert got.stretch_pipeline.tolist() == [0, 0, 1] and got.stretch_class.tolist() == [1, 2, 1]
    assert got.classes_of(0) == {1: pytest.approx(1600), 2: pytest.approx(1600)}
    assert run([], []).stretch_class.tolist() == []


def _piece_classes(got, pipelines) -> list[int]:
    """Class of each 100 m piece along `pipelines` (rows, in order), from the stretches."""
    out = []
    for p in pipelines:
        m = got.stretch_pipeline == p
        out += [c for c, length in zip(got.stretch_class[m], got.stretch_length_m[m], strict=True)
                for _ in range(round(length / 100))]
    return out


def test_a_main_cut_into_short_pipelines_is_classed_as_one_line():
    # the 6 km main of the sliding test imported valve to valve: 18 pipelines of 200, 300 and 500 m (cut on the
    # 100 m grid so the pieces line up with the brute force's), every third drawn backwards
    houses_m = [shapely.box(4000 + i * 10, 30, 4004 + i * 10, 34) for i in range(80)]
    ends = np.cumsum([0] + [200, 300, 500] * 6)
    cut = [pipe(x1, x0) if k % 3 == 0 else pipe(x0, x1) for k, (x0, x1) in enumerate(itertools.pairwise(ends))]
    got = run(cut, row(80, 4000, 30))
    along = [_piece_classes(got, [k]) for k in range(18)]
    along = [c for k, cs in enumerate(along) for c in (cs[::-1] if k % 3 == 0 else cs)]
    assert along == _brute_force(6000, houses_m)
    # each pipeline alone (chain_pipelines false) sees only its own 250 m: never more than 二级 here
    from dataclasses import replace

    alone = run(cut, row(80, 4000, 30), lrules=replace(LR, chain_pipelines=False))
    assert max(alone.stretch_class) == 2 and max(got.stretch_class) == 3


def test_routes_end_at_junctions_and_crossings_do_not_join():
    # a main 0–3200 m with a branch north from its end (three pipes meet there: the main, the continuation and
    # the branch) and a pipe crossing it at x 1000 (not joined: no shared end point)
    main = pipe(0, 1600)
    on = pipe(1600, 3200)
    branch = geo(shapely.LineString([(1600, 0), (1600, 1600)]))
    crossing = geo(shapely.LineString([(1000, -800), (1000, 800)]))
    houses = row(80, 2400, 30)                                   # beside the continuation only
    got = run([main, on, branch, crossing], houses)
    assert got.classes_of(1).get(3, 0) > 0
    # the junction ends the routes: the main's windows stop at 1600, so the village (800 m beyond) is out of reach
    assert got.classes_of(0) == {1: pytest.approx(1600)}
    assert len(set(got.window_route.tolist())) == 4
    # two pipes meeting end to end (and nothing else there) are one route
    joined = run([main, on], houses)
    assert len(set(joined.window_route.tolist())) == 1 and 3 in joined.classes_of(0)
