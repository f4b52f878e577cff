"""The import dialog driven through its widgets: files built by tests/io/files.py, the import run on
its worker thread, the report saved and read back."""
from __future__ import annotations

import re

import numpy as np
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from shapely.geometry import Point

from desktop.views.data.import_dialog import ImportDialog
from gis.io import mapping
from gis.model import Site
from tests.io import files
from tests.io.files import SITES, counts

METRE_DEG = 1 / 111_000


@pytest.fixture
def open_dialog(qtbot, world_project):
    def make(path=None, layer="sites"):
        dialog = ImportDialog(world_project, str(path) if path else None, layer=layer)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog
    return make


def run(qtbot, dialog) -> None:
    assert dialog.start_button.isEnabled()
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 1
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30_000)


def sites_by_name(project) -> dict[str, Site]:
    with project.session() as s:
        return {x.name: x for x in s.query(Site)}


def test_gbk_shapefile_imports_end_to_end(qtbot, open_dialog, world_project, tmp_path):
    path = files.gbk_shapefile_without_cpg(tmp_path)
    dialog = open_dialog(path)
    assert dialog.error_label.text() == ""
    assert "GB" in dialog.encoding_box.itemText(0)                 # detected, overridable
    assert not dialog.confirm_box.isVisible()                      # the .prj says CGCS2000
    assert dialog.chosen_columns()["name"] == "企业名称"            # preset from the default template
    assert dialog.chosen_columns()["category"] == "行业"
    assert dialog.preview.rowCount() == 3 and dialog.preview.item(0, 1).text() == "顺达五金店"
    before = counts(world_project)["site"]
    with qtbot.waitSignal(dialog.imported, timeout=30_000) as signal:
        run(qtbot, dialog)
    assert signal.args == ["sites"]
    assert "导入完成" in dialog.result_title.text()
    assert dialog.report_view.counts["imported"].text() == "3"
    assert counts(world_project)["site"] == before + 3
    assert sites_by_name(world_project)["荆山液化气站"].address == "荆山路99号"


def test_crs_proposal_must_be_confirmed_before_import(qtbot, open_dialog, world_project, tmp_path):
    dialog = open_dialog(files.gk_shapefile_without_prj(tmp_path))
    assert dialog.chosen_crs() == "EPSG:4526"
    note = dialog.crs_note.text()
    assert "没有坐标系信息" in note and "推测" in note and "带号 38" in note and "项目范围附近" in note
    assert dialog.confirm_box.isVisible() and not dialog.confirm_box.isChecked()
    assert not dialog.start_button.isEnabled()
    dialog.confirm_box.setChecked(True)
    assert dialog.start_button.isEnabled()
    dialog.crs_box.setCurrentIndex(dialog.crs_box.findData("EPSG:4527"))   # another zone: confirm again
    assert not dialog.confirm_box.isChecked() and not dialog.start_button.isEnabled()
    assert "不在中国境内" in dialog.crs_note.text() or "远离项目范围" in dialog.crs_note.text()
    dialog.crs_box.setCurrentIndex(dialog.crs_box.findData("EPSG:4526"))
    dialog.confirm_box.setChecked(True)
    run(qtbot, dialog)
    assert "坐标系：CGCS2000 3度带高斯-克吕格 第38带" in dialog.report_view.details.text()
    sites = sites_by_name(world_project)
    for name, _, _, x, y in SITES:
        assert np.hypot(sites[name].geom.x - x, sites[name].geom.y - y) < METRE_DEG


def test_gcj02_workbook_needs_no_crs_confirmation(qtbot, open_dialog, world_project, tmp_path):
    dialog = open_dialog(files.gcj_workbook(tmp_path))
    assert dialog.xy_widget.isVisibleTo(dialog) and dialog.x_box.currentText() == "经度"
    assert not dialog.start_button.isEnabled()                     # no CRS in a spreadsheet: confirm or say Amap
    dialog.coords_box.setCurrentIndex(dialog.coords_box.findData("gcj02"))
    assert not dialog.crs_box.isEnabled() and dialog.start_button.isEnabled()
    run(qtbot, dialog)
    sites = sites_by_name(world_project)
    for name, _, _, x, y in SITES:
        assert np.hypot(sites[name].geom.x - x, sites[name].geom.y - y) < METRE_DEG


