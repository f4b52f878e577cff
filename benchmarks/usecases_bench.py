"""Use-case benchmark (issue 11): issuing a 整改通知书 (PDF and DOCX) with the file and its record
together, how long the write transaction is held meanwhile, the operator chooser over all people of the
project, and an open hazard form taking in the notice's change.

    QT_QPA_PLATFORM=offscreen python3 benchmarks/usecases_bench.py [--project county.gridsafe]

Without --project a copy of the demo project is used (benchmarks/out/usecases.gridsafe). Prints figures.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from gis import store  # noqa: E402
from gis.model import Hazard, Person  # noqa: E402

OUT = ROOT / "benchmarks" / "out"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--project")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.project:
        path = Path(args.project)
    else:
        from gis.userdata import make_demo_project

        path = OUT / "usecases.gridsafe"
        if path.exists():
            path.unlink()
        make_demo_project(path).close()
    work = OUT / "usecases_copy.gridsafe"
    shutil.copy(path, work)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # noqa: F841
    from desktop.operator import Operator, OperatorDialog
    from desktop.services import hazards as use
    from desktop.views.hazards.form import HazardForm

    project = store.open_project(work)
    with project.session() as s:
        ids = list(s.scalars(select(Hazard.id).where(Hazard.status != "closed").order_by(Hazard.id)
                             .limit(2 * args.runs + 1)))
        someone = s.scalars(select(Person).order_by(Person.id)).first()
        actor = (someone.name, someone.id)

    held: list[float] = []
    real = project.transaction

    @contextmanager
    def timed():
        t0 = time.perf_counter()
        with real() as s:
            yield s
        held.append(time.perf_counter() - t0)

    project.transaction = timed
    from gis.hazards import Actor

    for fmt in ("pdf", "docx"):
        held.clear()
        totals = []
        for hid in ids[:args.runs] if fmt == "pdf" else ids[args.runs:2 * args.runs]:
            t0 = time.perf_counter()
            use.issue_notice(project, hid, actor=Actor(*actor), path=OUT / f"notice_{hid}.{fmt}")
            totals.append(time.perf_counter() - t0)
        print(f"issue_notice {fmt}: median {_ms(statistics.median(totals))} per notice "
              f"(write transaction held {_ms(statistics.median(held))})")
    project.transaction = real

    with project.session() as s:
        n_people = s.scalar(select(func.count()).select_from(Person))
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        dialog = OperatorDialog(project)
        times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        dialog.search.setText(actor[0][:1])
        search = time.perf_counter() - t0
        dialog.deleteLater()
    print(f"operator chooser over {n_people:,} people: built in {_ms(statistics.median(times))}, "
          f"one search keystroke {_ms(search)}")

    op = Operator()
    op.load_for(project)
    op.set(actor[1], actor[0])
    hid = ids[-1]
    form = HazardForm(project, hazard_id=hid, operator=op)
    use.issue_notice(project, hid, actor=op.actor(), path=OUT / "notice_open_form.pdf")
    t0 = time.perf_counter()
    rebased = form.refresh()
    print(f"open form takes in the notice (rebase={rebased}): {_ms(time.perf_counter() - t0)}")
    project.close()


if __name__ == "__main__":
    main()
