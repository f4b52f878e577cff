"""Issue 15's "Done when" on the demo, with real mouse and key events: split a grid with a line whose ends snap to
the village boundary (clicked a few pixels inside it), see the preview and the codes renumbered, undo (Ctrl+Z)
and redo (Ctrl+Y), then drag a site into another grid and see its grid change (and undo it from the history)."""
from __future__ import annotations

import os

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from sqlalchemy import func, select

from desktop.features.editing import EditingFeature
from desktop.map.snapping import SEGMENT, VERTEX
from desktop.map.tools import IdentifyTool, LineSketchTool, MoveFeatureTool
from gis import grids as grid_rules
from gis.editing import split_parts
from gis.errors import ValidationError
from gis.geo.crs import DISPLAY, STORAGE, transform, transformer
from gis.model import AdminUnit, Grid, Site, Zone
from tests.windows import open_demo

FWD = transformer(STORAGE, DISPLAY)
SHOTS = os.environ.get("GRIDSAFE_SHOTS")       # a folder: save screenshots there to look at


def _fill_form(qtbot, name: str, **values) -> QTimer:
    """When the attribute form of a feature just drawn opens (desktop/views/data/feature_form.py, modal): its name
    typed (and `values` chosen), 保存. Polls, so a slow machine opening the form late is no matter."""
    from desktop.views.data.feature_form import set_editor_value

    timer = QTimer()
    timer.setInterval(20)

    def fill() -> None:
        form = QApplication.activeModalWidget()
        if form is None or not hasattr(form, "editors"):
            return
        timer.stop()
        form.editors["name"].setText(name)            # QTest types ASCII only
        for column, value in values.items():
            set_editor_value(form.editors[column], form.spec.column(column), value)
        qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)

    timer.timeout.connect(fill)
    timer.start()
    return timer


def _feature(w) -> EditingFeature:
    return next(f for f in w.features if isinstance(f, EditingFeature))


def _screen(w, x, y) -> QPoint:
    sx, sy = w.canvas.view.to_screen(x, y)
    return QPoint(round(float(sx)), round(float(sy)))


def _grid_to_split(project):
    """A grid touching its village's boundary in two stretches, and a straight cut between their middles."""
    with project.session() as s:
        grids = s.execute(select(Grid.id, Grid.code, Grid.geom, AdminUnit.geom)
                          .join(AdminUnit, AdminUnit.id == Grid.village_id).order_by(Grid.id)).all()
    for gid, code, geom, village in grids:
        outer = shapely.intersection(geom.boundary, village.boundary.buffer(1e-7))
        stretches = [p for p in getattr(outer, "geoms", []) if p.geom_type == "LineString" and p.length > 3e-3]
        if len(stretches) != 2:
            continue
        a, b = (shapely.line_interpolate_point(p, 0.5, normalized=True) for p in stretches)
        a, b = (shapely.Point(village.boundary.interpolate(village.boundary.project(p))) for p in (a, b))
        try:
            split_parts(geom, shapely.LineString([a, b]), code)
        except ValidationError:
            continue
        return gid, code, geom, village, a, b
    raise AssertionError("the demo has no grid touching its village's boundary twice")


def _codes(project, village_geom=None) -> dict[int, str]:
    with project.session() as s:
        return dict(s.execute(select(Grid.id, Grid.code)).all())


def _inward(w, p, towards, px=5) -> QPoint:
    """The screen point `px` pixels from the map point p towards another: a click just inside the grid."""
    a, b = _screen(w, *p), _screen(w, *towards)
    d = np.array([b.x() - a.x(), b.y() - a.y()], dtype=float)
    d = d / np.hypot(*d) * px
    return QPoint(a.x() + round(d[0]), a.y() + round(d[1]))