def test_cancel_during_the_write_leaves_the_project_unchanged(qtbot, open_dialog, world_project, tmp_path,
                                                              monkeypatch):
    import gis.bulk

    dialog = open_dialog(files.gbk_shapefile_without_cpg(tmp_path))
    real = gis.bulk.bulk_insert
    inserted = []

    def insert_then_cancel(s, frames):   # rows are in the open transaction when the user cancels
        real(s, frames)
        inserted.append(len(next(iter(frames.values()))))
        dialog.job.cancel()

    monkeypatch.setattr(gis.bulk, "bulk_insert", insert_then_cancel)
    before = counts(world_project)
    run(qtbot, dialog)
    assert inserted == [3]
    assert "已取消" in dialog.result_title.text()
    assert counts(world_project) == before
    assert dialog.close_button.isEnabled() and not dialog.cancel_button.isVisible()


def test_cancel_button_stops_the_import(qtbot, open_dialog, world_project, tmp_path, monkeypatch):
    import threading

    import gis.io.importer

    dialog = open_dialog(files.gbk_shapefile_without_cpg(tmp_path))
    release = threading.Event()
    real = gis.io.importer.prepare

    def held(*args, **kw):   # the worker waits here until the user has clicked 取消导入
        release.wait(10)
        return real(*args, **kw)

    monkeypatch.setattr(gis.io.importer, "prepare", held)
    before = counts(world_project)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.cancel_button.isVisible() and not dialog.close_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.cancel_button.text() == "正在取消…"
    release.set()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30_000)
    assert "已取消" in dialog.result_title.text()
    assert counts(world_project) == before


def test_rejected_rows_are_reported_saved_and_can_be_skipped(qtbot, open_dialog, world_project, tmp_path):
    df = files.sites_frame()
    df.loc[1, "行业"] = "火锅"                       # not a category
    df.loc[2, "geometry"] = Point(13.3, 33.6)        # in the Sahara
    dialog = open_dialog(files.write_shp(df, tmp_path / "有问题.shp"))
    before = counts(world_project)
    run(qtbot, dialog)
    assert "未导入任何数据" in dialog.result_title.text()
    assert counts(world_project) == before
    table = dialog.report_view.table
    rows = [[table.item(r, c).text() for c in range(5)] for r in range(table.rowCount())]
    assert any(r[:4] == ["拒绝", "有问题.shp", "2", "行业"] and "火锅" in r[4] for r in rows)
    assert any(r[:4] == ["拒绝", "有问题.shp", "3", "几何"] and "超出中国范围" in r[4] for r in rows)
    saved = dialog.report_view.save(tmp_path / "报告.xlsx")
    detail = list(load_workbook(saved)["明细"].iter_rows(values_only=True))
    assert detail[0] == ("类型", "文件", "要素序号", "字段", "原因")
    assert any(r[:4] == ("拒绝", "有问题.shp", 2, "行业") and "火锅" in r[4] for r in detail[1:])
    assert dialog.partial_button.isVisible() and "其余 1 行" in dialog.partial_button.text()
    qtbot.mouseClick(dialog.partial_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30_000)
    assert "导入完成" in dialog.result_title.text()
    assert counts(world_project)["site"] == before["site"] + 1


