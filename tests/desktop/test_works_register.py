"""第三方施工登记 in the window, driven with real mouse and key events: draw an extent on the map (clicks, a
double-click), fill the form, save → the register, the map's works layer and the pipeline analysis
(`gridsafe gas analyse --dry-run`'s use case) see it; change its status; delete it; Esc cancels a sketch,
Backspace takes back a vertex; with the default tool a drag still pans and a click still identifies."""
from __future__ import annotations

import dataclasses

import pytest
import shapely
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from shapely.geometry import box

from desktop.features.works import WorksFeature
from desktop.map.tools import IdentifyTool, PolygonSketchTool
from desktop.services import gas as gas_use
from desktop.services import works as works_use
from gis import store
from gis.geo.crs import DISPLAY, STORAGE, transformer
from gis.model import AdminUnit
from tests.gas import scene
from tests.windows import open_window, private_settings

FWD = transformer(STORAGE, DISPLAY)
WALL = scene.HALF_OD
# the extent drawn: x 200–230 m along the main pipe, 2–8 m north of its outer wall (inside the 5 m control range)
CORNERS = [(200, WALL + 2), (230, WALL + 2), (230, WALL + 8), (200, WALL + 8)]


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):

    private_settings(monkeypatch)
    path = tmp_path / "works.gridsafe"
    with store.create_project(path) as project, project.transaction() as s:
        scene.build(s)
        s.add(AdminUnit(code="410102001", name="示例镇", level="township", geom=scene.lonlat(box(-100, -600, 1000, 600))))
    w = open_window(qtbot, path)
    yield w
    if w.project is not None:
        w.project.close()


def _feature(w) -> WorksFeature:
    return next(f for f in w.features if isinstance(f, WorksFeature))


def _look_at(w, x_m=215, y_m=5, resolution=0.1):
    lon, lat = shapely.get_coordinates(scene.lonlat(shapely.Point(x_m, y_m)))[0]
    x, y = FWD.transform(lon, lat)
    w.canvas.set_view(dataclasses.replace(w.canvas.view, cx=float(x), cy=float(y), resolution=resolution))


def _screen(w, x_m, y_m) -> QPoint:
    lon, lat = shapely.get_coordinates(scene.lonlat(shapely.Point(x_m, y_m)))[0]
    sx, sy = w.canvas.view.to_screen(*FWD.transform(lon, lat))
    return QPoint(round(float(sx)), round(float(sy)))


def _open_register(w, qtbot):
    menu = next(a.menu() for a in w.menuBar().actions() if a.menu() is not None and a.text() == "燃气(&G)")
    action = next(a for a in menu.actions() if a.text() == "第三方施工登记…")
    action.trigger()
    view = _feature(w).register
    qtbot.waitUntil(lambda: _feature(w).dock.isVisible())
    return view


def _draw(w, qtbot, corners, finish="double-click"):
    canvas = w.canvas
    assert isinstance(canvas.tool, PolygonSketchTool)
    for x, y in corners[:-1]:
        qtbot.mouseMove(canvas, _screen(w, x, y))
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=_screen(w, x, y))
    last = _screen(w, *corners[-1])
    qtbot.mouseMove(canvas, last)
    if finish == "double-click":
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=last)
        qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=last)
    else:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=last)
        qtbot.keyClick(canvas, Qt.Key.Key_Return)


def _type(qtbot, widget, text):
    """Click into a line edit and type: Chinese arrives as an input method's commit, as from 拼音 input."""
    widget.clear()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)
    assert widget.text() == text


def _save(qtbot, form):
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_the_gas_menu_is_shared_by_title(window):
    """Another feature asking for 燃气(&G) gets the same menu (the works entry is in it)."""
    w = window
    menu = w.shell.feature_menu("燃气(&G)")
    assert menu is _feature(w).menu and "第三方施工登记…" in [a.text() for a in menu.actions()]
    assert [a.text() for a in w.menuBar().actions()].count("燃气(&G)") == 1


