"""Route sheet batch printing on the county-scale set: 300 sheets into one PDF (target ≤ 60 s; QGIS's
atlas takes ≈ 0.45 s per simple map-plus-table page here).

    PYTHONPATH=$PWD python3 -m gis.demo.generate --scale county --project /tmp/county.gridsafe
    QT_QPA_PLATFORM=offscreen PYTHONPATH=$PWD python3 benchmarks/sheet_bench.py /tmp/county.gridsafe [N]
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import func, select

from desktop.printing.batch import BatchRequest, print_sheets
from desktop.printing.page import ensure_gui
from desktop.printing.stacks import load_stack
from gis import store
from gis.feedback import Feedback
from gis.model import PatrolAssignment, PatrolStop


def main() -> None:
    target = sys.argv[1] if len(sys.argv) > 1 else "/tmp/county.gridsafe"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    ensure_gui()
    with store.open_project(target, readonly=True) as project:
        with project.session() as s:
            ids = list(s.scalars(select(PatrolAssignment.id).join(PatrolStop)
                                 .group_by(PatrolAssignment.id).having(func.count() >= 2)
                                 .order_by(PatrolAssignment.grid_id, PatrolAssignment.id).limit(n)))
        t0 = time.perf_counter()
        stack = load_stack(project)
        t1 = time.perf_counter()
        out = Path(tempfile.mkdtemp(prefix="sheets-")) / "sheets.pdf"
        print_sheets(project, BatchRequest(out=out, assignment_ids=ids), stack=stack, feedback=Feedback())
        t2 = time.perf_counter()
    size = out.stat().st_size / 1e6
    print(f"layers loaded once: {t1 - t0:.1f} s")
    print(f"{len(ids)} route sheets → one PDF ({size:.1f} MB): {t2 - t1:.1f} s, {(t2 - t1) / len(ids):.3f} s per sheet"
          f" (target ≤ 60 s for 300; QGIS atlas ≈ 0.45 s/page)")
    print(f"total including layer load: {t2 - t0:.1f} s")


if __name__ == "__main__":
    main()
