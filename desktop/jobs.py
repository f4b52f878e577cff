"""Heavy work (imports, exports) off the UI thread: a QThread that runs one function and reports
progress, the result or the error back to the UI thread through queued signals.

The function gets `progress(fraction, text)`; after cancel() the next progress call raises
JobCancelled, so work stops at its next checkpoint (an import then writes nothing).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThread, Signal


class JobCancelled(Exception):
    pass


class Job(QThread):
    progressed = Signal(float, str)   # fraction 0..1, what is being done
    succeeded = Signal(object)        # the function's result
    failed = Signal(object)           # the exception (GridsafeError: show its message)

    def __init__(self, fn: Callable[[Callable[[float, str], None]], Any], parent=None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    @property
    def cancel_requested(self) -> bool:
        return self._cancel

    def _progress(self, fraction: float, text: str) -> None:
        if self._cancel:
            raise JobCancelled
        self.progressed.emit(float(fraction), text)

    def run(self) -> None:
        try:
            result = self._fn(self._progress)
        except Exception as e:  # noqa: BLE001 - every failure goes back to the UI as a message
            if not isinstance(e, JobCancelled):
                logging.getLogger("gridsafe").info("background job failed", exc_info=True)
            self.failed.emit(e)
        else:
            self.succeeded.emit(result)


def user_message(e: BaseException) -> str:
    """What to tell the user about a failed job: the Chinese message of our errors, never a traceback."""
    from desktop.errors import log_path
    from gis.errors import GridsafeError

    if isinstance(e, GridsafeError):
        return e.message
    logging.getLogger("gridsafe").error("unexpected error in background job", exc_info=(type(e), e, e.__traceback__))
    return f"发生意外问题，操作未完成。详情已记录到：\n{log_path()}"