def test_draw_fill_save_edit_status_delete(window, qtbot, artifacts, monkeypatch):
    w = window
    feature = _feature(w)
    view = _open_register(w, qtbot)
    before = len(view.rows)
    assert before == 4 and view.table.rowCount() == 4
    _look_at(w)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    sketch = w.canvas.tool
    assert isinstance(sketch, PolygonSketchTool) and w.canvas.cursor().shape() == Qt.CursorShape.CrossCursor
    # a sketch in progress: three vertices and the rubber band to the cursor
    for x, y in CORNERS[:3]:
        qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=_screen(w, x, y))
    qtbot.mouseMove(w.canvas, _screen(w, *CORNERS[3]))
    assert len(sketch.vertices) == 3 and feature.form is None
    assert "已有 3 个顶点" in w.statusBar().currentMessage()
    w.canvas.repaint()
    image = w.canvas.grab()
    assert image.save(str(artifacts / "works_sketch.png"))
    inside = _screen(w, 222, WALL + 4)               # inside the triangle drawn so far: the sketch's fill
    colour = image.toImage().pixelColor(inside)
    assert colour.red() - colour.blue() > 40
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=_screen(w, *CORNERS[3]))
    qtbot.mouseDClick(w.canvas, Qt.MouseButton.LeftButton, pos=_screen(w, *CORNERS[3]))
    assert isinstance(w.canvas.tool, IdentifyTool) and len(sketch.vertices) == 4
    form = feature.form
    assert form is not None and form.isVisible() and form.works_id is None
    drawn = form.extent
    expected = scene.lonlat(shapely.Polygon(CORNERS))
    assert drawn.symmetric_difference(expected).area / expected.area < 0.02        # within a pixel or so
    assert "4 个顶点" in form.extent_label.text()

    # save without a name: refused, the name marked, nothing written
    _save(qtbot, form)
    assert form.isVisible() and "缺少必填字段“名称”" in form.error.text()
    assert len(works_use.listing(w.project)) == 4
    _type(qtbot, form.name, "工业路路灯基础施工")
    _type(qtbot, form.party, "县市政工程公司")
    _type(qtbot, form.contact_name, "李师傅")
    _type(qtbot, form.contact_phone, "13800000000")
    _type(qtbot, form.permit_no, "燃监护〔2026〕17号")
    _type(qtbot, form.supervisor, "赵监护")
    qtbot.mouseClick(form.start_on, Qt.MouseButton.LeftButton)
    form.start_on.setDate(form.start_on.date().fromString("2026-12-01", "yyyy-MM-dd"))
    form.end_on.setDate(form.end_on.date().fromString("2026-11-30", "yyyy-MM-dd"))
    form.status.setCurrentIndex(form.status.findData("active"))
    _save(qtbot, form)
    assert "结束日期 2026-11-30 早于开始日期 2026-12-01" in form.error.text()
    assert form.grab().save(str(artifacts / "works_form.png"))
    form.end_on.setDate(form.end_on.date().fromString("2026-12-31", "yyyy-MM-dd"))
    _save(qtbot, form)
    assert not form.isVisible()

    rows = [r for r in view.rows if r.name == "工业路路灯基础施工"]
    assert len(rows) == 1 and len(view.rows) == 5
    new = rows[0].id
    assert view.selected_id() == new
    r = view.table.currentRow()
    texts = [view.table.item(r, c).text() for c in range(view.table.columnCount())]
    assert texts == ["工业路路灯基础施工", "县市政工程公司", "李师傅", "13800000000", "2026-12-01", "2026-12-31",
                     "燃监护〔2026〕17号", "赵监护", "施工中"]
    # the map's works layer got the row through the change event
    layer = w.stack.sources["works"].layer
    assert new in set(layer.ids.tolist())
    assert layer.geoms[list(layer.ids).index(new)].equals_exact(drawn, 1e-9)
    # and the analysis sees it inside the control range
    run = gas_use.analyse(w.project, operator="王工", on=scene.ON, dry_run=True).value.run
    mine = [f for f in run.findings if f.kind == "third_party_works" and f.feature_id == new]
    assert len(mine) == 1 and 1.8 < mine[0].distance_m < 2.3
    w.canvas.repaint()
    assert view.window().grab().save(str(artifacts / "works_register_window.png"))
    assert feature.dock.grab().save(str(artifacts / "works_register.png"))

    # filter and search
    view.status_filter.setCurrentIndex(view.status_filter.findData("finished"))
    assert [x.name for x in view.rows] == ["已完工施工"]
    view.status_filter.setCurrentIndex(0)
    _type(qtbot, view.search, "市政")
    assert [x.id for x in view.rows] == [new]
    view.search.clear()

    # edit: double-click the row, change the status in the form, save
    view.select(new)
    r = view.table.currentRow()
    rect = view.table.visualItemRect(view.table.item(r, 0))
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    form = feature.form
    assert form is not None and form.works_id == new and form.name.text() == "工业路路灯基础施工"
    form.status.setFocus()
    form.status.setCurrentIndex(form.status.findData("finished"))
    _save(qtbot, form)
    assert works_use.record(w.project, new).values["status"] == "finished"
    assert view.table.item(view.table.currentRow(), 8).text() == "已完工"
    layer = w.stack.sources["works"].layer
    assert layer.attrs["status"].iloc[list(layer.ids).index(new)] == "finished"
    # the status menu: back to 施工中
    view.status_actions["active"].trigger()
    assert works_use.record(w.project, new).values["status"] == "active"

    # 定位: the map zooms to it and the identify panel shows it, with 编辑施工信息…
    w.canvas.zoom_full()
    qtbot.mouseClick(view.locate_button, Qt.MouseButton.LeftButton)
    assert w.identify_panel.current is not None and w.identify_panel.current[0] == "works"
    assert w.identify_panel.details.name == "工业路路灯基础施工"
    assert feature.identify_button.isVisible() and feature.identify_button.isEnabled()

    # delete, confirmed
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text) or
                        QMessageBox.StandardButton.Yes)
    view.select(new)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert asked and "工业路路灯基础施工" in asked[0]
    assert new not in [x.id for x in view.rows] and len(view.rows) == 4
    assert new not in set(w.stack.sources["works"].layer.ids.tolist())


