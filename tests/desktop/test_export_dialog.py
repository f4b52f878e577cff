"""The export dialog writes files GDAL (pyogrio) and openpyxl read back."""
from __future__ import annotations

import numpy as np
import pyogrio
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop.views.data.export_dialog import ExportDialog


def run(qtbot, dialog) -> None:
    assert dialog.start_button.isEnabled()
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30_000)


@pytest.fixture
def dialog(qtbot, world_project):
    d = ExportDialog(world_project)
    qtbot.addWidget(d)
    d.show()
    return d


def test_gbk_shapefile_of_the_grids(qtbot, dialog, world_project, tmp_path):
    dialog.choose("grids", "shp", tmp_path / "网格.shp")
    assert dialog.gbk_box.isVisible()
    dialog.gbk_box.setChecked(True)
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        run(qtbot, dialog)
    assert "已导出" in dialog.message.text()
    assert (tmp_path / "网格.cpg").read_text().upper().startswith("GBK")
    back = pyogrio.read_dataframe(tmp_path / "网格.shp", encoding="GBK")
    assert sorted(back["网格编码"]) == sorted(world_project.names["grids"])


def test_the_format_sets_the_suffix_and_all_layers_need_a_multi_layer_format(dialog, tmp_path):
    dialog.choose("sites", "gpkg", tmp_path / "场所.gpkg")
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("kmz"))
    assert dialog.path_edit.text() == str(tmp_path / "场所.kmz")
    assert not dialog.gbk_box.isVisible()
    dialog.choose("all", "csv")
    assert not dialog.start_button.isEnabled() and "只能放一个图层" in dialog.problem.text()
    dialog.choose("all", "gpkg")
    assert dialog.start_button.isEnabled() and not dialog.problem.isVisible()


def test_all_layers_to_geopackage_and_sites_to_xlsx(qtbot, dialog, world_project, tmp_path):
    dialog.choose("all", "gpkg", tmp_path / "全部.gpkg")
    run(qtbot, dialog)
    layers = {name for name, _ in pyogrio.list_layers(tmp_path / "全部.gpkg")}
    assert {"企业场所", "网格"} <= layers
    dialog.choose("sites", "xlsx", tmp_path / "场所.xlsx")
    run(qtbot, dialog)
    rows = list(load_workbook(tmp_path / "场所.xlsx").active.iter_rows(values_only=True))
    assert {r[1] for r in rows[1:]} == set(world_project.names["sites"])


def test_a_selection_exports_only_its_features(qtbot, world_project, tmp_path):
    ids = sorted(world_project.names["sites"].values())[:2]
    d = ExportDialog(world_project, {"sites": np.array(ids)})
    qtbot.addWidget(d)
    assert d.what_box.currentText() == "地图上选中的企业场所（2 个）"
    d.choose("sites", "gpkg", tmp_path / "选中.gpkg")   # the first "sites" entry is the selection
    run(qtbot, d)
    assert sorted(pyogrio.read_dataframe(tmp_path / "选中.gpkg")["ID"]) == ids


def test_an_unwritable_path_shows_the_message(qtbot, dialog, tmp_path):
    (tmp_path / "文件夹.geojson").mkdir()
    dialog.choose("sites", "geojson", tmp_path / "文件夹.geojson")
    run(qtbot, dialog)
    assert "文件夹" in dialog.message.text() and "Traceback" not in dialog.message.text()


def test_screenshot(qtbot, world_project, tmp_path, artifacts):
    ids = sorted(world_project.names["sites"].values())[:2]
    d = ExportDialog(world_project, {"sites": np.array(ids)})
    qtbot.addWidget(d)
    d.show()
    d.format_box.setCurrentIndex(d.format_box.findData("shp"))
    d.path_edit.setText(str(tmp_path / "w_企业场所_选中.shp"))
    run(qtbot, d)
    assert "已导出" in d.message.text()
    assert d.grab().save(str(artifacts / "export_dialog.png"))


def test_cancel_button_stops_the_export_and_leaves_no_file(qtbot, dialog, tmp_path, monkeypatch):
    import threading

    from gis.io import export as export_module

    release = threading.Event()
    real = export_module._write_ogr

    def held(*args, **kw):        # the worker writes, then waits here until the user has clicked 取消导出
        real(*args, **kw)
        release.wait(10)

    monkeypatch.setattr(export_module, "_write_ogr", held)
    out = tmp_path / "导出" / "网格.gpkg"
    out.parent.mkdir()
    dialog.choose("grids", "gpkg", out)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.cancel_button.isVisible() and not dialog.start_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30_000)
    assert "已取消导出" in dialog.message.text()
    assert list(out.parent.iterdir()) == []
    assert dialog.start_button.isEnabled() and not dialog.cancel_button.isVisible()
