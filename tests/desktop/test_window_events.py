"""The window after a write: only the layers fed by what changed reload, the views on screen refresh,
hidden docks catch up when shown, feature docks are built when first shown, F5 reloads everything."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop import main_window
from gis import layers, store
from gis.model import Hazard, PatrolAssignment, Person
from tests.windows import open_window


def feature(w, name):
    return next(f for f in w.features if type(f).__name__ == name)


@pytest.fixture(autouse=True)
def fresh_layout(monkeypatch):
    """No saved window layout (a dock left open by another test would be built at start)."""
    saved = {}
    monkeypatch.setattr(main_window, "settings", lambda: type("S", (), {
        "value": lambda self, k, d=None: saved.get(k, d), "setValue": lambda self, k, v: saved.__setitem__(k, v)})())


@pytest.fixture
def window(qtbot, world_project, monkeypatch):
    from desktop.features import hazards

    def no_dialog(_parent, title, text, *a, **k):
        raise AssertionError(f"{title}: {text}")

    monkeypatch.setattr(hazards.QMessageBox, "warning", no_dialog)
    monkeypatch.setattr(hazards.QMessageBox, "information", no_dialog)
    url = world_project.url
    world_project.close()
    w = open_window(qtbot, url)
    f = feature(w, "HazardFeature")
    qtbot.waitUntil(lambda: not f.ledger.is_loading() and not f.alerts.is_busy(), timeout=20000)
    yield w
    w.close()


def test_a_hazard_save_reloads_only_the_hazard_layer_and_the_ledger(qtbot, window):
    w, f = window, feature(window, "HazardFeature")
    stack = w.stack
    stack.set_opacity("hazards", 0.4)                  # what the user set up survives the reload
    before = {name: src.layer for name, src in stack.sources.items()}
    grids_source = stack.sources["grids"]
    with w.project.session() as s:
        hid = s.scalar(select(Hazard.id).where(Hazard.description == "消防通道堵塞"))
        w.operator.set(s.scalar(select(Person.id).where(Person.name == "刘芳")), "刘芳")   # who signs the save
    row = int(np.flatnonzero(stack.sources["hazards"].layer.ids == hid)[0])
    w.show_feature("hazards", row)                     # identified and selected on the map
    form = f.open_hazard(hid)
    form.description.setPlainText("消防通道被杂物堵塞")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.hazard_id == hid, form.message()

    assert stack is w.stack                            # the same stack, layers replaced in place
    assert stack.sources["hazards"].layer is not before["hazards"]
    assert {n for n, src in stack.sources.items() if src.layer is not before[n]} == {"hazards"}
    assert stack.sources["grids"] is grids_source      # its open-hazard counts are recomputed in place
    assert stack.layer("hazards").opacity == 0.4 and stack.layer("hazards").source is stack.sources["hazards"]
    from desktop.render.geometry import ProjectedLayer
    from gis.layers import load_layer

    whole = ProjectedLayer(load_layer(w.project, "hazards"))     # only the saved row was re-read and projected
    np.testing.assert_array_equal(stack.sources["hazards"].layer.ids, whole.layer.ids)
    np.testing.assert_allclose(stack.sources["hazards"].feature_bounds, whole.feature_bounds)
    hazard_ids = stack.sources["hazards"].layer.ids
    assert w.identify_panel.details.name == "消防通道被杂物堵塞"   # the identify panel follows the hazard
    assert hazard_ids[w.identify_panel.current[1]] == hid
    assert hazard_ids[w.canvas.selection["hazards"]].tolist() == [hid]
    ledger = f.ledger
    qtbot.waitUntil(lambda: not ledger.is_loading(), timeout=20000)
    descriptions = {ledger.model.row_texts(r)["描述"] for r in range(ledger.model.rowCount())}
    assert "消防通道被杂物堵塞" in descriptions and "消防通道堵塞" not in descriptions
    assert ledger.current_hazard() == hid              # the saved hazard is selected after the reload
    form.close()


def test_a_hidden_dock_does_not_refresh_on_a_change_but_when_shown(qtbot, tmp_path):
    from tests.patrols import world

    path = tmp_path / "w.gridsafe"
    with store.create_project(path) as p, p.transaction() as s:
        world.build(s)
    w = open_window(qtbot, path)
    patrols = feature(w, "Patrols")
    patrols.show("assignments")
    listed = patrols.assignments
    assert listed.rows == []                           # nothing planned yet
    patrols.docks["assignments"].hide()
    qtbot.waitUntil(lambda: not patrols.docks["assignments"].is_showing())

    patrols.show("planner")
    planner = patrols.planner
    planner.kind.setCurrentIndex(1)
    from PySide6.QtCore import QDate
    planner.day.setDate(QDate(2026, 11, 24))
    with qtbot.waitSignal(planner.planned, timeout=30000):
        planner.generate.click()
    with w.project.session() as s:
        planned = set(s.scalars(select(PatrolAssignment.id)))
    assert planned
    assert set(w.stack.sources["patrol_routes"].layer.ids.tolist()) & planned   # the map shows the plan
    assert listed.rows == [] and patrols.docks["assignments"].is_stale()        # hidden: not refreshed
    patrols.show("assignments")                                                 # shown: catches up
    assert {r["id"] for r in listed.rows} == planned and not patrols.docks["assignments"].is_stale()
    w.close()


def test_feature_docks_are_built_when_first_shown(qtbot, window):
    w = window
    fire = feature(w, "FireFeature")
    patrols = feature(w, "Patrols")
    docks = [fire.season_dock, fire.coverage_dock, fire.roster_dock, fire.registers_dock, *patrols.docks.values()]
    assert {d.objectName() for d in docks} >= {"dock_fire_roster", "dock_patrol_planner", "dock_patrol_assignments"}
    assert all(d.widget() is None and not d.is_built() for d in docks)   # opening the project built none
    hazards = feature(w, "HazardFeature")
    assert hazards.ledger_dock.is_built()                                # the ledger is on screen
    menu = w.feature_menu("森林防火(&R)")
    next(a for a in menu.actions() if a.text() == "值班表…").trigger()
    assert fire.roster_dock.isVisible() and fire.roster_dock.is_built() and fire.roster_dock.view() is fire.roster
    assert fire.roster.project is w.project
    assert all(d.widget() is None for d in docks if d is not fire.roster_dock)


def test_f5_reloads_every_layer_and_keeps_the_users_choices(qtbot, window):
    w = window
    w.stack.set_visible("sites", False)
    before = {name: src.layer for name, src in w.stack.sources.items()}
    w.canvas.setFocus()
    qtbot.keyClick(w.canvas, Qt.Key.Key_F5)
    # every layer read so far is read again; the costly ones nobody has shown yet stay unread (gis.layers.ON_DEMAND)
    assert all(src.layer is not before[name] for name, src in w.stack.sources.items() if name not in w.stack.unread)
    assert w.stack.unread and w.stack.unread <= layers.ON_DEMAND
    assert not w.stack.layer("sites").visible
    ledger = feature(w, "HazardFeature").ledger
    qtbot.waitUntil(lambda: not ledger.is_loading(), timeout=20000)
    assert ledger.model.rowCount() > 0


def test_the_alert_badge_follows_a_change_with_its_dock_hidden(qtbot, window):
    from gis.changes import Change

    w, f = window, feature(window, "HazardFeature")
    f.alerts_dock.hide()                               # the badge in the status bar is still on screen
    with w.project.session() as s:
        hid = s.scalar(select(Hazard.id).where(Hazard.description == "消防通道堵塞"))
    with qtbot.waitSignal(f.alerts.evaluated, timeout=20000):
        w.events.announce(Change.of("hazards", hazards=[hid]))
    assert f.badge.isVisible() and f.badge.text().startswith("预警")
