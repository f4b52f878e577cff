"""企业自查上报 in the main window (issue 14): a dock under the 隐患 menu listing the enterprises in scope with their
self-check reports in a period (desktop/views/hazards/self_checks.py), recording and importing reports.

The dock reloads (off the UI thread) on changes of kind "self_check" and of the sites, grids and admin units it
shows; its own writes are announced on the window's events. `show_sites(site_ids, title, period=None)` opens the
dock narrowed to exactly those enterprises (the dashboard's "self-check coverage" / "zero-report enterprises"),
`clear_filter()` shows them all again."""
from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QObject, Qt

KINDS = ("self_check", "sites", "grids", "admin")


def tr(text: str) -> str:
    return QCoreApplication.translate("SelfCheckFeature", text)


class SelfCheckFeature(QObject):
    def __init__(self, shell) -> None:
        super().__init__(shell.parent)
        self.shell = shell
        self.dock = shell.add_dock(tr("企业自查上报"), "self_checks", self._build, Qt.DockWidgetArea.BottomDockWidgetArea,
                                   hidden=True, kinds=KINDS, on_open=lambda view, project: view.set_project(project),
                                   on_change=lambda view, _change: view.reload())
        # the 隐患 menu of desktop/features/hazards.py: the same text in the same translation context
        menu = shell.feature_menu(QCoreApplication.translate("HazardFeature", "隐患(&Z)"))
        menu.addSeparator()
        self.menu_action = menu.addAction(tr("企业自查上报(&C)…"), self.show_dock)

    @property
    def view(self):
        """The dock's view (built on first use)."""
        return self.dock.view()

    def _build(self):
        from desktop.views.hazards.self_checks import SelfCheckView

        view = SelfCheckView()
        view.operator = self._operator
        view.changed.connect(self.shell.events.announce)
        return view

    def _operator(self, parent) -> str | None:
        operator = self.shell.operator
        actor = operator.require(parent) if operator is not None else None
        return actor.name if actor is not None else None

    def show_dock(self):
        return self.shell.show_tabbed(self.dock)

    def show_sites(self, site_ids: Iterable[int], title: str, period=None):
        """Open the dock showing exactly these enterprises under `title` (of `period` when given)."""
        view = self.show_dock()
        view.show_sites(site_ids, title, period)
        return view

    def clear_filter(self) -> None:
        if self.dock.is_built():
            self.view.clear_filter()


def install(shell) -> SelfCheckFeature:
    return SelfCheckFeature(shell)
