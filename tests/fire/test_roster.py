"""The duty roster: fair, respects unavailability, more staff when it matters, never double-books,
keeps manual edits on regeneration, and happens entirely or not at all."""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from gis.errors import ValidationError
from gis.fire import roster
from gis.fire import seasons as forestfire
from gis.fire.registers import add_unavailability
from gis.fire.seasons import CriticalSpan, DayCalendar
from gis.model import AdminUnit, DutyShift, Person, Site
from tests.fire import world
from tests.fire.conftest import person

START, END = date(2026, 11, 16), date(2027, 2, 28)
CRITICAL = CriticalSpan("春节紧要期", date(2027, 2, 1), date(2027, 2, 28))


def _season(s):
    return forestfire.plan_season(s, 2026, start=START, end=END, critical=[CRITICAL])


def _by_person(s, season, names):
    ids = {person(s, n).id: n for n in names}
    days = DayCalendar(forestfire.season_periods(s, season))
    total, special = Counter(), Counter()
    for sh in roster.season_shifts(s, season):
        if sh.person_id in ids:
            total[ids[sh.person_id]] += 1
            special[ids[sh.person_id]] += days.is_special(sh.starts_at.date())
    return total, special


def _assert_no_double_booking(s, season):
    spans = defaultdict(list)
    for sh in roster.season_shifts(s, season):
        spans[sh.person_id].append((sh.starts_at, sh.ends_at))
    for items in spans.values():
        items.sort()
        assert all(b[0] >= a[1] for a, b in zip(items, items[1:]))
    assert roster.conflicts(s, season) == []


def test_rotation_is_fair_and_complete(fire_project):
    with fire_project.transaction() as s:
        season = _season(s)
        result = roster.generate(s, season)
        assert result.shortfalls == [] and result.created > 0
        assert {p.place for p in result.posts} == {"湛河区", "荆山街道", "张庄村", "荆山检查站", "张庄临时检查站"}
        for pool in (world.DISTRICT_OFFICERS, world.TOWNSHIP_OFFICERS, world.RANGERS):
            total, special = _by_person(s, season, pool)
            assert len(total) == len(pool)
            assert max(total.values()) - min(total.values()) <= 1, total
            assert max(special.values()) - min(special.values()) <= 1, special
        _assert_no_double_booking(s, season)


def test_critical_and_key_periods_get_more_staff(fire_project):
    with fire_project.transaction() as s:
        season = _season(s)
        roster.generate(s, season)
        district = s.scalars(select(AdminUnit).where(AdminUnit.level == "district")).one()
        temporary = s.scalars(select(Site).where(Site.name == "张庄临时检查站")).one()

        def heads(day, **where):
            col = DutyShift.site_id if "site" in where else DutyShift.admin_unit_id
            target = where.get("site", where.get("unit"))
            return s.scalar(select(func.count()).where(
                DutyShift.season_id == season.id, col == target.id,
                DutyShift.starts_at == datetime(day.year, day.month, day.day, 8)))

        assert heads(date(2026, 12, 2), unit=district) == 1  # normal
        assert heads(date(2027, 1, 1), unit=district) == 2  # 元旦 (key)
        assert heads(date(2027, 2, 10), unit=district) == 2  # critical
        assert heads(date(2026, 12, 2), site=temporary) == 0  # a temporary checkpoint rests in normal days
        assert heads(date(2027, 1, 1), site=temporary) == 1
        assert heads(date(2027, 2, 10), site=temporary) == 2


def test_unavailability_respected_and_not_caught_up(fire_project):
    with fire_project.transaction() as s:
        season = _season(s)
        away = person(s, "林木森")
        add_unavailability(s, away, date(2026, 12, 10), date(2026, 12, 20), "请假")
        result = roster.generate(s, season)
        assert result.shortfalls == []
        mine = [sh for sh in roster.season_shifts(s, season) if sh.person_id == away.id]
        assert mine and not [sh for sh in mine if sh.ends_at > datetime(2026, 12, 10) and sh.starts_at < datetime(2026, 12, 21)]
        # no run of duty on return: within the 9 days after the leave he stands at most 4 of 9
        back = [sh for sh in mine if datetime(2026, 12, 21) <= sh.starts_at < datetime(2026, 12, 30)]
        assert len(back) <= 4
        total, _ = _by_person(s, season, world.RANGERS)
        assert total["林木森"] < min(total["杨树青"], total["柏长青"])


def test_manual_double_booking_refused_with_the_conflict_named(fire_project):
    with fire_project.transaction() as s:
        season = _season(s)
        fixed = s.scalars(select(Site).where(Site.name == "荆山检查站")).one()
        district = s.scalars(select(AdminUnit).where(AdminUnit.level == "district")).one()
        wang = person(s, "王建国")
        roster.add_shift(s, season, wang, "checkpoint", datetime(2026, 12, 1, 8), datetime(2026, 12, 2, 8), site=fixed)
        with pytest.raises(ValidationError) as e:
            roster.add_shift(s, season, wang, "district_duty", datetime(2026, 12, 1, 20), datetime(2026, 12, 2, 20),
                             admin_unit=district)
        assert e.value.message == "王建国 2026-12-01 08:00–次日08:00 已在 荆山检查站 值守"
        # touching is not overlapping: the next day's shift is allowed
        roster.add_shift(s, season, wang, "district_duty", datetime(2026, 12, 2, 8), datetime(2026, 12, 3, 8),
                         admin_unit=district)
        add_unavailability(s, wang, date(2026, 12, 5), date(2026, 12, 6), "培训")
        with pytest.raises(ValidationError, match="王建国 2026-12-05至2026-12-06 不能值班（培训）"):
            roster.add_shift(s, season, wang, "checkpoint", datetime(2026, 12, 6, 8), datetime(2026, 12, 7, 8), site=fixed)


