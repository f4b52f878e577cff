"""Gas documents on the demo: every 现场示意图 into one PDF and one per finding, one hazard's sheet (what the
window's 现场示意图… does: analysis, layers, one page) and the 安全告知书 as PDF and docx. Prints figures;
asserts nothing.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=$PWD python3 benchmarks/gas_documents_bench.py [PROJECT]

Without PROJECT a demo project is made in a temporary folder and analysed on 2026-12-05.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import select

from desktop.printing.page import ensure_gui
from desktop.services import gas as analysis
from desktop.services.gas_documents import finding_sheets, works_notice
from gis import store
from gis.model import Hazard, ThirdPartyWorks

ON = date(2026, 12, 5)


def timed(label: str, fn):
    t = time.perf_counter()
    value = fn()
    print(f"{label}: {time.perf_counter() - t:.2f} s")
    return value


def main() -> None:
    ensure_gui()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        if len(sys.argv) > 1:
            project = store.open_project(sys.argv[1])
        else:
            from gis.demo.generate import main as generate

            generate(["--project", str(out / "demo.gridsafe")])
            project = store.open_project(out / "demo.gridsafe")
            analysis.analyse(project, operator="管线安全分析", on=ON)
        with project.session() as s:
            hazard = s.scalar(select(Hazard.id).where(Hazard.finding == "occupation").order_by(Hazard.id))
            works = s.scalar(select(ThirdPartyWorks.id).order_by(ThirdPartyWorks.id))
        done = timed("all sheets, one PDF", lambda: finding_sheets(project, out / "all.pdf", on=ON))
        print(f"  {done.sheets} sheets")
        timed("all sheets, one PDF each", lambda: finding_sheets(project, out / "each", on=ON))
        if hazard is not None:
            timed("one hazard's sheet (analysis, layers, page)",
                  lambda: finding_sheets(project, out / "one.pdf", on=ON, hazard_ids=[hazard]))
        if works is not None:
            timed("安全告知书 PDF", lambda: works_notice(project, works, out / "n.pdf", on=ON))
            timed("安全告知书 docx", lambda: works_notice(project, works, out / "n.docx", on=ON))
        project.close()


if __name__ == "__main__":
    main()
