"""Model rules: codes, grids in their village, tiling, append-only events, optimistic locking."""
from __future__ import annotations

from datetime import date

import pytest
from shapely.geometry import box
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError

from gis import grids as grid_rules
from gis import hazards, repo
from gis.errors import ValidationError
from gis.model import AdminUnit, Hazard, HazardEvent
from tests import smallworld


@pytest.mark.parametrize("code, village, ok", [
    ("410411003001001", "410411003001", True),
    ("410411003001000", "410411003001", False),   # sequence 000
    ("410411003002001", "410411003001", False),   # another village's prefix
    ("41041100300101", "410411003001", False),    # 14 digits
    ("41041100300100A", "410411003001", False),   # not digits
])
def test_grid_code(code, village, ok):
    assert (grid_rules.grid_code_problem(code, village) is None) == ok


def test_admin_code_must_extend_parent():
    assert grid_rules.code_problem("410411003", "township", "410411") is None
    assert "开头" in grid_rules.code_problem("410412003", "township", "410411")
    assert "12 位" in grid_rules.code_problem("4104110030", "village", "410411003")


def test_numbering_runs_west_east_then_north_south():
    parts = smallworld.quarters(box(0, 0, 2, 2))  # SE, NW, SW, NE
    assert grid_rules.expected_codes("410411003001", parts) == [
        "410411003001004", "410411003001001", "410411003001003", "410411003001002"]


def test_tiling_report_finds_gaps_overlaps_and_outliers():
    village = box(113.2, 33.6, 113.3, 33.7)
    parts = smallworld.quarters(village)
    assert grid_rules.check_tiling(village, parts).ok
    gap = grid_rules.check_tiling(village, parts[:3])
    assert not gap.ok and gap.gap_m2 > 1e6
    overlap = grid_rules.check_tiling(village, [*parts, box(113.2, 33.6, 113.21, 33.61)])
    assert not overlap.ok and overlap.overlap_m2 > 1e5
    out = grid_rules.check_tiling(village, [*parts[:3], box(113.25, 33.6, 113.35, 33.65)])
    assert out.outside == [3]


@pytest.fixture
def world(new_project):
    with new_project.transaction() as s:
        smallworld.build(s)
    return new_project


def test_add_grid_refuses_bad_code_and_outside(world):
    with world.transaction() as s:
        west = s.query(AdminUnit).filter_by(code="410411003001").one()
        with pytest.raises(ValidationError, match="前 12 位"):
            repo.add_grid(s, "410411003002009", "错误网格", west, box(113.2, 33.6, 113.21, 33.61))
        with pytest.raises(ValidationError, match="超出"):
            repo.add_grid(s, "410411003001009", "越界网格", west, box(113.29, 33.6, 113.31, 33.61))
        with pytest.raises(ValidationError, match="已存在"):
            repo.add_grid(s, "410411003001001", "重复网格", west, box(113.2, 33.6, 113.21, 33.61))
        town = s.query(AdminUnit).filter_by(level="township").one()
        with pytest.raises(ValidationError, match="村（社区）"):
            repo.add_grid(s, "410411003001009", "挂错层级", town, box(113.2, 33.6, 113.21, 33.61))


def test_sites_get_their_grid(world):
    with world.session() as s:
        by_name = {site.name: site for site in s.query(repo.Site)}
        assert by_name["鑫源机械加工厂"].grid.code == "410411003001003"  # south-west quarter of 张庄村
        assert by_name["荆山小学"].grid.code == "410411003002003"
        assert repo.grid_at(s, 113.28, 33.68).code == "410411003001002"
        assert repo.grid_at(s, 100.0, 30.0) is None


def test_hazard_events_are_append_only(world):
    with world.session() as s:
        event = s.query(HazardEvent).one()
        event.note = "改写历史"
        with pytest.raises(DBAPIError, match="append-only"):
            s.commit()
        s.rollback()
        s.delete(s.query(HazardEvent).one())
        with pytest.raises(DBAPIError, match="append-only"):
            s.commit()


def test_second_writer_with_stale_version_is_refused(world):
    """Two users open the same hazard form; forms hold no transaction open while being edited."""
    with world.session() as a, world.session() as b:
        ha = a.query(Hazard).filter_by(description="消防通道堵塞").one()
        hb = b.query(Hazard).filter_by(description="消防通道堵塞").one()
        a.commit()
        b.commit()  # both reads end; the sessions keep their loaded objects (expire_on_commit=False)
        ha.measures = "清理通道"
        a.commit()
        hb.measures = "另一个人的修改"
        with pytest.raises(StaleDataError):
            b.commit()
    with world.session() as s:
        h = s.query(Hazard).filter_by(description="消防通道堵塞").one()
        assert (h.measures, h.version) == ("清理通道", 2)


def test_role_needs_exactly_one_target(world):
    from gis.model import RoleAssignment

    with world.session() as s:
        p = s.query(repo.Person).first()
        s.add(RoleAssignment(person_id=p.id, role="grid_member"))
        with pytest.raises(DBAPIError):
            s.commit()


def test_overdue_is_derived_from_deadline(world):
    with world.session() as s:
        assert [h.description for h in hazards.overdue_hazards(s, date(2026, 11, 22))] == ["有限空间作业未审批"]
        assert hazards.overdue_hazards(s, date(2026, 10, 1)) == []


def test_site_in_enterprise_grid_belongs_to_it(world):
    with world.transaction() as s:
        west = s.query(AdminUnit).filter_by(code="410411003001").one()
        factory = s.query(repo.Site).filter_by(name="鑫源机械加工厂").one()
        repo.add_grid(s, "410411003001005", "鑫源企业专属网格", west, box(113.215, 33.615, 113.225, 33.625),
                      kind="enterprise", site=factory)
        assert repo.assign_site_grids(s) == 1
        assert factory.grid.code == "410411003001005"
        assert repo.grid_at(s, 113.22, 33.62).code == "410411003001005"
        assert repo.grid_at(s, 113.22, 33.62, kind="comprehensive").code == "410411003001003"
