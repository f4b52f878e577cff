"""The map of a route sheet: the shared map renderer paints the grid and its surroundings, then the
route is drawn along the roads with numbered stops, a start mark, a legend, scale bar and north arrow.

A print stack is built once for a batch over the print's own data (a copy of the window's, or freshly
loaded: desktop.printing.stacks); its display layers keep their painter-path caches from sheet to
sheet, so the layers are neither reloaded nor re-projected per sheet.
"""
from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF

from desktop.printing.page import MM, font
from desktop.render import LayerStack, MapLayer, MapRenderer, MapView
from desktop.render.decorations import draw_north_arrow, draw_scale_bar, reserved_boxes
from desktop.render.labels import draw_labels
from gis.geo.crs import DISPLAY, STORAGE, transformer
from gis.patrols.sheets import RouteSheet

HIDDEN = {"patrol_routes", "hazards", "grid_hazards"}   # the sheet draws its own route; hazards are in the table
ROUTE = QColor("#d7191c")
START = QColor("#1a9641")
MARKER_R = 7.0


def tr(text: str) -> str:
    return QCoreApplication.translate("RouteSheet", text)


def print_stack(source: LayerStack) -> LayerStack:
    """Display layers for printing over the data of `source` (shared, not copied; a print's own stack,
    see desktop.printing.stacks): styles as the style file says, the sheet's own route instead of the
    patrol layer, and the basemap `source` carries."""
    layers = []
    for spec in source.book.layers:
        layer = MapLayer(spec, source.sources[spec.source])
        layer.visible = spec.visible and spec.id not in HIDDEN
        layers.append(layer)
    stack = LayerStack(layers, source.sources, source.book)
    for basemap in reversed([layer for layer in source.layers if not isinstance(layer, MapLayer)]):
        stack.add_basemap(basemap)
    return stack


def to_display(lonlat) -> np.ndarray:
    xy = np.asarray(lonlat, dtype=float).reshape(-1, 2)
    if not len(xy):
        return xy
    x, y = transformer(STORAGE, DISPLAY).transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