def test_redraw_an_extent_from_the_form_and_enter_finishes(window, qtbot):
    w = window
    feature = _feature(w)
    view = _open_register(w, qtbot)
    old = next(r for r in view.rows if r.name == "排水管施工")
    view.select(old.id)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    form = feature.form
    assert form.windowTitle() == "编辑施工信息"
    _look_at(w)
    qtbot.mouseClick(form.redraw_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible() and isinstance(w.canvas.tool, PolygonSketchTool)
    _draw(w, qtbot, CORNERS, finish="enter")
    assert form.isVisible() and "已重新绘制" in form.extent_label.text()
    form.end_on.setDate(form.end_on.date().fromString("2026-12-20", "yyyy-MM-dd"))
    _save(qtbot, form)
    assert works_use.record(w.project, old.id).values["end_on"].isoformat() == "2026-12-20"
    view.select(old.id)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    form = feature.form
    assert form.extent is None and form.end_on.text() == "2026-12-20"
    clear = form.date_rows["end_on"].itemAt(1).widget()
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert form.end_on.text() == "未填"
    _save(qtbot, form)
    assert works_use.record(w.project, old.id).values["end_on"] is None
    rec = works_use.record(w.project, old.id)
    assert rec.extent.symmetric_difference(scene.lonlat(shapely.Polygon(CORNERS))).area / rec.extent.area < 0.02
    assert rec.values["name"] == "排水管施工"
    layer = w.stack.sources["works"].layer
    assert layer.geoms[list(layer.ids).index(old.id)].equals_exact(rec.extent, 1e-9)


def test_a_self_intersecting_sketch_is_repaired_only_when_asked(window, qtbot, monkeypatch):
    w = window
    feature = _feature(w)
    view = _open_register(w, qtbot)
    _look_at(w)
    answers = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: answers.append(text) or
                        QMessageBox.StandardButton.No)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    bowtie = [(200, WALL + 2), (230, WALL + 8), (230, WALL + 2), (200, WALL + 8)]
    _draw(w, qtbot, bowtie)
    form = feature.form
    _type(qtbot, form.name, "交叉绘制")
    _save(qtbot, form)
    assert answers and "边线自相交" in answers[0] and "自动修复" in answers[0]
    assert form.isVisible() and "边线自相交" in form.error.text() and len(works_use.listing(w.project)) == 4
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    _save(qtbot, form)
    assert not form.isVisible()
    saved = next(r for r in works_use.listing(w.project) if r.name == "交叉绘制")
    assert works_use.record(w.project, saved.id).extent.is_valid


