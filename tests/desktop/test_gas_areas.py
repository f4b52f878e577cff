"""High-consequence areas and location classes in the window: both layers are off at first and not computed
until shown (gis.layers.ON_DEMAND); the gas_hca layer draws when turned on from the layer panel, and a click on
the pipeline lists its location classes and high-consequence levels."""
from __future__ import annotations

import dataclasses

import pytest
import shapely
from PySide6.QtCore import QPoint, Qt

from desktop.render import render_to_image
from gis import store
from tests.desktop.test_gas_ranges import FWD, _screen
from tests.gas import scene
from tests.gas.test_gasmap import build_areas
from tests.windows import open_window, private_settings


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    private_settings(monkeypatch)
    path = tmp_path / "areas.gridsafe"
    with store.create_project(path) as project, project.transaction() as s:
        build_areas(s)
    w = open_window(qtbot, path)
    qtbot.waitUntil(lambda: len(w.stack.sources["gas_control"]) > 0)       # hidden layers read after the paint
    lon, lat = shapely.get_coordinates(scene.lonlat(shapely.Point(400, 0)))[0]
    x, y = FWD.transform(lon, lat)
    w.canvas.set_view(dataclasses.replace(w.canvas.view, cx=float(x), cy=float(y), resolution=1.2))
    yield w
    if w.project is not None:
        w.project.close()


def _panel_item(w, layer_id):
    from PySide6.QtWidgets import QTreeWidgetItemIterator

    it = QTreeWidgetItemIterator(w.layer_panel.tree)
    while it.value():
        item = it.value()
        if item.data(0, Qt.ItemDataRole.UserRole) == layer_id:
            return item
        it += 1
    raise KeyError(layer_id)


def test_the_hca_layer_is_computed_when_first_turned_on_and_draws(window, artifacts, qtbot):
    w = window
    layer = next(x for x in w.stack.layers if x.id == "gas_hca")
    assert not layer.visible                                        # off at first, like the range layers
    assert {"gas_hca", "gas_location_class"} <= w.stack.unread and len(w.stack.sources["gas_hca"]) == 0
    item = _panel_item(w, "gas_hca")
    assert "(" not in item.text(0) and "勾选" in item.toolTip(0)    # no "(0)": not computed yet
    hidden = render_to_image(w.stack, w.canvas.view, labels=False, decorations=False)
    item.setCheckState(0, Qt.CheckState.Checked)                    # as the user ticks it in the layer panel
    assert layer.visible and "gas_hca" not in w.stack.unread and len(w.stack.sources["gas_hca"]) == 2
    assert item.text(0).endswith("(2)")
    shown = render_to_image(w.stack, w.canvas.view, labels=False, decorations=False)
    view = w.canvas.view

    def px(img, x, y):
        return img.pixelColor(*_screen(view, x, y))

    band, school, outside = (400, -150), (400, -6), (150, -230)       # Ⅱ only; Ⅰ over Ⅱ; neither
    assert px(shown, *outside) == px(hidden, *outside)
    b, h = px(shown, *band), px(hidden, *band)
    assert b != h and b.red() - b.blue() > 20                      # reddish
    s = px(shown, *school)
    assert s != b and s.green() < b.green()                         # the Ⅰ area drawn over the Ⅱ band
    w.stack.set_visible("gas_location_class", True)
    w.canvas.repaint()
    assert w.grab().save(str(artifacts / "gas_areas_window.png"))


def test_clicking_the_pipeline_lists_its_location_classes_and_hca_levels(window, qtbot):
    w = window
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=QPoint(*_screen(w.canvas.view, 300, 0)))
    panel = w.identify_panel
    assert panel.current is not None and panel.current[0] == "pipelines"
    rows = dict(panel.texts())
    assert rows["地区等级"] == "一级 0.6 公里、二级 0.6 公里、三级 2.0 公里"
    assert rows["高后果区"] == "Ⅰ级、Ⅱ级"


def test_a_building_change_reloads_the_area_layers(window):
    """Buildings written in (change kind "buildings"): 2,000 more dwellings beside the main's start make it 三级
    there, and both area layers are read again."""
    from gis.changes import Change
    from gis.model import Building

    w = window
    w.events.announce(Change.of("buildings"))                 # not shown yet: not computed for nothing
    assert {"gas_hca", "gas_location_class"} <= w.stack.unread
    w.stack.set_visible("gas_location_class", True)
    w.stack.set_visible("gas_hca", True)
    before = w.stack.sources["gas_location_class"].layer
    assert 3 in set(before.ids)
    near_start = scene.lonlat(shapely.Point(100, 150))
    assert not before.geoms[list(before.ids).index(3)].contains(near_start)
    with w.project.transaction() as s:
        s.add(Building(name="安置小区", storeys=6, use="residential", attributes={"units": 2000},
                       geom=scene.lonlat(shapely.box(50, 40, 150, 80))))
    w.events.announce(Change.of("buildings"))
    after = w.stack.sources["gas_location_class"].layer
    assert after.geoms[list(after.ids).index(4)].contains(near_start)     # 6 storeys, 2,000 dwellings: 四级
    hca = w.stack.sources["gas_hca"].layer
    assert 3 in set(hca.ids)                                              # 四级 on a 次高压 pipeline: Ⅲ
