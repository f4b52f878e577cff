"""The window's line patrol actions (巡查 menu): 巡线计划… plans through the task runner and the routes show on
the patrol routes layer, the assignment list shows line patrols with their kind; 巡检长度报表… writes the xlsx."""
from __future__ import annotations

import numpy as np
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLineEdit,
)
from sqlalchemy import select

from desktop.main_window import MainWindow
from gis import store
from gis.model import PatrolAssignment
from tests.patrols import line_scene


@pytest.fixture
def window(qtbot, tmp_path):
    path = tmp_path / "巡线.gridsafe"
    with store.create_project(path) as p, p.transaction() as s:
        line_scene.build(s)
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    assert w.open_project(str(path))
    return w


def feature(w):
    return next(f for f in w.features if type(f).__name__ == "Patrols")


def answer_period(qtbot, text: str) -> None:
    """When the period dialog opens: type `text` and click OK with the mouse."""
    def fill():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        edit = dialog.findChild(QLineEdit)
        edit.selectAll()
        qtbot.keyClicks(edit, text)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, fill)


def menu_action(w, text: str):
    menu = w.feature_menu("巡查(&P)")
    return next(a for a in menu.actions() if a.text() == text)


def plan_december(qtbot, window, f) -> None:
    """巡线计划… from the 巡查 menu for 2026-12, as the user answers it; waits for the plan."""
    answer_period(qtbot, "2026-12")
    menu_action(window, "巡线计划…").trigger()
    qtbot.waitUntil(lambda: f.line_task is None and f.last_line_plan is not None, timeout=30000)


def test_plan_line_patrols_from_the_menu(qtbot, window, tmp_path):
    f = feature(window)
    plan_december(qtbot, window, f)
    assert f.last_line_plan.assignments == 31 and f.last_line_plan.period.label == "2026-12"
    with window.project.session() as s:
        ids = set(s.scalars(select(PatrolAssignment.id).where(PatrolAssignment.kind == "line")))
    assert len(ids) == 31
    routes = window.stack.sources["patrol_routes"]
    assert ids <= set(routes.layer.ids.tolist()) and window.stack.layer("patrol_routes").visible
    assert "巡线任务 31 个" in window.statusBar().currentMessage()

    f.show("assignments")
    view = f.assignments
    view.kind.setCurrentIndex(view.kind.findData("line"))
    qtbot.keyClicks(view.period, "2026-12")
    view.period.editingFinished.emit()
    assert {r["id"] for r in view.rows} == ids and all(r["kind"] == "line" for r in view.rows)
    kinds = {view.table.item(i, 3).text() for i in range(view.table.rowCount())}
    assert kinds == {"管线巡线·主干管", "管线巡线·庭院管"}
    assert view.table.item(0, 6).text() == "—"            # no stops on a line patrol
    # choosing a line patrol zooms the map to its stretch of pipeline
    view.table.selectRow(0)
    idx = int(np.flatnonzero(routes.layer.ids == view.rows[0]["id"])[0])
    assert routes.layer.geoms[idx].geom_type == "LineString"
    window.grab().save(str(tmp_path / "line_patrols.png"))


def test_bad_period_is_refused_with_a_message(qtbot, window, monkeypatch):
    f = feature(window)
    said = []
    monkeypatch.setattr("desktop.features.patrols.QMessageBox.warning", lambda *a: said.append(a[2]))
    answer_period(qtbot, "2026H3")
    menu_action(window, "巡线计划…").trigger()
    assert said and "无法识别的时段“2026H3”" in said[0] and f.line_task is None
    with window.project.session() as s:
        assert s.scalar(select(PatrolAssignment.id).where(PatrolAssignment.kind == "line")) is None


def test_length_report_from_the_menu(qtbot, window, tmp_path, monkeypatch):
    f = feature(window)
    out = tmp_path / "巡检长度.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    plan_december(qtbot, window, f)
    answer_period(qtbot, "2026-12")
    menu_action(window, "巡检长度报表…").trigger()
    qtbot.waitUntil(lambda: f.line_task is None and out.exists(), timeout=30000)
    wb = load_workbook(out)
    assert wb.sheetnames[:3] == ["按压力级制", "按运营单位", "按网格"]
    assert wb["按网格"]["A1"].value == "燃气管线巡检长度统计表（按网格）"
    qtbot.waitUntil(lambda: "已导出巡检长度报表" in window.statusBar().currentMessage())


