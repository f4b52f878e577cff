"""Line patrol benchmark (巡线, issue 13): pipelines split by grid, a month's plan, the 巡检长度 report.

    python3 benchmarks/line_patrol_bench.py [--project PROJECT] [--period 2026-12] [--report 2026H2]

PROJECT (default: benchmarks/out/county.gridsafe, made by `python -m gis.demo.generate --scale county --project …`;
else a demo township in a temporary file) is copied first; the copy is upgraded to the current schema and planned
there, so the project itself is not changed. Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gis import store
from gis.patrols import line_report, lines
from gis.patrols.periods import parse_period

COUNTY = ROOT / "benchmarks" / "out" / "county.gridsafe"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--project", type=Path, default=COUNTY if COUNTY.exists() else None)
    ap.add_argument("--period", default="2026-12")
    ap.add_argument("--report", default="2026H2")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="line_bench_"))
    path = tmp / "bench.gridsafe"
    if args.project is None:
        from gis.demo.load import load_demo
        with store.create_project(path) as p:
            load_demo(p)
        what = "demo township"
    else:
        shutil.copy(args.project, path)
        store.upgrade_project(path, backup=False)
        what = str(args.project)
    period, half = parse_period(args.period), parse_period(args.report)
    with store.open_project(path) as project:
        with project.session() as s:
            t = time.perf_counter()
            net = lines.load_network(s)
            split = time.perf_counter() - t
        km = net.pipes["length_m"].sum() / 1000
        print(f"{what}: {len(net.pipes)} gas pipelines, {km:.1f} km, {len(net.stretches)} stretches "
              f"(split by {net.stretches['grid_id'].nunique()} grids), {len(net.hca)} high-consequence pairs, "
              f"{len(net.works)} works pairs")
        print(f"  load + split by grid + analyses: {split:.2f} s")
        t = time.perf_counter()
        dry = lines.plan(project, period, dry_run=True)
        print(f"  plan {period.label} (dry run): {time.perf_counter() - t:.2f} s, {dry.assignments} patrols")
        t = time.perf_counter()
        done = lines.plan(project, period)
        print(f"  plan {period.label} (written, one transaction): {time.perf_counter() - t:.2f} s, "
              f"{done.assignments} patrols, {done.length_m / 1000:.0f} km")
        t = time.perf_counter()
        report = line_report.build(project, half, tmp / "巡检长度.xlsx", until=period.end)
        print(f"  report {half.label} up to {period.end}: {time.perf_counter() - t:.2f} s, "
              f"{len(report.stretches)} rows, coverage {100 * report.coverage:.1f} %")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
