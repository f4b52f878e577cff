"""The one way the window runs work off the UI thread (the QgsTask of gridsafe).

    task = Task(lambda feedback: importer.import_file(project, path, opts, feedback=feedback),
                title="导入", parent=self)
    task.progressed.connect(...)   # (fraction 0..1 or None, text) — on the UI thread
    task.succeeded.connect(...)    # the function's result
    task.failed.connect(...)       # a Chinese message to show as it is; task.error holds the exception
    task.cancelled.connect(...)    # stopped at a checkpoint after cancel(): nothing was written
    task.finished.connect(...)     # ALWAYS, last, whatever happened: reset "busy" here
    task.start()
    task.cancel()                  # asks the work to stop at its next gis.feedback checkpoint

The function gets a gis.feedback.Feedback and runs on a Python worker thread (see _pool); its
reports cross to the UI thread coalesced (the newest always arrives, a chatty job cannot flood the
event loop). GridsafeError arrives as its message, OSError names the file; any other exception is
logged with its traceback (desktop/errors.log_path) and arrives as "发生意外问题…详情已记录到…".
A started task is kept alive until it has reported, so a caller need not hold it; one with a parent
is deleted after finished() (its result, error and outcome stay readable).

`Latest` is for views that reload: starting a new load drops the one still running, and its
signals only ever speak for the newest load.

A dock's load after an open is time-limited (gis.store.loading, LOAD_BUDGET_S) so a project that makes it
endless gives the dock a message instead of a spinner: `budgeted(project, what, fn)` wraps a background
load (its LoadTimeout arrives in failed() as any GridsafeError does), `loading_here(project, what, say)`
a load a dock still does on the UI thread (the message goes to `say`, the rest of the block is skipped).
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from desktop.i18n import error_text, vocab_lang
from gis.errors import GridsafeError
from gis.feedback import Cancelled, Feedback
from gis.store import LoadTimeout, loading

SUCCEEDED, FAILED, CANCELLED = "succeeded", "failed", "cancelled"
_running: dict[int, Task] = {}   # started tasks, kept alive until they have reported
_released: list[Task] = []
WORKERS = 4           # a load, an evaluation and a long job can run side by side
_executor: ThreadPoolExecutor | None = None


def load_name(what: str) -> str:
    """The English of a load's name (`what` as marked with QT_TRANSLATE_NOOP("Loads", …)) for LoadTimeout's
    English message; read on the UI thread or a worker alike (translators are installed before any load)."""
    return QCoreApplication.translate("Loads", what)


def loading_named(project, what: str):
    """gis.store.loading with the load's name in both languages (`what` marked QT_TRANSLATE_NOOP("Loads", …))."""
    return loading(project, what, what_en=load_name(what))


def budgeted(project, what: str, fn: Callable[[Feedback], Any]) -> Callable[[Feedback], Any]:
    """`fn` as a load after an open: its reads may take LOAD_BUDGET_S in all, then it fails with LoadTimeout
    (加载`what`超过 … 秒仍未完成 and the way out), which the task reports like any other failure. `what` is marked
    QT_TRANSLATE_NOOP("Loads", …): the English window names the load in English."""
    what_en = load_name(what)        # on the UI thread, where the task is made

    def load(feedback: Feedback):
        with loading(project, what, what_en=what_en):
            return fn(feedback)

    return load


@contextmanager
def loading_here(project, what: str, say: Callable[[str], None]):
    """A load a dock does on the UI thread, time-limited the same way: past the budget `say` gets the message
    (no traceback), the rest of the block is skipped and the dock stays usable."""
    try:
        with loading_named(project, what):
            yield
    except LoadTimeout as e:
        say(error_text(e))


class Outcomes(QObject):
    """The signals a task reports with (shared by Task and Latest)."""

    progressed = Signal(object, str)   # fraction 0..1 or None (unknown), what is being done
    succeeded = Signal(object)         # the function's result
    failed = Signal(str)               # the message for the user (Chinese, no traceback)
    cancelled = Signal()
    finished = Signal()                # always, after one of the three above


class _Relay(QObject):
    """Lives on the UI thread and is emitted from the worker, so its signals arrive queued. Kept apart
    from the Task so that a task deleted with its parent view leaves the worker nothing to crash on."""

    progressed = Signal()                # "read the newest report"
    ended = Signal(str, object)


def _pool() -> ThreadPoolExecutor:
    """Python threads, not QThreadPool's: a Qt pool thread gets a fresh Python thread state for every
    run, and pyproj's per-thread PROJ context does not survive that (planning crashed on the second
    run). Python threads keep theirs, so gis.geo.crs's per-thread transformers are reused too."""
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="gridsafe-task")
        app = QCoreApplication.instance()
        if app is not None:     # quitting waits for the workers: let them stop at their next checkpoint
            app.aboutToQuit.connect(cancel_all)
    return _executor


def cancel_all() -> None:
    for task in list(_running.values()):
        task.feedback.cancel()


def file_error_message(e: OSError) -> str:
    name = e.filename or ""
    return QCoreApplication.translate("Tasks", "无法读写文件 {name}：{reason}").format(
        name=name, reason=e.strerror or str(e))


