"""Issue 19's "Done when", as a first-time township office user at 1366×768 does it, with real widgets and clicks,
all in the project they create: 文件 → 新建项目…, then from the first-run guide import the township's and villages'
boundaries, the grids, the 网格员名册 (人员名册) and the sites; record a hazard under their own name; plan next week's
patrols and print next week's route sheets — only those — and be offered the file."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.desktop.test_new_project import fill_new_project
from tests.windows import private_settings


def menu_action(window, menu_title: str, text: str):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith(menu_title))
    return next(a for a in menu.actions() if a.text().replace("&", "").startswith(text))


class Yes:
    """Click 是/Yes on the next question box, noting its text."""

    def __init__(self, qtbot) -> None:
        self.texts: list[str] = []
        self.qtbot = qtbot
        self.timer = QTimer()
        self.timer.timeout.connect(self._poll)
        self.timer.start(50)

    def _poll(self) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            self.texts.append(box.text())
            self.timer.stop()
            self.qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)


def township_files(folder) -> dict[str, object]:
    """What a township office is handed: its boundary, two villages, two grids in each (GeoJSON, CGCS2000 degrees),
    the 网格员名册 of those grids (CSV) and a sites table (CSV)."""
    import json

    from shapely.geometry import box, mapping

    def geojson(name: str, rows: list[tuple[dict, object]]):
        path = folder / name
        path.write_text(json.dumps({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": props, "geometry": mapping(geom)} for props, geom in rows]},
            ensure_ascii=False), encoding="utf-8")
        return path

    west, east = box(113.32, 33.715, 113.33, 33.73), box(113.33, 33.715, 113.34, 33.73)
    villages = [("410411001001", "荆山村", west), ("410411001002", "南苑社区", east)]
    grids = []
    for code, name, v in villages:
        x0, y0, x1, y1 = v.bounds
        grids += [({"网格编码": f"{code}001", "名称": f"{name}第1网格"}, box(x0, (y0 + y1) / 2, x1, y1)),
                  ({"网格编码": f"{code}002", "名称": f"{name}第2网格"}, box(x0, y0, x1, (y0 + y1) / 2))]
    people = folder / "网格员名册.csv"
    people.write_text("姓名,联系电话,单位,职务,角色,网格,村（社区）\n"
                      "李秀英,13903750001,荆山村委会,网格员,专职网格员,荆山村第1网格,荆山村\n"
                      "陈国华,13903750002,南苑社区居委会,网格员,网格员,南苑社区第1网格,南苑社区\n"
                      "王建国,13903750003,荆山街道办事处,安监站长,网格长,荆山村第2网格,荆山村\n", encoding="utf-8")
    sites = folder / "企业场所.csv"
    sites.write_text("名称,场所类别,地址,经度,纬度\n"
                     "荆山五金加工厂,工贸企业,建设路12号,113.3255,33.7251\n"
                     "南苑百货店,九小场所,湛河路88号,113.3351,33.7256\n", encoding="utf-8")
    return {"townships": geojson("乡镇边界.geojson", [({"行政区划代码": "410411001", "名称": "荆山街道"},
                                                      box(113.32, 33.715, 113.34, 33.73))]),
            "villages": geojson("村边界.geojson", [({"行政区划代码": c, "名称": n}, g) for c, n, g in villages]),
            "grids": geojson("网格.geojson", grids), "people": people, "sites": sites}


def click_step(qtbot, guide, step: str) -> None:
    """A step of the guide: from its bar when it is the next one, else from 全部步骤…."""
    if guide.bar.isVisible() and guide.next_key != step:
        qtbot.mouseClick(guide.expand_button, Qt.MouseButton.LeftButton)
    button = guide.next_button if guide.bar.isVisible() else guide.buttons[step]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def import_from_guide(qtbot, data, step: str, path, layer: str) -> str:
    """Click the guide's step, choose the file (and the layer), confirm the coordinates if asked, 开始导入."""
    click_step(qtbot, data.guide, step)
    dialog = data.import_dialog
    dialog.file_edit.setText(str(path))
    dialog.set_file(str(path))
    dialog.layer_box.setCurrentIndex(dialog.layer_box.findData(layer))
    if dialog.confirm_box.isVisible():            # no coordinate system in a CSV: the user confirms the proposal
        dialog.confirm_box.setChecked(True)
    assert dialog.start_button.isEnabled(), dialog.error_label.text()
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_title.text().startswith(("导入完成", "未导入", "导入失败")), timeout=20_000)
    title = dialog.result_title.text()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    return title


