"""Planning on both backends: due sites per grid member and day, splitting, priorities, re-planning."""
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from gis import repo
from gis.model import Hazard, PatrolAssignment, PatrolStop
from gis.patrols import planning, rounds
from gis.patrols.periods import parse_period
from gis.patrols.results import record_visit
from tests.patrols import world

WEEK = parse_period("2026-W48")


@pytest.fixture
def township(new_project):
    with new_project.transaction() as s:
        w = world.build(s)
        repo.set_setting(s, "patrol.max_stops_per_day", 2)
        ids = {"grid": w["grids"][world.GRID].id, "extra": [x.id for x in w["extra"]],
               "committee": w["committee"].id, "members": {w["people"][1].id, w["second"].id}}
    return new_project, ids


def assignments(s, grid_id):
    return list(s.scalars(select(PatrolAssignment).where(PatrolAssignment.grid_id == grid_id)
                          .order_by(PatrolAssignment.planned_on, PatrolAssignment.id)))


def test_stops_split_among_members_and_days(township):
    project, ids = township
    result = planning.plan(project, WEEK)
    assert result.roads and result.stops == 6 and result.assignments == 3
    with project.session() as s:
        rounds = assignments(s, ids["grid"])
        assert [len(a.stops) for a in rounds] == [2, 2, 2]
        assert [a.planned_on for a in rounds] == [date(2026, 11, 23)] * 2 + [date(2026, 11, 24)]
        assert {a.person_id for a in rounds[:2]} == ids["members"]       # both members on Monday
        assert sorted(st.site_id for a in rounds for st in a.stops) == sorted(ids["extra"])
        for a in rounds:
            assert a.period == "2026-W48" and a.status == "planned" and a.kind == "grid"
            assert a.start_site_id == ids["committee"]
            assert a.route is not None and a.route_length_m > 0
            assert [st.seq for st in a.stops] == [1, 2]


def test_supervised_and_major_hazards_come_first(township):
    project, ids = township
    urgent = ids["extra"][-1]
    with project.transaction() as s:
        s.add(Hazard(site_id=urgent, grid_id=ids["grid"], found_on=date(2026, 11, 1), source="enforcement",
                     description="违规住人", grade="major", status="assigned", supervision_level="township",
                     deadline=date(2026, 11, 20)))
    planning.plan(project, WEEK)
    with project.session() as s:
        rounds = assignments(s, ids["grid"])
        first = [a for a in rounds if urgent in {st.site_id for st in a.stops}]
        assert len(first) == 1 and first[0].planned_on == WEEK.start
        # supervised 8 + major 4 + overdue hazard 2
        assert first[0].priority == 14 and max(a.priority for a in rounds) == 14
        # weekly under the open-major-hazard rule: not due again within the week
        assert sum(st.site_id == urgent for a in rounds for st in a.stops) == 1


def test_replanning_keeps_visited_assignments(township):
    project, ids = township
    planning.plan(project, WEEK)
    with project.transaction() as s:
        kept = assignments(s, ids["grid"])[0]
        kept_id, visited_site = kept.id, kept.stops[0].site_id
        record_visit(s, kept.stops[0], visited_at=datetime(2026, 11, 23, 9, 0))
    result = planning.plan(project, WEEK)
    assert result.kept == 1 and result.replaced >= 2
    with project.session() as s:
        rounds = assignments(s, ids["grid"])
        assert rounds[0].id == kept_id and rounds[0].stops[0].visited_at == datetime(2026, 11, 23, 9, 0)
        planned_sites = [st.site_id for a in rounds for st in a.stops]
        assert sorted(planned_sites) == sorted(ids["extra"])            # nothing twice, nothing lost
        assert planned_sites.count(visited_site) == 1


