"""Run a function off the UI thread (QThreadPool) and get its result, error or progress back on it.

    job = Job(fn)                  # fn(progress) -> result; progress(text) reports a step
    job.done.connect(...); job.failed.connect(...); job.progress.connect(...)
    job.start()
    job.cancel()                   # the result is dropped (the work itself runs to its end)

GridsafeError messages arrive as their Chinese text; anything else as "内部错误：…".
"""
from __future__ import annotations

import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from gis.errors import GridsafeError

_running: set[Job] = set()   # keeps jobs (and their signal objects) alive until they report


class Job(QObject):
    done = Signal(object)
    failed = Signal(str)
    progress = Signal(str)
    ended = Signal()       # always, after done/failed (or instead of them when cancelled)

    def __init__(self, fn: Callable[[Callable[[str], None]], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fn = fn
        self.cancelled = False
        self.finished = False
        self.ended.connect(lambda: _running.discard(self))

    def start(self) -> Job:
        _running.add(self)
        QThreadPool.globalInstance().start(_Runnable(self))
        return self

    def cancel(self) -> None:
        self.cancelled = True

    # called from the worker thread: signals cross to the UI thread as queued connections
    def _report(self, text: str) -> None:
        if not self.cancelled:
            self.progress.emit(text)

    def _finish(self, ok: bool, value) -> None:
        self.finished = True
        if not self.cancelled:
            (self.done if ok else self.failed).emit(value)
        self.ended.emit()


class _Runnable(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job

    def run(self) -> None:
        try:
            value = self.job.fn(self.job._report)
        except GridsafeError as e:
            self.job._finish(False, e.message)
        except Exception as e:  # noqa: BLE001 — shown to the user, logged with its traceback
            traceback.print_exc()
            self.job._finish(False, f"内部错误：{e}")
        else:
            self.job._finish(True, value)
