"""Importing a 人员名册 (gis/people.py through desktop/services/people.py): a county-sized roster, as XLSX.

    python3 benchmarks/people_import_bench.py [--project P.gridsafe] [--rows 7200]

Copies the project (default: the demo township, built in a temporary folder), writes an XLSX roster of `rows` new
网格员 over its grids (by grid code, round robin; name, phone, unit, title, role), and prints the time of
  read        read_file: the table reader (budgets, the isolated child) and the value conversion
  import      the whole use case: read + match + one write transaction
  again       the same file once more (every person and role already there: nothing new written)
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--project")
    parser.add_argument("--rows", type=int, default=7200)     # a county: ~3,600 grids, two 网格员 each
    args = parser.parse_args()
    from openpyxl import Workbook
    from sqlalchemy import select

    from desktop.services import people as use
    from gis import people as register
    from gis import store
    from gis.model import Grid
    from gis.userdata import make_demo_project

    tmp = Path(tempfile.mkdtemp(prefix="people-bench-"))
    source = Path(args.project) if args.project else tmp / "demo.gridsafe"
    if not args.project:
        make_demo_project(source).close()
    path = tmp / "copy.gridsafe"
    shutil.copy(source, path)
    with store.open_project(path) as project:
        with project.session() as s:
            codes = list(s.scalars(select(Grid.code).order_by(Grid.code)))
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("人员名册")
        ws.append(["姓名", "联系电话", "单位", "职务", "角色", "网格"])
        for i in range(args.rows):
            ws.append([f"测试{i:05d}", f"139{i:08d}", "村民委员会", "网格员", "专职网格员", codes[i % len(codes)]])
        roster = tmp / "人员名册.xlsx"
        wb.save(roster)
        t = time.perf_counter()
        register.read_file(roster)
        read = time.perf_counter() - t
        t = time.perf_counter()
        first = use.import_file(project, roster).value
        done = time.perf_counter() - t
        t = time.perf_counter()
        again = use.import_file(project, roster).value
        repeat = time.perf_counter() - t
    print(f"{args.rows:,} rows over {len(codes):,} grids ({roster.stat().st_size / 1e6:.1f} MB)")
    print(f"read    {read:6.2f} s")
    print(f"import  {done:6.2f} s   new people {first.created:,}, roles {first.roles_added:,}")
    print(f"again   {repeat:6.2f} s   already there {again.updated:,} people, {again.roles_held:,} roles")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
