"""Running a function off the UI thread for the patrol views: a QRunnable whose result or Chinese
refusal comes back as a signal."""
from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, Signal

from gis.errors import GridsafeError


class JobSignals(QObject):
    done = Signal(object)
    failed = Signal(str)


class Job(QRunnable):
    def __init__(self, fn, *args, **kw) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn, self.args, self.kw = fn, args, kw
        self.signals = JobSignals()

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kw)
        except GridsafeError as e:
            self.signals.failed.emit(e.message)
        else:
            self.signals.done.emit(result)
