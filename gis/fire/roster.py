"""The duty roster (值班表) of a fire season: generation, manual edits and the no-double-booking rule.

Generation fills every slot (gis.fire.duty_posts) from the day given to the end of the season:
- nobody stands two overlapping shifts, nor a shift during their unavailability;
- fair rotation: each person's load is kept close to a fair share that only grows on days they are
  available (so someone back from leave does not "catch up" with a run of shifts); weekends and
  holidays are balanced among those tied on load; a person just off a shift is chosen last;
- manual shifts (DutyShift.manual) and past shifts are kept; only future generated shifts are replaced.
All of it runs in the caller's session: inside `project.transaction()` it happens entirely or not at all.
"""
from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from gis import vocab
from gis.errors import ValidationError
from gis.feedback import Feedback, ensure
from gis.fire.duty_posts import Post, Slot, duty_config, season_posts, slots
from gis.fire.seasons import DayCalendar, season_periods
from gis.model import AdminUnit, DutyShift, FireSeason, Person, Site, Unavailability

REST_HOURS = 24  # a person who finished a shift less than this long ago is chosen last


def interval_text(start: datetime, end: datetime, lang: str = "zh") -> str:
    """2026-12-01 08:00–次日08:00 (or –20:00 the same day, or the full end date otherwise); English: "… – next
    day 08:00"."""
    head = f"{start:%Y-%m-%d %H:%M}"
    if end.date() == start.date():
        return f"{head}–{end:%H:%M}"
    if end.date() == start.date() + timedelta(days=1):
        return f"{head} – next day {end:%H:%M}" if lang == "en" else f"{head}–次日{end:%H:%M}"
    return f"{head}–{end:%Y-%m-%d %H:%M}"


