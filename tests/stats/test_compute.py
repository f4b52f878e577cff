"""KPIs counted on a small township whose every number is worked out by hand, on SQLite and PostgreSQL: totals,
groups (village, grid, sector, scope), the records behind a number, and the edges (a hazard in no grid, a hazard
closed after the period, no deadline, a rate with nothing to count)."""
from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest
from sqlalchemy import select

from gis.errors import ValidationError
from gis.model import Hazard, PatrolAssignment, PatrolStop, Person, SelfCheckReport, Site
from gis.stats import compute, kpis, records
from tests import smallworld


@pytest.fixture
def world(new_project):
    with new_project.transaction() as s:
        w = smallworld.build(s)
        sites = {site.name: site for site in w["sites"]}
        member = s.scalar(select(Person.id).where(Person.name == "刘芳"))
        west_grid = sites["鑫源机械加工厂"].grid_id
        done = PatrolAssignment(grid_id=west_grid, person_id=member, period="2026-11", planned_on=date(2026, 11, 16),
                                status="done")
        cancelled = PatrolAssignment(grid_id=west_grid, person_id=member, period="2026-11",
                                     planned_on=date(2026, 11, 17), status="cancelled")
        s.add_all([done, cancelled])
        s.flush()
        s.add_all([
            PatrolStop(assignment_id=done.id, seq=1, site_id=sites["鑫源机械加工厂"].id, result="ok",
                       visited_at=datetime(2026, 11, 16, 9, 0)),
            PatrolStop(assignment_id=done.id, seq=2, site_id=sites["老王家常菜馆"].id),
            PatrolStop(assignment_id=cancelled.id, seq=1, site_id=sites["荆山小学"].id),
            SelfCheckReport(site_id=sites["鑫源机械加工厂"].id, reported_on=date(2026, 11, 5), hazards_found=0),
            SelfCheckReport(site_id=sites["老王家常菜馆"].id, reported_on=date(2026, 11, 12), hazards_found=2),
            SelfCheckReport(site_id=sites["鑫源机械加工厂"].id, reported_on=date(2026, 10, 5), hazards_found=1),
        ])
        s.flush()
        new_project.hazard_ids = [h.id for h in sorted(w["hazards"], key=lambda h: h.id)]
        new_project.site_ids = {n: site.id for n, site in sites.items()}
    return new_project


def _load(project):
    return kpis.load(project), records.load(project)


def _totals(table) -> dict[str, tuple]:
    return {k: (c.numerator, c.denominator) for k, c in table.totals.items()}


def test_november_totals_by_hand(world):
    defs, recs = _load(world)
    got = _totals(compute.evaluate(recs, defs, "2026-11"))
    assert got == {
        "rectification_rate": (1, 4),      # four registered by 11-30, the pipeline's closed on 10-20
        "on_time_rate": (1, 1),            # closed 10-20, deadline 10-30
        "overdue": (1, None),              # the machine shop's: open, deadline 11-01
        "open_major": (1, None), "supervised_open": (1, None),   # the restaurant's alarm
        "registered": (2, None), "closed": (0, None),
        "self_check_coverage": (2, 3),     # shop and restaurant reported; the suspended chemical works did not;
        "zero_report": (1, None),          # the school is no enterprise. The shop's November report found 0
        "patrol_coverage": (1, 2),         # the cancelled assignment's stop is not counted
        "patrol_verified": (0, 2),         # no GPS track or photo proves any stop
        "tipoffs_received": (0, None), "tipoffs_verified": (0, 0), "tipoffs_replied_on_time": (0, 0),
    }
    assert compute.evaluate(recs, defs, "2026-11").total("tipoffs_verified").value is None   # nothing to count


def test_a_period_sees_the_ledger_as_it_stood_then(world):
    defs, recs = _load(world)
    october = _totals(compute.evaluate(recs, defs, "2026-10"))
    assert october["rectification_rate"] == (1, 2)     # the restaurant's and the school's came later
    assert october["overdue"] == (0, None)             # the shop's deadline 11-01 had not passed on 10-31
    assert october["self_check_coverage"] == (1, 3) and october["zero_report"] == (0, None)  # it reported 1 then
    september = compute.evaluate(recs, defs, "2026-09")
    assert _totals(september)["rectification_rate"] == (0, 1)   # closed on 10-20: still open at the end of September
    # the 占压 came from a public report on 09-05, but tip-offs are counted from the register (tests/tipoffs)
    assert _totals(september)["tipoffs_received"] == (0, None)
    year = _totals(compute.evaluate(recs, defs, "2026"))
    assert year["registered"] == (4, None) and year["closed"] == (1, None)


def test_groups_by_village_with_the_pipeline_hazard_in_no_grid(world):
    defs, recs = _load(world)
    table = compute.evaluate(recs, defs, "2026-11", "village")
    assert [(g.key, g.name) for g in table.groups] == [
        ("410411003001", "张庄村"), ("410411003002", "李楼社区"), ("", "（未划分网格）")]
    assert [(c.numerator, c.denominator) for c in table.cells("rectification_rate")] == [(0, 2), (0, 1), (1, 1)]
    assert [c.numerator for c in table.cells("overdue")] == [1, 0, 0]
    assert table.groups[table.ranking("overdue")[0]].name == "张庄村"
    # every group sums to the total
    for k in table.numerators:
        assert table.numerators[k].sum() == table.total(k).numerator


