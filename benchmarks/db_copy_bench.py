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


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="gridsafe-copy-") as tmp:
        folder = Path(tmp)
        src, what = source(folder)
        print(f"源项目：{what} {src.name}，{src.stat().st_size / 1e6:.0f} MB")
        server = PgServer()
        server.start()
        try:
            url = server.new_database()
            t = time.perf_counter()
            copied = dbcopy.copy_project(src, url)
            to_pg = time.perf_counter() - t
            rows = copied.total
            print(f"SQLite → PostgreSQL：{to_pg:.1f} s（{rows:,} 行，{rows / to_pg:,.0f} 行/秒）")
            for table, n in sorted(copied.rows.items(), key=lambda kv: -kv[1])[:5]:
                print(f"  {table}: {n:,} 行")
            back = folder / "back.gridsafe"
            t = time.perf_counter()
            dbcopy.copy_project(url, back)
            to_sqlite = time.perf_counter() - t
            print(f"PostgreSQL → SQLite：{to_sqlite:.1f} s（{rows / to_sqlite:,.0f} 行/秒，{back.stat().st_size / 1e6:.0f} MB）")
            t = time.perf_counter()
            dbcopy.copy_project(src, folder / "copy.gridsafe")
            print(f"SQLite → SQLite：{time.perf_counter() - t:.1f} s")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
