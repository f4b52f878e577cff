"""QApplication setup: Chinese translations, settings, error reporting, the main window."""
from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

ORG = "gridsafe"
APP = "gridsafe"


def settings() -> QSettings:
    return QSettings(ORG, APP)


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    app.setApplicationDisplayName("安全生产网格化管理")
    lang = settings().value("ui/language", "zh_CN")
    if lang.startswith("zh"):
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        translator = QTranslator(app)
        if translator.load(QLocale(lang), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
    return app


def run(project: str | None = None) -> int:
    from gis.userdata import ensure_demo_project

    from .errors import install_excepthook
    from .main_window import MainWindow

    app = make_app()
    window = MainWindow()
    install_excepthook(lambda message: QMessageBox.warning(window, "gridsafe", message))
    window.show()
    window.open_project(project or str(ensure_demo_project()))
    return app.exec()
