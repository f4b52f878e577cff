"""Patrol rounds as stored: one PatrolAssignment (a person, a day, a route) with its ordered stops.

Shared by the grid members' planning (gis.patrols.planning, kind "grid") and the rangers' rounds
(gis.fire.ranger_rounds, kind "ranger"): a plan is identified by (kind, period label); re-planning clears
the plan's unvisited rounds (`clear_period`), splits each day's stops into compact rounds
(`split_rounds`) and writes each routed round (`write_round`).
"""
from __future__ import annotations

import math
from datetime import date, datetime

import numpy as np
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from gis.errors import ValidationError
from gis.model import PatrolAssignment, PatrolStop
from gis.patrols.periods import parse_period

KINDS = ("grid", "ranger", "line")
KIND_LABELS = {"grid": "网格巡查", "ranger": "护林巡护", "line": "管线巡线"}
# how a user names a rangers' day where only a period can be written (CLI --period 护林2026-12-01,
# the assignment list's period filter); stored as kind "ranger" with the plain day as period
RANGER_SYNTAX = "护林"


def plan_of(period: str, kind: str | None = None) -> tuple[str, str]:
    """(kind, stored period label) of a period as a user writes it: 2026-W48 → ("grid", "2026-W48");
    护林2026-12-01, or 2026-12-01 with kind "ranger" → ("ranger", "2026-12-01"). Refuses a malformed period."""
    text = period.strip()
    if text.startswith(RANGER_SYNTAX):
        if kind not in (None, "ranger"):
            raise ValidationError(f"时段“{period}”是护林员巡护日，与所选类型不符",
                                  en=f"Period \"{period}\" is a forest ranger's patrol day, not of the kind chosen")
        return "ranger", parse_period(text.removeprefix(RANGER_SYNTAX)).label
    if kind is not None and kind not in KINDS:
        raise ValidationError(f"巡查类型应为 {'、'.join(KINDS)}，而不是 {kind}",
                              en=f"The patrol kind should be {', '.join(KINDS)}, not {kind}")
    return kind or "grid", parse_period(text).label


def period_text(kind: str, label: str | None) -> str:
    """A stored plan as the user writes it (the inverse of plan_of): 2026-W48, 护林2026-12-01."""
    return (RANGER_SYNTAX if kind == "ranger" else "") + (label or "")


def of_plan(kind: str, label: str):
    """The WHERE clause of one plan's assignments."""
    return (PatrolAssignment.kind == kind) & (PatrolAssignment.period == label)


def count(s: Session, kind: str, label: str) -> int:
    return s.scalar(select(func.count()).select_from(PatrolAssignment).where(of_plan(kind, label)))


def split_rounds(angles: np.ndarray, members: int, max_per_day: int) -> list[np.ndarray]:
    """Split one day's stops (given by direction from the start) into compact rounds, one a member."""
    n = len(angles)
    k = min(members, max(1, math.ceil(n / max_per_day)))
    order = np.argsort(angles, kind="stable")
    if k > 1:  # start the sweep at the widest gap, so no round straddles it
        a = np.sort(angles)
        gaps = np.diff(np.append(a, a[0] + 2 * np.pi))
        order = np.roll(order, -int((np.argmax(gaps) + 1) % n))
    return [c for c in np.array_split(order, k) if len(c)]


def clear_period(s: Session, label: str, kind: str = "grid", *, grid_ids=None,
                 person_ids=None) -> tuple[int, set[tuple[int, date]]]:
    """Delete a plan's planned assignments that have no visit yet (only those of `grid_ids` / `person_ids` when
    given: re-planning some grids or members keeps the others' rounds); return how many, and the (site, day)
    pairs the kept assignments already cover (all of the plan's kept ones, whoever holds them)."""
    assignments = s.scalars(select(PatrolAssignment).where(of_plan(kind, label))).all()
    grids = None if grid_ids is None else set(grid_ids)
    people = None if person_ids is None else set(person_ids)
    removable, covered = [], set()
    for a in assignments:
        mine = (grids is None or a.grid_id in grids) and (people is None or a.person_id in people)
        if mine and a.status == "planned" and not any(st.visited_at for st in a.stops):
            removable.append(a.id)
        else:
            covered |= {(st.site_id, a.planned_on) for st in a.stops}
    if removable:
        s.execute(delete(PatrolStop).where(PatrolStop.assignment_id.in_(removable)))
        s.execute(delete(PatrolAssignment).where(PatrolAssignment.id.in_(removable)))
        s.expire_all()
    return len(removable), covered


def write_round(s: Session, *, kind: str, period: str, grid_id: int, person_id: int, day: date, route,
                site_ids, priority: int = 0, start_site_id: int | None = None,
                created_at: datetime | None = None, line_id: int | None = None) -> PatrolAssignment:
    """Add one planned round: `route` is a gis.patrols.routing route (geom, length_m, order), and its
    order indexes `site_ids`, the candidate stops (none for a line patrol, whose pipeline is `line_id`)."""
    if kind not in KINDS:
        raise ValueError(kind)
    a = PatrolAssignment(kind=kind, grid_id=grid_id, person_id=person_id, period=period, planned_on=day,
                         status="planned", priority=priority, start_site_id=start_site_id, route=route.geom,
                         route_length_m=round(route.length_m, 1), created_at=created_at, line_id=line_id)
    a.stops = [PatrolStop(seq=n + 1, site_id=int(site_ids[i])) for n, i in enumerate(route.order)]
    s.add(a)
    return a


def write_stopless_rounds(s: Session, rows: list[dict]) -> None:
    """Add many planned rounds without stops (line patrols: thousands a month on a county) in one executemany
    INSERT instead of the ORM's unit of work; each row has write_round's keywords except site_ids/start_site_id,
    and `route` as a gis.patrols.routing route."""
    if not rows:
        return
    for r in rows:
        if r["kind"] not in KINDS:
            raise ValueError(r["kind"])
    s.flush()
    s.execute(insert(PatrolAssignment), [
        {"kind": r["kind"], "grid_id": r["grid_id"], "person_id": r["person_id"], "period": r["period"],
         "planned_on": r["day"], "status": "planned", "priority": r.get("priority", 0), "route": r["route"].geom,
         "route_length_m": round(r["route"].length_m, 1), "created_at": r.get("created_at"),
         "line_id": r.get("line_id")} for r in rows])
