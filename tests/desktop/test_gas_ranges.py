"""Gas pipeline protection and control ranges in the window: the bands drawn around a pipeline, and a click
on the pipeline showing its class, range widths and the building inside its protection range."""
from __future__ import annotations

import dataclasses

import pytest
import shapely
from PySide6.QtCore import QPoint, Qt

from desktop.render import render_to_image
from gis import store
from gis.geo.crs import DISPLAY, STORAGE, transformer
from tests.gas import scene
from tests.windows import open_window, private_settings

FWD = transformer(STORAGE, DISPLAY)


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):

    private_settings(monkeypatch)
    path = tmp_path / "gas.gridsafe"
    with store.create_project(path) as project, project.transaction() as s:
        scene.build(s)
    w = open_window(qtbot, path)
    # the range layers are off at first: read once the map is drawn
    qtbot.waitUntil(lambda: "gas_control" in w.stack.sources and len(w.stack.sources["gas_control"]) == 2)
    yield w
    if w.project is not None:
        w.project.close()


def _screen(view, x_m, y_m):
    """Screen pixel of a point given in the scene's metres."""
    lon, lat = shapely.get_coordinates(scene.lonlat(shapely.Point(x_m, y_m)))[0]
    sx, sy = view.to_screen(*FWD.transform(lon, lat))
    return round(float(sx)), round(float(sy))


def _look_at_the_main_pipe(w, x_m=450):
    lon, lat = shapely.get_coordinates(scene.lonlat(shapely.Point(x_m, 0)))[0]
    x, y = FWD.transform(lon, lat)
    w.canvas.set_view(dataclasses.replace(w.canvas.view, cx=float(x), cy=float(y), resolution=0.1))


def test_range_bands_drawn_around_the_pipeline(window, artifacts):
    w = window
    _look_at_the_main_pipe(w)
    hidden = render_to_image(w.stack, w.canvas.view, labels=False, decorations=False)
    for layer_id in ("gas_protection", "gas_control"):
        w.stack.set_visible(layer_id, True)
    image = render_to_image(w.stack, w.canvas.view, labels=False, decorations=False)
    view, r = w.canvas.view, scene.HALF_OD

    def px(img, wall):     # `wall` metres north of the outer wall, mid-way along the pipe
        return img.pixelColor(*_screen(view, 450, r + wall))

    far, bare = px(image, 12.0), px(hidden, 3.0)
    control, protection = px(image, 3.0), px(image, 0.35)
    assert far == bare == px(hidden, 0.35)                  # nothing drawn there while the layers are off
    assert control != bare and control.red() - control.blue() > 30 and control.green() - control.blue() > 10
    assert protection.red() - protection.green() > 40      # the red band over the orange one
    assert protection.green() < control.green()
    assert px(image, 5.3) == far                            # the control band ends 5 m from the wall
    w.canvas.repaint()
    assert w.grab().save(str(artifacts / "gas_ranges_window.png"))


def test_clicking_the_pipeline_shows_its_ranges_and_the_building_inside(window, qtbot, artifacts):
    w = window
    _look_at_the_main_pipe(w, 105)               # 1号楼 in sight, 0.3 m from the outer wall
    for layer_id in ("gas_protection", "gas_control"):
        w.stack.set_visible(layer_id, True)
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=QPoint(*_screen(w.canvas.view, 80, 0)))
    panel = w.identify_panel
    assert panel.current is not None and panel.current[0] == "pipelines"
    rows = {k: v for k, v in panel.texts() if v}
    assert panel.details.name == "工业路中压管线"
    assert rows["压力级制"] == "中压A" and rows["外径"] == "219.1 毫米" and rows["管径（毫米）"] == "200"
    assert rows["保护范围"] == "管外缘每侧 0.5 米" and rows["控制范围"] == "管外缘每侧 5.0 米"
    assert rows["材质"] == "钢管" and rows["运营单位"] == "县燃气公司"
    titles = [k for k, v in panel.texts() if not v]
    assert "保护范围内建筑物（1）" in titles and rows["1号楼"] == "距管外缘 0.3 米"
    assert "2号楼" not in rows and "远处楼" not in rows
    # the protection band under the click is listed with the pipeline, not shown instead of it
    others = [(k.replace("\n", ""), v) for k, v in panel.texts()]
    assert ("燃气管道保护范围", "工业路中压管线") in others and ("燃气管道控制范围", "工业路中压管线") in others
    w.canvas.repaint()
    assert w.grab().save(str(artifacts / "gas_identify_window.png"))


def test_a_pipeline_without_class_or_diameter_says_the_defaults(window, qtbot):
    w = window
    lon, lat = shapely.get_coordinates(scene.lonlat(shapely.Point(450, 500)))[0]
    x, y = FWD.transform(lon, lat)
    w.canvas.set_view(dataclasses.replace(w.canvas.view, cx=float(x), cy=float(y), resolution=0.1))
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=QPoint(*_screen(w.canvas.view, 450, 500)))
    rows = dict(w.identify_panel.texts())
    assert w.identify_panel.details.name == "北街管线" and "保护范围与控制范围" in rows
    assert rows["压力级制"] == "中压A（按默认值）" and rows["外径"] == "219.1 毫米（按默认值）"
    assert rows["保护范围"] == "管外缘每侧 0.5 米（按默认值：压力级制、外径）"


def test_a_pipeline_change_redraws_its_ranges(window):
    """A write to a pipeline (change kind "lines", naming its row) reloads the range layers whole."""
    from gis.changes import Change
    from gis.model import LineAsset

    w = window
    main = int(w.stack.sources["pipelines"].layer.ids[0])
    with w.project.transaction() as s:
        s.get(LineAsset, main).pressure_class = "high_b"          # 次高压B: 1.5 m / 15 m
    w.events.announce(Change.of("lines", lines=[main]))
    ctrl = w.stack.sources["gas_control"].layer
    row = list(ctrl.ids).index(main)
    assert ctrl.attrs["width_m"].iloc[row] == 15.0
    assert ctrl.geoms[row].contains(scene.lonlat(shapely.Point(450, scene.HALF_OD + 14.9)))


def test_clicking_inside_the_control_band_identifies_the_pipeline_by_its_range(window, qtbot):
    w = window
    _look_at_the_main_pipe(w, 105)
    w.stack.set_visible("gas_control", True)
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=QPoint(*_screen(w.canvas.view, 80, scene.HALF_OD + 4)))
    panel = w.identify_panel
    assert panel.current[0] == "gas_control"
    assert panel.heading.text() == "<b>燃气管道控制范围</b>：工业路中压管线"
    rows = dict(panel.texts())
    assert rows["控制范围"] == "管外缘每侧 5.0 米" and rows["1号楼"] == "距管外缘 0.3 米"
