"""工作日历 in the window, driven with real mouse events: a reminder shows when the project opens, is dismissed
and stays dismissed after reopening; the dock (统计 → 工作日历…) marks due dates, a click on one lists its
items; the campaign editor refuses a bad date naming the cell, then saves, and the calendar follows."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView

from desktop.features import calendar as feature_module
from desktop.features.calendar import CalendarFeature
from gis import store
from gis.stats import campaigns
from tests import smallworld
from tests.windows import Settings, open_window, private_settings

TODAY = date(2026, 12, 29)
WINTER = {"name": "今冬明春专项整治", "start": "2026-11-01", "end": "2027-06-30", "phases": [
    {"name": "排查整治", "start": "2026-11-21", "end": "2027-01-31"},
    {"kind": "milestone", "name": "自查自报全覆盖", "date": "2026-12-31", "kpi": "self_check_coverage",
     "target": 100}]}


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    private_settings(monkeypatch)
    kept = Settings()                        # the calendar's QSettings, kept across reopening
    monkeypatch.setattr(feature_module, "_settings", lambda: kept)
    monkeypatch.setattr(feature_module, "today", lambda: TODAY)
    path = tmp_path / "cal.gridsafe"
    with store.create_project(path) as project:
        with project.transaction() as s:
            smallworld.build(s)
        campaigns.add(project, campaigns.from_mapping(WINTER))
    w = open_window(qtbot, path)
    w.settings_kept = kept
    yield w
    if w.project is not None:
        w.project.close()


def _feature(w) -> CalendarFeature:
    return next(f for f in w.features if isinstance(f, CalendarFeature))


def _menu_action(w, menu_title, text):
    menu = next(a.menu() for a in w.menuBar().actions() if a.menu() is not None and a.text() == menu_title)
    return next(a for a in menu.actions() if a.text() == text)


def _click_day(qtbot, cal, day: date) -> None:
    """A real click on `day`'s cell of the calendar widget's month table."""
    table = cal.findChild(QTableView)
    model = table.model()
    cells = [model.index(r, c) for r in range(model.rowCount()) for c in range(model.columnCount())
             if str(model.index(r, c).data()) == str(day.day)]
    # a day number can show twice (the neighbouring months' days in grey): early days are the first, late the last
    cell = cells[0] if day.day < 15 else cells[-1]
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(cell).center())


def test_reminder_on_open_dismissed_and_not_shown_again(window, qtbot, artifacts, monkeypatch):
    w = window
    f = _feature(w)
    panel = f.panel
    assert panel is not None and panel.isVisible()
    assert [i.title for i in panel.items] == ["今冬明春专项整治·节点：自查自报全覆盖（目标：企业自查覆盖率 达到 100%）"]
    assert "还有 2 天（2026-12-31）" in panel.list.item(0).text()
    assert "工作提醒：今冬明春专项整治·节点：自查自报全覆盖" in w.statusBar().currentMessage()
    assert f.button.isVisible() and f.button.text() == "工作提醒 1"
    assert panel.grab().save(str(artifacts / "calendar_reminders.png"))
    # select it with the mouse, then 知道了
    row = panel.list.visualItemRect(panel.list.item(0)).center()
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=row)
    qtbot.mouseClick(panel.dismiss_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible() and not f.button.isVisible()
    [key] = next(iter(w.settings_kept.values()))
    assert key.startswith("milestone:1:")
    # reopened: not shown again
    path = str(w.project.url)
    w.close_project()
    assert w.open_project(path)
    assert not f.panel.isVisible() and not f.button.isVisible() and f.current == []
    # the next day's check (the timer set for just after midnight): Thursday 12-31 opens Friday's weekly report
    assert f.timer.isActive() and 0 < f.timer.remainingTime() <= 24 * 3600 * 1000 + 60_000
    monkeypatch.setattr(feature_module, "today", lambda: date(2026, 12, 31))
    f.timer.timeout.emit()
    assert f.panel.isVisible() and [i.key for i in f.panel.items] == ["report:weekly:2026-W53"]
    assert "今天到期" not in f.panel.list.item(0).text() and f.button.text() == "工作提醒 1"
    assert f.timer.isActive()


def test_dock_marks_due_dates_and_a_click_lists_the_days_items(window, qtbot, artifacts):
    w = window
    f = _feature(w)
    f.panel.hide()
    _menu_action(w, "统计(&S)", "工作日历…").trigger()
    view = f.view
    qtbot.waitUntil(lambda: f.dock.isVisible())
    view.go_to(date(2026, 12, 1))
    assert view.marked_days() == [date(2026, 12, d) for d in (4, 8, 11, 18, 24, 25, 31)]
    fmt = view.calendar.dateTextFormat(view.calendar.selectedDate().addDays(23))      # 12-24
    assert fmt.fontWeight() == QFont.Weight.Bold and fmt.background().color().name() == "#9fc5e8"
    assert view.calendar.dateTextFormat(view.calendar.selectedDate().addDays(30)).background().color().name() == "#f6b26b"
    assert view.calendar.dateTextFormat(view.calendar.selectedDate().addDays(1)).fontWeight() != QFont.Weight.Bold
    _click_day(qtbot, view.calendar, date(2026, 12, 24))
    assert view.calendar.selectedDate().day() == 24
    assert view.selected_titles() == ["17:00前报送月报：2026年12月", "17:00前报送季报：2026年第4季度"]
    _click_day(qtbot, view.calendar, date(2026, 12, 31))
    assert view.selected_titles() == ["今冬明春专项整治·节点：自查自报全覆盖（目标：企业自查覆盖率 达到 100%）"]
    assert view.month_label.text() == "2026年12月：8 项"
    f.dock.resize(420, 760)
    assert f.dock.grab().save(str(artifacts / "calendar_dock.png"))


def _type(qtbot, widget, text: str) -> None:
    """Type into a line edit: keys for ASCII, an input-method commit for Chinese (as an IME sends it)."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)


