"""Issue 19, "small dead ends", as a user meets them on the demo: the 新增隐患 form asks before typed text is lost,
one 新增隐患 action, 为所选要素新增隐患 only with a feature shown, one 隐患台账 entry, step results that say what
happened, 导出地图图片 says where it saved, save dialogs start in the last folder used, …"""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.windows import Answer, open_demo

SHOTS = Path(__file__).resolve().parents[1] / "_artifacts" / "dead_ends"


def shot(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def feature(w, name):
    return next(f for f in w.features if type(f).__name__ == name)


def menu_texts(menu) -> list[str]:
    return [a.text().replace("&", "").split("(")[0].rstrip("…") for a in menu.actions() if not a.isSeparator()]


def action(menu, text):
    return next(a for a in menu.actions() if a.text().replace("&", "").startswith(text))


@pytest.fixture
def window(qtbot, monkeypatch, demo_copy, settings):
    return open_demo(qtbot, monkeypatch, demo_copy)


# --- the hazard menu, form and buttons ----------------------------------------------------------------------------

def test_hazard_form_asks_before_typed_text_is_lost_and_has_a_cancel_button(qtbot, window):
    f = feature(window, "HazardFeature")
    form = f.new_hazard()
    qtbot.waitExposed(form)
    assert form.cancel_button.isVisible() and form.cancel_button.text() == "取消"
    qtbot.keyClick(form, Qt.Key.Key_Escape)                      # nothing typed: Esc just closes
    assert not form.isVisible()

    form = f.new_hazard()
    qtbot.waitExposed(form)
    form.description.setPlainText("配电箱未上锁")                   # typed (QTest types ASCII only)
    asked = Answer(qtbot, "继续填写", shot=lambda box: shot(box, "discard_question"))
    qtbot.keyClick(form.description, Qt.Key.Key_Escape)
    assert asked.texts == ["放弃已填写的内容？"]
    assert form.isVisible() and form.description.toPlainText() == "配电箱未上锁"   # kept
    asked = Answer(qtbot, "继续填写")
    form.close()                                                  # the window's close button
    assert asked.texts == ["放弃已填写的内容？"] and form.isVisible()
    shot(form, "hazard_form_new")
    asked = Answer(qtbot, "放弃")
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    assert asked.texts == ["放弃已填写的内容？"] and not form.isVisible()

    form = f.open_hazard(59)                                      # an existing hazard: its unsaved edits count
    qtbot.waitExposed(form)
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()                                   # opened and left as it was: no question
    form = f.open_hazard(59)
    qtbot.waitExposed(form)
    form.note.setText("note")
    asked = Answer(qtbot, "放弃")
    qtbot.keyClick(form.note, Qt.Key.Key_Escape)
    assert asked.texts == ["放弃已填写的内容？"] and not form.isVisible()


def test_one_new_hazard_action_and_new_for_the_shown_feature_only_with_a_feature_shown(qtbot, window):
    w, f = window, feature(window, "HazardFeature")
    menu = w.feature_menu("隐患")
    texts = menu_texts(menu)
    assert texts.count("隐患台账") == 1, texts                     # one entry, not the dock's toggle as well
    new_for = action(menu, "为所选要素新增隐患")
    assert not new_for.isEnabled()                                 # nothing shown on the identify panel
    f.show_ledger()
    ledger = f.ledger
    ledger.new_button.click()                                      # the ledger's button is the menu's action
    assert f.forms and f.forms[-1].link_object.currentData() is None
    f.forms[-1].reject()
    action(menu, "新增隐患").trigger()
    assert len(f.forms) == 1 and f.forms[-1].link_object.currentData() is None
    f.forms[-1].reject()

    canvas, panel = w.canvas, w.identify_panel
    sites = w.stack.sources["sites"]
    canvas.zoom_to_feature("sites", 0, select=False)
    qtbot.wait(50)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.rect().center())
    qtbot.waitUntil(lambda: panel.current is not None)
    assert new_for.isEnabled() == (panel.current[0] in ("sites", "lines", "zones", "grids", "roads", "gas_pipes")
                                   or f._linkable(panel.current[0]))
    panel.show_feature("sites", 0)
    assert new_for.isEnabled() and f.new_button.isVisible() and f.new_button.text() == "为此要素新增隐患…"
    qtbot.mouseClick(f.new_button, Qt.MouseButton.LeftButton)     # the identify panel's button: the same action
    form = f.forms[-1]
    assert form.link_kind.currentData() == "site_id" and form.link_object.currentData() == int(sites.layer.ids[0])
    form.reject()
    new_for.trigger()
    assert f.forms[-1].link_object.currentData() == int(sites.layer.ids[0])
    f.forms[-1].reject()
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)                      # selection cleared …
    assert not new_for.isEnabled()                                 # … and the action follows
    assert f.new_button.isEnabled()                                # (the panel's button is for the feature shown)
    w.show_feature("sites", 1)                                     # selected again (a search, a list)
    assert new_for.isEnabled()
    panel.clear()
    assert not new_for.isEnabled()


