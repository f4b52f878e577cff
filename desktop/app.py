"""QApplication setup: interface language (Chinese, or the English translation), settings, error reporting."""
from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.qsettings import APP, ORG


def make_app(argv: list[str] | None = None) -> QApplication:
    from desktop.i18n import install_translators
    from desktop.ui_thread_gc import collect_on_ui_thread

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    collect_on_ui_thread(app)
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    install_translators()
    app.setApplicationDisplayName(QCoreApplication.translate("App", "安全生产网格化管理"))
    return app


def run(project: str | None = None) -> int:
    from desktop.errors import install_excepthook
    from desktop.main_window import MainWindow
    from gis.userdata import ensure_demo_project

    app = make_app()
    window = MainWindow()
    install_excepthook(lambda message: QMessageBox.warning(window, "gridsafe", message))
    window.show()
    window.open_project(project or str(ensure_demo_project()))
    return app.exec()