def test_esc_cancels_and_backspace_takes_back(window, qtbot):
    w = window
    feature = _feature(w)
    view = _open_register(w, qtbot)
    _look_at(w)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    sketch = w.canvas.tool
    for x, y in CORNERS[:3]:
        qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=_screen(w, x, y))
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=_screen(w, *CORNERS[2]))   # on the last vertex again
    assert len(sketch.vertices) == 3
    qtbot.keyClick(w.canvas, Qt.Key.Key_Backspace)
    assert len(sketch.vertices) == 2
    qtbot.keyClick(w.canvas, Qt.Key.Key_Return)           # two vertices: not a polygon yet
    assert w.canvas.tool is sketch
    # a drag while sketching pans, adds no vertex
    view_before = w.canvas.view
    qtbot.mousePress(w.canvas, Qt.MouseButton.LeftButton, pos=QPoint(300, 300))
    qtbot.mouseMove(w.canvas, QPoint(360, 330))
    qtbot.mouseRelease(w.canvas, Qt.MouseButton.LeftButton, pos=QPoint(360, 330))
    assert w.canvas.view != view_before and len(sketch.vertices) == 2
    qtbot.keyClick(w.canvas, Qt.Key.Key_Escape)
    assert isinstance(w.canvas.tool, IdentifyTool) and feature.form is None
    assert w.canvas.cursor().shape() == Qt.CursorShape.ArrowCursor
    assert len(works_use.listing(w.project)) == 4


def test_default_tool_still_pans_and_identifies(window, qtbot):
    w = window
    feature = _feature(w)
    assert isinstance(w.canvas.tool, IdentifyTool)
    _look_at(w, 510, -(WALL + 7))                         # 排水管施工: x 500–510, 3–11 m south of the wall
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=_screen(w, 505, -(WALL + 7)))
    assert w.identify_panel.current[0] == "works" and w.identify_panel.details.name == "排水管施工"
    assert feature.identify_button.isVisible()
    qtbot.mouseClick(feature.identify_button, Qt.MouseButton.LeftButton)
    assert feature.form is not None and feature.form.name.text() == "排水管施工"
    feature.form.close()
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=_screen(w, 480, 0))    # the pipeline
    assert w.identify_panel.current[0] == "pipelines" and not feature.identify_button.isVisible()
    before = w.canvas.view
    qtbot.mousePress(w.canvas, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    qtbot.mouseMove(w.canvas, QPoint(450, 300))
    qtbot.mouseRelease(w.canvas, Qt.MouseButton.LeftButton, pos=QPoint(450, 300))
    assert w.canvas.view.cx == pytest.approx(before.cx - 50 * before.resolution)


def test_reading_one_works_past_the_load_budget_is_said_and_opens_nothing(window, qtbot, monkeypatch):
    """编辑 and 删除 read the works' record on the UI thread: past the load budget a message box names the load and
    the way out; no form opens, nothing is deleted."""
    from sqlalchemy import select

    from desktop.views.gas.works import WorksRegisterView
    from gis.model import ThirdPartyWorks
    from tests.storage.test_load_budget import ENDLESS, _run

    w = window
    with w.project.session() as s:
        works_id = s.scalar(select(ThirdPartyWorks.id).where(ThirdPartyWorks.name == "排水管施工"))
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a: said.append((title, text)))
    real = works_use.record

    def endless(project, wid):
        _run(project, ENDLESS["sqlite"])
        return real(project, wid)

    monkeypatch.setattr(store, "LOAD_BUDGET_S", 0.3)
    monkeypatch.setattr(works_use, "record", endless)
    _feature(w).edit(works_id)
    register = WorksRegisterView()
    qtbot.addWidget(register)
    register.set_project(w.project)
    assert register.select(works_id)
    register.delete()
    assert [title for title, _text in said] == ["第三方施工", "无法删除"], said
    assert all(text.startswith("加载第三方施工超过 0.3 秒仍未完成") for _title, text in said)
    assert _feature(w).form is None
    with w.project.session() as s:
        assert s.get(ThirdPartyWorks, works_id) is not None