def test_a_step_result_says_the_step_was_recorded_not_that_the_work_is_finished(qtbot, window):
    from sqlalchemy import select

    from gis.model import Hazard

    w, f = window, feature(window, "HazardFeature")
    with w.project.session() as s:
        hid = s.scalars(select(Hazard.id).where(Hazard.status == "assigned").order_by(Hazard.id)).first()
    form = f.open_hazard(hid)
    qtbot.waitExposed(form)
    qtbot.mouseClick(form.buttons["start"], Qt.MouseButton.LeftButton)
    assert form.status == "rectifying", form.message()
    assert "完成" not in form.message() and form.message() == "已登记“开始整改”这一步，隐患当前状态：整改中"
    shot(form, "hazard_step_started")
    form.reject()


# --- files: saying where, starting where the user saved last -----------------------------------------------------

def test_map_image_says_saved_and_offers_the_file_and_its_folder_and_save_dialogs_start_in_the_last_folder(
        qtbot, window, tmp_path, monkeypatch, settings):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    w = window
    starts, opened = [], []
    folder = tmp_path / "图片"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, start, filt: (starts.append(start) or str(folder / Path(start).name),
                                                            filt))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    told = Answer(qtbot, "打开所在文件夹", shot=lambda box: shot(box, "map_image_saved"))
    w.export_action.trigger()
    out = folder / "地图.png"
    assert starts == [str(Path.home() / "地图.png")] and out.exists()
    assert told.texts == [f"已保存地图图片：\n{out}"] and opened == [str(folder)]
    told = Answer(qtbot, "打开文件")
    w.export_action.trigger()
    assert starts[1] == str(out) and opened[1] == str(out)         # the second time: in the folder used
    hazards = feature(w, "HazardFeature")                           # another kind of file: starts there too
    hazards.show_ledger()
    qtbot.waitUntil(lambda: not hazards.ledger.is_loading() and hazards.ledger.model.book is not None, timeout=30_000)
    action(w.feature_menu("隐患"), "导出隐患排查治理台账").trigger()
    qtbot.waitUntil(lambda: hazards.export_task is None, timeout=30_000)    # written on the task runner
    assert starts[2] == str(folder / "隐患排查治理台账.xlsx") and (folder / "隐患排查治理台账.xlsx").exists()


# --- 设置: a language change offers a restart ---------------------------------------------------------------------

def test_a_language_change_offers_a_restart_that_starts_the_same_command_on_the_open_project(
        qtbot, window, monkeypatch, settings):
    from PySide6.QtCore import QCoreApplication, QProcess

    from desktop import i18n
    from desktop.features import settings as feature_settings
    from desktop.views.settings_dialog import SettingsDialog
    from gis import store

    monkeypatch.setattr(i18n, "settings", lambda: settings)
    monkeypatch.setattr(i18n, "_current", "zh_CN")
    started, quit_ = [], []
    monkeypatch.setattr(QProcess, "startDetached", lambda program, args, cwd: (started.append((program, args)) or True, 1))
    monkeypatch.setattr(QCoreApplication, "quit", lambda: quit_.append(True))
    w = window
    project_file = str(store.sqlite_path(w.project.url))

    def choose_english() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, SettingsDialog) and dialog.isVisible():
            timer.stop()
            dialog.language.setCurrentIndex(dialog.language.findData("en"))
            shot(dialog, "settings")
            dialog.accept()

    timer = QTimer()
    timer.timeout.connect(choose_english)
    timer.start(50)
    asked = Answer(qtbot, "No")
    action(w.feature_menu("工具"), "设置").trigger()
    assert asked.texts == ["界面语言已保存，重新启动 gridsafe 后生效。立即重启？"]
    assert settings["ui/language"] == "en" and not started and w.isVisible()      # later: the window stays

    timer.start(50)
    asked = Answer(qtbot, "Yes")
    action(w.feature_menu("工具"), "设置").trigger()
    assert asked.texts and quit_ and not w.isVisible()
    (program, args), = started
    assert program == feature_settings.restart_command()[0] and args[-1] == project_file


