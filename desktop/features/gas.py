"""燃气 in the main window (issue 13): 管线安全分析 and its findings dock, the lists as xlsx.

- 管线安全分析… asks for the date and whether it is a dry run (desktop/views/gas/run_dialog.py), then runs
  desktop.services.gas.analyse off the UI thread (desktop.tasks, progress and cancel). A real run needs the
  operator (who registers the hazards) and announces its Change: the hazard layer and the ledger reload
  only what changed. The findings dock then shows the run (desktop/views/gas/findings.py).
- A double-click on a finding shows it on the map: its hazard (selected and identified, so the identify
  panel's 隐患台账… opens it) together with its building, works or site (a buffer check between two sites:
  both sites); a finding not in the ledger shows the feature itself.
- 导出清单… writes the lists (desktop.services.gas.export_lists: 占压 / 安全间距不足 / 第三方施工 / 高后果区 /
  学校周边禁止经营 / 危化企业外部安全防护距离) of the run on screen, or of a dry run for today when there is none.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QMessageBox

from desktop.files import ask_save_path
from desktop.tasks import Task, progress_dialog

FEATURE_SOURCE = {"occupation": "buildings", "clearance": "buildings", "third_party_works": "works",
                  "high_consequence": "sites", "school_zone": "sites", "external_distance": "sites"}
AROUND_M = 10.0        # the map shows at least this much on each side of a finding's place (ground metres)
FIT_RESOLUTION = 0.15  # metres (EPSG:3857) per pixel: about 1:500 on screen, never closer
MERCATOR_STRETCH = 1.25  # EPSG:3857 metres per ground metre, about, at these latitudes (1 / cos 35°)
RANGE_LAYERS = ("gas_control", "gas_protection")   # gis.gasmap's derived layers, shown with a finding


def tr(text: str) -> str:
    return QCoreApplication.translate("GasFeature", text)


class GasFeature(QObject):
    def __init__(self, shell) -> None:
        super().__init__(shell.parent)
        self.shell = shell
        self.project = None
        self.analysed = None            # the last run shown (desktop.services.gas.Analysed)
        self.task: Task | None = None   # the analysis or export running
        self.run_dialog = None
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self.findings_dock = shell.add_dock(tr("管线安全分析"), "gas_findings", self._build_findings, bottom,
                                            hidden=True, on_open=lambda view, _p: view.clear())
        menu = shell.feature_menu(tr("燃气(&G)"))
        self.analyse_action = menu.addAction(tr("管线安全分析…"), self.ask_analysis)
        self.export_action = menu.addAction(tr("导出清单…"), lambda: self.export_lists())
        menu.addSeparator()
        menu.addAction(self.findings_dock.toggleViewAction())
        shell.events.opened.connect(self._opened)
        shell.events.closed.connect(self._closed)

    @property
    def findings(self):
        """The findings view (built on first use)."""
        return self.findings_dock.view()

    def _build_findings(self):
        from desktop.views.gas.findings import GasFindingsView

        view = GasFindingsView()
        view.runRequested.connect(self.ask_analysis)
        view.exportRequested.connect(lambda: self.export_lists())
        view.findingChosen.connect(self.show_finding)
        view.hazardChosen.connect(self.show_hazard)
        return view

    def _opened(self, project) -> None:
        self.project, self.analysed = project, None

    def _closed(self) -> None:
        self.project, self.analysed = None, None

    def _no_project(self, title: str) -> bool:
        if self.project is None:
            QMessageBox.information(self.shell.parent, title, tr("请先打开项目。"))
            return True
        return False

    # --- the analysis ---------------------------------------------------------------------------------
    def ask_analysis(self) -> None:
        """The run dialog (window-modal, not blocking); 运行 starts the analysis."""
        from desktop.views.gas.run_dialog import GasRunDialog

        if self._no_project(tr("管线安全分析")) or self.task is not None:
            return
        dialog = self.run_dialog = GasRunDialog(self.shell.parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.run(dialog.on(), dialog.dry_run()))
        dialog.destroyed.connect(lambda *_: setattr(self, "run_dialog", None))
        dialog.open()

    def run(self, on, dry_run: bool) -> Task | None:
        """Analyse on `on` (a dry run writes nothing) off the UI thread; the findings dock shows the result."""
        from desktop.services import gas as use

        if self._no_project(tr("管线安全分析")) or self.task is not None:
            return None
        actor = None
        if not dry_run:
            actor = self.shell.operator.require(self.shell.parent)   # who registers the hazards
            if actor is None:
                self.shell.status(tr("未选择操作人，没有进行管线安全分析"), 8000)
                return None
        project = self.project

        def work(feedback):
            return use.analyse(project, operator=actor, on=on, dry_run=dry_run, feedback=feedback)

        task = self.task = Task(work, title="管线安全分析", parent=self)
        progress_dialog(task, self.shell.parent, tr("正在进行管线安全分析…"))
        task.succeeded.connect(lambda outcome, p=project: self._analysed(outcome, p))
        task.failed.connect(lambda message: QMessageBox.warning(self.shell.parent, tr("无法完成管线安全分析"), message))
        task.cancelled.connect(lambda: self.shell.status(tr("已取消管线安全分析，未做任何修改"), 8000))
        task.finished.connect(lambda: setattr(self, "task", None))
        return task.start()

    def _analysed(self, outcome, project) -> None:
        if outcome.change.kinds and project is self.project:
            self.shell.events.announce(outcome.change)     # the hazard layer and the ledger follow
        if project is not self.project:
            return
        self.analysed = outcome.value
        s = outcome.value.summary
        view = self.findings_dock.show_view()
        view.set_result(outcome.value)
        self.shell.resize_dock(self.findings_dock, 420, 340, share=0.55)   # beside the ledger, wider
        if outcome.value.dry_run:
            text = tr("管线安全分析（试运行）：将新登记 {0} 条隐患，已在台账 {1} 条").format(len(s.new), len(s.still_open))
        else:
            text = tr("管线安全分析：新登记 {0} 条隐患，已在台账 {1} 条").format(len(s.new), len(s.still_open))
        self.shell.status(text, 10000)

    # --- the map ----------------------------------------------------------------------------------------
    def _row_of(self, source: str, fid) -> int | None:
        stack = self.shell.stack
        src = stack.sources.get(source) if stack is not None else None
        if src is None or fid is None or not len(src):
            return None
        hit = np.flatnonzero(src.layer.ids == int(fid))
        return int(hit[0]) if len(hit) else None

    def show_finding(self, row) -> None:
        """Show a finding (gis.gas.lists.Row) with its pipeline's ranges: its hazard selected and identified
        with its building, works or site (a buffer check: both sites), or the feature alone when the finding
        is not in the ledger; the map fitted to the features and to the pipeline's side of it (the measured
        distance around the place)."""
        from gis.geo.crs import DISPLAY, STORAGE, transformer

        stack = self.shell.stack
        if stack is None:
            return
        source = FEATURE_SOURCE[row.kind]
        hazard = self._row_of("hazards", row.hazard_id) if row.hazard_id is not None else None
        found = (self._row_of(source, fid) for fid in (row.site_id, row.feature_id) if fid is not None)
        features = [f for f in found if f is not None]
        ranges = () if row.is_site else RANGE_LAYERS         # a check between two sites has no pipeline
        for layer in (*ranges, source if features else None):
            if layer is not None and layer in stack.sources:
                stack.set_visible(layer, True)
        if hazard is not None:
            self.shell.show_feature("hazards", hazard)
        elif features:
            self.shell.show_feature(source, features[0])
        if features and (hazard is not None or len(features) > 1):
            canvas = self.shell.canvas
            canvas.set_selection({**canvas.selection, source: np.array(features)})
        x, y = transformer(STORAGE, DISPLAY).transform(row.lon, row.lat)
        d = max(row.distance_m or 0.0, AROUND_M) * MERCATOR_STRETCH
        bounds = [x - d, y - d, x + d, y + d]
        for feature in features:
            b = stack.sources[source].feature_bounds[feature]
            bounds = [min(bounds[0], b[0]), min(bounds[1], b[1]), max(bounds[2], b[2]), max(bounds[3], b[3])]
        self.shell.canvas.zoom_to_bounds(tuple(float(v) for v in bounds), margin=0.6, min_resolution=FIT_RESOLUTION)

    def show_hazard(self, hazard_id: int) -> None:
        row = self._row_of("hazards", hazard_id)
        if row is None:
            self.shell.status(tr("该隐患不在隐患图层上"), 6000)
            return
        self.shell.show_feature("hazards", row)

    # --- the lists ----------------------------------------------------------------------------------
    def export_lists(self, path: str | None = None) -> Task | None:
        """The lists of the run on screen (or of today's dry run) as xlsx, off the UI thread."""
        from desktop.services import gas as use

        if self._no_project(tr("导出清单")) or self.task is not None:
            return None
        if path is None:
            path, _ = ask_save_path(self.shell.parent, tr("导出燃气管线安全清单"), "燃气管线安全清单.xlsx",
                                    tr("Excel 工作簿 (*.xlsx)"))
            if not path:
                return None
        project, analysed = self.project, self.analysed

        def work(feedback):
            return use.export_lists(project, path, analysed=analysed, feedback=feedback)

        task = self.task = Task(work, title="导出燃气管线安全清单", parent=self)
        progress_dialog(task, self.shell.parent, tr("正在导出清单…"))
        task.succeeded.connect(lambda done: self.shell.status(
            tr("已导出燃气管线安全清单：{0}（{1} 项）").format(done.path, sum(done.counts.values())), 8000))
        task.failed.connect(lambda message: QMessageBox.warning(self.shell.parent, tr("无法导出"), message))
        task.finished.connect(lambda: setattr(self, "task", None))
        return task.start()


def install(shell) -> GasFeature:
    return GasFeature(shell)
