"""Patrol planning (巡查计划): for a period, the due sites of each grid become assignments per grid
member and day, each with its stops in route order.

- A visit is planned on its due day (overdue and never-visited sites on the first working day); a
  day holds at most `patrol.max_stops_per_day` stops per member, the rest move to the next working
  day, highest priority first (挂牌督办, major and overdue hazards, overdue visits).
- A grid's stops of one day are split among its members by direction from the start point, so each
  member gets a compact round; every round is routed (gis.patrols.routing).
- Re-planning a period replaces its unvisited planned assignments and keeps every assignment with a
  recorded visit. Everything happens in one transaction.
- Plans of overlapping periods do not plan a site twice: a site a week's plan visits is not planned again by
  the month around it (nor the other way round) while that visit serves its due date (planned_elsewhere).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from gis import repo
from gis.feedback import Feedback, ensure
from gis.model import Grid, PatrolAssignment, PatrolStop, RoleAssignment, Site
from gis.patrols import rounds
from gis.patrols import rules as pr
from gis.patrols.due import due_visits, last_visits, priorities
from gis.patrols.periods import Period
from gis.patrols.rounds import clear_period, split_rounds, write_round  # noqa: F401 — also planning's API
from gis.patrols.routing import DEFAULT_TOLERANCE_M, load_network, measure_crs, plan_route
from gis.store import Project

SETTINGS = {
    "patrol.max_stops_per_day": 12,        # per member and day
    "patrol.workdays": [1, 2, 3, 4, 5],    # ISO weekdays patrols are planned on (a day period: that day)
    "patrol.road_tolerance_m": DEFAULT_TOLERANCE_M,
}
KIND = "grid"   # gis.patrols.rounds: grid members' patrols
MEMBER_ROLES = ("grid_member", "grid_leader")  # members patrol; a grid without one falls back to its leader


def setting(s: Session, key: str):
    return repo.get_setting(s, key, SETTINGS[key])


@dataclass
class PlanResult:
    period: Period
    assignments: int = 0
    stops: int = 0
    kept: int = 0
    replaced: int = 0
    length_m: float = 0.0
    unplanned: dict[str, int] = field(default_factory=dict)     # grid code → visits that did not fit
    no_member: list[str] = field(default_factory=list)          # grid codes without anyone to patrol
    roads: bool = False


def plan_days(s: Session, period: Period) -> list[date]:
    if period.kind == "day":
        return [period.start]
    workdays = set(setting(s, "patrol.workdays"))
    return [d for d in period.days if d.isoweekday() in workdays]


def grid_members(s: Session, grid_ids: list[int], period: Period) -> dict[int, list[int]]:
    """Person ids per grid: its grid members, or its leader where it has no member."""
    rows = s.execute(
        select(RoleAssignment.grid_id, RoleAssignment.role, RoleAssignment.person_id)
        .where(RoleAssignment.grid_id.in_(grid_ids), RoleAssignment.role.in_(MEMBER_ROLES),
               (RoleAssignment.start_date.is_(None)) | (RoleAssignment.start_date <= period.end),
               RoleAssignment.not_ended(period.start))
        .order_by(RoleAssignment.grid_id, RoleAssignment.person_id)
    ).all()
    by_role: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for gid, role, pid in rows:
        if pid not in by_role[gid][role]:
            by_role[gid][role].append(pid)
    out = {}
    for gid, roles in by_role.items():
        for role in MEMBER_ROLES:
            if roles.get(role):
                out[gid] = roles[role]
                break
    return out


def planned_elsewhere(s: Session, period: Period, grid_ids: list[int]) -> dict[int, list[date]]:
    """Per site, the days within `period` that grid members' rounds already there visit it: other plans'
    (overlapping weeks, months, days) and the rounds of this plan that re-planning keeps (visited, or other
    members' — call it after clear_period)."""
    rows = s.execute(
        select(PatrolStop.site_id, PatrolAssignment.planned_on).join(PatrolAssignment)
        .where(PatrolAssignment.kind == KIND,
               PatrolAssignment.planned_on >= period.start, PatrolAssignment.planned_on <= period.end,
               PatrolAssignment.grid_id.in_(grid_ids))
    ).all()
    out: dict[int, list[date]] = defaultdict(list)
    for sid, day in rows:
        out[sid].append(day)
    return dict(out)


def start_points(s: Session, grids: list[Grid]) -> dict[int, tuple[int | None, tuple[float, float]]]:
    """Per grid: the village committee (站点 id, lon/lat) of its village, else the grid's centre."""
    rows = s.execute(
        select(Grid.village_id, Site.id, Site.geom).join(Grid, Site.grid_id == Grid.id)
        .where(Site.category == "village_committee").order_by(Site.id)
    ).all()
    committee: dict[int, tuple[int, tuple[float, float]]] = {}
    for vid, sid, geom in rows:
        if vid not in committee and geom is not None:
            p = geom.representative_point()
            committee[vid] = (sid, (p.x, p.y))
    out = {}
    for g in grids:
        if g.village_id in committee:
            out[g.id] = committee[g.village_id]
        else:
            p = g.geom.representative_point()
            out[g.id] = (None, (p.x, p.y))
    return out


def schedule(visits: pd.DataFrame, days: list[date], capacity: int) -> tuple[pd.DataFrame, int]:
    """Give each due visit of one grid a day: on or after its due day, at most `capacity` a day,
    a site at most once a day, highest priority first. Returns (visits with `plan_day`, not placed)."""
    if not days or visits.empty:
        return visits.assign(plan_day=pd.Series(dtype=object)).iloc[:0], len(visits)
    day_index = np.searchsorted(np.array(days, dtype="datetime64[D]"),
                                np.array(visits["day"].tolist(), dtype="datetime64[D]"))
    v = visits.assign(earliest=day_index).sort_values(["earliest", "priority", "due_date", "angle"],
                                                      ascending=[True, False, True, True], kind="stable")
    # a visit due on a rest day moves to the next working day, where the site may be due anyway;
    # one due after the last working day of the period is not this period's
    v = v[v["earliest"] < len(days)].drop_duplicates(["site_id", "earliest"])
    pending: list[int] = []  # row labels waiting, kept in priority order
    placed: dict[int, int] = {}
    rows = v.to_dict("index")
    queue = list(v.index)
    q = 0
    for k in range(len(days)):
        while q < len(queue) and rows[queue[q]]["earliest"] <= k:
            pending.append(queue[q])
            q += 1
        pending.sort(key=lambda r: (-rows[r]["priority"], rows[r]["due_date"], rows[r]["angle"]))
        today, seen, left = [], set(), []
        for r in pending:
            if len(today) < capacity and rows[r]["site_id"] not in seen:
                today.append(r)
                seen.add(rows[r]["site_id"])
            else:
                left.append(r)
        for r in today:
            placed[r] = k
        pending = left
    out = v.loc[list(placed)].assign(plan_day=[days[placed[r]] for r in placed])
    return out, len(v) - len(out)


def plan_period(s: Session, period: Period, *, grid_codes: list[str] | None = None,
                person_ids: list[int] | None = None, seed: int = 0, feedback: Feedback | None = None) -> PlanResult:
    """Plan (or re-plan) a period inside the caller's transaction; `feedback` hears of each grid and
    may cancel between grids (the caller's transaction then rolls back). `grid_codes` / `person_ids` limit the
    plan to those grids / members: only their unvisited rounds are replaced, the others' are kept (and the visits
    they hold are not planned again); a grid none of whose members is chosen is left as it is."""
    feedback = ensure(feedback)
    feedback.progress(None, feedback.say("正在读取到期的巡查点", "Reading the stops that are due"))
    pr.ensure_rules(s)
    result = PlanResult(period)
    q = select(Grid).where(Grid.kind == "comprehensive").order_by(Grid.code)
    if grid_codes:
        q = q.where(Grid.code.in_(grid_codes))
    grids = list(s.scalars(q))
    replaced, covered = clear_period(s, period.label, KIND, grid_ids=[g.id for g in grids] if grid_codes else None,
                                     person_ids=person_ids)
    result.replaced = replaced
    result.kept = rounds.count(s, KIND, period.label)
    if not grids:
        return result
    grid_ids = [g.id for g in grids]
    # visits already made inside the period count: later due days run on from them; so do the visits the rounds
    # left on the period's days hold (other plans': a week planned before its month or the other way round; and
    # this plan's kept rounds)
    due = due_visits(s, period, grid_ids=grid_ids, last=last_visits(s, period.end + timedelta(days=1)),
                     planned=planned_elsewhere(s, period, grid_ids))
    visits = due.visits
    if covered and len(visits):
        keep = [(sid, d) not in covered for sid, d in zip(visits["site_id"], visits["day"], strict=True)]
        visits = visits[keep]
    sites = due.sites.set_index("id")
    visits = visits.assign(priority=priorities(due.sites, visits) if len(visits) else [],
                           grid_id=sites.loc[visits["site_id"], "grid_id"].to_numpy() if len(visits) else [])
    members = grid_members(s, grid_ids, period)
    skipped = set()
    if person_ids is not None:
        chosen = set(person_ids)
        skipped = {gid for gid, people in members.items() if not chosen & set(people)}
        members = {gid: [p for p in people if p in chosen] for gid, people in members.items() if gid not in skipped}
    starts = start_points(s, grids)
    days = plan_days(s, period)
    max_per_day = int(setting(s, "patrol.max_stops_per_day"))
    crs = measure_crs(due.sites["lon"]) if len(due.sites) else measure_crs([g.geom.centroid.x for g in grids])
    network = load_network(s, crs, float(setting(s, "patrol.road_tolerance_m")))
    result.roads = network is not None
    now = datetime.now().replace(microsecond=0)
    for n, g in enumerate(grids):
        feedback.step(n, len(grids), feedback.say("正在排巡查路线：网格", "Planning patrol routes: grid"))
        gv = visits[visits["grid_id"] == g.id]
        if gv.empty or g.id in skipped:
            continue
        people = members.get(g.id)
        if not people:
            result.no_member.append(g.code)
            result.unplanned[g.code] = len(gv)
            continue
        start_site, (x0, y0) = starts[g.id]
        lon, lat = sites.loc[gv["site_id"], "lon"].to_numpy(), sites.loc[gv["site_id"], "lat"].to_numpy()
        gv = gv.assign(angle=np.arctan2(lat - y0, (lon - x0) * np.cos(np.radians(y0))), lon=lon, lat=lat)
        placed, missed = schedule(gv, days, len(people) * max_per_day)
        if missed:
            result.unplanned[g.code] = missed
        for k, (day, today) in enumerate(placed.groupby("plan_day", sort=True)):
            for r, idx in enumerate(split_rounds(today["angle"].to_numpy(), len(people), max_per_day)):
                chunk = today.iloc[idx]
                route = plan_route((x0, y0), chunk[["lon", "lat"]].to_numpy(), network=network, crs=crs, seed=seed)
                write_round(s, kind=KIND, period=period.label, grid_id=g.id, person_id=people[(r + k) % len(people)],
                            day=day, route=route, site_ids=chunk["site_id"].to_numpy(),
                            priority=int(chunk["priority"].max()), start_site_id=start_site, created_at=now)
                result.assignments += 1
                result.stops += len(chunk)
                result.length_m += route.length_m
    feedback.step(len(grids), len(grids), feedback.say("正在排巡查路线：网格", "Planning patrol routes: grid"))
    s.flush()
    return result


def plan(project: Project, period: Period, *, feedback: Feedback | None = None, **kw) -> PlanResult:
    """Plan a period as one unit of work: all assignments are written, or none (also when cancelled)."""
    feedback = ensure(feedback)
    def unit(s):
        result = plan_period(s, period, feedback=feedback, **kw)
        feedback.check()          # the last chance to cancel: nothing is committed yet
        return result

    return project.write(unit)
