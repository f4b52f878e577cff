"""Stage 9: the patrol history (patrol_rule, patrol_assignment and patrol_stop rows).

The rules are the shipped defaults, as for a new project. Each grid with sites was patrolled every two
weeks by its members until two days before TODAY; the stops of a round are swept around the village
committee (straight lines, not routed along roads). What comes next is planned by the user.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import shapely

from gis.demo.shapes import length_m
from gis.demo.world import TODAY, World
from gis.patrols.rules import default_rules


def build(world: World) -> None:
    s, rng = world.scale, world.rng(9)
    # the project's rules are the shipped defaults (resources/patrol_rules.yaml), as for a new project
    world.rules = [dict(name=r.name, sector=r.sector, category=r.category, site_status=r.site_status,
                        condition=dict(r.condition), interval_days=r.interval_days, season_only=r.season_only,
                        priority=r.priority, source_ref=r.source_ref, active=r.active) for r in default_rules()]
    sites_by_grid: dict[int, list[int]] = {}
    for st in world.sites:
        if st["category"] != "village_committee":
            sites_by_grid.setdefault(st["grid"], []).append(st["idx"])
    committee = {world.grids[st["grid"]]["village"]["id"]: st for st in world.sites
                 if st["category"] == "village_committee"}
    every = 14
    first_monday = TODAY - timedelta(days=TODAY.weekday() + 7 * s.patrol_weeks)
    assigns, stops = [], []
    for g in world.grids:
        sids = sites_by_grid.get(g["idx"], [])
        if not sids:
            continue
        members = world.grid_members[g["idx"]]
        offset = int(rng.integers(0, every))
        d = first_monday + timedelta(days=offset)
        k = 0
        # history only: what comes next is planned by the user with the planner (gis.patrols.planning)
        while d < TODAY - timedelta(days=2):
            day = d + timedelta(days=(7 - d.weekday()) % 7 if d.weekday() >= 5 else 0)
            status = "cancelled" if rng.random() < 0.04 else "done"
            start_site = committee[g["village"]["id"]]
            n_stops = min(len(sids), int(rng.integers(3, 9)))
            chosen = rng.choice(sids, size=n_stops, replace=False)
            aid = len(assigns) + 1
            iso = day.isocalendar()
            assigns.append(dict(id=aid, grid_id=g["id"], person_id=members[k % len(members)],
                                period=f"{iso.year}-W{iso.week:02d}", planned_on=day, status=status,
                                priority=0, start_site_id=start_site["id"], start_xy=start_site["xy"],
                                created_at=datetime.combine(day - timedelta(days=3), datetime.min.time())
                                + timedelta(hours=9), stops=[int(c) for c in chosen]))
            k += 1
            d += timedelta(days=every)
    # stop order: a sweep around the start point; visits and results for done assignments
    route_coords, route_idx = [], []
    site_xy = np.array([st["xy"] for st in world.sites])
    for a in assigns:
        sx, sy = a["start_xy"]
        pts = site_xy[a["stops"]]
        order = np.argsort(np.arctan2(pts[:, 1] - sy, pts[:, 0] - sx), kind="stable")
        a["stops"] = [a["stops"][i] for i in order]
        t = datetime.combine(a["planned_on"], datetime.min.time()) + timedelta(hours=8, minutes=30)
        for seq, si in enumerate(a["stops"], start=1):
            visited, result = None, None
            if a["status"] == "done":
                t = t + timedelta(minutes=int(rng.integers(10, 41)))
                visited = t
                r = rng.random()
                result = "hazard_found" if r < 0.09 else ("closed_door" if r < 0.15 else "ok")
            stops.append(dict(id=len(stops) + 1, assignment_id=a["id"], seq=seq, site_id=si + 1, visited_at=visited,
                              result=result, note=None, person_id=a["person_id"], grid_idx=world.sites[si]["grid"]))
        route_coords.append(np.vstack([[sx, sy], pts[order]]))
        route_idx.append(np.full(len(pts) + 1, len(route_idx)))
    if assigns:
        routes = shapely.linestrings(np.vstack(route_coords), indices=np.concatenate(route_idx))
        lengths = np.round(length_m(routes), 1)
        for a, r, ln in zip(assigns, routes, lengths, strict=True):
            a["geometry"] = r
            a["route_length_m"] = float(ln)
    world.assigns, world.stops = assigns, stops
