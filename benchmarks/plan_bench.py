"""Patrol planning at township scale: a synthetic township (villages × grids, sites of every
category, a road grid, two members per grid), planned for a week and a month.

    PYTHONPATH=. python3 benchmarks/plan_bench.py [--villages 20] [--sites-per-grid 30]

Prints the plan's counts and the time of each step. Not a test: timings depend on the machine.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
from shapely.geometry import LineString, Point, box

from gis import grids as grid_rules
from gis import repo, store
from gis.model import LineAsset, Person, RoleAssignment, Site
from gis.patrols.periods import parse_period
from gis.patrols.planning import plan
from gis.patrols.results import coverage

CATEGORIES = [("small_premises", "fire"), ("catering", "gas"), ("industry_trade_enterprise", "industry_trade"),
              ("hazchem_enterprise", "hazchem"), ("construction_site", "construction"), ("school", "fire"),
              ("childcare_institution", "childcare"), ("passenger_station", "transport"), ("lpg_station", "gas")]
X0, Y0, VW = 113.2, 33.6, 0.02   # village width in degrees (about 2 km)


def build(project, villages: int, per_grid: int, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    cols = int(np.ceil(np.sqrt(villages)))
    with project.transaction() as s:
        extent = box(X0, Y0, X0 + cols * VW, Y0 + cols * VW)
        district = repo.add_admin_unit(s, "410411", "湛河区", "district", geom=extent)
        town = repo.add_admin_unit(s, "410411003", "荆山街道", "township", parent=district, geom=extent)
        people = 0
        for v in range(villages):
            x, y = X0 + (v % cols) * VW, Y0 + (v // cols) * VW
            vg = box(x, y, x + VW, y + VW)
            village = repo.add_admin_unit(s, f"410411003{v + 1:03d}", f"第{v + 1}村", "village", parent=town, geom=vg)
            h = VW / 2
            parts = [box(x + i * h, y + j * h, x + (i + 1) * h, y + (j + 1) * h) for i in range(2) for j in range(2)]
            for code, g in zip(grid_rules.expected_codes(village.code, parts), parts, strict=True):
                grid = repo.add_grid(s, code, f"第{v + 1}村第{int(code[-3:])}网格", village, g)
                members = [Person(name=f"网格员{people + k}") for k in range(2)]
                people += 2
                s.add_all(members)
                s.flush()
                s.add_all([RoleAssignment(person_id=p.id, role="grid_member", grid_id=grid.id) for p in members])
                minx, miny, maxx, maxy = g.bounds
                pts = rng.random((per_grid, 2)) * [maxx - minx, maxy - miny] + [minx, miny]
                cats = rng.integers(len(CATEGORIES), size=per_grid)
                s.add_all([Site(name=f"场所{grid.id}-{k}", category=CATEGORIES[c][0], sector=CATEGORIES[c][1],
                                status=("suspended" if rng.random() < 0.05 else "normal"),
                                attributes={"lodging": bool(rng.random() < 0.3)}, geom=Point(*p))
                           for k, (p, c) in enumerate(zip(pts, cats, strict=True))])
            s.add(Site(name=f"第{v + 1}村村委会", category="village_committee", geom=Point(x + VW / 2, y + VW / 2)))
        step = VW / 4
        ticks = np.arange(0, cols * VW + 1e-9, step)
        s.add_all([LineAsset(kind="road", geom=LineString([(X0, Y0 + t), (X0 + cols * VW, Y0 + t)])) for t in ticks])
        s.add_all([LineAsset(kind="road", geom=LineString([(X0 + t, Y0), (X0 + t, Y0 + cols * VW)])) for t in ticks])
        repo.assign_site_grids(s)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--villages", type=int, default=20)
    ap.add_argument("--sites-per-grid", type=int, default=30)
    args = ap.parse_args()
    path = Path(tempfile.mkdtemp()) / "plan.gridsafe"
    with store.create_project(path) as project:
        t0 = time.perf_counter()
        build(project, args.villages, args.sites_per_grid)
        print(f"township: {args.villages} villages, {args.villages * 4} grids, "
              f"{args.villages * 4 * args.sites_per_grid} sites; built in {time.perf_counter() - t0:.1f} s")
        for label in ("2026-W48", "2026-W48", "2026-12"):
            t0 = time.perf_counter()
            r = plan(project, parse_period(label))
            print(f"plan {label}: {r.assignments} assignments, {r.stops} stops, {r.length_m / 1000:.0f} km, "
                  f"replaced {r.replaced}, late {sum(r.unplanned.values())}; {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        with project.session() as s:
            table = coverage(s, parse_period("2026-W48"))
        print(f"coverage 2026-W48: {len(table)} grids, {table['due_visits'].sum()} visits due; "
              f"{time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
