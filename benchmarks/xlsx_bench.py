"""Reading the county's enterprise list (XLSX) with the budgets of gis.io.xlsx_budget, and without.

    python3 benchmarks/xlsx_bench.py [--rows 36000] [--repeat 3]

Generates a workbook like the county's 36,000-site list (openpyxl, shared strings: names, addresses,
categories, people, phones, coordinates, dates; 16 columns) and prints, as medians:
  budget pass   xlsx_budget.check alone (the streaming look at zip, sheet and shared strings)
  read_source   the whole read as an import does it (budget pass + calamine in a child + coordinates)
  before        the read without the budget pass and in-process (what it cost before issue 18)
  peak memory   max RSS of a process that runs read_source once, and of the reader child it forks
  fork / spawn  first and warm read_source, and a trivial isolated call, in a fresh process per isolation mode: fork is
                a child per read; spawn (what Windows uses) starts one worker on the first read and reuses it
and the figures the pass found (grid, cells, text the string cells copy) against the limits.
"""
from __future__ import annotations

import argparse
import os
import random
import resource  # noqa: F401 - used by the child
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gis.io import xlsx_budget
from gis.io.readers import read_source

HEADERS = ["企业名称", "统一社会信用代码", "场所类别", "行业领域", "地址", "经营状态", "风险等级", "联系人",
           "联系电话", "法定代表人", "从业人数", "成立日期", "所属村", "备注", "经度", "纬度"]


def make(path: Path, rows: int) -> Path:
    from datetime import date

    from openpyxl import Workbook

    rng = random.Random(18)
    wb = Workbook()  # not write_only: that writes inline strings, Excel and WPS write shared strings
    ws = wb.active
    ws.title = "场所"
    ws.append(HEADERS)
    kinds = ["九小场所", "餐饮", "工贸企业", "危化企业", "液化气站", "学校", "加油站"]
    villages = [f"{a}{b}村" for a in "张李王赵刘陈杨黄周吴" for b in "庄楼营集寨店湾岗"]
    for i in range(rows):
        v = rng.choice(villages)
        ws.append([f"{v}{rng.choice('顺达福满兴隆永安')}{i}号{rng.choice(['五金店', '饭店', '加工厂', '超市'])}",
                   f"91410411MA{i:08d}", rng.choice(kinds), rng.choice(["工贸", "燃气", "消防", "危险化学品"]),
                   f"{v}{rng.choice('东西南北中')}街{rng.randint(1, 300)}号", rng.choice(["正常", "停产"]),
                   rng.choice(["低风险", "一般风险", "较大风险"]), f"联系人{rng.randint(1, 5000)}",
                   f"13{rng.randint(100000000, 999999999)}", f"法人{rng.randint(1, 9000)}", rng.randint(1, 300),
                   date(2000 + rng.randint(0, 25), rng.randint(1, 12), rng.randint(1, 28)),
                   v, "" if rng.random() < 0.8 else "需复查消防通道", round(112.9 + rng.random() * 0.8, 6),
                   round(33.4 + rng.random() * 0.5, 6)])
    wb.save(path)
    return path


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def peak_rss_mb(path: Path) -> tuple[float, float]:
    """(peak RSS of a process that runs read_source once, peak RSS of the reader child it forks) in MB."""
    code = (f"import resource, sys; sys.path.insert(0, {str(ROOT)!r}); from pathlib import Path; "
            f"from gis.io.readers import read_source; read_source(Path({str(path)!r})); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    own, child = out.stdout.split()[-2:]
    return int(own) / 1024, int(child) / 1024


def first_and_warm(path: Path, mode: str, repeat: int) -> tuple[float, float, float]:
    """(first read_source, median of the warm ones, median isolated.run of a trivial function afterwards) in
    seconds, in a fresh process with GRIDSAFE_ISOLATION=mode."""
    code = (f"import statistics, sys, time; sys.path.insert(0, {str(ROOT)!r}); from pathlib import Path\n"
            "from gis.io.readers import read_source\n"
            "def main():\n"
            "    times = []\n"
            f"    for _ in range({repeat + 1}):\n"
            "        t = time.perf_counter()\n"
            f"        read_source(Path({str(path)!r}))\n"
            "        times.append(time.perf_counter() - t)\n"
            "    from gis.io import isolated\n"
            "    calls = []\n"
            "    for _ in range(5):\n"
            "        t = time.perf_counter()\n"
            "        isolated.run(len, [1], what='x')\n"
            "        calls.append(time.perf_counter() - t)\n"
            "    print(times[0], statistics.median(times[1:]), statistics.median(calls))\n"
            "if __name__ == '__main__':\n    main()\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=dict(os.environ, GRIDSAFE_ISOLATION=mode))
    first, warm, call = out.stdout.split()[-3:]
    return float(first), float(warm), float(call)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=36_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "县企业名录.xlsx"
        t = time.perf_counter()
        make(path, args.rows)
        print(f"generated {args.rows:,} rows × {len(HEADERS)} columns, {path.stat().st_size / 2**20:.1f} MB "
              f"in {time.perf_counter() - t:.1f} s")
        figures = xlsx_budget.check(path)
        print(f"budget figures: grid {figures.rows:,} × {figures.columns} (limit {xlsx_budget.MAX_CELLS:,} cells), "
              f"cells {figures.cells:,}, string cells {figures.string_cells:,}, "
              f"text copied ≤ {figures.text_chars:,} bytes (limit {xlsx_budget.MAX_TEXT_CHARS:,})")
        budget = timed(lambda: xlsx_budget.check(path), args.repeat)
        after = timed(lambda: read_source(path), args.repeat)
        real_check = xlsx_budget.check
        xlsx_budget.check = lambda *a, **k: None
        os.environ["GRIDSAFE_NO_ISOLATION"] = "1"
        try:
            before = timed(lambda: read_source(path), args.repeat)
        finally:
            xlsx_budget.check = real_check
            del os.environ["GRIDSAFE_NO_ISOLATION"]
        print(f"budget pass   {budget * 1000:7.0f} ms")
        print(f"read_source   {after * 1000:7.0f} ms   (now: budget pass + calamine in a child with a memory limit)")
        print(f"before        {before * 1000:7.0f} ms   (read_source without the budget pass, calamine in-process)")
        own, child = peak_rss_mb(path)
        print(f"peak memory   {own:7.0f} MB   importing process, {child:.0f} MB its reader child (limit 1024 each)")
        for mode in ("fork", "spawn", "off"):
            first, warm, call = first_and_warm(path, mode, args.repeat)
            print(f"{mode:<5} first {first * 1000:7.0f} ms, warm {warm * 1000:7.0f} ms, a trivial call "
                  f"{call * 1000:5.1f} ms   (read_source in a fresh process, GRIDSAFE_ISOLATION={mode})")


if __name__ == "__main__":
    main()
