"""巡查 → 导入轨迹和照片… in the window, driven as a user (issue 17's done-when): with a demo assignment chosen in the
assignment list, a GPX passing its stops 1 and 2 but not 3 is imported through the dialog; the list then shows 2
verified and the rest missed, the stop table says so per stop with arrival times, and the map's stop-check layer
colours them."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from tests.patrols.test_evidence import pick_assignment, walk, write_gpx
from tests.windows import open_demo


def feature(w):
    return next(f for f in w.features if type(f).__name__ == "Patrols")


def menu_action(w, text: str):
    return next(a for a in w.feature_menu("巡查(&P)").actions() if a.text() == text)


def click_row(qtbot, table, row: int) -> None:
    item = table.item(row, 0)
    table.scrollToItem(item)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualItemRect(item).center())


def test_import_a_track_for_the_chosen_assignment_marks_stops_verified_and_missed(qtbot, monkeypatch, demo_copy,
                                                                                  tmp_path):
    from desktop.views.patrols.evidence import EvidenceImportDialog

    w = open_demo(qtbot, monkeypatch, demo_copy)
    a = pick_assignment(w.project)
    xy, times = walk(a["day"], a["stops"])
    gpx = tmp_path / "track.gpx"                          # no name in it: the assignment says whose it is
    write_gpx(gpx, xy, times)
    iso = a["day"].isocalendar()

    f = feature(w)
    menu_action(w, "巡查任务…").trigger()
    view = f.assignments
    qtbot.keyClicks(view.period, f"{iso.year}-W{iso.week:02d}")
    view.period.editingFinished.emit()
    row = next(i for i, r in enumerate(view.rows) if r["id"] == a["id"])
    click_row(qtbot, view.table, row)
    assert view.stops.rowCount() == view.rows[row]["stops"] and view.stops.status_of(1) == "unverified"

    seen = {}

    def fill():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, EvidenceImportDialog):
            QTimer.singleShot(50, fill)
            return
        seen["scope"] = (dialog.by_assignment.isChecked(), dialog.assignment.value())
        dialog.add_paths([str(gpx)])                     # what 添加文件… adds from the file dialog
        dialog.grab().save(str(tmp_path / "evidence_dialog.png"))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, fill)
    menu_action(w, "导入轨迹和照片…").trigger()
    qtbot.waitUntil(lambda: f.evidence_task is None and f.last_evidence is not None, timeout=60000)
    assert seen["scope"] == (True, a["id"])
    r = f.last_evidence
    assert (r.tracks, r.verified) == (1, 2) and r.missed == view.rows[row]["stops"] - 2

    # the list, refreshed by the change: per assignment verified / unverified / missed, and per stop
    qtbot.waitUntil(lambda: bool(getattr(view, "rows", None)))
    row = next(i for i, x in enumerate(view.rows) if x["id"] == a["id"])
    headers = [view.table.horizontalHeaderItem(j).text() for j in range(view.table.columnCount())]
    cell = lambda name: view.table.item(row, headers.index(name)).text()
    n = view.rows[row]["stops"]
    assert (cell("已核实"), cell("未核实"), cell("漏巡")) == ("2", "0", str(n - 2))
    click_row(qtbot, view.table, row)
    assert [view.stops.status_of(k) for k in (1, 2, 3)] == ["verified", "verified", "missed"]
    assert view.stops.item(0, 2).text() == "已核实" and view.stops.item(0, 3).text() == "09:00:00"
    assert view.stops.item(2, 2).text() == "漏巡" and view.stops.item(2, 3).text() == "—"

    # the map: the track and the stops coloured by what the evidence says
    stack = w.stack
    checks = stack.sources["patrol_stop_checks"].layer
    status = dict(zip(checks.attrs["seq"].tolist(), checks.attrs["status"].astype(str).tolist(), strict=True))
    assert status[1] == "verified" and status[2] == "verified" and status[3] == "missed"
    assert len(stack.sources["patrol_tracks"].layer) == 1
    assert stack.layer("patrol_stop_checks").visible and stack.layer("patrol_tracks").visible
    drawn = stack.layer("patrol_stop_checks").drawn()
    assert len(drawn) == n
    stack.set_visible("patrol_routes", False)
    w.canvas.zoom_to_layer("patrol_stop_checks")
    qtbot.wait(300)
    w.grab().save(str(tmp_path / "evidence_window.png"))
    dock = f.docks["assignments"]
    dock.setFloating(True)
    dock.resize(1100, 560)
    qtbot.wait(100)
    dock.grab().save(str(tmp_path / "evidence_assignments.png"))
