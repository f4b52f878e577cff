"""Edit commands on SQLite and PostgreSQL (tests/smallworld.py: two villages each tiled by four grids):
split renumbers by the rule and keeps hazards and people on the grid's id, undo puts back the exact bytes,
a moved site changes grid, refusals write nothing."""
from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point
from sqlalchemy import select

from gis import reconcile, spatial
from gis.editing import MergeGrids, MoveSite, SplitGrid, UndoStack
from gis.editing import rows as edit_rows
from gis.errors import ValidationError
from gis.model import AdminUnit, Grid, GridCodeHistory, Hazard, RoleAssignment, Site
from tests import smallworld

TABLES = ("admin_unit", "grid", "site", "hazard", "role_assignment", "patrol_assignment", "grid_code_history", "geometry_edit")


@pytest.fixture
def world(new_project):
    with new_project.transaction() as s:
        smallworld.build(s)
    reconcile.catch_up(new_project)      # as opening it would: the log of the build's own geometry is empty
    return new_project


def state(project) -> dict:
    """Everything an edit may touch, geometries as stored bytes."""
    out = {}
    with project.engine.connect() as c:
        for t in TABLES:
            cols = [col.name for col in edit_rows.table(t).c if col.name != "geom"]
            out[t] = [tuple(r) for r in c.exec_driver_sql(f"SELECT {', '.join(cols)} FROM {t} ORDER BY id")]
        ids = [r[0] for r in c.exec_driver_sql("SELECT id FROM grid")]
        out["grid_geoms"] = edit_rows.geometry_bytes(c, "grid", ids)
        ids = [r[0] for r in c.exec_driver_sql("SELECT id FROM admin_unit")]
        out["admin_geoms"] = edit_rows.geometry_bytes(c, "admin_unit", ids)
        ids = [r[0] for r in c.exec_driver_sql("SELECT id FROM site")]
        out["site_geoms"] = edit_rows.geometry_bytes(c, "site", ids)
    return out


def grid_row(s, gid) -> Grid:
    return s.get(Grid, gid)


def grid_id(project, code) -> int:
    with project.session() as s:
        return s.scalar(select(Grid.id).where(Grid.code == code))


def codes(project) -> dict[int, str]:
    with project.session() as s:
        return dict(s.execute(select(Grid.id, Grid.code)).all())


NE = "410411003001002"
# a north-south line across the NE grid (113.25–113.3 × 33.65–33.7), 0.026° from its west edge: the western part
# is larger and keeps the grid's id; 老王家常菜馆 (113.28, 33.68) falls in the new eastern part
CUT = LineString([(113.276, 33.64), (113.276, 33.71)])


def test_split_renumbers_and_undo_restores_exactly(world):
    before = state(world)
    ne = grid_id(world, NE)
    ids = {code: grid_id(world, code) for code in ("410411003001001", "410411003001003", "410411003001004")}
    command = SplitGrid(ne, CUT, "“张庄村第2网格”")
    preview = command.preview(world)
    assert [(r.old_code, r.new_code) for r in preview] == [
        ("410411003001001", "410411003001001"), (NE, NE), ("", "410411003001003"),
        ("410411003001003", "410411003001004"), ("410411003001004", "410411003001005")]
    assert state(world) == before      # a preview writes nothing

    stack = UndoStack()
    change = stack.run(command, world)
    assert change.touches("grids", "sites")
    now = codes(world)
    new = command.new_id
    assert now[ne] == NE and now[new] == "410411003001003"
    assert now[ids["410411003001003"]] == "410411003001004" and now[ids["410411003001004"]] == "410411003001005"
    with world.session() as s:
        names = dict(s.execute(select(Grid.id, Grid.name)).all())
        assert names[new] == "张庄村第3网格" and names[ids["410411003001003"]] == "张庄村第4网格"
        kept, part = s.get(Grid, ne).geom, s.get(Grid, new).geom
        assert kept.bounds == pytest.approx((113.25, 33.65, 113.276, 33.7))
        assert part.bounds == pytest.approx((113.276, 33.65, 113.3, 33.7))
        se = s.get(Grid, ids["410411003001004"]).geom     # the cut ends on the edge NE shares with SE: SE has it too
        assert len(shapely.get_coordinates(se)) == 6
        assert min(shapely.Point(c).distance(shapely.Point(113.276, 33.65)) for c in shapely.get_coordinates(se)) < 1e-12
        west = s.get(AdminUnit, grid_row(s, ne).village_id).geom    # … and the village's north edge has the other end
        assert min(shapely.Point(c).distance(shapely.Point(113.276, 33.7)) for c in shapely.get_coordinates(west)) < 1e-12
        restaurant = s.scalars(select(Site).where(Site.name == "老王家常菜馆")).one()
        assert restaurant.grid_id == new                          # the site follows its location
        hazard = s.scalars(select(Hazard).where(Hazard.site_id == restaurant.id)).one()
        assert hazard.grid_id == ne                               # hazards stay on the grid's identity
        history = s.execute(select(GridCodeHistory.grid_id, GridCodeHistory.code)
                            .order_by(GridCodeHistory.code)).all()
        assert history == [(ids["410411003001003"], "410411003001003"), (ids["410411003001004"], "410411003001004")]
        assert s.scalar(select(Hazard.grid_id).where(Hazard.description == "有限空间作业未审批")) == \
            ids["410411003001003"]                               # hazard in the SW grid: same id, new code
        assert {r.grid_id for r in s.scalars(select(RoleAssignment)) if r.grid_id} == {ids["410411003001001"]}

    stack.undo(world)
    assert state(world) == before
    assert stack.can_redo() and not stack.can_undo()
    stack.redo(world)
    assert codes(world) == now and command.new_id == new      # redo gives the new grid its id again
    stack.undo(world)
    assert state(world) == before


