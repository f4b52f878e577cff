"""The report schedule (resources/report_schedule.yaml) and what the calendar lists and reminds of."""
from __future__ import annotations

from datetime import date, time

import pytest
import yaml

from gis.stats import calendar
from gis.stats.calendar import ScheduleError, due_items, load_schedule, reminders
from gis.stats.campaigns import CampaignData, KpiChoice, PhaseData

DEC = (date(2026, 12, 1), date(2026, 12, 31))


def _reports(kind, start, end, schedule=None):
    return [i for i in due_items(schedule or load_schedule(), [], start, end) if i.report == kind]


def test_weekly_report_due_every_friday_before_eleven_for_its_iso_week():
    items = _reports("weekly", *DEC)
    assert [i.on.day for i in items] == [4, 11, 18, 25]
    assert all(i.on.isoweekday() == 5 and i.at == time(11, 0) for i in items)
    assert [i.period for i in items] == ["2026-W49", "2026-W50", "2026-W51", "2026-W52"]
    assert items[0].title == "11:00前报送周报：2026年第49周（11.30—12.06）"
    assert items[0].due.isoformat() == "2026-12-04T11:00:00"
    # the first Friday of 2027 reports ISO week 53 of 2026
    assert _reports("weekly", date(2027, 1, 1), date(2027, 1, 1))[0].period == "2026-W53"


def test_monthly_quarterly_and_yearly_due_dates_and_periods():
    items = due_items(load_schedule(), [], date(2026, 1, 1), date(2026, 12, 31))
    monthly = [i for i in items if i.report == "monthly"]
    assert [(i.on, i.period) for i in monthly[:2]] == [(date(2026, 1, 24), "2026-01"), (date(2026, 2, 24), "2026-02")]
    assert len(monthly) == 12 and {i.on.day for i in monthly} == {24}
    quarterly = [(i.on, i.period) for i in items if i.report == "quarterly"]
    assert quarterly == [(date(2026, 3, 24), "2026-Q1"), (date(2026, 6, 24), "2026-Q2"),
                         (date(2026, 9, 24), "2026-Q3"), (date(2026, 12, 24), "2026-Q4")]
    assert [(i.on, i.period, i.title) for i in items if i.report == "yearly"] == [
        (date(2026, 12, 8), "2026", "17:00前报送年报：2026年")]
    # same day, same time: the monthly report listed before the quarterly one
    dec24 = [i.report for i in items if i.on == date(2026, 12, 24)]
    assert dec24 == ["monthly", "quarterly"]


def test_project_overrides_apply_and_a_day_past_month_end_is_the_last_day():
    s = load_schedule({"reports": {"monthly": {"day": 31}, "yearly": {"enabled": False}},
                       "campaigns": {"milestone": 2}})
    feb = _reports("monthly", date(2027, 2, 1), date(2027, 2, 28), s)
    assert [(i.on, i.period) for i in feb] == [(date(2027, 2, 28), "2027-02")]
    assert _reports("yearly", *DEC, schedule=s) == []
    assert s.campaign_lead["milestone"] == 2


@pytest.mark.parametrize("overrides, key", [
    ({"reports": {"monthly": {"day": 32}}}, "reports.monthly.day"),
    ({"reports": {"weekly": {"weekday": "周五"}}}, "reports.weekly.weekday"),
    ({"reports": {"weekly": {"time": "25:00"}}}, "reports.weekly.time"),
    ({"reports": {"weekly": {"day": 3}}}, "reports.weekly.day"),
    ({"reports": {"daily": {"day": 3}}}, "reports.daily"),
    ({"campaigns": {"milestone": -1}}, "campaigns.milestone"),
    ({"reports": {"monthly": {"lead_days": True}}}, "reports.monthly.lead_days"),
])
def test_a_bad_override_names_the_setting_and_the_key(overrides, key):
    with pytest.raises(ScheduleError) as e:
        load_schedule(overrides)
    assert "项目设置 report_schedule" in e.value.message and key in e.value.message


