"""文件 → 新建项目… asks what a township office knows, and the project keeps it: the window title, the status
bar, the wall map's default area and the import dialog's coordinate system follow; `gridsafe init` takes the same."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop.cli import main
from gis import store
from gis.errors import ValidationError
from gis.township import HomeTownship, founder, home_township, parse_area_code, project_crs
from tests.windows import private_settings

TOWN = {"type": "Feature", "properties": {"code": "410411001", "name": "荆山街道"},
        "geometry": {"type": "Polygon", "coordinates": [[[113.30, 33.70], [113.34, 33.70], [113.34, 33.73],
                                                         [113.30, 33.73], [113.30, 33.70]]]}}


def test_area_code_checks():
    assert parse_area_code("410411001") == ("410411001", "410411")
    assert parse_area_code(" 410411001000 ") == ("410411001", "410411")
    for bad, says in (("41041100", "9 位或 12 位"), ("410411001002", "村（社区）"), ("410411000", "区县"),
                      ("4104110a1", "非数字"), ("", "请填写")):
        with pytest.raises(ValidationError, match=says):
            parse_area_code(bad)


def test_township_import_finds_its_county(project_url, tmp_path):
    """A project made for a township has its county, so 导入 乡镇（街道） boundaries is accepted (before, a new
    project had no county and refused every township). SQLite and PostgreSQL alike."""
    from gis.io.importer import ImportOptions, import_file

    home = HomeTownship.checked("荆山街道", "410411001000", "湛河区", "EPSG:4547", operator="王建国")
    src = tmp_path / "town.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": [TOWN]}), encoding="utf-8")
    with store.create_project(project_url, home=home) as project:
        report = import_file(project, src, ImportOptions("townships", crs="EPSG:4490"))
        assert report.imported == 1
        with project.session() as s:
            assert home_township(s) == ("410411001", "荆山街道")
            assert project_crs(s) == "EPSG:4547" and founder(s)[1] == "王建国"


def test_cli_init_takes_the_township(tmp_path, capsys):
    path = tmp_path / "cli.gridsafe"
    assert main(["init", str(path), "--township", "荆山街道", "--code", "410411001", "--district", "湛河区",
                 "--crs", "4547", "--operator", "王建国"]) == 0
    with store.open_project(path, readonly=True) as project, project.session() as s:
        assert home_township(s) == ("410411001", "荆山街道") and project_crs(s) == "EPSG:4547"
        assert founder(s)[1] == "王建国"
    capsys.readouterr()
    assert main(["init", str(tmp_path / "bad.gridsafe"), "--township", "荆山街道", "--code", "41041100",
                 "--district", "湛河区"]) == 2
    assert "9 位或 12 位" in capsys.readouterr().err
    assert not (tmp_path / "bad.gridsafe").exists()


def fill_new_project(qtbot, window, name: str, code: str, district: str, folder, operator: str = "",
                     look=None) -> list[str]:
    """文件 → 新建项目… as a user does it (in the interface's language): a wrong code first (the dialog says why and
    stays), then the right one. `look(dialog)`, if given, sees the dialog once filled. Returns the errors the dialog
    showed."""
    from PySide6.QtCore import QCoreApplication

    from desktop.views.project.new_project_dialog import NewProjectDialog

    seen, errors = [], []

    def poll():
        d = QApplication.activeModalWidget()
        if not isinstance(d, NewProjectDialog) or not d.isVisible():
            return
        if not seen:
            seen.append(d)
            assert str(d.folder) == str(folder), "the dialog starts in the last folder used"
            d.name_edit.setText(name)
            d.district_edit.setText(district)
            d.operator_edit.setText(operator)
            d.code_edit.setText(code[:-1])   # one digit short
            qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
            errors.append(d.error.text() if d.error.isVisible() else "")
            d.code_edit.setText(code)
            if look is not None:
                look(d)
            assert d.path_edit.text().endswith(name + ".gridsafe")
            qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
            timer.stop()

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(50)
    file_menu = QCoreApplication.translate("MainWindow", "文件(&F)")
    new = QCoreApplication.translate("MainWindow", "新建项目(&N)…")
    action = next(a for a in window.menuBar().actions() if a.text() == file_menu).menu()
    next(a for a in action.actions() if a.text() == new).trigger()
    timer.stop()
    assert seen, "新建项目 showed its dialog"
    return errors


def test_new_project_dialog_names_the_township(qtbot, monkeypatch, tmp_path):
    from desktop import main_window

    saved = private_settings(monkeypatch)
    saved["project/last"] = str(tmp_path / "old.gridsafe")     # the last folder used
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    errors = fill_new_project(qtbot, w, "荆山街道", "410411001", "湛河区", tmp_path, operator="王建国")
    assert "9 位或 12 位" in errors[0]
    assert w.project is not None and w.project.url.endswith("荆山街道.gridsafe")
    assert w.windowTitle().startswith("荆山街道")
    assert "荆山街道 410411001" in w.status.text()
    with w.project.session() as s:
        assert home_township(s) == ("410411001", "荆山街道")
    assert w.operator.actor().name == "王建国"   # who created it signs: the new project has no one else


def test_import_of_a_file_without_crs_starts_on_the_projects_system(qtbot, tmp_path):
    """6-digit Gauss-Krüger eastings say nothing of their zone, and a new project has no extent to guess it from:
    the import dialog starts on the zone 新建项目 named (CM 111°E here), not on the default zone (CM 114°E).
    Longitude/latitude files stay CGCS2000 geographic."""
    from desktop.views.data.import_dialog import ImportDialog

    home = HomeTownship.checked("荆山街道", "410411001", "湛河区", "EPSG:4546")
    gk = tmp_path / "gk.csv"
    gk.write_text("名称,场所类别,X,Y\n甲厂,工贸企业,512345.6,3731234.5\n乙厂,工贸企业,513345.6,3732234.5\n",
                  encoding="utf-8")
    lonlat = tmp_path / "ll.csv"
    lonlat.write_text("名称,场所类别,经度,纬度\n甲厂,工贸企业,113.3285,33.7221\n", encoding="utf-8")
    with store.create_project(tmp_path / "p.gridsafe", home=home) as project:
        dialog = ImportDialog(project, str(gk), layer="sites")
        qtbot.addWidget(dialog)
        assert dialog.crs_check.proposal.crs == "EPSG:4547"      # what the coordinates alone suggest
        assert dialog.chosen_crs() == "EPSG:4546" and dialog.needs_confirmation()
        dialog.set_file(str(lonlat))
        assert dialog.chosen_crs() == "EPSG:4490"


def test_wall_map_starts_on_the_projects_township(qtbot, monkeypatch, demo_file):
    """打印网格管理图 offers the project's township first (the demo's 荆山街道), not the county listed first."""
    from PySide6.QtWidgets import QInputDialog

    from tests.windows import open_demo

    w = open_demo(qtbot, monkeypatch, demo_file, (1366, 768), operator=False)
    offered = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda parent, title, label, items, current, editable:
                        (offered.append(items[current]), ("", False))[1])
    fire = next(f for f in w.features if type(f).__name__ == "FireFeature")
    fire.print_wall_map()
    assert offered and offered[0].startswith("荆山街道（410411")
