"""Issue 19's "Done when", as a first-time township office user at 1366×768 does it, with real widgets and clicks:
create a project (文件 → 新建项目…), import a small sites file from the first-run guide, record a hazard under
their own name, then print next week's route sheets — only those — and be offered the file.

A new project has no roster of 网格员 and no grids (nothing in the window adds people), so the route sheets are
planned and printed on the demo township, as a new user tries them (文件 → 打开示例项目)."""
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


def test_a_first_time_user_creates_imports_records_and_prints_next_weeks_sheets(
        qtbot, monkeypatch, tmp_path, demo_copy):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog
    from sqlalchemy import select

    from desktop import main_window, qsettings
    from gis.model import Hazard, HazardEvent, PatrolAssignment, Person, Site

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

    # 2. the guide's step 3: import a small sites table
    sites = tmp_path / "企业场所.csv"
    sites.write_text("名称,场所类别,地址,经度,纬度\n"
                     "荆山五金加工厂,工贸企业,建设路12号,113.3285,33.7221\n"
                     "荆山百货店,九小场所,湛河路88号,113.3341,33.7198\n", encoding="utf-8")
    qtbot.mouseClick(data.guide.buttons["sites"], Qt.MouseButton.LeftButton)
    dialog = data.import_dialog
    assert dialog.layer_box.currentData() == "sites"
    dialog.file_edit.setText(str(sites))
    dialog.set_file(str(sites))
    if dialog.confirm_box.isVisible():            # no coordinate system in a CSV: the user confirms the proposal
        dialog.confirm_box.setChecked(True)
    assert dialog.start_button.isEnabled(), dialog.error_label.text()
    dialog.grab().save(str(tmp_path / "2_import.png"))
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_title.text().startswith(("导入完成", "未导入", "导入失败")), timeout=20_000)
    assert dialog.result_title.text() == "导入完成：2 条数据已导入“企业场所”", dialog.result_message.text()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not data.guide.isVisible())          # data arrived: the guide has gone
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

    # 4. next week's route sheets, on the demo township
    assert w.open_project(str(demo_copy))
    with w.project.session() as s:
        w.operator.set(*s.execute(select(Person.id, Person.name).order_by(Person.id).limit(1)).one())
    menu_action(w, "巡查", "巡查计划").trigger()
    patrols = next(f for f in w.features if type(f).__name__ == "Patrols")
    planner = patrols.planner
    next(a for a in planner.quick.menu().actions() if a.text() == "下周").trigger()
    next_week = planner.period.label
    planner.all_grids.setChecked(False)
    planner.grids.item(0).setSelected(True)                    # one grid keeps the test short
    qtbot.mouseClick(planner.generate, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: planner.job is None and "生成巡查任务" in planner.status.text(), timeout=30_000)

    menu_action(w, "巡查", "巡查任务").trigger()
    tasks = patrols.assignments
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
