"""Periodic reports on the county set (100,000 hazards): a monthly report's content, then the docx, the PDF and
the xlsx written separately, and the whole use case writing all three (what `gridsafe report monthly` does).
Prints figures; asserts nothing. Target (issue 14): a monthly report ≤ 5 s.

    python3 benchmarks/report_bench.py [COUNTY.gridsafe] [--period 2026-11]

The county file (default benchmarks/out/county.gridsafe, made by benchmarks/load_county.py; the main checkout's
when this one has none) is copied to a temporary folder and `gridsafe db upgrade`d there: the original is never
touched.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TODAY = date(2026, 12, 5)


def timed(label: str, fn):
    t = time.perf_counter()
    value = fn()
    print(f"{label}: {time.perf_counter() - t:.2f} s", flush=True)
    return value


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("county", nargs="?")
    ap.add_argument("--period", default="2026-11")
    args = ap.parse_args()
    from county_copy import upgraded_copy
    from desktop.printing.page import ensure_gui
    from desktop.printing.report_pdf import picture_png, write_report_pdf
    from desktop.services.reports import chart_pictures, write_report
    from gis import store
    from gis.stats import kpis, records, report, report_docx, report_xlsx

    ensure_gui()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project_path = timed("copy and upgrade the county set", lambda: upgraded_copy(tmp, args.county))
        project = timed("open", lambda: store.open_project(project_path, readonly=True))
        with project.session() as s:
            from sqlalchemy import text

            print(f"hazards: {s.execute(text('SELECT COUNT(*) FROM hazard')).scalar()}")
        defs = kpis.load(project)
        recs = timed("load records", lambda: records.load(project))
        rep = timed(f"report content ({args.period}, records loaded)",
                    lambda: report.build(project, "monthly", args.period, recs=recs, defs=defs, today=TODAY))
        print(f"  {rep.title}: {rep.group_zh} {len(rep.groups)}, overdue {len(rep.overdue)}, majors {len(rep.majors)}")
        pictures = timed("charts recorded", lambda: chart_pictures(rep.charts))
        pngs = timed("chart PNGs", lambda: [picture_png(p) for p in pictures])
        timed("docx", lambda: report_docx.render(rep, pngs, tmp / "月报.docx"))
        timed("pdf", lambda: write_report_pdf(rep, tmp / "月报.pdf", pictures))
        timed("xlsx", lambda: report_xlsx.write(rep, tmp / "月报.xlsx"))
        print("the use case as `gridsafe report monthly` runs it (records read, content, charts, the file):")
        for fmt in ("docx", "pdf", "xlsx"):
            timed(f"  monthly report → {fmt}", lambda fmt=fmt: write_report(
                project, "monthly", args.period, [tmp / f"use.{fmt}"], today=TODAY))
        outs = [tmp / f"all.{x}" for x in ("docx", "pdf", "xlsx")]
        timed("  monthly report → docx + pdf + xlsx", lambda: write_report(project, "monthly", args.period, outs,
                                                                           today=TODAY))
        for f in [tmp / "月报.docx", tmp / "月报.pdf", tmp / "月报.xlsx"]:
            print(f"  {f.name}: {f.stat().st_size / 1024:.0f} KB")
        project.close()


if __name__ == "__main__":
    main()
