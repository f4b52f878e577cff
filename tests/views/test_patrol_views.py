"""The patrol views: planner generates and the route layer shows it; drag reorder saves; result entry
creates a ledger hazard; coverage table matches gis; identify's 巡查记录 filters the list."""
from __future__ import annotations

import math

import numpy as np
import pytest
from sqlalchemy import select

from desktop.main_window import MainWindow
from gis import store
from gis.hazards import ledger
from gis.model import Hazard, PatrolAssignment, PatrolStop, Person
from gis.patrols.periods import parse_period
from gis.patrols.results import coverage
from tests.patrols import world


@pytest.fixture
def window(qtbot, tmp_path):
    path = tmp_path / "w.gridsafe"
    with store.create_project(path) as p, p.transaction() as s:
        world.build(s)
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_project(str(path))
    return w


def feature(w):
    return next(f for f in w.features if type(f).__name__ == "Patrols")


def plan(qtbot, w):
    f = feature(w)
    planner = f.planner
    planner.kind.setCurrentIndex(1)
    from PySide6.QtCore import QDate
    planner.day.setDate(QDate(2026, 11, 24))
    assert planner.period.label == "2026-W48"
    with qtbot.waitSignal(planner.planned, timeout=30000):
        planner.generate.click()
    return f


def test_planner_generates_and_route_layer_shows_it(qtbot, window):
    f = plan(qtbot, window)
    assert f.planner.assignments.count() > 0
    routes = window.stack.sources["patrol_routes"]
    with window.project.session() as s:
        ids = set(s.scalars(select(PatrolAssignment.id).where(PatrolAssignment.period == "2026-W48")))
    assert ids and set(routes.layer.ids.tolist()) & ids
    f.planner.assignments.setCurrentRow(0)
    from desktop.views.patrols import route_map

    chosen = [layer.id for layer in route_map.present(window.stack)]     # the chosen task alone (issue 19)
    assert route_map.STOPS in chosen and not window.stack.layer("patrol_routes").visible


def test_drag_reorder_saves_new_order(qtbot, window):
    f = plan(qtbot, window)
    planner = f.planner
    row = next(i for i in range(planner.assignments.count())
               if "（1 站" not in planner.assignments.item(i).text())
    planner.assignments.setCurrentRow(row)
    aid = planner.current_assignment()
    before = planner.stop_ids()
    assert len(before) >= 2
    # a drag moves the last stop to the top (what InternalMove does), which triggers the save
    model = planner.stops.model()
    model.moveRow(model.index(0, 0).parent(), len(before) - 1, model.index(0, 0).parent(), 0)
    wanted = [before[-1]] + before[:-1]
    with window.project.session() as s:
        saved = [st.id for st in s.get(PatrolAssignment, aid).stops]
    assert saved == wanted and planner.stop_ids() == wanted


def test_result_entry_creates_hazard_in_ledger(qtbot, window, monkeypatch):
    from desktop import operator as operator_module

    f = plan(qtbot, window)
    with window.project.session() as s:
        aid = s.scalar(select(PatrolAssignment.id).order_by(PatrolAssignment.id))
        patroller = s.get(Person, s.get(PatrolAssignment, aid).person_id).name
        clerk = s.scalar(select(Person).where(Person.name != patroller).order_by(Person.id))
        clerk_id, clerk_name = clerk.id, clerk.name
    asked = []   # no operator yet: entering a hazard asks who is recording it
    monkeypatch.setattr(operator_module, "choose_person", lambda *a: asked.append(a) or (clerk_id, clerk_name))
    f.enter_results(aid)
    entry = f.results
    entry.stops.setCurrentRow(0)
    entry.hazard.setText("灭火器压力不足")
    assert entry.result.currentData() == "hazard_found"
    ids = entry.save_current()
    assert len(ids) == 1
    led = ledger.load(window.project)
    assert len(led) > 0
    with window.project.session() as s:
        h = s.get(Hazard, ids[0])
        assert h.description == "灭火器压力不足" and h.source == "grid_patrol" and h.patrol_stop_id is not None
        assert s.get(PatrolStop, h.patrol_stop_id).result == "hazard_found"
        (registered,) = [e for e in h.events if e.action == "register"]
        assert (registered.actor_id, registered.actor_name) == (clerk_id, clerk_name)   # recorded by the operator
        assert h.found_by == patroller                                                   # found by the patroller
    assert len(asked) == 1 and window.operator.name == clerk_name
    assert "✓" in entry.stops.item(0).text()


def test_coverage_table_matches_gis(qtbot, window):
    f = plan(qtbot, window)
    view = f.coverage
    view.period.setText("2026-W48")
    view.refresh()
    with window.project.session() as s:
        t = coverage(s, parse_period("2026-W48"))
    assert view.table.rowCount() == len(t)
    for i, r in enumerate(t.itertuples()):
        assert view.table.item(i, 0).text() == r.code
        assert int(view.table.item(i, 4).text()) == r.due_visits
        assert int(view.table.item(i, 5).text()) == r.done_visits
        rate = view.table.item(i, 6).text()
        assert rate == ("—" if math.isnan(r.rate) else f"{r.rate:.0%}")


