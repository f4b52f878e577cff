"""Progress and cancel for long work, without Qt (the QgsFeedback of gridsafe).

Domain functions that take a while accept `feedback: Feedback | None = None` and call, at their
checkpoints,

    feedback.progress(done / total, "正在写入场所…")   # fraction in 0..1 (None: unknown), text
    feedback.check()                                    # raises Cancelled once cancel() was called

The window's task runner (desktop/tasks.py) passes a Feedback whose reports cross to the UI thread;
the CLI passes one that draws a progress bar on the terminal and is cancelled by Ctrl+C. `Feedback()`
on its own reports nowhere and is never cancelled, so a function can always call it.

Progress texts are in the caller's language: the window's Feedback has lang "en" in the English interface, and
the work says its texts in both: `feedback.progress(0.6, feedback.say("正在读取签字…", "Reading signatures…"))`.
"""
from __future__ import annotations

import threading
from collections.abc import Callable

from gis.errors import GridsafeError


class Cancelled(GridsafeError):
    """The user cancelled; the work stopped at a checkpoint and wrote nothing."""

    def __init__(self, message: str = "已取消，未做任何修改", *, en: str | None = None) -> None:
        super().__init__(message, en=en if en is not None or message != "已取消，未做任何修改"
                         else "Cancelled; nothing was changed")


class Feedback:
    """Progress out, cancel in. Thread-safe: cancel() may come from any thread."""

    def __init__(self, on_progress: Callable[[float | None, str], None] | None = None, lang: str = "zh") -> None:
        self._on_progress = on_progress
        self.lang = lang                 # "zh" or "en": the language of the texts the caller shows
        self._cancel = threading.Event()
        self.fraction: float | None = None
        self.text = ""

    # --- for the worker ---------------------------------------------------------------------
    def progress(self, fraction: float | None, text: str = "") -> None:
        """Report how far the work is (0..1, or None when unknown); also a cancel checkpoint."""
        self.check()
        if fraction is not None:
            fraction = min(1.0, max(0.0, float(fraction)))
        self.fraction, self.text = fraction, text or self.text
        if self._on_progress is not None:
            self._on_progress(fraction, self.text)

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def step(self, done: int, total: int, text: str = "") -> None:
        """progress() for counted work: done of total items; the count is added to the text
        ("正在打印路线单 12/340"), so the window and the terminal both show it."""
        count = f"{done:,}/{total:,}"
        self.progress(done / total if total else None, f"{text} {count}" if text else count)

    def say(self, zh: str, en: str) -> str:
        """A progress text in the caller's language."""
        return en if self.lang == "en" else zh

    # --- for the caller ---------------------------------------------------------------------
    def cancel(self) -> None:
        self._cancel.set()

    def sub(self, start: float, end: float) -> Feedback:
        """A Feedback for a part of the work that maps its 0..1 onto start..end of this one and
        shares its cancel state."""
        parent = self

        def forward(fraction: float | None, text: str) -> None:
            parent.progress(None if fraction is None else start + (end - start) * fraction, text)

        child = Feedback(forward, self.lang)
        child._cancel = self._cancel
        return child


def ensure(feedback: Feedback | None) -> Feedback:
    return feedback if feedback is not None else Feedback()
