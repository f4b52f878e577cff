"""Patrol assignments as rows for lists (filter by period, grid, member, status or a site visited), an
assignment's stops, and the grids patrols are planned for: what the patrol views show."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from gis import vocab
from gis.errors import ValidationError
from gis.hazards import links
from gis.model import Grid, LineAsset, PatrolAssignment, PatrolStop, Person, Site
from gis.patrols import rounds

COLUMNS = ["id", "planned_on", "period", "kind", "line_name", "grid_code", "grid_name", "person", "status",
           "status_zh", "stops", "visited", "length_km", "patrolled_km", "priority"]

FILTER_COLUMNS = ("site_id", "grid_id")   # the hazard link columns assignment_rows can filter by
LINE_PATROLLED = "pipelines"              # the layer whose features line patrols walk (line_id)


def feature_filter(source: str, fid: int) -> dict[str, int]:
    """assignment_rows keywords for the assignments touching a map feature: a site visited, a grid, a route, a
    pipeline patrolled (line patrols); {} for layers patrols do not touch."""
    if source == "patrol_routes":
        return {"assignment_id": fid}
    if source == LINE_PATROLLED:
        return {"line_id": fid}
    column = links.column_of(source)
    return {column: fid} if column in FILTER_COLUMNS else {}


def assignment_rows(s: Session, *, period: str | None = None, grid_id: int | None = None,
                    person_id: int | None = None, status: str | None = None, site_id: int | None = None,
                    assignment_id: int | None = None, kind: str | None = None, line_id: int | None = None,
                    assignment_ids=None, limit: int = 5000) -> list[dict]:
    """Assignments, newest first. `period` as a user writes it (gis.patrols.rounds.plan_of: a plain period is
    the grid members' plan, 护林2026-12-01 a rangers' day; a malformed one matches nothing); "period" in
    each row is written the same way. `assignment_ids`: only these (e.g. assignments_of_stops)."""
    stops = (select(PatrolStop.assignment_id, func.count().label("n"),
                    func.count(PatrolStop.visited_at).label("visited"))
             .group_by(PatrolStop.assignment_id).subquery())
    q = (select(PatrolAssignment, Grid.code, Grid.name, Person.name, stops.c.n, stops.c.visited, LineAsset.name)
         .join(Grid, Grid.id == PatrolAssignment.grid_id).join(Person, Person.id == PatrolAssignment.person_id)
         .outerjoin(stops, stops.c.assignment_id == PatrolAssignment.id)
         .outerjoin(LineAsset, LineAsset.id == PatrolAssignment.line_id)
         .order_by(PatrolAssignment.planned_on.desc(), Grid.code, PatrolAssignment.id).limit(limit))
    if period:
        try:
            q = q.where(rounds.of_plan(*rounds.plan_of(period, kind)))
        except ValidationError:
            return []
    elif kind:
        q = q.where(PatrolAssignment.kind == kind)
    if grid_id is not None:
        q = q.where(PatrolAssignment.grid_id == grid_id)
    if person_id is not None:
        q = q.where(PatrolAssignment.person_id == person_id)
    if status:
        q = q.where(PatrolAssignment.status == status)
    if assignment_id is not None:
        q = q.where(PatrolAssignment.id == assignment_id)
    if assignment_ids is not None:
        q = q.where(_id_in("patrol_assignment.id", assignment_ids))
    if line_id is not None:
        q = q.where(PatrolAssignment.line_id == line_id)
    if site_id is not None:
        q = q.where(PatrolAssignment.id.in_(select(PatrolStop.assignment_id).where(PatrolStop.site_id == site_id)))
    out = []
    for a, code, gname, person, n, visited, line_name in s.execute(q):
        out.append({"id": a.id, "planned_on": a.planned_on, "period": rounds.period_text(a.kind, a.period),
                    "kind": a.kind, "line_name": line_name, "patrolled_km": (a.patrolled_m or 0) / 1000,
                    "grid_code": code,
                    "grid_name": gname, "person": person, "person_id": a.person_id, "status": a.status,
                    "status_zh": vocab.label("patrol_statuses", a.status), "stops": n or 0, "visited": visited or 0,
                    "length_km": (a.route_length_m or 0) / 1000, "priority": a.priority})
    return out


def _id_in(column: str, ids):
    """`column IN (…)` with the ids written as integer literals: no bound parameter per id (SQLite allows
    32,766), ids from our own arrays only."""
    return text(f"{column} IN ({', '.join(str(int(i)) for i in ids) or 'NULL'})")


def assignments_of_stops(s: Session, stop_ids, chunk: int = 50_000) -> list[int]:
    """The assignments (ids, ascending) the given patrol stops belong to: the patrol list for the stops
    behind a number of the dashboard."""
    stop_ids = sorted({int(i) for i in stop_ids})
    found: set[int] = set()
    for k in range(0, len(stop_ids), chunk):
        found.update(s.scalars(select(PatrolStop.assignment_id).distinct()
                               .where(_id_in("patrol_stop.id", stop_ids[k:k + chunk]))))
    return sorted(found)


def members(s: Session, grid_ids: list[int] | None = None) -> list[tuple[int, str]]:
    """(person id, name) of everyone who has patrol assignments or a member role, by name."""
    from gis.model import RoleAssignment
    q = select(Person.id, Person.name).join(RoleAssignment, RoleAssignment.person_id == Person.id) \
        .where(RoleAssignment.role.in_(("grid_member", "grid_leader")), RoleAssignment.not_ended(date.today())) \
        .distinct().order_by(Person.name)
    if grid_ids:
        q = q.where(RoleAssignment.grid_id.in_(grid_ids))
    return [(i, n) for i, n in s.execute(q)]


def patrol_grids(s: Session) -> list[tuple[int, str, str]]:
    """(id, code, name) of the comprehensive grids (those grid members patrol), by code."""
    return [tuple(r) for r in s.execute(select(Grid.id, Grid.code, Grid.name)
                                        .where(Grid.kind == "comprehensive").order_by(Grid.code))]


def assignment_stops(s: Session, assignment_id: int) -> dict | None:
    """An assignment's day and its stops in order: {"planned_on", "stops": [{id, seq, site_id, site_name,
    visited_at, result}]}; None when there is no such assignment."""
    planned_on = s.scalar(select(PatrolAssignment.planned_on).where(PatrolAssignment.id == assignment_id))
    if planned_on is None:
        return None
    rows = s.execute(select(PatrolStop.id, PatrolStop.seq, PatrolStop.site_id, Site.name, PatrolStop.visited_at,
                            PatrolStop.result)
                     .outerjoin(Site, Site.id == PatrolStop.site_id).where(PatrolStop.assignment_id == assignment_id)
                     .order_by(PatrolStop.seq, PatrolStop.id))
    return {"planned_on": planned_on,
            "stops": [{"id": i, "seq": seq, "site_id": site, "site_name": name, "visited_at": at, "result": result}
                      for i, seq, site, name, at, result in rows]}


def line_assignment(s: Session, assignment_id: int) -> dict | None:
    """A line patrol (巡线) for its result form: day, grid, person, pipeline, route length, status and result;
    None when there is no such line patrol."""
    row = s.execute(select(PatrolAssignment, Grid.code, Grid.name, Person.name, LineAsset.name)
                    .join(Grid, Grid.id == PatrolAssignment.grid_id).join(Person, Person.id == PatrolAssignment.person_id)
                    .outerjoin(LineAsset, LineAsset.id == PatrolAssignment.line_id)
                    .where(PatrolAssignment.id == assignment_id, PatrolAssignment.kind == "line")).first()
    if row is None:
        return None
    a, code, gname, person, line_name = row
    return {"id": a.id, "planned_on": a.planned_on, "grid_code": code, "grid_name": gname, "person": person,
            "line_name": line_name or "", "route_length_m": a.route_length_m or 0.0, "status": a.status,
            "patrolled_on": a.patrolled_on, "patrolled_m": a.patrolled_m}