def test_identify_patrols_button_filters_assignment_list(qtbot, window):
    f = plan(qtbot, window)
    with window.project.session() as s:
        site_id = s.scalar(select(PatrolStop.site_id).order_by(PatrolStop.id))
        expected = set(s.scalars(select(PatrolStop.assignment_id).where(PatrolStop.site_id == site_id)))
    sites = window.stack.sources["sites"]
    index = int(np.flatnonzero(sites.layer.ids == site_id)[0])
    window.identify_panel.show_feature("sites", index)
    assert f.patrols_button.isEnabled()
    f.patrols_button.click()
    assert {r["id"] for r in f.assignments.rows} == expected


def test_printing_route_sheets_runs_as_a_task_with_progress_and_cancel(qtbot, window, tmp_path, monkeypatch):
    import threading

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from desktop.printing.route_sheet import RouteSheetPrinter

    f = plan(qtbot, window)
    assignments = f.assignments
    assignments.period.setText("2026-W48")
    assignments.refresh()
    out = tmp_path / "路线单.pdf"
    task = assignments.print_selected(path=str(out))
    qtbot.waitUntil(lambda: assignments.printing is None, timeout=30_000)
    assert task.outcome == "succeeded" and out.exists() and out.name in assignments.filter_note.text()
    assert assignments.filter_note.toolTip() == str(out)

    release, real_plan = threading.Event(), RouteSheetPrinter.plan

    def held(self, sheet):          # the worker waits inside the first sheet until 取消 was clicked
        release.wait(10)
        return real_plan(self, sheet)

    monkeypatch.setattr(RouteSheetPrinter, "plan", held)
    stopped = tmp_path / "取消.pdf"
    assignments.print_selected(path=str(stopped))
    dialog = assignments.progress
    assert dialog.isVisible()
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: assignments.printing is None, timeout=30_000)
    assert "已取消打印" in assignments.filter_note.text()
    assert not stopped.exists()


def test_a_cancelled_batch_says_how_many_files_are_complete_and_where(qtbot, window, tmp_path):
    """One PDF per grid: cancelled after two were complete, the note says they stay and where."""
    from gis.atomic import IncompleteCancelled
    from gis.feedback import Cancelled

    f = plan(qtbot, window)
    f.assignments._print_cancelled(IncompleteCancelled([tmp_path / "1.pdf", tmp_path / "2.pdf"], 8))
    note = f.assignments.filter_note.text()
    assert "已取消打印" in note and f"已完成的 2 个文件保留在 {tmp_path.name}" in note
    assert f.assignments.filter_note.toolTip() == str(tmp_path)
    assert f.assignments.last_files == [tmp_path / "1.pdf", tmp_path / "2.pdf"]
    f.assignments._print_cancelled(Cancelled())
    assert f.assignments.filter_note.text() == "已取消打印，没有留下文件"


def test_printing_keeps_its_layers_and_basemap_while_the_window_drops_them(qtbot, window, tmp_path, monkeypatch):
    """The print task draws from its own copy: the window removing the basemap (which stops its tile
    loader) and reloading every layer while a sheet is being printed does not reach the print."""
    import subprocess
    import threading

    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QMessageBox

    from desktop.printing.route_sheet import RouteSheetPrinter
    from tests.desktop.test_tiles import Z, png, tile_of

    f = plan(qtbot, window)
    root = tmp_path / "tiles"
    (x0, y0), (x1, y1) = tile_of(113.18, 33.72), tile_of(113.27, 33.63)
    for x in range(x0, x1 + 1):
        for y in range(y0, y1 + 1):
            p = root / str(Z) / str(x) / f"{y}.png"
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(png("#336699"))
    basemaps = next(b for b in window.features if type(b).__name__ == "Basemaps")
    basemaps.add({"type": "folder", "path": str(root)})
    assignments = f.assignments
    assignments.period.setText("2026-W48")
    assignments.refresh()

    release, real_plan = threading.Event(), RouteSheetPrinter.plan

    def held(self, sheet):          # the worker waits inside the first sheet while the window goes on
        release.wait(10)
        return real_plan(self, sheet)

    monkeypatch.setattr(RouteSheetPrinter, "plan", held)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    out = tmp_path / "底图.pdf"
    task = assignments.print_selected(path=str(out))
    window.layer_panel.select_layer(next(l.id for l in window.stack.layers if l.id.startswith("basemap:")))
    basemaps.remove_selected()
    window.reload_all()
    release.set()
    qtbot.waitUntil(lambda: assignments.printing is None, timeout=30_000)
    assert task.outcome == "succeeded", warnings
    subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(out), str(tmp_path / "page")], check=True)
    image = QImage(str(next(tmp_path.glob("page*.png"))))
    target = QColor("#336699")

    def basemap_blue(c: QColor) -> bool:   # the PDF keeps the tiles as JPEG: near, not equal
        return max(abs(c.red() - target.red()), abs(c.green() - target.green()), abs(c.blue() - target.blue())) < 16

    blue = sum(basemap_blue(image.pixelColor(x, y)) for x in range(0, image.width(), 4)
               for y in range(0, image.height(), 4))
    assert blue > 200            # the basemap shows under the sheet's map