def test_split_snap_renumber_undo_redo_and_move_site(qtbot, monkeypatch, demo_copy):
    w = open_demo(qtbot, monkeypatch, demo_copy)
    feature = _feature(w)
    canvas = w.canvas
    gid, code, geom, village, a, b = _grid_to_split(w.project)
    before = _codes(w.project)
    (ax, bx), (ay, by) = FWD.transform([a.x, b.x], [a.y, b.y])
    g3857 = transform(geom, STORAGE, DISPLAY)
    qtbot.waitUntil(lambda: not canvas._fit_pending)       # the window laid out: a zoom now stays
    canvas.zoom_to_bounds(g3857.bounds, margin=0.2)
    qtbot.waitUntil(canvas._current, timeout=5000)     # the new view rendered, not the old image scaled
    assert canvas.view.scale_denominator() < 20_000

    menu = next(act.menu() for act in w.menuBar().actions() if act.menu() is not None and act.text() == "编辑(&E)")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    # a line inside the grid, reaching no boundary: refused in Chinese, nothing written
    next(act for act in menu.actions() if act.text() == "分割网格…").trigger()
    c = g3857.centroid
    for dx in (-30, 30):
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=_screen(w, c.x, c.y) + QPoint(dx, 0))
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert shown == ["分割线没有把任何一个网格完整分成两块。"] and _codes(w.project) == before
    assert feature.last_preview is None

    next(act for act in menu.actions() if act.text() == "分割网格…").trigger()
    tool = canvas.tool
    assert isinstance(tool, LineSketchTool)
    # each end clicked 5 px inside the grid: only snapping puts it on the village boundary
    start, end = _inward(w, (ax, ay), (bx, by)), _inward(w, (bx, by), (ax, ay))
    qtbot.mouseMove(canvas, start)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, end)
    assert tool.snap is not None and tool.snap.kind in (VERTEX, SEGMENT)
    if SHOTS:
        canvas.grab().save(os.path.join(SHOTS, "edit_split_snap.png"))
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=end)
    village3857 = transform(village, STORAGE, DISPLAY).boundary
    for x, y in tool.vertices:        # both ends on the village boundary (to rounding), not where clicked
        assert village3857.distance(shapely.Point(x, y)) < 1e-6
    qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=end)
    assert isinstance(canvas.tool, IdentifyTool)

    qtbot.waitUntil(lambda: feature.last_preview is not None and feature.last_preview.isVisible())
    dialog = feature.last_preview
    rows = dialog.table.rowCount()
    village_codes = sorted(c for c in before.values() if c[:12] == code[:12])
    assert rows == len(village_codes) + 1
    assert sorted(dialog.table.item(r, 1).text() for r in range(rows)) == \
        [f"{code[:12]}{i:03d}" for i in range(1, rows + 1)]
    if SHOTS:
        dialog.grab().save(os.path.join(SHOTS, "edit_split_preview.png"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    split = _codes(w.project)
    assert len(split) == len(before) + 1 and gid in split
    with w.project.session() as s:
        mine = s.execute(select(Grid.id, Grid.geom).where(Grid.code.like(code[:12] + "%"))).all()
    expected = grid_rules.expected_codes(code[:12], [g for _, g in mine])
    assert [split[i] for i, _ in mine] == expected                # numbered west→east, north→south
    assert len(w.stack.sources["grids"].layer) == len(split)    # the map reloaded the grids
    if SHOTS:
        canvas.grab().save(os.path.join(SHOTS, "edit_split_done.png"))

    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _codes(w.project) == before)
    assert len(w.stack.sources["grids"].layer) == len(before)
    qtbot.keyClick(canvas, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _codes(w.project) == split)

    # drag a site of the split village into a neighbouring grid
    with w.project.session() as s:
        site_id, site_grid, site_geom = s.execute(
            select(Site.id, Site.grid_id, Site.geom).where(Site.grid_id.in_([i for i, _ in mine]))
            .where(Site.geom.is_not(None)).order_by(Site.id)).first()
        target_id, target = next((i, g) for i, g in s.execute(select(Grid.id, Grid.geom).where(Grid.kind == "comprehensive"))
                                 if i != site_grid and g.touches(s.get(Grid, site_grid).geom))
    p = shapely.point_on_surface(site_geom)
    q = target.point_on_surface() if hasattr(target, "point_on_surface") else shapely.point_on_surface(target)
    (px, qx), (py, qy) = FWD.transform([p.x, q.x], [p.y, q.y])
    canvas.zoom_to_bounds((min(px, qx), min(py, qy), max(px, qx), max(py, qy)), margin=0.3)
    qtbot.waitUntil(canvas._current, timeout=5000)     # the new view rendered, not the old image scaled
    next(act for act in menu.actions() if act.text() == "移动场所").trigger()
    assert isinstance(canvas.tool, MoveFeatureTool)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=_screen(w, px, py))
    qtbot.mouseMove(canvas, _screen(w, (px + qx) / 2, (py + qy) / 2))
    qtbot.mouseMove(canvas, _screen(w, qx, qy))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=_screen(w, qx, qy))
    with w.project.session() as s:
        assert s.get(Site, site_id).grid_id == target_id
    sites = w.stack.sources["sites"].layer
    assert int(sites.attrs["grid_id"].iloc[int(np.flatnonzero(sites.ids == site_id)[0])]) == target_id

    history = feature.show_history()
    assert [history.item(r).text() for r in range(history.count())][1:] == feature.stack.texts()
    assert history.count() == 3
    if SHOTS:
        w.grab().save(os.path.join(SHOTS, "edit_history_window.png"))
    history_rect = history.visualItemRect(history.item(0))
    qtbot.mouseClick(history.viewport(), Qt.MouseButton.LeftButton, pos=history_rect.center())   # back to the start
    assert _codes(w.project) == before
    with w.project.session() as s:
        assert s.get(Site, site_id).grid_id == site_grid
    assert shown == ["分割线没有把任何一个网格完整分成两块。"]      # no other refusal on the way


