"""Coverage checks on crafted geometry: forest zones outside ranger areas, ranger areas without
rangers, and critical-period shifts without enough people."""
from __future__ import annotations

from datetime import date, datetime

import shapely
from shapely.geometry import box
from sqlalchemy import delete, select

from gis.fire import coverage as fire_coverage
from gis.fire import roster
from gis.fire import seasons as forestfire
from gis.fire.registers import add_unavailability
from gis.fire.seasons import CriticalSpan
from gis.model import DutyShift, RoleAssignment, Site, Zone
from tests.fire import world
from tests.fire.conftest import person


def test_zone_gap_is_the_uncovered_strip(fire_project):
    with fire_project.session() as s:
        gaps = fire_coverage.zone_gaps(s)
    assert [g.kind for g in gaps] == ["zone_uncovered"]
    gap = gaps[0]
    assert gap.description.startswith("森林防火区“荆山林区”有 ") and "（20%）不在任何护林员责任区内" in gap.description
    assert shapely.equals(shapely.normalize(gap.geom), shapely.normalize(box(113.24, 33.6, 113.25, 33.62)))


def test_two_ranger_areas_together_cover_the_zone(fire_project):
    with fire_project.transaction() as s:
        s.add(Zone(kind="ranger_area", name="荆山东护林责任区", geom=box(113.239, 33.59, 113.26, 33.63)))
    with fire_project.session() as s:
        assert fire_coverage.zone_gaps(s) == []
        # the new area has no ranger yet
        assert [g.description for g in fire_coverage.unstaffed_ranger_areas(s)] == ["护林员责任区“荆山东护林责任区”未落实护林员"]


def test_slivers_under_the_tolerance_are_not_gaps(fire_project):
    with fire_project.transaction() as s:
        # leaves the strip 113.24999–113.25: about 0.9 m × 2.2 km ≈ 2,000 m²
        s.add(Zone(kind="ranger_area", name="荆山东护林责任区", geom=box(113.24, 33.59, 113.24999, 33.63)))
    with fire_project.session() as s:
        assert fire_coverage.zone_gaps(s, tolerance_m2=10_000) == []
        assert len(fire_coverage.zone_gaps(s, tolerance_m2=1)) == 1


def test_critical_shifts_checked_per_checkpoint(fire_project):
    critical = CriticalSpan("春节紧要期", date(2027, 2, 1), date(2027, 2, 7))
    with fire_project.transaction() as s:
        season = forestfire.plan_season(s, 2026, start=date(2026, 12, 1), end=date(2027, 2, 28), critical=[critical])
        before = fire_coverage.shift_gaps(s, season)
        assert len(before) == 7 * 5  # 5 posts, 7 critical days, nobody on duty yet
        fixed = s.scalars(select(Site).where(Site.name == "荆山检查站")).one()
        at_fixed = [g for g in before if g.ref_id == fixed.id]
        assert len(at_fixed) == 7 and at_fixed[0].geom.equals(fixed.geom)
        assert at_fixed[0].description == "春节紧要期 荆山检查站值守 2027-02-01 08:00–次日08:00 无人值守"
        roster.generate(s, season)
        assert fire_coverage.shift_gaps(s, season) == []
        # a generated shift lost afterwards shows again, as understaffed
        one = s.scalars(select(DutyShift).where(DutyShift.site_id == fixed.id,
                                                DutyShift.starts_at >= datetime(2027, 2, 3)).order_by(DutyShift.starts_at)).first()
        s.execute(delete(DutyShift).where(DutyShift.id == one.id))
        texts = [g.description for g in fire_coverage.shift_gaps(s, season)]
        assert texts == [f"春节紧要期 荆山检查站值守 {one.starts_at:%Y-%m-%d} 08:00–次日08:00 人员不足（应 2 人，实 1 人）"]


def test_checkpoint_without_people_is_a_gap_after_generation(fire_project):
    critical = CriticalSpan("紧要期", date(2027, 2, 1), date(2027, 2, 2))
    with fire_project.transaction() as s:
        temporary = s.scalars(select(Site).where(Site.name == "张庄临时检查站")).one()
        s.execute(delete(RoleAssignment).where(RoleAssignment.site_id == temporary.id))
        for name in world.RANGERS[:2]:
            add_unavailability(s, person(s, name), date(2027, 2, 1), date(2027, 2, 2))
        season = forestfire.plan_season(s, 2026, start=date(2026, 12, 25), end=date(2027, 2, 5), critical=[critical])
        roster.generate(s, season)
        texts = [g.description for g in fire_coverage.coverage(s, season)]
    assert "春节紧要期" not in " ".join(texts)
    assert "紧要期 张庄临时检查站值守 2027-02-01 08:00–次日08:00 无人值守" in texts
    assert "紧要期 荆山检查站值守 2027-02-02 08:00–次日08:00 人员不足（应 2 人，实 1 人）" in texts
