"""企业自查上报 in the window on the demo, with real clicks and keys: the 隐患 menu opens the dock, typing 2026-11 in
the period chooser shows November, 未上报 lists exactly the enterprises the use case says have not reported,
a report recorded through the form (row click, button, spin box, name, 保存) moves the enterprise to 已上报;
show_sites narrows the list to exactly the given enterprises under its title and clear_filter undoes it."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop.features.self_checks import SelfCheckFeature
from desktop.services import self_checks as use
from desktop.views.hazards.self_checks import SelfCheckForm
from tests.windows import open_demo

NOV = (date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def window(qtbot, monkeypatch, demo_copy):
    w = open_demo(qtbot, monkeypatch, demo_copy, (1500, 950))
    yield w
    if w.project is not None:
        w.project.close()


def _feature(w) -> SelfCheckFeature:
    return next(f for f in w.features if isinstance(f, SelfCheckFeature))


def _open_dock(w, qtbot):
    menu = next(a.menu() for a in w.menuBar().actions() if a.menu() is not None and a.text() == "隐患(&Z)")
    next(a for a in menu.actions() if a.text() == "企业自查上报(&C)…").trigger()
    feature = _feature(w)
    qtbot.waitUntil(lambda: feature.dock.isVisible())
    view = feature.view
    qtbot.waitUntil(lambda: not view.is_busy())
    return view


def _choose_period(view, qtbot, text: str) -> None:
    edit = view.period_box.lineEdit()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(edit, Qt.Key.Key_Return)


def _click_row(view, qtbot, row: int) -> None:
    rect = view.table.visualRect(view.model.index(row, 1))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_choose_november_record_a_missing_enterprise_and_show_sites(window, qtbot, artifacts):
    w = window
    view = _open_dock(w, qtbot)
    _choose_period(view, qtbot, "2026-11")
    assert view.period.label == "2026-11"
    everyone = use.enterprises(w.project, *NOV)
    missing = {e.site_id for e in everyone if e.state == "missing"}
    assert len(view.model.rows) == len(everyone) and missing
    assert "未上报" in view.summary.text() and f"{len(missing)}" in view.summary.text()

    # 未上报 only (the state filter), then the first such enterprise gets a report through the form
    view.state_box.setCurrentIndex(view.state_box.findData("missing"))
    assert set(view.shown_sites()) == missing
    assert {view.model.data(view.model.index(r, 0)) for r in range(len(view.model.rows))} == {"未上报"}
    view.table.setFocus()
    _click_row(view, qtbot, 0)
    chosen = view.selected_site()
    assert chosen in missing and view.record_button.isEnabled()
    view.grab().save(str(artifacts / "self_checks_dock_missing.png"))
    qtbot.mouseClick(view.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(f.isVisible() for f in view.findChildren(SelfCheckForm)))
    form = next(f for f in view.findChildren(SelfCheckForm) if f.isVisible())
    assert form.enterprise.site_id == chosen
    assert form.date_edit.date().toString("yyyy-MM-dd") == "2026-11-30"     # the period's last day (before today)
    assert form.zero_hint.text() == "零报告（未发现隐患）"
    spin = form.found.lineEdit()
    qtbot.mouseClick(spin, Qt.MouseButton.LeftButton)
    spin.selectAll()
    qtbot.keyClicks(spin, "2")
    assert form.found.value() == 2 and form.zero_hint.text() == ""
    qtbot.mouseClick(form.reporter, Qt.MouseButton.LeftButton)
    event = QInputMethodEvent()
    event.setCommitString("郑安全")
    QApplication.sendEvent(form.reporter, event)
    form.grab().save(str(artifacts / "self_checks_form.png"))
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    # the change (kind self_check) reloaded the dock: the enterprise left 未上报
    assert chosen not in view.shown_sites()
    assert set(view.shown_sites()) == missing - {chosen}
    now = {e.site_id: e for e in use.enterprises(w.project, *NOV)}
    assert now[chosen].state == "reported" and now[chosen].hazards_found == 2
    assert now[chosen].last.reporter == "郑安全" and now[chosen].last.recorded_by == w.operator.actor().name
    view.state_box.setCurrentIndex(0)
    assert view.select_site(chosen)
    row = view.table.selectionModel().selectedRows()[0].row()
    assert view.model.data(view.model.index(row, 0)) == "已上报"
    assert view.model.data(view.model.index(row, 7)) == "2"

    # the dashboard's click: exactly these enterprises, under the title; then everyone again
    zero = sorted(e.site_id for e in everyone if e.state == "zero")[:7]
    _feature(w).show_sites(zero, "零报告企业（2026年11月）")
    assert sorted(view.shown_sites()) == zero
    assert view.only_bar.isVisible() and view.only_label.text() == "仅显示：零报告企业（2026年11月）"
    view.grab().save(str(artifacts / "self_checks_dock_show_sites.png"))
    qtbot.mouseClick(view.only_clear, Qt.MouseButton.LeftButton)
    assert not view.only_bar.isVisible() and len(view.shown_sites()) == len(everyone)
    w.grab().save(str(artifacts / "self_checks_window.png"))


def test_show_sites_switches_period_and_text_filter(window, qtbot):
    w = window
    view = _open_dock(w, qtbot)
    oct_ = use.enterprises(w.project, date(2026, 10, 1), date(2026, 10, 31))
    ids = [e.site_id for e in oct_ if e.state == "missing"]
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        _feature(w).show_sites(ids, "未上报企业", "2026-10")
    assert view.period.label == "2026-10" and sorted(view.shown_sites()) == sorted(ids)
    _feature(w).clear_filter()
    name = oct_[0].name
    qtbot.mouseClick(view.search, Qt.MouseButton.LeftButton)
    event = QInputMethodEvent()
    event.setCommitString(name)
    QApplication.sendEvent(view.search, event)
    assert oct_[0].site_id in view.shown_sites() and all(name in view.model.enterprise(r).name
                                                         for r in range(len(view.model.rows)))


def test_import_button_reads_a_sheet_and_refuses_a_bad_one(window, qtbot, tmp_path, monkeypatch):
    """导入上报表… : the chosen file (the file dialog answered) is imported off the UI thread; the dock reloads;
    a bad file is refused with the row named and nothing written."""
    from openpyxl import Workbook
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

    w = window
    view = _open_dock(w, qtbot)
    _choose_period(view, qtbot, "2026-11")
    target = next(e for e in view.enterprises if e.state == "missing")
    good, bad = tmp_path / "上报表.xlsx", tmp_path / "错表.xlsx"
    for path, rows in ((good, [[target.name, "2026-11-28", 0, "王会计"]]),
                       (bad, [[target.name, "2026-11-28", 0, ""], ["没有这家企业", "2026-11-28", 1, ""]])):
        wb = Workbook()
        wb.active.append(["企业名称", "上报日期", "发现隐患数", "上报人"])
        for r in rows:
            wb.active.append(r)
        wb.save(path)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))

    def refusal():                    # the refusal box (with 保存完整报告…): read it, click 确定
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            shown.append(box.text())
            offered.extend(b.text() for b in box.buttons())
            qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    offered: list[str] = []
    timer = QTimer()
    timer.timeout.connect(refusal)
    timer.start(50)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    qtbot.mouseClick(view.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=10_000)
    timer.stop()
    assert "保存完整报告…" in offered
    assert "错表.xlsx 第3行 字段“企业名称”" in shown[0] and "未导入任何数据" in shown[0]
    assert {e.site_id: e.state for e in use.enterprises(w.project, *NOV)}[target.site_id] == "missing"

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(good), ""))
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(view.import_button, Qt.MouseButton.LeftButton)
    assert "新增上报 1 条" in shown[1] and "零报告 1 条" in shown[1]
    assert view.select_site(target.site_id)
    row = view.table.selectionModel().selectedRows()[0].row()
    assert view.model.data(view.model.index(row, 0)) == "零报告"