def _shared_vertex(project, on_village_boundary: bool = False):
    """A vertex shared by two grids or more, once each (on a village's boundary or inside a village: a junction of
    three), and those grids' ids."""
    from collections import Counter

    with project.session() as s:
        grids = s.execute(select(Grid.id, Grid.geom).order_by(Grid.id)).all()
        villages = shapely.union_all([g.boundary for g in s.scalars(select(AdminUnit.geom)
                                                                    .where(AdminUnit.level == "village"))])
    ids = np.array([g[0] for g in grids])
    geoms = np.array([g[1] for g in grids], dtype=object)
    xy, owner = shapely.get_coordinates(geoms, return_index=True)
    keys = [tuple(p) for p in xy]
    owners: dict = {}
    for k, o in zip(keys, owner, strict=True):
        owners.setdefault(k, set()).add(int(o))
    count = Counter(keys)
    for k, os_ in owners.items():
        if len(os_) >= 2 and count[k] == len(os_) and \
                (villages.distance(shapely.Point(k)) < 1e-12) == on_village_boundary:
            return k, [int(ids[o]) for o in sorted(os_)]
    raise AssertionError("no vertex shared by two grids")


def _zoom_to_shared_vertex(qtbot, w):
    """A vertex two grids share, the map zoomed around it (rendered anew): (its map point, the two grid ids, their
    geometries before, the 编辑 menu, the vertex in storage lon/lat)."""
    canvas = w.canvas
    (vx, vy), pair = _shared_vertex(w.project)
    with w.project.session() as s:
        before = {i: s.get(Grid, i).geom for i in pair}
    mx, my = FWD.transform(vx, vy)
    qtbot.waitUntil(lambda: not canvas._fit_pending)
    canvas.zoom_to_bounds((mx - 300, my - 300, mx + 300, my + 300), margin=0.0)
    qtbot.waitUntil(canvas._current, timeout=5000)     # the new view rendered, not the old image scaled
    menu = next(act.menu() for act in w.menuBar().actions() if act.menu() is not None and act.text() == "编辑(&E)")
    return (mx, my), pair, before, menu, (vx, vy)


