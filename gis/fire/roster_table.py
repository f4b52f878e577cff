"""The roster as the usual printed 值班表: one row per day, one column per post, names in the cells."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from gis.fire.duty_posts import season_posts
from gis.fire.roster import season_shifts
from gis.fire.seasons import DayCalendar, season_periods
from gis.model import FireSeason, Person

WEEKDAYS = "一二三四五六日"


@dataclass
class DailyTable:
    title: str
    columns: list[str]  # 日期, 星期, 时段, then one per post
    rows: list[list[str]]
    kinds: list[str]  # normal | key | critical, per row


def daily_table(s: Session, season: FireSeason) -> DailyTable:
    days = DayCalendar(season_periods(s, season))
    posts = season_posts(s, season)
    index = {p.key: i for i, p in enumerate(posts)}
    names = {p.id: p.name for p in s.query(Person)}
    cells: dict[tuple[date, int], list[str]] = defaultdict(list)
    for sh in season_shifts(s, season):
        i = index.get((sh.post, sh.admin_unit_id, sh.site_id))
        if i is not None:
            cells[(sh.starts_at.date(), i)].append(names[sh.person_id] + ("★" if sh.manual else ""))
    period_names = defaultdict(list)
    for p in season_periods(s, season):
        for d in p.days():
            period_names[d].append(p.name)
    rows, kinds = [], []
    d = season.start_date
    while d <= season.end_date:
        rows.append([f"{d:%Y-%m-%d}", WEEKDAYS[d.weekday()], "、".join(period_names[d])]
                    + ["、".join(cells[(d, i)]) for i in range(len(posts))])
        kinds.append(days.kind_of(d))
        d += timedelta(days=1)
    suffix = "（含示例数据）" if season.is_demo else ""
    return DailyTable(f"{season.name}值班表{suffix}", ["日期", "星期", "时段", *(p.place for p in posts)], rows, kinds)
