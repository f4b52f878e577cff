"""Loading the map of one part of a project (a county of a province database): every layer, patrol routes
included, comes only from what the spatial index finds in the box."""
from __future__ import annotations

from datetime import date

import shapely
from shapely.geometry import LineString

from gis import layers
from gis.model import PatrolAssignment, PatrolStop
from tests import smallworld

NEAR_SCHOOL = (113.32, 33.62, 113.34, 33.64)      # only 荆山小学 (113.33, 33.63)
FAR_AWAY = (114.0, 34.0, 114.1, 34.1)             # nothing of the small world


def test_patrol_routes_come_from_the_box(new_project):
    with new_project.transaction() as s:
        built = smallworld.build(s)
        sites = {site.name: site.id for site in built["sites"]}
        grid = next(iter(built["grids"].values()))
        through = PatrolAssignment(grid_id=grid.id, person_id=1, planned_on=date(2026, 11, 23))
        elsewhere = PatrolAssignment(grid_id=grid.id, person_id=1, planned_on=date(2026, 11, 24))
        routed = PatrolAssignment(grid_id=grid.id, person_id=1, planned_on=date(2026, 11, 25),
                                  route=LineString([(113.21, 33.61), (113.33, 33.625), (113.22, 33.62)]))
        s.add_all([through, elsewhere, routed])
        s.flush()
        s.add_all([
            PatrolStop(assignment_id=through.id, seq=1, site_id=sites["鑫源机械加工厂"]),
            PatrolStop(assignment_id=through.id, seq=2, site_id=sites["荆山小学"]),
            PatrolStop(assignment_id=elsewhere.id, seq=1, site_id=sites["鑫源机械加工厂"]),
            PatrolStop(assignment_id=elsewhere.id, seq=2, site_id=sites["老王家常菜馆"]),
            # its stops are outside the box, its planned route runs through it
            PatrolStop(assignment_id=routed.id, seq=1, site_id=sites["鑫源机械加工厂"]),
            PatrolStop(assignment_id=routed.id, seq=2, site_id=sites["老王家常菜馆"]),
        ])
        ids = (through.id, elsewhere.id, routed.id)

    assert list(layers.patrol_routes(new_project).ids) == list(ids)
    near = layers.patrol_routes(new_project, box=NEAR_SCHOOL)
    assert list(near.ids) == [ids[0], ids[2]]
    assert near.attrs["stops"].tolist() == [2, 2]                  # the whole route, not just the stop in the box
    assert len(layers.patrol_routes(new_project, box=FAR_AWAY)) == 0

    far = layers.load_all(new_project, box=FAR_AWAY)
    assert {name: len(layer) for name, layer in far.items() if len(layer)} == {}
    assert list(layers.load_all(new_project, ["patrol_routes"], box=NEAR_SCHOOL)["patrol_routes"].ids) == \
        [ids[0], ids[2]]


def test_every_layer_in_a_box_is_the_features_whose_extent_meets_it(new_project):
    with new_project.transaction() as s:
        smallworld.build(s)
    west = (113.19, 33.59, 113.29, 33.71)        # 张庄村 and what lies in it
    for name in layers.LAYERS:
        whole = layers.load_layer(new_project, name)
        inside = layers.load_layer(new_project, name, box=west)
        meets = shapely.intersects(shapely.envelope(whole.geoms), shapely.box(*west))
        assert inside.ids.tolist() == whole.ids[meets].tolist(), name
        assert all(a.equals(b) for a, b in zip(inside.geoms, whole.geoms[meets], strict=True)), name
    hazards = layers.load_layer(new_project, "hazards")
    assert len(hazards) and 0 < len(layers.load_layer(new_project, "hazards", box=west)) < len(hazards)
