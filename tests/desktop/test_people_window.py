"""工具 → 人员名册 in the window: add a person with a role through the editor, edit away a role (it ends, history
kept), 停用 after a question, 删除 only for someone without a history, the list's filters; writes announced; a PostgreSQL account without 管理员/指挥中心 sees
the buttons and 文件 → 导入人员名册 disabled with the reason."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from gis import store
from gis.model import Person, RoleAssignment
from tests import smallworld
from tests.windows import Answer, open_window, private_settings


def people_view(qtbot, monkeypatch, tmp_path):
    """The small world's project in the window at 1366×768, an operator chosen, 工具 → 人员名册 opened and read."""
    private_settings(monkeypatch)
    path = tmp_path / "p.gridsafe"
    with store.create_project(path) as project:
        project.write(smallworld.build)
    w = open_window(qtbot, path, (1366, 768))
    with w.project.session() as s:
        w.operator.set(*s.execute(select(Person.id, Person.name).order_by(Person.id).limit(1)).one())
    feature = next(f for f in w.features if type(f).__name__ == "PeopleFeature")
    tools = next(a.menu() for a in w.menuBar().actions() if a.text().startswith(("工具", "&Tools", "Tools")))
    next(a for a in tools.actions()
         if a.data() == "people" or a.text().replace("&", "").startswith(("人员名册", "People"))).trigger()
    view = feature.view
    qtbot.waitUntil(lambda: not view.is_busy() and len(view.people) == 4)
    return w, feature, view


def test_people_register_add_edit_deactivate_and_gate(qtbot, monkeypatch, tmp_path):
    from gis.permissions import Account

    w, feature, view = people_view(qtbot, monkeypatch, tmp_path)
    announced = []
    w.events.changed.connect(announced.append)
    assert view.model.rowCount() == 4

    # 新增人员…: name, phone, a 网格员 role on 张庄村第2网格
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in QApplication.topLevelWidgets() if type(d).__name__ == "PersonDialog" and d.isVisible())
    dialog.name.setText("孙丽")
    dialog.phone.setText("139 1234 0001")
    qtbot.mouseClick(dialog.add_role_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.add_role_button, Qt.MouseButton.LeftButton)
    targets = dialog.roles.cellWidget(0, 1)
    targets.setCurrentIndex(targets.findText("网格：张庄村第2网格"))
    dialog.roles.cellWidget(1, 0).setCurrentIndex(dialog.roles.cellWidget(1, 0).findData("village_cadre"))
    assert dialog.roles.cellWidget(1, 1).itemText(0).startswith("村（社区）：")   # a cadre serves a village
    targets = dialog.roles.cellWidget(1, 1)
    targets.setCurrentIndex(targets.findText("村（社区）：李楼社区"))
    dialog.grab().save(str(tmp_path / "person_dialog.png"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.message.text()
    assert announced and announced[-1].kinds == {"people"}
    qtbot.waitUntil(lambda: not view.is_busy() and len(view.people) == 5)
    view.search.setText("孙丽")
    assert view.model.rowCount() == 1
    assert view.model.data(view.model.index(0, 5)) == "网格员（张庄村第2网格）、包村干部（李楼社区）"
    assert view.model.data(view.model.index(0, 1)) == "13912340001"

    # 编辑…: the same name and phone again is refused in the dialog, with nothing written
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    twin = next(d for d in QApplication.topLevelWidgets() if type(d).__name__ == "PersonDialog" and d.isVisible())
    twin.name.setText("孙丽")
    twin.phone.setText("13912340001")
    qtbot.mouseClick(twin.save_button, Qt.MouseButton.LeftButton)
    assert twin.isVisible() and "同名同电话" in twin.message.text()
    twin.reject()

    # remove the cadre role in the editor (a role held before today would end yesterday and stay in history)
    view.table.selectRow(0)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    editor = next(d for d in QApplication.topLevelWidgets() if type(d).__name__ == "PersonDialog" and d.isVisible())
    assert editor.roles.rowCount() == 2
    editor.roles.selectRow(1)
    qtbot.mouseClick(editor.remove_role_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.is_busy()
                    and view.model.rowCount() == 1 and view.model.data(view.model.index(0, 5)) == "网格员（张庄村第2网格）")

    # 停用 asks, then every role ends; the person stays, shown with 显示已停用
    view.table.selectRow(0)
    said = Answer(qtbot, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(view.deactivate_button, Qt.MouseButton.LeftButton)
    assert not said.missing and "停用 孙丽" in said.texts[0] and "网格员（张庄村第2网格）" in said.texts[0]
    qtbot.waitUntil(lambda: not view.is_busy() and view.model.rowCount() == 0)
    view.show_ended.setChecked(True)
    assert view.model.rowCount() == 1 and view.model.data(view.model.index(0, 4)) == "已停用"
    assert view.model.data(view.model.index(0, 5)) == "曾任：网格员（张庄村第2网格）"
    with w.project.session() as s:
        pid = s.scalar(select(Person.id).where(Person.name == "孙丽"))
        ends = s.scalars(select(RoleAssignment.end_date).where(RoleAssignment.person_id == pid)).all()
    # the cadre role given and taken back today never held; the grid role ended yesterday: none today
    assert ends == [date.fromordinal(date.today().toordinal() - 1)]
    w.grab().save(str(tmp_path / "people_dock.png"))

    # 删除: refused for someone with a history (赵敏 owns a hazard), done for 孙丽 (roles only)
    view.search.setText("赵敏")
    view.table.selectRow(0)
    said = Answer(qtbot, QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Ok)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert not said.missing and len(said.texts) == 2
    assert "赵敏 已有记录（隐患 1 条）" in said.texts[1] and "停用" in said.texts[1]
    view.search.setText("孙丽")
    view.table.selectRow(0)
    said = Answer(qtbot, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert not said.missing and said.texts
    qtbot.waitUntil(lambda: not view.is_busy() and len(view.people) == 4)
    with w.project.session() as s:
        assert s.get(Person, pid) is None

    # a 网格员 account (PostgreSQL) may read the register but not change it
    monkeypatch.setattr(w.project, "account", Account("member1", "member", area="410411003001"), raising=False)
    w.events.opened.emit(w.project)
    view.table.selectRow(0)
    view.search.setText("")
    view.table.selectRow(0)
    for button in (view.add_button, view.edit_button, view.deactivate_button, view.delete_button, view.import_button):
        assert not button.isEnabled() and "管理人员名册需要" in button.toolTip()
    assert not feature.import_action.isEnabled() and "管理人员名册需要" in feature.import_action.toolTip()
