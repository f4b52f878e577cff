"""Ranger patrols (护林员巡护): a daily round inside each ranger's responsibility area (zone kind
ranger_area) through its checkpoints, lookout towers, supply depots and hot spots.

Hot spots (重点部位) are the sites inside the area with open hazards, or marked `hot_spot: true` in
their attributes. The round starts and ends at a point inside the area, is ordered with gis.patrols.tour and
follows the roads clipped to the area (gis.patrols.routing), so it never leaves the area by road. Where two
rangers share an area its stops are split into compact rounds, one each.

Rounds are stored as patrol assignments of kind "ranger" (gis.patrols.rounds, shared with the grid members'
planning) on the area's forest grid, with the day as period label (YYYY-MM-DD), so re-planning a day
replaces only that day's unvisited ranger rounds, and route sheets and phone exports (gis.patrols.sheets,
gis.patrols.export) work unchanged.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import shapely
import shapely.ops
from sqlalchemy import select
from sqlalchemy.orm import Session

from gis import hazards
from gis.geo.crs import to_projected
from gis.model import (
    Grid,
    Hazard,
    LineAsset,
    PatrolAssignment,
    RoleAssignment,
    Site,
    Zone,
)
from gis.patrols import rounds as stored
from gis.patrols.rounds import clear_period, split_rounds, write_round
from gis.patrols.routing import (
    DEFAULT_TOLERANCE_M,
    ROAD_KINDS,
    RoadNetwork,
    measure_crs,
    plan_route,
)
from gis.store import Project

STOP_CATEGORIES = ("checkpoint", "lookout_tower", "supply_depot")
EDGE_M = 1.0   # roads are clipped to the area shrunk by this much, so routes stay inside


KIND = "ranger"


def period_label(day: date) -> str:
    return day.isoformat()


@dataclass
class RangerPlanResult:
    day: date
    assignments: int = 0
    stops: int = 0
    length_m: float = 0.0
    replaced: int = 0
    kept: int = 0
    no_stops: list[str] = field(default_factory=list)    # areas with nothing to visit
    no_ranger: list[str] = field(default_factory=list)   # areas without a ranger on the day


def rangers_on(s: Session, day: date) -> dict[int, list[int]]:
    """Ranger-area id → ids of the rangers holding it on `day`."""
    rows = s.execute(
        select(RoleAssignment.zone_id, RoleAssignment.person_id)
        .where(RoleAssignment.role == "ranger", RoleAssignment.zone_id.is_not(None),
               (RoleAssignment.start_date.is_(None)) | (RoleAssignment.start_date <= day),
               RoleAssignment.not_ended(day))
        .order_by(RoleAssignment.zone_id, RoleAssignment.person_id)
    ).all()
    out: dict[int, list[int]] = {}
    for zid, pid in rows:
        if pid not in out.setdefault(zid, []):
            out[zid].append(pid)
    return out


def area_stops(area, sites: list[Site], hot: set[int]) -> list[Site]:
    """The sites a ranger visits in `area`: fire facilities and hot spots inside it."""
    out = []
    for x in sites:
        wanted = x.category in STOP_CATEGORIES or x.id in hot or (x.attributes or {}).get("hot_spot")
        if wanted and area.covers(x.geom.representative_point()):
            out.append(x)
    return out


def _grid_for(area, grids: list[Grid]) -> Grid | None:
    """The forest grid (else any grid) that holds most of the area."""
    best, best_key = None, None
    for g in grids:
        a = shapely.area(shapely.intersection(area, g.geom))
        if a <= 0:
            continue
        key = (g.kind == "forest", a)
        if best_key is None or key > best_key:
            best, best_key = g, key
    return best


def _area_network(area, roads: np.ndarray, crs: str, tolerance_m: float) -> RoadNetwork | None:
    if not len(roads):
        return None
    inner = shapely.buffer(area, -EDGE_M / 111_000.0)
    clipped = shapely.intersection(roads[shapely.intersects(roads, inner)], inner)
    lines = shapely.get_parts(clipped)
    lines = lines[shapely.get_type_id(lines) == 1] if len(lines) else lines
    lines = lines[shapely.length(lines) > 0] if len(lines) else lines
    return RoadNetwork.build(lines, crs, tolerance_m) if len(lines) else None


def keep_inside(route, area):
    """The route with every leg that leaves the area (a straight hop between road pieces, or from a stop
    to its road) replaced by the shorter way along the inside of the area's boundary."""
    inner = shapely.buffer(area, -EDGE_M / 111_000.0)
    if inner.is_empty or shapely.covers(area, route):
        return route
    polys = shapely.get_parts(inner)
    xy = shapely.get_coordinates(route)
    out = [xy[0]]
    for a, b in itertools.pairwise(xy):
        seg = shapely.LineString([a, b])
        home = [p for p in polys if p.distance(shapely.Point(a)) < 1e-5 and p.distance(shapely.Point(b)) < 1e-5]
        if shapely.covers(area, seg) or not home:   # inside, or a hop between the parts of a split area
            out.append(b)
            continue
        ring = home[0].exterior
        fa, fb = ring.project(shapely.Point(a), normalized=True), ring.project(shapely.Point(b), normalized=True)
        lo, hi = sorted((fa, fb))
        inside = shapely.ops.substring(ring, lo, hi, normalized=True)
        length = inside.length if inside.geom_type == "LineString" else 0.0
        if length > ring.length / 2:   # the other way round is shorter
            outside = shapely.ops.substring(ring, hi, 1.0, normalized=True)
            back = shapely.ops.substring(ring, 0.0, lo, normalized=True)
            pts = np.vstack([shapely.get_coordinates(outside), shapely.get_coordinates(back)])
            path = pts if fa >= fb else pts[::-1]
        else:
            pts = shapely.get_coordinates(inside)
            path = pts if fa <= fb else pts[::-1]
        out.extend(path)
        out.append(b)
    return shapely.LineString(np.array(out))


