"""The interactive map: a QWidget painting the one map renderer (desktop/render) into a cached image.

Why a plain QWidget and not QGraphicsView: the renderer already batches whole layers into a few
paths and stamped images, the same code that paints PNGs and PDF pages; a QGraphicsScene would need
one item per feature (36,000 sites at county scale) and would draw differently from print.

The last rendered image is kept with the view it was rendered for. As in QGIS, while the hand drags
the map each frame is that image shifted by the drag (the strips it uncovers in the background
colour), and the new view is rendered when the button is released or the hand holds still; a burst of
wheel notches shows the image scaled and renders when the wheel stops. Other view changes (keys,
zoom to…) re-render at once when rendering is quick (village scale: a few ms); when it is slow (whole
county) they too show the old image moved/scaled until the user pauses. The scale bar and north arrow
are drawn over the image for the current view, so they stay put and true while it moves.
When only some layers change (a save reloads the hazards) and the view does not, the renderer's cache
(desktop/render/cache.py) redraws just those layers over its kept image of the layers below them.

What a click means is the current map tool's (desktop/map/tools.py, `set_tool`): the default identifies;
a sketch tool adds vertices. Navigation (drag, wheel, keys) works under every tool.
"""
from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QRegion,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QRubberBand, QToolTip, QWidget

from desktop.map.tools import IdentifyTool, MapMouseEvent, MapTool
from desktop.render import LayerStack, MapRenderer, MapView
from desktop.render.hittest import Hit, identify, select_box

FAST_RENDER_MS = 40      # keys, zoom to…: re-render at once when a render takes at most this
SETTLE_MS = 120          # otherwise, and after wheel zoom, re-render this long after the last step
DRAG_IDLE_MS = 250       # while dragging: re-render when the hand has held still this long
CLICK_SLOP = 4           # px a press may move and still count as a click
WHEEL_STEP = 1.25        # zoom factor per wheel notch
DEFAULT_VIEW = MapView(12_612_000.0, 3_982_000.0, 40.0, 800, 600)   # central Henan, before a project