def test_groups_by_grid_list_every_grid_in_scope(world):
    defs, recs = _load(world)
    table = compute.evaluate(recs, defs, "2026-11", "grid", within="410411003002")
    assert [g.key for g in table.groups] == [f"410411003002{n:03d}" for n in range(1, 5)]
    assert table.total("rectification_rate").denominator == 1         # only 李楼社区's school
    assert table.total("self_check_coverage") == compute.Cell(0, 1, 0.0)   # the chemical works is there
    with pytest.raises(ValidationError, match="没有编码以“999”开头的网格"):
        compute.evaluate(recs, defs, "2026-11", "grid", within="999")
    with pytest.raises(ValidationError, match="分组“county”不对"):
        compute.evaluate(recs, defs, "2026-11", "county")


def test_by_sector(world):
    defs, recs = _load(world)
    table = compute.evaluate(recs, defs, "2026-11", "sector", kpis=["rectification_rate", "open_major"])
    cells = {g.name: table.cell("rectification_rate", g.key) for g in table.groups}
    assert (cells["燃气"].numerator, cells["燃气"].denominator) == (1, 2)
    assert table.cell("open_major", "gas").numerator == 1


def test_by_member_counts_the_patrol_stops_planned_for_each(world):
    """网格员 grouping: a stop counts for the member its assignment was planned for (the cancelled one not at all);
    hazards have no member and fall in the (无网格员) row; a click on the member's number opens their stops."""
    defs, recs = _load(world)
    table = compute.evaluate(recs, defs, "2026-11", "person", kpis=["patrol_coverage", "patrol_verified", "overdue"])
    assert [g.name for g in table.groups] == ["刘芳", "（无网格员）"]
    member, nobody = (g.key for g in table.groups)
    cell = table.cell("patrol_coverage", member)
    assert (cell.numerator, cell.denominator) == (1, 2)
    assert table.cell("patrol_verified", member).numerator == 0
    assert table.cell("overdue", nobody).numerator == 1 and table.cell("overdue", member).numerator == 0
    missed = compute.members(recs, defs, "patrol_coverage", "2026-11", member, "person")
    assert missed.records == "stops" and len(missed.ids) == 1 and missed.title.startswith("刘芳")


def test_members_are_the_records_behind_the_number(world):
    defs, recs = _load(world)
    shop, restaurant, pipe, school = world.hazard_ids
    unrectified = compute.members(recs, defs, "rectification_rate", "2026-11")
    assert unrectified.records == "hazards" and sorted(unrectified.ids) == [shop, restaurant, school]
    assert unrectified.title == "2026年11月 隐患整改率：未销号"
    overdue = compute.members(recs, defs, "overdue", "2026-11", "410411003001", "village")
    assert list(overdue.ids) == [shop] and overdue.title.startswith("张庄村")
    closed = compute.members(recs, defs, "rectification_rate", "2026-11", part="numerator")
    assert list(closed.ids) == [pipe]
    assert list(compute.members(recs, defs, "rectification_rate", "2026-11", "", "village").ids) == []
    missing = compute.members(recs, defs, "self_check_coverage", "2026-11")
    assert missing.records == "enterprises" and list(missing.ids) == [world.site_ids["宏达化工"]]
    stops = compute.members(recs, defs, "patrol_coverage", "2026-11")
    assert stops.records == "stops" and len(stops.ids) == 1


def test_a_project_setting_changes_a_definition(world):
    from gis import repo

    with world.transaction() as s:
        repo.set_setting(s, kpis.SETTING, {"kpis": [{"id": "overdue", "target": 0, "definition": "逾期的"},
                                                    {"id": "zero_report", "remove": True}],
                                           "enterprises": {"categories": ["school"]}})
    defs, recs = _load(world)
    assert "zero_report" not in defs and defs["overdue"].definition == "逾期的"
    assert compute.evaluate(recs, defs, "2026-11").total("self_check_coverage") == compute.Cell(0, 1, 0.0)


def test_ids_line_up_with_the_database(world):
    defs, recs = _load(world)
    with world.session() as s:
        assert sorted(recs.hazards.ids) == sorted(s.scalars(select(Hazard.id)))
        assert sorted(recs.sites.ids) == sorted(s.scalars(select(Site.id)))
    assert np.all(np.diff(recs.hazards.ids) > 0)


def test_a_period_not_over_yet_is_counted_as_it_stands_today(world):
    defs = kpis.load(world)
    recs = records.load(world, today=date(2026, 11, 5))
    table = compute.evaluate(recs, defs, "2026-11")
    assert table.as_of == date(2026, 11, 5) and table.to_json()["as_of"] == "2026-11-05"
    got = _totals(table)
    assert got["rectification_rate"] == (1, 2)     # the restaurant's (11-10) and the school's (11-20): not yet
    assert got["overdue"] == (1, None)             # the shop's deadline 11-01 is past on 11-05
    assert compute.evaluate(recs, defs, "2026-10").as_of == date(2026, 10, 31)
