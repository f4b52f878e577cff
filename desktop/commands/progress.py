"""Long commands on the terminal: the job's gis.feedback.Feedback drawn as a progress bar on stderr
(only when stderr is a terminal, so piped and tested output stays as it is), and Ctrl+C as a clean
cancel.

    with progress.terminal("导入") as feedback:
        report = import_file(project, path, opts, feedback=feedback)

The first Ctrl+C cancels `feedback`: the job stops at its next checkpoint, its transaction rolls back
and its partial files are removed; desktop.cli then says "已取消，未做任何修改" and exits with 130.
A second Ctrl+C interrupts at once (KeyboardInterrupt, which rolls back as well).
"""
from __future__ import annotations

import re
import shutil
import signal
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from gis.feedback import Feedback

BAR = 24
REDRAW_S = 0.1          # at most ten redraws a second; a new stage of the job is drawn at once


def width(text: str) -> int:
    """Columns `text` takes on a terminal (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def clip(text: str, columns: int) -> str:
    out, used = [], 0
    for c in text:
        w = width(c)
        if used + w > columns:
            break
        out.append(c)
        used += w
    return "".join(out)


def duration(seconds: float) -> str:
    seconds = round(seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class TerminalBar:
    """Draws progress reports on one line: title, bar, percent, the job's text (with its counts,
    e.g. "正在打印巡查路线单 12/340") and the time left, estimated from the time so far."""

    def __init__(self, title: str = "", stream: TextIO | None = None, *, enabled: bool | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.title = title
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled if enabled is not None else _is_terminal(self.stream)
        self.clock = clock
        self.started = clock()
        self._drawn_at = float("-inf")
        self._stage = None
        self._shown = False

    def line(self, fraction: float | None, text: str) -> str:
        parts = [self.title] if self.title else []
        if fraction is None:
            parts.append("[" + "·" * BAR + "]")
        else:
            done = round(BAR * fraction)
            parts.append("[" + "█" * done + "░" * (BAR - done) + f"] {fraction:4.0%}")
        if text:
            parts.append(text)
        elapsed = self.clock() - self.started
        if fraction is not None and 0.01 <= fraction < 1 and elapsed >= 1:
            parts.append("剩余约 " + duration(elapsed * (1 - fraction) / fraction))
        return "  ".join(parts)

    def __call__(self, fraction: float | None, text: str) -> None:
        if not self.enabled:
            return
        now = self.clock()
        stage = _stage(text)
        if stage == self._stage and now - self._drawn_at < REDRAW_S and fraction != 1.0:
            return
        self._drawn_at, self._stage = now, stage
        columns = max(20, shutil.get_terminal_size((80, 24)).columns - 1)
        line = clip(self.line(fraction, text), columns)
        self.stream.write("\r" + line + " " * (columns - width(line)))
        self.stream.flush()
        self._shown = True

    def say(self, message: str) -> None:
        """A message on its own line (also when no bar is drawn)."""
        self.clear()
        print(message, file=self.stream, flush=True)

    def clear(self) -> None:
        if self._shown:
            columns = max(20, shutil.get_terminal_size((80, 24)).columns - 1)
            self.stream.write("\r" + " " * columns + "\r")
            self.stream.flush()
            self._shown = False
            self._stage = None


def _stage(text: str) -> str:
    """The text without its counts: a new stage is drawn at once, a new count at the next redraw."""
    return re.sub(r"[\d,./%]+", "", text)


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def terminal(title: str = "", stream: TextIO | None = None) -> Iterator[Feedback]:
    """A Feedback for one long job: drawn on the terminal, cancelled by Ctrl+C (see the module doc)."""
    bar = TerminalBar(title, stream)
    feedback = Feedback(bar)
    installed, previous = False, None
    if threading.current_thread() is threading.main_thread():
        def interrupted(signum, frame):
            if feedback.is_cancelled():
                raise KeyboardInterrupt
            feedback.cancel()
            bar.say("正在取消…（再按 Ctrl+C 立即中止）")

        previous, installed = signal.signal(signal.SIGINT, interrupted), True
    try:
        yield feedback
    finally:
        if installed:
            signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)
        bar.clear()
