"""The window, its docks and its dialogs fit a 1366×768 office laptop (issue 19): tests/desktop/fit_screens.py run in
a Qt whose offscreen screen is that laptop's, less a 40 px taskbar (the offscreen platform has none to report)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_at(width: int, height: int, tmp_path, script: str = "tests/desktop/fit_screens.py", **env: str
           ) -> subprocess.CompletedProcess:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", GRIDSAFE_FIT_SCREEN=f"{width}x{height}",
               PYTHONPATH=str(ROOT), **env)
    return subprocess.run([sys.executable, "-m", "pytest", script, "-q", "-x",
                           "-p", "no:cacheprovider"], cwd=ROOT, env=env, capture_output=True, text=True)


def test_everything_fits_a_1366x768_laptop(tmp_path):
    done = run_at(1366, 768 - 40, tmp_path)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "1 passed" in done.stdout


# --- in this process's offscreen screen (800×800 unless configured) -----------------------------------------------

def _room():
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.primaryScreen().availableGeometry()


def test_window_starts_on_its_screen_and_brings_a_lost_floating_dock_back(qtbot, monkeypatch):
    from PySide6.QtCore import QPoint

    from desktop import main_window
    from tests.windows import private_settings

    saved = private_settings(monkeypatch)
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    assert w.width() <= _room().width() and w.height() <= _room().height()   # 1280×800 does not fit 800×800
    w.show()
    qtbot.waitExposed(w)
    assert _room().contains(w.frameGeometry())
    # the identify panel floated on a second monitor, since unplugged; the window saved far off as well
    w.identify_dock.setFloating(True)
    w.identify_dock.move(QPoint(5000, 4000))
    w.move(QPoint(4000, 3000))
    w.close()
    assert saved["main_window/state"] is not None
    again = main_window.MainWindow()
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    dock = again.identify_dock
    assert not dock.isFloating() or _room().contains(dock.frameGeometry())   # docked again, or on the screen
    assert _room().contains(again.frameGeometry())


def test_what_counts_as_on_a_screen():
    from PySide6.QtCore import QRect

    from desktop.screen import fit_to_screen, inside, on_some_screen

    room = _room()
    assert not on_some_screen(QRect(5000, 4000, 300, 600))
    assert not on_some_screen(QRect(room.right() - 20, 100, 300, 300))      # 20 px of title bar: cannot grab it
    assert on_some_screen(QRect(room.right() - 200, 100, 300, 300))
    moved = inside(QRect(room.right() - 200, -50, 300, 300), room)   # hanging off the right and the top
    assert (moved.x(), moved.y()) == (room.x() + room.width() - 300, room.y())
    from PySide6.QtWidgets import QDialog

    dialog = QDialog()
    dialog.resize(room.width() + 300, room.height() + 300)
    fit_to_screen(dialog)
    assert dialog.width() + 16 <= room.width() and dialog.height() + 40 <= room.height()


def test_reset_layout_docks_everything_back(qtbot, monkeypatch, demo_file):
    from PySide6.QtCore import QPoint, Qt

    from desktop import main_window
    from tests.windows import private_settings

    private_settings(monkeypatch)
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert w.open_project(str(demo_file))
    planner = w.shell.dock("patrol_planner")
    history = w.shell.dock("edit_history")
    # right-side docks tab with 要素详情 rather than squeezing beside it, even shown without show_tabbed
    planner.show_view()
    qtbot.waitUntil(lambda: planner in w.tabifiedDockWidgets(w.identify_dock))
    w.layer_dock.setFloating(True)
    w.layer_dock.move(QPoint(3000, 3000))
    w.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, history)
    history.show()
    w.removeDockWidget(w.overview_dock)
    menu = next(a.menu() for a in w.menuBar().actions() if a.menu() is not None and a.text() == "视图(&V)")
    assert w.reset_layout_action in menu.actions()
    w.reset_layout_action.trigger()
    qtbot.wait(20)
    assert not w.layer_dock.isFloating() and w.layer_dock.isVisible()
    assert w.overview_dock in w.tabifiedDockWidgets(w.layer_dock)
    assert planner.isHidden() and history.isHidden()
    assert w.dockWidgetArea(history) == Qt.DockWidgetArea.RightDockWidgetArea
    history.show()
    qtbot.waitUntil(lambda: history in w.tabifiedDockWidgets(w.identify_dock))
    assert _room().contains(w.frameGeometry())


def test_period_picker_types_and_picks(qtbot):
    from datetime import date

    from PySide6.QtCore import QDate

    from desktop.views.widgets.period_picker import PeriodPicker
    from gis.patrols.periods import parse_period

    picker = PeriodPicker(today=lambda: date(2026, 12, 31))
    qtbot.addWidget(picker)
    picker.show()
    finished = []
    picker.editingFinished.connect(lambda: finished.append(picker.text()))
    labels = [a.text() for a in picker.menu.actions() if a.text()]
    assert labels == ["本周", "下周", "本月", "下月"]
    for action, want in zip([a for a in picker.menu.actions() if a.text()], ["2026-W53", "2027-W01", "2026-12",
                                                                           "2027-01"]):
        action.trigger()
        assert picker.text() == want and parse_period(want).label == want
    # a date on the calendar: the week containing it, or the month
    picker.calendar.clicked.emit(QDate(2026, 11, 26))
    assert picker.text() == "2026-W48"
    picker.by_month.setChecked(True)
    picker.calendar.clicked.emit(QDate(2026, 11, 26))
    assert picker.text() == "2026-11"
    # still typed as before
    picker.clear()
    qtbot.keyClicks(picker.edit, "2026-q4")
    qtbot.keyClick(picker.edit, "\r")
    assert finished == ["2026-W53", "2027-W01", "2026-12", "2027-01", "2026-W48", "2026-11", "2026-q4"]


def test_planner_quick_periods(qtbot):
    from datetime import date, timedelta

    from desktop.views.patrols.planner import PatrolPlanner
    from desktop.views.widgets.period_picker import month_of, next_month, week_of

    planner = PatrolPlanner()
    qtbot.addWidget(planner)
    actions = {a.text(): a for a in planner.quick.menu().actions()}
    assert list(actions) == ["本周", "下周", "本月", "下月"]
    today = date.today()
    for text, want in (("下月", month_of(next_month(today))), ("本周", week_of(today)),
                       ("下周", week_of(today + timedelta(days=7))), ("本月", month_of(today))):
        actions[text].trigger()
        assert planner.period.label == want
        assert planner.period_label.text() == planner.period.zh