class Task(Outcomes):
    def __init__(self, fn: Callable[[Feedback], Any], *, title: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fn = fn
        self.title = title
        self.result: Any = None
        self.error: BaseException | None = None   # what failed() reports, for callers that need more
        self.outcome: str | None = None            # SUCCEEDED | FAILED | CANCELLED once reported
        self._relay = _Relay()
        self._relay.progressed.connect(self._on_progress)
        self._relay.ended.connect(self._on_ended)
        self.feedback = Feedback(self._report, vocab_lang())
        self._abandoned = False
        self._ended = threading.Event()
        self._lock = threading.Lock()
        self._latest: tuple[float | None, str] = (None, "")
        self._pending = False                      # a progress report is queued for the UI thread
        key = id(self)
        self.destroyed.connect(lambda *_: _running.pop(key, None))

    # --- for the caller (UI thread) -------------------------------------------------------------
    def start(self) -> Task:
        _running[id(self)] = self
        _pool().submit(self._work)
        return self

    def cancel(self) -> None:
        """Ask the work to stop at its next checkpoint; it then reports cancelled() and finished()."""
        self.feedback.cancel()

    def abandon(self) -> None:
        """Cancel and report nothing more (not even finished): for a result nobody wants any longer."""
        self._abandoned = True
        self.feedback.cancel()

    def is_running(self) -> bool:
        return id(self) in _running and self.outcome is None

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work has ended (its signals are delivered later, by the event loop)."""
        return self._ended.wait(timeout)

    # --- on the worker thread ---------------------------------------------------------------------
    def _report(self, fraction: float | None, text: str) -> None:
        # Reports are coalesced: while one is on its way to the UI thread, later ones only replace
        # it, so a chatty job cannot flood the event loop and the UI still ends on the newest report.
        with self._lock:
            self._latest = (fraction, text)
            if self._pending:
                return
            self._pending = True
        self._relay.progressed.emit()

    def _work(self) -> None:
        relay = self._relay
        try:
            value = self.fn(self.feedback)
        except Cancelled as e:
            self.error = e
            kind, value = CANCELLED, None
        except GridsafeError as e:
            self.error = e
            kind, value = FAILED, error_text(e, self.feedback.lang)   # the language read on the UI thread
        except OSError as e:
            self.error = e
            kind, value = FAILED, file_error_message(e)
        except BaseException as e:  # noqa: BLE001 — logged with its traceback; the user reads a short message
            from desktop.errors import unexpected

            self.error = e
            kind, value = FAILED, unexpected(e, f"background task failed: {self.title or self.fn!r}")
        else:
            kind = SUCCEEDED
        self._ended.set()
        relay.ended.emit(kind, value)

    # --- back on the UI thread --------------------------------------------------------------------
    @Slot()
    def _on_progress(self) -> None:
        with self._lock:
            fraction, text = self._latest
            self._pending = False
        if not self.feedback.is_cancelled() and self.outcome is None:
            self.progressed.emit(fraction, text)

    @Slot(str, object)
    def _on_ended(self, kind: str, value) -> None:
        self.outcome = kind
        try:
            if kind == SUCCEEDED:
                self.result = value
            if not self._abandoned:
                if kind == SUCCEEDED:
                    self.succeeded.emit(value)
                elif kind == FAILED:
                    self.failed.emit(value)
                else:
                    self.cancelled.emit()
            if not self._abandoned:   # a slot above may have abandoned it (a newer load started)
                self.finished.emit()
        finally:
            # released on the next turn of the event loop, not while Qt is still inside this slot;
            # a task with a parent would otherwise stay its child (its Python attributes stay readable)
            _released.append(_running.pop(id(self), self))
            QTimer.singleShot(0, _released.clear)
            if self.parent() is not None:
                self.deleteLater()


class Latest(Outcomes):
    """One load at a time for a view that reloads: start() abandons the load still running (its result
    would be stale) and the signals speak for the newest load only. cancel() drops the current load
    and reports cancelled() and finished() at once."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.task: Task | None = None

    def start(self, fn: Callable[[Feedback], Any], *, title: str = "") -> Task:
        if self.task is not None:
            self.task.abandon()
        task = self.task = Task(fn, title=title)
        task.progressed.connect(self.progressed)
        task.succeeded.connect(self.succeeded)
        task.failed.connect(self.failed)
        task.cancelled.connect(self.cancelled)
        task.finished.connect(self._finished)
        return task.start()

    def cancel(self) -> None:
        if self.task is None:
            return
        self.task.abandon()
        self.task = None
        self.cancelled.emit()
        self.finished.emit()

    def is_running(self) -> bool:
        return self.task is not None

    @Slot()
    def _finished(self) -> None:
        self.task = None
        self.finished.emit()


def progress_dialog(task: Task, parent, label: str):
    """A window-modal progress dialog that follows `task`: bar and text from its reports, 取消 cancels
    it, and it closes when the task ends. Call it before connecting slots that show a message."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QProgressDialog

    dialog = QProgressDialog(label, QCoreApplication.translate("Tasks", "取消"), 0, 100, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(task.cancel)

    def progressed(fraction, text: str) -> None:
        dialog.setLabelText(f"{label}\n{text}" if text else label)
        if fraction is None:
            dialog.setRange(0, 0)
        else:
            dialog.setRange(0, 100)
            dialog.setValue(int(100 * fraction))

    def ended(*_) -> None:       # hidden before the caller's own slots show a message
        dialog.canceled.disconnect(task.cancel)
        dialog.hide()

    task.progressed.connect(progressed)
    for signal in (task.succeeded, task.failed, task.cancelled):
        signal.connect(ended)
    task.finished.connect(dialog.deleteLater)
    dialog.show()
    return dialog
