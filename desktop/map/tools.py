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
PolygonSketchTool draws a polygon and emits it in storage lon/lat (CGCS2000).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import shapely
from PySide6.QtCore import QObject, QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QPainter, QPen, QPolygonF

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


class PolygonSketchTool(MapTool):
    """Draw a polygon: each click adds a vertex, the outline follows the cursor, Backspace removes the last
    vertex, a double-click or Enter finishes (at least 3 vertices), Esc cancels. Dragging still pans and the
    wheel still zooms. When done the canvas goes back to its default tool and `finished(polygon)` gives the
    polygon in storage lon/lat; `cancelled()` when Esc, another tool or a closed project ends it first."""

    cursor = Qt.CursorShape.CrossCursor
    MIN_VERTICES = 3
    finished = Signal(object)      # shapely Polygon, CGCS2000 lon/lat
    cancelled = Signal()
    changed = Signal()             # a vertex added or removed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.vertices: list[tuple[float, float]] = []     # map coordinates (EPSG:3857)
        self.hover: tuple[float, float] | None = None
        self.done = False

    # --- state -------------------------------------------------------------------------------------
    def can_finish(self) -> bool:
        return len(self.vertices) >= self.MIN_VERTICES

    def polygon(self):
        """The sketch as a polygon in storage lon/lat (CGCS2000)."""
        return transform(shapely.Polygon(self.vertices), DISPLAY, STORAGE)

    def _repaint(self) -> None:
        if self.canvas is not None:
            self.canvas.update()

    def finish(self) -> bool:
        if self.done or not self.can_finish():
            return False
        polygon = self.polygon()
        self._end()
        self.finished.emit(polygon)
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

    # --- events ------------------------------------------------------------------------------------
    def click(self, e: MapMouseEvent) -> None:
        if e.button != Qt.MouseButton.LeftButton:
            return
        if self.vertices and self.canvas is not None:     # a second click on the last vertex adds nothing
            px, py = self.vertices[-1]
            if math.hypot(e.map_x - px, e.map_y - py) <= SAME_VERTEX_PX * self.canvas.view.resolution:
                return
        self.vertices.append((e.map_x, e.map_y))
        self.changed.emit()
        self._repaint()

    def move(self, e: MapMouseEvent) -> None:
        self.hover = (e.map_x, e.map_y)
        if self.vertices:
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
        if not self.vertices or self.done:
            return
        points = list(self.vertices) + ([self.hover] if self.hover is not None else [])
        xs, ys = view.to_screen([p[0] for p in points], [p[1] for p in points])
        screen = [QPointF(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if len(screen) >= 3:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(SKETCH_FILL))
            painter.drawPolygon(QPolygonF(screen))
        fixed = screen[:len(self.vertices)]
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(SKETCH_LINE, 2))
        if len(fixed) >= 2:
            painter.drawPolyline(QPolygonF(fixed))
        if self.hover is not None:          # the rubber band: last vertex → cursor → first vertex
            painter.setPen(QPen(SKETCH_LINE, 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(fixed[-1], screen[-1])
            if len(fixed) >= 2:
                painter.drawLine(screen[-1], fixed[0])
        painter.setPen(QPen(SKETCH_LINE, 1.5))
        painter.setBrush(QBrush(QColor("white")))
        h = VERTEX_PX / 2
        for p in fixed:
            painter.drawRect(int(p.x() - h), int(p.y() - h), VERTEX_PX, VERTEX_PX)
        painter.restore()
