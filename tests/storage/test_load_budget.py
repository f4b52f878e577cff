"""Loads after an open are time-limited (issue 18): a statement still running when store.loading's budget is
spent is interrupted (SQLite: progress handler; PostgreSQL: SET LOCAL statement_timeout) and LoadTimeout names
what was being loaded and the way out; the window shows it instead of hanging. Budgets lowered here."""
from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import text

from gis import layers, store

# a statement that runs for about a minute on either backend unless it is interrupted (the test fails then)
ENDLESS = {"sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000000) "
                     "SELECT count(*) FROM n",
           "postgresql": "SELECT pg_sleep(60)"}
# one that takes about a second
SECOND = {"sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) "
                    "SELECT count(*) FROM n",
          "postgresql": "SELECT pg_sleep(1)"}


def _run(project, sql):
    with project.session() as s:
        return s.execute(text(sql)).scalar()


def test_a_long_statement_while_loading_is_interrupted_with_what_and_the_way_out(new_project, backend, monkeypatch):
    monkeypatch.setattr(store, "LOAD_BUDGET_S", 0.3)
    with pytest.raises(store.LoadTimeout) as stopped:
        with store.loading(new_project, "地图图层"):
            _run(new_project, ENDLESS[backend])
    message = stopped.value.message
    assert "加载地图图层超过 0.3 秒仍未完成" in message and store.describe(new_project.url) in message
    assert "gridsafe info" in message and "未作任何更改" in message
    with store.loading(new_project, "地图图层"):           # the connections are fine afterwards, within budget
        assert _run(new_project, "SELECT 41 + 1") == 42
        assert set(layers.load_all(new_project, ["sites"])) == {"sites"}
    monkeypatch.setattr(store, "LOAD_BUDGET_S", 0.01)
    assert _run(new_project, SECOND[backend]) is not None  # outside `loading` nothing is limited


def test_the_budget_is_the_loading_thread_s_alone(new_project, backend, monkeypatch):
    """A background write or import on another thread is not cut short by the UI thread's open."""
    monkeypatch.setattr(store, "LOAD_BUDGET_S", 0.3)
    done = {}

    def elsewhere():
        done["value"] = _run(new_project, SECOND[backend])

    with pytest.raises(store.LoadTimeout):
        with store.loading(new_project, "隐患台账"):
            other = threading.Thread(target=elsewhere)
            other.start()
            _run(new_project, ENDLESS[backend])
    other.join()
    assert "value" in done


def _slow_layers(monkeypatch, backend):
    real = layers.load_all

    def slow(project, names=None, **kw):   # a long statement among the open's loads
        _run(project, ENDLESS[backend])
        return real(project, names, **kw)

    monkeypatch.setattr(layers, "load_all", slow)


def test_the_window_says_which_load_took_too_long_and_stays_usable(demo_copy, qtbot, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop import main_window
    from tests.windows import private_settings

    private_settings(monkeypatch)
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    monkeypatch.setattr(store, "LOAD_BUDGET_S", 0.3)
    _slow_layers(monkeypatch, "sqlite")
    shown = []

    def answer():
        for box in QApplication.topLevelWidgets():
            if isinstance(box, QMessageBox) and box.isVisible() and not shown:
                shown.append((box.windowTitle(), box.text()))
                if os.environ.get("GRIDSAFE_SHOTS"):
                    box.grab().save(os.path.join(os.environ["GRIDSAFE_SHOTS"], "load_timeout.png"))
                box.accept()

    poll = QTimer()
    poll.timeout.connect(answer)
    poll.start(50)
    try:
        assert not w.open_project(str(demo_copy))
    finally:
        poll.stop()
    (title, message), = shown
    assert title == "无法打开项目" and "加载地图图层超过 0.3 秒仍未完成" in message and demo_copy.name in message
    assert "Traceback" not in message and w.project is None
    monkeypatch.undo()
    private_settings(monkeypatch)
    assert w.open_project(str(demo_copy)) and w.stack is not None   # the same project opens within budget
    w.close_project()


def test_the_ledger_says_its_load_took_too_long_instead_of_spinning(new_project, backend, qtbot, monkeypatch):
    """The ledger's background load (and the dashboard's, alike) is time-limited the same way: its message line
    says what took too long, the busy bar goes away."""
    from desktop.views.hazards.ledger import HazardLedgerView
    from gis.hazards import ledger

    real = ledger.load_for_display

    def slow(project, *args, **kw):
        _run(project, ENDLESS[backend])
        return real(project, *args, **kw)

    monkeypatch.setattr(store, "LOAD_BUDGET_S", 0.3)
    monkeypatch.setattr(ledger, "load_for_display", slow)
    view = HazardLedgerView()
    qtbot.addWidget(view)
    view.resize(900, 300)
    view.show()
    view.set_project(new_project)
    qtbot.waitUntil(lambda: not view.is_loading(), timeout=30_000)
    text = view.message.text()
    assert "无法读取隐患台账：加载隐患台账超过 0.3 秒仍未完成" in text and "发生意外问题" not in text
    assert not view.progress.isVisible()
    if os.environ.get("GRIDSAFE_SHOTS"):
        view.grab().save(os.path.join(os.environ["GRIDSAFE_SHOTS"], f"ledger_timeout_{backend}.png"))
