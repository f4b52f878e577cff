"""Every repository function gives the same answer on SQLite and on PostgreSQL, and the right one."""
from __future__ import annotations

import numpy as np
import pytest
import shapely

from gis import hazards, layers, repo, store
from gis.model import (
    AdminUnit,
    Grid,
    Hazard,
    LineAsset,
    PatrolAssignment,
    PatrolStop,
    Person,
    Site,
    Zone,
)
from tests import smallworld


def exercise(url: str) -> dict:
    """Build the small world through the repository and call every query; plain values out."""
    with store.create_project(url) as project:
        with project.transaction() as s:
            smallworld.build(s)
            zone = s.query(Zone).one()   # a hazard recorded against the forest zone itself
            s.add(Hazard(zone_id=zone.id, found_on=smallworld.TODAY, source="grid_patrol", sector="forest_fire",
                         description="林区违规用火", grade="general", status="registered"))
            repo.set_setting(s, "project_crs", "EPSG:4547")
            repo.set_setting(s, "grades", ["general", "major", "较大"])
        with project.transaction() as s:
            repo.set_setting(s, "project_crs", "EPSG:4546")  # overwrite
        out: dict = {}
        with project.session() as s:
            out["settings"] = (repo.get_setting(s, "project_crs"), repo.get_setting(s, "grades"),
                               repo.get_setting(s, "missing", 7))
            out["grids_of_village"] = [g.code for g in repo.grids_of_village(s, "410411003002")]
            out["grid_at"] = [getattr(repo.grid_at(s, x, y), "code", None)
                              for x, y in ((113.21, 33.69), (113.39, 33.61), (113.5, 33.5))]
            out["village_at"] = getattr(repo.village_at(s, 113.31, 33.62), "name", None)
            grid = s.query(Grid).filter_by(code="410411003001002").one()
            out["sites_in_grid"] = [x.name for x in repo.sites_in_grid(s, grid)]
            out["responsible_people"] = [(role, p.name, p.phone) for role, p in repo.responsible_people(
                s, s.query(Grid).filter_by(code="410411003001001").one())]
            out["hazard_counts"] = repo.hazard_counts(s)
            out["hazard_counts_site"] = repo.hazard_counts(s, site=s.query(Site).filter_by(name="老王家常菜馆").one())
            out["hazard_counts_grid"] = repo.hazard_counts(s, grid=grid)
            site0 = s.query(Site).filter_by(name="鑫源机械加工厂").one()
            out["roles_site"] = [(role, p.name) for role, p in repo.roles_held(s, site=site0)]
            west = s.query(AdminUnit).filter_by(code="410411003001").one()
            out["roles_unit"] = [(role, p.name) for role, p in repo.roles_held(s, admin_unit=west)]
            out["roles_grid_village"] = repo.roles_held(s, admin_unit=s.query(AdminUnit).filter_by(
                code="410411003002").one())
            out["hazard_counts_line"] = repo.hazard_counts(s, line=s.query(LineAsset).one())
            out["hazard_counts_zone"] = repo.hazard_counts(s, zone=s.query(Zone).one())
            out["overdue"] = [h.description for h in hazards.overdue_hazards(s, smallworld.TODAY)]
            out["lengths"] = repo.line_lengths_km(s)
            out["summary"] = {**repo.project_summary(s), "hazard_overdue": hazards.overdue_count(s, smallworld.TODAY)}
            out["people_with_roles"] = [(p.name, roles) for p, roles in repo.people_with_roles(s)]
            out["by_name"] = (repo.person_by_name(s, "刘芳").phone, repo.admin_unit_by_code(s, "410411003002").name)
        with project.transaction() as s:
            site = s.query(Site).filter_by(name="荆山小学").one()
            site.geom = smallworld.Point(113.21, 33.69)  # moved to 张庄村's north-west grid
            s.flush()
            out["reassigned"] = repo.assign_site_grids(s)
            out["moved_grid"] = site.grid.code
        with project.transaction() as s:   # a patrol through three sites, and one with a single stop
            sid = {x.name: x.id for x in s.query(Site)}
            grid_id = s.query(Grid).filter_by(code="410411003001001").one().id
            person_id = s.query(Person).filter_by(name="刘芳").one().id
            route = PatrolAssignment(grid_id=grid_id, person_id=person_id, planned_on=smallworld.TODAY,
                                     status="in_progress")
            lone = PatrolAssignment(grid_id=grid_id, person_id=person_id, planned_on=smallworld.TODAY)
            s.add_all([route, lone])
            s.flush()
            s.add_all([PatrolStop(assignment_id=route.id, seq=i + 1, site_id=sid[n])
                       for i, n in enumerate(["宏达化工", "鑫源机械加工厂", "荆山小学"])])
            s.add(PatrolStop(assignment_id=lone.id, seq=1, site_id=sid["宏达化工"]))
            route_id = route.id
        routes = layers.load_all(project)["patrol_routes"]
        out["patrol_routes"] = (list(routes.ids) == [route_id], shapely.get_coordinates(routes.geoms).tolist(),
                                routes.attrs[["status", "person", "stops"]].astype(object).values.tolist())
        sites = layers.load_layer(project, "sites")
        hazard_layer = layers.load_layer(project, "hazards")
        out["layer_sites"] = (list(sites.attrs["name"]), np.round(sites.bounds, 6).tolist())
        out["layer_hazards"] = sorted(hazard_layer.attrs["status"].astype(str))
        out["layer_identify"] = [sites.attrs["name"][i] for i in sites.at(113.22, 33.62, tolerance=0.001)]
    return out


