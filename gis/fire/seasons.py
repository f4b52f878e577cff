"""Forest-fire seasons (防火期) with their critical periods (紧要期) and key periods (重点时段).

A season belongs to a year (2026 = the 2026–2027 winter season) and optionally to an area (a district
or township); its key periods are computed from the rules in resources/fire_periods.yaml plus the
project's own rules (setting "fire.period_rules"). Values the user did not give come from the demo
defaults and the season is then marked is_demo. Rosters live in gis.fire.roster, registers in
gis.fire.registers, coverage checks in gis.fire.coverage.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from gis import repo
from gis.errors import ValidationError
from gis.fire import key_periods as cal
from gis.fire.key_periods import Period, PeriodRule
from gis.model import AdminUnit, FireSeason, KeyPeriod

DEMO_RULE = "示例"  # KeyPeriod.lunar_rule of a demo critical period
RULES_SETTING = "fire.period_rules"


@dataclass(frozen=True)
class CriticalSpan:
    name: str
    start: date
    end: date


def season_rules(s: Session) -> list[PeriodRule]:
    """The shipped key-period rules followed by the project's own."""
    extra = repo.get_setting(s, RULES_SETTING) or []
    return cal.default_rules() + [PeriodRule.from_dict(d) for d in extra]


def add_period_rule(s: Session, rule: dict) -> PeriodRule:
    """Add a user-defined key-period rule to the project (validated; applies to seasons planned later)."""
    parsed = PeriodRule.from_dict(rule)
    extra = list(repo.get_setting(s, RULES_SETTING) or [])
    if any(d.get("name") == parsed.name for d in extra) or any(r.name == parsed.name for r in cal.default_rules()):
        raise ValidationError(f"重点时段“{parsed.name}”已有规则", en=f"Key period \"{parsed.name}\" already has a rule")
    repo.set_setting(s, RULES_SETTING, [*extra, rule])
    return parsed


def season_year(day: date) -> int:
    """The 年度 of the fire season `day` falls in or leads up to: a season starts in autumn and runs into the next
    spring, so January to June belong to the season that began the year before."""
    return day.year if day.month >= 7 else day.year - 1


def default_dates(year: int) -> tuple[date, date]:
    d = cal.config()["season_default"]
    return cal.parse_month_day(d["start"], year), cal.parse_month_day(d["end"], year + 1)


def _demo_critical(start: date, end: date) -> list[CriticalSpan]:
    out = []
    for d in cal.config()["demo_critical"]:
        for year in range(start.year, end.year + 1):
            a, b = cal.parse_month_day(d["start"], year), cal.parse_month_day(d["end"], year)
            if a <= end and b >= start:
                out.append(CriticalSpan(d["name"], max(a, start), min(b, end)))
    return out


def find_season(s: Session, year: int, area: AdminUnit | None = None) -> FireSeason | None:
    q = select(FireSeason).where(
        FireSeason.admin_unit_id.is_(None) if area is None else FireSeason.admin_unit_id == area.id
    )
    return next((x for x in s.scalars(q.order_by(FireSeason.id)) if x.start_date.year == year), None)


def season_of(s: Session, year: int, area_code: str | None = None) -> FireSeason:
    """The fire season of `year` for the area with this code (None: the whole project); refused in
    words when it has not been set up."""
    area = repo.admin_unit_by_code(s, area_code) if area_code else None
    season = find_season(s, year, area)
    if season is None:
        raise ValidationError(f"还没有 {year} 年度的防火期，请先设置（窗口：森林防火 → 防火期日历；"
                              f"命令行：gridsafe fire season 项目 --year {year}）",
                              en=f"There is no fire season for {year} yet; set it up first (window: Forest fire → "
                                 f"Fire season calendar; command line: gridsafe fire season PROJECT --year {year})")
    return season


def season_name(year: int, area: AdminUnit | None) -> str:
    return f"{area.name if area else ''}{year}—{year + 1}年度森林防火期"


