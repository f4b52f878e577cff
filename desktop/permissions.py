"""The window's side of roles (issue 16): actions and buttons enabled only when the open project's account may use
them (gis.permissions.can decides; the database enforces the same by grants and row-level security). A disabled
action says why in its tooltip and status tip ("…需要指挥中心或管理员角色"). SQLite projects: everything enabled."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from desktop.i18n import vocab_lang
from gis import permissions

_BASE_TIP = "gridsafe_base_tip"


def tr(text: str) -> str:
    return QCoreApplication.translate("Permissions", text)


def _apply(widget, ok: bool, why: str) -> None:
    if widget.property(_BASE_TIP) is None:
        widget.setProperty(_BASE_TIP, widget.toolTip() if isinstance(widget, QWidget) else widget.statusTip())
    base = widget.property(_BASE_TIP) or ""
    widget.setEnabled(ok)
    widget.setToolTip(why or base)
    widget.setStatusTip(why or base)
    if isinstance(widget, QAction):
        for menu in widget.associatedObjects():
            if isinstance(menu, QMenu):
                menu.setToolTipsVisible(True)


def follow(shell, action: str, apply) -> None:
    """Call `apply(ok, why)` now and whenever a project opens or closes: may its account do `action`?
    (A view that is more than one button: the attribute table turns read-only with the reason above it.)"""
    def update(project=None) -> None:
        apply(*permissions.can(getattr(project, "account", None), action, lang=vocab_lang()))

    shell.events.opened.connect(update)
    shell.events.closed.connect(lambda: update(None))
    update(shell.project)


def gate(shell, widget, action: str):
    """Keep `widget` (a QAction or a button) enabled only while the open project's account may do `action`;
    returns the widget, so a feature writes `gate(shell, menu.addAction(...), "patrol.plan")`."""
    follow(shell, action, lambda ok, why: _apply(widget, ok, why))
    return widget


def may(shell, action: str) -> bool:
    """May the open project's account do `action`? (for `applies=` of identify buttons: hidden when it may not)."""
    return permissions.can(getattr(shell.project, "account", None), action)[0]


def gate_hazard_form(form, project) -> None:
    """A hazard form's step buttons and save button follow the account's role for the hazard it shows (its grid
    and sector): `form.may(step) -> (ok, why)`, asked by the form whenever it updates its buttons."""
    account = getattr(project, "account", None)
    if account is None or form.hazard_id is None:
        return
    from desktop.services.accounts import hazard_scope

    area, sector = hazard_scope(project, form.hazard_id)
    lang = vocab_lang()
    form.may = lambda step: permissions.can(account, "hazard.edit" if step == "save" else permissions.step_action(step),
                                            area=area, sector=sector, lang=lang)
    form._update_buttons()


def account_text(project) -> tuple[str, str]:
    """(status bar text, tooltip) for the project's account."""
    if project is None:
        return "", ""
    if project.backend == "sqlite":
        from gis.accounts import SQLITE_MESSAGE

        return tr("单用户项目"), SQLITE_MESSAGE
    account = project.account
    if account is None:
        return tr("数据库管理员"), tr("本登录名拥有项目的数据表（或为超级用户），不受角色限制")
    lang = vocab_lang()
    return (tr("账号 {login}（{role}）").format(login=account.login, role=permissions.role_label(account.role, lang)),
            tr("账号 {account}\n角色限制由数据库执行：psql、QGIS 用同一登录名时限制相同").format(
                account=account.describe(lang)))
