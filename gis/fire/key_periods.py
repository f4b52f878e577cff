"""Key-period rules evaluated on the calendar: solar dates, lunar dates and solar terms.

Lunar dates and solar terms come from lunar-python (6tail): pure Python, no dependencies, kept up to
date, and it computes the 24 solar terms astronomically (sun's apparent longitude, 寿星天文历 method)
rather than from a short table, so any year works. Nothing here is typed in by hand.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import yaml
from lunar_python import Lunar, Solar

from gis.errors import ValidationError
from gis.paths import RESOURCES

KINDS = ("key", "critical")


def lunar_to_solar(year: int, month: int, day: int) -> date:
    """Gregorian date of lunar YEAR-MONTH-DAY (a non-leap month) of lunar year `year`."""
    s = Lunar.fromYmd(year, month, day).getSolar()
    return date(s.getYear(), s.getMonth(), s.getDay())


@lru_cache(maxsize=256)
def _terms(lunar_year: int) -> dict[str, date]:
    table = Solar.fromYmd(lunar_year, 6, 1).getLunar().getJieQiTable()
    # Chinese keys are the terms of this cycle; pinyin keys repeat neighbours of the next cycle
    return {k: date(v.getYear(), v.getMonth(), v.getDay()) for k, v in table.items() if not k.isascii()}


def solar_term(year: int, name: str) -> date:
    """Gregorian date of solar term `name` (e.g. 清明) in Gregorian year `year`."""
    for lunar_year in (year, year + 1):
        day = _terms(lunar_year).get(name)
        if day is not None and day.year == year:
            return day
    raise ValidationError(f"未知的节气：{name}", en=f"Unknown solar term: {name}")


@dataclass(frozen=True)
class PeriodRule:
    name: str
    calendar: str  # solar | lunar | term
    month: int = 0
    day: int = 0
    term: str = ""
    before: int = 0  # days before the anchor (a negative span start is stored positive here)
    after: int = 0
    kind: str = "key"
    holiday: bool = False

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PeriodRule:
        name = str(d.get("name") or "").strip()
        rule = d.get("rule") or {}
        span = d.get("span") or [0, 0]
        try:
            calendar = rule["calendar"]
            r = cls(
                name=name, calendar=calendar, month=int(rule.get("month", 0)), day=int(rule.get("day", 0)),
                term=str(rule.get("term", "")), before=-int(span[0]), after=int(span[1]),
                kind=d.get("kind", "key"), holiday=bool(d.get("holiday", False)),
            )
        except (KeyError, TypeError, ValueError, IndexError) as e:
            raise ValidationError(f"重点时段规则“{name or d}”格式不对：{e}",
                                  en=f"Key period rule \"{name or d}\" is not well formed: {e}") from e
        problem = r.problem()
        if problem:
            raise ValidationError(f"重点时段规则“{name}”：{problem[0]}",
                                  en=f"Key period rule \"{name}\": {problem[1]}")
        return r

    def problem(self) -> tuple[str, str] | None:
        """What is wrong with the rule, (Chinese, English); None when nothing is."""
        if not self.name:
            return "缺少名称", "the name is missing"
        if self.calendar not in ("solar", "lunar", "term"):
            return (f"历法应为 solar、lunar 或 term，而不是 {self.calendar}",
                    f"the calendar should be solar, lunar or term, not {self.calendar}")
        if self.calendar == "term":
            try:
                solar_term(2026, self.term)
            except ValidationError as e:
                return e.message, e.text("en")
        elif not (1 <= self.month <= 12 and 1 <= self.day <= (31 if self.calendar == "solar" else 30)):
            return f"月日不对：{self.month}-{self.day}", f"the month and day are not right: {self.month}-{self.day}"
        if self.before < 0 or self.after < 0:
            return "时段必须包含基准日", "the period must include the anchor day"
        if self.kind not in KINDS:
            return f"类别应为 key 或 critical，而不是 {self.kind}", f"the kind should be key or critical, not {self.kind}"
        return None

    def anchor(self, year: int) -> date:
        """The rule's day in (Gregorian or lunar) year `year`."""
        if self.calendar == "solar":
            return date(year, self.month, self.day)
        if self.calendar == "lunar":
            return lunar_to_solar(year, self.month, self.day)
        return solar_term(year, self.term)

    def text(self) -> str:
        """Short form stored in KeyPeriod.lunar_rule, e.g. "lunar 1-1 -1..+6"."""
        where = f"term {self.term}" if self.calendar == "term" else f"{self.calendar} {self.month}-{self.day}"
        return f"{where} {-self.before:+d}..{self.after:+d}"


@dataclass(frozen=True)
class Period:
    name: str
    kind: str
    start: date
    end: date
    rule: str | None = None
    holiday: bool = False

    def days(self) -> list[date]:
        return [self.start + timedelta(n) for n in range((self.end - self.start).days + 1)]


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    with open(RESOURCES / "fire_periods.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def default_rules() -> list[PeriodRule]:
    return [PeriodRule.from_dict(d) for d in config()["rules"]]


def periods_between(rules: list[PeriodRule], start: date, end: date) -> list[Period]:
    """Every occurrence of every rule that overlaps [start, end], clipped to it, in date order."""
    out = []
    for rule in rules:
        for year in range(start.year - 1, end.year + 1):  # a lunar year's day may fall in January
            anchor = rule.anchor(year)
            a, b = anchor - timedelta(rule.before), anchor + timedelta(rule.after)
            if b < start or a > end:
                continue
            out.append(Period(rule.name, rule.kind, max(a, start), min(b, end), rule.text(), rule.holiday))
    return sorted(set(out), key=lambda p: (p.start, p.name))


def parse_month_day(text: str, year: int) -> date:
    month, day = (int(x) for x in text.split("-"))
    return date(year, month, day)


@lru_cache(maxsize=1)
def _english_names() -> dict[str, str]:
    entries = [*config()["rules"], *config().get("demo_critical", [])]
    return {d["name"]: d["en"] for d in entries if d.get("en")}


def period_name(name: str, lang: str = "zh") -> str:
    """A key or critical period's name as stored (清明) in `lang`: the English of resources/fire_periods.yaml;
    a period the project named itself (庙会) keeps its own name."""
    return _english_names().get(name, name) if lang == "en" else name
