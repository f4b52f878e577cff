"""Line patrols: pipelines split by grid, due days by the line rules, plans per rule, the route follows the pipe,
results with the length patrolled and hazards found."""
from __future__ import annotations

from datetime import date

import pytest
import shapely
from sqlalchemy import select

from gis.errors import ValidationError
from gis.geo.crs import STORAGE, transform
from gis.model import Hazard, LineAsset, PatrolAssignment
from gis.patrols import lines
from gis.patrols.periods import parse_period
from gis.patrols.results import FoundHazard
from tests.patrols import line_scene
from tests.patrols.line_scene import A, B, C

DEC = parse_period("2026-12")


@pytest.fixture
def scene(new_project):
    with new_project.transaction() as s:
        w = line_scene.build(s)
    return new_project, w


def _by(net, name_id, grid):
    st = net.stretches
    rows = st[(st["line_id"] == name_id) & (st["grid_code"] == grid)]
    assert len(rows) == 1
    return int(rows.index[0])


def test_pipelines_are_split_by_grid_with_known_lengths(scene):
    project, w = scene
    p = w["pipes"]
    with project.session() as s:
        net = lines.load_network(s)
    st = net.stretches
    got = {(int(r.line_id), r.grid_code): round(r.length_m, 3) for r in st.itertuples()}
    assert got == {(p["main"], A): 900.0, (p["main"], B): 900.0, (p["yard"], A): 600.0, (p["north"], C): 800.0}
    assert round(net.pipes["length_m"].sum(), 3) == 900 + 900 + 600 + 800 + 500
    # the school is in the high-consequence area of the main's stretch in A only; the works is next to B's
    assert st.loc[_by(net, p["main"], A), "hca"] == ("Ⅰ",) and st.loc[_by(net, p["main"], B), "hca"] == ()
    assert net.works[["stretch", "level"]].values.tolist() == [[_by(net, p["main"], B), "warning"]]


def test_plan_counts_per_rule(scene):
    project, w = scene
    result = lines.plan(project, DEC)
    # main in A: HCA Ⅰ every 2 days → Dec 1, 3, … 31 (16); main in B: weekly Dec 1, 8, daily while the works is
    # active Dec 10–19 (10), then 7 days after the 19th → Dec 26 (1); the yard pipe: monthly, Dec 1 and 31
    assert result.by_rule == {"高后果区Ⅰ级": 16, "中压A": 3, "第三方施工（预警）": 10, "低压": 2}
    assert result.assignments == 31
    assert result.no_member == [C] and result.unplanned == 5        # 北支管 weekly in a grid with nobody
    assert round(result.outside_m, 3) == 500.0                       # 外环管 lies outside every grid
    assert round(result.length_m, 3) == 16 * 900 + 13 * 900 + 2 * 600
    with project.session() as s:
        rows = s.scalars(select(PatrolAssignment).where(PatrolAssignment.kind == "line")
                         .order_by(PatrolAssignment.planned_on, PatrolAssignment.id)).all()
        people_a = {a.person_id for a in rows if a.grid_id == w["grids"][A].id}
        people_b = {a.person_id for a in rows if a.grid_id == w["grids"][B].id}
        main_b = [a.planned_on.day for a in rows if a.line_id == w["pipes"]["main"] and a.grid_id == w["grids"][B].id]
    assert people_a == {w["people"][0].id, w["people"][1].id} and people_b == {w["people"][2].id}
    assert main_b == [1, 8, *range(10, 20), 26]


def test_dry_run_writes_nothing_and_replanning_keeps_done_patrols(scene):
    project, w = scene
    assert lines.plan(project, DEC, dry_run=True).assignments == 31
    with project.session() as s:
        assert s.scalar(select(PatrolAssignment.id).where(PatrolAssignment.kind == "line")) is None
    lines.plan(project, DEC)
    with project.transaction() as s:
        first = s.scalars(select(PatrolAssignment).where(PatrolAssignment.line_id == w["pipes"]["yard"])
                          .order_by(PatrolAssignment.planned_on)).first()
        lines.record_patrol(s, first.id, done_on=date(2026, 12, 1))
        done_id = first.id
    again = lines.plan(project, DEC)
    assert again.replaced == 30 and again.kept == 1 and again.assignments == 30
    with project.session() as s:
        assert s.get(PatrolAssignment, done_id).status == "done"
        assert len(s.scalars(select(PatrolAssignment).where(PatrolAssignment.kind == "line")).all()) == 31


def test_route_follows_the_pipe(scene):
    project, w = scene
    lines.plan(project, DEC)
    with project.session() as s:
        a = s.scalars(select(PatrolAssignment).where(PatrolAssignment.line_id == w["pipes"]["main"],
                                                     PatrolAssignment.grid_id == w["grids"][B].id)).first()
        pipe = s.get(LineAsset, w["pipes"]["main"]).geom
        route, length = a.route, a.route_length_m
        assert a.stops == [] and a.kind == "line"
    assert route.geom_type == "LineString" and length == 900.0
    r, p = transform(route, STORAGE, line_scene.CRS), transform(pipe, STORAGE, line_scene.CRS)
    # every vertex of the route lies on the pipe, and the route covers the pipe's part in grid B
    assert shapely.distance(shapely.points(shapely.get_coordinates(r)), p).max() < 1e-6
    assert abs(r.length - 900.0) < 1e-6


def test_recording_a_result_with_a_part_and_a_hazard(scene):
    project, w = scene
    lines.plan(project, DEC)
    with project.transaction() as s:
        a = s.scalars(select(PatrolAssignment).where(PatrolAssignment.line_id == w["pipes"]["main"])
                      .order_by(PatrolAssignment.id)).first()
        with pytest.raises(ValidationError, match="超过路线长度"):
            lines.record_patrol(s, a.id, done_on=date(2026, 12, 1), patrolled_m=1200)
        found = lines.record_patrol(s, a.id, done_on=date(2026, 12, 1), patrolled_m=450,
                                    hazards=[FoundHazard("管道标志桩缺失")], actor="王建国")
        aid = a.id
        assert (a.status, a.patrolled_on, a.patrolled_m) == ("done", date(2026, 12, 1), 450.0)
        with pytest.raises(ValidationError, match="已于 2026-12-01 登记过结果"):
            lines.record_patrol(s, a.id, done_on=date(2026, 12, 2))
    with project.session() as s:
        h = s.get(Hazard, found[0].id)
        assert (h.patrol_assignment_id, h.line_id, h.source, h.sector) == (aid, w["pipes"]["main"], "line_patrol", "gas")


def test_planned_line_patrols_are_on_the_patrol_routes_layer(scene):
    from gis.layers import patrol_routes

    project, w = scene
    lines.plan(project, DEC)
    with project.session() as s:
        routes = {a.id: a.route for a in s.scalars(select(PatrolAssignment).where(PatrolAssignment.kind == "line"))}
    layer = patrol_routes(project)
    shown = dict(zip(layer.ids.tolist(), layer.geoms, strict=True))
    assert set(routes) <= set(shown) and len(routes) == 31
    assert all(shown[i].equals(g) for i, g in routes.items())
    assert (layer.attrs["stops"].to_numpy()[[list(layer.ids).index(i) for i in routes]] == 0).all()
