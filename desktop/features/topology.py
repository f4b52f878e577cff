"""工具 → 拓扑检查… (issue 15): the topology check of the open project, its findings in a dock and on the map,
and the fixes.

- The check (gis.topology_check.run) runs off the UI thread (desktop.tasks, progress and cancel); the dock
  (desktop/views/data/topology.py) lists the findings; the map shows them as two temporary red layers
  (desktop/views/data/topology_map.py: areas and a marker per finding).
- A double-click zooms the map to the finding (at least AROUND_M around it).
- A fix button applies that fix (gis.topology_check.fix: one transaction) and checks again, in one task; the
  fix's Change is announced on shell.events, so the grid and site layers reload what changed, and the dock
  and the map show the new findings.
- After any other write to grids, places, sites or lines (an edit, an undo, an import, a change from another
  workstation), a shown dock checks again in the background RECHECK_MS after the last one (one check at a time,
  a newer one abandons the older: desktop.tasks.Latest; no progress dialog), and says so while it runs.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from desktop.i18n import error_text
from desktop.tasks import Latest, Task, progress_dialog
from gis.errors import GridsafeError

KINDS = ("grids", "admin", "sites", "lines")     # the data the check reads
AROUND_M = 30.0            # the map shows at least this much on each side of a finding (ground metres)
MERCATOR_STRETCH = 1.25    # EPSG:3857 metres per ground metre at these latitudes, about
RECHECK_MS = 600           # a burst of edits (a drag, an undo run) is checked once, after its last change


def tr(text: str) -> str:
    return QCoreApplication.translate("TopologyFeature", text)


class TopologyFeature(QObject):
    def __init__(self, shell) -> None:
        super().__init__(shell.parent)
        self.shell = shell
        self.result = None
        self.task: Task | None = None
        self.map_layers: list = []
        self.announcing = False           # the check's own fix being announced: no recheck for it
        self.recheck_timer = QTimer(self, singleShot=True, interval=RECHECK_MS, timeout=self._recheck)
        self.rechecks = Latest(self)
        self.rechecks.succeeded.connect(self._rechecked)
        self.rechecks.failed.connect(lambda message: self.shell.status(tr("拓扑检查：") + message, 8000))
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self.dock = shell.add_dock(tr("拓扑检查"), "topology", self._build, bottom, hidden=True, kinds=KINDS,
                                   on_open=lambda view, _p: view.clear(), on_change=self._data_changed)
        menu = shell.feature_menu(QCoreApplication.translate("MainWindow", "工具(&T)"))
        self.action = menu.addAction(tr("拓扑检查…"), self.run)
        self.action.setStatusTip(tr("检查网格间空隙与重叠、网格超出村界、场所不在网格内、几何无效、代码重复、管线和道路悬挂端点"))
        shell.events.closed.connect(self._closed)

    @property
    def view(self):
        return self.dock.view()

    def _build(self):
        from desktop.views.data.topology import TopologyView

        view = TopologyView()
        view.runRequested.connect(self.run)
        view.findingChosen.connect(self.show_finding)
        view.fixRequested.connect(self.fix)
        return view

    def _closed(self) -> None:
        from desktop.views.data import topology_map

        self.result = None
        self.map_layers = []
        self.recheck_timer.stop()
        self.rechecks.cancel()
        topology_map.remove(self.shell.stack)

    def _data_changed(self, view, _change) -> None:
        if self.result is None or self.task is not None or self.announcing:
            return
        rechecking = tr("（数据已修改，正在重新检查…）")
        if not view.summary.text().endswith(rechecking):
            view.summary.setText(view.summary.text() + rechecking)
        self.recheck_timer.start()

    def _recheck(self) -> None:
        from gis import topology_check

        project = self.shell.project
        if project is None or self.result is None:
            return
        if self.task is not None:             # a check or fix of the user's is running: it gives the news
            return
        self.rechecks.start(lambda feedback, p=project: (p, topology_check.run(p, feedback=feedback)),
                            title="拓扑检查")

    def _rechecked(self, outcome) -> None:
        project, result = outcome
        if project is not self.shell.project or self.result is None or self.task is not None:
            return
        self.result = result
        self.view.set_result(result)
        self._show_on_map(result)

    # --- running --------------------------------------------------------------------------------
    def run(self) -> Task | None:
        from gis import topology_check

        project = self.shell.project
        if project is None:
            QMessageBox.information(self.shell.parent, tr("拓扑检查"), tr("请先打开项目。"))
            return None
        if self.task is not None:
            return None
        return self._start(lambda feedback: (None, topology_check.run(project, feedback=feedback)),
                           tr("正在进行拓扑检查…"))

    def fix(self, finding, action: str) -> Task | None:
        """Apply one fix, then check again (one task); the fix's Change is announced and the fix goes on the
        session's undo stack."""
        from gis import topology_check

        project = self.shell.project
        if project is None or self.task is not None:
            return None

        try:
            command = topology_check.TopologyFix(finding, action)
        except GridsafeError as e:
            QMessageBox.warning(self.shell.parent, tr("拓扑检查"), error_text(e))
            return None

        def work(feedback):
            change = command.do(project)
            return change, topology_check.run(project, feedback=feedback)

        task = self._start(work, tr("正在修复并重新检查…"))
        # done: on the session's undo stack (Ctrl+Z, 编辑历史), as any other edit
        task.succeeded.connect(lambda _out, p=project: self.shell.edits.record(command) if p is self.shell.project
                               else None)
        return task

    def _start(self, work, label: str) -> Task:
        project = self.shell.project
        self.recheck_timer.stop()
        self.rechecks.cancel()
        task = self.task = Task(work, title="拓扑检查", parent=self)
        progress_dialog(task, self.shell.parent, label)
        task.succeeded.connect(lambda out, p=project: self._done(out, p))
        task.failed.connect(lambda message: QMessageBox.warning(self.shell.parent, tr("拓扑检查"), message))
        task.cancelled.connect(lambda: self.shell.status(tr("已取消拓扑检查"), 6000))
        task.finished.connect(lambda: setattr(self, "task", None))
        return task.start()

    def _done(self, outcome, project) -> None:
        change, result = outcome
        if project is not self.shell.project:
            return
        self.task = None
        self.recheck_timer.stop()
        self.rechecks.cancel()
        if change is not None:
            self.announcing = True
            try:
                self.shell.events.announce(change)
            finally:
                self.announcing = False
        self.result = result
        view = self.shell.show_tabbed(self.dock)
        view.set_result(result)
        self.shell.resize_dock(self.dock, 420, 300, share=0.6)
        self._show_on_map(result)
        self.shell.status(tr("拓扑检查：未发现问题") if result.clean
                          else tr("拓扑检查：发现 {0} 处问题").format(len(result.findings)), 8000)

    # --- the map ----------------------------------------------------------------------------------
    def _show_on_map(self, result) -> None:
        from desktop.views.data import topology_map

        stack = self.shell.stack
        if stack is None:
            return
        if result.clean:
            topology_map.remove(stack)
            self.map_layers = []
            return
        self.map_layers = topology_map.make_layers(result.findings, tr("拓扑问题（范围）"), tr("拓扑问题"))
        topology_map.show(stack, self.map_layers)

    def show_finding(self, finding) -> None:
        """Zoom the map to the finding: its part, or at least AROUND_M around its point."""
        import shapely

        from gis.geo.crs import DISPLAY, STORAGE, transform

        g = transform(finding.geometry, STORAGE, DISPLAY)
        if g.is_empty:
            return
        x0, y0, x1, y1 = g.bounds
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        d = AROUND_M * MERCATOR_STRETCH
        bounds = (min(x0, cx - d), min(y0, cy - d), max(x1, cx + d), max(y1, cy + d))
        self.shell.canvas.zoom_to_bounds(bounds, margin=0.3, min_resolution=0.1)
        p = shapely.point_on_surface(finding.geometry)
        self.shell.status(finding.message + tr("（{0:.6f}, {1:.6f}）").format(p.x, p.y), 10000)


def install(shell) -> TopologyFeature:
    return TopologyFeature(shell)
