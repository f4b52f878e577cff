"""工具 → 设置: opens the settings dialog (interface language)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction


def install(shell) -> QAction:
    menu = shell.feature_menu(QCoreApplication.translate("MainWindow", "工具(&T)"))
    action = QAction(QCoreApplication.translate("Settings", "设置(&S)…"), shell.parent)
    action.setMenuRole(QAction.MenuRole.PreferencesRole)

    def open_settings() -> None:
        from desktop.views.settings_dialog import SettingsDialog

        dialog = SettingsDialog(shell.parent)
        if dialog.exec() and dialog.restart_needed():
            shell.status(QCoreApplication.translate("Settings", "界面语言已保存，重新启动 gridsafe 后生效。"), 10_000)

    action.triggered.connect(open_settings)
    menu.addAction(action)
    return action
