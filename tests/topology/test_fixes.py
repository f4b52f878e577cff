"""Topology fixes on a project (tests/smallworld.py: 张庄村 tiled by four quarters NW 001, NE 002, SW 003,
SE 004 of 0.05°): each fix is one transaction, the finding is gone after it, and sites follow the grid."""
from __future__ import annotations

import pytest
import shapely
from shapely.geometry import Point, Polygon, box
from sqlalchemy import select

from gis import repo, spatial, topology_check
from gis.model import Grid, Site
from tests import smallworld

SW = box(113.2, 33.6, 113.25, 33.65)
HOLE = box(113.2, 33.615, 113.23, 33.65)     # carved from SW: borders SW 2.8 + 3.9 km, NW 2.8 km


@pytest.fixture
def world(new_project):
    with new_project.transaction() as s:
        smallworld.build(s)
    return new_project


def set_grid(project, code, geom):
    """An edit as the editing tools make it: the grid's new shape, its sites given their grid again."""
    with project.transaction() as s:
        grid = s.scalars(select(Grid).where(Grid.code == code)).one()
        grid.geom = geom
        s.flush()
        repo.assign_site_grids(s)
        return grid.id


def grid_of(project, site_name):
    with project.session() as s:
        gid = s.scalars(select(Site.grid_id).where(Site.name == site_name)).one()
        return None if gid is None else s.get(Grid, gid).code


def findings(project, kind):
    return [f for f in topology_check.run(project).findings if f.kind == kind]


def test_the_small_world_is_clean_but_for_its_lone_pipeline(world):
    assert topology_check.run(world).findings == []


def test_close_gap_unites_it_into_the_longest_border_and_sites_follow(world):
    """Both backends: the grid's geometry is written natively (GeoPackage binary / PostGIS) and read back."""
    sw = set_grid(world, "410411003001003", SW.difference(HOLE))
    assert grid_of(world, "鑫源机械加工厂") is None                # (113.22, 33.62) is in the hole
    gap, = findings(world, "gap")
    assert gap.other_id == sw and gap.layer == "villages"
    assert gap.area_m2 == pytest.approx(float(topology_check.topo.Measure([HOLE]).area([HOLE])[0]), rel=1e-9)
    assert topology_check.actions(gap) == ["close_gap"]
    change = topology_check.fix(world, gap, "close_gap")
    assert change.ids_of("grids") == {sw} and "sites" in change.kinds
    assert findings(world, "gap") == []
    assert grid_of(world, "鑫源机械加工厂") == "410411003001003"
    with world.session() as s:
        assert s.get(Grid, sw).geom.symmetric_difference(SW).area < 1e-12
    assert topology_check.run(world).clean


@pytest.mark.parametrize("backend", ["sqlite"])
def test_remove_overlap_takes_it_from_the_grid_it_is_the_smaller_share_of(world):
    se = set_grid(world, "410411003001004", box(113.24, 33.6, 113.3, 33.65))     # 20 % larger than SW
    with world.transaction() as s:
        s.add(Site(name="界上小店", category="catering", sector="gas", status="normal", geom=Point(113.245, 33.61)))
        s.flush()
        repo.assign_site_grids(s)
    o, = findings(world, "overlap")
    assert {o.id, o.other_id} == {se, set_grid(world, "410411003001003", SW)}
    topology_check.fix(world, o, "remove_overlap")
    assert findings(world, "overlap") == [] and topology_check.run(world).clean
    with world.session() as s:
        assert s.get(Grid, se).geom.symmetric_difference(box(113.25, 33.6, 113.3, 33.65)).area < 1e-12
    assert grid_of(world, "界上小店") == "410411003001003"


def test_loser_rule():
    assert topology_check.loser((100.0, 200.0), (1, 2), 10.0) == 1     # 5 % of the larger: it gives it up
    assert topology_check.loser((200.0, 100.0), (1, 2), 10.0) == 0
    assert topology_check.loser((100.0, 100.0), (7, 3), 10.0) == 0     # equal shares: the later grid (id 7)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_clip_to_village_and_repair(world):
    nw = set_grid(world, "410411003001001", box(113.2, 33.65, 113.25, 33.71))
    out, = findings(world, "outside_village")
    assert out.id == nw and out.area_m2 == pytest.approx(
        float(topology_check.topo.Measure([SW]).area([box(113.2, 33.7, 113.25, 33.71)])[0]), rel=1e-6)
    north = (113.21, 33.705, 113.22, 33.706)       # beyond the village: NW's poking part was here
    with world.session() as s:
        assert nw in spatial.ids_in_box(s, "grid", north).tolist()
    topology_check.fix(world, out, "clip_to_village")
    assert findings(world, "outside_village") == []
    with world.session() as s:     # the GeoPackage R-tree follows the written geometry
        assert nw not in spatial.ids_in_box(s, "grid", north).tolist()
    bow = Polygon([(113.2, 33.6), (113.25, 33.65), (113.25, 33.6), (113.2, 33.65)])
    sw = set_grid(world, "410411003001003", bow)
    bad, = findings(world, "invalid")
    assert bad.id == sw and topology_check.actions(bad) == ["repair"]
    topology_check.fix(world, bad, "repair")
    assert findings(world, "invalid") == []
    with world.session() as s:
        g = s.get(Grid, sw).geom
    assert g.is_valid and g.geom_type == "MultiPolygon" and shapely.get_num_geometries(g) == 2
    # the triangles leave gaps, and the factory at (113.22, 33.62) in one of them
    assert {f.kind for f in topology_check.run(world).findings} == {"gap", "site_outside"}


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_stale_finding_is_refused_in_chinese(world):
    set_grid(world, "410411003001003", SW.difference(HOLE))
    gap, = findings(world, "gap")
    topology_check.fix(world, gap, "close_gap")
    from gis.errors import ValidationError
    with pytest.raises(ValidationError, match="空隙已不存在"):
        topology_check.fix(world, gap, "close_gap")
    with pytest.raises(ValidationError, match="不适用"):
        topology_check.fix(world, gap, "repair")
