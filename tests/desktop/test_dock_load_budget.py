"""Every dock's load after an open is time-limited like the ledger's (issue 19, helper Q): a project that makes it
endless gives the dock's message line 加载…超过 … 秒仍未完成 and the way out — no traceback, no endless spinner —
and the dock is usable again afterwards. Background loads (desktop.tasks.budgeted) and the loads a dock still does
on the UI thread (desktop.tasks.loading_here) alike; budgets lowered here."""
from __future__ import annotations

import os
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from gis import store
from tests.desktop.test_patrol_result_keys import window  # noqa: F401 — the fixture: a planned week in the window
from tests.storage.test_load_budget import ENDLESS, _run

HAN = re.compile(r"[\u4e00-\u9fff]")


def _shot(widget, name: str) -> None:
    if os.environ.get("GRIDSAFE_SHOTS"):
        QApplication.processEvents()     # the layout made room for a message set just now
        widget.grab().save(os.path.join(os.environ["GRIDSAFE_SHOTS"], name))


def _opened(qtbot, view, size: tuple[int, int], project):
    """The dock's view shown at `size` and given the project (its load after an open starts here)."""
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    view.set_project(project)
    return view


def _endless_first(monkeypatch, module, name: str, backend: str, *, session: bool = False) -> None:
    """module.name runs a statement that never ends within the budget before doing its work."""
    real = getattr(module, name)

    def slow(first, *args, **kw):
        if session:
            from sqlalchemy import text  # the test's own SQL, as test_load_budget does
            first.execute(text(ENDLESS[backend]))
        else:
            _run(first, ENDLESS[backend])
        return real(first, *args, **kw)

    monkeypatch.setattr(module, name, slow)


def test_the_tip_off_register_says_its_load_took_too_long(new_project, backend, qtbot, monkeypatch):
    """A background load (desktop.tasks.Latest): the message in its summary line, then a reload works."""
    from desktop.services import tipoffs as use
    from desktop.views.tipoffs.register import TipOffView

    monkeypatch.setattr(store, "LOAD_BUDGET_S", 0.3)
    _endless_first(monkeypatch, use, "rows", backend)
    view = _opened(qtbot, TipOffView(), (900, 300), new_project)
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=30_000)
    text = view.summary.text()
    assert "无法读取群众举报：加载群众举报超过 0.3 秒仍未完成" in text and "gridsafe info" in text
    assert "发生意外问题" not in text and "Traceback" not in text
    _shot(view, f"tipoffs_timeout_{backend}.png")
    monkeypatch.undo()
    view.reload()                                   # usable afterwards: the same load within budget
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=30_000)
    assert "超过" not in view.summary.text()


def test_the_fire_registers_say_their_load_took_too_long(new_project, backend, qtbot, monkeypatch):
    """A load on the UI thread (desktop.tasks.loading_here): the dock's message line, then a refresh works."""
    from desktop.views.fire.registers import FireRegistersView
    from gis.fire import registers as fire_registers

    monkeypatch.setattr(store, "LOAD_BUDGET_S", 0.3)
    _endless_first(monkeypatch, fire_registers, "checkpoint_table", backend, session=True)
    view = _opened(qtbot, FireRegistersView(), (900, 400), new_project)
    assert view.message.isVisible()
    text = view.message.text()
    assert text.startswith("加载消防台账超过 0.3 秒仍未完成") and store.describe(new_project.url) in text
    _shot(view, f"fire_registers_timeout_{backend}.png")
    monkeypatch.undo()
    view.refresh()
    assert not view.message.isVisible() and view.checkpoints.columnCount() > 0
    assert view.permits.columnCount() > 0 and view.guardians.columnCount() > 0


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_work_calendar_says_its_load_took_too_long(new_project, backend, qtbot, monkeypatch):
    from desktop.views.calendar.calendar_view import CalendarView
    from gis.stats import calendar

    monkeypatch.setattr(store, "LOAD_BUDGET_S", 0.3)
    _endless_first(monkeypatch, calendar, "read", backend)
    view = _opened(qtbot, CalendarView(), (900, 500), new_project)
    assert "加载工作日历超过 0.3 秒仍未完成" in view.status.text() and view.data is None
    _shot(view, "calendar_timeout.png")
    monkeypatch.undo()
    view.refresh()
    assert view.status.text() == "" and view.data is not None