def test_the_restart_command_is_the_command_that_started_gridsafe(monkeypatch):
    import sys

    from desktop.features.settings import restart_command

    monkeypatch.setattr(sys, "orig_argv", ["python3", "-m", "desktop.cli", "a.gridsafe"])
    monkeypatch.setattr(sys, "argv", ["/x/desktop/cli.py", "a.gridsafe"])
    assert restart_command() == (sys.executable, ["-m", "desktop.cli", "a.gridsafe"])
    assert restart_command("/p/b.gridsafe") == (sys.executable, ["-m", "desktop.cli", "/p/b.gridsafe"])
    monkeypatch.setattr(sys, "orig_argv", ["/usr/bin/python3", "/usr/local/bin/gridsafe"])
    monkeypatch.setattr(sys, "argv", ["/usr/local/bin/gridsafe"])
    assert restart_command() == (sys.executable, ["/usr/local/bin/gridsafe"])
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "argv", [sys.executable, "--demo"])
    assert restart_command("/p/b.gridsafe") == (sys.executable, ["/p/b.gridsafe"])


# --- dates and places that start where the user is ------------------------------------------------------------------

def test_fire_calendar_opens_on_todays_month(qtbot, window):
    from datetime import date

    f = feature(window, "FireFeature")
    f.season_dock.show_view()
    view = f.season
    qtbot.waitUntil(lambda: view.periods.count() > 0)
    today = date.today()
    assert (view.calendar.yearShown(), view.calendar.monthShown()) == (today.year, today.month)
    assert view.calendar.selectedDate().toPython() == today
    shot(view, "fire_calendar")
    view.year.setValue(view.year.value() - 1)                   # another year: its season's first month
    a = view.start.date().toPython()
    assert (view.calendar.yearShown(), view.calendar.monthShown()) == (a.year, a.month)


def test_visit_time_is_proposed_when_a_task_is_opened_not_when_the_panel_was_built(qtbot, window):
    from datetime import date, datetime, timedelta

    from PySide6.QtCore import QDateTime

    from desktop.views.patrols.results import visit_time

    p = feature(window, "Patrols")
    p.show("assignments")
    view = p.assignments
    qtbot.waitUntil(lambda: view.table.rowCount() > 1)
    p.show("results")
    entry = p.results
    stale = QDateTime(datetime(2026, 1, 2, 8, 30))               # what the panel held from before (its build time)
    entry.visited.setDateTime(stale)
    row = next(r for r in range(view.table.rowCount())                  # a task with stops, planned for a past day
               if view.rows[r]["planned_on"] < date.today() and view.rows[r]["kind"] == "grid")
    view.table.selectRow(row)
    planned = view.rows[row]["planned_on"]
    qtbot.mouseClick(view.results_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: entry.assignment_id == view.rows[row]["id"])
    shown = entry.visited.dateTime().toPython()
    assert shown.date() == planned and abs((shown - datetime.combine(planned, datetime.now().time())).total_seconds()) < 120
    entry.visited.setDateTime(stale.addDays(1))                  # typed for this task: kept after a stop is saved
    entry.show_assignment(entry.assignment_id)
    assert entry.visited.dateTime() == stale.addDays(1)
    now = datetime(2026, 12, 5, 14, 7)
    assert visit_time(now.date(), now) == QDateTime(now)       # a task for today (or later): now
    assert visit_time(now.date() + timedelta(days=3), now) == QDateTime(now)
    assert visit_time(date(2026, 12, 1), now) == QDateTime(datetime(2026, 12, 1, 14, 7))


def test_wall_map_proposes_the_projects_own_township(qtbot, window):
    from PySide6.QtWidgets import QInputDialog

    offered = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QInputDialog) and dialog.isVisible():
            timer.stop()
            offered.append(dialog.textValue())
            shot(dialog, "wall_map_area")
            dialog.reject()

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(50)
    action(window.feature_menu("森林防火"), "打印网格管理图").trigger()
    assert offered == ["荆山街道（410411003）"]


# --- 导出图层 -----------------------------------------------------------------------------------------------------

