"""Issue 19's "Done when", as a first-time township office user at 1366×768 does it, with real widgets and clicks,
all in the project they create: 文件 → 新建项目…, then from the first-run guide import the township's and villages'
boundaries, the grids, the 网格员名册 (人员名册) and the sites; record a hazard under their own name; plan next week's
patrols and print next week's route sheets — only those — and be offered the file. In Chinese and in English: the
texts looked for are the app's own, through the tr() contexts it uses (`t`, `pattern`); nothing read on the way is
cut short (tests/screen_walker.py's check of one-line labels, and here wrapped labels and buttons under a scroll
area's edge), in English nothing is Chinese but the data; each step is saved as a screenshot."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests import screen_walker
from tests.desktop.test_english_screens import BY_DESIGN, LAPTOP, _laptop_screen  # a 1366×768 laptop's screen
from tests.desktop.test_new_project import fill_new_project
from tests.windows import Answer, private_settings

# What the English window shows where the Chinese one shows the project's data with a vocabulary label around it
# (the people's roles: gis.people.Role.text).
ROLES = {"zh": {"李秀英": "网格员（荆山村第1网格）", "陈国华": "网格员（南苑社区第1网格）", "王建国": "网格长（荆山村第2网格）"},
         "en": {"李秀英": "Grid member (荆山村第1网格)", "陈国华": "Grid member (南苑社区第1网格)",
                "王建国": "Grid leader (荆山村第2网格)"}}
# The 人员名册 import's summary (gis.people.ImportSummary.text): 2 people new, 王建国 (who created the project) known.
PEOPLE_IMPORTED = {"zh": ("新增人员 2 人", "名册中已有（同名同电话）1 人", "新增角色 3 个"),
                   "en": ("2 people added", "1 already in the register", "3 roles added")}


def t(context: str, source: str) -> str:
    """A window text as the interface shows it now (the source itself in Chinese)."""
    return QCoreApplication.translate(context, source)


def pattern(context: str, source: str, **values) -> re.Pattern:
    """A formatted window text ("导入完成：{0} 条…") as a pattern: the placeholders given in `values` by their value,
    the others by anything."""
    parts = re.split(r"(\{[^}]*\})", t(context, source))
    out = []
    for part in parts:
        if part.startswith("{") and part.endswith("}"):
            name = part[1:-1].split(":")[0]
            out.append(re.escape(str(values[name])) if name in values else ".*?")
        else:
            out.append(re.escape(part))
    return re.compile("".join(out), re.S)


# The township's files' own names and columns (township_files): shown as they are, in either language.
FILE_TEXTS = ["乡镇边界.geojson", "村边界.geojson", "网格.geojson", "网格员名册.csv", "企业场所.csv", "行政区划代码",
              "名称", "网格编码", "姓名", "联系电话", "单位", "职务", "角色", "网格", "村（社区）", "场所类别", "地址", "经度",
              "纬度"]
# Chinese the English walk shows on purpose, besides tests/desktop/test_english_screens.py BY_DESIGN:
# (why, where: a pattern of "screen widget path", the Chinese allowed there).
WALK_BY_DESIGN = [
    ("the hazard form's checklist items (BY_DESIGN) once the hazard is saved: the form is then titled by its code",
     r"^Hazard \S+ .*QComboBox#checklist\[\d+\]$", r"^[a-z_]+-\d\d  \S.*$"),
]


def allowed(text: screen_walker.Text) -> str:
    """`text` without the Chinese allowed where it is seen."""
    left, seen = text.text, f"{text.screen} {text.path}"
    for _why, where, chinese in [*BY_DESIGN, *WALK_BY_DESIGN]:
        if re.search(where, seen):
            left = re.sub(chinese, " ", left)
    return left


def menu_action(window, context: str, menu_title: str, text: str):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == t(context, menu_title))
    return next(a for a in menu.actions() if a.text() == t(context, text))


class Look:
    """What the user reads on each screen of the walk (screen_walker), the labels and buttons cut short or out of
    view, and each step's screenshot (<lang>_<step>.png in the test's folder)."""

    def __init__(self, folder, lang: str) -> None:
        self.walk = screen_walker.Walk()
        self.folder = folder
        self.lang = lang
        self.shots: list[str] = []

    def __call__(self, screen: str, widget, shot: str = "") -> None:
        screen_walker.settle()
        screen_walker.collect(self.walk, screen, widget)
        self._wrapped_fit(screen, widget)
        self._buttons_in_view(screen, widget)
        if shot:
            path = self.folder / f"{self.lang}_{shot}.png"
            widget.grab().save(str(path))
            self.shots.append(str(path))

    def _buttons_in_view(self, screen: str, top) -> None:
        """A button under the edge of the scroll area it is in (a dock's view higher than the dock): cut off."""
        from PySide6.QtWidgets import QPushButton, QScrollArea

        for button in top.findChildren(QPushButton):
            area = button.parentWidget()
            while area is not None and area is not top and not isinstance(area, QScrollArea):
                area = area.parentWidget()
            if not button.isVisible() or not isinstance(area, QScrollArea):
                continue
            seen = QRect(button.mapTo(area.viewport(), button.rect().topLeft()), button.size())
            if not area.viewport().rect().contains(seen):
                text = screen_walker.Text(screen, "QScrollArea/QPushButton", button.text(),
                                          f"at {seen.getRect()} in a view of {area.viewport().size().toTuple()}")
                if text not in self.walk.cut:
                    self.walk.cut.append(text)

    def _wrapped_fit(self, screen: str, top) -> None:
        """A label wrapped onto more lines than its height holds: the user sees its lines cut (the one-line labels
        are screen_walker's)."""
        from PySide6.QtWidgets import QLabel

        for label in top.findChildren(QLabel):
            if label.isVisible() and label.wordWrap() and label.text() and label.width() > 1 \
                    and label.heightForWidth(label.width()) > label.height():
                text = screen_walker.Text(screen, type(label).__name__, screen_walker.plain(label.text()),
                                          f"{label.heightForWidth(label.width())} px high in {label.height()} px")
                if text not in self.walk.cut:
                    self.walk.cut.append(text)



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


OUTCOMES = (("ImportDialog", "导入完成：{0} 条数据已导入“{1}”"), ("ImportDialog", "未导入任何数据：有数据未通过检查"),
            ("ImportDialog", "导入失败，项目中没有写入任何数据"))


def import_from_guide(qtbot, data, step: str, path, layer: str, look=None) -> str:
    """Click the guide's step, choose the file (and the layer), confirm the coordinates if asked, 开始导入; `look`
    at the dialog before and after."""
    click_step(qtbot, data.guide, step)
    dialog = data.import_dialog
    dialog.file_edit.setText(str(path))
    dialog.set_file(str(path))
    dialog.layer_box.setCurrentIndex(dialog.layer_box.findData(layer))
    if dialog.confirm_box.isVisible():            # no coordinate system in a CSV: the user confirms the proposal
        dialog.confirm_box.setChecked(True)
    assert dialog.start_button.isEnabled(), dialog.error_label.text()
    if look is not None:
        look(f"import {layer}", dialog, f"import_{layer}")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    outcomes = [pattern(*o) for o in OUTCOMES]
    qtbot.waitUntil(lambda: any(o.match(dialog.result_title.text()) for o in outcomes), timeout=20_000)
    title = dialog.result_title.text()
    if look is not None:
        look(f"import {layer}: outcome", dialog, f"import_{layer}_done")
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    return title



@pytest.fixture(params=["zh", "en"])
def lang(request, ui_language) -> str:
    """The walk in Chinese, then in English (as if chosen in 设置 and restarted)."""
    if request.param == "en":
        ui_language("en")
    return request.param


def test_a_first_time_user_creates_imports_records_and_prints_next_weeks_sheets(qtbot, monkeypatch, tmp_path, lang):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog
    from sqlalchemy import select

    from desktop import main_window, qsettings
    from gis.model import Hazard, HazardEvent, PatrolAssignment, Site

    _laptop_screen(monkeypatch)
    saved = private_settings(monkeypatch)
    monkeypatch.setattr(qsettings, "settings", lambda: saved)     # the operator and folders the views remember
    saved["project/last"] = str(tmp_path / "上次.gridsafe")          # the new project goes beside the last one
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    w.resize(*LAPTOP)
    w.show()
    qtbot.waitExposed(w)
    look = Look(tmp_path, lang)

    # 1. 新建项目: the township, its code, the county, and who is creating it
    fill_new_project(qtbot, w, "荆山街道", "410411001", "湛河区", tmp_path, operator="王建国",
                     look=lambda d: look("new project", d, "0_new_project_dialog"))
    assert w.windowTitle().startswith("荆山街道") and w.operator.actor().name == "王建国"
    data = next(f for f in w.features if type(f).__name__ == "DataFeature")
    qtbot.waitUntil(lambda: data.guide is not None and data.guide.isVisible())
    look("first-run guide", data.guide)
    look("main window", w, "1_new_project")

    # 2. the guide's steps: boundaries (township, then villages), grids, the 网格员名册, sites
    files = township_files(tmp_path)
    from gis.io.targets import layer_label

    def imported(n: int, layer: str) -> re.Pattern:          # "导入完成：2 条数据已导入“村（社区）”", the layer named
        return pattern("ImportDialog", "导入完成：{0} 条数据已导入“{1}”", **{"0": n, "1": layer_label(layer, lang)})

    assert imported(1, "townships").fullmatch(
        import_from_guide(qtbot, data, "boundaries", files["townships"], "townships", look))
    # something on the map: the guide is a bar at the map's top offering the next step, the map free below it
    assert data.guide.bar.isVisible() and not data.guide.full.isVisible() and data.guide.next_key == "grids"
    assert data.guide.geometry().top() <= 8 and data.guide.height() < 60
    look("guide bar", data.guide, "guide_bar")
    assert imported(2, "villages").fullmatch(
        import_from_guide(qtbot, data, "boundaries", files["villages"], "villages", look))
    assert imported(4, "grids").fullmatch(
        import_from_guide(qtbot, data, "grids", files["grids"], "grids", look))
    assert data.guide.isVisible() and data.guide.numbers["grids"].text() == "✓"      # steps done are ticked
    assert data.guide.numbers["people"].text() == "3"

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(files["people"]), ""))
    answer = Answer(qtbot, QMessageBox.StandardButton.Ok, shot=lambda box: look("information", box, "information"))
    click_step(qtbot, data.guide, "people")                                      # opens 人员名册 and its import
    people = next(f for f in w.features if type(f).__name__ == "PeopleFeature")
    qtbot.waitUntil(lambda: bool(answer.texts), timeout=20_000)
    assert all(part in answer.texts[0] for part in PEOPLE_IMPORTED[lang]), answer.texts
    qtbot.waitUntil(lambda: not people.view.is_busy() and len(people.view.people) == 3)
    roles = {people.view.model.person(r).name: people.view.model.data(people.view.model.index(r, 5))
             for r in range(people.view.model.rowCount())}
    assert roles == ROLES[lang]                          # 王建国 (who created it) got his role and phone, no twin
    qtbot.waitUntil(lambda: data.guide.numbers["people"].text() == "✓")
    look("people", people.view)
    look("main window", w, "2_people")

    assert imported(2, "sites").fullmatch(import_from_guide(qtbot, data, "sites", files["sites"], "sites", look))
    qtbot.waitUntil(lambda: not data.guide.isVisible())          # sites arrived: the guide has gone
    assert len(w.stack.sources["sites"]) == 2

    # 3. click the site on the map, 新增隐患 in the identify panel, describe it, 登记
    hazard_feature = next(f for f in w.features if type(f).__name__ == "HazardFeature")
    w.canvas.zoom_to_feature("sites", 0, select=False)
    qtbot.wait(50)
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=w.canvas.rect().center())
    qtbot.waitUntil(lambda: w.identify_panel.current is not None and w.identify_panel.current[0] == "sites")
    look("identify panel", w.identify_panel, "3_identify")
    qtbot.mouseClick(hazard_feature.new_button, Qt.MouseButton.LeftButton)
    form = next(f for f in QApplication.topLevelWidgets() if type(f).__name__ == "HazardForm" and f.isVisible())
    form.description.setPlainText("车间消防通道堆放货物")
    assert form.actor_name() == "王建国"                       # the operator signs, nobody else by default
    look(form.windowTitle(), form, "3_hazard_form")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert pattern("HazardForm", "已登记隐患 {0}").match(form.message()), form.message()
    look(form.windowTitle(), form, "3_hazard")
    with w.project.session() as s:
        hazard = s.scalars(select(Hazard)).one()
        site_name = s.scalar(select(Site.name).where(Site.id == hazard.site_id))
        actors = set(s.scalars(select(HazardEvent.actor_name).where(HazardEvent.hazard_id == hazard.id)))
    assert site_name == w.identify_panel.feature_name(*w.identify_panel.current) and actors == {"王建国"}
    form.hide()

    # 4. next week's route sheets of this township's own grids, by its own 网格员
    menu_action(w, "Patrols", "巡查(&P)", "巡查计划…").trigger()
    patrols = next(f for f in w.features if type(f).__name__ == "Patrols")
    planner = patrols.planner
    next_week = t("PeriodPicker", "下周")
    next(a for a in planner.quick.menu().actions() if a.text() == next_week).trigger()
    period = planner.period.label
    qtbot.mouseClick(planner.generate, Qt.MouseButton.LeftButton)
    planned = pattern("PatrolPlanner", "{p}：生成巡查任务 {a} 个，站点 {n} 个，路线 {km:.1f} 公里")
    qtbot.waitUntil(lambda: planner.job is None and bool(planned.match(planner.status.text())), timeout=30_000)
    look("patrol planner", patrols.docks["planner"], "4_planner")

    menu_action(w, "Patrols", "巡查(&P)", "巡查任务…").trigger()
    tasks = patrols.assignments
    dock = patrols.docks["assignments"]
    qtbot.waitUntil(lambda: dock.width() >= 0.6 * w.width())    # a tab with room, not squeezed beside 人员名册
    assert w.tabifiedDockWidgets(dock)
    next(a for a in tasks.period.menu.actions() if a.text() == next_week).trigger()
    assert tasks.period.text() == period
    with w.project.session() as s:
        week_ids = set(s.scalars(select(PatrolAssignment.id).where(PatrolAssignment.period == period)))
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
    yes = Answer(qtbot, QMessageBox.StandardButton.Yes, shot=lambda box: look("question", box, "question"))
    qtbot.mouseClick(tasks.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks.printing is None and bool(printed), timeout=60_000)
    assert set(printed[0]) == week_ids                             # next week's sheets, only those
    assert pattern("AssignmentList", "将为{w}生成 {n} 张路线单（PDF 文件），是否继续？", n=len(week_ids)).match(
        yes.texts[0]), yes.texts
    assert out.exists() and out.read_bytes().startswith(b"%PDF")
    assert tasks.open_file.isVisibleTo(tasks)
    assert pattern("AssignmentList", "已保存路线单 PDF：{f}", f=out.name).search(tasks.filter_note.text()), \
        tasks.filter_note.text()
    look("patrol assignments", dock)
    look("main window", w, "4_sheets")
    qtbot.mouseClick(tasks.open_file, Qt.MouseButton.LeftButton)
    assert opened == [str(out)]

    data = screen_walker.project_data(w.project, [*FILE_TEXTS, out.name])
    if lang == "en":     # English all the way (but the data, the files' own names and columns)
        chinese = [text for text in look.walk.texts if screen_walker.HAN.search(data.remove(allowed(text)))]
        assert not chinese, "Chinese in the English walk:\n" + "\n".join(map(str, chinese))
    # nothing cut short but an ElidedLabel's text (the status bar's project and file: "…" shown, its tooltip whole)
    cut = [text for text in look.walk.cut if not text.path.endswith("ElidedLabel")]
    assert not cut, "labels cut short at 1366×728:\n" + "\n".join(map(str, cut))
    assert len(look.shots) >= 15, look.shots
