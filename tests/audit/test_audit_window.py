"""The 操作日志 dock on the demo township, driven through real widgets: a hazard edited in its form appears with the
operator, its description old → new in the detail pane; identify's 操作记录… shows that hazard's history; the
filters narrow the list; the export writes what they select."""
from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt

from tests.windows import open_demo


def _feature(w, cls_name: str):
    (feature,) = [f for f in w.features if type(f).__name__ == cls_name]
    return feature


def test_a_hazard_edit_in_the_window_is_in_the_audit_dock(qtbot, monkeypatch, demo_copy, tmp_path, artifacts):
    w = open_demo(qtbot, monkeypatch, demo_copy)
    operator = w.operator.name
    hazards, audit = _feature(w, "HazardFeature"), _feature(w, "AuditFeature")
    layer = w.stack.sources["hazards"].layer
    hid = int(layer.ids[0])
    hazards.open_hazard(hid)
    form = hazards.forms[-1]
    old = form.description.toPlainText()
    form.description.setPlainText("配电箱无防护罩（复查补记）")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.message() == "已保存"

    w.identify_panel.show_feature("hazards", 0)
    assert audit.history_button.isEnabled()
    qtbot.mouseClick(audit.history_button, Qt.MouseButton.LeftButton)
    view = audit.view
    qtbot.waitUntil(lambda: not view.is_busy() and view.model.rowCount() > 0, timeout=20000)
    assert view.table_box.currentData() == "hazard" and view.record.text() == str(hid)
    first = view.model.entries[0]
    assert (first.action, first.table, first.record_id, first.operator) == ("update", "hazard", str(hid), operator)
    assert view.model.data(view.model.index(0, 1)) == operator
    assert view.model.data(view.model.index(0, 2)) == "修改"
    details = {view.detail.item(r, 0).text(): (view.detail.item(r, 1).text(), view.detail.item(r, 2).text())
               for r in range(view.detail.rowCount())}
    assert details["隐患描述"] == (old, "配电箱无防护罩（复查补记）")
    assert operator in view.detail_title.text()
    assert view.grab().save(str(artifacts / "audit_dock.png"))
    audit.show_log()
    assert w.grab().save(str(artifacts / "audit_window.png"))

    # the filters: only deletions of this hazard → none; then every author's inserts of hazard events
    view.action_box.setCurrentIndex(view.action_box.findData("delete"))
    view.action_box.activated.emit(view.action_box.currentIndex())
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=20000)
    assert view.model.rowCount() == 0
    view.record.clear()
    view.table_box.setCurrentIndex(view.table_box.findData("hazard_event"))
    view.action_box.setCurrentIndex(view.action_box.findData("insert"))
    view.user_box.setCurrentIndex(view.user_box.findData(operator))
    view.refresh_button.click()
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=20000)
    assert view.model.rowCount() >= 1
    assert {(e.table, e.action, e.operator) for e in view.model.entries} == {("hazard_event", "insert", operator)}

    out = tmp_path / "操作日志.xlsx"
    with qtbot.waitSignal(view.exported, timeout=20000):
        view.export_to(str(out))
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(out).active.iter_rows()]
    assert rows[0][:3] == ["序号", "时间", "操作人"]
    assert {r[4] for r in rows[1:]} == {"隐患履历"} and {r[2] for r in rows[1:]} == {operator}
    w.close()
