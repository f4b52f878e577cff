"""属性表 and the new-feature form in the window, driven with real mouse and key events: open the sites table from
the layer panel's context menu, sort by a header click, filter by text and by a vocabulary value, change a
site's category through the cell's drop-down (the map's style class and the identify panel follow), a refused
edit keeps the cell, rows selected → features selected on the map, a box selected on the map → rows, 只显示选中,
缩放至选中; the form of a new site refuses a missing name and inserts the site at a given point."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QInputMethodEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QMenu,
    QMessageBox,
)
from shapely.geometry import Point

from desktop.features.attribute_table import AttributeTableFeature
from desktop.views.data.feature_form import FeatureForm
from gis import attributes
from tests.windows import open_demo


def _feature(w) -> AttributeTableFeature:
    return next(f for f in w.features if isinstance(f, AttributeTableFeature))


def _context_menu_pick(w, qtbot, layer_id: str, text: str) -> None:
    """Right-click a layer in the layer panel and click `text` in its context menu."""
    tree = w.layer_panel.tree
    item = w.layer_panel.item_for(layer_id)
    tree.scrollToItem(item)
    pos = tree.visualItemRect(item).center()
    picked = []

    def pick():
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        action = next(a for a in menu.actions() if a.text() == text)
        picked.append(action.text())
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())

    qtbot.waitUntil(lambda: True)
    from PySide6.QtCore import QTimer
    QTimer.singleShot(50, pick)
    QApplication.sendEvent(tree.viewport(), QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos,
                                                              tree.viewport().mapToGlobal(pos)))
    assert picked == [text]


def _type(qtbot, widget, text: str) -> None:
    """Type `text` into a line edit: keys for ASCII, an input method's commit for Chinese (as a user's IME)."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)


def _cell(view, row: int, column: str) -> QPoint:
    col = [c.name for c in view.spec.columns].index(column)
    return view.view.visualRect(view.model.index(row, col)).center()


def _double_click(qtbot, view, row: int, column: str) -> None:
    """As a hand does it: press and release, then the double click."""
    qtbot.mouseClick(view.view.viewport(), Qt.MouseButton.LeftButton, pos=_cell(view, row, column))
    qtbot.mouseDClick(view.view.viewport(), Qt.MouseButton.LeftButton, pos=_cell(view, row, column))


def _shown(view, column: str) -> list:
    return [view.model.data(view.model.index(r, [c.name for c in view.spec.columns].index(column)))
            for r in range(view.model.rowCount())]


@pytest.fixture
def window(qtbot, monkeypatch, demo_copy):
    w = open_demo(qtbot, monkeypatch, demo_copy)
    yield w
    if w.project is not None:
        w.project.close()


