"""Which sites fall due for a patrol visit in a period, and when (巡查到期).

Reads the sites, their open hazards and their visit history in bulk and applies the frequency rules
(gis.patrols.rules). Shared by planning and by coverage.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gis import hazards as ledger
from gis.model import Hazard, PatrolStop, Site
from gis.patrols import rules as pr
from gis.patrols.periods import Period

# how much each reason raises a stop's priority (a stop's priority is the sum)
PRIORITY_WEIGHTS = {"supervised": 8, "major_hazard": 4, "overdue_hazard": 2, "visit_overdue": 1}


def site_table(s: Session, period: Period, grid_ids: list[int] | None = None) -> pd.DataFrame:
    """Sites in grids with what the rules and priorities look at, one row per site."""
    q = select(Site.id, Site.grid_id, Site.name, Site.sector, Site.category, Site.status, Site.attributes,
               Site.geom).where(Site.grid_id.is_not(None))
    if grid_ids is not None:
        q = q.where(Site.grid_id.in_(grid_ids))
    rows = s.execute(q.order_by(Site.id)).all()
    df = pd.DataFrame(rows, columns=["id", "grid_id", "name", "sector", "category", "status", "attributes", "geom"])
    pts = shapely.point_on_surface(np.array(df["geom"].tolist(), dtype=object)) if len(df) else np.array([])
    xy = shapely.get_coordinates(pts) if len(df) else np.zeros((0, 2))
    df["lon"], df["lat"] = xy[:, 0], xy[:, 1]
    df = df.drop(columns="geom")
    hz = s.execute(
        select(Hazard.site_id, Hazard.grade, Hazard.supervision_level, Hazard.deadline)
        .where(Hazard.site_id.is_not(None), Hazard.status.in_(ledger.open_states()))
    ).all()
    h = pd.DataFrame(hz, columns=["site_id", "grade", "supervision_level", "deadline"])
    h["major"] = h["grade"].isin(ledger.major_grades(ledger.grades(s)))
    h["supervised"] = h["supervision_level"].notna()
    h["overdue"] = h["deadline"].notna() & (h["deadline"] < period.start)
    flags = h.groupby("site_id")[["major", "supervised", "overdue"]].any()
    for col, fact in (("major", "open_major_hazard"), ("supervised", "supervised"), ("overdue", "overdue_hazard")):
        df[fact] = df["id"].map(flags[col]).fillna(False).astype(bool).to_numpy() if len(flags) else False
    return df


def visit_days(s: Session, until: date, since: date | None = None) -> pd.DataFrame:
    """Distinct (site_id, day) of recorded visits up to and including `until`."""
    q = select(PatrolStop.site_id, PatrolStop.visited_at).where(
        PatrolStop.visited_at.is_not(None), PatrolStop.visited_at < datetime.combine(until, time.max))
    if since is not None:
        q = q.where(PatrolStop.visited_at >= datetime.combine(since, time.min))
    df = pd.DataFrame(s.execute(q).all(), columns=["site_id", "visited_at"])
    df["day"] = pd.to_datetime(df["visited_at"]).dt.date
    return df[["site_id", "day"]].drop_duplicates()


def last_visits(s: Session, before: date) -> dict[int, date]:
    """The last visit day of each site strictly before `before`."""
    rows = s.execute(
        select(PatrolStop.site_id, func.max(PatrolStop.visited_at))
        .where(PatrolStop.visited_at.is_not(None), PatrolStop.visited_at < datetime.combine(before, time.min))
        .group_by(PatrolStop.site_id)
    ).all()
    return {sid: (v.date() if isinstance(v, datetime) else v) for sid, v in rows}


@dataclass
class Due:
    sites: pd.DataFrame   # site_table columns + rule names
    visits: pd.DataFrame  # site_id, day, due_date (the rule's date, may be before the period), overdue


def due_visits(s: Session, period: Period, *, grid_ids: list[int] | None = None,
               last: dict[int, date] | None = None, rules: list[pr.Rule] | None = None,
               planned: dict[int, list[date]] | None = None) -> Due:
    """Every (site, day) within the period on which a site falls due, from the rules and the visits
    before `last` (default: the last visit before the period). `planned`: per site, the days other plans
    already visit it within the period (rules.due_days: those visits count)."""
    rules = pr.load_rules(s) if rules is None else rules
    sites = site_table(s, period, grid_ids)
    last = last_visits(s, period.start) if last is None else last
    runs = pr.season_runs(period.days, pr.fire_seasons(s))
    by_flag = {flag: pr.applicable(rules, sites, in_season=flag) for flag in {r[2] for r in runs}}
    rows = []
    names = np.full(len(sites), "", dtype=object)
    for k, site_id in enumerate(sites["id"].to_numpy()):
        site_runs = [pr.Run(a, b, rules[by_flag[flag][k]] if by_flag[flag][k] >= 0 else None)
                     for a, b, flag in runs]
        governing = [r.rule for r in site_runs if r.rule is not None]
        if not governing:
            continue
        names[k] = governing[0].name
        prev = last.get(int(site_id))
        elsewhere = (planned or {}).get(int(site_id))
        days = pr.due_days(prev, site_runs, elsewhere or ())
        first_due = pr.due_date(prev, governing[0])
        if elsewhere and days and days[0] != next(iter(pr.due_days(prev, site_runs)), None):
            first_due = None        # the first due visit is another plan's: the ones left are due on their day
        for n, day in enumerate(days):
            due = first_due if n == 0 and first_due is not None else day
            rows.append((int(site_id), day, due, due < period.start))
    sites["rule"] = names
    visits = pd.DataFrame(rows, columns=["site_id", "day", "due_date", "visit_overdue"])
    return Due(sites, visits)


def priorities(sites: pd.DataFrame, visits: pd.DataFrame) -> np.ndarray:
    """Priority of each due visit: supervised, major and overdue hazards first, then overdue visits."""
    facts = sites.set_index("id").loc[visits["site_id"].to_numpy()]
    w = PRIORITY_WEIGHTS
    return (w["supervised"] * facts["supervised"].to_numpy() + w["major_hazard"] * facts["open_major_hazard"].to_numpy()
            + w["overdue_hazard"] * facts["overdue_hazard"].to_numpy()
            + w["visit_overdue"] * visits["visit_overdue"].to_numpy()).astype(int)
