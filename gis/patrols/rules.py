"""Patrol frequency rules (巡查频次): data in the project's patrol_rule table, defaults in
resources/patrol_rules.yaml, read by the pure functions below.

A site is due under every active rule it matches; the most frequent rule wins (smallest
interval_days, then the higher priority, then the earlier rule). Season-only rules count on days
inside a fire season only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from gis.model import FireSeason, PatrolRule
from gis.paths import RESOURCES

# facts derived from other tables that a rule's condition may name
DERIVED_FACTS = ("open_major_hazard",)


@dataclass(frozen=True)
class Rule:
    name: str
    interval_days: int
    sector: str | None = None
    category: str | None = None
    site_status: str | None = None
    condition: dict[str, Any] = field(default_factory=dict)
    season_only: bool = False
    priority: int = 0
    source_ref: str | None = None
    active: bool = True
    id: int | None = None

    @classmethod
    def from_row(cls, row: PatrolRule) -> Rule:
        return cls(name=row.name, interval_days=row.interval_days, sector=row.sector, category=row.category,
                   site_status=row.site_status, condition=dict(row.condition or {}),
                   season_only=bool(row.season_only), priority=row.priority or 0, source_ref=row.source_ref,
                   active=bool(row.active), id=row.id)

    def to_row(self) -> PatrolRule:
        return PatrolRule(name=self.name, interval_days=self.interval_days, sector=self.sector,
                          category=self.category, site_status=self.site_status, condition=dict(self.condition),
                          season_only=self.season_only, priority=self.priority, source_ref=self.source_ref,
                          active=self.active)

    def mask(self, sites: pd.DataFrame) -> np.ndarray:
        """Which rows of a site table (columns sector, category, status, attributes and the derived
        facts) this rule matches."""
        m = np.ones(len(sites), dtype=bool)
        for column, want in (("sector", self.sector), ("category", self.category), ("status", self.site_status)):
            if want is not None:
                m &= (sites[column] == want).to_numpy()
        for key, want in self.condition.items():
            if key in DERIVED_FACTS:
                values = sites[key].to_numpy()
            else:
                values = np.array([(a or {}).get(key) for a in sites["attributes"]], dtype=object)
            m &= values == want
        return m


def _sort_key(rule: Rule) -> tuple:
    return (rule.interval_days, -rule.priority, rule.id if rule.id is not None else 0)


def applicable(rules: list[Rule], sites: pd.DataFrame, *, in_season: bool) -> np.ndarray:
    """Index into `rules` of the rule that governs each site (-1: none), vectorised over sites."""
    out = np.full(len(sites), -1, dtype=np.int64)
    order = sorted(range(len(rules)), key=lambda i: _sort_key(rules[i]))
    for i in order:
        r = rules[i]
        if not r.active or (r.season_only and not in_season):
            continue
        free = out < 0
        if not free.any():
            break
        out[free & r.mask(sites)] = i
    return out


def site_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """A site table for matching, from dicts with id, sector, category, status, attributes and facts."""
    columns = ["id", "sector", "category", "status", "attributes", *DERIVED_FACTS]
    df = pd.DataFrame.from_records(records, columns=columns)
    for fact in DERIVED_FACTS:
        df[fact] = df[fact].fillna(False).astype(bool)
    return df


def applicable_rule(rules: list[Rule], site: dict[str, Any], *, in_season: bool = False) -> Rule | None:
    """The rule that governs one site (given as a dict like the rows of site_frame)."""
    i = applicable(rules, site_frame([site]), in_season=in_season)[0]
    return rules[i] if i >= 0 else None


# --- due dates ------------------------------------------------------------------------------------

def due_date(last_visit: date | None, rule: Rule) -> date | None:
    """When the next visit falls due; None when the site was never visited (due at once)."""
    return None if last_visit is None else last_visit + timedelta(days=rule.interval_days)


@dataclass(frozen=True)
class Run:
    """Consecutive days of a period under one rule (None: no rule applies on these days)."""
    start: date
    end: date
    rule: Rule | None


def due_days(last_visit: date | None, runs: list[Run], planned=()) -> list[date]:
    """The days a site falls due within the runs, assuming each visit happens on its due day.

    A site overdue or never visited is due on the first day of the first run with a rule. `planned`: days another
    plan already visits the site (a week's plan inside the month being planned): such a visit made before the next
    due visit's interval is out serves it, and the days after run on from it — the site is not planned twice.
    """
    planned = sorted(planned)
    out: list[date] = []
    last = last_visit
    k = 0
    for run in runs:
        if run.rule is None:
            continue
        step = timedelta(days=run.rule.interval_days)
        day = run.start if last is None else max(run.start, last + step)
        while day <= run.end:
            while k < len(planned) and last is not None and planned[k] <= last:
                k += 1
            if k < len(planned) and planned[k] < day + step:
                last = planned[k]
                k += 1
                day = max(run.start, last + step)
                continue
            out.append(day)
            last = day
            day += step
    return out


def season_runs(days: list[date], seasons: list[tuple[date, date]]) -> list[tuple[date, date, bool]]:
    """Split consecutive days into runs inside and outside the fire seasons."""
    runs: list[tuple[date, date, bool]] = []
    for d in days:
        inside = any(a <= d <= b for a, b in seasons)
        if runs and runs[-1][2] == inside and runs[-1][1] + timedelta(days=1) == d:
            runs[-1] = (runs[-1][0], d, inside)
        else:
            runs.append((d, d, inside))
    return runs


# --- the project's table ----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _default_dicts() -> tuple[dict[str, Any], ...]:
    with open(RESOURCES / "patrol_rules.yaml", encoding="utf-8") as f:
        return tuple(yaml.safe_load(f)["rules"])


def default_rules() -> list[Rule]:
    return [Rule(**{k: v for k, v in d.items()}) for d in _default_dicts()]


def ensure_rules(s: Session) -> int:
    """Fill an empty patrol_rule table with the defaults. Returns how many were added."""
    if s.scalar(select(PatrolRule.id).limit(1)) is not None:
        return 0
    rows = [r.to_row() for r in default_rules()]
    s.add_all(rows)
    s.flush()
    return len(rows)


def reset_rules(s: Session) -> int:
    """Replace the project's rules with the defaults."""
    for row in s.scalars(select(PatrolRule)):
        s.delete(row)
    s.flush()
    return ensure_rules(s)


def update_rule(s: Session, rule_id: int, *, interval_days: int | None = None,
                active: bool | None = None) -> PatrolRule:
    """Change one rule of the project: its interval, or switch it off and on."""
    from gis.errors import ValidationError

    row = s.get(PatrolRule, rule_id)
    if row is None:
        raise ValidationError(f"找不到编号为 {rule_id} 的巡查频次规则",
                              en=f"There is no patrol frequency rule with number {rule_id}")
    if interval_days is not None:
        if interval_days < 1:
            raise ValidationError("巡查间隔至少为 1 天",
                                  en="The patrol interval must be at least 1 day")
        row.interval_days = interval_days
    if active is not None:
        row.active = active
    s.flush()
    return row


def load_rules(s: Session) -> list[Rule]:
    return [Rule.from_row(r) for r in s.scalars(select(PatrolRule).order_by(PatrolRule.id))]


def fire_seasons(s: Session) -> list[tuple[date, date]]:
    return [(a, b) for a, b in s.execute(select(FireSeason.start_date, FireSeason.end_date)).all()]
