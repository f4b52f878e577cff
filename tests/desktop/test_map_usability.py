"""Issue 19, "map and routes", as a user meets them on the demo: a task's route shows that task alone (a one-stop task
its stop), turning it off gives back the map as it was; grids are labelled by name (the code on hover and in
identify); the legend starts expanded; the opacity slider claims nothing without a layer."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from sqlalchemy import func, select

from desktop.views.patrols import route_map
from gis.model import PatrolAssignment, PatrolStop
from tests.windows import open_demo


def feature(w, name):
    return next(f for f in w.features if type(f).__name__ == name)


@pytest.fixture
def window(qtbot, monkeypatch, demo_file):
    w = open_demo(qtbot, monkeypatch, demo_file, operator=False)     # reads only
    qtbot.waitUntil(lambda: len(w.stack.sources["patrol_routes"]) > 0)   # read after the first paint
    return w


def tasks_with_stops(w, n: int) -> list[int]:
    with w.project.session() as s:
        return list(s.scalars(select(PatrolStop.assignment_id).join(PatrolAssignment)
                              .where(PatrolAssignment.kind != "line").group_by(PatrolStop.assignment_id)
                              .having(func.count() == n).order_by(PatrolStop.assignment_id).limit(1)))


def click_row(qtbot, table, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def list_tasks(qtbot, w, ids):
    """巡查 → 巡查任务… showing exactly these tasks (as the dashboard's numbers open it)."""
    patrols = feature(w, "Patrols")
    patrols.show("assignments")
    view = patrols.assignments
    view.show_assignments(ids, "")
    assert [r["id"] for r in view.rows] == ids
    return view


def test_a_one_stop_task_shows_its_stop_zoomed_and_selected(qtbot, window, artifacts):
    one = tasks_with_stops(window, 1)[0]
    view = list_tasks(qtbot, window, [one])
    click_row(qtbot, view.table, 0)
    stops = window.stack.layer(route_map.STOPS)
    assert stops.visible and len(stops.drawn()) == 1          # its stop, on the map
    site = int(stops.drawn()[0])
    with window.project.session() as s:
        site_id = s.scalar(select(PatrolStop.site_id).where(PatrolStop.assignment_id == one))
    assert int(window.stack.sources["sites"].layer.ids[site]) == site_id
    assert list(window.canvas.selection["sites"]) == [site]   # selected, and the map zoomed to it
    assert window.canvas.view.scale_denominator() == pytest.approx(5000, rel=0.01)
    x, y = window.stack.sources["sites"].xy[site]
    assert (window.canvas.view.cx, window.canvas.view.cy) == pytest.approx((x, y))
    window.grab().save(str(artifacts / "m-one-stop-task.png"))
    # a click on the stop identifies its site, once (not again for the sites layer under it)
    sx, sy = (float(v) for v in window.canvas.view.to_screen(x, y))
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(sx), round(sy)))
    panel = window.identify_panel
    assert panel.current == ("sites", site)
    assert len(panel.hits) == len({(h.source, h.index) for h in panel.hits})


def test_one_route_shows_alone_and_turning_it_off_gives_back_the_map(qtbot, window, artifacts):
    stack = window.stack
    assert not stack.layer("patrol_routes").visible           # the demo's ~3,000 past routes: hidden
    task = tasks_with_stops(window, 4)[0]
    view = list_tasks(qtbot, window, [task])
    click_row(qtbot, view.table, 0)
    route = stack.layer(route_map.ROUTE)
    assert route.visible and list(route.source.layer.ids[route.drawn()]) == [task]    # that route, only
    assert len(stack.layer(route_map.STOPS).drawn()) == 4
    assert not stack.layer("patrol_routes").visible           # the past routes stay off
    drawn = [layer.id for layer in stack.drawing_order()]
    assert "patrol_routes" not in drawn and route_map.ROUTE in drawn
    window.grab().save(str(artifacts / "m-one-route.png"))
    # in the layer panel, the task's route is turned off (Space on its check box): the map is as before
    panel = window.layer_panel
    item = panel.item_for(route_map.ROUTE)
    assert item is not None and item.checkState(0) == Qt.CheckState.Checked
    panel.tree.setCurrentItem(item)
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not route_map.present(stack))
    assert panel.item_for(route_map.ROUTE) is None and panel.item_for(route_map.STOPS) is None
    assert not stack.layer("patrol_routes").visible
    # with every route shown by the user, a task's route leaves them shown; turning it off keeps them
    stack.set_visible("patrol_routes", True)
    every = len(stack.layer("patrol_routes").drawn())
    click_row(qtbot, view.table, 0)      # the same row again: re-select it
    view.table.clearSelection()
    click_row(qtbot, view.table, 0)
    assert route_map.present(stack)
    panel.tree.setCurrentItem(panel.item_for(route_map.STOPS))
    qtbot.keyClick(panel.tree, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not route_map.present(stack))
    assert stack.layer("patrol_routes").visible and len(stack.layer("patrol_routes").drawn()) == every > 400


def test_task_route_follows_a_reload(qtbot, monkeypatch, demo_file):
    """The map reloads its routes (read after the first paint, then after a plan or a result): the task shown is
    drawn from the fresh data."""
    from gis import layers

    window = open_demo(qtbot, monkeypatch, demo_file, operator=False)
    task = tasks_with_stops(window, 3)[0]
    click_row(qtbot, list_tasks(qtbot, window, [task]).table, 0)
    window.stack.replace_data({"patrol_routes": layers.patrol_routes(window.project)})

    def fresh() -> bool:
        route = next((layer for layer in route_map.present(window.stack) if layer.id == route_map.ROUTE), None)
        return route is not None and route.source.layer is window.stack.sources["patrol_routes"].layer
    qtbot.waitUntil(fresh)
    route = window.stack.layer(route_map.ROUTE)
    assert list(route.source.layer.ids[route.drawn()]) == [task]
    assert np.array_equal(route_map.present(window.stack)[1].drawn(), window.stack.layer(route_map.STOPS).drawn())


