"""What row-level security costs on reads (issue 16): the hazard ledger's load (gis.hazards.ledger.load_frame, what
the window's ledger reads) as an administrator (policy short-cut: one InitPlan) and as a 网格长 of the village with
the most hazards (policy: grid ids of its village, hashed), against the table owner (RLS not applied), on PostgreSQL.

    python benchmarks/rls_bench.py                 # the demo township on a throwaway server (tests/pgserver.py)
    python benchmarks/rls_bench.py --county        # the county set (benchmarks/county_copy.py) copied into PostgreSQL
    python benchmarks/rls_bench.py --url URL       # an existing PostgreSQL project (its owner's URL)
Prints the median of --runs loads per login, and the rows each sees.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _load_demo(url: str) -> None:
    from gis import store
    from gis.demo.load import load_demo

    with store.create_project(url) as project:
        load_demo(project)


def _load_county(url: str) -> None:
    from county_copy import upgraded_copy

    from gis import store
    from tests.storage.upgrade_copy import copy_into_postgresql

    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        path = upgraded_copy(folder)
        copy_into_postgresql(path, url, store.head_revision())
    print(f"county copied into PostgreSQL: {time.perf_counter() - t0:.0f} s")


def measure(url: str, runs: int) -> None:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from desktop.services import accounts as use
    from gis import store
    from gis.hazards import ledger

    with store.open_project(url) as project, project.engine.connect() as c:
        village, n = c.execute(text(
            "SELECT left(g.code, 12) v, count(*) FROM hazard h JOIN grid g ON g.id = h.grid_id GROUP BY v "
            "ORDER BY 2 DESC LIMIT 1")).first()
        total = c.execute(text("SELECT count(*) FROM hazard")).scalar()
        have = set(c.execute(text("SELECT login FROM account")).scalars())
    with store.open_project(url) as project:
        for login, role, kw in (("bench_admin", "admin", {}), ("bench_village", "village", {"area": village})):
            if login not in have:
                use.add(project, login, role, "bench", **kw)
    print(f"hazards {total:,}; the village {village}: {n:,} with a grid")
    for label, login in (("owner (no RLS)", None), ("管理员 (RLS, sees all)", "bench_admin"),
                         ("网格长 (RLS, one village)", "bench_village")):
        target = url if login is None else make_url(url).set(username=login).render_as_string(hide_password=False)
        times = []
        with store.open_project(target, readonly=True) as project:
            for _ in range(runs):
                t0 = time.perf_counter()
                frame = ledger.load_frame(project)
                times.append(time.perf_counter() - t0)
        print(f"{label:28s} ledger load median {statistics.median(times) * 1000:7.0f} ms "
              f"(min {min(times) * 1000:.0f}, {runs} runs), {len(frame):,} rows")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", help="an existing PostgreSQL project (the owner's URL, user@…)")
    ap.add_argument("--county", action="store_true")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if args.url:
        measure(args.url, args.runs)
        return 0
    from tests.pgserver import PgServer

    server = PgServer()
    server.start()
    try:
        url = server.new_database()
        t0 = time.perf_counter()
        (_load_county if args.county else _load_demo)(url)
        print(f"{'county' if args.county else 'demo'} loaded in {time.perf_counter() - t0:.0f} s")
        measure(url, args.runs)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
