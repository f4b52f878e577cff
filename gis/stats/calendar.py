"""The work calendar (工作日历): when reports are due and when campaign phases start, end and must reach
their targets, and which of those to remind of today.

Rules as data: resources/report_schedule.yaml (weekly report Fridays before 11:00, monthly by the 24th, …;
each with its reminder lead) checked by `load_schedule` — a bad value raises ScheduleError naming the key;
a project overrides any field in its setting `report_schedule` (the same shape, JSON), checked the same way.

Pure over data:
    due_items(schedule, campaigns, start, end, kpis=None) -> list[DueItem]   # sorted by when due
    reminders(items, today, dismissed=())                 -> list[DueItem]   # reminder window open, not past
Loaders (read the project, then call the above):
    read(project) -> Calendar(schedule, campaigns, kpis)   # .items(start, end), .reminders(today, dismissed)
    load(project, start, end) -> list[DueItem]             # = read(project).items(start, end)
    upcoming(project, today, dismissed=()) -> list[DueItem]
    project_schedule(session) -> Schedule; set_overrides(project, overrides | None) -> Change ("settings")
"""
from __future__ import annotations

import copy
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from gis import repo
from gis.changes import Change
from gis.errors import GridsafeError
from gis.model import ProjectSetting
from gis.paths import RESOURCES
from gis.patrols.periods import parse_period
from gis.rulefiles import read_yaml
from gis.stats.campaigns import CampaignData, KpiChoice

SCHEDULE_FILE = RESOURCES / "report_schedule.yaml"
SETTING = "report_schedule"
REPORT_KINDS = ("weekly", "monthly", "quarterly", "yearly")
ITEM_KINDS = ("report", "phase_start", "phase_end", "milestone")
PHASE_ITEM_KINDS = ITEM_KINDS[1:]
RULE_KEYS = ("zh", "en", "weekday", "month", "day", "time", "lead_days", "basis", "enabled")
# which of weekday/month/day each kind needs: (key, low, high)
WHEN = {"weekly": (("weekday", 1, 7),), "monthly": (("day", 1, 31),),
        "quarterly": (("month", 1, 3), ("day", 1, 31)), "yearly": (("month", 1, 12), ("day", 1, 31))}
MAX_LEAD_DAYS = 60


class ScheduleError(GridsafeError):
    """report_schedule.yaml or a project's report_schedule setting has a bad or missing key; the message
    names the source and the key."""


@dataclass(frozen=True)
class ReportRule:
    kind: str                 # weekly | monthly | quarterly | yearly
    zh: str                   # 周报 …
    due_time: time            # due before this time of the due day
    lead_days: int            # remind from this many days before
    weekday: int | None = None   # ISO 1..7 (weekly)
    month: int | None = None     # month in the quarter 1..3 (quarterly), month 1..12 (yearly)
    day: int | None = None       # day of the month, capped at the month's last
    basis: str = ""
    enabled: bool = True
    en: str = ""              # Weekly report … (the English window; the Chinese when a project gives none)

    def due_dates(self, start: date, end: date) -> list[tuple[date, str]]:
        """(due day, label of the period it reports) for each due day in start..end: the ISO week, month,
        quarter or year the due day lies in (2026-W49, 2026-11, 2026-Q4, 2026)."""
        out: list[tuple[date, str]] = []
        if self.kind == "weekly":
            day = start - timedelta(days=start.isoweekday() - self.weekday)
            while day <= end:
                if day >= start:
                    year, week, _ = day.isocalendar()
                    out.append((day, f"{year}-W{week:02d}"))
                day += timedelta(days=7)
            return out
        for year in range(start.year, end.year + 1):
            if self.kind == "yearly":
                months = [(self.month, f"{year}")]
            elif self.kind == "quarterly":
                months = [(3 * q - 3 + self.month, f"{year}-Q{q}") for q in range(1, 5)]
            else:
                months = [(m, f"{year}-{m:02d}") for m in range(1, 13)]
            for month, label in months:
                day = date(year, month, min(self.day, _month_days(year, month)))
                if start <= day <= end:
                    out.append((day, label))
        return out


