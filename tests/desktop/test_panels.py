"""Layer panel, identify (feature + linked records), search, and the main window around the map."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent

from desktop.views.map.identify_panel import IdentifyPanel, describe
from desktop.views.map.layer_panel import LayerPanel
from desktop.views.map.search_box import SearchBox, search
from tests.windows import open_window, private_settings


def row_of(stack, source, column, value) -> int:
    return int((stack.sources[source].attrs[column] == value).to_numpy().nonzero()[0][0])


# --- layer panel ---------------------------------------------------------------------------------

@pytest.fixture
def panel(qtbot, stack):
    p = LayerPanel()
    qtbot.addWidget(p)
    p.set_stack(stack)
    return p


def test_panel_shows_the_groups_of_the_issue(panel):
    groups = [panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())]
    assert groups == ["隐患", "巡查路线", "企业与场所", "燃气管线", "森林防火", "行政区划与网格", "底图"]


def test_unchecking_hides_the_layer(panel, stack):
    item = panel.item_for("sites")
    assert item.text(0).startswith("企业与场所")
    item.setCheckState(0, Qt.CheckState.Unchecked)
    assert not stack.layer("sites").visible
    stack.set_visible("sites", True)             # and the other way round
    assert panel.item_for("sites").checkState(0) == Qt.CheckState.Checked


def test_legend_follows_the_chosen_style(panel, stack):
    panel.select_layer("sites")
    legend = lambda: [panel.item_for("sites").child(i).text(0) for i in range(panel.item_for("sites").childCount())]
    assert "危险化学品" in legend()
    panel.style_box.setCurrentIndex(1)
    assert stack.layer("sites").style.name == "按风险等级"
    assert legend()[:2] == ["重大风险", "较大风险"]


def test_move_down_within_the_group_changes_drawing_order(panel, stack):
    panel.select_layer("grid_codes")
    before = [l.id for l in stack.in_group("行政区划与网格")]
    panel.down.click()
    after = [l.id for l in stack.in_group("行政区划与网格")]
    assert before[:2] == ["grid_codes", "grid_hazards"] and after[:2] == ["grid_hazards", "grid_codes"]
    assert panel.current_layer().id == "grid_codes"
    order = [l.id for l in stack.drawing_order()]
    assert "grid_hazards" not in order          # invisible layers are not drawn at all
    panel.select_layer("townships")
    assert not panel.down.isEnabled()           # last of its group


def _drag(panel, layer_id: str, onto_id: str, lower_half: bool) -> bool:
    """Drop layer `layer_id` on the upper or lower half of `onto_id`; True when the tree allows that drop.

    (A synthetic drag has no source widget, so Qt's own InternalMove check would refuse the move events;
    the tree's own rule, drop_target, is what dragMoveEvent applies on top of it.)
    """
    tree = panel.tree
    panel.select_layer(layer_id)
    tree.scrollToItem(panel.item_for(onto_id))
    rect = tree.visualItemRect(panel.item_for(onto_id))
    pos = QPointF(rect.center().x(), rect.bottom() - 3 if lower_half else rect.top() + 3)
    allowed = tree.drop_target(pos.toPoint()) is not None
    mime = tree.mimeData([panel.item_for(layer_id)])
    drop = QDropEvent(pos, Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    tree.dropEvent(drop)          # (QApplication.sendEvent delivers no drop without a drag in progress)
    return allowed


def test_drag_and_drop_orders_layers_within_their_group(panel, stack, qtbot):
    panel.resize(300, 900)
    panel.show()
    qtbot.waitExposed(panel)
    group = lambda: [l.id for l in stack.in_group("行政区划与网格")]
    assert group() == ["grid_codes", "grid_hazards", "villages", "townships"]
    assert _drag(panel, "townships", "grid_codes", lower_half=False)       # above the first
    assert group() == ["townships", "grid_codes", "grid_hazards", "villages"]
    assert panel.current_layer().id == "townships"                               # still selected
    assert _drag(panel, "townships", "grid_hazards", lower_half=True)      # below the second
    assert group() == ["grid_codes", "grid_hazards", "townships", "villages"]
    items = [panel.tree.topLevelItem(5).child(i).data(0, Qt.ItemDataRole.UserRole) for i in range(4)]
    assert items == group()                                                      # the tree shows the new order
    drawn = [l.id for l in stack.drawing_order()]
    assert drawn.index("villages") < drawn.index("townships")                    # drawn under it now
    before = [l.id for l in stack.layers]
    assert not _drag(panel, "townships", "sites", lower_half=False)        # another group: refused
    assert [l.id for l in stack.layers] == before


def test_opacity_slider(panel, stack):
    panel.select_layer("villages")
    panel.opacity.setValue(40)
    assert stack.layer("villages").opacity == pytest.approx(0.4)


# --- identify ------------------------------------------------------------------------------------

def test_site_details_with_hazards_people_and_grid(world_project, stack):
    i = row_of(stack, "sites", "name", "鑫源机械加工厂")
    with world_project.session() as s:
        d = describe(s, stack, "sites", i)
    assert d.kind == "企业与场所" and d.name == "鑫源机械加工厂"
    attrs = dict(d.attributes)
    assert attrs["类别"] == "工贸企业" and attrs["风险等级"] == "较大风险" and attrs["地址"] == "张庄村工业路1号"
    assert d.hazards == [("交办", 1)]
    assert d.grid == "410411003001003 张庄村第3网格"
    # its principal, then whoever answers for its grid (the village cadre of 张庄村)
    assert ("企业主要负责人", "赵敏", "13800000003") in d.people
    assert ("包村干部", "陈志强", "13800000002") in d.people


def test_grid_details(world_project, stack):
    i = row_of(stack, "grids", "code", "410411003001001")
    with world_project.session() as s:
        d = describe(s, stack, "grids", i)
    assert d.name == stack.sources["grids"].attrs["name"].iloc[i]          # named by name, the code among its rows
    assert dict(d.attributes)["网格代码"] == "410411003001001"
    assert [p[:2] for p in d.people[:2]] == [("网格长", "王建国"), ("网格员", "刘芳")]
    assert dict(d.attributes)["场所数"] == "0"
    with world_project.session() as s:
        d3 = describe(s, stack, "grids", row_of(stack, "grids", "code", "410411003001003"))
    assert dict(d3.attributes)["场所数"] == "1"     # the machine shop
    assert [p[:2] for p in d3.people] == [("包村干部", "陈志强")]   # no grid roles: the village's


def test_pipeline_details_count_its_closed_hazard(world_project, stack):
    with world_project.session() as s:
        d = describe(s, stack, "pipelines", 0)
    assert dict(d.attributes)["压力级制"] == "中压A"
    assert d.hazards == [("已销号", 1)]


def test_identify_panel_shows_the_top_hit_and_lists_the_others(qtbot, world_project, stack):
    from desktop.render import MapView
    from desktop.render.hittest import identify
    from gis.geo.crs import DISPLAY, STORAGE, transformer

    x, y = transformer(STORAGE, DISPLAY).transform(113.28, 33.68)   # the restaurant
    view = MapView(x, y, 2.0, 400, 300)
    badge = identify(stack, view, 200 - 6, 150 - 6)                 # its hazard badge sits up-left
    assert badge[0].source == "hazards"
    hits = identify(stack, view, 200, 150)
    panel = IdentifyPanel()
    qtbot.addWidget(panel)
    panel.set_project(world_project, stack)
    panel.show_hits(hits)
    assert "老王家常菜馆" in panel.heading.text()
    rows = panel.texts()
    assert ("整改中", "1 条") in rows
    assert ("此处其他要素", "") in rows
    assert any(r[0] == "网格" and r[1].startswith("410411003001002") for r in rows)


# --- search --------------------------------------------------------------------------------------

def test_search_by_grid_code_name_and_address(stack):
    by_code = search(stack, "410411003002003")
    assert by_code[0].source == "grids" and by_code[0].text == "网格 410411003002003 李楼社区第3网格"
    assert [m.text for m in search(stack, "工业路")] == ["场所 鑫源机械加工厂 张庄村工业路1号", "管道 工业路中压管线"]
    assert search(stack, "李楼")[0].source == "grids"
    assert any(m.source == "villages" for m in search(stack, "李楼"))
    assert search(stack, "  ") == [] and search(stack, "不存在的名字") == []
    assert search(stack, "None") == [] and search(stack, "nan") == []   # empty addresses match nothing
    assert search(stack, "荆山小学")[0].text == "场所 荆山小学"


def test_search_box_jumps(qtbot, stack):
    box = SearchBox()
    qtbot.addWidget(box)
    box.set_stack(stack)
    box.setText("荆山小学")
    with qtbot.waitSignal(box.found) as sig:
        assert box.go()
    assert sig.args[0] == "sites"
    assert stack.sources["sites"].attrs["name"].iloc[sig.args[1]] == "荆山小学"
    box.setText("没有这个")
    assert not box.go()


# --- main window ---------------------------------------------------------------------------------

@pytest.fixture
def window(qtbot, world_project, monkeypatch, tmp_path):

    private_settings(monkeypatch)          # the user's settings, private to the test
    path = world_project.url.split("///")[-1] if "///" in world_project.url else world_project.url
    world_project.close()
    w = open_window(qtbot, path)
    yield w
    if w.project is not None:
        w.project.close()


def test_window_has_map_docks_and_status(window):
    assert window.centralWidget() is window.canvas
    assert window.canvas.stack is window.stack and window.stack is not None
    assert window.layer_dock.windowTitle() == "图层" and window.identify_dock.windowTitle() == "要素详情"
    from desktop.main_window import project_title

    assert project_title(window.project) == window.windowTitle().split(" — ")[0]
    assert window.scale.currentText().startswith("1:")


def test_scale_box_sets_the_map_scale(window):
    from desktop.main_window import parse_scale

    assert parse_scale("1:10,000") == 10_000 and parse_scale("1：1万") == 10_000 and parse_scale("2500") == 2500
    assert parse_scale("abc") is None and parse_scale("2:100") is None and parse_scale("1:1") is None
    window.scale.setEditText("1:5000")
    window._scale_entered()
    assert window.canvas.view.scale_denominator() == pytest.approx(5000)
    assert window.scale.currentText() == "1:5,000"
    window.scale.setEditText("胡乱输入")
    window._scale_entered()
    assert window.scale.currentText() == "1:5,000"


def test_window_search_jumps_and_identifies(window, artifacts):
    window.search.setText("410411003001003")
    assert window.search.go()
    assert window.identify_panel.details.name == "张庄村第3网格"      # the grid's name; its code among its rows
    assert dict(window.identify_panel.details.attributes)["网格代码"] == "410411003001003"
    assert list(window.canvas.selection) == ["grids"]
    window.canvas.zoom_full()
    window.stack.set_visible("grid_hazards", True)
    window.canvas.identify_at(*[float(v) for v in window.canvas.view.to_screen(
        *window.stack.sources["sites"].xy[0])])
    assert window.grab().save(str(artifacts / "main_window.png"))


def test_status_bar_shows_lon_lat(window, qtbot):
    qtbot.mouseMove(window.canvas, window.canvas.rect().center())
    assert window.position.text().startswith("经度 113.")


def feature(window, name):
    return next(f for f in window.features if type(f).__name__ == name)


def test_window_adds_an_offline_basemap_and_remembers_it(window, tmp_path):
    from desktop.features.basemaps import saved_configs
    from tests.desktop.test_tiles import Z, png, tile_of

    root = tmp_path / "tiles"
    x, y = tile_of(113.3, 33.65)
    p = root / str(Z) / str(x) / f"{y}.png"
    p.parent.mkdir(parents=True)
    p.write_bytes(png("#336699"))
    basemaps = feature(window, "Basemaps")
    basemaps.add({"type": "folder", "path": str(root)})
    item = window.layer_panel.item_for(window.stack.layers[-1].id)
    assert item is not None and item.text(0) == "tiles" and item.parent().text(0) == "底图"
    assert saved_configs() == [{"type": "folder", "path": str(root)}]
    assert window.open_project(window.project.url)               # reopening: the basemap comes back
    assert window.stack.layers[-1].title == "tiles"
    window.reload_all()                            # F5 keeps it too
    assert window.stack.layers[-1].title == "tiles"
    window.layer_panel.select_layer(window.stack.layers[-1].id)
    basemaps.remove_selected()
    assert saved_configs() == []
    assert all(not l.id.startswith("basemap:") for l in window.stack.layers)


def test_dropping_data_files_opens_the_import_dialog_one_file_after_another(window, qtbot, tmp_path):
    from tests.io import files

    shp = files.gbk_shapefile_without_cpg(tmp_path)
    csv = tmp_path / "场所.csv"
    csv.write_text("名称,场所类别,经度,纬度\n", encoding="utf-8")
    sites_before = len(window.stack.sources["sites"].layer)
    window.canvas.filesDropped.emit([str(shp), str(csv)])
    data = feature(window, "DataFeature")
    first = data.import_dialog
    assert first.isVisible() and first.file_edit.text() == str(shp)
    qtbot.mouseClick(first.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: first.job is None, timeout=30_000)
    assert len(window.stack.sources["sites"].layer) == sites_before + 3   # the map reloaded its layers
    first.close_button.click()
    second = data.import_dialog
    assert second is not first and second.isVisible() and second.file_edit.text() == str(csv)
    assert "没有任何数据行" in second.error_label.text()
    second.reject()


def test_export_dialog_offers_the_map_selection(window, qtbot, tmp_path):
    import pyogrio

    sites = window.stack.sources["sites"].layer
    window.canvas.set_selection({"sites": np.array([0, 2])})
    data = feature(window, "DataFeature")
    data.export_action.trigger()
    dialog = data.export_dialog
    assert "选中" in dialog.what_box.currentText() and "2 个" in dialog.what_box.currentText()
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("geojson"))
    dialog.path_edit.setText(str(tmp_path / "选中.geojson"))
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30_000)
    back = pyogrio.read_dataframe(tmp_path / "选中.geojson")
    assert sorted(back["ID"]) == sorted(int(i) for i in sites.ids[[0, 2]])
    assert set(back["名称"]) == set(sites.attrs["name"].iloc[[0, 2]])


def test_window_layout_is_restored(window, qtbot):
    from desktop import main_window

    window.identify_dock.hide()
    window.close()
    again = main_window.MainWindow()
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.identify_dock.isHidden() and not again.layer_dock.isHidden()
    again.close()


def test_window_on_an_empty_project(window, tmp_path):
    from gis import store

    empty = tmp_path / "空项目.gridsafe"
    store.create_project(empty).close()
    assert window.open_project(str(empty))
    assert window.stack.bounds() is None
    window.canvas.zoom_full()                   # nothing to show: stays where it is
    assert window.canvas.grab().width() > 0
    assert window.canvas.identify_at(100, 100) == []
    assert window.identify_panel.heading.text() == "此处没有要素"
    window.search.setText("网格")
    assert not window.search.go()