def test_export_dialog_names_layers_and_files_as_the_layer_panel_and_tables_have_chinese_headers(
        qtbot, window, tmp_path, settings):
    from openpyxl import load_workbook

    from desktop.i18n import style_text
    from gis.layers import LAYERS

    w = window
    data = feature(w, "DataFeature")
    data.export_action.trigger()
    dialog = data.export_dialog
    qtbot.waitExposed(dialog)
    listed = [dialog.what_box.itemText(i) for i in range(dialog.what_box.count())]
    panel = [style_text(layer.title) for layer in w.stack.layers if layer.spec.source in LAYERS]   # exportable
    assert panel and all(title in listed for title in panel), (panel, listed)
    assert Path(dialog.path_edit.text()).name == f"{w.project.name}_{listed[0]}.gpkg"
    sites = listed.index("企业与场所")
    dialog.what_box.setCurrentIndex(sites)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("xlsx"))
    out = Path(dialog.path_edit.text())
    assert out.name == f"{w.project.name}_企业与场所.xlsx"          # not the first layer's name
    dialog.path_edit.setText(str(tmp_path / out.name))
    shot(dialog, "export_dialog")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.written), timeout=30_000)
    header = next(load_workbook(dialog.written[0]).active.iter_rows(values_only=True))
    english = [h for h in header if h.isascii() and h not in ("ID", "WKT")]
    assert not english and "巡查起点" in header and "气瓶数" in header, header
    with w.project.session() as s:                                  # the layer as the panel shows it
        from sqlalchemy import func, select

        from gis.model import Site
        every = s.scalar(select(func.count(Site.id)))
    body = sum(1 for _ in load_workbook(dialog.written[0]).active.iter_rows()) - 1
    assert 0 < body < every
    dialog.path_edit.setText(str(tmp_path / "我的场所.xlsx"))        # a name the user typed stays
    dialog.what_box.setCurrentIndex(listed.index("道路"))
    assert Path(dialog.path_edit.text()).name == "我的场所.xlsx"
    dialog.reject()


# --- an online basemap without a network ----------------------------------------------------------------------------

def test_an_online_basemap_without_network_says_so_once_and_how_to_pick_an_offline_one(qtbot, window, monkeypatch):
    import urllib.error
    import urllib.request

    w = window
    tried = []

    def no_network(request, timeout=None):
        tried.append(request.full_url)
        raise urllib.error.URLError(OSError(101, "Network is unreachable"))

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    action(w.feature_menu("底图"), "添加 OpenStreetMap").trigger()
    w.canvas.update()
    qtbot.waitUntil(lambda: "无法加载（无网络连接）" in w.statusBar().currentMessage(), timeout=20_000)
    assert tried and "添加 MBTiles 离线底图" in w.statusBar().currentMessage()
    boxes = [b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox) and b.isVisible()]
    assert len(boxes) == 1 and "底图“OpenStreetMap”无法加载（无网络连接）" in boxes[0].text()
    shot(boxes[0], "basemap_offline")
    w.canvas.zoom_to_feature("sites", 3, select=False)               # more tiles fail: no second message
    w.canvas.update()
    qtbot.wait(500)
    boxes = [b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox) and b.isVisible()]
    assert len(boxes) == 1
    shot(w, "basemap_offline_window")


# --- 项目概况 after a real import ----------------------------------------------------------------------------------

def test_project_overview_counts_follow_an_import_made_in_the_import_dialog(qtbot, window, tmp_path):
    from tests.io import files

    w = window
    w.overview_dock.show()
    w.overview_dock.raise_()

    def counts():
        tree = w.overview.tree
        return {tree.topLevelItem(i).text(0): int(tree.topLevelItem(i).text(1)) for i in range(tree.topLevelItemCount())}

    qtbot.waitUntil(lambda: bool(counts()))
    before = counts()
    data = feature(w, "DataFeature")
    data.import_data([str(files.gbk_shapefile_without_cpg(tmp_path))])    # 3 sites
    dialog = data.import_dialog
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30_000)
    assert dialog.report_view.counts["imported"].text() == "3"
    qtbot.waitUntil(lambda: counts() != before, timeout=10_000)
    changed = {k: (before[k], v) for k, v in counts().items() if before.get(k) != v}
    assert changed and all(new == old + 3 for old, new in changed.values()), changed
    shot(w.overview, "overview_after_import")
    w.layer_dock.raise_()                                                 # behind its tab during the next import …
    qtbot.waitUntil(lambda: not w.overview_dock.is_showing())
    before = counts()
    others = files.sites_frame()
    others["企业名称"] = [f"{n}（二店）" for n in others["企业名称"]]
    data.import_data([str(files.write_shp(others, tmp_path / "又一批企业.shp"))])
    dialog = data.import_dialog
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30_000)
    assert dialog.report_view.counts["imported"].text() == "3"
    assert counts() == before and w.overview_dock.is_stale()
    dialog.close()
    w.overview_dock.raise_()                                              # … and up to date when shown again
    qtbot.waitUntil(lambda: counts() != before, timeout=10_000)
    assert all(new == before[k] + 3 for k, new in counts().items() if before.get(k) != new)
