"""Python's cyclic garbage collector runs on the UI thread only (the pattern pyqtgraph ships as
util.garbage_collector, written here to keep pyqtgraph's import out of the start).

Automatic collection runs in whichever thread happens to allocate, so a worker compiling SQL could free a
QObject of the UI thread that sits in a reference cycle (every Task does: it holds its Feedback, which holds
its report method) while the UI thread delivers its events — the suite once died of a segfault that way.
So automatic collection is off once the window's application exists, and a timer on the UI thread collects
with CPython's own thresholds."""
from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QCoreApplication, QTimer

INTERVAL_MS = 500
_timer: QTimer | None = None


def collect_on_ui_thread(app: QCoreApplication) -> None:
    """Call once the application exists, on its thread (idempotent)."""
    global _timer
    if _timer is not None:
        return
    _timer = QTimer(app)
    _timer.setInterval(INTERVAL_MS)
    _timer.timeout.connect(collect_if_due)
    _timer.start()
    gc.disable()


def collect_if_due() -> int:
    """The collection the interpreter would have made by now, if any; the number of unreachable objects found.
    Allocations since the last tick count as the young collections they would have triggered, so a burst of
    garbage (a worker's import) reaches the older generations as it would with automatic collection."""
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("collect_if_due runs on the UI thread only")
    (c0, c1, c2), (t0, t1, t2) = gc.get_count(), gc.get_threshold()
    if t0 == 0 or c0 <= t0:
        return 0
    young = c1 + c0 // t0                # young collections due, added to those already counted
    if c2 + young // max(t1, 1) > t2:
        return gc.collect(2)
    return gc.collect(1 if young > t1 else 0)
