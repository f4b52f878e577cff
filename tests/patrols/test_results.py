"""Visits: results, hazards found entered in the ledger, coverage per grid (both backends)."""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from gis.errors import ValidationError
from gis.model import Hazard, HazardEvent, PatrolAssignment
from gis.patrols import planning
from gis.patrols.periods import parse_period
from gis.patrols.results import FoundHazard, coverage, find_stop, record_visit
from tests.patrols import world

WEEK = parse_period("2026-W48")


@pytest.fixture
def planned(new_project):
    with new_project.transaction() as s:
        w = world.build(s)
        grid_id = w["grids"][world.GRID].id
    planning.plan(new_project, WEEK)
    with new_project.session() as s:
        aid = s.scalar(select(PatrolAssignment.id).where(PatrolAssignment.grid_id == grid_id))
    return new_project, grid_id, aid


def test_hazards_found_are_registered_and_linked(planned):
    project, grid_id, aid = planned
    with project.transaction() as s:
        stop = find_stop(s, assignment_id=aid, seq=1)
        found = record_visit(s, stop, visited_at=datetime(2026, 11, 23, 10, 5), note="店主配合",
                             hazards=[FoundHazard("灭火器过期"), FoundHazard("私拉电线", grade="major")])
        stop_id, site_id = stop.id, stop.site_id
        assert stop.assignment.status == "in_progress"
    with project.session() as s:
        hazards = list(s.scalars(select(Hazard).where(Hazard.patrol_stop_id == stop_id).order_by(Hazard.id)))
        assert [h.description for h in hazards] == ["灭火器过期", "私拉电线"]
        for h in hazards:
            assert (h.status, h.source, h.site_id, h.grid_id) == ("registered", "grid_patrol", site_id, grid_id)
            assert h.found_on == date(2026, 11, 23) and h.found_by == "刘芳" and h.sector == "fire"
            assert h.code.startswith("YH2026-")                      # numbered by the ledger
            events = list(s.scalars(select(HazardEvent).where(HazardEvent.hazard_id == h.id)))
            assert [(e.seq, e.action, e.to_status, e.actor_name) for e in events] == [(1, "register", "registered", "刘芳")]
        stop = find_stop(s, stop_id=stop_id)
        assert (stop.result, stop.note) == ("hazard_found", "店主配合")
    assert len(found) == 2


def test_bad_visits_write_nothing(planned):
    project, _, aid = planned
    for kw, message in ((dict(result="ok", hazards=[FoundHazard("x")]), "发现隐患"),
                        (dict(hazards=[FoundHazard(" ")]), "描述"),
                        (dict(result="maybe"), "未知的巡查结果")):
        with pytest.raises(ValidationError, match=message), project.transaction() as s:
            record_visit(s, find_stop(s, assignment_id=aid, seq=1), **kw)
    with project.transaction() as s:
        stop = find_stop(s, assignment_id=aid, seq=1)
        assert stop.visited_at is None
        record_visit(s, stop, visited_at=datetime(2026, 11, 23, 9))
    with pytest.raises(ValidationError, match="记录过"), project.transaction() as s:
        record_visit(s, find_stop(s, assignment_id=aid, seq=1))
    with pytest.raises(ValidationError, match="找不到"), project.session() as s:
        find_stop(s, assignment_id=aid, seq=99)
    with project.session() as s:
        assert s.scalar(select(Hazard.id).where(Hazard.patrol_stop_id.is_not(None))) is None


def test_coverage_counts_due_visits_made(planned):
    project, grid_id, aid = planned
    with project.session() as s:
        before = coverage(s, WEEK).set_index("grid_id").loc[grid_id]
    assert (before.due_sites, before.visited_sites, before.due_visits, before.done_visits) == (6, 0, 6, 0)
    assert before.rate == 0
    with project.transaction() as s:
        a = s.get(PatrolAssignment, aid)
        for stop in a.stops[:2]:
            record_visit(s, stop, visited_at=datetime(2026, 11, 24, 9))
        # a visit outside the period does not count for it
        record_visit(s, a.stops[2], visited_at=datetime(2026, 12, 1, 9))
        assert a.status == "in_progress"
    with project.session() as s:
        table = coverage(s, WEEK)
        row = table.set_index("grid_id").loc[grid_id]
        assert (row.visited_sites, row.done_visits, row.rate) == (2, 2, pytest.approx(2 / 6))
        assert table["code"].is_monotonic_increasing and len(table) == 8
        # next week the visited sites are not due again (fire: quarterly / half-yearly)
        nxt = coverage(s, parse_period("2026-W49")).set_index("grid_id").loc[grid_id]
        assert nxt.due_sites == 4
