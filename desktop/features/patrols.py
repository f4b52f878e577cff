"""Patrol planning in the main window: the planner, the assignment list, result entry and coverage
as docks under the 巡查 menu; routes shown on the map (巡查路线 group); the identify panel's 巡查记录
button opens the assignment list filtered to the feature."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt

from desktop.views.patrols.assignments import AssignmentList
from desktop.views.patrols.coverage import CoverageView
from desktop.views.patrols.planner import PatrolPlanner
from desktop.views.patrols.results import ResultEntry
from gis.patrols.queries import feature_filter


def tr(text: str) -> str:
    return QCoreApplication.translate("Patrols", text)


class Patrols(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.planner = PatrolPlanner(window)
        self.assignments = AssignmentList(window)
        self.results = ResultEntry(window)
        self.results.operator = window.operator
        self.coverage = CoverageView(window)
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.docks = {
            "planner": window._dock(tr("巡查计划"), "patrol_planner", self.planner, right),
            "assignments": window._dock(tr("巡查任务"), "patrol_assignments", self.assignments,
                                        Qt.DockWidgetArea.BottomDockWidgetArea),
            "results": window._dock(tr("巡查结果登记"), "patrol_results", self.results, right),
            "coverage": window._dock(tr("巡查覆盖率"), "patrol_coverage", self.coverage,
                                     Qt.DockWidgetArea.BottomDockWidgetArea),
        }
        window.tabifyDockWidget(self.docks["assignments"], self.docks["coverage"])
        for dock in self.docks.values():
            dock.hide()
        menu = window.feature_menu(tr("巡查(&P)"))
        for key, title in (("planner", QT_TRANSLATE_NOOP("Patrols", "巡查计划…")),
                           ("assignments", QT_TRANSLATE_NOOP("Patrols", "巡查任务…")),
                           ("results", QT_TRANSLATE_NOOP("Patrols", "巡查结果登记…")),
                           ("coverage", QT_TRANSLATE_NOOP("Patrols", "巡查覆盖率…"))):
            menu.addAction(tr(title), lambda k=key: self.show(k))
        window.projectChanged.connect(self.project_changed)
        window.identify_panel.enable_link("patrols")
        window.identify_panel.patrolsRequested.connect(self.patrols_of)
        self.planner.planned.connect(lambda done: (window.events.announce(done.change), self.reload()))
        self.planner.stopsReordered.connect(lambda _a: self.reload())
        self.planner.routeChosen.connect(self.show_route)
        self.assignments.routeChosen.connect(self.show_route)
        self.assignments.resultsRequested.connect(self.enter_results)
        self.results.recorded.connect(lambda *_: (self.assignments.refresh(), self.reload()))
        self._project = None

    def show(self, key: str) -> None:
        dock = self.docks[key]
        dock.show()
        dock.raise_()
        # a dock opens at its minimum size; the lists need room to be read
        bottom = self.window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
        size, orientation = (280, Qt.Orientation.Vertical) if bottom else (340, Qt.Orientation.Horizontal)
        self.window.resizeDocks([dock], [size], orientation)

    def project_changed(self, project, stack) -> None:
        if project is not self._project:
            self._project = project
            self.planner.set_project(project)
            self.results.set_project(project)
            self.coverage.set_project(project)
            self.assignments.set_project(project, stack)
        else:
            self.assignments.stack = stack
            self.planner.refresh()
            self.assignments.refresh()
        basemaps = [l for l in stack.layers if hasattr(l, "draw") and not hasattr(l, "spec")]
        self.assignments.basemap = basemaps[0] if basemaps else None

    def reload(self) -> None:
        self.window.reload_layers()

    def show_route(self, aid: int) -> None:
        stack = self.window.stack
        if stack is None:
            return
        src = stack.sources.get("patrol_routes")
        idx = np.flatnonzero(src.layer.ids == aid) if src is not None else []
        if not len(idx):
            return
        stack.set_visible("patrol_routes", True)
        self.window.canvas.zoom_to_feature("patrol_routes", int(idx[0]))

    def enter_results(self, aid: int) -> None:
        self.results.show_assignment(aid)
        self.show("results")

    def patrols_of(self, source: str, index: int) -> None:
        stack = self.window.stack
        fid = int(stack.sources[source].layer.ids[index])
        self.assignments.filter_feature(feature_filter(source, fid), tr("仅显示与所选要素有关的巡查任务"))
        self.show("assignments")


def install(window) -> Patrols:
    return Patrols(window)
