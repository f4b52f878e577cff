"""The cost of the one task runner and of Feedback checkpoints, on the demo township.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=$PWD python3 benchmarks/task_bench.py

Prints: a no-op task's round trip (start → succeeded on the UI thread), how many of 100,000 progress
reports reach the UI thread (they are thinned to ~20 a second), and roster generation, ledger load and
patrol planning with and without a reporting Feedback, direct and as a Task. Not a test: timings
depend on the machine.
"""
from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
WORK = Path(tempfile.mkdtemp(prefix="task-bench-"))
os.environ["GRIDSAFE_DATA_DIR"] = str(WORK / "data")     # the demo copy goes here, not to the user's folder
os.environ["GRIDSAFE_LOG_DIR"] = str(WORK / "log")

from PySide6.QtCore import QCoreApplication, QEventLoop  # noqa: E402

from desktop.tasks import Task  # noqa: E402
from gis import store  # noqa: E402
from gis.feedback import Feedback  # noqa: E402
from gis.fire import roster
from gis.fire import seasons as forestfire
from gis.hazards import ledger
from gis.model import FireSeason  # noqa: E402
from gis.patrols import planning
from gis.patrols.periods import parse_period  # noqa: E402
from gis.userdata import ensure_demo_project  # noqa: E402


class Rollback(Exception):
    pass


def run_task(fn) -> tuple[float, Task, list]:
    """Start a Task and spin the event loop until it has finished; returns seconds, task, reports."""
    loop = QEventLoop()
    reports = []
    task = Task(fn)
    task.progressed.connect(lambda f, t: reports.append((f, t)))
    task.finished.connect(loop.quit)
    t0 = time.perf_counter()
    task.start()
    loop.exec()
    return time.perf_counter() - t0, task, reports


def timed(fn, repeat: int = 3) -> float:
    """Median of `repeat` runs after one warm-up run."""
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    path = WORK / "demo.gridsafe"
    shutil.copy(ensure_demo_project(), path)
    project = store.open_project(path)

    trips = [run_task(lambda feedback: None)[0] for _ in range(200)]
    print(f"no-op task, start → finished on the UI thread: median {statistics.median(trips) * 1e3:.2f} ms, "
          f"max {max(trips) * 1e3:.2f} ms (200 runs)")

    def chatty(feedback):
        for i in range(100_000):
            feedback.step(i, 100_000, "步骤")

    seconds, _, reports = run_task(chatty)
    print(f"100,000 progress reports in {seconds:.2f} s; {len(reports)} reached the UI thread")

    with project.session() as s:
        season_id = forestfire.find_season(s, 2026).id

    def generate(feedback=None):
        try:
            with project.transaction() as s:
                roster.generate(s, s.get(FireSeason, season_id), feedback=feedback)
                raise Rollback       # the demo stays as it is for the next run
        except Rollback:
            pass

    calls = []
    plain = timed(generate)
    reporting = timed(lambda: generate(Feedback(lambda f, t: calls.append(f))))
    print(f"roster generation (demo season): {plain:.2f} s without feedback, {reporting:.2f} s with a reporting "
          f"one ({len(calls) // 4} reports per run)")

    plain = timed(lambda: ledger.load(project))
    reporting = timed(lambda: ledger.load(project, feedback=Feedback(lambda f, t: None)))
    print(f"ledger load (demo): {plain * 1e3:.0f} ms without feedback, {reporting * 1e3:.0f} ms with")

    week = parse_period("2026-W48")
    direct = timed(lambda: planning.plan(project, week), repeat=2)
    as_task = statistics.median(run_task(lambda feedback: planning.plan(project, week, feedback=feedback))[0]
                                for _ in range(2))
    print(f"patrol plan for {week.label} (demo): {direct:.2f} s direct, {as_task:.2f} s as a Task with progress")
    project.close()
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