def test_vertex_tool_moves_inserts_and_deletes_shared_vertices(qtbot, monkeypatch, demo_copy):
    w = open_demo(qtbot, monkeypatch, demo_copy)
    feature = _feature(w)
    canvas = w.canvas
    (mx, my), pair, before, menu, (vx, vy) = _zoom_to_shared_vertex(qtbot, w)
    next(act for act in menu.actions() if act.text() == "编辑网格顶点").trigger()

    at = _screen(w, mx, my)
    to = at + QPoint(25, -15)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseMove(canvas, at + QPoint(10, -6))
    qtbot.mouseMove(canvas, to)
    assert {key[1] for key in canvas.tool.shared} == {int(np.flatnonzero(w.stack.sources["grids"].layer.ids == i)[0])
                                                      for i in pair}   # every grid with the vertex follows the drag
    assert len(canvas.tool.preview) == len(pair)
    if SHOTS:
        canvas.grab().save(os.path.join(SHOTS, "edit_vertex_drag.png"))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=to)
    with w.project.session() as s:
        after = {i: s.get(Grid, i).geom for i in pair}
    new = [{tuple(c) for c in shapely.get_coordinates(after[i])} - {tuple(c) for c in shapely.get_coordinates(before[i])}
           for i in pair]
    assert len(new[0]) == 1 and all(n == new[0] for n in new)   # the shared vertex moved in all, to the same place
    (gx, gy), = new[0]
    assert all((vx, vy) not in {tuple(c) for c in shapely.get_coordinates(after[i])} for i in pair)
    dropped = np.hypot(*(np.array(FWD.transform(gx, gy)) - canvas.view.to_map(to.x(), to.y())))
    assert dropped <= 10 * canvas.view.resolution             # where released, or snapped within 10 px
    overlap = sum(shapely.intersection(after[i], after[j]).area for i in pair for j in pair if i < j)
    assert overlap < 1e-14                                   # still no overlap: topology kept
    assert feature.stack.undo_text().startswith("编辑网格顶点")
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with w.project.session() as s:
        assert all(s.get(Grid, i).geom.equals_exact(before[i], 0) for i in pair)

    # a vertex on a village boundary: the villages (and a township, if it is on its boundary) follow
    (bx, by), on_edge = _shared_vertex(w.project, on_village_boundary=True)
    with w.project.session() as s:
        village_before = {v.id: v.geom for v in s.scalars(select(AdminUnit).where(AdminUnit.level == "village"))
                          if (bx, by) in {tuple(c) for c in shapely.get_coordinates(v.geom)}}
    assert village_before
    mbx, mby = FWD.transform(bx, by)
    canvas.zoom_to_bounds((mbx - 300, mby - 300, mbx + 300, mby + 300), margin=0.0)
    qtbot.waitUntil(canvas._current, timeout=5000)     # the new view rendered, not the old image scaled
    at = _screen(w, mbx, mby)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseMove(canvas, at + QPoint(-18, 22))
    assert {layer for layer, _ in canvas.tool.shared} >= {"grids", "villages"}
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=at + QPoint(-18, 22))
    with w.project.session() as s:
        grid_new = {tuple(c) for c in shapely.get_coordinates(s.get(Grid, on_edge[0]).geom)}
        for vid, old in village_before.items():
            old_set = {tuple(c) for c in shapely.get_coordinates(old)}
            new_set = {tuple(c) for c in shapely.get_coordinates(s.get(AdminUnit, vid).geom)}
            added = new_set - old_set
            assert (bx, by) not in new_set and len(added) == 1    # the village's copy of the vertex moved …
            assert added <= grid_new                              # … to exactly where the grid's went
    assert "共用" in feature.stack.undo_text()
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with w.project.session() as s:
        assert all(s.get(AdminUnit, vid).geom.equals_exact(old, 0) for vid, old in village_before.items())

    # insert a vertex in the middle of the first segment of the edge two of them share, then delete it: in both
    shared = shapely.intersection(before[pair[0]].boundary, before[pair[1]].boundary)
    line = shapely.line_merge(shared) if shared.geom_type != "LineString" else shared
    line = line.geoms[0] if hasattr(line, "geoms") else line
    a, b = np.asarray(line.coords)[:2]
    mid = (a + b) / 2
    ex, ey = FWD.transform(*mid)
    canvas.zoom_to_bounds((ex - 300, ey - 300, ex + 300, ey + 300), margin=0.0)
    qtbot.waitUntil(canvas._current, timeout=5000)     # the new view rendered, not the old image scaled
    p = _screen(w, ex, ey)
    qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=p)
    with w.project.session() as s:
        counts = {i: len(shapely.get_coordinates(s.get(Grid, i).geom)) for i in pair}
    edge = pair[:2]             # the edge is these two grids' (the vertex's third grid, if any, keeps its shape)
    assert counts == {i: len(shapely.get_coordinates(before[i])) + (i in edge) for i in pair}
    qtbot.keyClick(canvas, Qt.Key.Key_Delete)
    with w.project.session() as s:
        assert all(s.get(Grid, i).geom.equals_exact(before[i], 1e-9) for i in pair)


