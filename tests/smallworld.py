"""A tiny township built through the repository functions, for model and parity tests."""
from __future__ import annotations

from datetime import date, datetime

from shapely.geometry import LineString, Point, box

from gis import grids as grid_rules
from gis import repo
from gis.model import Hazard, HazardEvent, LineAsset, Person, RoleAssignment, Site, Zone

TODAY = date(2026, 11, 22)


def quarters(b):
    """A box split in four, listed in scrambled order (so numbering must sort them)."""
    minx, miny, maxx, maxy = b.bounds
    mx, my = (minx + maxx) / 2, (miny + maxy) / 2
    return [box(mx, miny, maxx, my), box(minx, my, mx, maxy), box(minx, miny, mx, my), box(mx, my, maxx, maxy)]


def build(s) -> dict:
    district = repo.add_admin_unit(s, "410411", "湛河区", "district", geom=box(113.2, 33.6, 113.4, 33.7), kind="区")
    town = repo.add_admin_unit(s, "410411003", "荆山街道", "township", parent=district,
                               geom=box(113.2, 33.6, 113.4, 33.7), kind="街道")
    west = repo.add_admin_unit(s, "410411003001", "张庄村", "village", parent=town,
                               geom=box(113.2, 33.6, 113.3, 33.7), kind="村")
    east = repo.add_admin_unit(s, "410411003002", "李楼社区", "village", parent=town,
                               geom=box(113.3, 33.6, 113.4, 33.7), kind="社区")
    grids = {}
    for village in (west, east):
        parts = quarters(village.geom)
        for code, geom in zip(grid_rules.expected_codes(village.code, parts), parts, strict=True):
            grids[code] = repo.add_grid(s, code, f"{village.name}第{int(code[-3:])}网格", village, geom)
    sites = [
        Site(name="鑫源机械加工厂", category="industry_trade_enterprise", sector="industry_trade",
             status="normal", risk_level="high", geom=Point(113.22, 33.62), address="张庄村工业路1号"),
        Site(name="老王家常菜馆", category="catering", sector="gas", status="normal",
             geom=Point(113.28, 33.68), attributes={"gas_type": "液化石油气", "bottles": 3}),
        Site(name="荆山小学", category="school", sector="fire", status="normal", geom=Point(113.33, 33.63)),
        Site(name="宏达化工", category="hazchem_enterprise", sector="hazchem", status="suspended",
             risk_level="major", geom=Point(113.38, 33.69)),
    ]
    s.add_all(sites)
    pipeline = LineAsset(kind="gas_pipeline", name="工业路中压管线", pressure_class="medium_a", material="钢管",
                         diameter_mm=200, year_built=2012, geom=LineString([(113.21, 33.65), (113.39, 33.65)]))
    zone = Zone(kind="forest_fire", name="荆山林区", level="3", geom=box(113.2, 33.6, 113.25, 33.62))
    s.add_all([pipeline, zone])
    people = [Person(name=n, phone=f"1380000{i:04d}") for i, n in enumerate(["王建国", "刘芳", "陈志强", "赵敏"])]
    s.add_all(people)
    s.flush()
    s.add_all([
        RoleAssignment(person_id=people[0].id, role="grid_leader", grid_id=grids["410411003001001"].id),
        RoleAssignment(person_id=people[1].id, role="grid_member", grid_id=grids["410411003001001"].id),
        RoleAssignment(person_id=people[2].id, role="village_cadre", admin_unit_id=west.id),
        RoleAssignment(person_id=people[3].id, role="enterprise_principal", site_id=sites[0].id),
    ])
    repo.assign_site_grids(s)
    hazards = [
        Hazard(site_id=sites[0].id, grid_id=sites[0].grid_id, found_on=date(2026, 10, 1), source="grid_patrol",
               sector="industry_trade", description="有限空间作业未审批", grade="general", status="assigned",
               owner_id=people[3].id, measures="建立审批制度", deadline=date(2026, 11, 1),
               executor_id=people[3].id, acceptor_id=people[2].id),
        Hazard(site_id=sites[1].id, grid_id=sites[1].grid_id, found_on=date(2026, 11, 10), source="enforcement",
               sector="gas", description="未安装燃气泄漏报警器", grade="major", status="rectifying",
               deadline=date(2026, 12, 10), supervision_level="district", supervising_unit="湛河区安委办"),
        Hazard(line_id=pipeline.id, found_on=date(2026, 9, 5), source="public_report", sector="gas",
               description="管道占压", grade="general", status="closed", closed_on=date(2026, 10, 20),
               deadline=date(2026, 10, 30), geom=Point(113.3, 33.65)),
        Hazard(site_id=sites[2].id, grid_id=sites[2].grid_id, found_on=date(2026, 11, 20), source="self_check",
               sector="fire", description="消防通道堵塞", grade="general", status="registered"),
    ]
    s.add_all(hazards)
    s.flush()
    s.add(HazardEvent(hazard_id=hazards[0].id, seq=1, action="register", to_status="registered",
                      actor_name="刘芳", at=datetime(2026, 10, 1, 9, 30)))
    s.flush()
    return {"grids": grids, "sites": sites, "people": people, "hazards": hazards, "west": west, "east": east}
