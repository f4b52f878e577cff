"""The roster grid on the demo season (shows shifts, refuses double bookings naming the conflict, keeps
manual edits through regeneration, highlights conflicts) and the registers (checkpoints saved in one
transaction, permits decided, the guardian register masked until asked)."""
from __future__ import annotations

import shutil
from datetime import date, datetime
from unittest import mock

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import func, select

from desktop.views.fire import roster_grid
from desktop.views.fire.roster_grid import (
    CONFLICT,
    RosterGridView,
    ShiftEditDialog,
    short_place,
)
from gis import store
from gis.fire import roster
from gis.fire import seasons as forestfire
from gis.fire.registers import add_unavailability
from gis.model import DutyShift, FirePermit, Person, Site
from tests.fire.demo import demo_path  # noqa: F401

DAY = date(2026, 12, 1)


@pytest.fixture
def demo(demo_path, tmp_path):  # noqa: F811
    path = tmp_path / "demo.gridsafe"
    shutil.copy(demo_path, path)
    project = store.open_project(path)
    yield project
    project.close()


@pytest.fixture
def grid(demo, qtbot):
    view = RosterGridView()
    qtbot.addWidget(view)
    view.resize(1400, 700)
    view.year.setValue(2026)
    view.set_project(demo)
    view.show()
    return view


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: shown.append(a[2])))
    return shown


def _shifts_on(s, day):
    season = forestfire.find_season(s, 2026)
    return [sh for sh in roster.season_shifts(s, season) if sh.starts_at.date() == day]