def test_merge_selected_grids_and_draw_a_pipeline(qtbot, monkeypatch, demo_copy):

    from gis.model import LineAsset

    w = open_demo(qtbot, monkeypatch, demo_copy)
    feature = _feature(w)
    canvas = w.canvas
    pair = _shared_vertex(w.project)[1][:2]      # inside a village: two grids of it sharing an edge
    with w.project.session() as s:
        a, b = (s.get(Grid, i).geom for i in pair)
        village_id = s.get(Grid, pair[0]).village_id
        n_before = s.scalar(select(func.count()).select_from(Grid).where(Grid.village_id == village_id))
    edge = shapely.intersection(a.boundary, b.boundary)
    mid = edge.interpolate(0.5, normalized=True)
    mx, my = FWD.transform(mid.x, mid.y)
    qtbot.waitUntil(lambda: not canvas._fit_pending)
    canvas.zoom_to_bounds((mx - 200, my - 200, mx + 200, my + 200), margin=0.0)
    qtbot.waitUntil(canvas._current, timeout=5000)     # the new view rendered, not the old image scaled
    at = _screen(w, mx, my)       # Ctrl+drag a small box across the shared edge: both grids selected
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, at - QPoint(6, 6))
    qtbot.mouseMove(canvas, at + QPoint(6, 6))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, at + QPoint(6, 6))
    ids = w.stack.sources["grids"].layer.ids
    assert sorted(int(ids[r]) for r in canvas.selection["grids"]) == sorted(pair)
    menu = next(act.menu() for act in w.menuBar().actions() if act.menu() is not None and act.text() == "编辑(&E)")
    next(act for act in menu.actions() if act.text() == "合并网格").trigger()
    qtbot.waitUntil(lambda: feature.last_preview is not None and feature.last_preview.isVisible())
    dialog = feature.last_preview
    assert dialog.table.rowCount() == n_before - 1
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    with w.project.session() as s:
        assert s.get(Grid, max(pair)) is None and s.get(Grid, min(pair)).geom.area > a.area
        codes = sorted(s.scalars(select(Grid.code).where(Grid.village_id == village_id)))
    assert len(codes) == n_before - 1 and codes[-1].endswith(f"{n_before - 1:03d}")   # renumbered, no gap
    assert feature.stack.undo_text().startswith("合并网格")

    # a new pipeline: click, click, double-click, then its attribute form (name typed, 保存)
    pipes = len(w.stack.sources["pipelines"].layer)
    next(act for act in menu.actions() if act.text() == "新增管线…").trigger()
    for dx, dy in ((-120, 40), (0, -30)):
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=at + QPoint(dx, dy))
    end = at + QPoint(130, 10)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=end)
    filler = _fill_form(qtbot, "新建中压管线")
    qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=end)
    assert not filler.isActive(), "no attribute form after drawing the pipeline"
    with w.project.session() as s:
        line = s.scalars(select(LineAsset).where(LineAsset.name == "新建中压管线")).one()
        assert line.kind == "gas_pipeline" and len(line.geom.coords) == 3
    assert len(w.stack.sources["pipelines"].layer) == pipes + 1
    # 编辑 → 撤销 (offscreen, the closed form keeps the window's Ctrl+Z from firing): the new pipeline goes again
    undo = next(act for act in menu.actions() if act.text().startswith("撤销"))
    assert "新建中压管线" in undo.text()
    undo.trigger()
    assert len(w.stack.sources["pipelines"].layer) == pipes

    # a new zone: four corners clicked, a double-click, its form (a forest-fire zone by default), 保存; then undone
    zones = len(w.stack.sources["zones"].layer)
    next(act for act in menu.actions() if act.text() == "新增区域…").trigger()
    corners = [at + QPoint(dx, dy) for dx, dy in ((-60, -60), (60, -60), (60, 60))]
    for p in corners:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=p)
    last = at + QPoint(-60, 60)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=last)
    filler = _fill_form(qtbot, "新划防火区")
    qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=last)
    assert not filler.isActive(), "no attribute form after drawing the zone"
    with w.project.session() as s:
        zone = s.scalars(select(Zone).where(Zone.name == "新划防火区")).one()
        assert zone.kind == "forest_fire" and zone.geom.geom_type == "Polygon" and len(zone.geom.exterior.coords) == 5
    assert len(w.stack.sources["zones"].layer) == zones + 1
    next(act for act in menu.actions() if act.text().startswith("撤销")).trigger()
    assert len(w.stack.sources["zones"].layer) == zones