@dataclass(frozen=True)
class Schedule:
    reports: tuple[ReportRule, ...]
    campaign_lead: Mapping[str, int]      # phase_start / phase_end / milestone → reminder lead in days
    source: str = ""

    def rule(self, kind: str) -> ReportRule:
        return next(r for r in self.reports if r.kind == kind)


@dataclass(frozen=True)
class DueItem:
    """One thing due on the calendar. Reports carry `report` (kind) and `period` (label of what they report);
    phase items carry the campaign and phase, and the KPI target that must be met by `on`."""
    kind: str                   # report | phase_start | phase_end | milestone
    on: date
    title: str                  # Chinese, as the calendar lists it
    lead_days: int
    at: time | None = None      # due before this time (reports); None: during the day
    report: str | None = None   # weekly | monthly | quarterly | yearly
    report_zh: str | None = None
    period: str | None = None   # 2026-W49 | 2026-11 | 2026-Q4 | 2026
    period_zh: str | None = None
    campaign_id: int | None = None
    campaign: str | None = None
    phase_id: int | None = None
    phase: str | None = None
    kpi: str | None = None
    kpi_zh: str | None = None
    target: float | None = None
    unit: str = ""              # "%" for a rate target
    report_en: str | None = None
    kpi_en: str | None = None

    @property
    def key(self) -> str:
        """Stable across loads, so a dismissed reminder stays dismissed (a moved date is a new reminder)."""
        if self.kind == "report":
            return f"report:{self.report}:{self.period}"
        return f"{self.kind}:{self.campaign_id}:{self.phase_id}:{self.on.isoformat()}"

    @property
    def label(self) -> str:
        """Shorter than the title, for a list that shows the day, time and kind beside it:
        周报：2026年第49周（11.30—12.06） / 自查自报全覆盖（今冬明春…）目标 … 达到 100%."""
        if self.kind == "report":
            return f"{self.report_zh}：{self.period_zh}"
        target = f"  目标：{self.target_text}" if self.target_text else ""
        return f"{self.phase}（{self.campaign}）{target}"

    def name(self, lang: str = "zh") -> str:
        """`label` in `lang`: "Weekly report: Week 49, 2026 (Nov 30 – Dec 6)" in English."""
        if lang != "en":
            return self.label
        if self.kind == "report":
            return f"{self.report_en or self.report_zh}: {parse_period(self.period).en}"
        target = f"  Target: {self.target_text_in('en')}" if self.target_text else ""
        return f"{self.phase} ({self.campaign}){target}"

    def text(self, lang: str = "zh") -> str:
        """`title` in `lang` (campaign and phase names are the project's own)."""
        if lang != "en":
            return self.title
        if self.kind == "report":
            return f"{self.report_en or self.report_zh} for {parse_period(self.period).en}: due before {self.at:%H:%M}"
        target = f" (target: {self.target_text_in('en')})" if self.target_text else ""
        if self.kind == "milestone":
            return f"{self.campaign} · milestone: {self.phase}{target}"
        if self.kind == "phase_start":
            return f"{self.campaign} · phase {self.phase} starts"
        return f"{self.campaign} · phase {self.phase} ends{target}"

    @property
    def remind_from(self) -> date:
        return self.on - timedelta(days=self.lead_days)

    @property
    def due(self) -> datetime:
        return datetime.combine(self.on, self.at or time(23, 59))

    @property
    def target_text(self) -> str:
        return self.target_text_in("zh")

    def target_text_in(self, lang: str) -> str:
        if self.kpi is None or self.target is None:
            return ""
        if lang == "en":
            return f"{self.kpi_en or self.kpi_zh or self.kpi} reaches {self.target:g}{self.unit}"
        return f"{self.kpi_zh or self.kpi} 达到 {self.target:g}{self.unit}"

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "date": self.on.isoformat(), "time": self.at.strftime("%H:%M") if self.at else None,
                "title": self.title, "lead_days": self.lead_days, "remind_from": self.remind_from.isoformat(),
                "key": self.key, "report": self.report, "period": self.period, "campaign_id": self.campaign_id,
                "campaign": self.campaign, "phase_id": self.phase_id, "phase": self.phase, "kpi": self.kpi,
                "target": self.target}