def test_sites_table_sort_filter_edit_and_selection(window, qtbot, monkeypatch, artifacts, demo_copy):
    w = window
    _context_menu_pick(w, qtbot, "sites", "打开属性表")
    dock = w.findChild(type(w.layer_dock), "dock_attributes_sites") or _feature(w).docks["sites"]
    qtbot.waitUntil(dock.isVisible)
    view = dock.view()
    qtbot.waitUntil(lambda: view.table is not None)          # read off the UI thread
    table = attributes.read(w.project, "sites")
    assert len(view.table) == len(table) and view.model.rowCount() == len(table)
    assert dock.windowTitle() == "属性表 — 企业场所"
    assert not view.read_only_note.isVisible()                 # a SQLite project: one user, the cells are editable

    # sort: a click on the 名称 header sorts by name, a second click the other way
    header = view.view.horizontalHeader()
    name_col = [c.name for c in view.spec.columns].index("name")
    x = header.sectionViewportPosition(name_col) + header.sectionSize(name_col) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    names = _shown(view, "name")
    assert names == sorted(names) and names != list(table.values["name"])
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    assert _shown(view, "name") == sorted(names, reverse=True)

    # filter by text typed (all fields), then by a category picked from the column's values
    _type(qtbot, view.filter_text, "加油")
    qtbot.waitUntil(lambda: view.model.rowCount() < len(table))
    assert view.model.rowCount() > 0 and all("加油" in " ".join(
        str(view.model.data(view.model.index(r, c))) for c in range(view.model.columnCount()))
        for r in range(view.model.rowCount()))
    view.filter_text.clear()
    view.filter_column.setCurrentIndex(view.filter_column.findData("category"))
    assert view.filter_value.isVisible() and not view.filter_text.isVisible()
    view.filter_value.setCurrentIndex(view.filter_value.findData("catering"))
    catering = int((table.values["category"] == "catering").sum())
    assert view.model.rowCount() == catering > 0 and set(_shown(view, "category")) == {"餐饮"}

    # the first of them, shown on the map and in the identify panel
    site_id = view.model.data(view.model.index(0, 0), Qt.ItemDataRole.UserRole)
    src = w.stack.sources["sites"]
    index = int(np.flatnonzero(src.layer.ids == site_id)[0])
    w.show_feature("sites", index)
    sites_layer = w.stack.layer("sites")
    class_before = int(sites_layer.classes[index])
    assert ("行业领域", "燃气") in w.identify_panel.texts()

    # edit its category through the cell's drop-down: a double-click opens it, a click picks 学校
    _double_click(qtbot, view, 0, "category")
    qtbot.waitUntil(lambda: view.view.findChild(QComboBox, "cell_combo") is not None)
    combo = view.view.findChild(QComboBox, "cell_combo")
    qtbot.waitUntil(lambda: combo.view().isVisible())
    popup = combo.view()
    school = popup.model().index(combo.findData("school"), 0)
    popup.scrollTo(school)
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(school).center())
    qtbot.waitUntil(lambda: attributes.read(w.project, "sites", [site_id]).values["category"][0] == "school")
    fresh = attributes.read(w.project, "sites", [site_id])
    assert fresh.values["sector"][0] == "fire"                    # the sector followed the category
    row = view.table.row_of(site_id)
    assert view.table.values["category"][row] == "school"         # the table patched the row
    src = w.stack.sources["sites"]
    index = int(np.flatnonzero(src.layer.ids == site_id)[0])
    assert src.attrs["category"].iloc[index] == "school"         # the map's layer reloaded the row
    assert int(w.stack.layer("sites").classes[index]) != class_before     # drawn in the fire sector's colour
    assert ("类别", "学校") in w.identify_panel.texts() and ("行业领域", "消防") in w.identify_panel.texts()

    # the edit is on the session's undo stack: 编辑 → 撤销 (Ctrl+Z; offscreen the closed context menu keeps the
    # window's shortcuts from firing) gives back category and sector, the table follows; 重做 does it again
    edit_menu = next(a.menu() for a in w.menuBar().actions() if a.menu() is not None and a.text() == "编辑(&E)")
    undo, redo = (next(a for a in edit_menu.actions() if a.text().startswith(t)) for t in ("撤销", "重做"))
    assert undo.shortcut().toString() == "Ctrl+Z" and "场所类别" in undo.text()
    undo.trigger()
    back = attributes.read(w.project, "sites", [site_id])
    assert (back.values["category"][0], back.values["sector"][0]) == ("catering", "gas")
    qtbot.waitUntil(lambda: view.table.values["category"][view.table.row_of(site_id)] == "catering")
    redo.trigger()
    assert attributes.read(w.project, "sites", [site_id]).values["category"][0] == "school"

    # a refused edit: a name emptied → the message names the field, the cell keeps its name
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: warnings.append((title, text)))
    view.filter_column.setCurrentIndex(0)
    view.filter_text.setText(str(fresh.values["name"][0]))
    view.apply_filter()
    r = next(r for r in range(view.model.rowCount())
             if view.model.data(view.model.index(r, 0), Qt.ItemDataRole.UserRole) == site_id)
    _double_click(qtbot, view, r, "name")
    qtbot.waitUntil(lambda: view.view.viewport().findChild(QLineEdit) is not None)
    editor = view.view.viewport().findChild(QLineEdit)
    assert editor.text() == fresh.values["name"][0]
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: warnings != [])      # the delegate commits on the next turn of the event loop
    assert warnings == [("不能修改", "“名称”不能为空")]
    assert view.model.data(view.model.index(r, 0)) == fresh.values["name"][0]
    assert attributes.read(w.project, "sites", [site_id]).values["name"][0] == fresh.values["name"][0]

    # rows selected in the table → the same features selected on the map
    view.filter_text.clear()
    view.apply_filter()
    qtbot.mouseClick(view.view.viewport(), Qt.MouseButton.LeftButton, pos=_cell(view, 2, "address"))
    qtbot.mouseClick(view.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                     _cell(view, 6, "address"))
    picked = sorted(view.model.data(view.model.index(r, 0), Qt.ItemDataRole.UserRole) for r in range(2, 7))
    src = w.stack.sources["sites"]
    assert sorted(src.layer.ids[w.canvas.selection["sites"]]) == picked
    assert "已选 5 条" in view.count.text()

    # 缩放至选中 shows them; 只显示选中 leaves their rows
    before = w.canvas.view
    qtbot.mouseClick(view.zoom_button, Qt.MouseButton.LeftButton)
    assert w.canvas.view != before
    qtbot.mouseClick(view.only_selected, Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 5
    qtbot.mouseClick(view.only_selected, Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == len(table)

    # a box dragged with Ctrl on the map → those sites' rows selected in the table
    w.canvas.zoom_full()
    canvas = w.canvas
    a, b = QPoint(canvas.width() // 2 - 80, canvas.height() // 2 - 60), QPoint(canvas.width() // 2 + 80,
                                                                              canvas.height() // 2 + 60)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, a)
    qtbot.mouseMove(canvas, b)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, b)
    on_map = set(src.layer.ids[canvas.selection.get("sites", [])])
    assert len(on_map) > 5
    rows = {view.model.data(view.model.index(i.row(), 0), Qt.ItemDataRole.UserRole)
            for i in view.view.selectionModel().selectedRows()}
    assert rows == on_map and f"已选 {len(on_map):,} 条" in view.count.text()

    w.grab().save(str(artifacts / "attribute_table.png"))

    # a new site through the form the editing tools open after drawing: it goes into the table and the map
    from PySide6.QtCore import QTimer

    from desktop.features.attribute_table import add_feature

    def fill():
        form = QApplication.activeModalWidget()
        _type(qtbot, form.editors["name"], "新开超市")
        form.editors["category"].setCurrentIndex(form.editors["category"].findData("small_premises"))
        qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)

    lon, lat = (float(v) for v in src.layer.geoms[0].coords[0])
    QTimer.singleShot(0, fill)
    new_id = add_feature(w.shell, "sites", Point(lon + 0.0005, lat))
    assert new_id is not None
    qtbot.waitUntil(lambda: view.table.row_of(new_id) is not None)          # read again: a row was added
    assert view.table.values["name"][view.table.row_of(new_id)] == "新开超市"
    assert new_id in w.stack.sources["sites"].layer.ids

    # the project closed: the table goes with it; opened again, it reads the project anew
    w.close_project()
    assert view.table is None and not dock.isVisible()
    assert w.open_project(str(demo_copy))
    _feature(w).open("sites")
    qtbot.waitUntil(lambda: view.table is not None and view.table.row_of(new_id) is not None)


def test_new_site_form_validates_and_inserts(qtbot, world_project, artifacts):
    project = world_project
    spec = attributes.spec("sites")
    form = FeatureForm("sites", spec, None, geometry=Point(113.21, 33.61), project=project)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    assert form.labels["name"].text() == "名称 *" and form.labels["category"].text() == "场所类别 *"
    assert form.editors["status"].currentText() == "正常"          # the layer's default
    save = form.buttons.button(QDialogButtonBox.StandardButton.Save)

    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)             # nothing typed: the name is missing
    assert form.isVisible() and form.inserted is None
    assert form.error.text() == "缺少必填字段“名称”"
    assert "c0392b" in form.labels["name"].styleSheet() and not form.labels["category"].styleSheet()

    _type(qtbot, form.editors["name"], "新开饭店")
    category = form.editors["category"]
    category.setFocus()
    while category.currentData() != "catering":
        qtbot.keyClick(category, Qt.Key.Key_Down)
    qtbot.keyClicks(form.editors["contact_phone"], "13900000000")
    form.grab().save(str(artifacts / "feature_form.png"))
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not form.isVisible() and form.result() == form.DialogCode.Accepted
    new_id, change = form.inserted
    assert change.ids_of("sites") == {new_id}
    table = attributes.read(project, "sites", [new_id])
    assert (table.values["name"][0], table.values["category"][0], table.values["sector"][0],
            table.values["contact_phone"][0]) == ("新开饭店", "catering", "gas", "13900000000")
    assert table.values["grid"][0].startswith("410411003001003")

    # without a project the form only checks, and hands over the values
    form = FeatureForm("works", attributes.spec("works"), None)
    qtbot.addWidget(form)
    form.show()
    _type(qtbot, form.editors["name"], "开挖")
    form.editors["start_on"].setDate(form.editors["start_on"].date().fromString("2026-12-05", "yyyy-MM-dd"))
    form.editors["end_on"].setDate(form.editors["end_on"].date().fromString("2026-12-01", "yyyy-MM-dd"))
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert form.error.text() == "结束日期 2026-12-01 早于开始日期 2026-12-05"
    assert "c0392b" in form.labels["end_on"].styleSheet()
    form.editors["end_on"].setDate(form.editors["end_on"].date().fromString("2026-12-31", "yyyy-MM-dd"))
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert form.result() == form.DialogCode.Accepted
    assert form.values()["name"] == "开挖" and str(form.values()["end_on"]) == "2026-12-31"