def test_new_site_by_typed_coordinates_and_by_a_click(qtbot, monkeypatch, demo_copy):
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    w = open_demo(qtbot, monkeypatch, demo_copy)
    feature = _feature(w)
    canvas = w.canvas
    with w.project.session() as s:
        gid, geom = s.execute(select(Grid.id, Grid.geom).where(Grid.kind == "comprehensive").order_by(Grid.id)).first()
    p = shapely.point_on_surface(geom)
    menu = next(act.menu() for act in w.menuBar().actions() if act.menu() is not None and act.text() == "编辑(&E)")

    def typed(widget, text):
        widget.clear()
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)

    next(act for act in menu.actions() if act.text() == "新增场所…").trigger()
    dialog = feature.site_dialog
    typed(dialog.a, "东经")
    typed(dialog.b, f"{p.y:.7f}")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "经度“东经”不是数字" in dialog.error.text()      # refused in Chinese, kept open
    if SHOTS:
        dialog.grab().save(os.path.join(SHOTS, "edit_new_site.png"))
    typed(dialog.a, f"{p.x:.7f}")
    filler = _fill_form(qtbot, "新开加油站", category="lpg_station", risk_level="high")   # the sites layer's form
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not filler.isActive(), "no attribute form after the site's place"
    with w.project.session() as s:
        site = s.scalars(select(Site).where(Site.name == "新开加油站")).one()
        assert site.grid_id == gid and site.geom.distance(p) < 1e-6
        assert (site.category, site.risk_level, site.sector) == ("lpg_station", "high", "gas")

    # by a click on the map
    mx, my = FWD.transform(p.x, p.y)
    qtbot.waitUntil(lambda: not canvas._fit_pending)
    canvas.zoom_to_bounds((mx - 400, my - 400, mx + 400, my + 400), margin=0.0)
    next(act for act in menu.actions() if act.text() == "新增场所…").trigger()
    dialog = feature.site_dialog
    qtbot.mouseClick(dialog.pick, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    spot = _screen(w, mx, my) + QPoint(40, 25)
    qtbot.mouseMove(canvas, spot)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=spot)
    assert dialog.isVisible() and dialog.a.text() and isinstance(canvas.tool, IdentifyTool)
    filler = _fill_form(qtbot, "荆山小卖部", category="small_premises")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not filler.isActive()
    with w.project.session() as s:
        shop = s.scalars(select(Site).where(Site.name == "荆山小卖部")).one()
        assert shop.grid_id is not None
    assert "荆山小卖部" in set(w.stack.sources["sites"].layer.attrs["name"].astype(str))

    # delete it from the identify panel, then undo
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text) or
                        QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=spot)
    assert w.identify_panel.current is not None and w.identify_panel.current[0] == "sites"
    assert feature.delete_button.isVisible() and feature.delete_button.isEnabled()
    qtbot.mouseClick(feature.delete_button, Qt.MouseButton.LeftButton)
    assert asked and "荆山小卖部" in asked[0]
    with w.project.session() as s:
        assert s.get(Site, shop.id) is None
    w.activateWindow()                   # the dialogs had the focus: Ctrl+Z is the window's shortcut
    qtbot.waitUntil(w.isActiveWindow)
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with w.project.session() as s:
        assert s.get(Site, shop.id).name == "荆山小卖部"