def test_record_a_line_patrol_result_from_the_assignment_list(qtbot, window, tmp_path):
    from desktop.views.patrols.line_result import LineResultDialog
    from gis.model import Hazard, Person

    f = feature(window)
    with window.project.session() as s:
        window.operator.set(s.scalar(select(Person.id).where(Person.name == "刘芳")), "刘芳")
    plan_december(qtbot, window, f)
    f.show("assignments")
    view = f.assignments
    view.kind.setCurrentIndex(view.kind.findData("line"))
    row = next(i for i, r in enumerate(view.rows) if r["line_name"] == "主干管")
    aid = view.rows[row]["id"]
    view.table.selectRow(row)

    def fill():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LineResultDialog)
        assert dialog.length.value() == 900.0                     # the whole route by default
        dialog.length.selectAll()
        qtbot.keyClicks(dialog.length, "450")
        dialog.hazard.setFocus()
        dialog.hazard.insert("警示牌被遮挡")        # as an input method commits it (QTest types Latin keys only)
        dialog.grab().save(str(tmp_path / "line_result.png"))
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, fill)
    with qtbot.waitSignal(window.events.changed, timeout=10000) as changed:
        qtbot.mouseClick(view.results_button, Qt.MouseButton.LeftButton)
    assert changed.args[0].touches("patrols", "hazards")
    with window.project.session() as s:
        a = s.get(PatrolAssignment, aid)
        assert (a.status, a.patrolled_m) == ("done", 450.0)
        h = s.scalar(select(Hazard).where(Hazard.patrol_assignment_id == aid))
        assert h.description == "警示牌被遮挡" and h.source == "line_patrol"
    # the list shows what was walked
    view.refresh()
    row = next(i for i, r in enumerate(view.rows) if r["id"] == aid)
    assert view.table.item(row, 7).text() == "0.45"


def test_print_a_line_patrol_route_sheet_from_the_list(qtbot, window, tmp_path):
    from tests.patrols.test_sheet_pdf import pdf_pages

    f = feature(window)
    plan_december(qtbot, window, f)
    f.show("assignments")
    view = f.assignments
    view.kind.setCurrentIndex(view.kind.findData("line"))
    row = next(i for i, r in enumerate(view.rows) if r["line_name"] == "主干管" and r["planned_on"].day == 12)
    view.table.selectRow(row)
    view.resize(900, 400)
    view.grab().save(str(tmp_path / "line_list.png"))
    out = tmp_path / "巡线路线单.pdf"
    task = view.print_selected(path=str(out))
    with qtbot.waitSignal(task.finished, timeout=60000):
        pass
    text = "\n".join(pdf_pages(out)).replace(" ", "")
    assert "燃气管线巡线路线单" in text and "主干管（中压A）" in text and "雨污分流施工" in text


def test_identify_on_a_pipeline_lists_its_line_patrols(qtbot, window):
    f = feature(window)
    plan_december(qtbot, window, f)
    with window.project.session() as s:
        yard = s.scalar(select(PatrolAssignment.line_id)        # 庭院管: 600 m, all in grid A
                        .where(PatrolAssignment.kind == "line", PatrolAssignment.route_length_m == 600.0))
        expected = set(s.scalars(select(PatrolAssignment.id).where(PatrolAssignment.line_id == yard)))
    pipes = window.stack.sources["pipelines"]
    index = int(np.flatnonzero(pipes.layer.ids == yard)[0])
    window.identify_panel.show_feature("pipelines", index)
    assert f.patrols_button.isEnabled()
    qtbot.mouseClick(f.patrols_button, Qt.MouseButton.LeftButton)
    assert {r["id"] for r in f.assignments.rows} == expected and len(expected) == 2
