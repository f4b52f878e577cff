"""The current operator (操作人): who is at the keyboard, for every signature and event the window writes.

Chosen once per project from the project's people (`choose_person`: search by name, each listed with
the roles they hold), remembered per project in QSettings, shown in the status bar (`OperatorButton`:
click to change; 未选择操作人 when none). A write that needs someone calls `operator.require(parent)`:
the chosen person, or the chooser when none is chosen yet, or None when the user cancels (then nothing
is written). Never a guess and never a placeholder. The multi-workstation work will tie this to accounts.

    window.operator.actor()          gis.hazards.Actor(name, person_id) or None
    window.operator.changed          emitted when the person changes (also on project open/close)
"""
from __future__ import annotations

import hashlib

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gis.hazards import Actor


def _settings():
    from desktop.qsettings import settings

    return settings()


def project_key(project) -> str:
    """A stable settings key for a project (its database address; a password never leaves the hash)."""
    return "operators/" + hashlib.sha1(str(project.url).encode("utf-8")).hexdigest()[:16]


class Operator(QObject):
    """The session's current operator: person id and name, remembered per project."""

    changed = Signal()

    def __init__(self, events=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = None
        self.person_id: int | None = None
        self.name = ""
        self.changed.connect(self._tell_project)
        if events is not None:
            events.opened.connect(self.load_for)
            events.closed.connect(lambda: self.load_for(None))

    def _tell_project(self) -> None:
        """The project's writes name this operator in the audit trail (gis.store.Project.operator)."""
        if self.project is not None:
            self.project.operator = self.name or None

    def is_set(self) -> bool:
        return self.person_id is not None

    def actor(self) -> Actor | None:
        return Actor(self.name, self.person_id) if self.person_id is not None else None

    def load_for(self, project) -> None:
        """The operator remembered for `project` (none if that person is gone from it)."""
        self.project = project
        self.person_id, self.name = None, ""
        if project is not None:
            pid = _int(_settings().value(project_key(project) + "/id"))
            if pid is not None:
                self.person_id, self.name = _person(project, pid) or (None, "")
        self.changed.emit()

    def set(self, person_id: int, name: str) -> None:
        """Choose the operator (and remember the choice for this project)."""
        self.person_id, self.name = int(person_id), name
        if self.project is not None:
            s = _settings()
            s.setValue(project_key(self.project) + "/id", self.person_id)
            s.setValue(project_key(self.project) + "/name", name)
        self.changed.emit()

    def clear(self) -> None:
        self.person_id, self.name = None, ""
        if self.project is not None:
            _settings().remove(project_key(self.project))
        self.changed.emit()

    def choose(self, parent: QWidget | None = None) -> bool:
        """Let the user pick (or change) the operator; False when cancelled or no project is open."""
        if self.project is None:
            return False
        picked = choose_person(parent, self.project, self.person_id)
        if picked is None:
            return False
        self.set(*picked)
        return True

    def require(self, parent: QWidget | None = None) -> Actor | None:
        """The operator for a write: the chosen one, else asked for now; None when the user declines."""
        if not self.is_set():
            self.choose(parent)
        return self.actor()


def _int(v) -> int | None:
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def _person(project, pid: int) -> tuple[int, str] | None:
    from gis.model import Person

    with project.session() as s:
        p = s.get(Person, pid)
        return (p.id, p.name) if p is not None else None


# --- choosing ---------------------------------------------------------------------------------------

class OperatorDialog(QDialog):
    """Search the project's people by name (or unit, or role); each row shows their roles."""

    def __init__(self, project, current: int | None = None, parent: QWidget | None = None) -> None:
        from desktop.i18n import vocab_label
        from gis import repo

        super().__init__(parent)
        self.setWindowTitle(self.tr("选择操作人"))
        self.resize(420, 480)
        self.model = QStandardItemModel(self)
        with project.session() as s:
            for person, roles in repo.people_with_roles(s):
                extra = [person.unit] if person.unit else []
                extra += [vocab_label("roles", r) for r in roles]
                item = QStandardItem(person.name + (f"（{'，'.join(extra)}）" if extra else ""))
                item.setData(person.id, Qt.ItemDataRole.UserRole)
                item.setData(person.name, Qt.ItemDataRole.UserRole + 1)
                item.setEditable(False)
                self.model.appendRow(item)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("输入姓名、单位或职责查找"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.list.setUniformItemSizes(True)
        self.list.doubleClicked.connect(lambda _i: self.accept())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        note = QLabel(self.tr("操作人的姓名记入隐患履历、签字和整改通知书。"))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._update())
        self._select(current)
        self._update()
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if not self.list.currentIndex().isValid() and self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))
        self._update()

    def _select(self, person_id: int | None) -> None:
        if person_id is None:
            return
        hits = self.model.match(self.model.index(0, 0), Qt.ItemDataRole.UserRole, person_id, 1,
                                Qt.MatchFlag.MatchExactly)
        if hits:
            self.list.setCurrentIndex(self.proxy.mapFromSource(hits[0]))

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.chosen() is not None)

    def chosen(self) -> tuple[int, str] | None:
        index = self.list.currentIndex()
        if not index.isValid():
            return None
        return int(index.data(Qt.ItemDataRole.UserRole)), index.data(Qt.ItemDataRole.UserRole + 1)


def choose_person(parent: QWidget | None, project, current: int | None = None) -> tuple[int, str] | None:
    """Ask the user to pick a person of `project`: (id, name), or None when cancelled."""
    dialog = OperatorDialog(project, current, parent)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


class OperatorButton(QToolButton):
    """The status bar's 操作人 field: shows who it is; a click changes it."""

    def __init__(self, operator: Operator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.operator = operator
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.clicked.connect(lambda: operator.choose(self.window()))
        operator.changed.connect(self._show)
        self._show()

    def _show(self) -> None:
        op = self.operator
        if op.is_set():
            self.setText(self.tr("操作人：{0}").format(op.name))
            self.setToolTip(self.tr("签字、办理和整改通知书以此人的名义记录（单击更换）"))
        else:
            self.setText(self.tr("未选择操作人"))
            self.setToolTip(self.tr("单击选择操作人：签字、办理和整改通知书以此人的名义记录"))
        self.setEnabled(op.project is not None)
