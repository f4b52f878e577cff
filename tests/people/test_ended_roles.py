"""A role that has ended (停用, or removed in 人员名册: its end date is set) no longer counts anywhere that decides
something today: the fire wall map, who may see a tip-off's reporter, the 签字身份 a signer holds, the tip-off
核查人 candidates on a grid and the unstaffed ranger areas. One rule: RoleAssignment.not_ended."""
from __future__ import annotations

import pytest
from shapely.geometry import box
from sqlalchemy import select

from gis import people as roster
from gis import repo
from gis.fire import coverage
from gis.fire.wall_map import wall_map_content
from gis.hazards import Actor
from gis.model import Person, RoleAssignment, TipOff, Zone
from gis.tipoffs import register as reg
from gis.tipoffs.privacy import can_see_reporter
from tests import smallworld


@pytest.fixture
def world(new_project):
    with new_project.transaction() as s:
        w = smallworld.build(s)
        ids = {p.name: p.id for p in w["people"]}
        area = Zone(kind="ranger_area", name="荆山护林区", geom=box(113.2, 33.6, 113.3, 33.7))
        s.add(area)
        s.flush()
        s.add_all([RoleAssignment(person_id=ids["陈志强"], role="command_center", admin_unit_id=w["west"].id),
                   RoleAssignment(person_id=ids["赵敏"], role="ranger", zone_id=area.id)])
        grid = w["grids"]["410411003001001"]
        s.add(TipOff(code="JB2026-00099", received_at=smallworld.datetime(2026, 12, 1, 9), channel="phone",
                     description="林边烧荒", grid_id=grid.id, status="received"))
    new_project.ids = ids
    return new_project


def decisions(project) -> dict:
    ids = project.ids
    with project.session() as s:
        village = wall_map_content(s, "village", "410411003001")
        row = next(r for r in village.rows if r[0] == "410411003001001")
        tip = s.scalar(select(TipOff.id).where(TipOff.code == "JB2026-00099"))
        return {
            "wall map 网格长/网格员/护林员": (row[2], row[3], row[4]),
            "sees reporters": can_see_reporter(s, Actor("陈志强", ids["陈志强"])),
            "王建国 holds": dict((p.name, r) for p, r in repo.people_with_roles(s))["王建国"],
            "on the grid": {pid for pid, _name, on in reg.candidates(s, tip) if on},
            "unstaffed": [g.description for g in coverage.unstaffed_ranger_areas(s)],
        }


def test_an_ended_role_no_longer_decides_anything_today(world):
    ids = world.ids
    before = decisions(world)
    assert before["wall map 网格长/网格员/护林员"] == ("王建国 13800000000", "刘芳 13800000001", "赵敏 13800000003")
    assert before["sees reporters"] and before["王建国 holds"] == ["grid_leader"]
    assert before["on the grid"] == {ids["王建国"], ids["刘芳"]} and before["unstaffed"] == []

    with world.transaction() as s:           # 停用: every role of these four ends yesterday
        roster.deactivate(s, [ids[n] for n in ("王建国", "刘芳", "陈志强", "赵敏")])
    after = decisions(world)
    assert after["wall map 网格长/网格员/护林员"] == ("—", "—", "—")
    assert not after["sees reporters"]
    assert after["王建国 holds"] == []           # the hazard form's 签字身份 check: no longer 网格长
    assert after["on the grid"] == set()
    assert after["unstaffed"] == ["护林员责任区“荆山护林区”未落实护林员"]
    with world.session() as s:                   # nothing was deleted
        assert s.scalar(select(RoleAssignment.end_date).where(RoleAssignment.person_id == ids["王建国"])) is not None
        assert s.get(Person, ids["王建国"]) is not None
