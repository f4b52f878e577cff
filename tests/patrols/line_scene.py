"""A small line patrol scene built in metres (the Gauss-Krüger zone of 113.3°E) and stored in lon/lat, so every
stretch length is known exactly.

Grids (张庄村): A = 0–1000 × 0–1000 m (two members), B = 1000–2000 × 0–1000 (only a leader: patrols fall to
them), C = 0–1000 × 1000–2000 (nobody).
- 主干管 (中压A, 县燃气公司) runs y = 500 from x = 100 to 1900: 900 m in A, 900 m in B. A school 8 m north of it at
  x = 300 puts A's stretch in a high-consequence area (Ⅰ, the potential impact radius ≈ 13.7 m); a works 3 m
  south of it at x = 1500 is active 2026-12-10 … 12-19 in its control range (预警) in B.
- 庭院管 (低压, 燃气二公司) runs y = 200 from x = 200 to 800: 600 m in A.
- 北支管 (中压B, 县燃气公司) runs y = 1500 from x = 100 to 900: 800 m in C (nobody to patrol it).
- 外环管 (次高压B, 县燃气公司) runs y = -300 from x = 100 to 600: 500 m outside every grid.
"""
from __future__ import annotations

from datetime import date

import shapely
import shapely.affinity
from shapely.geometry import LineString, box

from gis import repo
from gis.geo.crs import STORAGE, measure_crs, transform
from gis.model import LineAsset, Person, RoleAssignment, Site, ThirdPartyWorks

CRS = measure_crs([113.3])
A, B, C = "410411003001001", "410411003001002", "410411003001003"


def lonlat(geom):
    ox, oy = shapely.get_coordinates(transform(shapely.points([113.3], [33.65]), STORAGE, CRS))[0]
    return transform(shapely.affinity.translate(geom, float(ox), float(oy)), CRS, STORAGE)


def build(s) -> dict:
    district = repo.add_admin_unit(s, "410411", "湛河区", "district", geom=lonlat(box(-5000, -5000, 5000, 5000)))
    town = repo.add_admin_unit(s, "410411003", "荆山街道", "township", parent=district,
                               geom=lonlat(box(-5000, -5000, 5000, 5000)))
    village = repo.add_admin_unit(s, "410411003001", "张庄村", "village", parent=town,
                                  geom=lonlat(box(-5000, -5000, 5000, 5000)))
    grids = {A: repo.add_grid(s, A, "张庄村第1网格", village, lonlat(box(0, 0, 1000, 1000))),
             B: repo.add_grid(s, B, "张庄村第2网格", village, lonlat(box(1000, 0, 2000, 1000))),
             C: repo.add_grid(s, C, "张庄村第3网格", village, lonlat(box(0, 1000, 1000, 2000)))}
    people = [Person(name=n, phone=f"1380000{i:04d}") for i, n in enumerate(["王建国", "刘芳", "陈志强"])]
    s.add_all(people)
    s.flush()
    s.add_all([RoleAssignment(person_id=people[0].id, role="grid_member", grid_id=grids[A].id),
               RoleAssignment(person_id=people[1].id, role="grid_member", grid_id=grids[A].id),
               RoleAssignment(person_id=people[2].id, role="grid_leader", grid_id=grids[B].id)])
    pipes = {
        "main": LineAsset(kind="gas_pipeline", name="主干管", pressure_class="medium_a", material="钢管", diameter_mm=200,
                          operator="县燃气公司", geom=lonlat(LineString([(100, 500), (1900, 500)]))),
        "yard": LineAsset(kind="gas_pipeline", name="庭院管", pressure_class="low", material="PE", diameter_mm=110,
                          operator="燃气二公司", geom=lonlat(LineString([(200, 200), (800, 200)]))),
        "north": LineAsset(kind="gas_pipeline", name="北支管", pressure_class="medium_b", diameter_mm=150,
                           operator="县燃气公司", geom=lonlat(LineString([(100, 1500), (900, 1500)]))),
        "outer": LineAsset(kind="gas_pipeline", name="外环管", pressure_class="high_b", diameter_mm=300,
                           operator="县燃气公司", geom=lonlat(LineString([(100, -300), (600, -300)]))),
    }
    s.add_all(pipes.values())
    s.add(LineAsset(kind="road", name="张庄大街", geom=lonlat(LineString([(0, 50), (2000, 50)]))))
    school = Site(name="张庄小学", category="school", sector="fire", status="normal",
                  geom=lonlat(box(295, 508.2, 305, 520)))
    works = ThirdPartyWorks(name="雨污分流施工", status="active", start_on=date(2026, 12, 10), end_on=date(2026, 12, 19),
                            geom=lonlat(box(1500, 500 - 0.11 - 3 - 8, 1510, 500 - 0.11 - 3)))
    s.add_all([school, works])
    s.flush()
    return {"grids": grids, "people": people, "pipes": {k: v.id for k, v in pipes.items()}, "works": works.id}