# --- the schedule as data ------------------------------------------------------------------------------------

def _month_days(year: int, month: int) -> int:
    return ((date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)).day


_WHOLE_EN = {"（整个文件）": "(the whole file)", "（整个设置）": "(the whole setting)"}


def _fail(source: str, key: str, why: str, why_en: str):
    """ScheduleError naming `source` (a file, or 项目设置 …) and `key`; `why`/`why_en` in Chinese/English."""
    source_en = f"project setting {source.removeprefix('项目设置 ')}" if source.startswith("项目设置 ") else source
    raise ScheduleError(f"{source} 的 {key} {why}", en=f"In {source_en}, {_WHOLE_EN.get(key, key)} {why_en}")


def _int(d: Mapping, key: str, path: str, source: str, low: int, high: int) -> int:
    if key not in d or d[key] is None:
        _fail(source, f"{path}.{key}", "缺失", "is missing")
    v = d[key]
    if isinstance(v, bool) or not isinstance(v, int) or not low <= v <= high:
        _fail(source, f"{path}.{key}", f"应为 {low}–{high} 的整数，实为 {v!r}",
              f"should be a whole number {low}–{high}, not {v!r}")
    return v


def _time(v: Any, path: str, source: str) -> time:
    try:
        hh, mm = str(v).strip().split(":")
        return time(int(hh), int(mm))
    except (ValueError, TypeError):
        _fail(source, path, f"应为时刻 HH:MM（如 \"11:00\"），实为 {v!r}",
              f"should be a time HH:MM (e.g. \"11:00\"), not {v!r}")


def parse_schedule(raw: Any, source: str) -> Schedule:
    """A schedule from the file's data; ScheduleError names `source` and the key of the first problem."""
    if not isinstance(raw, Mapping):
        _fail(source, "（整个文件）", "应为键值表（reports、campaigns）", "should be a mapping (reports, campaigns)")
    for k in raw:
        if k not in ("source", "reports", "campaigns"):
            _fail(source, str(k), "不是可用的键（可用：source、reports、campaigns）",
                  "is not a usable key (usable: source, reports, campaigns)")
    reports = raw.get("reports")
    if not isinstance(reports, Mapping):
        _fail(source, "reports", "缺失或不是键值表", "is missing or not a mapping")
    rules = []
    for kind in REPORT_KINDS:
        path = f"reports.{kind}"
        d = reports.get(kind)
        if not isinstance(d, Mapping):
            _fail(source, path, "缺失或不是键值表", "is missing or not a mapping")
        unknown = [k for k in d if k not in RULE_KEYS]
        if unknown:
            _fail(source, f"{path}.{unknown[0]}", f"不是可用的键（可用：{'、'.join(RULE_KEYS)}）",
                  f"is not a usable key (usable: {', '.join(RULE_KEYS)})")
        needed = {key for key, _lo, _hi in WHEN[kind]}
        extra = [k for k in ("weekday", "month", "day") if k in d and k not in needed]
        if extra:
            _fail(source, f"{path}.{extra[0]}", f"不适用于{d.get('zh') or kind}（需要：{'、'.join(sorted(needed))}）",
                  f"does not apply to {d.get('en') or kind} (needed: {', '.join(sorted(needed))})")
        when = {key: _int(d, key, path, source, lo, hi) for key, lo, hi in WHEN[kind]}
        zh = d.get("zh")
        if not isinstance(zh, str) or not zh.strip():
            _fail(source, f"{path}.zh", "缺失（报告名称，如 周报）", "is missing (the report's Chinese name, e.g. 周报)")
        if "time" not in d:
            _fail(source, f"{path}.time", "缺失", "is missing")
        enabled = d.get("enabled", True)
        if not isinstance(enabled, bool):
            _fail(source, f"{path}.enabled", f"应为 true 或 false，实为 {enabled!r}",
                  f"should be true or false, not {enabled!r}")
        rules.append(ReportRule(kind=kind, zh=zh.strip(), due_time=_time(d["time"], f"{path}.time", source),
                                lead_days=_int(d, "lead_days", path, source, 0, MAX_LEAD_DAYS),
                                basis=str(d.get("basis") or ""), enabled=enabled,
                                en=str(d.get("en") or zh).strip(), **when))
    unknown = [k for k in reports if k not in REPORT_KINDS]
    if unknown:
        _fail(source, f"reports.{unknown[0]}", f"不是可用的报告种类（可用：{'、'.join(REPORT_KINDS)}）",
              f"is not a usable kind of report (usable: {', '.join(REPORT_KINDS)})")
    camp = raw.get("campaigns")
    if not isinstance(camp, Mapping):
        _fail(source, "campaigns", "缺失或不是键值表（phase_start、phase_end、milestone）",
              "is missing or not a mapping (phase_start, phase_end, milestone)")
    unknown = [k for k in camp if k not in PHASE_ITEM_KINDS]
    if unknown:
        _fail(source, f"campaigns.{unknown[0]}", f"不是可用的键（可用：{'、'.join(PHASE_ITEM_KINDS)}）",
              f"is not a usable key (usable: {', '.join(PHASE_ITEM_KINDS)})")
    lead = {k: _int(camp, k, "campaigns", source, 0, MAX_LEAD_DAYS) for k in PHASE_ITEM_KINDS}
    return Schedule(tuple(rules), lead, source)