def _type_cell(qtbot, table, row: int, col: int, text: str) -> None:
    """Click a cell, F2, type over what is there, Enter (the window must be active)."""
    rect = table.visualItemRect(table.item(row, col))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.parent() is table.viewport()
    editor.selectAll()
    _type(qtbot, editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.item(row, col).text() == text)


def test_campaign_editor_refuses_then_saves_and_the_calendar_follows(window, qtbot, artifacts):
    w = window
    f = _feature(w)
    f.panel.hide()
    view = f.show_calendar(date(2027, 3, 1))
    view.tabs.setCurrentIndex(1)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    dialog = f.dialog
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "新建专项行动"
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    _type(qtbot, dialog.name, "燃气安全专项排查")
    dialog.start.setDate(dialog.start.date().fromString("2027-03-01", "yyyy-MM-dd"))
    dialog.end.setDate(dialog.end.date().fromString("2027-04-30", "yyyy-MM-dd"))
    qtbot.mouseClick(dialog.add_phase_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.add_milestone_button, Qt.MouseButton.LeftButton)
    t = dialog.table
    for col, text in ((1, "全面排查"), (2, "2027-03-01"), (3, "2027-05-15")):
        _type_cell(qtbot, t, 0, col, text)
    for col, text in ((1, "隐患清零"), (3, "2027-04-30"), (5, "100")):
        _type_cell(qtbot, t, 1, col, text)
    kpi = t.cellWidget(1, 4)
    assert not kpi.isEditable() and kpi.itemText(1) == "隐患整改率"
    kpi.setCurrentIndex(kpi.findData("rectification_rate"))
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert dialog.error.text() == ("阶段和节点目标第 1 行“结束 / 到期”：阶段“全面排查”的结束日期 2027-05-15 晚于"
                                   "专项行动的结束日期 2027-04-30")
    assert t.item(0, 3).background().color().name() == "#f4cccc"
    assert len(campaigns.listing(w.project)) == 1                   # nothing written
    assert dialog.grab().save(str(artifacts / "calendar_campaign_dialog.png"))
    _type_cell(qtbot, t, 0, 3, "2027-04-15")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    saved = campaigns.listing(w.project)[-1]
    assert [(p.kind, p.name, p.end_on, p.kpi, p.target) for p in saved.phases] == [
        ("phase", "全面排查", date(2027, 4, 15), None, None),
        ("milestone", "隐患清零", date(2027, 4, 30), "rectification_rate", 100.0)]
    # the dock heard the change: the new campaign listed, its days marked
    assert view.campaigns.topLevelItemCount() == 2
    f.dock.resize(460, 560)
    assert f.dock.grab().save(str(artifacts / "calendar_campaigns.png"))
    view.go_to(date(2027, 4, 1))
    assert {date(2027, 4, 15), date(2027, 4, 30)} <= set(view.marked_days())
    # edit it from the list: the dialog comes back filled
    top = view.campaigns.topLevelItem(1)
    qtbot.mouseClick(view.campaigns.viewport(), Qt.MouseButton.LeftButton, pos=view.campaigns.visualItemRect(top).center())
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    again = f.dialog
    assert again.windowTitle() == "编辑专项行动" and again.name.text() == "燃气安全专项排查"
    assert again.table.rowCount() == 2 and again.table.cellWidget(1, 4).currentData() == "rectification_rate"
    again.close()