def test_mapping_chosen_in_the_table_is_used_and_saved_as_template(qtbot, open_dialog, world_project, tmp_path):
    dialog = open_dialog(files.gbk_shapefile_without_cpg(tmp_path))
    dialog.set_mapping("address", None)                 # 地址 not imported as the address …
    dialog.set_mapping("contact_name", "地址")          # … but (oddly) as the contact
    assert dialog.chosen_columns()["contact_name"] == "地址" and "address" not in dialog.chosen_columns()
    path = dialog.save_template_as("测绘队模板")
    assert path.exists() and "测绘队模板" in mapping.templates()
    assert dialog.template_box.currentText() == "测绘队模板"
    run(qtbot, dialog)
    site = sites_by_name(world_project)["荆山液化气站"]
    assert site.contact_name == "荆山路99号" and site.address is None
    (tmp_path / "again").mkdir()
    reopened = open_dialog(files.gbk_shapefile_without_cpg(tmp_path / "again"))
    reopened.template_box.setCurrentText("测绘队模板")
    assert reopened.chosen_columns()["contact_name"] == "地址" and "address" not in reopened.chosen_columns()


def test_a_damaged_file_shows_its_message_and_cannot_start(qtbot, open_dialog, tmp_path):
    path = files.truncate(files.gcj_workbook(tmp_path))
    dialog = open_dialog(path)
    assert "高德坐标企业名单.xlsx" in dialog.error_label.text() and "损坏" in dialog.error_label.text()
    assert "Traceback" not in dialog.error_label.text()
    assert not dialog.start_button.isEnabled()


def test_screenshots_of_both_steps(qtbot, open_dialog, tmp_path, artifacts):
    df = files.sites_frame("EPSG:4526")
    df.loc[1, "行业"] = "火锅"
    dialog = open_dialog(files.write_shp(df, tmp_path / "测量成果.shp", prj=False))
    dialog.resize(1100, 760)
    qtbot.wait(50)
    assert dialog.grab().save(str(artifacts / "import_dialog_settings.png"))
    dialog.confirm_box.setChecked(True)
    run(qtbot, dialog)
    qtbot.wait(50)
    assert dialog.grab().save(str(artifacts / "import_dialog_report.png"))


def test_coordinate_columns_not_recognised_are_chosen_by_the_user(qtbot, open_dialog, world_project, tmp_path):
    path = tmp_path / "台账.csv"
    path.write_text("单位名称,行业类别,位置E,位置N\n顺达五金店,九小场所,113.215,33.615\n", encoding="utf-8")
    dialog = open_dialog(path)
    assert "找不到坐标列" in dialog.error_label.text() and not dialog.start_button.isEnabled()
    assert dialog.xy_widget.isVisibleTo(dialog) and dialog.x_box.currentText() == "（请选择）"
    dialog.x_box.setCurrentText("位置E")
    dialog.x_box.activated.emit(dialog.x_box.currentIndex())
    assert dialog.src is None                          # one column is not enough
    dialog.y_box.setCurrentText("位置N")
    dialog.y_box.activated.emit(dialog.y_box.currentIndex())
    assert dialog.error_label.text() == "" and dialog.src is not None
    assert dialog.chosen_columns()["name"] == "单位名称"
    dialog.encoding_box.setCurrentIndex(dialog.encoding_box.findData("utf-8"))   # re-read keeps the columns
    assert dialog.src is not None and dialog.src.xy_columns == ("位置E", "位置N")
    dialog.confirm_box.setChecked(True)
    run(qtbot, dialog)
    assert sites_by_name(world_project)["顺达五金店"].geom.equals_exact(Point(113.215, 33.615), 1e-9)


@pytest.mark.parametrize("case", ["far_cell", "string_bomb"])
def test_choosing_a_spreadsheet_bomb_shows_the_refusal(qtbot, open_dialog, tmp_path, case):
    """Issue 18: choosing the 1.6 KB file with a cell at XFD1048576 killed the window (the preview read it
    with calamine, which aborted); now the preview refuses it through the same budgets as the import."""
    from tests.io.test_hostile_files import XLSX_BOMBS

    make, message = XLSX_BOMBS[case]
    dialog = open_dialog(make(tmp_path / "企业.xlsx"))
    text = dialog.error_label.text()
    assert "企业.xlsx" in text and re.search(message, text), text
    assert not dialog.start_button.isEnabled()