class Answer:
    """Accept the next information box (an import's summary), noting its text."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.timer = QTimer()
        self.timer.timeout.connect(self._poll)
        self.timer.start(50)

    def _poll(self) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            self.texts.append(box.text())
            self.timer.stop()
            box.accept()


def test_a_first_time_user_creates_imports_records_and_prints_next_weeks_sheets(qtbot, monkeypatch, tmp_path):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog
    from sqlalchemy import select

    from desktop import main_window, qsettings
    from gis.model import Hazard, HazardEvent, PatrolAssignment, Site

    saved = private_settings(monkeypatch)
    monkeypatch.setattr(qsettings, "settings", lambda: saved)     # the operator and folders the views remember
    saved["project/last"] = str(tmp_path / "上次.gridsafe")          # the new project goes beside the last one
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)

    # 1. 新建项目: the township, its code, the county, and who is creating it
    fill_new_project(qtbot, w, "荆山街道", "410411001", "湛河区", tmp_path, operator="王建国")
    assert w.windowTitle().startswith("荆山街道") and w.operator.actor().name == "王建国"
    data = next(f for f in w.features if type(f).__name__ == "DataFeature")
    qtbot.waitUntil(lambda: data.guide is not None and data.guide.isVisible())
    w.grab().save(str(tmp_path / "1_new_project.png"))

    # 2. the guide's steps: boundaries (township, then villages), grids, the 网格员名册, sites
    files = township_files(tmp_path)
    assert import_from_guide(qtbot, data, "boundaries", files["townships"], "townships").startswith("导入完成：1 条")
    # something on the map: the guide is a bar at the map's top offering the next step, the map free below it
    assert data.guide.bar.isVisible() and not data.guide.full.isVisible() and data.guide.next_key == "grids"
    assert data.guide.geometry().top() <= 8 and data.guide.height() < 60
    data.guide.grab().save(str(tmp_path / "guide_bar.png"))
    assert import_from_guide(qtbot, data, "boundaries", files["villages"], "villages").startswith("导入完成：2 条")
    assert import_from_guide(qtbot, data, "grids", files["grids"], "grids").startswith("导入完成：4 条")
    assert data.guide.isVisible() and data.guide.numbers["grids"].text() == "✓"      # steps done are ticked
    assert data.guide.numbers["people"].text() == "3"

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(files["people"]), ""))
    answer = Answer()
    click_step(qtbot, data.guide, "people")                                      # opens 人员名册 and its import
    people = next(f for f in w.features if type(f).__name__ == "PeopleFeature")
    qtbot.waitUntil(lambda: bool(answer.texts), timeout=20_000)
    assert "新增人员 2 人" in answer.texts[0] and "新增角色 3 个" in answer.texts[0], answer.texts
    qtbot.waitUntil(lambda: not people.view.is_busy() and len(people.view.people) == 3)
    roles = {people.view.model.person(r).name: people.view.model.data(people.view.model.index(r, 5))
             for r in range(people.view.model.rowCount())}
    assert roles == {"李秀英": "网格员（荆山村第1网格）", "陈国华": "网格员（南苑社区第1网格）",
                     "王建国": "网格长（荆山村第2网格）"}          # 王建国 (who created it) got his role and phone, no twin
    qtbot.waitUntil(lambda: data.guide.numbers["people"].text() == "✓")
    w.grab().save(str(tmp_path / "2_people.png"))

    assert import_from_guide(qtbot, data, "sites", files["sites"], "sites") == "导入完成：2 条数据已导入“企业场所”"
    qtbot.waitUntil(lambda: not data.guide.isVisible())          # sites arrived: the guide has gone
    assert len(w.stack.sources["sites"]) == 2

    # 3. click the site on the map, 新增隐患 in the identify panel, describe it, 登记
    hazard_feature = next(f for f in w.features if type(f).__name__ == "HazardFeature")
    w.canvas.zoom_to_feature("sites", 0, select=False)
    qtbot.wait(50)
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=w.canvas.rect().center())
    qtbot.waitUntil(lambda: w.identify_panel.current is not None and w.identify_panel.current[0] == "sites")
    qtbot.mouseClick(hazard_feature.new_button, Qt.MouseButton.LeftButton)
    form = next(f for f in QApplication.topLevelWidgets() if type(f).__name__ == "HazardForm" and f.isVisible())
    form.description.setPlainText("车间消防通道堆放货物")
    assert form.actor_name() == "王建国"                       # the operator signs, nobody else by default
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "已登记隐患" in form.message(), form.message()
    form.grab().save(str(tmp_path / "3_hazard.png"))
    with w.project.session() as s:
        hazard = s.scalars(select(Hazard)).one()
        site_name = s.scalar(select(Site.name).where(Site.id == hazard.site_id))
        actors = set(s.scalars(select(HazardEvent.actor_name).where(HazardEvent.hazard_id == hazard.id)))
    assert site_name == w.identify_panel.feature_name(*w.identify_panel.current) and actors == {"王建国"}
    form.hide()

    # 4. next week's route sheets of this township's own grids, by its own 网格员
    menu_action(w, "巡查", "巡查计划").trigger()
    patrols = next(f for f in w.features if type(f).__name__ == "Patrols")
    planner = patrols.planner
    next(a for a in planner.quick.menu().actions() if a.text() == "下周").trigger()
    next_week = planner.period.label
    qtbot.mouseClick(planner.generate, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: planner.job is None and "生成巡查任务" in planner.status.text(), timeout=30_000)

    menu_action(w, "巡查", "巡查任务").trigger()
    tasks = patrols.assignments
    dock = patrols.docks["assignments"]
    qtbot.waitUntil(lambda: dock.width() >= 0.6 * w.width())    # a tab with room, not squeezed beside 人员名册
    assert w.tabifiedDockWidgets(dock)
    next(a for a in tasks.period.menu.actions() if a.text() == "下周").trigger()
    assert tasks.period.text() == next_week
    with w.project.session() as s:
        week_ids = set(s.scalars(select(PatrolAssignment.id).where(PatrolAssignment.period == next_week)))
    assert week_ids and {r["id"] for r in tasks.rows} == week_ids
    out = tmp_path / "路线单.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    printed: list[list[int]] = []
    from desktop.services import patrols as service

    real = service.print_sheets
    monkeypatch.setattr(service, "print_sheets", lambda project, path, *, assignment_ids, **kw: (
        printed.append(list(assignment_ids)) or real(project, path, assignment_ids=assignment_ids, **kw)))
    yes = Yes(qtbot)
    qtbot.mouseClick(tasks.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks.printing is None and bool(printed), timeout=60_000)
    assert set(printed[0]) == week_ids                             # next week's sheets, only those
    assert f"{len(week_ids)} 张路线单" in yes.texts[0]
    assert out.exists() and out.read_bytes().startswith(b"%PDF")
    assert tasks.open_file.isVisibleTo(tasks) and "已保存" in tasks.filter_note.text()
    w.grab().save(str(tmp_path / "4_sheets.png"))
    qtbot.mouseClick(tasks.open_file, Qt.MouseButton.LeftButton)
    assert opened == [str(out)]
