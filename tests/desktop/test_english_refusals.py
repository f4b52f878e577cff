"""Refusals made in gis/ reach the English window in English (issue 19, "English that is whole"): a bad file in the
import dialog, rows that fail the import's checks, a hazard form the rules refuse, a crafted project and its repair."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from shapely.geometry import Point

from desktop.views.data.import_dialog import ImportDialog
from desktop.views.hazards.form import HazardForm
from tests.io import files
from tests.io.files import counts


@pytest.fixture
def open_dialog(qtbot, world_project):
    def make(path):
        dialog = ImportDialog(world_project, str(path), layer="sites")
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog
    return make


def test_a_bad_file_is_refused_in_english_naming_it(qtbot, english, open_dialog, world_project, tmp_path):
    path = tmp_path / "企业名录.xlsx"
    path.write_text("名称,经度,纬度\n甲,113.1,33.8\n", encoding="utf-8")   # a CSV saved under an xlsx name
    before = counts(world_project)
    dialog = open_dialog(path)
    shown = dialog.error_label.text()
    assert shown.startswith("File 企业名录.xlsx does not contain Excel (xlsx)"), shown
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in shown.replace("企业名录", "")), shown   # no Chinese left
    assert not dialog.start_button.isEnabled()
    assert counts(world_project) == before


def test_rejected_rows_are_listed_in_english(qtbot, english, open_dialog, world_project, tmp_path):
    df = files.sites_frame()
    df.loc[1, "行业"] = "火锅"                       # not a category
    df.loc[2, "geometry"] = Point(13.3, 33.6)        # in the Sahara
    dialog = open_dialog(files.write_shp(df, tmp_path / "有问题.shp"))
    before = counts(world_project)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30_000)
    assert counts(world_project) == before
    message = dialog.result_message.text()
    assert message.startswith("2 features of file 有问题.shp did not pass the checks; nothing was imported"), message
    table = dialog.report_view.table
    rows = [[table.item(r, c).text() for c in range(5)] for r in range(table.rowCount())]
    assert any(r[:4] == ["Rejected", "有问题.shp", "2", "行业"] and r[4].startswith('"火锅" is not a valid site')
               for r in rows), rows
    assert any(r[:4] == ["Rejected", "有问题.shp", "3", "geometry"] and "outside China" in r[4] for r in rows), rows
    from openpyxl import load_workbook

    # 保存报告…: the workbook says it as the window does
    book = load_workbook(dialog.report_view.save(tmp_path / "report.xlsx"))
    assert book.sheetnames == ["Summary", "Details"]
    saved = [list(r) for r in book["Details"].iter_rows(min_row=2, values_only=True)]
    assert [[str(v) for v in r] for r in saved] == rows


def test_the_hazard_form_refuses_in_english(qtbot, english, world_project):
    site = world_project.names["sites"]["鑫源机械加工厂"]
    form = HazardForm(world_project, actor="刘芳", link=("site_id", site))
    qtbot.addWidget(form)
    form.show()
    form.save_button.click()                                  # no description: the rules refuse it
    assert form.hazard_id is None
    assert form.message() == "The hazard description cannot be empty", form.message()
    form.description.setPlainText("配电箱门未上锁")
    form.save_button.click()
    assert form.hazard_id is not None, form.message()
    form.buttons["assign"].click()                            # the five fixes are missing
    assert form.status == "registered"
    message = form.message()
    assert message.startswith(f'Cannot assign hazard "{form.code}": The five fixes are incomplete; missing: '
                              "Person responsible, Measures, Deadline"), message


def test_a_crafted_project_is_refused_and_repaired_in_english(qtbot, english, tmp_path, monkeypatch):
    """The refusal names the foreign trigger and the changed one in English; after 是 the repair says what it did."""
    from PySide6.QtWidgets import QMessageBox

    from desktop import main_window
    from gis import store
    from tests import smallworld
    from tests.storage.test_untrusted_projects import CHANGED_BODY, HAN, MOVE_DEADLINES, craft
    from tests.windows import private_settings

    private_settings(monkeypatch)
    honest = tmp_path / "honest.gridsafe"
    with store.create_project(honest) as p, p.transaction() as s:
        smallworld.build(s)
    path = craft(honest, tmp_path, MOVE_DEADLINES, *CHANGED_BODY)
    asked, told = [], []
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    w.show()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *a: asked.append(text) or QMessageBox.StandardButton.No)
    assert not w.open_project(str(path))
    assert "Objects gridsafe did not create: trigger keep_quiet (on table site)" in asked[0], asked
    assert "gridsafe's objects that were changed: trigger hazard_event_no_update (on table hazard_event)" in asked[0]
    assert not HAN.search(asked[0]), asked[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    assert w.open_project(str(path))
    assert told[0].startswith("Backup made before the repair: ") and not HAN.search(told[0]), told
    assert "Dropped: trigger keep_quiet, trigger hazard_event_no_update" in told[0]
    assert "Restored: trigger hazard_event_no_update" in told[0]
    w.close_project()
