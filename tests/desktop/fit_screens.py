"""Run by test_screen_fit.py in a Qt whose one screen is a laptop's (GRIDSAFE_FIT_SCREEN, e.g. 1366x728: a 1366×768
screen less a 40 px taskbar, which the offscreen platform cannot report). Not collected on its own (no test_ prefix):
only this screen size makes its assertions meaningful.

Every main dock and the main dialogs must lie within the screen; screenshots go to tests/_artifacts/fit-<size>-*.png.
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QDockWidget

from desktop.screen import FRAME
from desktop.views.widgets.period_picker import PeriodPicker

ARTIFACTS = Path(__file__).resolve().parents[1] / "_artifacts"
SIZE = os.environ.get("GRIDSAFE_FIT_SCREEN", "")


def _screen() -> QRect:
    w, h = (int(n) for n in SIZE.split("x"))
    return QRect(0, 0, w, h)


def _fits(what: str, widget, problems: list[str]) -> None:
    frame = widget.frameGeometry() if widget.isWindow() else QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
    if not _screen().contains(frame):
        problems.append(f"{what}: {frame.width()}×{frame.height()} at ({frame.x()}, {frame.y()})")


def _shot(widget, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    widget.grab().save(str(ARTIFACTS / f"fit-{SIZE}-{name}.png"))


def _window(qtbot, monkeypatch, path):
    from desktop import main_window
    from tests.windows import private_settings

    private_settings(monkeypatch)
    w = main_window.MainWindow()   # its own size: what a user gets on this screen
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert w.open_project(str(path))
    return w


def test_window_docks_and_dialogs_fit(qtbot, monkeypatch, demo_copy):
    assert QApplication.primaryScreen().geometry() == _screen(), "run through test_screen_fit.py"
    w = _window(qtbot, monkeypatch, demo_copy)
    problems: list[str] = []
    _fits("主窗口", w, problems)
    _shot(w, "window")
    # every dock of the features, opened as the menus open them (one at a time, then hidden again)
    for dock in w.findChildren(QDockWidget):
        if not dock.isHidden():   # on screen, or a tab behind one that is: seen with the window
            continue
        w.shell.show_tabbed(dock) if hasattr(dock, "show_view") else dock.show()   # as the features' menus do
        qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty(), timeout=2000)
        qtbot.wait(50)   # the dock's first size (add_dock's size) is given once the window has laid it out
        _fits(f"打开“{dock.windowTitle()}”后的主窗口", w, problems)
        _fits(f"停靠面板“{dock.windowTitle()}”", dock, problems)
        _shot(w, f"dock-{dock.objectName()}")
        picker = getattr(dock.view(), "period", None)
        if isinstance(picker, PeriodPicker):   # its calendar pops up within the screen too
            picker.menu.popup(picker.button.mapToGlobal(picker.button.rect().bottomLeft()))
            qtbot.waitExposed(picker.menu)
            _fits(f"“{dock.windowTitle()}”的时段选择", picker.menu, problems)
            _shot(picker.menu, f"period-{dock.objectName()}")
            picker.menu.close()
        dock.hide()
    for name, make in _dialogs(w):
        dialog = make()
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.wait(20)
        _fits(f"对话框“{dialog.windowTitle()}”", dialog, problems)
        # with a real window frame (title bar, borders: desktop/screen.py FRAME) it must still be able to shrink
        least = dialog.minimumSizeHint().expandedTo(dialog.minimumSize()) + FRAME
        if least.width() > _screen().width() or least.height() > _screen().height():
            problems.append(f"对话框“{dialog.windowTitle()}”加上窗口边框至少 {least.width()}×{least.height()}")
        _shot(dialog, f"dialog-{name}")
        dialog.close()
        dialog.deleteLater()
    assert not problems, "超出屏幕 " + SIZE + "：\n" + "\n".join(problems)


def _dialogs(w):
    from desktop.operator import OperatorDialog
    from desktop.views.calendar.campaign_dialog import CampaignDialog
    from desktop.views.data.export_dialog import ExportDialog
    from desktop.views.data.import_dialog import ImportDialog
    from desktop.views.hazards.form import HazardForm
    from desktop.views.patrols.evidence import EvidenceImportDialog
    from desktop.views.manual import ManualDialog
    from desktop.views.project.database_dialog import copy_dialog
    from desktop.views.project.new_project_dialog import NewProjectDialog
    from desktop.views.reports.report_dialog import ReportDialog
    from desktop.views.settings_dialog import SettingsDialog
    from gis.stats import campaigns

    p = w.project
    return [
        ("import", lambda: ImportDialog(p, None, w)),
        ("export", lambda: ExportDialog(p, None, w)),
        ("hazard", lambda: HazardForm(p, operator=w.operator, parent=w)),
        ("report", lambda: ReportDialog(w)),
        ("settings", lambda: SettingsDialog(w)),
        ("db-copy", lambda: copy_dialog("示例项目", [], w)),
        ("operator", lambda: OperatorDialog(p, None, w)),
        ("evidence", lambda: EvidenceImportDialog([], parent=w)),
        ("campaign", lambda: CampaignDialog(p, None, campaigns.kpi_choice(p), w)),
        ("new-project", lambda: NewProjectDialog(Path.home(), w)),
        ("manual", lambda: ManualDialog(parent=w)),
    ]
