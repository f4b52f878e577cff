"""Seasons: demo defaults marked, explicit values kept, key periods recomputed, per area."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from gis.errors import ValidationError
from gis.fire import seasons as forestfire
from gis.fire.seasons import CriticalSpan, DayCalendar
from gis.model import AdminUnit, KeyPeriod


def _periods(s, season):
    return {(p.name, p.kind): (p.start, p.end, p.rule) for p in forestfire.season_periods(s, season)}


def test_new_season_with_defaults_is_demo(fire_project):
    with fire_project.transaction() as s:
        season = forestfire.plan_season(s, 2026)
        assert (season.start_date, season.end_date) == (date(2026, 10, 1), date(2027, 5, 31))
        assert season.is_demo
        periods = _periods(s, season)
        assert periods[("春季紧要期", "critical")][2] == forestfire.DEMO_RULE
        assert periods[("春节", "key")][:2] == (date(2027, 2, 5), date(2027, 2, 12))
        assert periods[("清明", "key")][:2] == (date(2027, 4, 3), date(2027, 4, 7))
    with fire_project.session() as s:  # stored, and found again by year
        again = forestfire.find_season(s, 2026)
        assert again is not None and len(again.periods) == 7


def test_explicit_season_is_not_demo_and_update_recomputes(fire_project):
    with fire_project.transaction() as s:
        season = forestfire.plan_season(
            s, 2026, start=date(2026, 11, 1), end=date(2027, 4, 30),
            critical=[CriticalSpan("清明前后", date(2027, 3, 25), date(2027, 4, 15))],
        )
        assert not season.is_demo
        assert ("国庆", "key") not in _periods(s, season)
        forestfire.add_period(s, season, "县森林防火宣传日", date(2026, 11, 9), date(2026, 11, 9))
    with fire_project.transaction() as s:
        season = forestfire.plan_season(s, 2026, start=date(2026, 9, 25), end=date(2027, 5, 31))
        periods = _periods(s, season)
        assert periods[("国庆", "key")][:2] == (date(2026, 10, 1), date(2026, 10, 7))
        assert ("五一", "key") in periods
        assert periods[("县森林防火宣传日", "key")][2] is None  # the planner's own period is kept
        assert periods[("清明前后", "critical")][2] is None  # critical periods kept when not given
        assert not season.is_demo
        names = [p.name for p in s.scalars(select(KeyPeriod).where(KeyPeriod.season_id == season.id))]
        assert sorted(names) == sorted(set(names))  # recomputing replaced, never duplicated


def test_user_rule_applies_to_new_seasons(fire_project):
    with fire_project.transaction() as s:
        forestfire.add_period_rule(s, {"name": "寒衣节", "rule": {"calendar": "lunar", "month": 10, "day": 1},
                                       "span": [0, 1], "kind": "critical"})
        with pytest.raises(ValidationError, match="已有规则"):
            forestfire.add_period_rule(s, {"name": "春节", "rule": {"calendar": "lunar", "month": 1, "day": 1}})
        season = forestfire.plan_season(s, 2026)
        # lunar 10-1 of 2026 is 2026-11-09
        assert _periods(s, season)[("寒衣节", "critical")][:2] == (date(2026, 11, 9), date(2026, 11, 10))
        days = DayCalendar(forestfire.season_periods(s, season))
        assert days.kind_of(date(2026, 11, 9)) == "critical"
        assert days.kind_of(date(2026, 11, 11)) == "normal"
        assert days.kind_of(date(2027, 2, 6)) == "critical"  # 春节 inside the demo critical period
        assert days.kind_of(date(2027, 1, 1)) == "key"
        assert days.is_special(date(2027, 1, 1)) and days.is_special(date(2026, 11, 14))  # holiday, Saturday
        assert not days.is_special(date(2027, 3, 9))  # 二月二 is a key day but no holiday


def test_seasons_per_area(fire_project):
    with fire_project.transaction() as s:
        town = s.scalars(select(AdminUnit).where(AdminUnit.level == "township")).one()
        whole = forestfire.plan_season(s, 2026)
        local = forestfire.plan_season(s, 2026, area=town, start=date(2026, 10, 15), end=date(2027, 5, 15))
        assert whole.id != local.id and local.name.startswith("荆山街道")
        assert forestfire.find_season(s, 2026, town).id == local.id
        assert forestfire.find_season(s, 2026).id == whole.id
        village = s.scalars(select(AdminUnit).where(AdminUnit.level == "village")).first()
        with pytest.raises(ValidationError, match="区县或乡镇"):
            forestfire.plan_season(s, 2026, area=village)


@pytest.mark.parametrize("kwargs, message", [
    ({"start": date(2026, 10, 1), "end": date(2026, 9, 1)}, "必须晚于"),
    ({"start": date(2025, 10, 1), "end": date(2026, 5, 1)}, "应从 2026 年开始"),
    ({"critical": [CriticalSpan("紧要期", date(2027, 5, 20), date(2027, 6, 10))]}, "超出防火期"),
])
def test_bad_seasons_refused(fire_project, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        with fire_project.transaction() as s:
            forestfire.plan_season(s, 2026, **kwargs)
    with fire_project.session() as s:
        assert forestfire.find_season(s, 2026) is None  # nothing written


def test_the_season_year_of_a_day_runs_from_july_to_june():
    """Autumn opens the 年度 (a season runs from autumn into the next spring); the panels open on it, whatever the
    calendar year (the coverage panel once opened on 2026 for good)."""
    year = forestfire.season_year
    assert year(date(2026, 12, 5)) == 2026 and year(date(2027, 3, 1)) == 2026
    assert year(date(2026, 6, 30)) == 2025 and year(date(2026, 7, 1)) == 2026
