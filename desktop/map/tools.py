"""Map tools: what a click on the map means (the QgsMapTool idea, kept small for issue 15 to grow).

The canvas (desktop/map/canvas.py) always navigates: a drag pans, Shift+drag zooms to a box, Ctrl+drag
selects, the wheel zooms, the arrow keys pan. Its current tool (`canvas.set_tool(tool)`) gets every event
first, in map coordinates, and may take it:

    press(e)        True: the tool takes this press (no pan or box follows); default False
    move(e)         every mouse move, hovering or dragging
    release(e)      the button of a press the tool took was released
    click(e)        a press + release that did not move (CLICK_SLOP) and that the tool did not take
    double_click(e) True: handled; otherwise the canvas treats it as a second press, as before tools
    key(e)          True: handled (Esc, Backspace, Enter…); otherwise the canvas's keys
    paint(p, view)  draw an overlay (a sketch, a rubber band) over the map, in screen pixels of `view`

The default tool, IdentifyTool, identifies what a click hits: the canvas behaves as it did before tools.
SketchTool draws (PolygonSketchTool a polygon, LineSketchTool a line: a split line, a pipeline) and emits it in
storage lon/lat (CGCS2000), snapping with a desktop.map.snapping.Snapper when given one; MoveFeatureTool drags a
point feature (a site), snapped; VertexTool moves, inserts and deletes vertices of polygons and lines, shared
vertices in every feature that has them (topological editing).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from PySide6.QtCore import QObject, QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QPainter, QPen, QPolygonF

from desktop.map.snapping import draw_marker
from desktop.render.viewport import MapView
from gis.geo.crs import DISPLAY, STORAGE, transform, transformer


@dataclass(frozen=True)
class MapMouseEvent:
    """A mouse event as a tool sees it: screen pixels and the map point (EPSG:3857) under them."""
    x: float
    y: float
    map_x: float
    map_y: float
    button: Qt.MouseButton
    modifiers: Qt.KeyboardModifier

    @property
    def lonlat(self) -> tuple[float, float]:
        """The point in storage coordinates (CGCS2000 lon/lat)."""
        return transformer(DISPLAY, STORAGE).transform(self.map_x, self.map_y)

    @classmethod
    def at(cls, view: MapView, x: float, y: float, button=Qt.MouseButton.NoButton,
           modifiers=Qt.KeyboardModifier.NoModifier) -> MapMouseEvent:
        mx, my = view.to_map(x, y)
        return cls(float(x), float(y), float(mx), float(my), button, modifiers)


class MapTool(QObject):
    """A tool that does nothing of its own: the canvas navigates. Subclass and override what you need."""

    cursor = Qt.CursorShape.ArrowCursor

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.canvas = None

    def activate(self, canvas) -> None:
        self.canvas = canvas

    def deactivate(self) -> None:
        self.canvas = None

    def press(self, e: MapMouseEvent) -> bool:
        return False

    def move(self, e: MapMouseEvent) -> None:
        pass

    def release(self, e: MapMouseEvent) -> None:
        pass

    def click(self, e: MapMouseEvent) -> None:
        pass

    def double_click(self, e: MapMouseEvent) -> bool:
        return False

    def key(self, e: QKeyEvent) -> bool:
        return False

    def paint(self, painter: QPainter, view: MapView) -> None:
        pass


class IdentifyTool(MapTool):
    """The default: a click shows what is under it (the identify panel) and selects it."""

    def click(self, e: MapMouseEvent) -> None:
        self.canvas.identify_at(e.x, e.y)


SKETCH_FILL = QColor(255, 140, 0, 70)
SKETCH_LINE = QColor("#d35400")
VERTEX_PX = 7
SAME_VERTEX_PX = 3          # a click this close to the last vertex is the same vertex


class SketchTool(MapTool):
    """Draw a line or a polygon: each click adds a vertex (snapped, when the tool has a Snapper, to the vertices and
    segments of its layers, with the snap marker shown), the rubber band follows the cursor, Backspace removes the
    last vertex, a double-click or Enter finishes (at least MIN_VERTICES), Esc cancels. Dragging still pans and the
    wheel still zooms. When done the canvas goes back to its default tool and `finished(geometry)` gives the
    geometry in storage lon/lat; `cancelled()` when Esc, another tool or a closed project ends it first."""

    cursor = Qt.CursorShape.CrossCursor
    MIN_VERTICES = 2
    CLOSED = False
    finished = Signal(object)      # shapely geometry, CGCS2000 lon/lat
    cancelled = Signal()
    changed = Signal()             # a vertex added or removed

    def __init__(self, parent: QObject | None = None, snapper=None) -> None:
        super().__init__(parent)
        self.vertices: list[tuple[float, float]] = []     # map coordinates (EPSG:3857)
        self.hover: tuple[float, float] | None = None
        self.snapper = snapper                             # desktop.map.snapping.Snapper, or None
        self.snap = None                                   # the Snap under the cursor, for the marker
        self.done = False

    # --- state -------------------------------------------------------------------------------------
    def can_finish(self) -> bool:
        return len(self.vertices) >= self.MIN_VERTICES

    def geometry(self):
        """The sketch in storage lon/lat (CGCS2000)."""
        shape = shapely.Polygon(self.vertices) if self.CLOSED else shapely.LineString(self.vertices)
        return transform(shape, DISPLAY, STORAGE)

    def _repaint(self) -> None:
        if self.canvas is not None:
            self.canvas.update()

    def finish(self) -> bool:
        if self.done or not self.can_finish():
            return False
        geometry = self.geometry()
        self._end()
        self.finished.emit(geometry)
        return True

    def cancel(self) -> None:
        if not self.done:
            self._end()
            self.cancelled.emit()

    def _end(self) -> None:
        self.done = True
        if self.canvas is not None and self.canvas.tool is self:
            self.canvas.set_tool(None)

    def deactivate(self) -> None:
        canvas = self.canvas
        super().deactivate()
        if not self.done:          # replaced by another tool, or the project closed
            self.done = True
            self.cancelled.emit()
        if canvas is not None:
            canvas.update()

    def _snapped(self, e: MapMouseEvent) -> tuple[float, float]:
        self.snap = self.snapper.snap(self.canvas, e.map_x, e.map_y) \
            if self.snapper is not None and self.canvas is not None else None
        return self.snap.point if self.snap is not None else (e.map_x, e.map_y)

    # --- events ------------------------------------------------------------------------------------
    def click(self, e: MapMouseEvent) -> None:
        if e.button != Qt.MouseButton.LeftButton:
            return
        x, y = self._snapped(e)
        if self.vertices and self.canvas is not None:     # a second click on the last vertex adds nothing
            px, py = self.vertices[-1]
            if math.hypot(x - px, y - py) <= SAME_VERTEX_PX * self.canvas.view.resolution:
                return
        self.vertices.append((x, y))
        self.changed.emit()
        self._repaint()

    def move(self, e: MapMouseEvent) -> None:
        self.hover = self._snapped(e)
        if self.vertices or self.snap is not None:
            self._repaint()

    def double_click(self, e: MapMouseEvent) -> bool:
        # the first click of the pair added the vertex here already
        self.finish()
        return True

    def key(self, e: QKeyEvent) -> bool:
        k = e.key()
        if k == Qt.Key.Key_Escape:
            self.cancel()
        elif k == Qt.Key.Key_Backspace:
            if self.vertices:
                self.vertices.pop()
                self.changed.emit()
                self._repaint()
        elif k in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish()
        else:
            return False
        return True

    def paint(self, painter: QPainter, view: MapView) -> None:
        if self.done:
            return
        if self.vertices:
            self._paint_sketch(painter, view)
        draw_marker(painter, view, self.snap)

    def _paint_sketch(self, painter: QPainter, view: MapView) -> None:
        points = list(self.vertices) + ([self.hover] if self.hover is not None else [])
        xs, ys = view.to_screen([p[0] for p in points], [p[1] for p in points])
        screen = [QPointF(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.CLOSED and len(screen) >= 3:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(SKETCH_FILL))
            painter.drawPolygon(QPolygonF(screen))
        fixed = screen[:len(self.vertices)]
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(SKETCH_LINE, 2))
        if len(fixed) >= 2:
            painter.drawPolyline(QPolygonF(fixed))
        if self.hover is not None:          # the rubber band: last vertex → cursor (→ first vertex)
            painter.setPen(QPen(SKETCH_LINE, 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(fixed[-1], screen[-1])
            if self.CLOSED and len(fixed) >= 2:
                painter.drawLine(screen[-1], fixed[0])
        painter.setPen(QPen(SKETCH_LINE, 1.5))
        painter.setBrush(QBrush(QColor("white")))
        h = VERTEX_PX / 2
        for p in fixed:
            painter.drawRect(int(p.x() - h), int(p.y() - h), VERTEX_PX, VERTEX_PX)
        painter.restore()


class PolygonSketchTool(SketchTool):
    """Draw a polygon (at least 3 vertices): see SketchTool."""

    MIN_VERTICES = 3
    CLOSED = True

    def polygon(self):
        """The sketch as a polygon in storage lon/lat (CGCS2000)."""
        return self.geometry()


class LineSketchTool(SketchTool):
    """Draw a line (at least 2 vertices): a split line, a new pipeline. See SketchTool."""


def stored_point(canvas, snap, x: float, y: float) -> tuple[float, float]:
    """The storage lon/lat of a map point: a snapped vertex's own stored coordinates (so two features share it
    exactly, not to the rounding of two projections), else the point transformed."""
    if snap is not None and snap.kind == "vertex":
        src = canvas.stack.sources[snap.layer]
        xy = shapely.get_coordinates(src.geoms[snap.index])
        k = int(np.argmin(np.hypot(xy[:, 0] - snap.x, xy[:, 1] - snap.y)))
        lon, lat = shapely.get_coordinates(src.layer.geoms[snap.index])[k]
        return float(lon), float(lat)
    lon, lat = transformer(DISPLAY, STORAGE).transform(x, y)
    return float(lon), float(lat)


class MoveFeatureTool(MapTool):
    """Drag a point feature of one layer (a site) to a new place, snapped (the marker shows where it goes).
    A press on a feature of `source` within the hit tolerance takes it; the release emits
    `moved(index, id, (lon, lat))` with the new place in storage lon/lat. Elsewhere the map pans as usual."""

    cursor = Qt.CursorShape.PointingHandCursor
    moved = Signal(int, int, object)
    HIT_PX = 8

    def __init__(self, source: str = "sites", parent: QObject | None = None, snapper=None) -> None:
        super().__init__(parent)
        self.source = source
        self.snapper = snapper
        self.snap = None
        self.dragging: int | None = None        # row of the feature being dragged
        self.at: tuple[float, float] | None = None

    def _hit(self, e: MapMouseEvent) -> int | None:
        src = self.canvas.stack.sources.get(self.source) if self.canvas.stack is not None else None
        if src is None or not len(src):
            return None
        tol = self.HIT_PX * self.canvas.view.resolution
        idx = src.tree.query(shapely.box(e.map_x - tol, e.map_y - tol, e.map_x + tol, e.map_y + tol))
        if not len(idx):
            return None
        d = shapely.distance(src.geoms[idx], shapely.Point(e.map_x, e.map_y))
        k = int(np.argmin(d))
        return int(idx[k]) if d[k] <= tol else None

    def _place(self, e: MapMouseEvent) -> tuple[float, float]:
        own = self.dragging
        exclude = (lambda name, idx: (idx == own) if name == self.source else np.zeros(len(idx), bool))
        self.snap = self.snapper.snap(self.canvas, e.map_x, e.map_y, exclude) if self.snapper is not None else None
        return self.snap.point if self.snap is not None else (e.map_x, e.map_y)

    def press(self, e: MapMouseEvent) -> bool:
        if e.button != Qt.MouseButton.LeftButton or self.canvas is None:
            return False
        hit = self._hit(e)
        if hit is None:
            return False
        self.dragging, self.at = hit, (e.map_x, e.map_y)
        return True

    def move(self, e: MapMouseEvent) -> None:
        if self.dragging is not None:
            self.at = self._place(e)
            self.canvas.update()

    def release(self, e: MapMouseEvent) -> None:
        if self.dragging is None:
            return
        index, self.dragging = self.dragging, None
        x, y = self._place(e)
        lonlat = stored_point(self.canvas, self.snap, x, y)
        self.snap, self.at = None, None
        src = self.canvas.stack.sources[self.source]
        self.canvas.update()
        self.moved.emit(index, int(src.layer.ids[index]), lonlat)

    def key(self, e: QKeyEvent) -> bool:
        if e.key() == Qt.Key.Key_Escape:
            if self.dragging is not None:
                self.dragging, self.at, self.snap = None, None, None
                self.canvas.update()
            else:
                self.canvas.set_tool(None)
            return True
        return False

    def paint(self, painter: QPainter, view: MapView) -> None:
        if self.dragging is None or self.at is None:
            return
        xs, ys = view.to_screen([self.at[0]], [self.at[1]])
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(SKETCH_LINE, 2))
        painter.setBrush(QBrush(SKETCH_FILL))
        painter.drawEllipse(QPointF(float(xs[0]), float(ys[0])), VERTEX_PX, VERTEX_PX)
        painter.restore()
        draw_marker(painter, view, self.snap)


SHARED_EPS_PX = 0.01        # vertices of two features closer than this (pixels) are one shared vertex


class VertexTool(MapTool):
    """Edit the vertices of one polygon or line layer's features (QGIS's vertex tool), topologically: a vertex
    shared by neighbouring features (found through the layers' STRtrees) moves, appears and disappears in all of
    them — in the edited layer and in the layers `also` (e.g. the villages and townships whose boundary a grid
    vertex lies on). Drag a vertex to move it (snapped to other features), double-click a segment to insert a
    vertex there, Del (or Backspace) deletes the vertex last pressed, Esc ends the tool. While dragging only the
    edges that move are drawn over the map's image. Each edit emits `edited({layer: {row: geometry}})` in storage
    lon/lat, made on the stored geometries by vertex index (never projected back: the vertices not edited keep
    their stored coordinates exactly)."""

    cursor = Qt.CursorShape.CrossCursor
    edited = Signal(object)
    HIT_PX = 8

    def __init__(self, source: str = "grids", parent: QObject | None = None, snapper=None, also=()) -> None:
        super().__init__(parent)
        self.source = source
        self.layers = (source, *also)
        self.snapper = snapper
        self.snap = None
        self.shared: dict[tuple[str, int], np.ndarray] | None = None   # (layer, row) → indices of the dragged vertex
        self.at: tuple[float, float] | None = None          # where the vertex is (map coordinates)
        self.preview: dict[tuple[str, int], np.ndarray] = {}  # (layer, row) → the vertices next to the dragged one
        self.selected: tuple[float, float] | None = None     # the vertex last pressed, for Del
        self.paths_drawn = 0                                 # overlay frames painted (benchmark, tests)
        self.topological = True        # False: only the feature pressed changes (QGIS's topological editing off)
        self.feature: tuple[str, int] | None = None          # the feature the last pressed vertex is of

    def _sources(self):
        stack = self.canvas.stack if self.canvas is not None else None
        return [(n, stack.sources.get(n)) for n in self.layers] if stack is not None else []

    @staticmethod
    def _query(src, x: float, y: float, tol: float) -> np.ndarray:
        if src is None or not len(src):
            return np.zeros(0, dtype=np.int64)
        return src.tree.query(shapely.box(x - tol, y - tol, x + tol, y + tol))

    def _shared_at(self, x: float, y: float) -> dict[tuple[str, int], np.ndarray]:
        """Every copy of the vertex at (x, y) in the tool's layers."""
        from gis.editing import vertices

        eps = SHARED_EPS_PX * self.canvas.view.resolution
        out = {}
        for name, src in self._sources():
            if not self.topological and name != self.source:
                continue
            for row, ks in vertices.coincident(src.geoms if src is not None else None,
                                               self._query(src, x, y, 2 * eps), x, y, eps).items():
                if self.topological or (name, row) == self.feature:
                    out[(name, row)] = ks
        return out

    def press(self, e: MapMouseEvent) -> bool:
        from gis.editing import vertices

        if e.button != Qt.MouseButton.LeftButton or self.canvas is None or self.canvas.stack is None:
            return False
        src = self.canvas.stack.sources.get(self.source)
        tol = self.HIT_PX * self.canvas.view.resolution
        idx = self._query(src, e.map_x, e.map_y, tol)
        hit = vertices.nearest_vertex(src.geoms, idx, e.map_x, e.map_y, tol) if len(idx) else None
        if hit is None:
            return False
        row, k = hit
        x, y = shapely.get_coordinates(src.geoms[row])[k]
        self.feature = (self.source, int(row))
        self.shared = self._shared_at(x, y)
        self.at = self.selected = (float(x), float(y))
        sources = dict(self._sources())
        self.preview = {key: vertices.neighbours(sources[key[0]].geoms[key[1]], ks) for key, ks in self.shared.items()}
        return True

    def move(self, e: MapMouseEvent) -> None:
        if self.shared is None:
            return
        edited = {}
        for name, row in self.shared:
            edited.setdefault(name, []).append(row)

        def exclude(name, idx):
            return np.isin(idx, edited[name]) if name in edited else np.zeros(len(idx), bool)

        self.snap = self.snapper.snap(self.canvas, e.map_x, e.map_y, exclude) if self.snapper is not None else None
        self.at = self.snap.point if self.snap is not None else (e.map_x, e.map_y)
        self.canvas.update()

    def release(self, e: MapMouseEvent) -> None:
        if self.shared is None:
            return
        from gis.editing import vertices

        self.move(e)
        shared, snap, self.shared, self.snap, self.preview = self.shared, self.snap, None, None, {}
        self.selected = self.at
        sources = dict(self._sources())
        lon, lat = self._stored_point(snap, *self.at)
        stored = {}
        for (name, row), ks in shared.items():
            old = sources[name].layer.geoms[row]
            new = vertices.moved(old, ks, lon, lat)
            if not new.equals_exact(old, 0):
                stored.setdefault(name, {})[row] = new
        if stored:
            self.edited.emit(stored)
        self.canvas.update()

    def _stored_point(self, snap, x: float, y: float) -> tuple[float, float]:
        return stored_point(self.canvas, snap, x, y)

    def double_click(self, e: MapMouseEvent) -> bool:
        from gis.editing import vertices

        if self.canvas is None or self.canvas.stack is None:
            return False
        src = self.canvas.stack.sources.get(self.source)
        tol = self.HIT_PX * self.canvas.view.resolution
        idx = self._query(src, e.map_x, e.map_y, tol)
        if not len(idx):
            return False
        p = shapely.Point(e.map_x, e.map_y)
        outlines = shapely.boundary(src.geoms[idx]) if src.kind == "polygon" else src.geoms[idx]
        d = shapely.distance(outlines, p)
        k = int(np.argmin(d))
        if d[k] > tol:
            return False
        q = outlines[k].interpolate(outlines[k].project(p))
        lon, lat = self._stored_point(None, q.x, q.y)
        eps = SHARED_EPS_PX * self.canvas.view.resolution
        changed = {}
        self.feature = (self.source, int(idx[k]))
        for name, layer_src in self._sources():   # every feature whose edge passes there gets the vertex
            for r in self._query(layer_src, q.x, q.y, 2 * eps):
                if not self.topological and (name, int(r)) != self.feature:
                    continue
                after = vertices.segment_at(layer_src.geoms[r], q.x, q.y, eps)
                if after is not None:
                    changed.setdefault(name, {})[int(r)] = vertices.inserted_at(layer_src.layer.geoms[r], after, lon, lat)
        if changed:
            self.selected = (q.x, q.y)
            self.edited.emit(changed)
        return True

    def key(self, e: QKeyEvent) -> bool:
        from gis.editing import vertices

        if e.key() == Qt.Key.Key_Escape:
            self.canvas.set_tool(None)
            return True
        if e.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selected is not None:
            sources = dict(self._sources())
            changed: dict = {}
            ok = True
            for (name, row), ks in self._shared_at(*self.selected).items():
                g = vertices.deleted_at(sources[name].layer.geoms[row], ks)
                ok = ok and g is not None
                changed.setdefault(name, {})[row] = g
            self.selected = None
            if changed and ok:
                self.edited.emit(changed)
            return True
        return False

    def paint(self, painter: QPainter, view: MapView) -> None:
        if self.shared is not None and self.at is not None and self.preview:
            # as QGIS's vertex tool: only the edges that move are drawn, from each neighbouring vertex to the
            # dragged one, in every feature sharing it (the rest of the outlines is in the map's image already)
            ends = np.vstack(list(self.preview.values()))
            sx, sy = view.to_screen(ends[:, 0], ends[:, 1])
            ax, ay = view.to_screen([self.at[0]], [self.at[1]])
            tip = QPointF(float(ax[0]), float(ay[0]))
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(SKETCH_LINE, 2))
            for x, y in zip(sx.tolist(), sy.tolist(), strict=True):
                painter.drawLine(QPointF(x, y), tip)
            painter.restore()
            self.paths_drawn += 1
        mark = self.at if self.shared is not None else self.selected
        if mark is not None:
            xs, ys = view.to_screen([mark[0]], [mark[1]])
            h = VERTEX_PX / 2 + 1
            painter.save()
            painter.setPen(QPen(SKETCH_LINE, 1.5))
            painter.setBrush(QBrush(QColor("#ffd54f")))
            painter.drawRect(int(xs[0] - h), int(ys[0] - h), int(2 * h), int(2 * h))
            painter.restore()
        draw_marker(painter, view, self.snap)

    def deactivate(self) -> None:
        self.shared, self.preview, self.snap = None, {}, None
        super().deactivate()


