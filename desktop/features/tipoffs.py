"""群众举报 in the main window (issue 17): a dock under the 隐患 menu with the tip-off register
(desktop/views/tipoffs/register.py), the intake form with the place picked on the map (desktop/map/tools.PointPickTool),
a dialog per step, the linked hazard opened in the ledger, the tip-off shown on the map layer "tipoffs".

The dock reloads (off the UI thread) on changes of kind "tipoffs" and of the hazards, grids and people it shows, and
when the operator changes (what is masked depends on who looks). `show_ids(ids, title)` opens it narrowed to exactly
those tip-offs (the dashboard's tip-off numbers)."""
from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QObject, Qt

from desktop.permissions import gate

KINDS = ("tipoffs", "hazards", "grids", "people")
LEDGER_DOCK = "hazard_ledger"              # desktop/features/hazards.py


def tr(text: str) -> str:
    return QCoreApplication.translate("TipOffFeature", text)


class TipOffFeature(QObject):
    def __init__(self, shell) -> None:
        super().__init__(shell.parent)
        self.shell = shell
        self.form = None
        self.dock = shell.add_dock(tr("群众举报"), "tipoffs", self._build, Qt.DockWidgetArea.BottomDockWidgetArea,
                                   hidden=True, kinds=KINDS, on_open=lambda view, project: view.set_project(project),
                                   on_change=lambda view, _change: view.reload())
        # the 隐患 menu of desktop/features/hazards.py: the same text in the same translation context
        menu = shell.feature_menu(QCoreApplication.translate("HazardFeature", "隐患(&Z)"))
        menu.addSeparator()
        self.menu_action = menu.addAction(tr("群众举报(&J)…"), self.show_dock)
        self.menu_action.setStatusTip(tr("群众举报（12345热线等）的受理、核查、反馈、奖励和办结"))
        self.intake_action = gate(shell, menu.addAction(tr("受理群众举报(&R)…"), self.intake), "tipoff.receive")
        self.identify_button = shell.add_identify_action(
            tr("举报办理…"), tr("在群众举报列表中打开这条举报：核查、反馈、奖励、办结"), self._identified,
            applies=lambda source, _row: source == "tipoffs")
        if shell.operator is not None:
            shell.operator.changed.connect(self._operator_changed)

    @property
    def view(self):
        return self.dock.view()

    def _build(self):
        from desktop.views.tipoffs.register import TipOffView

        view = TipOffView()
        view.operator = self._actor
        view.viewer = lambda: self.shell.operator.actor() if self.shell.operator is not None else None
        view.changed.connect(self.shell.events.announce)
        view.intakeRequested.connect(self.intake)
        view.openHazard.connect(self.open_hazard)
        view.showOnMap.connect(lambda *_: self.show_on_map())
        return view

    def _actor(self, parent=None):
        operator = self.shell.operator
        return operator.require(parent or self.shell.parent) if operator is not None else None

    def _operator_changed(self) -> None:
        if self.dock.is_built() and self.shell.project is not None:
            self.view.reload()

    def show_dock(self):
        view = self.shell.show_tabbed(self.dock)
        self.shell.resize_dock(self.dock, 900, 300)
        return view

    def show_ids(self, ids: Iterable[int], title: str):
        view = self.show_dock()
        view.show_ids(ids, title)
        return view

    def _identified(self, source: str, row: int) -> None:
        """The tip-off identified on the map, selected in the register."""
        tid = int(self.shell.stack.sources[source].layer.ids[row])
        view = self.show_dock()
        view.clear_filter()
        if not view.select(tid):
            view.loaded.connect(lambda: view.select(tid), Qt.ConnectionType.SingleShotConnection)

    # --- intake ------------------------------------------------------------------------------------
    def intake(self):
        """The 受理 form (non-modal: the map stays usable for picking the place)."""
        project = self.shell.project
        if project is None:
            self.shell.status(tr("请先打开项目"), 6000)
            return None
        from desktop.views.tipoffs.intake import IntakeForm

        form = self.form = IntakeForm(project, lambda: self._actor(self.form), self.shell.parent)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.pickRequested.connect(lambda: self._pick_for(form))
        form.saved.connect(self._received)
        form.destroyed.connect(lambda *_: setattr(self, "form", None))
        form.show()
        return form

    def _pick_for(self, form) -> None:
        from desktop.map.tools import PointPickTool

        form.hide()
        tool = PointPickTool(self)
        tool.picked.connect(lambda lonlat: (form.set_lonlat(*lonlat), form.show(), form.raise_()))
        tool.cancelled.connect(lambda: (form.show(), form.raise_()))
        self.shell.canvas.set_tool(tool)
        self.shell.status(tr("受理群众举报：在地图上单击举报位置，Esc 返回"), 0)

    def _received(self, outcome) -> None:
        self.shell.events.announce(outcome.change)
        self.shell.status(tr("已受理举报 {0}").format(outcome.value[1]), 8000)
        view = self.show_dock()
        view.loaded.connect(lambda: view.select(outcome.value[0]), Qt.ConnectionType.SingleShotConnection)

    # --- links -------------------------------------------------------------------------------------
    def open_hazard(self, hazard_id: int) -> None:
        dock = self.shell.dock(LEDGER_DOCK)
        if dock is None:
            return
        view = self.shell.show_tabbed(dock)
        view.show_ids([hazard_id], tr("群众举报登记的隐患"))

    def show_on_map(self) -> None:
        import numpy as np

        row, stack = self.view.selected(), self.shell.stack
        source = stack.sources.get("tipoffs") if stack is not None and row is not None else None
        hit = np.flatnonzero(source.layer.ids == row.id) if source is not None and len(source) else []
        if len(hit):
            self.shell.show_feature("tipoffs", int(hit[0]))
        else:
            self.shell.status(tr("已办结的举报不在地图的“未办结群众举报”图层上"), 6000)


def install(shell) -> TipOffFeature:
    return TipOffFeature(shell)
