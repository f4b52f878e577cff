"""The dashboard (工作态势) on the county set: load, first paint, a change of period and of grouping, a click.

    python3 benchmarks/dashboard_bench.py [--project PATH] [--period 2026-11] [--runs 5]

PATH defaults to a copy of benchmarks/out/county.gridsafe (benchmarks/load_county.py) in a temporary folder,
upgraded there (the file itself is never changed). The dashboard view is shown offscreen at 1400 × 900.
Prints medians (ms):
  records.load     reading every hazard, patrol stop, site and self-check report as arrays (off the UI thread
                   in the window): the first read (file not yet cached) and the median of the next ones
  first paint      from the loaded records to the dashboard painted: every KPI, the charts, the table by the
                   default grouping (乡镇); "open → painted" adds the (warm) load
  after a change   the UI thread's part of an update after a change: the reloaded records shown
  period change    the previous period chosen: KPIs, four charts, the table, painted
  grouping → grid  the table by grid (thousands of groups) and the ranking chart, painted
  click-through    compute.members for the worst grid's overdue number (the ids the ledger then shows)
Goals (issue 14): first paint ≤ 1 s, a change ≤ 100 ms.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_tmp = tempfile.mkdtemp(prefix="gridsafe-dash-")
os.environ["XDG_CONFIG_HOME"] = f"{_tmp}/config"
os.environ.setdefault("GRIDSAFE_DATA_DIR", f"{_tmp}/data")
os.environ.setdefault("GRIDSAFE_LOG_DIR", f"{_tmp}/log")

import numpy as np

from desktop.app import make_app
from gis import store
from gis.patrols.periods import parse_period
from gis.stats import kpis, records



def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def project_copy(path: str | None) -> Path:
    if path:
        return Path(path)
    from county_copy import upgraded_copy

    return upgraded_copy(_tmp)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--project")
    ap.add_argument("--period")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    app = make_app([])
    path = project_copy(args.project)
    project = store.open_project(str(path))
    with project.engine.connect() as c:
        counts = {t: c.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in
                  ("hazard", "patrol_stop", "site", "grid", "self_check_report")}
        last = c.exec_driver_sql("SELECT max(found_on) FROM hazard").scalar()
    print(f"项目 {path.name}：" + "，".join(f"{t} {n:,}" for t, n in counts.items()))
    period = parse_period(args.period or str(last)[:7])

    loads = []
    for _ in range(args.runs):
        t = time.perf_counter()
        recs = records.load(project)
        loads.append(time.perf_counter() - t)
    defs = kpis.load(project)
    warm = statistics.median(loads[1:] or loads)
    print(f"records.load     {ms(warm)}   (first read {ms(loads[0]).strip()})")

    from desktop.views.stats.dashboard import DashboardView

    firsts, periods, groupings, clicks, updates = [], [], [], [], []
    for _ in range(args.runs):
        view = DashboardView()
        view.today = period.end
        view.resize(1400, 900)
        view.show()
        app.processEvents()
        view.period = period
        t = time.perf_counter()
        view._loaded((defs, recs))
        view.repaint()
        firsts.append(time.perf_counter() - t)
        app.processEvents()
        t = time.perf_counter()
        view.prev_button.click()
        view.repaint()
        periods.append(time.perf_counter() - t)
        view.next_button.click()
        app.processEvents()
        t = time.perf_counter()
        view.by_box.setCurrentIndex(view.by_box.findData("grid"))
        view.repaint()
        groupings.append(time.perf_counter() - t)
        t = time.perf_counter()
        view._loaded((defs, recs))
        view.repaint()
        updates.append(time.perf_counter() - t)
        table = view.table
        worst = table.groups[int(np.argmax(table.numerators["overdue"]))]
        t = time.perf_counter()
        members = view.members("overdue", worst.key, "grid")
        clicks.append(time.perf_counter() - t)
        view.close()
        view.deleteLater()
        app.processEvents()
    first = statistics.median(firsts)
    print(f"first paint      {ms(first)}   (goal 1000 ms; {period.zh}，按乡镇)")
    print(f"open → painted   {ms(warm + first)}   (records.load + first paint)")
    print(f"period change    {ms(statistics.median(periods))}   (goal 100 ms)")
    print(f"grouping → grid  {ms(statistics.median(groupings))}   (goal 100 ms; {len(table.groups):,} 个网格)")
    print(f"after a change   {ms(statistics.median(updates))}   (UI thread; by grid)")
    print(f"click-through    {ms(statistics.median(clicks))}   ({worst.name} 逾期未整改 {len(members.ids)} 条)")
    project.close()


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(_tmp, ignore_errors=True)      # the county copy is 230 MB