class MapCanvas(QWidget):
    cursorMoved = Signal(float, float)     # CGCS2000 lon, lat under the mouse
    scaleChanged = Signal(float)           # N of 1:N
    viewChanged = Signal()
    identified = Signal(list)              # list[Hit] under a click, top layer first
    selectionChanged = Signal()
    rendered = Signal(float)               # milliseconds of the last render (cached bands included)
    filesDropped = Signal(list)            # local file paths dropped onto the map
    toolChanged = Signal(object)           # the MapTool now in use (desktop/map/tools.py)
    _tileArrived = Signal()                # emitted on tile worker threads, delivered queued

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(200, 150)
        self.setAcceptDrops(True)
        self.stack: LayerStack | None = None
        self.renderer: MapRenderer | None = None
        self.view = DEFAULT_VIEW
        self.selection: dict[str, np.ndarray] = {}
        self.last_render_ms = 0.0            # of the last render of every layer: what a view change costs
        self._image: QImage | None = None
        self._image_view: MapView | None = None
        self._stale = True
        self._fit_pending = False
        self._press: QPoint | None = None
        self._press_view: MapView | None = None
        self._mode = ""                      # "", "pan", "zoombox", "selectbox"
        self._last_input = 0.0
        self._dragging = False               # the hand moves the map: show the last image shifted
        self._wheeling = False               # wheel notches in quick succession: show it scaled
        self.drag_idle_ms = DRAG_IDLE_MS
        self._band = QRubberBand(QRubberBand.Shape.Rectangle, self)
        self.default_tool: MapTool = IdentifyTool(self)
        self.tool: MapTool = self.default_tool
        self.tool.activate(self)
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._settled)
        self._drag_idle = QTimer(self, singleShot=True)
        self._drag_idle.timeout.connect(self._rerender)
        self._tiles_timer = QTimer(self, singleShot=True, interval=60)   # repaint once per burst of tiles
        self._tiles_timer.timeout.connect(self.refresh)
        self._tileArrived.connect(self._tiles_timer.start)

    # --- content -------------------------------------------------------------------------------

    def set_stack(self, stack: LayerStack | None) -> None:
        if self.stack is not None:
            self.stack.unsubscribe(self._stack_changed)
        self.stack = stack
        self.renderer = MapRenderer(stack, cache=True) if stack is not None else None
        self.selection = {}
        self._wheeling = False
        if stack is not None:
            stack.subscribe(self._stack_changed)
            self._hook_tiles()
            self.zoom_full()
            self._fit_pending = True    # fit again to the final size if the window is still laying out
        self._invalidate()

    # --- tools -----------------------------------------------------------------------------------

    def set_tool(self, tool: MapTool | None) -> None:
        """Use `tool` for clicks, keys and overlay (desktop/map/tools.py); None: the default (identify).
        The tool replaced is deactivated first (a sketch in progress is cancelled)."""
        tool = tool or self.default_tool
        if tool is self.tool:
            return
        old, self.tool = self.tool, tool
        old.deactivate()
        tool.activate(self)
        self.setCursor(tool.cursor)
        if tool is not self.default_tool:
            self.setFocus(Qt.FocusReason.OtherFocusReason)     # its keys (Esc, Enter…) come here
        self.update()
        self.toolChanged.emit(tool)

    def _event(self, e, button=None) -> MapMouseEvent:
        pos = e.position()
        return MapMouseEvent.at(self.view, pos.x(), pos.y(), e.button() if button is None else button,
                                e.modifiers())

    def _stack_changed(self, what: str, layer) -> None:
        self._hook_tiles()
        self._invalidate()

    def _hook_tiles(self) -> None:
        for layer in self.stack.layers if self.stack is not None else ():
            if hasattr(layer, "on_loaded"):
                layer.on_loaded = self._tileArrived.emit

    def refresh(self) -> None:
        """Re-render (e.g. after the data or a basemap tile changed)."""
        self._invalidate()

    def _invalidate(self) -> None:
        self._stale = True      # the image no longer shows the layers; it may still serve as preview
        self.update()

    def _current(self) -> bool:
        return not self._stale and self._image_view == self.view

    # --- view ----------------------------------------------------------------------------------

    def set_view(self, view: MapView) -> None:
        view = view.resized(self.width(), self.height())
        if view == self.view:
            return
        self._last_input = time.monotonic()
        old_scale = self.view.scale_denominator()
        self.view = view
        self.update()
        self.viewChanged.emit()
        if abs(view.scale_denominator() - old_scale) > 1e-6 * old_scale:
            self.scaleChanged.emit(view.scale_denominator())

    def zoom_full(self) -> None:
        b = self.stack.bounds() if self.stack is not None else None
        if b is not None:
            self.zoom_to_bounds(b)

    def zoom_to_bounds(self, bounds, margin: float = 0.05, min_resolution: float = 0.5) -> None:
        self.set_view(self.view.resized(self.width(), self.height()).fitted(bounds, margin, min_resolution))

    def zoom_to_layer(self, layer_id: str) -> None:
        if self.stack is not None:
            b = self.stack.layer(layer_id).bounds()
            if b is not None:
                self.zoom_to_bounds(b)

    def zoom_to_feature(self, source: str, index: int, select: bool = True) -> None:
        """Show one feature (a data layer's row): polygons and lines whole, points at about 1:5,000."""
        src = self.stack.sources[source]
        b = tuple(float(v) for v in src.feature_bounds[index])
        if src.kind == "point":
            x, y = src.xy[index]
            view = MapView(float(x), float(y), self.view.resolution, self.width(), self.height())
            self.set_view(view.with_scale(5000))
        else:
            self.zoom_to_bounds(b, margin=0.25)
        if select:
            self.set_selection({source: np.array([index])})

    def zoom_to_selection(self) -> None:
        boxes = [self.stack.sources[s].feature_bounds[i] for s, i in self.selection.items() if len(i)]
        if boxes:
            a = np.vstack(boxes)
            self.zoom_to_bounds((a[:, 0].min(), a[:, 1].min(), a[:, 2].max(), a[:, 3].max()), margin=0.2)

    def zoom_by(self, factor: float, anchor: tuple[float, float] | None = None) -> None:
        self.set_view(self.view.zoomed(factor, anchor))

    def pan_by(self, dx: float, dy: float) -> None:
        self.set_view(self.view.panned(dx, dy))

    def set_scale(self, denominator: float) -> None:
        self.set_view(self.view.with_scale(denominator))

    # --- selection and identify ----------------------------------------------------------------

    def set_selection(self, selection: dict[str, np.ndarray]) -> None:
        self.selection = {k: np.asarray(v) for k, v in selection.items() if len(v)}
        self.update()
        self.selectionChanged.emit()

    def identify_at(self, x: float, y: float) -> list[Hit]:
        if self.stack is None:
            return []
        hits = identify(self.stack, self.view, x, y)
        self.set_selection({hits[0].source: np.array([hits[0].index])} if hits else {})
        self.identified.emit(hits)
        return hits

    def hover_text(self, x: float, y: float, limit: int = 6) -> str:
        """The tooltip at pixel (x, y): the coded features under it that the map draws (grids, villages,
        townships: labelled by name, so the code is here), top layer first, one "名称  代码" a line."""
        if self.stack is None:
            return ""
        lines: list[str] = []
        seen: set[tuple[str, int]] = set()
        for hit in identify(self.stack, self.view, x, y):
            attrs = hit.layer.source.attrs
            if "code" not in attrs or "name" not in attrs or (hit.source, hit.index) in seen:
                continue
            seen.add((hit.source, hit.index))
            name, code = attrs["name"].iloc[hit.index], attrs["code"].iloc[hit.index]
            lines.append("  ".join(str(v) for v in (name, code) if v is not None and str(v) and str(v) != "nan"))
            if len(lines) == limit:
                break
        return "\n".join(lines)

    def event(self, e) -> bool:
        if e.type() == QEvent.Type.ToolTip:
            text = self.hover_text(e.pos().x(), e.pos().y())
            if text:
                QToolTip.showText(e.globalPos(), text, self)
            else:
                QToolTip.hideText()
                e.ignore()
            return True
        return super().event(e)

    # --- painting ------------------------------------------------------------------------------

    def _render_image(self) -> None:
        v = self.view
        t = time.perf_counter()
        image = self.renderer.render_image(v, self.devicePixelRatioF(), decorations=False, reserve_decorations=True)
        ms = (time.perf_counter() - t) * 1000
        if self.renderer.layers_drawn == len(self.stack.drawing_order()):   # not just the changed layers
            self.last_render_ms = ms
        self._image, self._image_view, self._stale = image, v, False
        self.rendered.emit(ms)

    def _rerender(self) -> None:
        """Render now if the image does not show the view (the hand stopped)."""
        if self.renderer is not None and not self._current():
            self._render_image()
            self.update()

    def _settled(self) -> None:
        self._wheeling = False
        self._rerender()

    def _interacting(self) -> bool:
        return time.monotonic() - self._last_input < SETTLE_MS / 1000

    def paintEvent(self, event) -> None:
        self._fit_pending = False
        painter = QPainter(self)
        if self.renderer is None:
            painter.fillRect(self.rect(), QColor("#f5f4ef"))
            painter.setPen(QColor("#888888"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("未打开项目"))
            return
        if not self._current():
            if self._image is None:
                self._render_image()
            elif self._dragging or self._wheeling:
                pass                    # the last image moved/scaled; rendered when the hand stops
            elif self.last_render_ms <= FAST_RENDER_MS or not self._interacting():
                self._render_image()
            else:                       # slow render while the user moves: preview now, render on pause
                self._settle.start()
        self._draw_image(painter)
        if self.selection:
            self.renderer.draw_selection(painter, self.view, self.selection)
        self.tool.paint(painter, self.view)
        self.renderer.draw_decorations(painter, self.view)

    def _draw_image(self, painter: QPainter) -> None:
        """The last image where its map lies under the current view (it may be stale: shown until replaced)."""
        old = self._image_view
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)   # opaque: a plain copy
        t = preview_transform(old, self.view)
        if abs(t.m11() - 1.0) < 1e-9:   # same scale: a shift by whole pixels (a drag), bare strips filled
            at = QPoint(round(t.dx()), round(t.dy()))
            bare = QRegion(self.rect()).subtracted(QRegion(QRect(at, QSize(old.width, old.height))))
            for r in bare:
                painter.fillRect(r, self.renderer.background)
            painter.drawImage(at, self._image)
        else:
            painter.fillRect(self.rect(), self.renderer.background)
            painter.setTransform(t)
            painter.drawImage(QPointF(0, 0), self._image)
            painter.resetTransform()
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)

    def resizeEvent(self, event) -> None:
        self.view = self.view.resized(self.width(), self.height())
        if self._fit_pending:
            self.zoom_full()
        self._invalidate()
        super().resizeEvent(event)

    # --- mouse and keys ------------------------------------------------------------------------

    def mousePressEvent(self, e: QMouseEvent) -> None:
        if self.tool.press(self._event(e)):
            self._press, self._mode = None, "tool"
            return
        if e.button() != Qt.MouseButton.LeftButton:
            return
        self._press = e.position().toPoint()
        self._press_view = self.view
        mods = e.modifiers()
        if mods & Qt.KeyboardModifier.ShiftModifier:
            self._mode = "zoombox"
        elif mods & Qt.KeyboardModifier.ControlModifier:
            self._mode = "selectbox"
        else:
            self._mode = "pan"
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        if self._mode != "pan":
            self._band.setGeometry(QRect(self._press, QSize()))
            self._band.show()

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        pos = e.position()
        self.tool.move(self._event(e, Qt.MouseButton.NoButton))
        if self._press is not None:
            d = pos.toPoint() - self._press
            if self._mode == "pan":
                self._dragging = True
                self._drag_idle.start(self.drag_idle_ms)
                self.set_view(self._press_view.panned(d.x(), d.y()))
            else:
                self._band.setGeometry(QRect(self._press, pos.toPoint()).normalized())
        self.cursorMoved.emit(*self.view.to_lonlat(pos.x(), pos.y()))   # under the view this move made

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        if self._mode == "tool":
            self._mode = ""
            self.tool.release(self._event(e))
            return
        if self._press is None or e.button() != Qt.MouseButton.LeftButton:
            return
        pos = e.position().toPoint()
        d = pos - self._press
        click = abs(d.x()) <= CLICK_SLOP and abs(d.y()) <= CLICK_SLOP
        mode, start = self._mode, self._press
        self._press, self._mode = None, ""
        self._dragging = False
        self._drag_idle.stop()
        self._band.hide()
        self.setCursor(self.tool.cursor)
        if click:
            if mode == "pan" and self.view != self._press_view:
                self.set_view(self._press_view)    # a click that wobbled: no pan
            self.tool.click(MapMouseEvent.at(self.view, start.x(), start.y(), e.button(), e.modifiers()))
        elif mode == "zoombox":
            (x0, x1), (y1, y0) = self.view.to_map([start.x(), pos.x()], [start.y(), pos.y()])
            self.zoom_to_bounds((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), margin=0.0)
        elif mode == "selectbox" and self.stack is not None:
            self.set_selection(select_box(self.stack, self.view, start.x(), start.y(), pos.x(), pos.y()))
        if mode == "pan":
            self._rerender()            # the hand let go: render where it stopped
        self.update()

    def mouseDoubleClickEvent(self, e: QMouseEvent) -> None:
        if self.tool.double_click(self._event(e)):
            self._press, self._mode = None, "tool"     # the release that follows is the tool's
            self._band.hide()
        else:
            super().mouseDoubleClickEvent(e)       # a second press, as before tools

    def dragEnterEvent(self, e) -> None:
        if dropped_files(e.mimeData()):
            e.acceptProposedAction()

    def dropEvent(self, e) -> None:
        files = dropped_files(e.mimeData())
        if files:
            e.acceptProposedAction()
            self.filesDropped.emit(files)

    def wheelEvent(self, e: QWheelEvent) -> None:
        notches = e.angleDelta().y() / 120.0
        if notches:
            pos = e.position()
            self._wheeling = True
            self._settle.start()
            self.zoom_by(WHEEL_STEP ** notches, (pos.x(), pos.y()))

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if self.tool.key(e):
            return
        step_x, step_y = self.width() / 4, self.height() / 4
        moves = {Qt.Key.Key_Left: (step_x, 0), Qt.Key.Key_Right: (-step_x, 0),
                 Qt.Key.Key_Up: (0, step_y), Qt.Key.Key_Down: (0, -step_y)}
        if e.key() in moves:
            self.pan_by(*moves[e.key()])
        elif e.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_PageUp):
            self.zoom_by(2.0)
        elif e.key() in (Qt.Key.Key_Minus, Qt.Key.Key_PageDown):
            self.zoom_by(0.5)
        elif e.key() == Qt.Key.Key_Escape:
            self.set_selection({})
        else:
            super().keyPressEvent(e)


def dropped_files(mime) -> list[str]:
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []


def preview_transform(old: MapView, new: MapView) -> QTransform:
    """Where an image rendered for `old` goes on screen under `new` (scale then shift)."""
    k = old.resolution / new.resolution
    ox, oy = new.to_screen(*old.to_map(0.0, 0.0))
    return QTransform(k, 0.0, 0.0, k, float(ox), float(oy))