# --- the layer panel ---------------------------------------------------------------------------------------------

def click_item(qtbot, tree, item) -> None:
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.right() - 10, rect.center().y()))


def test_legend_starts_open_and_opacity_claims_nothing_without_a_layer(qtbot, window, artifacts):
    panel = window.layer_panel
    stack = window.stack
    shown = [layer for layer in stack.vector_layers() if layer.visible and len(layer.drawn())]
    assert shown and all(panel.item_for(layer.id).isExpanded() for layer in shown)      # the legend, open
    assert not panel.item_for("patrol_routes").isExpanded()                            # of a hidden layer, closed
    assert not panel.item_for("patrol_tracks").isExpanded()                            # of an empty one, closed
    for i in range(panel.tree.topLevelItemCount()):
        assert panel.tree.topLevelItem(i).isExpanded()
    # no layer chosen: no slider pretending the opacity is 0, a hint instead
    assert panel.current_layer() is None
    assert not panel.opacity.isVisible() and not panel.opacity.isEnabled() and panel.no_layer.isVisible()
    panel.grab().save(str(artifacts / "m-layer-panel-start.png"))
    # a layer clicked: its opacity; PageDown on the slider makes it 90 %
    click_item(qtbot, panel.tree, panel.item_for("villages"))
    assert panel.current_layer().id == "villages"
    assert panel.opacity.isVisible() and panel.opacity.isEnabled() and not panel.no_layer.isVisible()
    assert panel.opacity.value() == 100 and panel.opacity_value.text() == "100%"
    panel.opacity.setFocus()
    qtbot.keyClick(panel.opacity, Qt.Key.Key_PageDown)
    assert stack.layer("villages").opacity == pytest.approx(0.9) and panel.opacity_value.text() == "90%"
    click_item(qtbot, panel.tree, panel.item_for("townships"))
    assert panel.opacity.value() == 100
    click_item(qtbot, panel.tree, panel.item_for("villages"))
    assert panel.opacity.value() == 90
    panel.grab().save(str(artifacts / "m-layer-panel-layer.png"))
    # a legend folded by the user stays folded when the panel is rebuilt (a style change); one turned on opens
    item = panel.item_for("sites")
    panel.tree.collapseItem(item)
    stack.move("sites", stack.layers.index(stack.layer("sites")))
    assert not panel.item_for("sites").isExpanded()
    routes = panel.item_for("patrol_routes")
    panel.tree.setCurrentItem(routes)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Space)
    assert stack.layer("patrol_routes").visible and panel.item_for("patrol_routes").isExpanded()


# --- grids: named on the map, the code on hover and in identify --------------------------------------------------

def test_grids_are_labelled_by_name_with_the_code_on_hover_and_in_identify(qtbot, window, monkeypatch, artifacts):
    import re

    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    from desktop.render import labels

    stack, canvas = window.stack, window.canvas
    grids = stack.sources["grids"]
    row = int(np.flatnonzero(grids.attrs["code"].astype(str).to_numpy() == "410411003001005")[0])
    name = str(grids.attrs["name"].iloc[row])
    drawn: list[str] = []
    real = labels.label_image
    monkeypatch.setattr(labels, "label_image", lambda text, *a: drawn.append(text) or real(text, *a))
    canvas.zoom_to_feature("grids", row, select=False)
    canvas.set_scale(12000)
    canvas.repaint()
    assert name in drawn                                              # the grid's name on the map
    assert not [t for t in drawn if re.fullmatch(r"\d{15}", t)]      # and no 15-digit codes
    window.grab().save(str(artifacts / "m-grid-names.png"))
    # only the grids shown (as a user unticks the rest): hover, then click, at the grid's label point
    for layer in stack.vector_layers():
        if layer.id not in ("grid_codes", "villages", "townships"):
            stack.set_visible(layer.id, False)
    x, y = (float(v) for v in canvas.view.to_screen(*grids.anchors[row]))
    pos = QPoint(round(x), round(y))
    QApplication.sendEvent(canvas, QHelpEvent(QHelpEvent.Type.ToolTip, pos, canvas.mapToGlobal(pos)))
    assert QToolTip.isVisible()
    tip = QToolTip.text().splitlines()
    assert tip[0] == f"{name}  410411003001005"                        # the grid first, then its village, township
    assert len(tip) == 3 and re.fullmatch(r".+  \d{12}", tip[1])
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=pos)
    heading = window.identify_panel.heading.text()
    assert name in heading and "410411003001005" not in heading
    assert dict(window.identify_panel.details.attributes)["网格代码"] == "410411003001005"   # the code, in identify


# --- at 1366×768 -------------------------------------------------------------------------------------------------

def test_dashboard_and_status_bar_fit_a_1366x768_laptop(tmp_path, demo_file):
    """tests/desktop/fit_m.py in a Qt whose screen is 1366×728 (a 40 px taskbar less): 工作态势 shows its table and
    charts without scrolling; no status bar label is cut (one that must give way is elided, whole on hover), and
    the messages keep room."""
    from tests.desktop.test_screen_fit import run_at

    done = run_at(1366, 768 - 40, tmp_path, "tests/desktop/fit_m.py", GRIDSAFE_FIT_DEMO=str(demo_file))
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "1 passed" in done.stdout
