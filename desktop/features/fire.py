"""森林防火 in the main window: season calendar, coverage, roster grid and registers docks, wall-map printing."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from desktop.tasks import Task, progress_dialog
from desktop.views.fire.coverage import FireCoverageView
from desktop.views.fire.registers import FireRegistersView
from desktop.views.fire.roster_grid import RosterGridView
from desktop.views.fire.season import FireSeasonView


def tr(text: str) -> str:
    return QCoreApplication.translate("FireFeature", text)


class FireFeature(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.project = None
        self.wall_map_task: Task | None = None
        self.season = FireSeasonView()
        self.coverage = FireCoverageView()
        self.season_dock = window._dock(tr("防火期日历"), "fire_season", self.season, Qt.DockWidgetArea.RightDockWidgetArea)
        self.coverage_dock = window._dock(tr("覆盖检查"), "fire_coverage", self.coverage,
                                          Qt.DockWidgetArea.RightDockWidgetArea)
        self.roster = RosterGridView()
        self.registers = FireRegistersView()
        self.registers.operator = window.operator
        self.roster_dock = window._dock(QCoreApplication.translate("FireFeature", "值班表"), "fire_roster", self.roster, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.registers_dock = window._dock(QCoreApplication.translate("FireFeature", "登记簿"), "fire_registers", self.registers,
                                           Qt.DockWidgetArea.BottomDockWidgetArea)
        for d in (self.season_dock, self.coverage_dock, self.roster_dock, self.registers_dock):
            d.hide()
        menu = window.feature_menu(tr("森林防火(&R)"))
        menu.addAction(self.season_dock.toggleViewAction())
        menu.addAction(self.coverage_dock.toggleViewAction())
        menu.addAction(QCoreApplication.translate("FireFeature", "值班表…"), lambda: self._show(self.roster_dock))
        menu.addAction(QCoreApplication.translate("FireFeature", "登记簿…"), lambda: self._show(self.registers_dock))
        menu.addSeparator()
        menu.addAction(tr("打印网格管理图（上墙）…"), self.print_wall_map)
        window.projectChanged.connect(self.on_project)
        self.coverage.gapChosen.connect(self.show_gap)
        self.season.seasonChanged.connect(self.roster.refresh)

    def _show(self, dock) -> None:
        dock.show()
        dock.raise_()

    def on_project(self, project, stack) -> None:
        self.project = project
        self.season.set_project(project)
        self.coverage.set_project(project)
        self.roster.set_project(project)
        self.registers.set_project(project)

    def show_gap(self, source: str, ref_id, bounds) -> None:
        canvas, stack = self.window.canvas, self.window.stack
        if bounds is not None:
            canvas.zoom_to_bounds(bounds, margin=0.3, min_resolution=1.0)
        if stack is not None and source in stack.sources and ref_id is not None:
            idx = np.flatnonzero(stack.sources[source].layer.ids == ref_id)
            canvas.set_selection({source: idx})

    def print_wall_map(self) -> None:

        from desktop.services.fire import print_wall_map
        from gis.fire.wall_map import areas

        if self.project is None or self.wall_map_task is not None:
            return
        with self.project.session() as s:
            units = areas(s)
        names = [f"{name}（{code}）" for code, name, _ in units]
        choice, ok = QInputDialog.getItem(self.window, tr("网格管理图"), tr("区域"), names, 0, False)
        if not ok:
            return
        code, _, level = units[names.index(choice)]
        size, ok = QInputDialog.getItem(self.window, tr("网格管理图"), tr("纸张"), ["A1", "A0", "A3"], 0, False)
        if not ok:
            return
        path, _ = QFileDialog.getSaveFileName(self.window, tr("保存网格管理图"), f"{choice}网格管理图.pdf", "PDF (*.pdf)")
        if not path:
            return
        project = self.project

        def work(feedback):
            return print_wall_map(project, level, code, path, size=size, feedback=feedback)

        task = self.wall_map_task = Task(work, title="打印网格管理图", parent=self)
        progress_dialog(task, self.window, tr("正在生成网格管理图…"))
        task.succeeded.connect(lambda _content: self.window.statusBar().showMessage(tr("已生成：") + path, 8000))
        task.failed.connect(lambda message: QMessageBox.warning(self.window, tr("无法制图"), message))
        task.finished.connect(lambda: setattr(self, "wall_map_task", None))
        task.start()


def install(window) -> FireFeature:
    return FireFeature(window)
