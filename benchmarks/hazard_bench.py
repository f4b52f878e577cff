"""Hazard ledger benchmark on 100,000 hazards: open the ledger, filter and sort, evaluate escalation.

    python3 benchmarks/hazard_bench.py [--project county.gridsafe] [--hazards 100000]

With --project (e.g. the county set from `python -m gis.demo.generate --scale county`), that project is
measured as it is. Without it a synthetic project is built once in benchmarks/out/hazards.gridsafe:
36,000 sites in 3,600 grids, the given number of hazards spread over every state, 20,000 enforcement
actions. Goals (issue 5): open ≤ 1 s, any filter or sort ≤ 100 ms, escalation ≤ 1 s. Prints figures.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from gis import store  # noqa: E402
from gis.hazards import escalation, ledger
from gis.model import AdminUnit, EnforcementAction, Grid, Hazard, Site  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
TODAY = date(2026, 11, 22)


def build(path: Path, n_hazards: int) -> None:
    rng = np.random.default_rng(5)
    project = store.create_project(path, name="隐患台账基准（合成数据）")
    with project.transaction() as s:
        conn = s.connection()
        conn.execute(insert(AdminUnit), [{"id": 1, "code": "410411", "name": "县", "level": "district"},
                                         {"id": 2, "code": "410411003", "name": "镇", "level": "township",
                                          "parent_id": 1}]
                     + [{"id": 10 + v, "code": f"410411003{v:03d}", "name": f"村{v}", "level": "village",
                         "parent_id": 2} for v in range(1, 361)])
        conn.execute(insert(Grid), [{"id": g + 1, "code": f"410411003{g // 10 + 1:03d}{g % 10 + 1:03d}",
                                     "name": f"网格{g + 1}", "kind": "comprehensive", "village_id": 11 + g // 10}
                                    for g in range(3600)])
        cats = ["industry_trade_enterprise", "hazchem_enterprise", "catering", "small_premises", "school"]
        sectors = {"industry_trade_enterprise": "industry_trade", "hazchem_enterprise": "hazchem",
                   "catering": "gas", "small_premises": "fire", "school": "fire"}
        site_cat = rng.choice(cats, 36000)
        conn.execute(insert(Site), [{"id": i + 1, "name": f"场所{i + 1}", "category": c, "sector": sectors[c],
                                     "status": "normal", "grid_id": i % 3600 + 1, "attributes": {}}
                                    for i, c in enumerate(site_cat.tolist())])
        statuses = rng.choice(["registered", "assigned", "rectifying", "pending_acceptance", "closed"], n_hazards,
                              p=[0.1, 0.1, 0.2, 0.1, 0.5])
        site = rng.integers(1, 30001, n_hazards)  # sites 30001–36000 report nothing
        found = rng.integers(0, 700, n_hazards)
        grade = np.where(rng.random(n_hazards) < 0.03, "major", "general")
        now = datetime(2026, 11, 1)
        rows = [{"id": i + 1, "code": f"YH{(TODAY - timedelta(days=int(f))).year}-{i + 1:06d}",
                 "site_id": int(st), "grid_id": int(st - 1) % 3600 + 1,
                 "found_on": TODAY - timedelta(days=int(f)), "source": "grid_patrol",
                 "sector": sectors[site_cat[st - 1]], "description": f"隐患描述{i} 消防通道" if i % 7 == 0 else f"隐患描述{i}",
                 "grade": g, "status": stt, "deadline": TODAY - timedelta(days=int(f)) + timedelta(days=30),
                 "measures": "整改措施", "supervision_level": "district" if i % 50 == 0 else None,
                 "created_at": now, "updated_at": now, "version": 1}
                for i, (st, f, g, stt) in enumerate(zip(site.tolist(), found.tolist(), grade.tolist(),
                                                        statuses.tolist(), strict=True))]
        conn.execute(insert(Hazard), rows)
        kinds = np.where(rng.random(20000) < 0.2, "serious_violation", "penalty")
        conn.execute(insert(EnforcementAction), [
            {"site_id": int(rng.integers(1, 3001)), "acted_on": TODAY - timedelta(days=int(rng.integers(0, 400))),
             "kind": k, "created_at": now} for k in kinds.tolist()])
    project.close()


def timed(label: str, fn, repeat: int = 5):
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    print(f"{label:<44}{best * 1000:9.1f} ms")
    return result


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--project")
    p.add_argument("--hazards", type=int, default=100_000)
    p.add_argument("--rebuild", action="store_true")
    args = p.parse_args()
    path = Path(args.project) if args.project else OUT / "hazards.gridsafe"
    if not args.project and (args.rebuild or not path.exists()):
        OUT.mkdir(parents=True, exist_ok=True)
        store.remove_sqlite_files(path)
        t0 = time.perf_counter()
        build(path, args.hazards)
        print(f"built {path} in {time.perf_counter() - t0:.1f} s")
    project = store.open_project(path, readonly=True)
    book = timed("open ledger (SQL → arrays)", lambda: ledger.load(project, TODAY), repeat=3)
    print(f"  rows: {len(book):,}")
    timed("signatures for 尚缺签字 (one query)", lambda: book.load_signatures(project), repeat=3)
    timed("filter: overdue", lambda: book.filter(overdue=True))
    timed("filter: status + sector + grid prefix", lambda: book.filter(
        status=["assigned", "rectifying"], sector="fire", grid="410411003001"))
    timed("filter: supervised + grade", lambda: book.filter(supervised=True, grade="major"))
    timed("full-text search (first, builds index)", lambda: book.filter(text="消防通道"), repeat=1)
    timed("full-text search", lambda: book.filter(text="消防通道"))
    all_rows = book.filter()
    timed("sort by deadline (first, builds ranks)", lambda: book.sort(all_rows, "deadline"), repeat=1)
    timed("sort by deadline desc", lambda: book.sort(all_rows, "deadline", ascending=False))
    timed("sort by description (first)", lambda: book.sort(all_rows, "description"), repeat=1)
    timed("sort by description", lambda: book.sort(all_rows, "description"))
    timed("filter overdue + sort by overdue days", lambda: book.sort(book.filter(overdue=True), "overdue_days", False))
    with project.session() as s:
        alerts = timed("escalation (all rules)", lambda: escalation.evaluate(s, TODAY), repeat=3)
    print("  alerts:", escalation.summary(alerts))
    project.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
