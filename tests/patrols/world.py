"""The small township of tests/smallworld plus what patrols need: village committees, roads,
a second grid member and a handful of sites in grid 410411003001001 (the north-west quarter of 张庄村,
113.20–113.25 E, 33.65–33.70 N)."""
from __future__ import annotations

from shapely.geometry import LineString, Point

from gis import repo
from gis.model import LineAsset, Person, RoleAssignment, Site
from tests import smallworld

GRID = "410411003001001"


def build(s, *, roads: bool = True, extra_sites: int = 6) -> dict:
    w = smallworld.build(s)
    committee = Site(name="张庄村村委会", category="village_committee", status="normal",
                     geom=Point(113.205, 33.655), address="张庄村委大院")
    s.add(committee)
    extra = [Site(name=f"张庄便利店{i + 1}号", category="small_premises", sector="fire", status="normal",
                  geom=Point(113.21 + 0.006 * i, 33.66 + 0.005 * (i % 3)), address=f"张庄村{i + 1}号",
                  contact_name="店主", contact_phone=f"1390000{i:04d}",
                  attributes={"lodging": i % 2 == 0})
             for i in range(extra_sites)]
    s.add_all(extra)
    second = Person(name="孙丽", phone="13700000001")
    s.add(second)
    s.flush()
    s.add(RoleAssignment(person_id=second.id, role="grid_member", grid_id=w["grids"][GRID].id))
    if roads:
        s.add_all([
            LineAsset(kind="road", name="张庄大街", geom=LineString([(113.2, 33.655), (113.25, 33.655)])),
            LineAsset(kind="road", name="张庄北街", geom=LineString([(113.2, 33.67), (113.25, 33.67)])),
            LineAsset(kind="road", name="西环路", geom=LineString([(113.205, 33.65), (113.205, 33.70)])),
            LineAsset(kind="road", name="东环路", geom=LineString([(113.245, 33.65), (113.245, 33.70)])),
        ])
    repo.assign_site_grids(s)
    s.flush()
    return {**w, "committee": committee, "extra": extra, "second": second}
