"""Patrol planning in the main window: the planner, the assignment list, result entry and coverage
as docks under the 巡查 menu; routes shown on the map (巡查路线 group); the identify panel's 巡查记录
button opens the assignment list filtered to the feature. Plans, reordered stops and recorded results
announce Change("patrols"…): the route layer reloads, the lists on screen refresh, hidden ones when shown.
Gas pipeline line patrols (巡线, issue 13): 巡线计划… plans a period by the line rules through the task
runner (the routes show on the patrol routes layer, the assignments in the list with their kind);
巡检长度报表… writes the semi-annual report (xlsx)."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QInputDialog, QMessageBox

from desktop.files import ask_save_path
from desktop.i18n import error_text, vocab_lang
from desktop.permissions import gate
from desktop.shell import LIST_PANEL_SIZE, SIDE_PANEL_SIZE
from desktop.tasks import loading_here
from gis.changes import Change
from gis.patrols.queries import feature_filter

PLANNER_KINDS = ("patrols", "grids", "sites", "people")
LIST_KINDS = ("patrols", "grids", "sites", "people", "tracks")
COVERAGE_KINDS = ("patrols", "grids", "sites", "hazards")


def tr(text: str) -> str:
    return QCoreApplication.translate("Patrols", text)


PATROL_ACTIONS = {"planner": "patrol.plan", "assignments": "patrol.view", "results": "patrol.record",
                  "coverage": "patrol.view"}   # what each menu entry needs (gis.permissions)


class Patrols(QObject):
    def __init__(self, shell) -> None:
        super().__init__(shell.parent)
        self.shell = shell
        right, bottom = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
        refresh = lambda view, _change: view.refresh()
        self.docks = {
            "planner": shell.add_dock(tr("巡查计划"), "patrol_planner", self._build_planner, right, hidden=True,
                                      size=SIDE_PANEL_SIZE, kinds=PLANNER_KINDS, on_open=lambda v, p: v.set_project(p), on_change=refresh),
            "assignments": shell.add_dock(tr("巡查任务"), "patrol_assignments", self._build_assignments, bottom,
                                          hidden=True, size=LIST_PANEL_SIZE, kinds=LIST_KINDS, on_open=self._open_assignments,
                                          on_change=refresh),
            "results": shell.add_dock(tr("巡查结果登记"), "patrol_results", self._build_results, right, hidden=True,
                                      size=SIDE_PANEL_SIZE,
                                      on_open=lambda v, p: v.set_project(p)),
        }
        self.docks["coverage"] = shell.add_dock(
            tr("巡查覆盖率"), "patrol_coverage", self._build_coverage, bottom, hidden=True, size=LIST_PANEL_SIZE,
            tabify_with=self.docks["assignments"], kinds=COVERAGE_KINDS, on_open=lambda v, p: v.set_project(p),
            on_change=refresh)
        menu = shell.feature_menu(tr("巡查(&P)"))
        for key, title in (("planner", QT_TRANSLATE_NOOP("Patrols", "巡查计划…")),
                           ("assignments", QT_TRANSLATE_NOOP("Patrols", "巡查任务…")),
                           ("results", QT_TRANSLATE_NOOP("Patrols", "巡查结果登记…")),
                           ("coverage", QT_TRANSLATE_NOOP("Patrols", "巡查覆盖率…"))):
            gate(shell, menu.addAction(tr(title), lambda k=key: self.show(k)), PATROL_ACTIONS[key])
        # a scanned route sheet code (USB scanners type it + Enter) or a typed one opens that task's result entry
        self.scan_action = gate(shell, menu.addAction(tr("扫码/输入编号…"), self.scan_code), "patrol.record")
        self.scan_action.setShortcut(QKeySequence(Qt.Key.Key_F8))
        self.evidence_action = gate(shell, menu.addAction(tr("导入轨迹和照片…"), self.import_evidence),
                                    "patrol.verify")
        self.route_highlight = None      # the task shown alone on the map (views/patrols/route_map.RouteHighlight)
        self.evidence_task = None        # the import running, if any
        self.evidence_dialog = None      # the import dialog last opened
        self.last_evidence = None        # the last import's result (gis.patrols.evidence.VerifyResult)
        menu.addSeparator()
        self.line_plan_action = gate(shell, menu.addAction(tr("巡线计划…"), self.plan_line_patrols), "patrol.plan")
        self.length_report_action = menu.addAction(tr("巡检长度报表…"), self.length_report)
        self.line_task = None            # the line patrol plan or report running, if any
        self.last_line_plan = None       # its result (gis.patrols.lines.LinePlanResult)
        self.line_dialog = None          # the line patrol result form last opened
        tip = tr("此要素的巡查任务")
        shell.events.closed.connect(lambda: setattr(self, "route_highlight", None))    # its map is gone
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
        view.codeEntered.connect(self.enter_results)
        view.recorded.connect(lambda _stop, hazards: self.shell.events.announce(
            Change.of("patrols", "hazards", "tracks", hazards=hazards)))
        return view

    def _build_coverage(self):
        from desktop.views.patrols.coverage import CoverageView

        return CoverageView()

    def show(self, key: str) -> None:
        """Open a patrol dock as a tab over what its side already shows (巡查任务 over 隐患台账, not squeezed in
        beside it), at the room add_dock(size=) gives it."""
        self.shell.show_tabbed(self.docks[key])

    def _too_long(self, message: str) -> None:
        """A read after a click that ran past the load budget (desktop.tasks.loading_here): said, nothing shown."""
        QMessageBox.warning(self.shell.parent, tr("无法读取巡查任务"), message)

    def show_route(self, aid: int, zoom: bool = True) -> None:
        """Task `aid` alone on the map: its route and numbered stops over the other layers (a one-stop task shows
        its stop), zoomed to and selected; the 巡查任务路线 layer stays as it was (desktop/views/patrols/route_map)."""
        from desktop.views.patrols import route_map
        from gis.patrols.queries import assignment_stops

        stack, project = self.shell.stack, self.shell.project
        if stack is None or project is None:
            return
        found, read = None, False
        with loading_here(project, QT_TRANSLATE_NOOP("Loads", "巡查任务"), self._too_long), project.session() as s:
            found, read = assignment_stops(s, aid), True
        if not read:
            return
        sites = [stop["site_id"] for stop in found["stops"] if stop["site_id"] is not None] if found else []
        layers = route_map.make_layers(stack, aid, sites)
        if self.route_highlight is None:
            self.route_highlight = route_map.RouteHighlight(rebuild=lambda a: self.show_route(a, zoom=False))
        self.route_highlight.show(stack, aid, layers)
        if not layers and zoom:
            self.shell.status(tr("任务 {id} 的站点没有位置，无法在地图上显示").format(id=aid))
        if not layers or not zoom:
            return
        canvas = self.shell.canvas
        route = next((layer for layer in layers if layer.id == route_map.ROUTE), None)
        if route is not None:
            canvas.zoom_to_bounds(route_map.bounds(layers), margin=0.25)
            canvas.set_selection({"patrol_routes": route.drawn()})
        else:                                       # one stop, or stops without a route: the stops
            stops = layers[0].drawn()
            if len(stops) == 1:
                canvas.zoom_to_feature("sites", int(stops[0]))
            else:
                canvas.zoom_to_bounds(route_map.bounds(layers), margin=0.25)
                canvas.set_selection({"sites": stops})

    def enter_results(self, aid: int, seq: int | None = None) -> None:
        """Result entry for assignment `aid` (at its stop `seq`, e.g. from a scanned code)."""
        from gis.patrols.queries import line_assignment

        project = self.shell.project
        if project is not None:
            line, read = None, False
            with loading_here(project, QT_TRANSLATE_NOOP("Loads", "巡查任务"), self._too_long), \
                    project.session() as s:
                line, read = line_assignment(s, aid), True
            if not read:
                return
            if line is not None:            # a line patrol has no stops: its own form
                self.record_line_patrol(line)
                return
        self.show("results")
        self.results.show_assignment(aid, seq)

    def scan_code(self) -> None:
        """扫码/输入编号 (F8): the result entry dock with the keyboard in its code field."""
        if self.shell.project is None:
            return
        self.show("results")
        self.results.focus_code()

    def record_line_patrol(self, assignment: dict) -> list[int]:
        """The line patrol result form; on OK the result is recorded (hazards in the operator's name) and the
        change announced. Returns the new hazards' ids."""
        from desktop.services import line_patrols
        from desktop.views.patrols.line_result import LineResultDialog
        from gis.errors import GridsafeError

        if assignment["status"] == "done":
            QMessageBox.information(self.shell.parent, tr("登记巡线结果"), tr("该巡线任务已于 {d} 登记结果（{m} 米）").format(
                d=f"{assignment['patrolled_on']:%Y-%m-%d}", m=f"{assignment['patrolled_m']:.0f}"))
            return []
        dialog = LineResultDialog(assignment, self.shell.parent)
        self.line_dialog = dialog
        if not dialog.exec():
            return []
        values = dialog.result_values()
        actor = None
        operator = self.shell.operator
        if values["hazards"] and operator is not None:    # a hazard enters the ledger in the operator's name
            actor = operator.require(self.shell.parent)
            if actor is None:
                return []
        try:
            done = line_patrols.record(self.shell.project, assignment["id"], operator=actor, **values)
        except GridsafeError as e:
            QMessageBox.warning(self.shell.parent, tr("无法登记"), error_text(e))
            return []
        self.shell.events.announce(done.change)
        self.shell.status(tr("已登记巡线任务 {id} 的结果").format(id=assignment["id"]), 6000)
        return done.value

    def patrols_of(self, source: str, index: int) -> None:
        fid = int(self.shell.stack.sources[source].layer.ids[index])
        self.show("assignments")
        self.assignments.filter_feature(feature_filter(source, fid), tr("仅显示与所选要素有关的巡查任务"))

    # --- field evidence (issue 17) --------------------------------------------------------------------

    def import_evidence(self) -> None:
        """巡查 → 导入轨迹和照片…: files or folders for a member and period or for the assignment chosen in the list;
        read, stored and matched off the UI thread; the notes say what was not used and why."""
        from desktop.services import evidence as use
        from desktop.tasks import Task, progress_dialog
        from desktop.views.patrols.evidence import EvidenceImportDialog
        from gis.errors import GridsafeError
        from gis.patrols.evidence import tolerance_of

        project = self.shell.project
        if project is None or self.evidence_task is not None:
            return
        chosen = None
        dock = self.docks["assignments"]
        view = dock.view() if dock.is_built() else None
        if view is not None and getattr(view, "rows", None):
            ids = view.selected_ids()
            chosen = ids[0] if len(ids) == 1 else None
        try:
            with project.session() as s:
                tolerance = tolerance_of(s)
        except GridsafeError:
            tolerance = 30.0
        dialog = self.evidence_dialog = EvidenceImportDialog(use.members(project), assignment_id=chosen,
                                                             period=date.today().strftime("%G-W%V"),
                                                             tolerance_m=tolerance, parent=self.shell.parent)
        if not dialog.exec():
            return
        values = dialog.values()
        operator = self.shell.operator
        actor = operator.require(self.shell.parent) if operator is not None else None
        if operator is not None and actor is None:
            return
        paths, by = values.pop("paths"), actor.name if actor is not None else None
        task = self.evidence_task = Task(lambda feedback: use.verify(project, paths, operator=by, feedback=feedback,
                                                                     **values), title="导入轨迹和照片", parent=self)
        progress_dialog(task, self.shell.parent, tr("正在导入轨迹和照片并核实巡查站点…"))
        task.succeeded.connect(self._evidence_imported)
        task.failed.connect(lambda message: QMessageBox.warning(self.shell.parent, tr("无法导入轨迹和照片"), message))
        task.finished.connect(lambda: setattr(self, "evidence_task", None))
        task.start()

    def _evidence_imported(self, outcome) -> None:
        r = self.last_evidence = outcome.value
        self.shell.events.announce(outcome.change)
        stack = self.shell.stack
        for name in ("patrol_tracks", "patrol_stop_checks"):
            if stack is not None and name in stack.sources and r.checked:
                stack.set_visible(name, True)
        text = tr("导入轨迹 {t} 条、照片 {p} 张；核实站点 {n} 个：已核实 {v}，漏巡 {m}，未核实 {u}").format(
            t=r.tracks, p=r.photos, n=r.checked, v=r.verified, m=r.missed, u=r.unverified)
        self.shell.status(text, 15000)
        if r.notes:
            box = QMessageBox(QMessageBox.Icon.Information, tr("导入轨迹和照片"), text, parent=self.shell.parent)
            box.setInformativeText(tr("有 {n} 条提示，见详细信息").format(n=len(r.notes)))
            box.setDetailedText("\n".join(r.notes))
            box.open()
            self.evidence_notes = box

    # --- line patrols (巡线) -------------------------------------------------------------------------

    def _ask_period(self, title: str, default: str):
        """A period typed by the user, parsed; None when cancelled or refused (the message says why)."""
        from gis.errors import GridsafeError
        from gis.patrols.periods import parse_period

        text, ok = QInputDialog.getText(self.shell.parent, title, tr("时段（如 2026-12、2026-W50、2026H2）"),
                                        text=default)
        if not ok or not text.strip():
            return None
        try:
            return parse_period(text)
        except GridsafeError as e:
            QMessageBox.warning(self.shell.parent, title, error_text(e))
            return None

    def plan_line_patrols(self) -> None:
        """巡线计划…: plan a period's line patrols by the line rules off the UI thread; the routes show on the
        patrol routes layer."""
        from desktop.services import line_patrols
        from desktop.tasks import Task, progress_dialog

        project = self.shell.project
        if project is None or self.line_task is not None:
            return
        today = date.today()
        nxt = date(today.year + today.month // 12, today.month % 12 + 1, 1)
        period = self._ask_period(tr("巡线计划"), f"{nxt:%Y-%m}")
        if period is None:
            return
        task = self.line_task = Task(lambda feedback: line_patrols.plan(project, period, feedback=feedback),
                                     title="巡线计划", parent=self)
        progress_dialog(task, self.shell.parent, tr("正在排巡线计划…"))
        task.succeeded.connect(self._line_planned)
        task.failed.connect(lambda message: QMessageBox.warning(self.shell.parent, tr("无法排巡线计划"), message))
        task.finished.connect(lambda: setattr(self, "line_task", None))
        task.start()

    def _line_planned(self, outcome) -> None:
        r = self.last_line_plan = outcome.value
        self.shell.events.announce(outcome.change)
        stack = self.shell.stack
        if stack is not None and "patrol_routes" in stack.sources:
            stack.set_visible("patrol_routes", True)
        text = tr("{period}：巡线任务 {n} 个，巡线长度 {km} 公里").format(
            period=r.period.name(vocab_lang()), n=r.assignments, km=f"{r.length_m / 1000:.1f}")
        if r.no_member:
            text += tr("；{n} 次巡线所在网格没有网格员：{grids}").format(n=r.unplanned, grids="、".join(r.no_member))
        self.shell.status(text, 10000)

    def length_report(self) -> None:
        """巡检长度报表…: a period (default the current half year) and a file, written off the UI thread."""
        from desktop.services import line_patrols
        from desktop.tasks import Task, progress_dialog

        project = self.shell.project
        if project is None or self.line_task is not None:
            return
        today = date.today()
        period = self._ask_period(tr("巡检长度报表"), f"{today.year}H{1 if today.month <= 6 else 2}")
        if period is None:
            return
        path, _ = ask_save_path(self.shell.parent, tr("保存巡检长度报表"), tr("巡检长度_{p}.xlsx").format(p=period.label),
                                "Excel (*.xlsx)")
        if not path:
            return
        task = self.line_task = Task(lambda _feedback: line_patrols.report(project, period, path),
                                     title="巡检长度报表", parent=self)
        progress_dialog(task, self.shell.parent, tr("正在统计巡检长度…"))
        task.succeeded.connect(lambda r: self.shell.status(
            tr("已导出巡检长度报表：{f}（覆盖率 {pct}%，巡检完成率 {done}%）").format(
                f=path, pct=f"{100 * r.coverage:.1f}", done=f"{100 * r.total['completion']:.1f}"), 10000))
        task.failed.connect(lambda message: QMessageBox.warning(self.shell.parent, tr("无法导出"), message))
        task.finished.connect(lambda: setattr(self, "line_task", None))
        task.start()


def install(shell) -> Patrols:
    return Patrols(shell)
