"""desktop.tasks: the one task runner. Results, refusals, unexpected errors (logged, never shown as a
traceback), cancel at a checkpoint, progress crossing to the UI thread, and Latest (newest load wins)."""
from __future__ import annotations

import gc
import threading

import pytest
from PySide6.QtCore import QThread

from desktop.errors import log_path, setup_logging
from desktop.tasks import WORKERS, Latest, Task
from gis.errors import ValidationError
from gis.feedback import Cancelled


class Recorder:
    """Every signal of a task (or Latest), in order, with the thread it arrived on."""

    def __init__(self, source) -> None:
        self.events: list[tuple] = []
        self.threads: set = set()
        for name in ("progressed", "succeeded", "failed", "cancelled", "finished"):
            getattr(source, name).connect(lambda *args, name=name: self._got(name, *args))

    def _got(self, name, *args) -> None:
        self.threads.add(QThread.currentThread())
        self.events.append((name, *args))

    def names(self) -> list[str]:
        return [e[0] for e in self.events]

    @property
    def done(self) -> bool:
        return "finished" in self.names()


def test_result_and_progress_arrive_on_the_ui_thread(qtbot, qapp):
    worker = []

    def work(feedback):
        worker.append(threading.get_ident())
        for i in range(3):
            feedback.step(i + 1, 3, "正在计算")
        return 42

    task = Task(work, title="计算")
    seen = Recorder(task)
    task.start()
    qtbot.waitUntil(lambda: seen.done, timeout=10_000)
    assert worker and worker[0] != threading.get_ident()       # the work ran on another thread
    assert seen.threads == {qapp.thread()}                       # every report arrived on the UI thread
    progress = [e for e in seen.events if e[0] == "progressed"]
    texts = [e[2] for e in progress]
    assert texts == sorted(texts) and set(texts) <= {"正在计算 1/3", "正在计算 2/3", "正在计算 3/3"}
    assert progress[-1][1:] == (pytest.approx(1.0), "正在计算 3/3")     # the newest report always arrives
    assert seen.names()[-2:] == ["succeeded", "finished"] and seen.events[-2] == ("succeeded", 42)
    assert task.result == 42 and task.outcome == "succeeded" and not task.is_running()


def test_reports_the_ui_has_no_time_for_are_coalesced_into_the_newest(qtbot):
    def chatty(feedback):
        for i in range(10_000):
            feedback.step(i + 1, 10_000, "步骤")

    task = Task(chatty)
    seen = Recorder(task)
    task.start()
    assert task.wait(30)               # the UI thread was busy the whole time: nothing was delivered yet
    qtbot.waitUntil(lambda: seen.done, timeout=10_000)
    assert seen.events[0] == ("progressed", pytest.approx(1.0), "步骤 10,000/10,000")
    assert seen.names() == ["progressed", "succeeded", "finished"]


def test_a_refusal_arrives_as_its_message(qtbot):
    def work(feedback):
        raise ValidationError("网格“410411003001001”没有网格员")

    task = Task(work)
    seen = Recorder(task)
    task.start()
    qtbot.waitUntil(lambda: seen.done, timeout=10_000)
    assert seen.events == [("failed", "网格“410411003001001”没有网格员"), ("finished",)]
    assert isinstance(task.error, ValidationError)


def test_an_unexpected_error_is_logged_and_shown_as_a_short_message(qtbot):
    setup_logging()

    def work(feedback):
        return {}["no such key: marker 91c2"]

    task = Task(work, title="测试任务")
    seen = Recorder(task)
    task.start()
    qtbot.waitUntil(lambda: seen.done, timeout=10_000)
    assert seen.names() == ["failed", "finished"]
    message = seen.events[0][1]
    assert message.startswith("发生意外问题，操作未完成") and str(log_path()) in message
    assert "KeyError" not in message and "marker" not in message
    log = log_path().read_text(encoding="utf-8")
    assert "测试任务" in log and "Traceback" in log and "KeyError: 'no such key: marker 91c2'" in log


def test_a_file_error_names_the_file(qtbot, tmp_path):
    missing = tmp_path / "没有这个文件夹" / "台账.xlsx"

    task = Task(lambda feedback: missing.write_text("x"))
    seen = Recorder(task)
    task.start()
    qtbot.waitUntil(lambda: seen.done, timeout=10_000)
    assert seen.names() == ["failed", "finished"] and str(missing) in seen.events[0][1]


def test_cancel_stops_the_work_at_its_checkpoint(qtbot):
    started, release = threading.Event(), threading.Event()
    after = []

    def work(feedback):
        started.set()
        release.wait(10)
        feedback.check()
        after.append("went on")           # never: check() raised
        return "done"

    task = Task(work)
    seen = Recorder(task)
    task.start()
    assert started.wait(10)
    task.cancel()
    release.set()
    qtbot.waitUntil(lambda: seen.done, timeout=10_000)
    assert seen.names() == ["cancelled", "finished"] and not after
    assert isinstance(task.error, Cancelled) and task.outcome == "cancelled"


def test_a_task_nobody_holds_still_reports(qtbot):
    got = []

    def start():
        task = Task(lambda feedback: "kept")
        task.succeeded.connect(got.append)
        task.start()

    start()
    gc.collect()
    qtbot.waitUntil(lambda: got == ["kept"], timeout=10_000)


def test_latest_drops_the_load_it_replaces(qtbot):
    first_started, release_first = threading.Event(), threading.Event()

    def first(feedback):
        first_started.set()
        release_first.wait(10)
        return "old"                      # no checkpoint: it completes, but nobody hears of it

    loads = Latest()
    seen = Recorder(loads)
    old = loads.start(first)
    assert first_started.wait(10)
    loads.start(lambda feedback: "new")
    release_first.set()
    qtbot.waitUntil(lambda: seen.done and old.outcome is not None, timeout=10_000)   # the old one has ended too
    assert seen.events == [("succeeded", "new"), ("finished",)]
    assert not loads.is_running()


def test_latest_cancel_reports_at_once_and_drops_the_result(qtbot):
    started, release = threading.Event(), threading.Event()

    def load(feedback):
        started.set()
        release.wait(10)
        return "too late"

    loads = Latest()
    seen = Recorder(loads)
    task = loads.start(load)
    assert started.wait(10) and loads.is_running()
    loads.cancel()
    assert seen.events == [("cancelled",), ("finished",)] and not loads.is_running()
    release.set()
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=10_000)
    assert seen.events == [("cancelled",), ("finished",)]


def test_planning_again_and_again_on_reused_worker_threads(qtbot, tmp_path):
    """PROJ on reused worker threads: a Qt pool thread lost its Python thread state between runs and
    pyproj crashed the second time; the task runner's Python threads keep theirs."""
    from gis import store
    from gis.patrols import planning
    from gis.patrols.periods import parse_period
    from tests.patrols import world

    with store.create_project(tmp_path / "w.gridsafe") as project:
        with project.transaction() as s:
            world.build(s)
        threads, results = [], []

        def plan(feedback):
            threads.append(threading.get_ident())
            return planning.plan(project, parse_period("2026-W48"), feedback=feedback)

        runs = WORKERS + 2            # more runs than worker threads: some thread is surely used again
        for _ in range(runs):
            task = Task(plan)
            task.succeeded.connect(results.append)
            task.start()
            qtbot.waitUntil(lambda task=task: task.outcome is not None, timeout=30_000)
        qtbot.waitUntil(lambda: len(results) == runs, timeout=30_000)
        assert all(r.assignments > 0 for r in results)
        assert len(set(threads)) < len(threads)
