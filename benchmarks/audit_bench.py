"""What the audit trail (issue 16, migration 0016) costs the writes that touch many rows and the one a person waits
for, with and without the audit triggers. Prints figures; asserts nothing.

    python benchmarks/audit_bench.py [COUNTY.gridsafe]      (SQLite; then the demo on a PostgreSQL it starts)

- import of the county's sites (36,000, from a GeoPackage the county set is exported to) into an empty project;
- one hazard saved in its form (workflow.update, as the window does), median of 30;
- the demo township generated (make_demo_project).
"Without" is the same code with the audit triggers left out (gis.audit.schema.install made a no-op while the
project is created, so the trust check never sees the difference: the projects stay open).
"""
from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from county_copy import source  # noqa: E402
from sqlalchemy import select  # noqa: E402

from gis import store  # noqa: E402
from gis.audit import schema  # noqa: E402
from gis.model import AuditLog, Hazard  # noqa: E402


@contextmanager
def audit(on: bool):
    saved = schema.install
    if not on:
        schema.install = lambda conn, table: None
    try:
        yield
    finally:
        schema.install = saved


def rows(project) -> int:
    from sqlalchemy import func

    with project.session() as s:
        return int(s.scalar(select(func.count()).select_from(AuditLog)))


REPEAT = 3


def import_sites(work: Path, sites: Path, on: bool, i: int) -> tuple[float, int]:
    from gis.io.importer import ImportOptions, import_file

    with audit(on):
        project = store.create_project(work / f"import-{on}-{i}.gridsafe")
    with project:
        t = time.perf_counter()
        report = import_file(project, sites, ImportOptions("sites"))
        took = time.perf_counter() - t
        assert report.imported > 30000, report.imported
        return took, rows(project)


def demo(target, on: bool):
    from gis.userdata import make_demo_project

    with audit(on):
        t = time.perf_counter()
        project = make_demo_project(target)
        return project, time.perf_counter() - t


def postgresql() -> None:
    """The demo generated and a hazard saved on a PostgreSQL the tests' helper starts (tests/pgserver.py)."""
    sys.path.append(str(Path(__file__).resolve().parent.parent / "tests"))   # last: tests/packaging is no package
    from pgserver import PgServer

    server = PgServer()
    if not server.available:
        print("（没有 PostgreSQL 服务器程序，跳过 PostgreSQL 部分）")
        return
    server.start()
    try:
        for on in (False, True):
            project, took = demo(server.new_database(), on)
            with project:
                label = "有" if on else "无"
                print(f"PostgreSQL 生成示例项目（{label}操作日志）：{took:.2f} 秒，操作日志 {rows(project)} 行")
                print(f"  保存一条隐患（中位数，30 次）：{hazard_saves(project) * 1000:.1f} 毫秒")
    finally:
        server.stop()


def hazard_saves(project, n: int = 30) -> float:
    from gis import hazards

    with project.session() as s:
        hid = s.scalars(select(Hazard.id).where(Hazard.status != "closed").order_by(Hazard.id)).first()
    project.operator = "基准测试"
    times = []
    for i in range(n):
        t = time.perf_counter()
        project.write(lambda s: hazards.update(s, hid, {"measures": f"整改措施 {i}"}, actor="基准测试"))
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    county = source(sys.argv[1] if len(sys.argv) > 1 else None)
    work = Path(tempfile.mkdtemp(prefix="audit-bench-"))
    try:
        from county_copy import upgraded_copy

        from gis.io.export import export

        copy = upgraded_copy(work, county)
        with store.open_project(copy, readonly=True) as project:
            export(project, "sites", work / "sites.gpkg")
        copy.unlink()
        # interleaved and repeated: the machine is shared, so the least of three is the figure
        imports: dict[bool, list[float]] = {False: [], True: []}
        for i in range(REPEAT):
            for on in (False, True):
                took, n = import_sites(work, work / "sites.gpkg", on, i)
                imports[on].append(took)
        for on in (False, True):
            print(f"导入县级企业场所（{'有' if on else '无'}操作日志）：最少 {min(imports[on]):.2f} 秒"
                  f"（{' / '.join(f'{t:.2f}' for t in imports[on])}），操作日志 {n if on else 0} 行")
        demos: dict[bool, list[float]] = {False: [], True: []}
        saves: dict[bool, list[float]] = {False: [], True: []}
        for i in range(REPEAT):
            for on in (False, True):
                project, took = demo(work / f"demo-{on}-{i}.gridsafe", on)
                demos[on].append(took)
                with project:
                    saves[on].append(hazard_saves(project))
                    if i == 0:
                        with project.engine.connect() as c:
                            c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                        size = Path(store.sqlite_path(project.url)).stat().st_size / 1e6
                        label = "有" if on else "无"
                        print(f"示例项目（{label}操作日志）：操作日志 {rows(project)} 行，文件 {size:.1f} MB")
        for on in (False, True):
            label = "有" if on else "无"
            runs = " / ".join(f"{t:.2f}" for t in demos[on])
            print(f"生成示例项目（{label}操作日志）：最少 {min(demos[on]):.2f} 秒（{runs}）")
            print(f"保存一条隐患（{label}操作日志，30 次的中位数）：最少 {min(saves[on]) * 1000:.1f} 毫秒"
                  f"（{' / '.join(f'{t * 1000:.1f}' for t in saves[on])}）")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    postgresql()


if __name__ == "__main__":
    main()