class PointPickTool(MapTool):
    """One click picks a point (snapped, with the marker, when given a Snapper): `picked((lon, lat))` in storage
    coordinates, then the canvas goes back to its default tool; Esc cancels (`cancelled()`)."""

    cursor = Qt.CursorShape.CrossCursor
    picked = Signal(object)
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None, snapper=None) -> None:
        super().__init__(parent)
        self.snapper = snapper
        self.snap = None
        self.done = False

    def _point(self, e: MapMouseEvent) -> tuple[float, float]:
        self.snap = self.snapper.snap(self.canvas, e.map_x, e.map_y) if self.snapper is not None else None
        return self.snap.point if self.snap is not None else (e.map_x, e.map_y)

    def move(self, e: MapMouseEvent) -> None:
        self._point(e)
        self.canvas.update()

    def click(self, e: MapMouseEvent) -> None:
        if e.button != Qt.MouseButton.LeftButton:
            return
        x, y = self._point(e)
        lonlat = stored_point(self.canvas, self.snap, x, y)
        self.done = True
        self.canvas.set_tool(None)
        self.picked.emit((float(lonlat[0]), float(lonlat[1])))

    def key(self, e: QKeyEvent) -> bool:
        if e.key() == Qt.Key.Key_Escape:
            self.canvas.set_tool(None)
            return True
        return False

    def deactivate(self) -> None:
        canvas = self.canvas
        super().deactivate()
        if not self.done:
            self.done = True
            self.cancelled.emit()
        if canvas is not None:
            canvas.update()

    def paint(self, painter: QPainter, view: MapView) -> None:
        draw_marker(painter, view, self.snap)
