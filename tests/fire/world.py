"""The small township of tests/smallworld.py with a forest-fire setup on top.

荆山林区 (forest zone, box 113.20–113.25 × 33.60–33.62, in 张庄村) is covered by one ranger area
except its eastern strip 113.24–113.25, which is the deliberate gap. Two checkpoints: 荆山检查站 (fixed,
inside the ranger area, so its rangers may staff it) and 张庄临时检查站 (temporary, own guards).
"""
from __future__ import annotations

from shapely.geometry import Point, box

from gis.model import Person, RoleAssignment, Site, Zone
from tests import smallworld

DISTRICT_OFFICERS = ["周大勇", "吴静", "郑海"]
TOWNSHIP_OFFICERS = ["孙立", "马丽", "朱军", "胡斌"]
VILLAGE_CADRES = ["何平", "高峰"]  # with 陈志强 from smallworld
RANGERS = ["林木森", "杨树青", "柏长青"]
GUARDS = ["钱守义", "冯卫东"]


def _people(s, names):
    first = s.query(Person).count()
    people = [Person(name=n, phone=f"1390000{first + i:04d}") for i, n in enumerate(names)]
    s.add_all(people)
    s.flush()
    return people


def build(s) -> dict:
    world = smallworld.build(s)
    district = world["west"].parent.parent
    township = world["west"].parent
    ranger_area = Zone(kind="ranger_area", name="荆山西护林责任区", geom=box(113.195, 33.595, 113.24, 33.625))
    s.add(ranger_area)
    fixed = Site(name="荆山检查站", category="checkpoint", sector="forest_fire", status="normal", code="JS-KK-001",
                 geom=Point(113.21, 33.61), attributes={"type": "fixed", "room": True, "metal_detector": True})
    temporary = Site(name="张庄临时检查站", category="checkpoint", sector="forest_fire", status="normal",
                     geom=Point(113.26, 33.64), attributes={"type": "temporary", "room": False, "metal_detector": True})
    s.add_all([fixed, temporary])
    s.flush()
    people = {}
    for names, role, target in (
        (DISTRICT_OFFICERS, "duty_officer", {"admin_unit_id": district.id}),
        (TOWNSHIP_OFFICERS, "duty_officer", {"admin_unit_id": township.id}),
        (VILLAGE_CADRES, "village_cadre", {"admin_unit_id": world["west"].id}),
        (RANGERS, "ranger", {"zone_id": ranger_area.id}),
        (GUARDS, "checkpoint_guard", {"site_id": temporary.id}),
    ):
        for p in _people(s, names):
            people[p.name] = p
            s.add(RoleAssignment(person_id=p.id, role=role, **target))
    for p in world["people"]:
        people[p.name] = p
    s.flush()
    world.update(district=district, township=township, ranger_area=ranger_area, fixed=fixed,
                 temporary=temporary, persons=people)
    return world