def test_a_bad_schedule_file_names_the_file_and_the_key(tmp_path):
    raw = yaml.safe_load(calendar.SCHEDULE_FILE.read_text(encoding="utf-8"))
    del raw["reports"]["quarterly"]["month"]
    path = tmp_path / "report_schedule.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ScheduleError) as e:
        load_schedule(path=path)
    assert str(path) in e.value.message and "reports.quarterly.month 缺失" in e.value.message
    # unquoted 11:00 is a YAML 1.1 number (660): refused, naming the key
    path.write_text(calendar.SCHEDULE_FILE.read_text(encoding="utf-8").replace('"11:00"', "11:00"), encoding="utf-8")
    with pytest.raises(ScheduleError, match=r"reports\.weekly\.time 应为时刻"):
        load_schedule(path=path)


def _campaign(**phase_changes) -> CampaignData:
    phases = (
        PhaseData(id=11, name="排查整治", start_on=date(2026, 12, 1), end_on=date(2026, 12, 20)),
        PhaseData(id=12, kind="milestone", name="隐患整改销号", end_on=date(2026, 12, 10), kpi="rectification_rate",
                  target=100.0),
    )
    return CampaignData(id=5, name="冬季专项整治", start_on=date(2026, 12, 1), end_on=date(2027, 1, 31), phases=phases)


KPIS = KpiChoice(names={"rectification_rate": "隐患整改率"}, rates=frozenset({"rectification_rate"}), known=True)


def test_phase_items_carry_the_campaign_phase_and_target():
    items = due_items(load_schedule(), [_campaign()], *DEC, kpis=KPIS)
    phase = [i for i in items if i.campaign_id == 5]
    assert [(i.kind, i.on.day) for i in phase] == [("phase_start", 1), ("milestone", 10), ("phase_end", 20)]
    milestone = phase[1]
    assert (milestone.phase_id, milestone.phase, milestone.kpi, milestone.target) == (12, "隐患整改销号",
                                                                                     "rectification_rate", 100.0)
    assert milestone.title == "冬季专项整治·节点：隐患整改销号（目标：隐患整改率 达到 100%）"
    assert milestone.lead_days == 7 and milestone.at is None
    # only what falls in the window
    assert [i.kind for i in due_items(load_schedule(), [_campaign()], date(2026, 12, 15), date(2026, 12, 31))
            if i.campaign_id] == ["phase_end"]


def test_reminders_open_lead_days_before_and_close_after_the_day():
    s = load_schedule({"campaigns": {"milestone": 3}})
    items = due_items(s, [_campaign()], *DEC, kpis=KPIS)
    milestone = next(i for i in items if i.kind == "milestone")
    # a milestone in 2 days with lead 3 → reminded; 4 days ahead → not yet; the day after → past
    assert milestone in reminders(items, date(2026, 12, 8))
    assert milestone not in reminders(items, date(2026, 12, 6))
    assert milestone in reminders(items, date(2026, 12, 10))          # due today
    assert milestone not in reminders(items, date(2026, 12, 11))
    # the weekly report (lead 1) on Thursday and Friday only
    friday = date(2026, 12, 11)
    weekly = next(i for i in items if i.report == "weekly" and i.on == friday)
    assert [d.day for d in (date(2026, 12, n) for n in range(8, 13)) if weekly in reminders(items, d)] == [10, 11]
    # dismissed: not shown again, the others still are
    shown = reminders(items, date(2026, 12, 8))
    rest = reminders(items, date(2026, 12, 8), dismissed={milestone.key})
    assert milestone not in rest and len(rest) == len(shown) - 1


def test_a_moved_milestone_is_a_new_reminder():
    a = due_items(load_schedule(), [_campaign()], *DEC)
    moved = _campaign()
    moved = CampaignData(**{**moved.__dict__, "phases": (moved.phases[0], PhaseData(
        **{**moved.phases[1].__dict__, "end_on": date(2026, 12, 12)}))})
    b = due_items(load_schedule(), [moved], *DEC)
    key = lambda items: next(i.key for i in items if i.kind == "milestone")
    assert key(a) != key(b) and key(a).startswith("milestone:5:12:")
