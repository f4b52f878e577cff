"""操作日志 in the main window (issue 16): 工具 → 操作日志… opens the audit dock (desktop/views/audit), and the
identify panel's 操作记录… shows the history of the feature it shows. The dock follows every write (each one adds
audit rows), refreshed only while on screen."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt

from desktop.permissions import gate, may
from gis.changes import KINDS


def tr(text: str) -> str:
    return QCoreApplication.translate("AuditFeature", text)


class AuditFeature(QObject):
    def __init__(self, shell) -> None:
        super().__init__(shell.parent)
        self.shell = shell
        self.dock = shell.add_dock(tr("操作日志"), "audit_log", self._build, Qt.DockWidgetArea.BottomDockWidgetArea,
                                   hidden=True, kinds=KINDS, on_open=lambda view, project: view.set_project(project),
                                   on_change=lambda view, _change: view.reload())
        menu = shell.feature_menu(QCoreApplication.translate("MainWindow", "工具(&T)"))
        self.action = gate(shell, menu.addAction(tr("操作日志…"), self.show_log), "audit.view")
        self.action.setToolTip(tr("谁在何时新增、修改、删除了哪条记录（含其他程序的修改）"))
        self.history_button = shell.add_identify_action(
            tr("操作记录…"), tr("此要素的新增、修改和删除记录：谁、何时、原值和新值"), self.history_of,
            applies=lambda _source, _row: may(shell, "audit.view"))

    @property
    def view(self):
        return self.dock.view()

    def _build(self):
        from desktop.views.audit.audit_view import AuditView

        return AuditView()

    def show_log(self):
        first = not self.dock.is_built()
        view = self.shell.show_tabbed(self.dock)
        if first:
            self.shell.resize_dock(self.dock, 640, 320, share=0.6)
        return view

    def history_of(self, source: str, row: int):
        from desktop.services.audit import layer_table

        stack = self.shell.stack
        if stack is None or source not in stack.sources:
            return None
        fid = int(stack.sources[source].layer.ids[row])
        view = self.show_log()
        view.show_record(layer_table(source), fid)
        return view


def install(shell) -> AuditFeature:
    return AuditFeature(shell)