def plan_season(
    s: Session, year: int, *, start: date | None = None, end: date | None = None,
    area: AdminUnit | None = None, critical: list[CriticalSpan] | None = None,
) -> FireSeason:
    """Create the season of `year` (and area), or change an existing one; key periods are recomputed.

    `critical` replaces the season's critical periods; when it is None a new season gets the demo
    critical periods and an existing one keeps its own. Missing dates take the demo defaults.
    """
    if area is not None and area.level == "village":
        raise ValidationError("防火期只能按区县或乡镇设置",
                              en="A fire season can only be set for a county or a township")
    season = find_season(s, year, area)
    fresh = season is None
    d_start, d_end = default_dates(year)
    if fresh:
        season = FireSeason(name=season_name(year, area), admin_unit_id=area.id if area else None,
                            start_date=start or d_start, end_date=end or d_end, is_demo=False)
        s.add(season)
        dates_demo = start is None or end is None
    else:
        dates_demo = (season.is_demo and not (start and end)
                      and (season.start_date, season.end_date) == (d_start, d_end))
        season.start_date, season.end_date = start or season.start_date, end or season.end_date
    if season.end_date <= season.start_date:
        raise ValidationError(f"防火期结束日期 {season.end_date} 必须晚于开始日期 {season.start_date}",
                              en=f"The fire season's end date {season.end_date} must be after its start date "
                                 f"{season.start_date}")
    if season.start_date.year != year:
        raise ValidationError(f"{year} 年度防火期应从 {year} 年开始，而不是 {season.start_date}",
                              en=f"The fire season of {year} should start in {year}, not on {season.start_date}")
    if critical is None and fresh:
        critical = _demo_critical(season.start_date, season.end_date)
        demo_critical = True
    else:
        demo_critical = False
    for c in critical or []:
        if c.end < c.start or c.start < season.start_date or c.end > season.end_date:
            raise ValidationError(
                f"紧要期“{c.name}”（{c.start}至{c.end}）超出防火期 {season.start_date}至{season.end_date}",
                en=f"Critical period \"{c.name}\" ({c.start} to {c.end}) lies outside the fire season "
                   f"{season.start_date} to {season.end_date}",
            )
    kept = []
    for p in list(season.periods):
        computed = p.lunar_rule is not None and p.lunar_rule != DEMO_RULE
        replaced_critical = critical is not None and p.kind == "critical" and not computed
        out_of_season = p.start_date > season.end_date or p.end_date < season.start_date
        if computed or replaced_critical or out_of_season:
            season.periods.remove(p)
        else:
            kept.append(p)
    for c in critical or []:
        season.periods.append(KeyPeriod(name=c.name, kind="critical", start_date=c.start, end_date=c.end,
                                        lunar_rule=DEMO_RULE if demo_critical else None))
    for p in cal.periods_between(season_rules(s), season.start_date, season.end_date):
        season.periods.append(KeyPeriod(name=p.name, kind=p.kind, start_date=p.start, end_date=p.end,
                                        lunar_rule=p.rule))
    season.is_demo = dates_demo or any(p.lunar_rule == DEMO_RULE for p in season.periods)
    s.flush()
    return season


def add_period(s: Session, season: FireSeason, name: str, start: date, end: date, kind: str = "key") -> KeyPeriod:
    """A one-off period the planner sets by hand (kept when the season's rules are recomputed)."""
    if kind not in cal.KINDS:
        raise ValidationError(f"时段类别应为 key 或 critical，而不是 {kind}",
                              en=f"The kind of period should be key or critical, not {kind}")
    if end < start or start < season.start_date or end > season.end_date:
        raise ValidationError(f"时段“{name}”（{start}至{end}）超出防火期 {season.start_date}至{season.end_date}",
                              en=f"Period \"{name}\" ({start} to {end}) lies outside the fire season "
                                 f"{season.start_date} to {season.end_date}")
    period = KeyPeriod(name=name, kind=kind, start_date=start, end_date=end, lunar_rule=None)
    season.periods.append(period)
    s.flush()
    return period


def holiday_names(s: Session) -> set[str]:
    return {r.name for r in season_rules(s) if r.holiday}


def season_periods(s: Session, season: FireSeason) -> list[Period]:
    holidays = holiday_names(s)
    return sorted(
        (Period(p.name, p.kind, p.start_date, p.end_date, p.lunar_rule, p.name in holidays) for p in season.periods),
        key=lambda p: (p.start, p.kind, p.name),
    )


class DayCalendar:
    """What kind of day each day of a season is: critical > key > normal; holiday or weekend."""

    def __init__(self, periods: list[Period]):
        self.kind: dict[date, str] = {}
        self.holiday: set[date] = set()
        for p in periods:
            for d in p.days():
                if p.kind == "critical" or self.kind.get(d) != "critical":
                    self.kind[d] = p.kind
                if p.holiday:
                    self.holiday.add(d)

    def kind_of(self, day: date) -> str:
        return self.kind.get(day, "normal")

    def is_special(self, day: date) -> bool:
        """A weekend or holiday day, balanced separately in the roster."""
        return day.weekday() >= 5 or day in self.holiday
