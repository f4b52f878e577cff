"""工具 → 拓扑检查… on a demo copy with a gap made in it: the check runs as a task, the gap is listed in the dock
and drawn on the map in red, a double-click zooms to it, the fix button closes it and the finding disappears."""
from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import Qt
from sqlalchemy import select

from gis import store
from gis.model import Grid
from tests.windows import open_demo


def make_gap(path) -> tuple[int, int]:
    """Shrink the first comprehensive grid to 90 % about its centre: a ring-shaped gap in its village."""
    with store.open_project(path) as p, p.transaction() as s:
        grid = s.scalars(select(Grid).where(Grid.kind == "comprehensive").order_by(Grid.id).limit(1)).one()
        grid.geom = shapely.affinity.scale(grid.geom, 0.9, 0.9, origin=grid.geom.centroid)
        return grid.id, grid.village_id


def test_check_from_the_menu_shows_the_gap_and_fixes_it(qtbot, monkeypatch, demo_copy, artifacts):
    grid_id, village_id = make_gap(demo_copy)
    w = open_demo(qtbot, monkeypatch, demo_copy, (1400, 900), operator=False)
    feature = next(f for f in w.features if type(f).__name__ == "TopologyFeature")
    menu = next(a.menu() for a in w.menuBar().actions() if a.menu() is not None and a.text() == "工具(&T)")
    next(a for a in menu.actions() if a.text() == "拓扑检查…").trigger()
    qtbot.waitUntil(lambda: feature.task is None and feature.result is not None, timeout=30_000)
    view = feature.view
    kinds = {f.kind for f in feature.result.findings}
    assert "gap" in kinds and kinds <= {"gap", "site_outside", "dangling_end"}

    row = view.row_of("gap", village_id)
    assert row is not None
    gap = view.finding_at(row)
    assert gap.other_id == grid_id and gap.area_m2 > 1000
    table = view.table
    pos = table.visualRect(table.model().index(row, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    button = view.fix_buttons["close_gap"]
    assert not button.isHidden() and view.fix_buttons["repair"].isHidden()

    # on the map: red markers and areas over every layer; a double-click fits the gap on screen
    assert [layer.id for layer in w.stack.layers[:2]] == ["topology_markers", "topology_areas"]
    assert len(w.stack.layer("topology_areas").source) == sum(
        1 for f in feature.result.findings if f.geometry.geom_type in ("Polygon", "MultiPolygon"))
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    from gis.geo.crs import DISPLAY, STORAGE, transform
    gx0, gy0, gx1, gy1 = transform(gap.geometry, STORAGE, DISPLAY).bounds
    vx0, vy0, vx1, vy1 = w.canvas.view.extent()
    assert vx0 <= gx0 and vy0 <= gy0 and vx1 >= gx1 and vy1 >= gy1
    assert (vx1 - vx0) < 3 * (gx1 - gx0) + 200
    qtbot.wait(300)
    w.grab().save(str(artifacts / "topology_window.png"))
    feature.dock.grab().save(str(artifacts / "topology_dock.png"))

    # the fix: one click, the gap gone from the dock, the grid layer reloaded with the closed grid
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: feature.task is None and view.row_of("gap", village_id) is None, timeout=30_000)
    assert all(f.kind != "gap" for f in feature.result.findings)
    grids = w.stack.sources["grids"].layer
    closed = grids.geoms[np.flatnonzero(grids.ids == grid_id)[0]]
    assert closed.area > 1.2 * shapely.affinity.scale(closed, 0.9, 0.9).area   # back to its full size
    assert not feature.recheck_timer.isActive() and not feature.rechecks.is_running()   # the fix's check is enough
    w.grab().save(str(artifacts / "topology_fixed.png"))

    # any other edit (here 撤销 of the fix) and the open dock checks again by itself: the gap is back
    edit = next(a.menu() for a in w.menuBar().actions() if a.menu() is not None and a.text() == "编辑(&E)")
    next(a for a in edit.actions() if a.text().startswith("撤销")).trigger()
    assert "正在重新检查" in view.summary.text()
    qtbot.waitUntil(lambda: view.row_of("gap", village_id) is not None, timeout=30_000)
    assert "正在重新检查" not in view.summary.text() and feature.task is None
    assert len(w.stack.layer("topology_areas").source) == sum(
        1 for f in feature.result.findings if f.geometry.geom_type in ("Polygon", "MultiPolygon"))
    w.close()
