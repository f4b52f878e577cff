"""Self-check reports (企业自查自报) at county scale: print the figures.

    python3 benchmarks/self_check_bench.py [COUNTY.gridsafe]

Works on a copy of the county set (benchmarks/out/county.gridsafe by default; the file itself is never written):
upgrades the copy when it is older than the code, adds the demo's reports when it has none
(gis/demo/stages/self_checks.add_to_project), then times listing a month's enterprises (the dock's load, the CLI's
list) and importing a 上报表 with one row per enterprise (xlsx, read through gis.io, matched by code, one write).
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from openpyxl import Workbook
    from sqlalchemy import func, select

    from desktop.services import self_checks as use
    from gis import store
    from gis.demo.stages import self_checks as stage
    from gis.model import SelfCheckReport

    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "benchmarks" / "out" / "county.gridsafe"
    work = Path(tempfile.mkdtemp(prefix="selfcheck-bench-"))
    copy = work / "county.gridsafe"
    shutil.copy(source, copy)
    try:
        t0 = time.perf_counter()
        store.upgrade_project(copy)
        print(f"upgrade copy                      : {time.perf_counter() - t0:6.2f} s")
        project = store.open_project(copy)
        with project.session() as s:
            have = s.scalar(select(func.count()).select_from(SelfCheckReport))
        if not have:
            t0 = time.perf_counter()
            n = stage.add_to_project(project)
            print(f"add demo reports (bulk insert)    : {time.perf_counter() - t0:6.2f} s   ({n:,} rows)")
        t0 = time.perf_counter()
        rows = use.enterprises(project, date(2026, 11, 1), date(2026, 11, 30))
        t_list = time.perf_counter() - t0
        missing = sum(1 for e in rows if e.state == "missing")
        print(f"list 2026-11 (enterprises+reports): {t_list:6.2f} s   ({len(rows):,} enterprises, {missing:,} 未上报)")
        sheet = work / "上报表.xlsx"
        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        ws.append(["统一社会信用代码", "企业名称", "上报日期", "发现隐患数", "上报人"])
        for i, e in enumerate(rows):
            ws.append([e.code, e.name, "2026-12-03", 1 if i % 4 == 0 else 0, "上报人"])
        wb.save(sheet)
        t0 = time.perf_counter()
        done = use.import_file(project, sheet, operator="基准测试", today=date(2026, 12, 5)).value
        print(f"import 上报表 ({done.rows:,} rows)          : {time.perf_counter() - t0:6.2f} s   "
              f"(new {done.created:,}, updated {done.updated:,})")
        t0 = time.perf_counter()
        done = use.import_file(project, sheet, operator="基准测试", today=date(2026, 12, 5)).value
        print(f"import it again (all updates)     : {time.perf_counter() - t0:6.2f} s   "
              f"(new {done.created:,}, updated {done.updated:,})")
        project.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