def test_move_site_across_a_border_and_back(world):
    before = state(world)
    with world.session() as s:
        site = s.scalars(select(Site).where(Site.name == "荆山小学")).one()
        start = site.grid_id
    stack = UndoStack()
    change = stack.run(MoveSite(site.id, Point(113.21, 33.69), "荆山小学"), world)   # east village → west NW
    assert change.ids_of("sites") == frozenset({site.id})
    with world.session() as s:
        assert s.get(Site, site.id).grid_id == grid_id(world, "410411003001001") != start
    stack.undo(world)
    assert state(world) == before


def _file_hash(project) -> str | None:
    path = project.engine.url.database if project.engine.dialect.name == "sqlite" else None
    return hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else None


def test_refusals_write_nothing(world):
    before, digest = state(world), _file_hash(world)
    ne = grid_id(world, NE)
    inside = LineString([(113.26, 33.66), (113.27, 33.69)])            # does not reach the boundary
    with pytest.raises(ValidationError, match="没有完整穿过"):
        SplitGrid(ne, inside).do(world)
    zigzag = LineString([(113.26, 33.64), (113.26, 33.71), (113.29, 33.71), (113.29, 33.64)])
    with pytest.raises(ValidationError, match="3 块"):
        SplitGrid(ne, zigzag).do(world)
    with pytest.raises(ValidationError, match="同一个村"):
        MergeGrids([ne, grid_id(world, "410411003002001")]).do(world)
    with pytest.raises(ValidationError, match="不相邻"):
        MergeGrids([grid_id(world, "410411003001001"), grid_id(world, "410411003001004")]).do(world)
    assert state(world) == before and _file_hash(world) == digest


def test_merge_moves_links_and_undo_restores(world):
    before = state(world)
    nw, ne = grid_id(world, "410411003001001"), grid_id(world, NE)
    command = MergeGrids([ne, nw], "张庄村第1、2网格")
    assert [(r.old_code, r.new_code) for r in command.preview(world)] == [
        ("410411003001001", "410411003001001"), ("410411003001003", "410411003001002"),
        ("410411003001004", "410411003001003")]
    stack = UndoStack()
    stack.run(command, world)
    with world.session() as s:
        merged = s.get(Grid, min(nw, ne))
        assert s.get(Grid, max(nw, ne)) is None
        assert merged.code == "410411003001001"
        assert merged.geom.symmetric_difference(shapely.box(113.2, 33.65, 113.3, 33.7)).area < 1e-12
        assert sorted(s.scalars(select(Grid.code).where(Grid.village_id == merged.village_id))) == [
            "410411003001001", "410411003001002", "410411003001003"]
        assert {s.get(Site, h.site_id).name for h in s.scalars(select(Hazard)) if h.grid_id == merged.id} == {"老王家常菜馆"}
    stack.undo(world)
    assert state(world) == before