def test_number_and_date_cells_edit_with_spin_box_and_date_picker(qtbot, world_project):
    """The pipelines' table on its own (no window): a diameter typed into the spin box, an inspection date into
    the date picker, each written through `commit`; 未填 stays empty."""
    from PySide6.QtWidgets import QDateEdit, QDoubleSpinBox

    from desktop.views.data.attribute_table import AttributeTableView

    project = world_project
    view = AttributeTableView("pipelines")
    qtbot.addWidget(view)
    written = []

    def commit(feature_id, column, value):
        written.append((column, value))
        attributes.update(project, "pipelines", feature_id, {column: value})
        view.patch(attributes.read(project, "pipelines", [feature_id]), [feature_id])

    view.commit = commit
    view.resize(1200, 300)
    view.show()
    view.load(project, lambda: attributes.read(project, "pipelines"))
    qtbot.waitUntil(lambda: view.table is not None)

    _double_click(qtbot, view, 0, "diameter_mm")
    qtbot.waitUntil(lambda: view.view.viewport().findChild(QDoubleSpinBox) is not None)
    spin = view.view.viewport().findChild(QDoubleSpinBox)
    assert spin.value() == 200
    spin.selectAll()
    qtbot.keyClicks(spin, "250")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: written == [("diameter_mm", 250.0)])
    assert _shown(view, "diameter_mm") == ["250"]

    _double_click(qtbot, view, 0, "last_inspected_on")
    qtbot.waitUntil(lambda: view.view.viewport().findChild(QDateEdit) is not None)
    picker = view.view.viewport().findChild(QDateEdit)
    assert picker.text() == "未填"
    picker.setDate(picker.date().fromString("2026-03-05", "yyyy-MM-dd"))
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(written) == 2)
    assert str(written[1][1]) == "2026-03-05" and _shown(view, "last_inspected_on") == ["2026-03-05"]
    assert _shown(view, "depth_m") == [""]