def test_planning_is_all_or_nothing(township, monkeypatch):
    project, ids = township
    planning.plan(project, WEEK)
    with project.session() as s:
        before = sorted(a.id for a in assignments(s, ids["grid"]))
    calls = {"n": 0}
    real = planning.plan_route

    def failing(*args, **kw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("routing broke")
        return real(*args, **kw)

    monkeypatch.setattr(planning, "plan_route", failing)
    with pytest.raises(RuntimeError):
        planning.plan(project, WEEK)
    with project.session() as s:
        assert sorted(a.id for a in assignments(s, ids["grid"])) == before
        assert s.scalar(select(func.count()).select_from(PatrolStop)) == 6


def test_a_day_period_plans_that_day_even_on_a_weekend(township):
    project, ids = township
    saturday = parse_period("2026-11-28")
    result = planning.plan(project, saturday)
    with project.session() as s:
        rounds = assignments(s, ids["grid"])
        assert {a.planned_on for a in rounds} == {date(2026, 11, 28)}
        assert sum(len(a.stops) for a in rounds) == 4                  # two members × two stops
    assert result.unplanned[world.GRID] == 2


def test_grids_without_members_are_reported(township):
    project, _ = township
    result = planning.plan(project, WEEK)
    assert "410411003001003" in result.no_member       # the machinery plant's grid has nobody
    assert result.unplanned["410411003001003"] == 1


def test_split_rounds_are_compact():
    import numpy as np
    angles = np.array([0.1, 3.0, 0.2, 3.1, 0.15, 2.9])
    rounds = planning.split_rounds(angles, members=2, max_per_day=3)
    assert sorted(map(sorted, (r.tolist() for r in rounds))) == [[0, 2, 4], [1, 3, 5]]
    assert len(planning.split_rounds(angles, members=5, max_per_day=10)) == 1


def test_daily_forest_patrols_in_the_fire_season(township):
    from shapely.geometry import Point

    from gis.model import FireSeason, Site

    project, ids = township
    with project.transaction() as s:
        cp = Site(name="张庄检查站", category="checkpoint", sector="forest_fire", geom=Point(113.23, 33.68))
        s.add(cp)
        s.add(FireSeason(name="防火期", start_date=date(2026, 11, 26), end_date=date(2027, 4, 30)))
        s.flush()
        repo.assign_site_grids(s)
        repo.set_setting(s, "patrol.max_stops_per_day", 12)
        cp_id = cp.id
    result = planning.plan(project, WEEK)
    with project.session() as s:
        days = sorted(a.planned_on for a in assignments(s, ids["grid"]) for st in a.stops if st.site_id == cp_id)
    # daily from Thursday, the season's first day; the weekend belongs to the rangers' duty roster
    assert days == [date(2026, 11, 26), date(2026, 11, 27)]
    assert world.GRID not in result.unplanned
    month = planning.plan(project, parse_period("2026-12"))
    with project.session() as s:
        december = [a.planned_on for a in s.scalars(select(PatrolAssignment).where(PatrolAssignment.period == "2026-12"))
                    for st in a.stops if st.site_id == cp_id]
    assert len(december) == 23 and len(set(december)) == 23        # every working day of December, once
    assert world.GRID not in month.unplanned


def test_cancel_from_another_thread_writes_nothing(township):
    """The window cancels from the UI thread while planning runs on a worker: the first checkpoint
    after it stops the plan and the transaction rolls back."""
    import threading

    from gis.feedback import Cancelled, Feedback

    project, _ = township
    seen = []

    def report(fraction, text):
        seen.append(text)
        if text.startswith("正在排巡查路线"):          # the user presses 取消 while the grids are routed
            t = threading.Thread(target=feedback.cancel)
            t.start()
            t.join()

    feedback = Feedback(report)
    with pytest.raises(Cancelled):
        planning.plan(project, WEEK, feedback=feedback)
    assert seen == ["正在读取到期的巡查点", "正在排巡查路线：网格 0/8"]
    with project.session() as s:
        assert s.scalar(select(func.count()).select_from(PatrolAssignment)) == 0
    result = planning.plan(project, WEEK, feedback=Feedback())   # and it plans once let be
    assert result.assignments == 3
def test_a_rangers_day_and_the_grid_members_day_are_separate_plans(township):
    project, ids = township
    day = parse_period("2026-11-23")
    with project.transaction() as s:   # a rangers' round of the same day, stored the way gis.fire.ranger_rounds does
        ranger = rounds.write_round(s, kind="ranger", period=day.label, grid_id=ids["grid"],
                                    person_id=min(ids["members"]), day=day.start,
                                    route=SimpleNamespace(geom=None, length_m=0.0, order=[0]),
                                    site_ids=[ids["committee"]])
        s.flush()
        ranger_id = ranger.id
    first = planning.plan(project, day)
    again = planning.plan(project, day)            # re-planning the grid day leaves the rangers' round alone
    assert first.assignments > 0 and again.replaced == first.assignments and again.kept == 0
    with project.session() as s:
        kinds = dict(s.execute(select(PatrolAssignment.id, PatrolAssignment.kind)
                               .where(PatrolAssignment.period == day.label)).all())
        assert kinds.pop(ranger_id) == "ranger" and set(kinds.values()) == {"grid"}
        assert rounds.count(s, "grid", day.label) == first.assignments and rounds.count(s, "ranger", day.label) == 1


def test_a_site_planned_in_a_week_is_not_planned_again_by_the_month(new_project):
    """Plans of overlapping periods: the week 2026-W50 (Dec 7–13) first, then December: each site is visited once
    per its interval across both plans, and the month still plans the weeks the week does not cover; then the week
    2026-W53 (Dec 28 – Jan 3) does not plan again what the month holds on Dec 28."""
    from shapely.geometry import Point

    from gis.model import Site
    from gis.patrols.due import due_visits

    with new_project.transaction() as s:
        w = world.build(s)
        weekly = Site(name="张庄客运站", category="passenger_station", sector="transport", status="normal",
                      geom=Point(113.222, 33.661))      # 交通·每周一次
        s.add(weekly)
        s.flush()
        repo.assign_site_grids(s)
        weekly_id, grid_id = weekly.id, w["grids"][world.GRID].id
    week = planning.plan(new_project, parse_period("2026-W50"))
    month = planning.plan(new_project, parse_period("2026-12"))
    assert week.stops == 7            # the six shops (never visited: due at once) and the bus station

    def planned(s, *periods):
        rows = s.execute(select(PatrolStop.site_id, PatrolAssignment.planned_on).join(PatrolAssignment)
                         .where(PatrolAssignment.grid_id == grid_id, PatrolAssignment.period.in_(periods))).all()
        days: dict[int, list] = {}
        for sid, day in rows:
            days.setdefault(sid, []).append(day)
        return {sid: sorted(ds) for sid, ds in days.items()}

    with new_project.session() as s:
        intervals = {r.name: r.interval_days for r in planning.pr.load_rules(s)}
        table = due_visits(s, parse_period("2026-12"), grid_ids=[grid_id]).sites
        rule_of = dict(zip(table["id"].tolist(), table["rule"].tolist(), strict=True))
        days = planned(s, "2026-W50", "2026-12")
    for sid, ds in days.items():
        assert all((b - a).days >= intervals[rule_of[sid]] for a, b in zip(ds, ds[1:], strict=False)), (sid, ds)
    # the bus station: Dec 7 by the week, then a week on from it by the month (not Dec 1 nor Dec 8 as well)
    assert [d.day for d in days[weekly_id]] == [7, 14, 21, 28]
    assert month.stops == 3           # the half-yearly shops were all planned by the week: not again

    planning.plan(new_project, parse_period("2026-W53"))
    with new_project.session() as s:
        assert weekly_id not in planned(s, "2026-W53")     # the month visits it on Dec 28
