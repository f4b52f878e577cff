"""desktop.ui_thread_gc: garbage cycles holding Qt objects are freed on the UI thread, never by a worker that
happens to allocate (a worker compiling SQL freed a UI object once, and CI died of a segfault)."""
from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject

from desktop.tasks import Task
from desktop.ui_thread_gc import collect_if_due


class Node:
    def __init__(self) -> None:
        self.me = self


def _garbage_in_a_worker(n: int) -> None:
    def churn():
        for _ in range(n):
            Node()          # cyclic garbage: what makes automatic collection run in this thread

    worker = threading.Thread(target=churn, name="churn")
    worker.start()
    worker.join()


def test_a_task_and_a_qobject_in_a_cycle_are_freed_on_the_ui_thread(qtbot):
    assert not gc.isenabled()                  # the window's application turned automatic collection off
    freed: list[tuple[str, str]] = []
    done: list[int] = []
    task = Task(lambda _feedback: 1)           # a Task is a cycle: it holds its Feedback, which holds its method
    task.finished.connect(lambda: done.append(1))
    holder = QObject()
    holder.me = holder
    for what, obj in (("task", task), ("relay", task._relay), ("holder", holder)):
        weakref.finalize(obj, lambda what=what: freed.append((what, threading.current_thread().name)))
    task.start()
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    del task, holder, obj
    _garbage_in_a_worker(200_000)              # far past every generation's threshold
    assert freed == []                         # the worker collected nothing
    qtbot.waitUntil(lambda: len(freed) == 3, timeout=3_000)   # the UI thread's timer did
    assert {thread for _what, thread in freed} == {threading.main_thread().name}, freed


def test_collection_follows_the_interpreters_thresholds(qtbot):
    gc.collect()
    assert collect_if_due() == 0               # nothing allocated since: nothing to do
    for _ in range(gc.get_threshold()[0] + 1):
        Node()
    assert collect_if_due() >= gc.get_threshold()[0]
    found = []
    worker = threading.Thread(target=lambda: found.append(_refused()))
    worker.start()
    worker.join()
    assert found == ["collect_if_due runs on the UI thread only"]


def _refused() -> str:
    try:
        collect_if_due()
    except RuntimeError as e:
        return str(e)
    return "ran"