def test_add_and_delete_features_undo_redo(world):
    from gis.editing import AddFeature, DeleteFeature
    from gis.model import LineAsset

    before = state(world)
    stack = UndoStack()
    pipe = AddFeature("line_asset", {"kind": "gas_pipeline", "name": "新建中压管线"},
                      LineString([(113.21, 33.61), (113.24, 33.64), (113.26, 33.64)]))
    stack.run(pipe, world)
    site = AddFeature("site", {"name": "新开加油站", "category": "gas_station", "sector": "hazchem"}, Point(113.33, 33.68))
    stack.run(site, world)
    with world.session() as s:
        assert s.get(LineAsset, pipe.id).name == "新建中压管线"
        assert s.get(Site, site.id).grid_id == grid_id(world, "410411003002001")   # a new site gets its grid
    stack.undo(world)
    stack.undo(world)
    assert state(world) == before
    stack.redo(world)
    stack.redo(world)
    with world.session() as s:
        assert s.get(Site, site.id).name == "新开加油站"         # redo: the same ids again
    stack.run(DeleteFeature("site", site.id, "新开加油站"), world)
    with world.session() as s:
        assert s.get(Site, site.id) is None
    stack.undo(world)
    with world.session() as s:
        assert s.get(Site, site.id).grid_id == grid_id(world, "410411003002001")
    with world.session() as s:       # a site with hazards cannot be deleted: nothing written
        linked = s.scalars(select(Site.id).where(Site.name == "鑫源机械加工厂")).one()
    after = state(world)
    with pytest.raises(ValidationError, match="隐患 1 条"):
        DeleteFeature("site", linked).do(world)
    assert state(world) == after


def test_undo_refused_when_edited_since(world):
    from gis.editing import SetGeometry

    stack = UndoStack()
    ne = grid_id(world, NE)
    command = SplitGrid(ne, CUT)
    stack.run(command, world)
    SetGeometry("grid", {command.new_id: shapely.box(113.276, 33.65, 113.3, 33.699)}).do(world)   # someone else
    after = state(world)
    with pytest.raises(ValidationError, match="又被修改过"):
        stack.undo(world)
    assert state(world) == after and stack.can_undo()


def test_attribute_edits_undo_and_refuse_when_changed_since(world):
    """The attribute table's edits (SetAttributes) on the same stack: undo restores the old values (the sector that
    followed the category too); an undo after someone else changed the values is refused and writes nothing."""
    from gis import attributes
    from gis.editing import SetAttributes

    with world.session() as s:
        site = s.scalars(select(Site).where(Site.name == "老王家常菜馆")).one()
        sid, before = site.id, (site.category, site.sector, site.name)
    stack = UndoStack()
    stack.run(SetAttributes("sites", sid, {"category": "school"}, "改类别"), world)
    assert attributes.current(world, "sites", sid, ["category", "sector"]) == {"category": "school", "sector": "fire"}
    stack.undo(world)
    assert tuple(attributes.current(world, "sites", sid, ["category", "sector", "name"]).values()) == before
    stack.redo(world)
    attributes.update(world, "sites", sid, {"category": "catering"})          # someone else, not on this stack
    with pytest.raises(ValidationError, match="改类别：此后已被其他人修改，不能撤销"):
        stack.undo(world)
    assert attributes.current(world, "sites", sid, ["category"]) == {"category": "catering"} and stack.can_undo()


def test_a_township_vertex_on_the_district_boundary_moves_the_district_too(world):
    """The district is not a map layer, so the vertex tool cannot pick it up: the command carries the township's
    vertex edit to it (moved, inserted), undo puts both back; with topological editing off the district stays."""
    from gis.editing import SetGeometry
    from gis.editing import vertices as vx

    with world.session() as s:
        town = s.execute(select(AdminUnit.id).where(AdminUnit.level == "township")).scalar_one()
        district = s.execute(select(AdminUnit.id).where(AdminUnit.level == "district")).scalar_one()

    def geom(fid):
        with world.engine.connect() as c:
            return spatial.geometries(c, "admin_unit", [fid])[fid]

    before = state(world)
    old = geom(town)
    corner = vx.coincident(np.array([old], dtype=object), [0], 113.2, 33.6, 1e-9)[0]
    stack = UndoStack()
    stack.run(SetGeometry("admin_unit", {town: vx.moved(old, corner, 113.19, 33.59)}, topological=True), world)
    assert (113.19, 33.59) in {tuple(c) for c in shapely.get_coordinates(geom(district))}
    assert (113.2, 33.6) not in {tuple(c) for c in shapely.get_coordinates(geom(district))}
    moved = geom(town)
    after = vx.segment_at(moved, 113.3, 33.7, 1e-9)
    stack.run(SetGeometry("admin_unit", {town: vx.inserted_at(moved, after, 113.3, 33.7)}, topological=True), world)
    assert geom(district).equals_exact(geom(town), 0)
    stack.undo(world)
    stack.undo(world)
    assert state(world) == before
    stack.redo(world)
    assert geom(district).equals_exact(geom(town), 0)
    stack.undo(world)
    stack.run(SetGeometry("admin_unit", {town: vx.moved(old, corner, 113.19, 33.59)}), world)
    assert state(world)["admin_geoms"][district] == before["admin_geoms"][district]
