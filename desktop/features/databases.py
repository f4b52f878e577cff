"""文件 → 打开数据库项目… / 最近的数据库项目 / 复制到数据库…: PostgreSQL projects from the window.

Connection profiles (host, port, database, user — never a password) are kept in QSettings under PROFILES_KEY,
newest first; they are the recent list of database projects. A password is kept only in the operating system's
keyring, and only when 记住密码 is ticked (unticking forgets it). The copy runs as a task with progress and 取消
(gis.dbcopy: one transaction, nothing left on cancel); a target that is not empty is replaced only after asking;
at the end the copy may be opened at once.
"""
from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox

from desktop.qsettings import settings
from desktop.services import databases
from desktop.services.databases import NoKeyring, Profile

PROFILES_KEY = "databases/profiles"
MAX_PROFILES = 8


def tr(text: str) -> str:
    return QCoreApplication.translate("Databases", text)


def saved_profiles() -> list[Profile]:
    """The connections used before, newest first (an unreadable setting counts as none)."""
    try:
        items = json.loads(settings().value(PROFILES_KEY, "[]") or "[]")
        return [Profile.from_dict(d) for d in items if isinstance(d, dict)]
    except (TypeError, ValueError):
        return []


def save_profile(profile: Profile) -> None:
    """`profile` first in the list (no password is ever in it)."""
    rest = [p for p in saved_profiles() if p != profile]
    settings().setValue(PROFILES_KEY, json.dumps([p.as_dict() for p in [profile, *rest][:MAX_PROFILES]],
                                                 ensure_ascii=False))


class DatabasesFeature(QObject):
    def __init__(self, shell) -> None:
        super().__init__(shell.parent)
        self.shell = shell
        self.dialog = None
        self.task = None
        self.open_action = self._action(tr("打开数据库项目(&B)…"), lambda: self.open_database(),
                                        tr("打开 PostgreSQL 数据库中的 gridsafe 项目（多人共用）"))
        self.recent_menu = QMenu(tr("最近的数据库项目(&R)"), shell.parent)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        shell.add_project_action(self.recent_menu.menuAction())
        self.copy_action = self._action(tr("复制到数据库(&U)…"), lambda: self.copy_to_database(),
                                        tr("把打开的项目无损复制到 PostgreSQL 数据库，供多台电脑共用"))
        self.copy_action.setEnabled(False)
        shell.events.opened.connect(lambda _project: self.copy_action.setEnabled(True))
        shell.events.closed.connect(lambda: self.copy_action.setEnabled(False))
        self._fill_recent()

    def _action(self, text: str, slot, tip: str) -> QAction:
        action = QAction(text, self.shell.parent)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.shell.add_project_action(action)
        return action

    # --- open ---------------------------------------------------------------------------------------
    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        profiles = saved_profiles()
        for profile in profiles:
            action = self.recent_menu.addAction(profile.name)
            action.triggered.connect(lambda _checked=False, p=profile: self.open_recent(p))
        self.recent_menu.menuAction().setEnabled(bool(profiles))

    def open_recent(self, profile: Profile) -> None:
        """A recent database project: at once when its password is in the keyring, else the dialog asks for it."""
        password = databases.saved_password(profile)
        if password is None:
            self.open_database(profile)
            return
        self._open(profile, password, remember=True)

    def open_database(self, profile: Profile | None = None) -> None:
        from desktop.views.project.database_dialog import open_dialog

        dialog = self.dialog = open_dialog(saved_profiles(), self.shell.parent)
        if profile is not None:
            dialog.form.set_profile(profile)
            dialog.form.password.setFocus()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._open(dialog.profile(), dialog.password(), dialog.remember()))
        dialog.open()

    def _open(self, profile: Profile, password: str, remember: bool) -> bool:
        if not self.shell.open_project(profile.url(password)):   # the window said why, in Chinese
            return False
        self._keep(profile, password, remember)
        return True

    def _keep(self, profile: Profile, password: str, remember: bool) -> None:
        """The profile into the recent list; the password into the keyring when asked, else out of it."""
        save_profile(profile)
        self._fill_recent()
        if not remember:
            databases.forget_password(profile)
            return
        try:
            databases.remember_password(profile, password)
        except NoKeyring as e:
            self.shell.status(str(e), 12000)

    # --- copy ---------------------------------------------------------------------------------------
    def copy_to_database(self) -> None:
        from desktop.views.project.database_dialog import copy_dialog

        project = self.shell.project
        if project is None:
            return
        dialog = self.dialog = copy_dialog(project.name, saved_profiles(), self.shell.parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._copy(project.url, dialog.profile(), dialog.password(),
                                                   dialog.remember()))
        dialog.open()

    def _copy(self, source: str, profile: Profile, password: str, remember: bool, replace: bool = False) -> None:
        from desktop.tasks import Task, progress_dialog
        from gis.dbcopy import TargetNotEmpty

        target = profile.url(password)
        task = self.task = Task(lambda feedback: databases.copy_project(source, target, replace=replace,
                                                                        feedback=feedback),
                                title="db copy", parent=self)
        progress_dialog(task, self.shell.parent, tr("正在复制项目到 {name}…").format(name=profile.name))

        def failed(message: str) -> None:
            if isinstance(task.error, TargetNotEmpty):
                answer = QMessageBox.question(
                    self.shell.parent, tr("目标数据库不是空的"),
                    tr("{there}。\n\n用本项目替换数据库中已有的全部内容吗？此操作不能撤销。").format(there=task.error.there),
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
                if answer == QMessageBox.StandardButton.Yes:
                    self._copy(source, profile, password, remember, replace=True)
                return
            QMessageBox.warning(self.shell.parent, tr("无法复制项目"), message)

        def succeeded(copied) -> None:
            self._keep(profile, password, remember)
            text = "\n".join(copied.lines()) + "\n\n" + tr("现在打开数据库中的副本吗？")
            answer = QMessageBox.question(self.shell.parent, tr("已复制到数据库"), text)
            if answer == QMessageBox.StandardButton.Yes:
                self.shell.open_project(target)

        task.failed.connect(failed)
        task.succeeded.connect(succeeded)
        task.cancelled.connect(lambda: self.shell.status(tr("已取消复制，数据库未作任何修改")))
        task.start()


def install(shell) -> DatabasesFeature:
    return DatabasesFeature(shell)
