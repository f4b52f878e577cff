"""What `gridsafe db copy` costs on the county set (benchmarks/county_copy.py; the demo township when there is none):
SQLite → PostgreSQL (COPY) and PostgreSQL → SQLite, each one transaction with its schema, on a throwaway PostgreSQL
started like the tests' (tests/pgserver.py). Figures only, no assertions.

    python benchmarks/db_copy_bench.py [PROJECT]
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from gis import dbcopy  # noqa: E402
from tests.pgserver import PgServer  # noqa: E402


def source(folder: Path) -> tuple[Path, str]:
    import county_copy

    arg = sys.argv[1] if len(sys.argv) > 1 else None
    if arg or any(p.exists() for p in county_copy.CANDIDATES):
        return county_copy.upgraded_copy(folder, arg), "县级数据"
    from gis.userdata import make_demo_project

    path = folder / "demo.gridsafe"
    make_demo_project(path).close()
    return path, "示例街道（没有县级数据：先运行 benchmarks/load_county.py）"


class Clock:
    """Wall time and this process's CPU time (the machine may be shared: the CPU figure is gridsafe's own work)."""

    def __enter__(self) -> "Clock":
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu

    def __str__(self) -> str:
        return f"{self.wall:.1f} s（本进程 CPU {self.cpu:.1f} s）"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="gridsafe-copy-") as tmp:
        folder = Path(tmp)
        src, what = source(folder)
        print(f"源项目：{what} {src.name}，{src.stat().st_size / 1e6:.0f} MB")
        server = PgServer()
        server.start()
        try:
            url = server.new_database()
            with Clock() as c:
                copied = dbcopy.copy_project(src, url)
            rows = copied.total
            print(f"SQLite → PostgreSQL：{c}，{rows:,} 行，{rows / c.wall:,.0f} 行/秒")
            for table, n in sorted(copied.rows.items(), key=lambda kv: -kv[1])[:5]:
                print(f"  {table}: {n:,} 行")
            back = folder / "back.gridsafe"
            with Clock() as c:
                dbcopy.copy_project(url, back)
            print(f"PostgreSQL → SQLite：{c}，{rows / c.wall:,.0f} 行/秒，{back.stat().st_size / 1e6:.0f} MB")
            with Clock() as c:
                dbcopy.copy_project(src, folder / "copy.gridsafe")
            print(f"SQLite → SQLite：{c}")
            import os

            print(f"（机器负载 {os.getloadavg()[0]:.1f}，{os.cpu_count()} 核）")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
