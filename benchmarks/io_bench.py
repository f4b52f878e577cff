"""Data exchange timings on the county set (issue 3 targets: import 36,000 sites from GeoPackage ≤ 3 s,
from XLSX ≤ 10 s; export all layers to GeoPackage ≤ 5 s). Prints figures; asserts nothing.

    python -m gis.demo.generate --scale county --project /tmp/county.gridsafe
    python benchmarks/io_bench.py /tmp/county.gridsafe

Figures on the 2-core development machine (shared, so ±20 %), before → after the issue-3 speed-up:
import sites from GeoPackage 2.8 → 2.3 s (into a project with its grids: 2.3 s), from XLSX 14.0 → 2.5 s;
export sites to KMZ 14.5 → 3.3 s; all layers to GeoPackage 4.4 → 2.6 s.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from gis import store
from gis.io.export import export
from gis.io.errors import ImportRejected
from gis.io.importer import ImportOptions, import_file
from gis.io.targets import TARGETS
from gis.model import AdminUnit


def timed(label: str, fn):
    t = time.perf_counter()
    result = fn()
    print(f"{label}: {time.perf_counter() - t:.2f} 秒")
    return result


def _rejected(fn):
    try:
        fn()
    except ImportRejected as e:
        return e.report
    raise AssertionError("expected every row to be rejected")


def main(source: str) -> None:
    work = Path(tempfile.mkdtemp(prefix="io-bench-"))
    try:
        with store.open_project(source, readonly=True) as project:
            timed("导出全部图层到 GeoPackage", lambda: export(project, "all", work / "all.gpkg"))
            timed("导出企业场所到 GeoPackage", lambda: export(project, "sites", work / "sites.gpkg"))
            timed("导出企业场所到 XLSX", lambda: export(project, "sites", work / "sites.xlsx"))
            timed("导出企业场所到 Shapefile", lambda: export(project, "sites", work / "sites.shp"))
            timed("导出企业场所到 KMZ", lambda: export(project, "sites", work / "sites.kmz"))
        for fmt in ("gpkg", "xlsx"):
            copy = work / f"target-{fmt}.gridsafe"
            with store.create_project(copy) as target:
                opts = ImportOptions("sites", crs="EPSG:4490" if fmt == "xlsx" else None)
                report = timed(f"从 {fmt} 导入企业场所到空项目", lambda: import_file(target, work / f"sites.{fmt}", opts))
                print(f"  读取 {report.rows_read}，导入 {report.imported}，拒绝 {len(report.rejected_rows)}")
        # the real case: a project that has its townships, villages and grids (sites get their grids)
        with store.create_project(work / "county.gridsafe") as target:
            with store.open_project(source, readonly=True) as county, county.session() as s, \
                    target.transaction() as t:  # the district itself is set up with the project
                for d in s.scalars(select(AdminUnit).where(AdminUnit.level == "district")):
                    t.add(AdminUnit(code=d.code, name=d.name, level=d.level, kind=d.kind, geom=d.geom))
            for layer in ("townships", "villages", "grids"):
                opts = ImportOptions(layer, source_layer=TARGETS[layer].label)
                timed(f"从 GeoPackage 导入{TARGETS[layer].label}", lambda: import_file(target, work / "all.gpkg", opts))
        shutil.copy(work / "county.gridsafe", work / "county-again.gridsafe")   # closed: nothing left in the WAL
        with store.open_project(work / "county.gridsafe") as target:
            report = timed("从 gpkg 导入企业场所到有网格的项目",
                           lambda: import_file(target, work / "sites.gpkg", ImportOptions("sites")))
            print(f"  读取 {report.rows_read}，导入 {report.imported}，拒绝 {len(report.rejected_rows)}")
            opts = ImportOptions("sites", crs="EPSG:4490")
            rejected = timed("再从 xlsx 导入同一批企业场所（全部重复，应全部拒绝）",
                             lambda: _rejected(lambda: import_file(target, work / "sites.xlsx", opts)))
            print(f"  读取 {rejected.rows_read}，拒绝 {len(rejected.rejected_rows)}，问题 {len(rejected.issues)} 条")
        with store.open_project(work / "county-again.gridsafe") as target:
            report = timed("从 xlsx 导入企业场所到有网格的项目",
                           lambda: import_file(target, work / "sites.xlsx", ImportOptions("sites", crs="EPSG:4490")))
            print(f"  读取 {report.rows_read}，导入 {report.imported}，拒绝 {len(report.rejected_rows)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/county.gridsafe")
