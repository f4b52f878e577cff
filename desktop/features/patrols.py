"""Patrol planning in the main window: the planner, the assignment list, result entry and coverage
as docks under the 巡查 menu; routes shown on the map (巡查路线 group); the identify panel's 巡查记录
button opens the assignment list filtered to the feature. Plans, reordered stops and recorded results
announce Change("patrols"…): the route layer reloads, the lists on screen refresh, hidden ones when shown."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt

from gis.changes import Change
from gis.patrols.queries import feature_filter

PLANNER_KINDS = ("patrols", "grids", "sites", "people")
LIST_KINDS = ("patrols", "grids", "sites", "people")
COVERAGE_KINDS = ("patrols", "grids", "sites", "hazards")


def tr(text: str) -> str:
    return QCoreApplication.translate("Patrols", text)


class Patrols(QObject):
    def __init__(self, shell) -> None:
        super().__init__(shell.parent)
        self.shell = shell
        right, bottom = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
        refresh = lambda view, _change: view.refresh()
        self.docks = {
            "planner": shell.add_dock(tr("巡查计划"), "patrol_planner", self._build_planner, right, hidden=True,
                                      kinds=PLANNER_KINDS, on_open=lambda v, p: v.set_project(p), on_change=refresh),
            "assignments": shell.add_dock(tr("巡查任务"), "patrol_assignments", self._build_assignments, bottom,
                                          hidden=True, kinds=LIST_KINDS, on_open=self._open_assignments,
                                          on_change=refresh),
            "results": shell.add_dock(tr("巡查结果登记"), "patrol_results", self._build_results, right, hidden=True,
                                      on_open=lambda v, p: v.set_project(p)),
        }
        self.docks["coverage"] = shell.add_dock(
            tr("巡查覆盖率"), "patrol_coverage", self._build_coverage, bottom, hidden=True,
            tabify_with=self.docks["assignments"], kinds=COVERAGE_KINDS, on_open=lambda v, p: v.set_project(p),
            on_change=refresh)
        menu = shell.feature_menu(tr("巡查(&P)"))
        for key, title in (("planner", QT_TRANSLATE_NOOP("Patrols", "巡查计划…")),
                           ("assignments", QT_TRANSLATE_NOOP("Patrols", "巡查任务…")),
                           ("results", QT_TRANSLATE_NOOP("Patrols", "巡查结果登记…")),
                           ("coverage", QT_TRANSLATE_NOOP("Patrols", "巡查覆盖率…"))):
            menu.addAction(tr(title), lambda k=key: self.show(k))
        tip = tr("此要素的巡查任务")
        self.patrols_button = shell.add_identify_action(QCoreApplication.translate("IdentifyPanel", "巡查记录…"),
                                                        tip, self.patrols_of)

    # views, built when first shown or asked for
    planner = property(lambda self: self.docks["planner"].view())
    assignments = property(lambda self: self.docks["assignments"].view())
    results = property(lambda self: self.docks["results"].view())
    coverage = property(lambda self: self.docks["coverage"].view())

    def _build_planner(self):
        from desktop.views.patrols.planner import PatrolPlanner

        view = PatrolPlanner()
        view.planned.connect(lambda done: self.shell.events.announce(done.change))
        view.stopsReordered.connect(lambda aid: self.shell.events.announce(Change.of("patrols", patrols=[aid])))
        view.routeChosen.connect(self.show_route)
        return view

    def _build_assignments(self):
        from desktop.views.patrols.assignments import AssignmentList

        view = AssignmentList()
        view.routeChosen.connect(self.show_route)
        view.resultsRequested.connect(self.enter_results)
        return view

    def _open_assignments(self, view, project) -> None:
        view.set_project(project, self.shell.stack)

    def _build_results(self):
        from desktop.views.patrols.results import ResultEntry

        view = ResultEntry()
        view.operator = self.shell.operator
        view.recorded.connect(lambda _stop, hazards: self.shell.events.announce(
            Change.of("patrols", "hazards", hazards=hazards)))
        return view

    def _build_coverage(self):
        from desktop.views.patrols.coverage import CoverageView

        return CoverageView()

    def show(self, key: str) -> None:
        dock = self.docks[key]
        dock.show_view()
        self.shell.resize_dock(dock, 340, 280)   # a dock opens at its minimum size; the lists need room

    def show_route(self, aid: int) -> None:
        stack = self.shell.stack
        if stack is None:
            return
        src = stack.sources.get("patrol_routes")
        idx = np.flatnonzero(src.layer.ids == aid) if src is not None else []
        if not len(idx):
            return
        stack.set_visible("patrol_routes", True)
        self.shell.canvas.zoom_to_feature("patrol_routes", int(idx[0]))

    def enter_results(self, aid: int) -> None:
        self.show("results")
        self.results.show_assignment(aid)

    def patrols_of(self, source: str, index: int) -> None:
        fid = int(self.shell.stack.sources[source].layer.ids[index])
        self.show("assignments")
        self.assignments.filter_feature(feature_filter(source, fid), tr("仅显示与所选要素有关的巡查任务"))


def install(shell) -> Patrols:
    return Patrols(shell)