def test_vertex_tool_without_topological_editing_opens_a_gap(qtbot, monkeypatch, demo_copy):
    """拓扑编辑 off: the vertex moves in the grid pressed only — how a user makes the gap the topology check finds."""
    w = open_demo(qtbot, monkeypatch, demo_copy)
    feature = _feature(w)
    canvas = w.canvas
    (mx, my), pair, before, menu, (vx, vy) = _zoom_to_shared_vertex(qtbot, w)
    next(act for act in menu.actions() if act.text() == "拓扑编辑（共用顶点一起改）").trigger()
    assert not feature.topological_action.isChecked()
    next(act for act in menu.actions() if act.text() == "编辑网格顶点").trigger()
    at = _screen(w, mx, my)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseMove(canvas, at + QPoint(-30, 30))
    assert len(canvas.tool.shared) == 1
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=at + QPoint(-30, 30))
    with w.project.session() as s:
        after = {i: s.get(Grid, i).geom for i in pair}
    changed = [i for i in pair if not after[i].equals_exact(before[i], 0)]
    assert len(changed) == 1
    union_before = shapely.union_all(list(before.values()))
    assert shapely.union_all(list(after.values())).area != union_before.area     # a gap or an overlap now


def test_done_when_a_gap_made_by_hand_is_found_and_closed(qtbot, monkeypatch, demo_copy):
    """Issue 15's last step as a user does it: 拓扑编辑 off, a shared vertex dragged into its grid opens a gap; 工具 →
    拓扑检查… lists it; a click on 并入相邻网格 closes it and the check finds it no more."""
    w = open_demo(qtbot, monkeypatch, demo_copy)
    canvas = w.canvas
    (mx, my), pair, before, menu, (vx, vy) = _zoom_to_shared_vertex(qtbot, w)
    with w.project.session() as s:
        village_id = s.get(Grid, pair[0]).village_id
    union_before = shapely.union_all(list(before.values())).area
    next(act for act in menu.actions() if act.text() == "拓扑编辑（共用顶点一起改）").trigger()
    next(act for act in menu.actions() if act.text() == "编辑网格顶点").trigger()
    at = _screen(w, mx, my)

    def drag(dx: int, dy: int) -> float:
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=at)
        qtbot.mouseMove(canvas, at + QPoint(dx, dy))
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=at + QPoint(dx, dy))
        with w.project.session() as s:
            return shapely.union_all([s.get(Grid, i).geom for i in pair]).area

    if drag(-30, 30) >= union_before:       # that way the grid grew over its neighbour: undo, and the other way
        qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert drag(30, -30) < union_before
    tools = next(act.menu() for act in w.menuBar().actions() if act.menu() is not None and act.text() == "工具(&T)")
    topology = next(f for f in w.features if type(f).__name__ == "TopologyFeature")
    next(act for act in tools.actions() if act.text() == "拓扑检查…").trigger()
    qtbot.waitUntil(lambda: topology.task is None and topology.result is not None, timeout=30_000)
    view = topology.view
    row = view.row_of("gap", village_id)
    assert row is not None and view.finding_at(row).other_id in pair
    table = view.table
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(table.model().index(row, 0)).center())
    qtbot.mouseClick(view.fix_buttons["close_gap"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: topology.task is None and view.row_of("gap", village_id) is None, timeout=30_000)
    with w.project.session() as s:
        assert shapely.union_all([s.get(Grid, i).geom for i in pair]).area == pytest.approx(union_before, rel=1e-6)
    # the fix is an edit like the others: 撤销 reopens the gap, 重做 closes it again
    assert w.edits.undo_text().startswith("并入相邻网格")
    w.edits.undo(w.project)
    with w.project.session() as s:
        assert shapely.union_all([s.get(Grid, i).geom for i in pair]).area < union_before
    w.edits.redo(w.project)
    with w.project.session() as s:
        assert shapely.union_all([s.get(Grid, i).geom for i in pair]).area == pytest.approx(union_before, rel=1e-6)
    w.close()


def test_snapping_options_apply_to_the_tools_and_are_remembered(qtbot, monkeypatch, demo_copy):
    """编辑 → 吸附设置…: tolerance, modes and extra layers reach the tool in use and every new one, and are kept for
    the next session; 启用吸附 off stops snapping."""
    from desktop.features.editing import load_snap_options
    from tests.windows import Settings

    kept = Settings()                         # this test's own settings store: other tests snap as by default
    monkeypatch.setattr("desktop.qsettings.settings", lambda: kept)
    w = open_demo(qtbot, monkeypatch, demo_copy)
    feature = _feature(w)
    menu = next(act.menu() for act in w.menuBar().actions() if act.menu() is not None and act.text() == "编辑(&E)")
    next(act for act in menu.actions() if act.text() == "分割网格…").trigger()
    assert feature.tool.snapper.tolerance_px == 10 and "sites" not in feature.tool.snapper.layers
    next(act for act in menu.actions() if act.text() == "吸附设置…").trigger()
    dialog = feature.snap_dialog
    dialog.tolerance.setValue(20)
    qtbot.mouseClick(dialog.segments, Qt.MouseButton.LeftButton, pos=QPoint(6, dialog.segments.height() // 2))
    qtbot.mouseClick(dialog.layers["sites"], Qt.MouseButton.LeftButton, pos=QPoint(6, 8))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    snapper = feature.tool.snapper            # the tool in use follows at once
    assert (snapper.tolerance_px, snapper.segments, snapper.vertices) == (20, False, True)
    assert snapper.layers[:2] == ["grids", "villages"] and "sites" in snapper.layers
    saved = load_snap_options()               # kept for the next session
    assert "editing/snapping" in kept
    assert (saved.tolerance_px, saved.segments, saved.layers) == (20, False, ["sites"])
    toggle = next(act for act in menu.actions() if act.text() == "启用吸附")
    toggle.trigger()
    assert not toggle.isChecked() and not feature.tool.snapper.enabled
    assert feature.tool.snapper.snap(w.canvas, *w.canvas.view.to_map(100, 100)) is None
    w.close()


def test_reshape_a_zone_with_a_drawn_line_and_undo(qtbot, monkeypatch, demo_copy):
    """编辑 → 重塑区域…: a line clicked from one vertex of a forest-fire zone out and back to the next (the ends snap to
    the vertices) adds the area it encloses; 撤销 gives the zone its old shape back."""
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: warned.append(text))
    w = open_demo(qtbot, monkeypatch, demo_copy)
    canvas = w.canvas
    with w.project.session() as s:
        zone = s.scalars(select(Zone).where(Zone.kind == "forest_fire").order_by(Zone.id).limit(1)).one()
        zid, before = zone.id, zone.geom
    polygon = before if before.geom_type == "Polygon" else max(before.geoms, key=lambda g: g.area)
    coords = list(polygon.exterior.coords)
    k = max(range(len(coords) - 1), key=lambda i: (coords[i + 1][0] - coords[i][0]) ** 2
            + (coords[i + 1][1] - coords[i][1]) ** 2)                  # the longest edge: room to click
    (x0, y0), (x1, y1) = (FWD.transform(*coords[k]), FWD.transform(*coords[k + 1]))
    cx, cy = FWD.transform(*polygon.centroid.coords[0])
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    ox, oy = mx - cx, my - cy                                           # outward, away from the centre
    norm = (ox * ox + oy * oy) ** 0.5
    qtbot.waitUntil(lambda: not canvas._fit_pending)
    pad = length * 0.6
    canvas.zoom_to_bounds((min(x0, x1) - pad, min(y0, y1) - pad, max(x0, x1) + pad, max(y0, y1) + pad), margin=0.0)
    qtbot.waitUntil(canvas._current, timeout=5000)
    menu = next(act.menu() for act in w.menuBar().actions() if act.menu() is not None and act.text() == "编辑(&E)")
    next(act for act in menu.actions() if act.text() == "重塑区域…").trigger()
    # the bulge's tip where nothing snaps it back onto a boundary (ranger areas overlap the fire zones)
    tips = [(mx + ox / norm * length * f, my + oy / norm * length * f) for f in (0.33, 0.5, 0.25, 0.4, 0.2)]
    out = next(t for t in tips if _feature(w).tool.snapper.snap(canvas, *t) is None)
    for x, y in ((x0, y0), out):
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=_screen(w, x, y))
    end = _screen(w, x1, y1)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=end)
    qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=end)
    assert warned == []
    with w.project.session() as s:
        after = s.get(Zone, zid).geom
    assert after.area > before.area and after.is_valid
    assert after.contains(polygon.buffer(-1e-9))                        # the old shape kept, only added to
    undo = next(act for act in menu.actions() if act.text().startswith("撤销"))
    assert "重塑" in undo.text()
    undo.trigger()
    with w.project.session() as s:
        assert s.get(Zone, zid).geom.equals_exact(before, 1e-12)
    w.close()
