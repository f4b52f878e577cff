"""The installed PySide6/CPython pair survives many void-returning calls.

PySide6 6.12.0 on CPython 3.11 drops a reference to None on each such call and aborts after a few
thousand ("deallocating None"); pyproject.toml excludes that pair. Run in a child process so an
abort is a test failure rather than the end of the test run.
"""
from __future__ import annotations

import subprocess
import sys

CHILD = r"""
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter
image = QImage(64, 64, QImage.Format.Format_ARGB32)
painter = QPainter(image)
for i in range(200_000):
    painter.drawLine(QPointF(0, 0), QPointF(i % 64, 63))  # returns void
painter.end()
print("ok")
"""


def test_many_void_calls_do_not_abort():
    run = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "ok"
