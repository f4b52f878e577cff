"""工具 → 人员名册 (issue 19): the people register as a dock (desktop/views/people/register.py) — who the project's
网格员, 网格长, 包村干部, 护林员, 值班员 … are and where they serve; add, edit, 停用 and import an XLSX/CSV 人员名册.
A new project gets its people here, so patrols can be planned and sheets printed for its own grids.

The dock reloads on changes of kind "people" and of the places it names (grids, admin units, zones, sites); its own
writes are announced on the window's events. Writes are gated by desktop/permissions (action people.manage:
管理员/指挥中心 on a PostgreSQL project; everything on SQLite). `import_roster()` is what the first-run guide's
step 导入人员 opens."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction

from desktop.i18n import vocab_lang
from desktop.permissions import gate
from gis import permissions

KINDS = ("people", "grids", "admin", "zones", "sites")


def tr(text: str) -> str:
    return QCoreApplication.translate("PeopleFeature", text)


class PeopleFeature(QObject):
    def __init__(self, shell) -> None:
        super().__init__(shell.parent)
        self.shell = shell
        self.dock = shell.add_dock(tr("人员名册"), "people", self._build, Qt.DockWidgetArea.BottomDockWidgetArea,
                                   hidden=True, kinds=KINDS, on_open=self._opened,
                                   on_change=lambda view, _change: view.reload())
        menu = shell.feature_menu(QCoreApplication.translate("MainWindow", "工具(&T)"))
        self.action = menu.addAction(tr("人员名册(&M)…"), self.show_dock)
        self.action.setStatusTip(tr("网格员、网格长、包村干部、护林员等人员及其负责的网格、村（社区）：新增、编辑、停用、导入名册"))
        # 文件 → 导入人员名册…, beside 导入数据 (the first-run guide's step 导入人员 finds it by its object name)
        self.import_action = QAction(tr("导入人员名册(&M)…"), shell.parent)
        self.import_action.setObjectName("action_import_people")
        self.import_action.setStatusTip(tr("导入人员名册（xlsx 或 csv）：姓名、联系电话、单位、职务、角色和所属网格等"))
        self.import_action.triggered.connect(lambda: self.import_roster())
        shell.add_file_action(gate(shell, self.import_action, "people.manage"))

    @property
    def view(self):
        return self.dock.view()

    def _build(self):
        from desktop.views.people.register import PeopleView

        view = PeopleView()
        view.operator = self._operator
        view.changed.connect(self.shell.events.announce)
        return view

    def _opened(self, view, project) -> None:
        view.set_allowed(*permissions.can(getattr(project, "account", None), "people.manage", lang=vocab_lang()))
        view.set_project(project)

    def _operator(self, parent):
        operator = self.shell.operator
        return operator.require(parent) if operator is not None else True

    def show_dock(self):
        return self.shell.show_tabbed(self.dock)

    def import_roster(self, path: str | None = None) -> None:
        """Open the register and import a roster: `path`, else the one the user picks."""
        if self.shell.project is None:
            return
        view = self.show_dock()
        if path is None:
            view.choose_import()
        else:
            view.import_file(path)


def install(shell) -> PeopleFeature:
    return PeopleFeature(shell)
