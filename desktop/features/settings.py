"""工具 → 设置: opens the settings dialog (interface language). A changed language applies from the next start,
so the user is asked 立即重启？ and, if yes, gridsafe starts again (on the project open now) and this one quits."""
from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, QProcess
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox


def tr(text: str) -> str:
    return QCoreApplication.translate("Settings", text)


def restart_command(project_file: str | None = None) -> tuple[str, list[str]]:
    """The program and arguments that started this gridsafe (the bundle's executable, or the Python interpreter
    with its script or -m), with `project_file` instead of the arguments when a project file is open."""
    if getattr(sys, "frozen", False):                      # the installed bundle: gridsafe.exe [args]
        program, prefix, args = sys.executable, [], sys.argv[1:]
    else:                                                  # python3 [-m desktop.cli | path/to/gridsafe] [args]
        program = sys.executable
        original = list(getattr(sys, "orig_argv", [sys.executable, *sys.argv]))[1:]
        tail = len(sys.argv) - 1
        prefix, args = (original[:len(original) - tail], original[len(original) - tail:]) if tail else (original, [])
    if project_file:
        args = [project_file]
    return program, [*prefix, *args]


def restart(shell) -> bool:
    """Close the window (as the user would) and start gridsafe again; False when it did not close."""
    target = getattr(shell.project, "url", None)
    from gis import store

    project_file = str(store.sqlite_path(target)) if target and store.is_sqlite(target) else None
    program, args = restart_command(project_file)
    if not shell.parent.close():
        return False
    if not QProcess.startDetached(program, args, os.getcwd())[0]:
        QMessageBox.warning(None, tr("无法重新启动"), tr("无法重新启动 gridsafe，请手动启动。"))
        return False
    QCoreApplication.quit()
    return True


def install(shell) -> QAction:
    menu = shell.feature_menu(QCoreApplication.translate("MainWindow", "工具(&T)"))
    action = QAction(tr("设置(&S)…"), shell.parent)
    action.setMenuRole(QAction.MenuRole.PreferencesRole)

    def open_settings() -> None:
        from desktop.views.settings_dialog import SettingsDialog

        dialog = SettingsDialog(shell.parent)
        if not (dialog.exec() and dialog.restart_needed()):
            return
        answer = QMessageBox.question(
            shell.parent, tr("界面语言"), tr("界面语言已保存，重新启动 gridsafe 后生效。立即重启？"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Yes and restart(shell):
            return
        shell.status(tr("界面语言已保存，重新启动 gridsafe 后生效。"), 10_000)

    action.triggered.connect(open_settings)
    menu.addAction(action)
    return action
