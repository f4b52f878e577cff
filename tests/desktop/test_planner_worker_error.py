"""Issue 11, bug 2: an unexpected error in the patrol planner's worker left the planner on 正在生成… with
the button disabled for good, and nothing was logged. Now the button comes back, the user reads a
short Chinese message (no traceback) and the traceback is in the log file."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.errors import log_path, setup_logging
from desktop.views.patrols.planner import PatrolPlanner
from gis import store
from gis.patrols import planning
from tests.patrols import world


@pytest.fixture
def planner(qtbot, tmp_path):
    project = store.create_project(tmp_path / "w.gridsafe")
    with project.transaction() as s:
        world.build(s)
    view = PatrolPlanner()
    qtbot.addWidget(view)
    view.set_project(project)
    view.day.setDate(QDate(2026, 11, 24))
    view.show()
    yield view
    project.close()


def watch_message_boxes(seen: list[str]) -> QTimer:
    """Read and close every message box that opens (they are modal: the test would hang otherwise)."""
    def close_boxes():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMessageBox) and w.isVisible():
                seen.append(w.windowTitle() + "\n" + w.text() + "\n" + w.detailedText())
                w.done(0)

    timer = QTimer()
    timer.timeout.connect(close_boxes)
    timer.start(20)
    return timer


def test_unexpected_error_in_the_planner_worker_is_logged_and_the_planner_recovers(qtbot, planner, monkeypatch):
    setup_logging()

    def broken(*args, **kw):
        raise RuntimeError("planner exploded: marker 7f3a")

    monkeypatch.setattr(planning, "plan", broken)
    seen: list[str] = []
    timer = watch_message_boxes(seen)
    qtbot.mouseClick(planner.generate, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: planner.generate.isEnabled() and bool(seen), timeout=15_000)
    timer.stop()

    assert "正在生成" not in planner.status.text()
    message = "\n".join(seen)
    assert "意外问题" in message and str(log_path()) in message
    assert "Traceback" not in message and "RuntimeError" not in message and "marker 7f3a" not in message
    log = log_path().read_text(encoding="utf-8")
    assert "Traceback" in log and "RuntimeError: planner exploded: marker 7f3a" in log

    # and it plans again once the problem is gone
    monkeypatch.undo()
    with qtbot.waitSignal(planner.planned, timeout=30_000):
        qtbot.mouseClick(planner.generate, Qt.MouseButton.LeftButton)
    assert planner.generate.isEnabled() and planner.assignments.count() > 0
