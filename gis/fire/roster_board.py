"""The roster board (值班表 as people × days or posts × days) as plain data, and its edits by id.

`load(s, season_id)` reads everything the board shows in one session (days and their kinds, posts,
shifts with their places, names, conflicts). `people_for` and `posts_for` say who may take a shift or
where a person may be added, free people of the post's own pool first — the domain answer the board's
dialogs list. The edits take ids (what a board cell holds) and go through gis.fire.roster.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from gis.feedback import Feedback
from gis.fire import roster
from gis.fire import seasons as forestfire
from gis.fire.duty_posts import Post, season_posts, shift_times
from gis.model import AdminUnit, DutyShift, FireSeason, Person, Site


@dataclass(frozen=True)
class ShiftInfo:
    id: int
    person_id: int
    post_key: tuple
    place: str
    starts_at: datetime
    ends_at: datetime
    manual: bool


@dataclass
class RosterData:
    """What the board shows, read in one session (plain data: the session is closed afterwards)."""

    season_id: int
    title: str
    days: list[date]
    kinds: dict[date, str]
    period_names: dict[date, list[str]]
    posts: list[Post]
    names: dict[int, str]
    people: list[int]  # everyone in some post's pool or on the roster, by name
    shifts: list[ShiftInfo]
    conflicts: list[str] = field(default_factory=list)
    conflict_of: dict[int, str] = field(default_factory=dict)  # shift id → message
    demo: bool = False                                          # the season holds demo values

    def title_in(self, lang: str = "zh") -> str:
        """The roster's heading in `lang` (`title`, as printed, in Chinese)."""
        if lang != "en" or not self.days:
            return self.title
        demo = " (demo data)" if self.demo else ""
        return f"Fire-season duty roster {self.days[0].year}–{self.days[-1].year}{demo}"


def season_id_of_year(s: Session, year: int) -> int | None:
    season = forestfire.find_season(s, year)
    return season.id if season is not None else None


def load(s: Session, season_id: int) -> RosterData:
    season = s.get(FireSeason, season_id)
    periods = forestfire.season_periods(s, season)
    cal = forestfire.DayCalendar(periods)
    days = [season.start_date + timedelta(n) for n in range((season.end_date - season.start_date).days + 1)]
    period_names: dict[date, list[str]] = defaultdict(list)
    for p in periods:
        for d in p.days():
            period_names[d].append(p.name)
    posts = season_posts(s, season)
    places: dict[tuple, str] = {p.key: p.place for p in posts}
    shifts = []
    for sh in roster.season_shifts(s, season):
        key = (sh.post, sh.admin_unit_id, sh.site_id)
        if key not in places:
            places[key] = roster.place_of(s, sh)
        shifts.append(ShiftInfo(sh.id, sh.person_id, key, places[key], sh.starts_at, sh.ends_at, bool(sh.manual)))
    ids = {pid for p in posts for pid in p.pool} | {sh.person_id for sh in shifts}
    names = dict(s.execute(select(Person.id, Person.name).where(Person.id.in_(ids))).all()) if ids else {}
    conflict_of: dict[int, str] = {}
    texts = []
    for text, shift_ids in roster.conflict_shifts(s, season):
        texts.append(text)
        for i in shift_ids:
            conflict_of.setdefault(i, text)
    suffix = "（含示例数据）" if season.is_demo else ""
    return RosterData(season.id, f"{season.name}值班表{suffix}", days, {d: cal.kind_of(d) for d in days},
                      dict(period_names), posts, names, sorted(names, key=lambda i: (names[i], i)), shifts,
                      texts, conflict_of, bool(season.is_demo))


def day_times(cfg: dict, posts: list[Post], day: date) -> list[tuple[datetime, datetime]]:
    """The distinct shift times of the season's posts on `day`."""
    seen = []
    for p in posts:
        for span in shift_times(cfg, p.post, day):
            if span not in seen:
                seen.append(span)
    return seen


def _busy(data: RosterData, starts_at: datetime, ends_at: datetime) -> dict[int, list[str]]:
    """Who already stands duty in the time span, and where."""
    out: dict[int, list[str]] = defaultdict(list)
    for sh in data.shifts:
        if sh.starts_at < ends_at and sh.ends_at > starts_at:
            out[sh.person_id].append(sh.place)
    return out


def people_for(data: RosterData, post_key: tuple | None, starts_at: datetime, ends_at: datetime,
               current: int | None = None) -> list[tuple[int, bool, list[str]]]:
    """(person id, in the post's pool, places already stood in that span) of everyone who could take a
    shift at `post_key`, but `current`: the post's pool first, free people before busy ones."""
    pool = next((p.pool for p in data.posts if p.key == post_key), ())
    busy = _busy(data, starts_at, ends_at)
    order = sorted(data.people, key=lambda i: (i not in pool, bool(busy.get(i))))
    return [(pid, pid in pool, list(busy.get(pid, ()))) for pid in order if pid != current]


def posts_for(data: RosterData, cfg: dict, person_id: int, starts_at: datetime) -> list[tuple[int, bool]]:
    """(index in data.posts, person in its pool) of the posts with a shift starting at `starts_at`,
    the person's own posts first."""
    order = sorted(range(len(data.posts)), key=lambda i: person_id not in data.posts[i].pool)
    return [(i, person_id in data.posts[i].pool) for i in order
            if any(st == starts_at for st, _ in shift_times(cfg, data.posts[i].post, starts_at.date()))]


def current_person(data: RosterData, shift_id: int | None) -> int | None:
    return next((sh.person_id for sh in data.shifts if sh.id == shift_id), None)


# --- edits by id (in the caller's transaction) ----------------------------------------------------

def change_person(s: Session, shift_id: int, person_id: int) -> DutyShift:
    return roster.change_person(s, s.get(DutyShift, shift_id), s.get(Person, person_id))


def add_shift(s: Session, season_id: int, person_id: int, post_key: tuple, starts_at: datetime,
              ends_at: datetime) -> DutyShift:
    post, unit_id, site_id = post_key
    return roster.add_shift(s, s.get(FireSeason, season_id), s.get(Person, person_id), post, starts_at, ends_at,
                            admin_unit=s.get(AdminUnit, unit_id) if unit_id is not None else None,
                            site=s.get(Site, site_id) if site_id is not None else None)


def regenerate(s: Session, season_id: int, start: date | None = None, feedback: Feedback | None = None
               ) -> roster.RosterResult:
    return roster.generate(s, s.get(FireSeason, season_id), start=start, feedback=feedback)


def season(s: Session, season_id: int) -> FireSeason:
    """The season itself, for the exports (gis.fire.roster_xlsx, gis.fire.roster_table)."""
    return s.get(FireSeason, season_id)
