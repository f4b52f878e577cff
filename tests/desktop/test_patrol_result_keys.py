"""Result entry by keyboard alone, with real key events: a scanned code (typed + Enter, as a USB scanner does) opens
the task at its stop; number keys and letters choose results, remarks are typed inline, Enter saves and moves on,
Tab moves stop to stop. F8 (巡查 → 扫码/输入编号…) puts the keyboard in the code field."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from desktop.main_window import MainWindow
from gis import store
from gis.model import Hazard, PatrolStop, Person
from gis.patrols import planning
from gis.patrols.periods import parse_period
from tests.patrols import world


@pytest.fixture
def window(qtbot, tmp_path):
    path = tmp_path / "w.gridsafe"
    with store.create_project(path) as p:
        with p.transaction() as s:
            world.build(s, extra_sites=6)
        planning.plan(p, parse_period("2026-W48"))
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_project(str(path))
    with w.project.session() as s:
        w.operator.set(s.scalar(select(Person.id).where(Person.name == "刘芳")), "刘芳")
    w.show()
    qtbot.waitExposed(w)
    return w


def feature(w):
    return next(f for f in w.features if type(f).__name__ == "Patrols")


def stops_of(w, aid):
    with w.project.session() as s:
        return [(st.seq, st.result, st.note, st.visited_at is not None)
                for st in s.scalars(select(PatrolStop).where(PatrolStop.assignment_id == aid).order_by(PatrolStop.seq))]


def type_code(qtbot, entry, text: str) -> None:
    QTest.keyClicks(entry.code, text)
    QTest.keyClick(entry.code, Qt.Key.Key_Return)


def test_scan_then_keys_record_three_stops(qtbot, window):
    with window.project.session() as s:
        aid = s.scalar(select(PatrolStop.assignment_id).group_by(PatrolStop.assignment_id)
                       .having(func.count() >= 3).order_by(PatrolStop.assignment_id))
    assert aid is not None
    f = feature(window)
    f.scan_action.trigger()                          # F8: the result entry with the keyboard in the code field
    entry = f.results
    qtbot.waitUntil(lambda: QApplication.focusWidget() is entry.code)
    type_code(qtbot, entry, f"GS:A{aid}:S2")        # a scanner types the stop's code and Enter
    assert entry.assignment_id == aid and entry.stops.currentRow() == 1
    assert QApplication.focusWidget() is entry.stops

    # stop 2: "1" = 正常, a remark, Enter saves it and goes on to stop 3
    QTest.keyClick(entry.stops, Qt.Key.Key_1)
    assert QApplication.focusWidget() is entry.note
    QTest.keyClicks(entry.note, "door locked ok")
    QTest.keyClick(entry.note, Qt.Key.Key_Return)
    assert stops_of(window, aid)[1] == (2, "ok", "door locked ok", True)
    assert entry.stops.currentRow() == 2 and QApplication.focusWidget() is entry.stops

    # Tab moves stop to stop (Shift+Tab back): from stop 3 round to stop 1
    QTest.keyClick(entry.stops, Qt.Key.Key_Tab)
    QTest.keyClick(entry.stops, Qt.Key.Key_Backtab)
    QTest.keyClick(entry.stops, Qt.Key.Key_Up)
    QTest.keyClick(entry.stops, Qt.Key.Key_Up)
    assert entry.stops.currentRow() == 0

    # stop 1: "h" = 发现隐患, the keyboard is in the hazard's description; Enter registers the hazard
    QTest.keyClick(entry.stops, Qt.Key.Key_H)
    assert entry.result.currentData() == "hazard_found" and QApplication.focusWidget() is entry.hazard
    QTest.keyClicks(entry.hazard, "extinguisher empty")
    QTest.keyClick(entry.hazard, Qt.Key.Key_Return)
    seq, result, _, done = stops_of(window, aid)[0]
    assert (seq, result, done) == (1, "hazard_found", True)
    with window.project.session() as s:
        h = s.scalars(select(Hazard).where(Hazard.patrol_stop_id.isnot(None))).one()
        assert h.description == "extinguisher empty" and h.source == "grid_patrol"

    # the next open stop after 1 is 3: "3" = 未营业/无人, then Ctrl+S saves without a remark
    assert entry.stops.currentRow() == 2
    QTest.keyClick(entry.stops, Qt.Key.Key_3)
    QTest.keyClick(entry.note, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert stops_of(window, aid)[2][:2] == (3, "closed_door")
    assert "✓" in entry.stops.item(2).text()


def test_bad_or_unknown_code_says_so_and_records_nothing(qtbot, window):
    f = feature(window)
    f.scan_action.trigger()
    entry = f.results
    type_code(qtbot, entry, "hello")
    assert not entry.code_status.isHidden() and "GS:A123" in entry.code_status.text()
    assert entry.code.text() == "hello"                       # kept, selected: the next scan replaces it
    type_code(qtbot, entry, "GS:A99999")
    assert "A99999" in entry.code_status.text() and entry.assignment_id is None


def test_result_letters_follow_the_vocabulary():
    from desktop.views.patrols.results import result_letter

    assert [result_letter(k, zh) for k, zh in [("ok", "正常"), ("hazard_found", "发现隐患"),
                                               ("closed_door", "未营业/无人"), ("not_found", "场所不存在")]] == \
        ["O", "H", "C", "N"]
    assert result_letter("ok", "No problem found") == "N"


def test_photos_chosen_for_a_stop_are_stored_with_its_result(qtbot, window, monkeypatch, tmp_path):
    """添加照片… in result entry: the JPEGs (EXIF place and time read) are stored on that stop in the result's
    transaction; a file that is not a JPEG is refused and nothing is saved."""
    from datetime import datetime

    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from gis.model import PatrolEvidence
    from tests.patrols.test_evidence import jpeg

    with window.project.session() as s:
        aid = s.scalar(select(PatrolStop.assignment_id).order_by(PatrolStop.assignment_id))
        stop = s.scalars(select(PatrolStop).where(PatrolStop.assignment_id == aid).order_by(PatrolStop.seq)).first()
        stop_id = stop.id
    f = feature(window)
    f.scan_action.trigger()
    entry = f.results
    type_code(qtbot, entry, f"GS:A{aid}:S1")
    good = tmp_path / "门头.jpg"
    good.write_bytes(jpeg((113.3, 33.65), datetime(2026, 11, 24, 9, 30)))
    bad = tmp_path / "说明.jpg"
    bad.write_bytes(b"not a photo")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(good), str(bad)], ""))
    qtbot.mouseClick(entry.photo_button, Qt.MouseButton.LeftButton)
    assert "门头.jpg" in entry.photo_label.text() and "说明.jpg" in entry.photo_label.text()
    qtbot.mouseClick(entry.save, Qt.MouseButton.LeftButton)
    assert warned and "说明.jpg" in warned[0] and "JPEG" in warned[0]
    assert stops_of(window, aid)[0][1] is None                       # nothing saved

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(good)], ""))
    qtbot.mouseClick(entry.photo_clear, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(entry.photo_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(entry.save, Qt.MouseButton.LeftButton)
    assert stops_of(window, aid)[0][1] == "ok"
    with window.project.session() as s:
        photo = s.scalars(select(PatrolEvidence).where(PatrolEvidence.stop_id == stop_id)).one()
        assert photo.filename == "门头.jpg" and photo.taken_at == datetime(2026, 11, 24, 9, 30)
        assert abs(photo.geom.x - 113.3) < 1e-6 and photo.imported_by == "刘芳"
    assert entry.photo_label.text() == "无"