def plan_day(s: Session, day: date, *, seed: int = 0, tolerance_m: float = DEFAULT_TOLERANCE_M) -> RangerPlanResult:
    """Plan (or re-plan) the rangers' rounds of `day` inside the caller's transaction."""
    label = period_label(day)
    result = RangerPlanResult(day)
    result.replaced, _ = clear_period(s, label, KIND)
    result.kept = stored.count(s, KIND, label)
    kept_people = set(s.scalars(select(PatrolAssignment.person_id).where(stored.of_plan(KIND, label))))
    areas = list(s.scalars(select(Zone).where(Zone.kind == "ranger_area", Zone.geom.is_not(None))
                           .order_by(Zone.name, Zone.id)))
    if not areas:
        return result
    sites = [x for x in s.scalars(select(Site).where(Site.status != "closed", Site.geom.is_not(None))
                                  .order_by(Site.id))]
    hot = set(s.scalars(select(Hazard.site_id).where(Hazard.status.in_(hazards.open_states()),
                                                     Hazard.site_id.is_not(None))))
    grids = list(s.scalars(select(Grid).where(Grid.geom.is_not(None))))
    roads = np.array([g for g in s.scalars(select(LineAsset.geom).where(LineAsset.kind.in_(ROAD_KINDS)))
                      if g is not None and not g.is_empty], dtype=object)
    rangers = rangers_on(s, day)
    now = datetime.now().replace(microsecond=0)
    for area in areas:
        people = [p for p in rangers.get(area.id, []) if p not in kept_people]
        if area.id not in rangers:
            result.no_ranger.append(area.name)
            continue
        if not people:
            continue
        stops = area_stops(area.geom, sites, hot)
        grid = _grid_for(area.geom, grids)
        if not stops or grid is None:
            result.no_stops.append(area.name)
            continue
        start = area.geom.representative_point()
        x0, y0 = start.x, start.y
        lonlat = np.array([[p.x, p.y] for p in (x.geom.representative_point() for x in stops)])
        crs = measure_crs(lonlat[:, 0])
        network = _area_network(area.geom, roads, crs, tolerance_m)
        angles = np.arctan2(lonlat[:, 1] - y0, (lonlat[:, 0] - x0) * np.cos(np.radians(y0)))
        rounds = split_rounds(angles, len(people), max(1, -(-len(stops) // len(people))))
        for r, idx in enumerate(rounds):
            route = plan_route((x0, y0), lonlat[idx], network=network, crs=crs, seed=seed)
            route.geom = keep_inside(route.geom, area.geom)
            route.length_m = float(shapely.length(to_projected(route.geom)))
            write_round(s, kind=KIND, period=label, grid_id=grid.id, person_id=people[r % len(people)], day=day,
                        route=route, site_ids=[stops[int(i)].id for i in idx], created_at=now)
            result.assignments += 1
            result.stops += len(idx)
            result.length_m += route.length_m
    s.flush()
    return result


def plan(project: Project, day: date, **kw) -> RangerPlanResult:
    """Plan a day's ranger rounds as one unit of work."""
    return project.write(lambda s: plan_day(s, day, **kw))


def ranger_assignments(s: Session, day: date) -> list[PatrolAssignment]:
    return list(s.scalars(select(PatrolAssignment).where(stored.of_plan(KIND, period_label(day)))
                          .order_by(PatrolAssignment.person_id, PatrolAssignment.id)))
