"""The planner's member list filters the plan, driven with real widgets: unticking a member (Space on the list)
limits the assignments shown to the ticked ones, and 生成计划 (a mouse click) then re-plans only theirs — the
unticked member's rounds stay as they were, and what they hold is not planned twice."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from desktop.main_window import MainWindow
from gis import repo, store
from gis.model import PatrolAssignment, PatrolStop, Person
from tests.patrols import world


@pytest.fixture
def planner(qtbot, tmp_path):
    path = tmp_path / "w.gridsafe"
    with store.create_project(path) as p, p.transaction() as s:
        world.build(s, extra_sites=6)
        repo.set_setting(s, "patrol.max_stops_per_day", 2)     # three rounds, shared by the two members
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_project(str(path))
    w.show()
    f = next(f for f in w.features if type(f).__name__ == "Patrols")
    f.show("planner")
    view = f.planner
    view.kind.setCurrentIndex(1)
    view.day.setDate(QDate(2026, 11, 24))        # 2026-W48
    view.all_grids.setChecked(False)
    item = next(view.grids.item(i) for i in range(view.grids.count()) if world.GRID in view.grids.item(i).text())
    item.setSelected(True)
    qtbot.waitExposed(w)
    return w, view


def generate(qtbot, view):
    QTest.mouseClick(view.generate, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.job is None, timeout=30000)


def rounds_by_person(w):
    with w.project.session() as s:
        rows = s.execute(select(PatrolAssignment.id, Person.name, PatrolAssignment.planned_on)
                         .join(Person, Person.id == PatrolAssignment.person_id)
                         .where(PatrolAssignment.period == "2026-W48")).all()
        stops = s.execute(select(PatrolStop.site_id, PatrolAssignment.planned_on).join(PatrolAssignment)
                          .where(PatrolAssignment.period == "2026-W48")).all()
    out: dict[str, set[int]] = {}
    for aid, name, _ in rows:
        out.setdefault(name, set()).add(aid)
    return out, stops


def test_unticking_a_member_filters_the_list_and_the_plan(qtbot, planner):
    w, view = planner
    names = [view.members.item(i).text() for i in range(view.members.count())]
    assert {"刘芳", "孙丽"} <= set(names) and view.selected_members() is None
    generate(qtbot, view)
    before, stops_before = rounds_by_person(w)
    assert before.get("刘芳") and before.get("孙丽")
    listed = view.assignments.count()
    assert listed == len(before["刘芳"]) + len(before["孙丽"])

    # untick 孙丽 with the keyboard: the list shows 刘芳's rounds only
    row = names.index("孙丽")
    view.members.setFocus()
    view.members.setCurrentRow(row)
    QTest.keyClick(view.members, Qt.Key.Key_Space)
    assert view.members.item(row).checkState() == Qt.CheckState.Unchecked
    assert view.assignments.count() == len(before["刘芳"])
    assert all("孙丽" not in view.assignments.item(i).text() for i in range(view.assignments.count()))

    # 生成计划 now re-plans 刘芳's rounds only: 孙丽's are the very same assignments
    generate(qtbot, view)
    after, stops_after = rounds_by_person(w)
    assert after["孙丽"] == before["孙丽"]
    assert after["刘芳"].isdisjoint(before["刘芳"])         # replaced
    assert sorted(stops_after) == sorted(stops_before)       # the same visits, none twice
    assert "孙丽" not in " ".join(view.assignments.item(i).text() for i in range(view.assignments.count()))

    # nobody ticked: nothing is planned, the planner says why
    for i in range(view.members.count()):
        view.members.item(i).setCheckState(Qt.CheckState.Unchecked)
    shown = []

    def close_box():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(50, close_box)

    QTimer.singleShot(50, close_box)
    QTest.mouseClick(view.generate, Qt.MouseButton.LeftButton)
    assert shown == ["请至少勾选一名网格员"] and rounds_by_person(w)[0] == after