@pytest.fixture(scope="module")
def results(on_both_backends):
    return on_both_backends(exercise)


@pytest.mark.parametrize("backend_name", ["sqlite", "postgresql"])
def test_repository_answers(results, backend_name):
    r = results[backend_name]
    assert r["settings"] == ("EPSG:4546", ["general", "major", "较大"], 7)
    assert r["grids_of_village"] == [f"410411003002{n:03d}" for n in (1, 2, 3, 4)]
    assert r["grid_at"] == ["410411003001001", "410411003002004", None]
    assert r["village_at"] == "李楼社区"
    assert r["sites_in_grid"] == ["老王家常菜馆"]
    assert [x[:2] for x in r["responsible_people"]] == [
        ("grid_leader", "王建国"), ("grid_member", "刘芳"), ("village_cadre", "陈志强")]
    assert r["hazard_counts"] == {"assigned": 1, "rectifying": 1, "closed": 1, "registered": 2}
    assert r["hazard_counts_site"] == {"rectifying": 1}
    assert r["hazard_counts_grid"] == {"rectifying": 1}
    assert r["roles_site"] == [("enterprise_principal", "赵敏")]
    assert r["roles_unit"] == [("village_cadre", "陈志强")]   # the grids' own roles are not the village's
    assert r["roles_grid_village"] == []
    assert r["hazard_counts_line"] == {"closed": 1}
    assert r["hazard_counts_zone"] == {"registered": 1}
    assert r["patrol_routes"] == (True, [[113.38, 33.69], [113.22, 33.62], [113.21, 33.69]],
                                  [["in_progress", "刘芳", 3]])
    assert r["overdue"] == ["有限空间作业未审批"]
    assert r["lengths"]["gas_pipeline"] == pytest.approx(16.7, abs=0.1)  # 0.18° of longitude at 33.65°N
    summary = r["summary"]
    assert summary["admin_unit"] == {"district": 1, "township": 1, "village": 2}
    assert summary["grid"] == {"comprehensive": 8}
    assert summary["hazard_overdue"] == 1
    assert summary["site_status"] == {"normal": 3, "suspended": 1}
    assert r["reassigned"] == 1 and r["moved_grid"] == "410411003001001"
    assert r["layer_hazards"] == ["assigned", "rectifying", "registered"]
    assert r["layer_identify"] == ["鑫源机械加工厂"]
    assert r["people_with_roles"] == [("刘芳", ["grid_member"]), ("王建国", ["grid_leader"]),
                                      ("赵敏", ["enterprise_principal"]), ("陈志强", ["village_cadre"])]
    assert r["by_name"] == ("13800000001", "李楼社区")


def test_sqlite_and_postgresql_agree(results):
    assert results["sqlite"] == results["postgresql"]
