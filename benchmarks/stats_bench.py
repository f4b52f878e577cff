"""KPI benchmark (issue 14): loading the records the KPIs count, evaluating every KPI for a period in total and
per township / village / grid / sector, the records behind one number (click-through), and the standard charts.

    python3 benchmarks/stats_bench.py --project /tmp/county/county.gridsafe [--period 2026-11]

The project must be at the current schema: for the county set, copy benchmarks/out/county.gridsafe and run
`gridsafe db upgrade` on the copy. Prints figures (median of --runs).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gis import store  # noqa: E402
from gis.stats import charts, compute, kpis, records  # noqa: E402


def _median(fn, runs: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--project", required=True)
    ap.add_argument("--period", default="2026-11")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with store.open_project(args.project, readonly=True) as project:
        t_defs, defs = _median(lambda: kpis.load(project), args.runs)
        t_load, recs = _median(lambda: records.load(project), 3)
    print(f"project: {args.project}")
    print(f"records: {len(recs.hazards):,} hazards, {len(recs.stops):,} planned stops, {len(recs.sites):,} sites, "
          f"{len(recs.report_day):,} self-check reports, {len(recs.grid_ids):,} grids")
    print(f"kpis.load (file + project setting):        {t_defs * 1000:7.1f} ms")
    print(f"records.load:                              {t_load * 1000:7.1f} ms")
    for by in (None, "township", "village", "grid", "sector"):
        t, table = _median(lambda: compute.evaluate(recs, defs, args.period, by), args.runs)
        print(f"evaluate {len(defs.kpis)} KPIs {args.period} by {str(by):9s} ({len(table.groups):5d} groups): "
              f"{t * 1000:7.1f} ms")
    for period in ("2026-W47", "2026-Q4", "2026"):
        t, _ = _median(lambda: compute.evaluate(recs, defs, period, "grid"), args.runs)
        print(f"evaluate by grid, period {period:9s}:          {t * 1000:7.1f} ms")
    table = compute.evaluate(recs, defs, args.period, "grid")
    worst = table.groups[table.ranking("overdue")[0]]
    t, m = _median(lambda: compute.members(recs, defs, "overdue", args.period, worst.key, "grid"), args.runs)
    print(f"members: overdue of the worst grid ({len(m.ids)} hazards):   {t * 1000:7.1f} ms")
    t, m = _median(lambda: compute.members(recs, defs, "rectification_rate", args.period), args.runs)
    print(f"members: every unrectified hazard ({len(m.ids):,}):       {t * 1000:7.1f} ms")
    t, got = _median(lambda: charts.standard(recs, defs, table), args.runs)
    print(f"standard charts ({len(got)}: 12-week trends, by sector, ranking): {t * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