@lru_cache(maxsize=4)
def _shipped(path: Path) -> dict:
    raw = read_yaml(path, "报告时间表文件", ScheduleError, what_en="report schedule file")
    parse_schedule(raw, str(path))         # the file on its own must be whole
    return raw


def _merge(base: dict, overrides: Mapping, source: str) -> dict:
    out = copy.deepcopy(base)
    if not isinstance(overrides, Mapping):
        _fail(source, "（整个设置）", "应为键值表，如 {\"reports\": {\"monthly\": {\"day\": 20}}}",
              "should be a mapping, e.g. {\"reports\": {\"monthly\": {\"day\": 20}}}")
    for top, value in overrides.items():
        if top not in ("reports", "campaigns"):
            _fail(source, str(top), "不是可用的键（可用：reports、campaigns）",
                  "is not a usable key (usable: reports, campaigns)")
        if not isinstance(value, Mapping):
            _fail(source, str(top), "应为键值表", "should be a mapping")
        if top == "campaigns":
            out["campaigns"].update(value)
            continue
        for kind, change in value.items():
            if kind not in REPORT_KINDS:
                _fail(source, f"reports.{kind}", f"不是可用的报告种类（可用：{'、'.join(REPORT_KINDS)}）",
                      f"is not a usable kind of report (usable: {', '.join(REPORT_KINDS)})")
            if not isinstance(change, Mapping):
                _fail(source, f"reports.{kind}", "应为键值表", "should be a mapping")
            out["reports"][kind].update(change)
    return out


def load_schedule(overrides: Mapping | None = None, path: Path = SCHEDULE_FILE) -> Schedule:
    """The shipped schedule, with a project's overrides (the setting's value) applied and checked."""
    base = _shipped(Path(path))
    if not overrides:
        return parse_schedule(base, str(path))
    source = f"项目设置 {SETTING}"
    return parse_schedule(_merge(base, overrides, source), source)


def project_schedule(s: Session) -> Schedule:
    return load_schedule(repo.get_setting(s, SETTING))


def set_overrides(project, overrides: Mapping | None) -> Change:
    """Store a project's schedule overrides (None: back to the shipped schedule), checked first; one
    transaction. ScheduleError names the key; nothing is written then."""
    if overrides:
        load_schedule(overrides)

    def unit(s: Session) -> Change:
        if overrides:
            repo.set_setting(s, SETTING, dict(overrides))
        elif (row := s.get(ProjectSetting, SETTING)) is not None:
            s.delete(row)
        return Change.of("settings")
    return project.write(unit)


# --- what is due --------------------------------------------------------------------------------------------

_ORDER = {k: i for i, k in enumerate(ITEM_KINDS)}


def _sort_key(item: DueItem):
    report = REPORT_KINDS.index(item.report) if item.report else 0
    return (item.on, item.at or time.max, _ORDER[item.kind], report, item.campaign_id or 0, item.phase_id or 0,
            item.title)


