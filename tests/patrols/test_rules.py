"""Frequency rules: matching (most frequent wins), due dates, fire seasons, the project's table."""
from datetime import date, timedelta

import pytest
from shapely.geometry import Point
from sqlalchemy import select

from gis import repo
from gis.model import FireSeason, PatrolRule, Site
from gis.patrols import rules as pr
from gis.patrols.due import due_visits
from gis.patrols.periods import parse_period
from tests.patrols import world

RULES = pr.default_rules()


def site(**kw):
    base = {"id": 1, "sector": None, "category": "small_premises", "status": "normal", "attributes": {},
            "open_major_hazard": False}
    return {**base, **kw}


@pytest.mark.parametrize("facts, in_season, interval, ref", [
    (site(sector="fire", attributes={"lodging": True}), False, 91, "seed 001 L644"),
    (site(sector="fire", attributes={"lodging": False}), False, 182, "seed 001 L644"),
    (site(sector="fire"), False, 182, "seed 001 L644"),
    (site(sector="gas", category="catering"), False, 91, "seed 001 L201"),
    (site(sector="gas", category="lpg_station"), False, 365, "seed 001 L201"),
    (site(sector="transport", category="passenger_station"), False, 7, "seed 000 A215"),
    (site(sector="forest_fire", category="checkpoint"), True, 1, None),
    # idle and closed sites more often than their sector's rule
    (site(sector="fire", status="suspended"), False, 30, None),
    (site(sector="gas", category="catering", status="closed"), False, 30, None),
    # an open major hazard makes any site weekly
    (site(sector="gas", category="catering", open_major_hazard=True), False, 7, None),
])
def test_most_frequent_rule_wins(facts, in_season, interval, ref):
    rule = pr.applicable_rule(RULES, facts, in_season=in_season)
    assert rule.interval_days == interval
    if ref:
        assert rule.source_ref == ref


def test_season_only_rules_count_only_in_season():
    checkpoint = site(sector="forest_fire", category="checkpoint")
    assert pr.applicable_rule(RULES, checkpoint, in_season=False) is None
    assert pr.applicable_rule(RULES, checkpoint, in_season=True).interval_days == 1


def test_no_rule_no_due():
    assert pr.applicable_rule(RULES, site(category="village_committee")) is None


def test_ties_go_to_priority_and_inactive_rules_are_ignored():
    a = pr.Rule("甲", 30, sector="gas", id=1)
    b = pr.Rule("乙", 30, sector="gas", priority=5, id=2)
    c = pr.Rule("丙", 7, sector="gas", active=False, id=3)
    assert pr.applicable_rule([a, b, c], site(sector="gas")).name == "乙"


def test_vectorised_matching_agrees_with_one_by_one():
    facts = [site(id=i, sector=s, category=c, status=st, attributes={"lodging": lg}, open_major_hazard=m)
             for i, (s, c, st, lg, m) in enumerate([
                 ("fire", "school", "normal", False, False), ("gas", "catering", "normal", False, True),
                 ("gas", "lpg_station", "suspended", False, False), ("hazchem", "hazchem_enterprise", "normal", False, False),
                 (None, "village_committee", "normal", False, False), ("fire", "small_premises", "normal", True, False)])]
    many = pr.applicable(RULES, pr.site_frame(facts), in_season=False)
    one = [pr.applicable_rule(RULES, f) for f in facts]
    assert [RULES[i] if i >= 0 else None for i in many] == one
    assert [r.interval_days if r else None for r in one] == [182, 7, 30, 30, None, 91]


def test_due_date_and_due_days():
    weekly = pr.Rule("周", 7)
    assert pr.due_date(None, weekly) is None
    assert pr.due_date(date(2026, 11, 20), weekly) == date(2026, 11, 27)
    month = parse_period("2026-11")
    run = [pr.Run(month.start, month.end, weekly)]
    assert pr.due_days(date(2026, 10, 28), run) == [date(2026, 11, d) for d in (4, 11, 18, 25)]
    # overdue or never visited: due on the first day, then every interval
    assert pr.due_days(date(2026, 9, 1), run)[:2] == [date(2026, 11, 1), date(2026, 11, 8)]
    assert pr.due_days(None, run)[0] == date(2026, 11, 1)
    # not due again inside the period
    assert pr.due_days(date(2026, 11, 1), [pr.Run(month.start, month.end, pr.Rule("季", 91))]) == []


def test_season_runs_split_a_period():
    days = parse_period("2026-11").days
    runs = pr.season_runs(days, [(date(2026, 11, 15), date(2027, 4, 30))])
    assert runs == [(date(2026, 11, 1), date(2026, 11, 14), False), (date(2026, 11, 15), date(2026, 11, 30), True)]


def test_defaults_are_loaded_once_and_editable(new_project):
    with new_project.transaction() as s:
        assert pr.ensure_rules(s) == len(RULES)
        assert pr.ensure_rules(s) == 0
        row = s.scalar(select(PatrolRule).where(PatrolRule.source_ref == "seed 000 A215"))
        row.interval_days = 3
    with new_project.transaction() as s:
        rules = pr.load_rules(s)
        transport = pr.applicable_rule(rules, site(sector="transport"))
        assert transport.interval_days == 3 and transport.id == row.id
        assert pr.reset_rules(s) == len(RULES)
        assert pr.applicable_rule(pr.load_rules(s), site(sector="transport")).interval_days == 7


def test_due_visits_follow_history_and_season(new_project):
    with new_project.transaction() as s:
        w = world.build(s, extra_sites=0)
        pr.ensure_rules(s)
        cp = Site(name="张庄检查站", category="checkpoint", sector="forest_fire", status="normal",
                  geom=Point(113.23, 33.68))
        s.add(cp)
        s.flush()
        repo.assign_site_grids(s)
        s.add(FireSeason(name="2026—2027 年度防火期", start_date=date(2026, 11, 26), end_date=date(2027, 4, 30)))
        s.flush()
        week = parse_period("2026-W48")
        due = due_visits(s, week).visits
        cp_days = sorted(due[due["site_id"] == cp.id]["day"])
        assert cp_days == [date(2026, 11, 26) + timedelta(days=k) for k in range(4)]  # daily from the season start
        # the catering site with a supervised major hazard is weekly → due at once (never visited)
        catering = w["sites"][1]
        assert list(due[due["site_id"] == catering.id]["day"]) == [week.start]
