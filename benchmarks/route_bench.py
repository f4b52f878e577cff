"""Patrol route quality and speed: our tour (gis.patrols.tour) against LKH (elkai) on 60-stop instances.

    pip install -e .[bench]
    PYTHONPATH=. python3 benchmarks/route_bench.py [--instances 10] [--stops 60]

Two kinds of instance, each a depot plus N stops:
- random: points uniform in a 6 km square, straight-line distances;
- roads: a village road network (a jittered street grid with a few diagonals and gaps, ~200 lines)
  built with gis.patrols.routing.RoadNetwork, stops scattered near the roads, shortest-path distances.
Both solvers get the same distance matrix; LKH is given integer decimetres. Prints our length, LKH's,
the gap, and our time (the tour alone — wall clock and CPU, as other work on the machine inflates the
wall clock — and the road matrix). Target: gap ≤ 1 %, tour ≤ 0.5 s.
"""
from __future__ import annotations

import argparse
import statistics
import time

import elkai
import numpy as np
import shapely
from shapely.geometry import LineString

from gis.geo.crs import STORAGE, transform
from gis.patrols import tour
from gis.patrols.routing import RoadNetwork, _RoadMatrix, measure_crs

LON0, LAT0 = 113.30, 33.60
DEG_M = 1 / 111_000  # metres → degrees (roughly; fine for generating data)


def random_instance(rng, n):
    p = rng.random((n + 1, 2)) * 6000
    return np.hypot(*(p[:, None] - p[None]).transpose(2, 0, 1)), 0.0


def road_lines(rng, size_m=6000, step_m=400):
    lines = []
    ticks = np.arange(0, size_m + 1, step_m)
    for t in ticks:
        for horizontal in (True, False):
            pts = []
            for u in np.linspace(0, size_m, 16):
                jitter = rng.normal(0, 25)
                pts.append((u, t + jitter) if horizontal else (t + jitter, u))
            line = np.array(pts)
            cut = rng.random() < 0.3   # some streets have a gap
            parts = [line[:8], line[9:]] if cut else [line]
            lines += [LineString(part) for part in parts if len(part) >= 2]
    for _ in range(6):
        a, b = rng.random(2) * size_m, rng.random(2) * size_m
        lines.append(LineString([a, b]))
    return [LineString(np.column_stack([LON0 + c[:, 0] * DEG_M / np.cos(np.radians(LAT0)), LAT0 + c[:, 1] * DEG_M]))
            for c in (np.asarray(g.coords) for g in lines)]


def road_instance(rng, n, net):
    xy = rng.random((n + 1, 2)) * 6000
    lonlat = np.column_stack([LON0 + xy[:, 0] * DEG_M / np.cos(np.radians(LAT0)), LAT0 + xy[:, 1] * DEG_M])
    t0 = time.perf_counter()
    m = _RoadMatrix(net, transform(shapely.points(lonlat), STORAGE, net.crs))
    return m.d, time.perf_counter() - t0


def lkh(d):
    t0 = time.perf_counter()
    order = elkai.DistanceMatrix(np.rint(d * 10).astype(int).tolist()).solve_tsp()
    return tour.tour_length(d, np.array(order[:-1])), time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instances", type=int, default=10)
    ap.add_argument("--stops", type=int, default=60)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    t0 = time.perf_counter()
    net = RoadNetwork.build(road_lines(rng), measure_crs([LON0]))
    print(f"road network: {len(net.nodes)} nodes, {len(net.edge_u)} edges, built in {time.perf_counter() - t0:.2f} s")
    print(f"{'instance':<10} {'ours m':>10} {'LKH m':>10} {'gap %':>7} {'tour s':>7} {'cpu s':>7} {'matrix s':>8} {'LKH s':>6}")
    for kind in ("random", "roads"):
        gaps, times, cpus = [], [], []
        for k in range(args.instances):
            d, matrix_s = random_instance(rng, args.stops) if kind == "random" else road_instance(rng, args.stops, net)
            t1, c1 = time.perf_counter(), time.process_time()
            ours = tour.tour_length(d, tour.solve(d, seed=k))
            ours_s, ours_cpu = time.perf_counter() - t1, time.process_time() - c1
            ref, ref_s = lkh(d)
            gap = 100 * (ours / ref - 1)
            gaps.append(gap)
            times.append(ours_s)
            cpus.append(ours_cpu)
            print(f"{kind + str(k):<10} {ours:>10.0f} {ref:>10.0f} {gap:>7.2f} {ours_s:>7.3f} {ours_cpu:>7.3f}"
                  f" {matrix_s:>8.3f} {ref_s:>6.2f}")
        print(f"{kind}: gap mean {statistics.mean(gaps):.2f} %, max {max(gaps):.2f} %, over 1 %: "
              f"{sum(g > 1 for g in gaps)}; tour wall time mean {statistics.mean(times):.3f} s, max {max(times):.3f} s; "
              f"CPU mean {statistics.mean(cpus):.3f} s, max {max(cpus):.3f} s\n")


if __name__ == "__main__":
    main()