def report_items(schedule: Schedule, start: date, end: date) -> list[DueItem]:
    out = []
    for rule in schedule.reports:
        if not rule.enabled:
            continue
        for day, label in rule.due_dates(start, end):
            period_zh = f"{label}年" if rule.kind == "yearly" else parse_period(label).zh
            out.append(DueItem(kind="report", on=day, at=rule.due_time, lead_days=rule.lead_days, report=rule.kind,
                               report_zh=rule.zh, report_en=rule.en, period=label, period_zh=period_zh,
                               title=f"{rule.due_time:%H:%M}前报送{rule.zh}：{period_zh}"))
    return out


def campaign_items(campaigns: Iterable[CampaignData], start: date, end: date, lead: Mapping[str, int],
                   kpis: KpiChoice | None = None) -> list[DueItem]:
    names = kpis.names if kpis is not None else {}
    names_en = kpis.names_en if kpis is not None else {}
    rates = kpis.rates if kpis is not None else frozenset()
    out = []
    for c in campaigns:
        for p in c.phases:
            kpi_zh = names.get(p.kpi) if p.kpi else None
            unit = "%" if p.kpi in rates else ""
            common = {"campaign_id": c.id, "campaign": c.name, "phase_id": p.id, "phase": p.name, "kpi": p.kpi,
                      "kpi_zh": kpi_zh, "kpi_en": names_en.get(p.kpi) if p.kpi else None, "target": p.target,
                      "unit": unit}
            target = f"（目标：{kpi_zh or p.kpi} 达到 {p.target:g}{unit}）" if p.kpi and p.target is not None else ""
            if p.kind == "milestone":
                events = [("milestone", p.end_on, f"{c.name}·节点：{p.name}{target}")]
            else:
                events = [("phase_start", p.start_on, f"{c.name}·{p.name}阶段开始"),
                          ("phase_end", p.end_on, f"{c.name}·{p.name}阶段结束{target}")]
            for kind, day, title in events:
                if day is not None and start <= day <= end:
                    out.append(DueItem(kind=kind, on=day, title=title, lead_days=lead[kind], **common))
    return out


def due_items(schedule: Schedule, campaigns: Iterable[CampaignData], start: date, end: date,
              kpis: KpiChoice | None = None) -> list[DueItem]:
    """Every report due and every phase start, phase end and milestone in start..end (inclusive), sorted by
    day, then time (reports before 23:59), then kind."""
    items = report_items(schedule, start, end) + campaign_items(campaigns, start, end, schedule.campaign_lead, kpis)
    return sorted(items, key=_sort_key)


def reminders(items: Iterable[DueItem], today: date, dismissed: Collection[str] = ()) -> list[DueItem]:
    """The items whose reminder window has opened (due within their lead days, or today) and that are not
    past, less those whose key the user dismissed."""
    return [i for i in items if i.remind_from <= today <= i.on and i.key not in dismissed]


def max_lead(schedule: Schedule) -> int:
    return max([r.lead_days for r in schedule.reports if r.enabled] + list(schedule.campaign_lead.values()) + [0])


# --- loaders ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Calendar:
    """What the calendar shows of a project: its schedule, campaigns and KPI names."""
    schedule: Schedule
    campaigns: Sequence[CampaignData]
    kpis: KpiChoice

    def items(self, start: date, end: date) -> list[DueItem]:
        return due_items(self.schedule, self.campaigns, start, end, self.kpis)

    def reminders(self, today: date, dismissed: Collection[str] = ()) -> list[DueItem]:
        return reminders(self.items(today, today + timedelta(days=max_lead(self.schedule))), today, dismissed)


def read(project) -> Calendar:
    """The project's schedule (with its overrides), campaigns and KPI names; three small reads."""
    from gis.stats import campaigns

    with project.session() as s:
        schedule = project_schedule(s)
        found = campaigns.rows(s)
    return Calendar(schedule, found, campaigns.kpi_choice(project))


def load(project, start: date, end: date) -> list[DueItem]:
    """due_items for a project over start..end."""
    return read(project).items(start, end)


def upcoming(project, today: date, dismissed: Collection[str] = ()) -> list[DueItem]:
    """The project's reminders for `today` (see reminders)."""
    return read(project).reminders(today, dismissed)
