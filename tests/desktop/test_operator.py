"""The current operator (desktop/operator.py): chosen per project, remembered, shown in the status bar,
the hazard form's default 操作人 (and nobody else)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import select

from desktop import main_window
from desktop import operator as operator_module
from desktop.operator import OperatorButton, OperatorDialog
from desktop.views.hazards.form import HazardForm
from gis import store
from gis.model import Person
from tests import smallworld


def _project(path):
    with store.create_project(path) as p, p.transaction() as s:
        smallworld.build(s)
    return str(path)


def _id(project, name):
    with project.session() as s:
        return s.scalar(select(Person.id).where(Person.name == name))


@pytest.fixture
def two(tmp_path):
    return _project(tmp_path / "东.gridsafe"), _project(tmp_path / "西.gridsafe")


def test_operator_is_remembered_per_project_and_shown_in_the_status_bar(qtbot, two, monkeypatch):
    east, west = two
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    (button,) = w.statusBar().findChildren(OperatorButton)
    assert not button.isEnabled()                        # no project: nothing to choose from
    assert w.open_project(east)
    assert button.isEnabled() and button.text() == "未选择操作人" and w.operator.actor() is None
    pid = _id(w.project, "陈志强")
    monkeypatch.setattr(operator_module, "choose_person", lambda _parent, project, current: (pid, "陈志强"))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # click the status bar field to choose
    assert button.text() == "操作人：陈志强" and (w.operator.person_id, w.operator.name) == (pid, "陈志强")
    assert w.operator.actor() == operator_module.Actor("陈志强", pid)
    assert w.open_project(west)                          # another project: its own operator (none yet)
    assert button.text() == "未选择操作人"
    assert w.open_project(east)                          # back: remembered
    assert button.text() == "操作人：陈志强" and w.operator.person_id == pid
    w.project.close()


def test_a_person_removed_from_the_project_is_not_restored(qtbot, two):
    east, _west = two
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    with store.open_project(east) as p, p.transaction() as s:
        s.add(Person(name="临时工"))
    assert w.open_project(east)
    pid = _id(w.project, "临时工")
    w.operator.set(pid, "临时工")
    w.project.close()
    with store.open_project(east) as p, p.transaction() as s:
        s.delete(s.get(Person, pid))
    w.project = None
    assert w.open_project(east)
    assert not w.operator.is_set() and w.operator.name == ""
    w.project.close()


def test_dialog_searches_by_name_and_lists_roles(qtbot, tmp_path):
    project = store.open_project(_project(tmp_path / "w.gridsafe"))
    dialog = OperatorDialog(project)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.proxy.rowCount() == 4
    texts = [dialog.proxy.index(r, 0).data() for r in range(dialog.proxy.rowCount())]
    assert "王建国（网格长）" in texts and "陈志强（包村干部）" in texts
    dialog.search.setFocus()
    # QTest types Latin-1 only: a Chinese character arrives as the key event an input method sends
    QApplication.sendEvent(dialog.search, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, "陈"))
    assert dialog.proxy.rowCount() == 1
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen() == (_id(project, "陈志强"), "陈志强")
    project.close()


def test_hazard_form_names_the_operator_and_nobody_else(qtbot, tmp_path):
    project = store.open_project(_project(tmp_path / "w.gridsafe"))
    op = operator_module.Operator()
    op.load_for(project)
    blank = HazardForm(project, operator=op)
    qtbot.addWidget(blank)
    assert blank.actor_name() == "" and blank.found_by.text() == ""   # not the first person in the list
    op.set(_id(project, "赵敏"), "赵敏")
    form = HazardForm(project, operator=op)
    qtbot.addWidget(form)
    assert form.actor_name() == "赵敏" and form.actor.currentData() == _id(project, "赵敏")
    assert form.found_by.text() == "赵敏"
    project.close()
