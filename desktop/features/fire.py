"""森林防火 in the main window: season calendar, coverage, roster grid and registers docks, wall-map printing.
Season, roster and register edits announce their Change; the docks on screen refresh, hidden ones when shown."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from desktop.files import ask_save_path
from desktop.shell import LIST_PANEL_SIZE, SIDE_PANEL_SIZE
from desktop.tasks import Task, progress_dialog
from gis.changes import Change

SEASON_KINDS = ("fire",)
COVERAGE_KINDS = ("fire", "zones", "lines", "sites", "people", "roster")
ROSTER_KINDS = ("roster", "fire", "people")
REGISTER_KINDS = ("fire", "people", "admin")


def tr(text: str) -> str:
    return QCoreApplication.translate("FireFeature", text)


class FireFeature(QObject):
    def __init__(self, shell) -> None:
        super().__init__(shell.parent)
        self.shell = shell
        self.project = None
        self.wall_map_task: Task | None = None
        right, bottom = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
        set_project = lambda view, project: view.set_project(project)
        refresh = lambda view, _change: view.refresh()
        self.season_dock = shell.add_dock(tr("防火期日历"), "fire_season", self._build_season, right, hidden=True,
                                          size=SIDE_PANEL_SIZE,
                                          kinds=SEASON_KINDS, on_open=set_project, on_change=refresh)
        self.coverage_dock = shell.add_dock(tr("覆盖检查"), "fire_coverage", self._build_coverage, right,
                                            hidden=True, size=SIDE_PANEL_SIZE, kinds=COVERAGE_KINDS, on_open=set_project,
                                            on_change=lambda view, _change: view.set_project(view.project))
        self.roster_dock = shell.add_dock(tr("值班表"), "fire_roster", self._build_roster, bottom, hidden=True,
                                          size=LIST_PANEL_SIZE,
                                          kinds=ROSTER_KINDS, on_open=set_project, on_change=refresh)
        self.registers_dock = shell.add_dock(tr("登记簿"), "fire_registers", self._build_registers, bottom,
                                             hidden=True, size=LIST_PANEL_SIZE, kinds=REGISTER_KINDS, on_open=set_project,
                                             on_change=refresh)
        menu = shell.feature_menu(tr("森林防火(&R)"))
        menu.addAction(self.season_dock.toggleViewAction())
        menu.addAction(self.coverage_dock.toggleViewAction())
        menu.addAction(tr("值班表…"), lambda: self.roster_dock.show_view())
        menu.addAction(tr("登记簿…"), lambda: self.registers_dock.show_view())
        menu.addSeparator()
        menu.addAction(tr("打印网格管理图（上墙）…"), self.print_wall_map)
        shell.events.opened.connect(self._opened)
        shell.events.closed.connect(self._closed)

    # views, built when first shown or asked for
    season = property(lambda self: self.season_dock.view())
    coverage = property(lambda self: self.coverage_dock.view())
    roster = property(lambda self: self.roster_dock.view())
    registers = property(lambda self: self.registers_dock.view())

    def _announce(self, *kinds: str) -> None:
        self.shell.events.announce(Change.of(*kinds))

    def _build_season(self):
        from desktop.views.fire.season import FireSeasonView

        view = FireSeasonView()
        view.seasonChanged.connect(lambda: self._announce("fire"))
        return view

    def _build_coverage(self):
        from desktop.views.fire.coverage import FireCoverageView

        view = FireCoverageView()
        view.gapChosen.connect(self.show_gap)
        return view

    def _build_roster(self):
        from desktop.views.fire.roster_grid import RosterGridView

        view = RosterGridView()
        view.changed.connect(lambda: self._announce("roster"))
        return view

    def _build_registers(self):
        from desktop.views.fire.registers import FireRegistersView

        view = FireRegistersView()
        view.operator = self.shell.operator
        view.changed.connect(lambda: self._announce("fire"))
        return view

    def _opened(self, project) -> None:
        self.project = project

    def _closed(self) -> None:
        self.project = None

    def show_gap(self, source: str, ref_id, bounds) -> None:
        canvas, stack = self.shell.canvas, self.shell.stack
        if bounds is not None:
            canvas.zoom_to_bounds(bounds, margin=0.3, min_resolution=1.0)
        if stack is not None and source in stack.sources and ref_id is not None:
            idx = np.flatnonzero(stack.sources[source].layer.ids == ref_id)
            canvas.set_selection({source: idx})

    def print_wall_map(self) -> None:
        from desktop.services.fire import print_wall_map
        from gis.fire.wall_map import areas
        from gis.township import home_township

        if self.project is None or self.wall_map_task is not None:
            return
        with self.project.session() as s:
            units = areas(s)
            home = home_township(s)
        names = [f"{name}（{code}）" for code, name, _ in units]
        first = next((i for i, (code, _, _) in enumerate(units) if home is not None and code == home[0]), 0)
        choice, ok = QInputDialog.getItem(self.shell.parent, tr("网格管理图"), tr("区域"), names, first, False)
        if not ok:
            return
        code, _, level = units[names.index(choice)]
        size, ok = QInputDialog.getItem(self.shell.parent, tr("网格管理图"), tr("纸张"), ["A1", "A0", "A3"], 0, False)
        if not ok:
            return
        path, _ = ask_save_path(self.shell.parent, tr("保存网格管理图"), f"{choice}网格管理图.pdf", "PDF (*.pdf)")
        if not path:
            return
        project = self.project

        def work(feedback):
            return print_wall_map(project, level, code, path, size=size, feedback=feedback)

        task = self.wall_map_task = Task(work, title="打印网格管理图", parent=self)
        progress_dialog(task, self.shell.parent, tr("正在生成网格管理图…"))
        task.succeeded.connect(lambda _content: self.shell.status(tr("已生成：") + path, 8000))
        task.failed.connect(lambda message: QMessageBox.warning(self.shell.parent, tr("无法制图"), message))
        task.finished.connect(lambda: setattr(self, "wall_map_task", None))
        task.start()


def install(shell) -> FireFeature:
    return FireFeature(shell)