def test_the_attribute_table_says_its_load_took_too_long(new_project, backend, qtbot, monkeypatch):
    """A background load (desktop.tasks.Latest, as desktop.features.attribute_table starts it): the count line."""
    from desktop.views.data.attribute_table import AttributeTableView
    from gis import attributes

    monkeypatch.setattr(store, "LOAD_BUDGET_S", 0.3)
    _endless_first(monkeypatch, attributes, "read", backend)
    view = AttributeTableView("sites")
    qtbot.addWidget(view)
    view.resize(900, 300)
    view.show()
    view.load(new_project, lambda: attributes.read(new_project, "sites"))
    qtbot.waitUntil(lambda: not view.loads.is_running(), timeout=30_000)
    text = view.count.text()
    assert text.startswith("加载属性表超过 0.3 秒仍未完成") and "gridsafe info" in text and view.table is None
    assert "发生意外问题" not in text and "Traceback" not in text
    _shot(view, f"attribute_table_timeout_{backend}.png")
    monkeypatch.undo()
    view.load(new_project, lambda: attributes.read(new_project, "sites"))
    qtbot.waitUntil(lambda: view.table is not None, timeout=30_000)
    assert "超过" not in view.count.text()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_fire_season_panel_says_its_load_took_too_long(new_project, backend, qtbot, monkeypatch):
    from desktop.views.fire.season import FireSeasonView
    from gis.fire import seasons

    monkeypatch.setattr(store, "LOAD_BUDGET_S", 0.3)
    _endless_first(monkeypatch, seasons, "find_season", backend, session=True)
    view = _opened(qtbot, FireSeasonView(), (700, 600), new_project)
    assert view.status.text().startswith("加载防火期超过 0.3 秒仍未完成") and view.periods.count() == 0
    assert not view.save.isEnabled() and not view.add.isEnabled()     # no write over a season not read
    _shot(view, "fire_season_timeout.png")
    monkeypatch.undo()
    view.refresh()
    assert view.status.text().startswith("还没有这一年度的防火期") and view.save.isEnabled()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_fire_coverage_panel_says_its_check_took_too_long(new_project, backend, qtbot, monkeypatch):
    from desktop.views.fire.coverage import FireCoverageView
    from gis.fire import seasons

    monkeypatch.setattr(store, "LOAD_BUDGET_S", 0.3)
    _endless_first(monkeypatch, seasons, "find_season", backend, session=True)
    view = _opened(qtbot, FireCoverageView(), (400, 400), new_project)
    qtbot.mouseClick(view.check, Qt.MouseButton.LeftButton)
    assert view.summary.text().startswith("加载防火覆盖缺口超过 0.3 秒仍未完成") and view.list.count() == 0
    monkeypatch.undo()
    qtbot.mouseClick(view.check, Qt.MouseButton.LeftButton)
    assert view.summary.text() == f"还没有 {view.year.value()} 年度的防火期"


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_duty_roster_says_its_load_took_too_long(new_project, backend, qtbot, monkeypatch):
    from desktop.views.fire.roster_grid import RosterGridView
    from gis.fire import roster_board

    monkeypatch.setattr(store, "LOAD_BUDGET_S", 0.3)
    _endless_first(monkeypatch, roster_board, "season_id_of_year", backend, session=True)
    view = _opened(qtbot, RosterGridView(), (900, 400), new_project)
    assert view.status.text().startswith("加载值班表超过 0.3 秒仍未完成") and view.model.rowCount() == 0
    _shot(view, "roster_timeout.png")
    monkeypatch.undo()
    view.refresh()
    assert view.status.text().startswith("还没有") and "超过" not in view.status.text()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_patrol_result_entry_says_its_load_took_too_long(new_project, backend, qtbot, monkeypatch):
    from desktop.views.patrols import results

    monkeypatch.setattr(store, "LOAD_BUDGET_S", 0.3)
    _endless_first(monkeypatch, results, "assignment_stops", backend, session=True)
    view = _opened(qtbot, results.ResultEntry(), (400, 500), new_project)
    assert view.show_assignment(1) is False
    assert view.code_status.isVisible() and view.code_status.text().startswith("加载巡查结果超过 0.3 秒仍未完成")
    assert view.assignment_id is None and view.stops.count() == 0
    monkeypatch.undo()
    assert view.show_assignment(1) is False         # read within budget: this project has no task A1
    assert view.code_status.text() == "没有编号为 A1 的巡查任务"


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_works_register_says_its_load_took_too_long(new_project, backend, qtbot, monkeypatch):
    from desktop.services import works
    from desktop.views.gas.works import WorksRegisterView

    monkeypatch.setattr(store, "LOAD_BUDGET_S", 0.3)
    _endless_first(monkeypatch, works, "listing", backend)
    view = _opened(qtbot, WorksRegisterView(), (900, 300), new_project)
    assert view.message.isVisible() and view.message.text().startswith("加载第三方施工超过 0.3 秒仍未完成")
    assert view.count.text() == "" and view.table.rowCount() == 0
    _shot(view, "works_timeout.png")
    monkeypatch.undo()
    view.refresh()
    assert not view.message.isVisible() and view.count.text() == "0 项"


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_english_window_names_the_load_in_english(new_project, backend, qtbot, monkeypatch, english):
    """A background load and a UI-thread load, in the English interface: the message names what was loading in
    English (the loads' names are marked for translation, context Loads) and says the way out in English."""
    from desktop.services import tipoffs as use
    from desktop.views.fire.registers import FireRegistersView
    from desktop.views.tipoffs.register import TipOffView
    from gis.fire import registers as fire_registers

    monkeypatch.setattr(store, "LOAD_BUDGET_S", 0.3)
    _endless_first(monkeypatch, use, "rows", backend)
    _endless_first(monkeypatch, fire_registers, "checkpoint_table", backend, session=True)
    tipoffs = _opened(qtbot, TipOffView(), (900, 300), new_project)
    qtbot.waitUntil(lambda: not tipoffs.is_busy(), timeout=30_000)
    fire = _opened(qtbot, FireRegistersView(), (900, 400), new_project)
    for text in (tipoffs.summary.text(), fire.message.text()):
        assert not HAN.search(text), text
    assert "Loading the tip-offs did not finish within 0.3 seconds" in tipoffs.summary.text()
    assert fire.message.text().startswith("Loading the fire registers did not finish within 0.3 seconds")
    assert "gridsafe info" in fire.message.text()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_task_read_after_a_click_that_takes_too_long_is_said_and_shows_nothing(backend, window, monkeypatch):  # noqa: F811
    """在地图上显示路线 and 登记结果 read the task on the UI thread after the click: past the budget a message box
    names the load and the way out; no route layers appear, no result entry opens."""
    from PySide6.QtWidgets import QMessageBox

    from gis.model import PatrolAssignment
    from gis.patrols import queries
    from tests.desktop.test_patrol_result_keys import feature

    with window.project.session() as s:
        aid = s.scalar(select(PatrolAssignment.id).order_by(PatrolAssignment.id).limit(1))
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a: said.append((title, text)))
    monkeypatch.setattr(store, "LOAD_BUDGET_S", 0.3)
    _endless_first(monkeypatch, queries, "assignment_stops", backend, session=True)
    _endless_first(monkeypatch, queries, "line_assignment", backend, session=True)
    f = feature(window)
    layers = [layer.id for layer in window.stack.layers]
    f.show_route(aid)
    f.enter_results(aid)
    assert [title for title, _text in said] == ["无法读取巡查任务"] * 2
    assert all(text.startswith("加载巡查任务超过 0.3 秒仍未完成") and "gridsafe info" in text for _t, text in said)
    assert [layer.id for layer in window.stack.layers] == layers and not f.docks["results"].isVisible()
    monkeypatch.undo()
    f.show_route(aid)                                        # within budget again: the route shows
    assert len(window.stack.layers) > len(layers)
