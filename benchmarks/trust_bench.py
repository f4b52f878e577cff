"""What the open checks of an untrusted project cost (gis/trust.py): quick_check and integrity_check, the
schema comparison, and a whole read-only open, on the demo project and on the county file
(benchmarks/out/county.gridsafe, made by load_county.py) when it is there. Figures only, no assertions.

    python benchmarks/trust_bench.py [PROJECT ...]     (a .gridsafe file or a postgresql:// address)
"""
from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gis import store, trust


def best(fn, n: int = 5) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times) if n < 3 else statistics.median(times)


def before_this_change(path: Path, **_kw):
    """The open check as it was: quick_check only, no schema or settings comparison."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        trust.check_integrity(con, path, full=False)


def measure_open(target: str, n: int) -> None:
    now = best(lambda: store.open_project(target, readonly=True).close(), n)
    checks = trust.check_file, trust.pg_check
    trust.check_file, trust.pg_check = before_this_change, (lambda *a: None)
    try:
        before = best(lambda: store.open_project(target, readonly=True).close(), n)
    finally:
        trust.check_file, trust.pg_check = checks
    print(f"  open_project(readonly) {now * 1000:8.1f} ms   (checks as before this change: {before * 1000:.1f} ms)")


def measure(path: Path) -> None:
    if store.is_address(str(path)):
        print(store.describe(str(path)))
        measure_open(str(path), 9)
        return
    size = path.stat().st_size / 2**20
    print(f"{path.name}: {size:.1f} MB (integrity_check on open up to {trust.INTEGRITY_LIMIT / 2**20:.0f} MB)")
    n = 1 if size > 100 else 9
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        for pragma in ("quick_check", "integrity_check"):
            print(f"  PRAGMA {pragma:16s} {best(lambda p=pragma: con.execute(f'PRAGMA {p}').fetchall(), n) * 1000:8.1f} ms")
        print(f"  schema comparison      {best(lambda: trust.compare(con, store.head_revision())) * 1000:8.1f} ms")
    print(f"  check_file (as on open){best(lambda: trust.check_file(path), n) * 1000:8.1f} ms")
    measure_open(str(path), n)


def main(argv: list[str]) -> None:
    t = time.perf_counter()
    trust._fresh_signature(store.head_revision())
    print(f"fresh project in memory for its schema (first open after an update): {(time.perf_counter() - t) * 1000:.0f} ms")
    t = time.perf_counter()
    trust.expected.cache_clear()
    trust.expected(store.head_revision())
    print(f"expected schema of {store.head_revision()} (fresh in memory or from the cache): "
          f"{(time.perf_counter() - t) * 1000:.0f} ms")
    paths = [a if store.is_address(a) else Path(a) for a in argv]
    if not paths:
        from gis.userdata import make_demo_project

        tmp = Path(tempfile.mkdtemp())
        demo = tmp / "demo.gridsafe"
        make_demo_project(demo).close()
        paths.append(demo)
        county = Path(__file__).parent / "out" / "county.gridsafe"
        if county.exists():
            paths.append(county)
    for path in paths:
        measure(path)


if __name__ == "__main__":
    main(sys.argv[1:])