def test_a_row_re_read_after_an_edit_is_time_limited(window, qtbot, monkeypatch):
    """After an edit the table re-reads only the rows it names, on the UI thread: past the load budget the count
    line says so (加载属性表超过…) and the table stays as it was; within budget the next edit patches it again."""
    from gis import store
    from gis.changes import Change
    from tests.storage.test_load_budget import ENDLESS, _run

    w = window
    _context_menu_pick(w, qtbot, "sites", "打开属性表")
    view = _feature(w).docks["sites"].view()
    qtbot.waitUntil(lambda: view.table is not None)
    rows = view.model.rowCount()
    site_id = int(view.table.ids[0])
    real = attributes.read

    def endless(project, layer, ids=None):
        _run(project, ENDLESS["sqlite"])
        return real(project, layer, ids)

    monkeypatch.setattr(store, "LOAD_BUDGET_S", 0.3)
    monkeypatch.setattr(attributes, "read", endless)
    w.events.announce(Change.of("sites", sites=[site_id]))
    assert view.count.text().startswith("加载属性表超过 0.3 秒仍未完成") and "gridsafe info" in view.count.text()
    assert view.model.rowCount() == rows
    monkeypatch.undo()
    w.events.announce(Change.of("sites", sites=[site_id]))
    assert view.count.text().startswith("共 ") and view.model.rowCount() == rows