def test_change_person_refused_when_busy(fire_project):
    with fire_project.transaction() as s:
        season = _season(s)
        roster.generate(s, season)
        shifts = roster.season_shifts(s, season)
        at = datetime(2026, 12, 3, 8)
        district_shift = next(sh for sh in shifts if sh.post == "district_duty" and sh.starts_at == at)
        fixed_id = s.scalars(select(Site.id).where(Site.name == "荆山检查站")).one()
        ranger_shift = next(sh for sh in shifts if sh.site_id == fixed_id and sh.starts_at == at)
        ranger = s.get(Person, ranger_shift.person_id)
        with pytest.raises(ValidationError, match=f"^{ranger.name} 2026-12-03 08:00–次日08:00 已在 荆山检查站 值守$"):
            roster.change_person(s, district_shift, ranger)
        assert not district_shift.manual and district_shift.person_id != ranger.id  # refused: unchanged


def test_regeneration_keeps_manual_and_past_shifts(fire_project):
    with fire_project.transaction() as s:
        season = _season(s)
        roster.generate(s, season)
    with fire_project.transaction() as s:
        season = forestfire.find_season(s, 2026)
        before = {sh.id: (sh.person_id, sh.starts_at) for sh in roster.season_shifts(s, season)}
        target = next(sh for sh in roster.season_shifts(s, season)
                      if sh.post == "township_duty" and sh.starts_at == datetime(2027, 1, 20, 8))
        town = s.get(AdminUnit, target.admin_unit_id)
        other = next(n for n in world.TOWNSHIP_OFFICERS if person(s, n).id != target.person_id
                     and all(roster.shift_on(s, season, person(s, n), d, admin_unit=town) is None
                             for d in (date(2027, 1, 19), date(2027, 1, 20))))
        roster.change_person(s, target, person(s, other))
        manual_id = target.id
    with fire_project.transaction() as s:
        season = forestfire.find_season(s, 2026)
        result = roster.generate(s, season, start=date(2027, 1, 1))
        after = {sh.id: (sh.person_id, sh.starts_at) for sh in roster.season_shifts(s, season)}
        past = {k: v for k, v in before.items() if v[1] < datetime(2027, 1, 1)}
        assert all(after[k] == v for k, v in past.items())  # past shifts untouched
        assert after[manual_id] == (person(s, other).id, datetime(2027, 1, 20, 8))  # the manual edit kept
        assert s.get(DutyShift, manual_id).manual
        assert result.kept == len(past) + 1
        future_generated = {k for k, v in before.items() if v[1] >= datetime(2027, 1, 1)} - {manual_id}
        assert result.removed == len(future_generated)  # the rest of the season was generated afresh
        assert result.created == len(future_generated)  # same slots, one of them already filled by hand
        # the manual shift fills its slot: that day's township duty still has exactly the required 1
        assert sum(1 for sh in roster.season_shifts(s, season)
                   if sh.post == "township_duty" and sh.starts_at == datetime(2027, 1, 20, 8)) == 1
        _assert_no_double_booking(s, season)


def test_generation_is_all_or_nothing(fire_project):
    with fire_project.transaction() as s:
        _season(s)
    with pytest.raises(RuntimeError):
        with fire_project.transaction() as s:
            roster.generate(s, forestfire.find_season(s, 2026))
            raise RuntimeError("cancelled")
    with fire_project.session() as s:
        assert s.scalar(select(func.count()).select_from(DutyShift)) == 0


def test_shortfall_reported_when_nobody_can_stand(fire_project):
    with fire_project.transaction() as s:
        season = _season(s)
        for name in world.GUARDS:
            add_unavailability(s, person(s, name), date(2027, 2, 1), date(2027, 2, 3), "出差")
        result = roster.generate(s, season)
        texts = result.shortfall_texts()
        assert "张庄临时检查站 2027-02-01 08:00–次日08:00 缺 2 人（应 2 人）" in texts
        assert len([t for t in texts if t.startswith("张庄临时检查站")]) == 3


def test_cancelled_generation_writes_nothing(fire_project):
    from gis.feedback import Cancelled, Feedback

    with fire_project.transaction() as s:
        _season(s)
    seen = []

    def report(fraction, text):
        seen.append((fraction, text))
        if fraction and fraction > 0.3:
            feedback.cancel()

    feedback = Feedback(report)
    with pytest.raises(Cancelled), fire_project.transaction() as s:
        roster.generate(s, forestfire.find_season(s, 2026), feedback=feedback)
    assert seen[0] == (None, "正在读取值班岗位") and seen[1][1].startswith("正在排班 0/")
    with fire_project.session() as s:
        assert s.scalar(select(func.count()).select_from(DutyShift)) == 0
