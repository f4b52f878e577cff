"""Routing on a small hand-made road network: the graph, snapping, paths along roads, fallbacks."""
import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point

from gis.geo.crs import to_projected
from gis.patrols.routing import RoadNetwork, measure_crs, plan_route

CRS = measure_crs([113.3])
# a ladder: two long streets joined by three rungs; the middle rung stops 4 m short of the north street
SOUTH = LineString([(113.30, 33.60), (113.32, 33.60)])
NORTH = LineString([(113.30, 33.61), (113.32, 33.61)])
RUNGS = [LineString([(113.30, 33.60), (113.30, 33.61)]),
         LineString([(113.31, 33.60), (113.31, 33.60996)]),
         LineString([(113.32, 33.60), (113.32, 33.61)])]
ROADS = [SOUTH, NORTH, *RUNGS]


def net(tolerance=10.0):
    return RoadNetwork.build(ROADS, CRS, tolerance)


def test_graph_nodes_split_crossings_and_join_dangles():
    n = net()
    assert len(n.nodes) == 6     # the ladder's corners and the two rung ends in the middle
    assert len(n.edge_u) == 7    # each street split in two by the middle rung, plus three rungs
    assert CRS == "EPSG:4547"
    assert sorted(np.bincount(np.concatenate([n.edge_u, n.edge_v]))) == [2, 2, 2, 2, 3, 3]
    loose = RoadNetwork.build(ROADS, CRS, tolerance_m=1.0)   # the 4 m gap is not joined at 1 m
    assert len(loose.edge_u) == 6   # the north street stays whole, the middle rung dangles
    assert sorted(np.bincount(np.concatenate([loose.edge_u, loose.edge_v]))) == [1, 2, 2, 2, 2, 3]


def test_route_follows_roads():
    stops = [(113.3101, 33.6095), (113.3198, 33.6050)]   # 9 m and 18 m off the rungs
    r = plan_route((113.3005, 33.6001), stops, network=net())
    on_road = shapely.buffer(shapely.union_all(to_projected(np.array(ROADS))), 25)
    assert on_road.covers(to_projected(r.geom))
    straight = plan_route((113.3005, 33.6001), stops)
    assert not on_road.covers(to_projected(straight.geom))
    assert r.length_m > straight.length_m
    assert r.geom.coords[0] == pytest.approx(r.geom.coords[-1])   # back to the start
    assert shapely.length(to_projected(r.geom)) == pytest.approx(r.length_m, rel=1e-3)


def test_path_takes_the_short_way_round():
    # from the south-west corner to a point on the middle rung: along the south street, then up
    r = plan_route((113.30, 33.60), [(113.31, 33.605)], network=net())
    one_way = r.length_m / 2
    expected = shapely.length(to_projected(LineString([(113.30, 33.60), (113.31, 33.60), (113.31, 33.605)])))
    assert one_way == pytest.approx(expected, rel=1e-3)


def test_stops_on_the_same_road_are_direct():
    r = plan_route((113.302, 33.60), [(113.304, 33.60), (113.306, 33.60)], network=net())
    expected = 2 * shapely.length(to_projected(LineString([(113.302, 33.60), (113.306, 33.60)])))
    assert r.length_m == pytest.approx(expected, rel=1e-3)
    assert r.order == [0, 1] or r.order == [1, 0]


def test_disconnected_road_piece_falls_back_to_straight_legs():
    island = LineString([(113.40, 33.70), (113.41, 33.70)])
    n = RoadNetwork.build([*ROADS, island], CRS)
    r = plan_route((113.30, 33.60), [(113.405, 33.70)], network=n)
    straight = plan_route((113.30, 33.60), [(113.405, 33.70)])
    assert r.length_m == pytest.approx(straight.length_m, rel=1e-6)


def test_straight_line_order_is_the_obvious_loop():
    stops = [(113.31, 33.61), (113.30, 33.61), (113.31, 33.60)]
    r = plan_route((113.30, 33.60), stops)
    assert r.order in ([2, 0, 1], [1, 0, 2])
    assert r.geom.coords[0] == pytest.approx((113.30, 33.60))
    assert Point(r.geom.coords[1]).equals_exact(Point(stops[r.order[0]]), 1e-9)