def _double_click(qtbot, view, index, pick):
    """Double-click a cell and answer the dialog with pick(dialog) (which selects the action and target)."""
    def exec_(dlg):
        pick(dlg)
        return QDialog.DialogCode.Accepted

    view.table.scrollTo(index)
    rect = view.table.visualRect(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with mock.patch.object(ShiftEditDialog, "exec", exec_):
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _pick(action_text, target_id):
    def pick(dlg):
        dlg.select(next(i for i, c in enumerate(dlg.choices) if action_text in c.label), target_id)
        assert dlg.target.currentData() == target_id
    return pick


def test_grid_shows_a_person_on_a_day_by_post_and_by_person(grid, demo):
    with demo.session() as s:
        sh = next(x for x in _shifts_on(s, DAY) if x.post == "checkpoint")
        name, place = s.get(Person, sh.person_id).name, roster.place_of(s, sh)
    assert grid.by_posts.isChecked()               # the default reads like the printed 值班表
    cell = grid.find_cell(place, DAY)
    assert name in cell.data()
    assert grid.status.text().endswith("无冲突")
    grid.by_people.setChecked(True)
    cell = grid.find_cell(name, DAY)
    assert cell.data() == short_place(place)
    tip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert f"{name}  {place}  2026-12-01 08:00–次日08:00" in tip
    grid.find.setText(name)
    assert [r for r in range(grid.model.rowCount()) if not grid.table.isRowHidden(r)] == [cell.row()]
    # critical days are shaded red like the printed roster
    with demo.session() as s:
        crit = next(d for d, k in forestfire.DayCalendar(forestfire.season_periods(s, forestfire.find_season(s, 2026)))
                    .kind.items() if k == "critical")
    col = grid.model.col_of[crit]
    assert grid.model.index(0, col).data(Qt.ItemDataRole.BackgroundRole) == roster_grid.SHADES["critical"]


def test_double_booking_is_refused_naming_the_conflict_and_nothing_is_written(grid, demo, qtbot, warnings):
    with demo.session() as s:
        shifts = _shifts_on(s, DAY)
        a, b = shifts[0], next(x for x in shifts if x.person_id != shifts[0].person_id)
        a_name, b_name = s.get(Person, a.person_id).name, s.get(Person, b.person_id).name
        a_doing = f"{roster.place_of(s, a)} {'值守' if a.post == 'checkpoint' else '值班'}"
        before = s.scalar(select(func.count()).select_from(DutyShift))
        b_id, a_pid = b.id, a.person_id
    grid.by_people.setChecked(True)
    _double_click(qtbot, grid, grid.find_cell(b_name, DAY), _pick("交给", a_pid))
    assert warnings == [f"{a_name} 2026-12-01 08:00–次日08:00 已在 {a_doing}"]
    with demo.session() as s:
        assert s.get(DutyShift, b_id).person_id != a_pid and not s.get(DutyShift, b_id).manual
        assert s.scalar(select(func.count()).select_from(DutyShift)) == before


def test_valid_edit_is_manual_and_survives_regeneration(grid, demo, qtbot, warnings):
    with demo.session() as s:
        shift = next(x for x in _shifts_on(s, DAY) if x.post == "checkpoint")
        season = forestfire.find_season(s, 2026)
        post = next(p for p in roster.season_posts(s, season) if p.site_id == shift.site_id)
        busy = {x.person_id for x in roster.season_shifts(s, season)
                if x.starts_at < shift.ends_at and x.ends_at > shift.starts_at}
        free = next(p for p in post.pool if p not in busy)
        free_name, place, shift_id = s.get(Person, free).name, roster.place_of(s, shift), shift.id
    _double_click(qtbot, grid, grid.find_cell(place, DAY), _pick("交给", free))
    assert warnings == []
    assert f"{free_name}★" in grid.find_cell(place, DAY).data()
    with demo.session() as s:
        assert s.get(DutyShift, shift_id).person_id == free and s.get(DutyShift, shift_id).manual
    grid.regen_from.setDate(QDate(2026, 10, 1))       # the whole season, whatever today is
    with qtbot.waitSignal(grid.generated, timeout=30000) as sig:
        grid.regenerate.click()
        assert grid.progress.isVisible() and not grid.regenerate.isEnabled()
    assert "保留" in sig.args[0]
    assert not grid.progress.isVisible() and grid.regenerate.isEnabled()
    with demo.session() as s:
        kept = s.get(DutyShift, shift_id)
        assert kept is not None and kept.person_id == free and kept.manual
        assert roster.conflicts(s, forestfire.find_season(s, 2026)) == []
    assert f"{free_name}★" in grid.find_cell(place, DAY).data()


def test_adding_a_shift_for_a_person_and_conflicts_highlighted(grid, demo, qtbot, warnings):
    grid.by_people.setChecked(True)
    with demo.session() as s:
        season = forestfire.find_season(s, 2026)
        shifts = roster.season_shifts(s, season)
        busy = {x.person_id for x in shifts if x.starts_at < datetime(2026, 12, 2, 8) and x.ends_at > datetime(2026, 12, 1, 8)}
        posts = roster.season_posts(s, season)
        post = next(p for p in posts if p.post == "checkpoint" and set(p.pool) - busy)
        pid = next(p for p in post.pool if p not in busy)
        name = s.get(Person, pid).name
    _double_click(qtbot, grid, grid.find_cell(name, DAY), _pick("加一个班", posts.index(post)))
    assert warnings == []
    assert grid.find_cell(name, DAY).data() == short_place(post.place) + "★"
    # someone registered away after the roster was made: their shift is shown as a conflict
    with demo.transaction() as s:
        add_unavailability(s, s.get(Person, pid), DAY, DAY, "培训")
    grid.refresh()
    cell = grid.find_cell(name, DAY)
    assert cell.data(Qt.ItemDataRole.BackgroundRole) == CONFLICT and cell.data().startswith("⚠")
    assert f"{name} 2026-12-01 08:00–次日08:00 排在 {post.place}，但 2026-12-01至2026-12-01 不能值班" \
        in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "冲突 1 处" in grid.status.text()


def test_cancel_regeneration_leaves_the_roster_unchanged(grid, demo, qtbot, warnings, monkeypatch):
    import threading

    real, release, placed = roster.generate, threading.Event(), []

    def held(s, season, **kw):       # shifts are written in the open transaction, then the user clicks 取消
        result = real(s, season, **kw)
        placed.append(result.created)
        release.wait(10)
        kw["feedback"].check()
        return result

    monkeypatch.setattr(roster, "generate", held)
    with demo.session() as s:
        before = sorted((x.person_id, x.post, x.starts_at) for x in roster.season_shifts(s, forestfire.find_season(s, 2026)))
    grid.regen_from.setDate(QDate(2026, 10, 1))
    qtbot.mouseClick(grid.regenerate, Qt.MouseButton.LeftButton)
    assert grid.stop.isVisible()
    qtbot.waitUntil(lambda: bool(placed), timeout=30000)
    qtbot.mouseClick(grid.stop, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: grid.job is None, timeout=30000)
    assert placed[0] > 0
    assert "已取消" in grid.status.text() and warnings == []
    assert grid.regenerate.isEnabled() and not grid.progress.isVisible() and not grid.stop.isVisible()
    with demo.session() as s:
        after = sorted((x.person_id, x.post, x.starts_at) for x in roster.season_shifts(s, forestfire.find_season(s, 2026)))
    assert after == before


def test_exports_write_xlsx_and_pdf_off_the_ui_thread(grid, qtbot, tmp_path):
    for name in ("roster.xlsx", "roster.pdf"):
        with qtbot.waitSignal(grid.exported, timeout=60000) as sig:
            grid.export_to(str(tmp_path / name), name.rsplit(".", 1)[1])
        assert sig.args[0].endswith(name) and (tmp_path / name).stat().st_size > 1000
        assert grid.regenerate.isEnabled()


# --- registers ---------------------------------------------------------------------------------------

@pytest.fixture
def registers(fire_project, qtbot):
    from desktop.views.fire.registers import FireRegistersView

    view = FireRegistersView()
    qtbot.addWidget(view)
    view.set_project(fire_project)
    return view


def test_guardian_register_is_masked_until_asked(registers, warnings):
    assert registers.add_guardian_record({
        "village": None, "ward": "王建国", "capacity": "none", "address": "张庄村3组", "guardian": "王秀英",
        "phone": "13812345678", "relation": "母子", "measures": "外出有人陪同", "registered_on": date(2026, 11, 1)})
    t = registers.guardians
    heads = [t.horizontalHeaderItem(c).text() for c in range(t.columnCount())]

    def cell(col):
        return t.item(0, heads.index(col)).text()

    assert (cell("被监护人"), cell("监护人"), cell("监护人电话"), cell("住址")) == ("王**", "王**", "138****5678", "（已隐藏）")
    shown = "".join(t.item(0, c).text() for c in range(t.columnCount()))
    assert "王建国" not in shown and "13812345678" not in shown
    registers.show_private.setChecked(True)
    assert (cell("被监护人"), cell("监护人电话"), cell("行为能力")) == ("王建国", "13812345678", "无民事行为能力")
    assert not registers.add_guardian_record({**dict.fromkeys(("village", "address", "phone", "relation", "measures")),
                                              "ward": "", "capacity": "none", "guardian": "李四", "registered_on": None})
    assert warnings == ["须写明被监护人和监护人姓名"]


def test_checkpoints_saved_in_one_transaction(registers, fire_project, warnings):
    t = registers.checkpoints
    names = [t.item(r, 0).text() for r in range(t.rowCount())]
    temp, fixed = names.index("张庄临时检查站"), names.index("荆山检查站")
    t.item(temp, 1).setText("ZZ-KK-002")
    t.cellWidget(temp, 2).setCurrentIndex(t.cellWidget(temp, 2).findData("fixed"))
    t.item(temp, 3).setCheckState(Qt.CheckState.Checked)
    t.item(fixed, 4).setCheckState(Qt.CheckState.Unchecked)
    assert registers.save()
    with fire_project.session() as s:
        site = s.scalar(select(Site).where(Site.name == "张庄临时检查站"))
        assert site.code == "ZZ-KK-002" and site.attributes["type"] == "fixed" and site.attributes["room"] is True
        assert s.scalar(select(Site).where(Site.name == "荆山检查站")).attributes["metal_detector"] is False
    # a duplicate code refuses the whole save: the other row's change is not written either
    t.item(fixed, 4).setCheckState(Qt.CheckState.Checked)
    t.item(temp, 1).setText("JS-KK-001")
    assert not registers.save()
    assert warnings == ["检查站“张庄临时检查站”：一站一码“JS-KK-001”已被使用"]
    with fire_project.session() as s:
        assert s.scalar(select(Site).where(Site.name == "荆山检查站")).attributes["metal_detector"] is False


def test_permits_added_and_decided(registers, fire_project, warnings):
    assert registers.add_permit_record({"applicant": "赵六", "phone": "", "village": None, "place": "荆山南坡",
                                        "start": date(2026, 12, 3), "end": date(2026, 12, 3), "purpose": "烧秸秆",
                                        "measures": "备灭火器"})
    registers.permits.selectRow(0)
    assert registers.approve.isEnabled() and not registers.revoke.isEnabled()
    assert not registers.decide("approved")
    assert warnings == ["审批须写明审批人"]
    registers.approver.setText("孙立")
    assert registers.decide("approved")
    assert registers.revoke.isEnabled() and not registers.approve.isEnabled()
    heads = [registers.permits.horizontalHeaderItem(c).text() for c in range(registers.permits.columnCount())]
    assert registers.permits.item(0, heads.index("状态")).text() == "已批准"
    with fire_project.session() as s:
        p = s.scalar(select(FirePermit))
        assert (p.status, p.approver) == ("approved", "孙立")


def test_a_permit_without_a_named_approver_is_signed_by_the_operator(registers, fire_project, warnings,
                                                                   monkeypatch):
    from desktop import operator as operator_module

    with fire_project.session() as s:
        pid, name = s.execute(select(Person.id, Person.name).order_by(Person.id)).first()
    asked = []
    monkeypatch.setattr(operator_module, "choose_person", lambda *a: asked.append(a) or (pid, name))
    registers.operator = operator_module.Operator()
    registers.operator.load_for(fire_project)
    assert registers.add_permit_record({"applicant": "赵六", "phone": "", "village": None, "place": "荆山南坡",
                                        "start": date(2026, 12, 3), "end": date(2026, 12, 3), "purpose": "烧秸秆",
                                        "measures": "备灭火器"})
    registers.permits.selectRow(0)
    assert registers.decide("approved"), warnings
    assert len(asked) == 1 and warnings == []
    with fire_project.session() as s:
        assert s.scalar(select(FirePermit.approver)) == name


def test_fire_menu_opens_roster_and_registers(qtbot, demo):
    from desktop import main_window

    w = main_window.MainWindow()
    qtbot.addWidget(w)
    fire = next(f for f in w.features if hasattr(f, "roster_dock"))
    menu = w.feature_menu("森林防火(&R)")
    actions = {a.text(): a for a in menu.actions()}
    actions["值班表…"].trigger()
    actions["登记簿…"].trigger()
    assert fire.roster_dock.isVisibleTo(w) and fire.registers_dock.isVisibleTo(w)


def test_wall_map_prints_off_the_ui_thread_from_the_menu(qtbot, demo, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    from desktop import main_window

    w = main_window.MainWindow()
    qtbot.addWidget(w)
    assert w.open_project(str(tmp_path / "demo.gridsafe"))     # the copy the demo fixture opened
    fire = next(f for f in w.features if hasattr(f, "roster_dock"))
    answers = iter([(0, True), (2, True)])        # the first area (the district), paper A3

    def choose(parent, title, label, items, current=0, editable=False):
        i, ok = next(answers)
        return items[i], ok

    out = tmp_path / "网格管理图.pdf"
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(choose))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    actions = {a.text(): a for a in w.feature_menu("森林防火(&R)").actions()}
    actions["打印网格管理图（上墙）…"].trigger()
    assert fire.wall_map_task is not None           # the window is free while the map is drawn
    qtbot.waitUntil(lambda: fire.wall_map_task is None, timeout=60_000)
    assert out.exists() and out.stat().st_size > 10_000
    assert str(out) in w.statusBar().currentMessage()
