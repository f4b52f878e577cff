"""Patrol routes on the map: a line through an assignment's stops in visiting order."""
from __future__ import annotations

from datetime import date, datetime

import shapely

from desktop.render import LayerStack
from desktop.views.map.identify_panel import describe
from gis import layers
from gis.layers import patrol_routes
from gis.model import PatrolAssignment, PatrolStop


def test_route_through_the_stops_in_order(world_project, qapp):
    names = world_project.names
    with world_project.transaction() as s:
        a = PatrolAssignment(grid_id=names["grids"]["410411003001003"], person_id=1, planned_on=date(2026, 11, 23),
                             status="planned")
        s.add(a)
        s.flush()
        s.add_all([
            PatrolStop(assignment_id=a.id, seq=1, site_id=names["sites"]["荆山小学"]),
            PatrolStop(assignment_id=a.id, seq=2, site_id=names["sites"]["鑫源机械加工厂"],
                       visited_at=datetime(2026, 11, 23, 9, 5), result="ok"),
            PatrolStop(assignment_id=a.id, seq=3, site_id=names["sites"]["老王家常菜馆"]),
        ])
        lone = PatrolAssignment(grid_id=a.grid_id, person_id=1, planned_on=date(2026, 11, 24))
        s.add(lone)
        s.flush()
        s.add(PatrolStop(assignment_id=lone.id, seq=1, site_id=names["sites"]["荆山小学"]))
        aid = a.id
    routes = patrol_routes(world_project)
    assert list(routes.ids) == [aid]                      # one stop makes no route
    assert shapely.get_coordinates(routes.geoms[0]).tolist() == [[113.33, 33.63], [113.22, 33.62], [113.28, 33.68]]
    assert routes.attrs["person"].iloc[0] == "王建国" and routes.attrs["stops"].iloc[0] == 3

    data = layers.load_all(world_project)
    assert list(data["patrol_routes"].ids) == [aid]
    stack = LayerStack.from_layers(data)
    assert stack.layer("patrol_routes").group == "巡查路线" and len(stack.layer("patrol_routes").drawn()) == 1
    with world_project.session() as s:
        d = describe(s, stack, "patrol_routes", 0)
    assert d.kind == "巡查任务" and d.name == "王建国"
    assert dict(d.attributes)["任务状态"] == "已计划"
    assert d.patrols == [("1. 荆山小学", "未到"), ("2. 鑫源机械加工厂", "11-23 09:05 正常"), ("3. 老王家常菜馆", "未到")]
    assert d.grid.startswith("410411003001003")


def test_no_patrols_no_routes(world_project):
    assert len(patrol_routes(world_project)) == 0