class SheetMap:
    def __init__(self, stack: LayerStack) -> None:
        self.stack = stack
        self.renderer = MapRenderer(stack, background="#ffffff", wait_tiles=True)
        grids = stack.sources.get("grids")
        self._grid_box = {}
        if grids is not None and len(grids):
            codes = grids.attrs["code"].astype(str).to_numpy()
            self._grid_box = {c: tuple(b) for c, b in zip(codes, grids.feature_bounds.tolist(), strict=True)}
        self._grid_outline = {}

    def extent(self, sheets: list[RouteSheet]) -> tuple[float, float, float, float]:
        """What the map of these sheets (one grid's) shows: the grid and every route, in EPSG:3857."""
        boxes = [self._grid_box[sh.grid_code] for sh in sheets if sh.grid_code in self._grid_box]
        for sh in sheets:
            pts = to_display(sh.route or [(st.lon, st.lat) for st in sh.stops] + [sh.start])
            if len(pts):
                boxes.append((pts[:, 0].min(), pts[:, 1].min(), pts[:, 0].max(), pts[:, 1].max()))
        a = np.array(boxes, dtype=float)
        ext = (a[:, 0].min(), a[:, 1].min(), a[:, 2].max(), a[:, 3].max())
        # at least 600 m across, so a one-stop round is not drawn at street-lamp scale
        cx, cy = (ext[0] + ext[2]) / 2, (ext[1] + ext[3]) / 2
        hw, hh = max((ext[2] - ext[0]) / 2, 300.0), max((ext[3] - ext[1]) / 2, 300.0)
        return cx - hw, cy - hh, cx + hw, cy + hh

    def paint(self, painter: QPainter, rect: QRectF, sheet: RouteSheet,
              extent: tuple[float, float, float, float] | None = None) -> None:
        extent = extent or self.extent([sheet])
        view = MapView.for_bounds(extent, int(rect.width()), int(rect.height()), margin=0.06)
        painter.save()
        painter.translate(rect.topLeft())
        self.renderer.render(painter, view, labels=False, decorations=False)
        painter.setClipRect(QRectF(0, 0, view.width, view.height))
        draw_labels(painter, [l for l in self.stack.vector_layers() if l.visible], view,
                    reserved_boxes(view) + [self._legend_box(view)], as_text=True)
        draw_scale_bar(painter, view)
        draw_north_arrow(painter, view)
        self._grid_highlight(painter, view, sheet.grid_code)
        self._route(painter, view, sheet)
        self._markers(painter, view, sheet)
        self._legend(painter, view)
        painter.restore()
        pen = QPen(QColor("#333333"))
        pen.setWidthF(0.4 * MM)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(rect.x(), rect.y(), view.width, view.height))

    def _grid_highlight(self, painter: QPainter, view: MapView, code: str) -> None:
        """The sheet's grid outlined in a heavier dashed line."""
        path = self._grid_outline.get(code)
        if path is None:
            grids = self.stack.sources.get("grids")
            path = QPainterPath()
            if grids is not None and len(grids):
                idx = np.flatnonzero(grids.attrs["code"].astype(str).to_numpy() == code)
                if len(idx):
                    rings = shapely.get_rings(shapely.get_parts(grids.geoms[idx]))
                    for ring in rings:
                        xy = shapely.get_coordinates(ring)
                        path.addPolygon(QPolygonF([QPointF(x, y) for x, y in xy.tolist()]))
            self._grid_outline[code] = path
        if path.isEmpty():
            return
        m11, m22, dx, dy = view.affine()
        from PySide6.QtGui import QTransform
        screen = QTransform(m11, 0, 0, m22, dx, dy).map(path)
        pen = QPen(QColor("#5b3f99"), 1.8, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(screen)

    def _route(self, painter: QPainter, view: MapView, sheet: RouteSheet) -> None:
        pts = to_display(sheet.route)
        if len(pts) < 2:
            return
        sx, sy = view.to_screen(pts[:, 0], pts[:, 1])
        line = QPolygonF([QPointF(x, y) for x, y in zip(sx.tolist(), sy.tolist(), strict=True)])
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for color, width in ((QColor(255, 255, 255, 230), 5.5), (ROUTE, 2.6)):
            pen = QPen(color, width)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawPolyline(line)
        self._arrows(painter, np.column_stack([sx, sy]))

    def _arrows(self, painter: QPainter, xy: np.ndarray) -> None:
        """Small arrowheads along the route every ~90 px, showing the direction of travel."""
        seg = np.diff(xy, axis=0)
        lengths = np.hypot(seg[:, 0], seg[:, 1])
        total = lengths.sum()
        if total < 120:
            return
        cum = np.r_[0, np.cumsum(lengths)]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ROUTE)
        for d in np.arange(60, total - 30, 90):
            i = min(int(np.searchsorted(cum, d, side="right")) - 1, len(seg) - 1)
            if lengths[i] < 1e-6:
                continue
            t = (d - cum[i]) / lengths[i]
            p = xy[i] + seg[i] * t
            u = seg[i] / lengths[i]
            n = np.array([-u[1], u[0]])
            tip, back = p + u * 5, p - u * 3
            poly = [tip, back + n * 3.6, back - n * 3.6]
            painter.drawPolygon(QPolygonF([QPointF(*q) for q in poly]))

    def _markers(self, painter: QPainter, view: MapView, sheet: RouteSheet) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        start = to_display([sheet.start])
        sx, sy = view.to_screen(start[:, 0], start[:, 1])
        r = MARKER_R + 1
        painter.setPen(QPen(QColor("#ffffff"), 1.5))
        painter.setBrush(START)
        painter.drawRect(QRectF(sx[0] - r, sy[0] - r, 2 * r, 2 * r))
        painter.setFont(font(7, bold=True))
        painter.setPen(QColor("#ffffff"))
        painter.drawText(QRectF(sx[0] - r, sy[0] - r, 2 * r, 2 * r), int(Qt.AlignmentFlag.AlignCenter), tr("起"))
        pts = to_display([(st.lon, st.lat) for st in sheet.stops])
        if not len(pts):
            return
        sx, sy = view.to_screen(pts[:, 0], pts[:, 1])
        small = font(6.5, bold=True)
        for st, x, y in sorted(zip(sheet.stops, sx.tolist(), sy.tolist(), strict=True), key=lambda t: -t[0].seq):
            painter.setPen(QPen(QColor("#ffffff"), 1.4))
            painter.setBrush(QColor("#555555") if st.visited_at else ROUTE)
            painter.drawEllipse(QPointF(x, y), MARKER_R, MARKER_R)
            painter.setFont(small)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(QRectF(x - MARKER_R, y - MARKER_R, 2 * MARKER_R, 2 * MARKER_R),
                             int(Qt.AlignmentFlag.AlignCenter), str(st.seq))

    LEGEND_SIZE = (150.0, 100.0)

    def _legend_box(self, view: MapView) -> tuple[float, float, float, float]:
        w, h = self.LEGEND_SIZE
        return (view.width - w - 8, view.height - h - 8, view.width, view.height)

    def _legend(self, painter: QPainter, view: MapView) -> None:
        items = [("route", tr("巡查路线（箭头为行进方向）")), ("stop", tr("巡查点（序号同下表）")),
                 ("start", tr("起点/终点")), ("grid", tr("本网格界线")), ("road", tr("道路"))]
        f = font(7)
        painter.setFont(f)
        from PySide6.QtGui import QFontMetricsF
        fm = QFontMetricsF(f, painter.device())
        row = max(fm.height(), 14.0) + 2
        w = max(fm.horizontalAdvance(t) for _, t in items) + 44   # text at +34, 4 spare, 6 margin
        h = row * len(items) + 18
        self.LEGEND_SIZE = (w, h)
        x0, y0 = view.width - w - 8, view.height - h - 8
        painter.setPen(QPen(QColor("#888888"), 0.8))
        painter.setBrush(QColor(255, 255, 255, 235))
        painter.drawRect(QRectF(x0, y0, w, h))
        painter.setFont(font(7.5, bold=True))
        painter.setPen(QColor("#222222"))
        painter.drawText(QRectF(x0 + 6, y0 + 2, w - 12, 14), int(Qt.AlignmentFlag.AlignVCenter), tr("图例"))
        painter.setFont(f)
        for i, (kind, text) in enumerate(items):
            y = y0 + 18 + i * row + row / 2
            sx = x0 + 8
            if kind == "route":
                painter.setPen(QPen(ROUTE, 2.6))
                painter.drawLine(QPointF(sx, y), QPointF(sx + 20, y))
            elif kind == "stop":
                painter.setPen(QPen(QColor("#ffffff"), 1))
                painter.setBrush(ROUTE)
                painter.drawEllipse(QPointF(sx + 10, y), 5.5, 5.5)
            elif kind == "start":
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(START)
                painter.drawRect(QRectF(sx + 4.5, y - 5.5, 11, 11))
            elif kind == "grid":
                painter.setPen(QPen(QColor("#5b3f99"), 1.8, Qt.PenStyle.DashLine))
                painter.drawLine(QPointF(sx, y), QPointF(sx + 20, y))
            else:
                road = self._road_color()
                painter.setPen(QPen(QColor(road), 2))
                painter.drawLine(QPointF(sx, y), QPointF(sx + 20, y))
            painter.setPen(QColor("#222222"))
            painter.drawText(QRectF(sx + 26, y - row / 2, w - 40, row), int(Qt.AlignmentFlag.AlignVCenter), text)

    def _road_color(self) -> str:
        try:
            syms = self.stack.layer("roads").style.symbols
            return next((s.stroke for s in syms if s.stroke), "#999999")
        except KeyError:
            return "#999999"
