"""The main window: menus, the project overview, status bar; restores its layout."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox

from gis import store
from gis.errors import GridsafeError, OlderSchema

from .app import settings
from .views.project_overview import ProjectOverview

FILE_FILTER = "gridsafe 项目 (*.gridsafe);;所有文件 (*)"


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.project: store.Project | None = None
        self.overview = ProjectOverview(self)
        self.setCentralWidget(self.overview)
        self.status = QLabel()
        self.statusBar().addPermanentWidget(self.status)
        self._build_menus()
        self.setWindowTitle("安全生产网格化管理 — gridsafe")
        self.resize(1100, 720)
        geometry = settings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        for text, shortcut, slot in (
            ("新建项目(&N)…", QKeySequence.StandardKey.New, self.new_project),
            ("打开项目(&O)…", QKeySequence.StandardKey.Open, self.choose_project),
            ("打开示例项目(&D)", None, self.open_demo),
        ):
            action = QAction(text, self)
            if shortcut is not None:
                action.setShortcut(shortcut)
            action.triggered.connect(slot)
            file_menu.addAction(action)
        file_menu.addSeparator()
        quit_action = QAction("退出(&X)", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        about = QAction("关于 gridsafe(&A)", self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    # --- project handling ---------------------------------------------------------------------

    def open_project(self, target: str) -> bool:
        """Open `target`; on refusal show why and keep the current project. Returns success."""
        try:
            project = store.open_project(target)
        except OlderSchema as e:
            answer = QMessageBox.question(
                self, "升级项目", f"{e.message}\n\n现在升级吗？升级前会在同一文件夹保留一份备份。"
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
            try:
                store.upgrade_project(target)
                project = store.open_project(target)
            except GridsafeError as e2:
                QMessageBox.warning(self, "无法升级项目", e2.message)
                return False
        except GridsafeError as e:
            QMessageBox.warning(self, "无法打开项目", e.message)
            return False
        if self.project is not None:
            self.project.close()
        self.project = project
        self.overview.show_project(project)
        self.setWindowTitle(f"{self.overview.title} — gridsafe")
        self.status.setText(f"{target}  ·  数据库版本 {project.revision}")
        settings().setValue("project/last", target)
        return True

    def choose_project(self) -> None:
        start = str(Path(settings().value("project/last", str(Path.home()))).parent)
        path, _ = QFileDialog.getOpenFileName(self, "打开项目", start, FILE_FILTER)
        if path:
            self.open_project(path)

    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "新建项目", str(Path.home() / "新项目.gridsafe"), FILE_FILTER)
        if not path:
            return
        if not path.endswith(store.PROJECT_SUFFIX):
            path += store.PROJECT_SUFFIX
        try:
            store.create_project(path).close()
        except GridsafeError as e:
            QMessageBox.warning(self, "无法新建项目", e.message)
            return
        self.open_project(path)

    def open_demo(self) -> None:
        from gis.userdata import ensure_demo_project

        self.open_project(str(ensure_demo_project()))

    def about(self) -> None:
        from gis import __version__

        QMessageBox.about(
            self, "关于 gridsafe",
            f"<b>gridsafe {__version__}</b><br>安全生产网格化管理桌面 GIS<br>"
            "网格、场所、管线、森林防火区与隐患台账、巡查任务一图管理。",
        )

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        settings().setValue("main_window/geometry", self.saveGeometry())
        if self.project is not None:
            self.project.close()
        super().closeEvent(event)