@dataclass
class Busy:
    """Who is busy when: sorted shift intervals per person, with the place for messages."""

    spans: dict[int, list[tuple[datetime, datetime, str]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, pid: int, start: datetime, end: datetime, place: str) -> None:
        bisect.insort(self.spans[pid], (start, end, place))

    def clash(self, pid: int, start: datetime, end: datetime) -> tuple[datetime, datetime, str] | None:
        spans = self.spans.get(pid, [])
        i = bisect.bisect_left(spans, (end,))  # spans starting at or after `end` cannot overlap
        # a person's spans never overlap, so their ends are sorted too: only the latest can reach `start`
        return spans[i - 1] if i and spans[i - 1][1] > start else None

    def rested(self, pid: int, start: datetime) -> bool:
        spans = self.spans.get(pid, [])
        i = bisect.bisect_left(spans, (start,))
        return not any(sp[1] > start - timedelta(hours=REST_HOURS) for sp in spans[max(0, i - 3):i])


def _unavailable(s: Session, first: date | None = None) -> dict[int, list[Unavailability]]:
    q = select(Unavailability).order_by(Unavailability.start_date)
    if first is not None:
        q = q.where(Unavailability.end_date >= first)
    out: dict[int, list[Unavailability]] = defaultdict(list)
    for u in s.scalars(q):
        out[u.person_id].append(u)
    return out


def _away(records: list[Unavailability], start: datetime, end: datetime) -> Unavailability | None:
    for u in records:
        if datetime.combine(u.start_date, time.min) < end and datetime.combine(u.end_date + timedelta(1), time.min) > start:
            return u
    return None


def place_of(s: Session, shift: DutyShift) -> str:
    if shift.site_id is not None:
        return s.get(Site, shift.site_id).name
    if shift.admin_unit_id is not None:
        return s.get(AdminUnit, shift.admin_unit_id).name
    return vocab.label("duty_posts", shift.post)


def _doing(place: str, post: str) -> str:
    """"荆山检查站 值守" / "荆山街道 值班": where someone is and what they do there."""
    return f"{place} {'值守' if post == 'checkpoint' else '值班'}"


def _busy_from_db(s: Session, first: datetime, last: datetime, exclude: int | None = None) -> Busy:
    busy = Busy()
    q = select(DutyShift).where(DutyShift.ends_at > first, DutyShift.starts_at < last)
    for sh in s.scalars(q):
        if sh.id != exclude:
            busy.add(sh.person_id, sh.starts_at, sh.ends_at, _doing(place_of(s, sh), sh.post))
    return busy


def check_free(s: Session, person: Person, start: datetime, end: datetime, *, exclude: int | None = None) -> None:
    """Refuse, naming the conflict, when `person` cannot take a shift from start to end."""
    clash = _busy_from_db(s, start, end, exclude).clash(person.id, start, end)
    if clash is not None:
        raise ValidationError(f"{person.name} {interval_text(clash[0], clash[1])} 已在 {clash[2]}",
                              en=f"{person.name} is already at {clash[2]} {interval_text(clash[0], clash[1], 'en')}")
    away = _away(_unavailable(s).get(person.id, []), start, end)
    if away is not None:
        reason = f"（{away.reason}）" if away.reason else ""
        raise ValidationError(f"{person.name} {away.start_date}至{away.end_date} 不能值班{reason}",
                              en=f"{person.name} cannot be on duty from {away.start_date} to {away.end_date}"
                                 + (f" ({away.reason})" if away.reason else ""))


def add_shift(
    s: Session, season: FireSeason, person: Person, post: str, start: datetime, end: datetime, *,
    admin_unit: AdminUnit | None = None, site: Site | None = None,
) -> DutyShift:
    """A shift the planner sets by hand (manual: kept when the roster is regenerated)."""
    if post not in vocab.keys("duty_posts"):
        raise ValidationError(f"未知的值班岗位：{post}", en=f"Unknown duty post: {post}")
    if (post == "checkpoint") != (site is not None) or (post != "checkpoint" and admin_unit is None):
        raise ValidationError("检查站值守须指定检查站，其他值班须指定行政区",
                              en="Checkpoint duty needs a checkpoint; other duty needs an administrative area")
    if end <= start:
        raise ValidationError("值班结束时间必须晚于开始时间", en="A shift must end after it starts")
    check_free(s, person, start, end)
    shift = DutyShift(season_id=season.id, person_id=person.id, post=post, starts_at=start, ends_at=end,
                      admin_unit_id=admin_unit.id if admin_unit else None, site_id=site.id if site else None,
                      manual=True)
    s.add(shift)
    s.flush()
    return shift


def change_person(s: Session, shift: DutyShift, person: Person) -> DutyShift:
    """Give a shift to another person by hand; refused with the conflict named."""
    check_free(s, person, shift.starts_at, shift.ends_at, exclude=shift.id)
    shift.person_id = person.id
    shift.manual = True
    s.flush()
    return shift


def shift_on(s: Session, season: FireSeason, person: Person, day: date, *, admin_unit: AdminUnit | None = None,
             site: Site | None = None) -> DutyShift | None:
    """The person's shift starting on `day` at a checkpoint or in an admin unit's duty."""
    q = select(DutyShift).where(
        DutyShift.season_id == season.id, DutyShift.person_id == person.id,
        DutyShift.starts_at >= datetime.combine(day, time.min),
        DutyShift.starts_at < datetime.combine(day + timedelta(days=1), time.min),
    )
    q = q.where(DutyShift.site_id == site.id) if site is not None else q.where(DutyShift.admin_unit_id == admin_unit.id)
    return s.scalars(q.order_by(DutyShift.starts_at)).first()


@dataclass
class RosterResult:
    created: int = 0
    kept: int = 0
    removed: int = 0
    shortfalls: list[tuple[Slot, int]] = field(default_factory=list)  # slot, people missing
    posts: list[Post] = field(default_factory=list)

    def shortfall_texts(self) -> list[str]:
        return [f"{sl.post.place} {interval_text(sl.starts_at, sl.ends_at)} 缺 {n} 人（应 {sl.need} 人）"
                for sl, n in self.shortfalls]


@dataclass
class _Load:
    count: int = 0
    special: int = 0
    fair: float = 0.0  # the fair share accumulated on days the person was available
    last: datetime = datetime.min


def generate(s: Session, season: FireSeason, *, start: date | None = None,
             feedback: Feedback | None = None) -> RosterResult:
    """(Re)generate the roster from `start` (default: the season's start) to the end of the season.
    `feedback` hears of the shifts placed and may cancel (the caller's transaction then rolls back)."""
    feedback = ensure(feedback)
    feedback.progress(None, feedback.say("正在读取值班岗位", "Reading duty posts"))
    first = max(start or season.start_date, season.start_date)
    first_at = datetime.combine(first, time.min)
    season_end = datetime.combine(season.end_date + timedelta(days=1), time.min)
    cfg = duty_config(s)
    days = DayCalendar(season_periods(s, season))
    posts = season_posts(s, season, cfg)
    result = RosterResult(posts=posts)
    result.removed = s.execute(
        delete(DutyShift).where(DutyShift.season_id == season.id, DutyShift.manual.is_(False),
                                DutyShift.starts_at >= first_at)
    ).rowcount
    kept = list(s.scalars(select(DutyShift).where(DutyShift.season_id == season.id)))
    result.kept = len(kept)
    loads: dict[int, _Load] = defaultdict(_Load)
    pools = {p.key: p.pool for p in posts}
    for sh in kept:  # everything kept counts: its share is spread over the post's pool
        ld = loads[sh.person_id]
        ld.count += 1
        ld.special += days.is_special(sh.starts_at.date())
        ld.last = max(ld.last, sh.starts_at)
        pool = pools.get((sh.post, sh.admin_unit_id, sh.site_id)) or (sh.person_id,)
        for p in pool:
            loads[p].fair += 1 / len(pool)
    busy = _busy_from_db(s, first_at - timedelta(hours=REST_HOURS), season_end + timedelta(days=2))
    manual_filled: dict[tuple, int] = defaultdict(int)
    for sh in kept:
        manual_filled[(sh.post, sh.admin_unit_id, sh.site_id, sh.starts_at)] += 1
    away = _unavailable(s, first)
    rows = []
    # scarce posts first, so a person in several pools goes where fewest can stand in
    todo = sorted(slots(cfg, posts, days, first, season.end_date), key=lambda sl: (sl.starts_at, len(sl.post.pool)))
    for n, sl in enumerate(todo):
        if n % 256 == 0:
            feedback.step(n, len(todo), feedback.say("正在排班", "Planning shifts"))
        missing = sl.need - manual_filled[sl.key]
        if missing <= 0:
            continue
        free = [p for p in sl.post.pool
                if busy.clash(p, sl.starts_at, sl.ends_at) is None and _away(away.get(p, []), sl.starts_at, sl.ends_at) is None]
        for p in free:
            loads[p].fair += missing / len(free)

        def rank(p: int, sl: Slot = sl) -> tuple:
            ld = loads[p]
            return (round(ld.count - ld.fair, 6), not busy.rested(p, sl.starts_at),
                    ld.special if sl.special else -ld.special, ld.last, p)

        chosen = sorted(free, key=rank)[:missing]
        for p in chosen:
            ld = loads[p]
            ld.count += 1
            ld.special += sl.special
            ld.last = sl.starts_at
            busy.add(p, sl.starts_at, sl.ends_at, _doing(sl.post.place, sl.post.post))
            rows.append({"season_id": season.id, "person_id": p, "post": sl.post.post,
                         "admin_unit_id": sl.post.admin_unit_id, "site_id": sl.post.site_id,
                         "starts_at": sl.starts_at, "ends_at": sl.ends_at, "manual": False})
        if len(chosen) < missing:
            result.shortfalls.append((sl, missing - len(chosen)))
    feedback.step(len(todo), len(todo), feedback.say("正在排班", "Planning shifts"))
    if rows:
        s.execute(insert(DutyShift), rows)
    result.created = len(rows)
    s.flush()
    feedback.check()
    return result


def season_shifts(s: Session, season: FireSeason) -> list[DutyShift]:
    return list(s.scalars(select(DutyShift).where(DutyShift.season_id == season.id)
                          .order_by(DutyShift.starts_at, DutyShift.post, DutyShift.admin_unit_id,
                                    DutyShift.site_id, DutyShift.person_id)))


def conflict_shifts(s: Session, season: FireSeason) -> list[tuple[str, tuple[int, ...]]]:
    """Each double booking or shift during unavailability, with the ids of the shifts concerned."""
    out = []
    by_person: dict[int, list[DutyShift]] = defaultdict(list)
    for sh in season_shifts(s, season):
        by_person[sh.person_id].append(sh)
    away = _unavailable(s)
    for pid, shifts in by_person.items():
        name = s.get(Person, pid).name
        for a, b in itertools.pairwise(shifts):
            if b.starts_at < a.ends_at:
                text = f"{name} {interval_text(b.starts_at, b.ends_at)} 同时排在 {place_of(s, a)} 和 {place_of(s, b)}"
                out.append((text, (a.id, b.id)))
        for sh in shifts:
            u = _away(away.get(pid, []), sh.starts_at, sh.ends_at)
            if u is not None:
                text = (f"{name} {interval_text(sh.starts_at, sh.ends_at)} 排在 {place_of(s, sh)}，但 "
                        f"{u.start_date}至{u.end_date} 不能值班")
                out.append((text, (sh.id,)))
    return out


def conflicts(s: Session, season: FireSeason) -> list[str]:
    """Double bookings and shifts during unavailability in a season's roster (should be none)."""
    return [text for text, _ids in conflict_shifts(s, season)]
