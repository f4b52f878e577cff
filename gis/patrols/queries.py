"""Patrol assignments as rows for lists: filter by period, grid, member, status or a site visited."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gis import vocab
from gis.model import Grid, PatrolAssignment, PatrolStop, Person

COLUMNS = ["id", "planned_on", "period", "grid_code", "grid_name", "person", "status", "status_zh", "stops",
           "visited", "length_km", "priority"]


def assignment_rows(s: Session, *, period: str | None = None, grid_id: int | None = None,
                    person_id: int | None = None, status: str | None = None, site_id: int | None = None,
                    assignment_id: int | None = None, limit: int = 5000) -> list[dict]:
    stops = (select(PatrolStop.assignment_id, func.count().label("n"),
                    func.count(PatrolStop.visited_at).label("visited"))
             .group_by(PatrolStop.assignment_id).subquery())
    q = (select(PatrolAssignment, Grid.code, Grid.name, Person.name, stops.c.n, stops.c.visited)
         .join(Grid, Grid.id == PatrolAssignment.grid_id).join(Person, Person.id == PatrolAssignment.person_id)
         .outerjoin(stops, stops.c.assignment_id == PatrolAssignment.id)
         .order_by(PatrolAssignment.planned_on.desc(), Grid.code, PatrolAssignment.id).limit(limit))
    if period:
        q = q.where(PatrolAssignment.period == period)
    if grid_id is not None:
        q = q.where(PatrolAssignment.grid_id == grid_id)
    if person_id is not None:
        q = q.where(PatrolAssignment.person_id == person_id)
    if status:
        q = q.where(PatrolAssignment.status == status)
    if assignment_id is not None:
        q = q.where(PatrolAssignment.id == assignment_id)
    if site_id is not None:
        q = q.where(PatrolAssignment.id.in_(select(PatrolStop.assignment_id).where(PatrolStop.site_id == site_id)))
    out = []
    for a, code, gname, person, n, visited in s.execute(q):
        out.append({"id": a.id, "planned_on": a.planned_on, "period": a.period or "", "grid_code": code,
                    "grid_name": gname, "person": person, "status": a.status,
                    "status_zh": vocab.label("patrol_statuses", a.status), "stops": n or 0, "visited": visited or 0,
                    "length_km": (a.route_length_m or 0) / 1000, "priority": a.priority})
    return out


def members(s: Session, grid_ids: list[int] | None = None) -> list[tuple[int, str]]:
    """(person id, name) of everyone who has patrol assignments or a member role, by name."""
    from gis.model import RoleAssignment
    q = select(Person.id, Person.name).join(RoleAssignment, RoleAssignment.person_id == Person.id) \
        .where(RoleAssignment.role.in_(("grid_member", "grid_leader"))).distinct().order_by(Person.name)
    if grid_ids:
        q = q.where(RoleAssignment.grid_id.in_(grid_ids))
    return [(i, n) for i, n in s.execute(q)]
