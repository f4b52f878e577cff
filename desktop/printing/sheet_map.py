"""Maps on printed sheets. `PrintMap`: the shared map renderer paints an extent, with labels as text, scale
bar, north arrow, a legend and a frame; layouts draw their own marks over it (`screen_path` turns lon/lat
geometries into the map's screen units). `SheetMap`, the route sheet's: the grid and its surroundings (only the
ways and boundaries of the print stack, `route_stack`; the other sites drawn muted), the route along the roads
with numbered stops and a start mark, and a legend naming every symbol drawn. The gas finding sheets' map is in
desktop.printing.finding_sheet.

A print stack is built once for a batch over the print's own data (a copy of the window's, or freshly
loaded: desktop.printing.stacks); its display layers keep their painter-path caches from sheet to
sheet, so the layers are neither reloaded nor re-projected per sheet.
"""
from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from desktop.i18n import category_label
from desktop.printing.page import MM, font
from desktop.render import LayerStack, MapLayer, MapRenderer, MapView
from desktop.render.decorations import draw_north_arrow, draw_scale_bar, reserved_boxes
from desktop.render.labels import draw_labels
from gis.geo.crs import DISPLAY, STORAGE, transformer
from gis.patrols.sheets import RouteSheet

HIDDEN = {"patrol_routes", "hazards", "grid_hazards"}   # the sheet draws its own route; hazards are in the table
ROUTE = QColor("#d7191c")
START = QColor("#1a9641")
VISITED = QColor("#555555")
OTHER_SITE = QColor("#a8a8a8")     # sites not on the route: drawn muted by the sheet, not by the sites layer
GRID_EDGE = QColor("#5b3f99")
MARKER_R = 7.0
# what a route sheet's map shows of the print stack (when the style shows the layer): the ways and the boundaries;
# a line patrol's sheet also the pipelines, a rangers' round the forest fire zones (their areas). Everything shown
# is in the legend (SheetMap.legend_items).
ROUTE_LAYERS = ("roads", "fire_lines", "grid_codes", "villages", "townships")
KIND_LAYERS = {"line": ("pipelines",), "ranger": ("fire_zones",)}     # RouteSheet.kind → layers for that kind


def tr(text: str) -> str:
    return QCoreApplication.translate("RouteSheet", text)


def print_stack(source: LayerStack, *, hidden=HIDDEN, shown=()) -> LayerStack:
    """Display layers for printing over the data of `source` (shared, not copied; a print's own stack,
    see desktop.printing.stacks): styles as the style file says, less the layers `hidden` (a route sheet
    draws its own route instead of the patrol layer) and with the layers `shown` switched on, and the
    basemap `source` carries."""
    layers = []
    for spec in source.book.layers:
        layer = MapLayer(spec, source.sources[spec.source])
        layer.visible = (spec.visible or spec.id in shown) and spec.id not in hidden
        layers.append(layer)
    stack = LayerStack(layers, source.sources, source.book)
    for basemap in reversed([layer for layer in source.layers if not isinstance(layer, MapLayer)]):
        stack.add_basemap(basemap)
    return stack


def route_stack(source: LayerStack) -> LayerStack:
    """The route sheet's print stack: ROUTE_LAYERS and KIND_LAYERS only (SheetMap switches KIND_LAYERS per sheet;
    the sheet draws the route, the stops and the other sites itself)."""
    keep = set(ROUTE_LAYERS) | {layer for ids in KIND_LAYERS.values() for layer in ids}
    return print_stack(source, hidden=HIDDEN | {spec.id for spec in source.book.layers if spec.id not in keep})


def to_display(lonlat) -> np.ndarray:
    xy = np.asarray(lonlat, dtype=float).reshape(-1, 2)
    if not len(xy):
        return xy
    x, y = transformer(STORAGE, DISPLAY).transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


class PrintMap:
    """A map on a printed page drawn by the one renderer: the layers of a print stack for an extent, labels
    as text, scale bar, north arrow and a legend box in the bottom right, framed. Layouts add their own
    marks between `begin` and `end` (screen units of the returned view, origin at the map's top left)."""

    LEGEND_SIZE = (150.0, 100.0)

    def __init__(self, stack: LayerStack) -> None:
        self.stack = stack
        self.renderer = MapRenderer(stack, background="#ffffff", wait_tiles=True)

    def begin(self, painter: QPainter, rect: QRectF, extent, *, margin: float = 0.06,
              min_resolution: float = 0.5, reserved=()) -> MapView:
        """Render the layers of `extent` (EPSG:3857) into `rect`, then labels, scale bar and north arrow
        (labels keep clear of them and of the legend box); the painter is left translated and clipped to
        the map until `end`. `min_resolution` (map units a pixel) bounds how far in the map goes; labels keep
        clear of the `reserved` boxes (x0, y0, x1, y1 in the map's units) too."""
        view = MapView(0.0, 0.0, 1.0, max(1, int(rect.width())), max(1, int(rect.height()))).fitted(
            extent, margin, min_resolution=min_resolution)
        painter.save()
        painter.translate(rect.topLeft())
        self.renderer.render(painter, view, labels=False, decorations=False)
        painter.setClipRect(QRectF(0, 0, view.width, view.height))
        draw_labels(painter, [l for l in self.stack.vector_layers() if l.visible], view,
                    reserved_boxes(view) + [self._legend_box(view), *reserved], as_text=True)
        draw_scale_bar(painter, view)
        draw_north_arrow(painter, view)
        return view

    def end(self, painter: QPainter, rect: QRectF, view: MapView) -> None:
        """Leave the map and frame it."""
        painter.restore()
        pen = QPen(QColor("#333333"))
        pen.setWidthF(0.4 * MM)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(rect.x(), rect.y(), view.width, view.height))

    def _legend_box(self, view: MapView) -> tuple[float, float, float, float]:
        w, h = self.LEGEND_SIZE
        return (view.width - w - 8, view.height - h - 8, view.width, view.height)

    def legend_size(self, painter: QPainter, texts: list[str]) -> None:
        """Size the legend box for `texts` (call before `begin`, so labels keep clear of it)."""
        f = font(7)
        fm = QFontMetricsF(f, painter.device())
        row = max(fm.height(), 14.0) + 2
        self.LEGEND_SIZE = (max(fm.horizontalAdvance(t) for t in texts) + 44, row * len(texts) + 18)

    def legend(self, painter: QPainter, view: MapView, items) -> None:
        """图例 in the bottom right: `items` are (symbol, text), symbol(painter, x, y) drawing a 20-unit-wide
        sample centred vertically on y."""
        f = font(7)
        painter.setFont(f)
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
        for i, (symbol, text) in enumerate(items):
            y = y0 + 18 + i * row + row / 2
            sx = x0 + 8
            painter.save()
            symbol(painter, sx, y)
            painter.restore()
            painter.setPen(QColor("#222222"))
            painter.drawText(QRectF(sx + 26, y - row / 2, w - 40, row), int(Qt.AlignmentFlag.AlignVCenter), text)

    def style_color(self, layer_id: str, attr: str = "stroke", default: str = "#999999") -> str:
        """The first `attr` colour of a layer's style (a legend's sample)."""
        try:
            syms = self.stack.layer(layer_id).style.symbols
            return next((getattr(s, attr) for s in syms if getattr(s, attr, None)), default)
        except KeyError:
            return default


def screen_path(view: MapView, geoms) -> QPainterPath:
    """Lon/lat geometries (EPSG:4490) as one painter path in the view's screen units: polygon rings
    closed, lines open."""
    path = QPainterPath()
    for g in shapely.get_parts(np.asarray(geoms, dtype=object).reshape(-1)):
        rings = shapely.get_rings(g) if shapely.get_type_id(g) in (3, 6) else [g]
        for ring in rings:
            xy = to_display(shapely.get_coordinates(ring))
            if len(xy) < 2:
                continue
            sx, sy = view.to_screen(xy[:, 0], xy[:, 1])
            pts = [QPointF(x, y) for x, y in zip(sx.tolist(), sy.tolist(), strict=True)]
            if shapely.get_type_id(ring) == 2:       # a linear ring
                path.addPolygon(QPolygonF(pts))
                path.closeSubpath()
            else:
                path.moveTo(pts[0])
                for q in pts[1:]:
                    path.lineTo(q)
    return path


class SheetMap(PrintMap):
    def __init__(self, stack: LayerStack) -> None:
        super().__init__(stack)
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
        shown = self.show_layers_of(sheet.kind)
        others = self._other_sites(sheet, extent)
        items = self.legend_items(sheet, extent, others, shown)
        self.legend_size(painter, [text for _, text in items])
        view = self.begin(painter, rect, extent)
        self._grid_highlight(painter, view, sheet.grid_code)
        self._draw_other_sites(painter, view, others)
        self._route(painter, view, sheet)
        self._markers(painter, view, sheet)
        self.legend(painter, view, items)
        self.end(painter, rect, view)

    def show_layers_of(self, kind: str) -> list:
        """Switch on the KIND_LAYERS of a sheet's kind (the other kinds' off); the stack's layers shown."""
        mine = KIND_LAYERS.get(kind, ())
        for layer in self.stack.vector_layers():
            if layer.id not in ROUTE_LAYERS:
                layer.visible = layer.id in mine and layer.spec.visible
        return [layer for layer in self.stack.vector_layers() if layer.visible]

    def _other_sites(self, sheet: RouteSheet, extent) -> np.ndarray:
        """(n, 2) display coordinates of the sites within `extent` that are not the sheet's stops or start."""
        src = self.stack.sources.get("sites")
        if src is None or not len(src):
            return np.zeros((0, 2))
        b = src.feature_bounds
        x, y = (b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2
        inside = (x >= extent[0]) & (x <= extent[2]) & (y >= extent[1]) & (y <= extent[3])
        own = {st.site_id for st in sheet.stops} | ({sheet.start_site_id} if sheet.start_site_id else set())
        inside &= ~np.isin(np.asarray(src.layer.ids), list(own))
        return np.column_stack([x[inside], y[inside]])

    def _draw_other_sites(self, painter: QPainter, view: MapView, xy: np.ndarray) -> None:
        if not len(xy):
            return
        sx, sy = view.to_screen(xy[:, 0], xy[:, 1])
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#ffffff"), 0.6))
        painter.setBrush(OTHER_SITE)
        for x, y in zip(sx.tolist(), sy.tolist(), strict=True):
            painter.drawEllipse(QPointF(x, y), 2.6, 2.6)

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
        pen = QPen(GRID_EDGE, 1.8, Qt.PenStyle.DashLine)
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
            painter.setBrush(VISITED if st.visited_at else ROUTE)
            painter.drawEllipse(QPointF(x, y), MARKER_R, MARKER_R)
            painter.setFont(small)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(QRectF(x - MARKER_R, y - MARKER_R, 2 * MARKER_R, 2 * MARKER_R),
                             int(Qt.AlignmentFlag.AlignCenter), str(st.seq))

    def legend_items(self, sheet: RouteSheet, extent, others: np.ndarray, shown) -> list:
        """Every symbol the map shows: the sheet's own marks, then each class of the stack's layers that has a
        feature within `extent` (e.g. 危险路段 only where there is one), then the muted other sites."""
        def line(color, width, style=Qt.PenStyle.SolidLine):
            return lambda p, x, y: (p.setPen(QPen(QColor(color), width, style)),
                                    p.drawLine(QPointF(x, y), QPointF(x + 20, y)))

        def dot(color, r=5.5, edge=1.0):
            def draw(p, x, y):
                p.setPen(QPen(QColor("#ffffff"), edge))
                p.setBrush(color)
                p.drawEllipse(QPointF(x + 10, y), r, r)
            return draw

        def start(p, x, y):
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(START)
            p.drawRect(QRectF(x + 4.5, y - 5.5, 11, 11))

        items = [(line(ROUTE, 2.6), tr("巡查路线（箭头为行进方向）")),
                 (dot(ROUTE), tr("巡查点（序号同下表）") if sheet.line is None else tr("沿线检查对象（序号同下表）"))]
        if any(st.visited_at for st in sheet.stops):
            items.append((dot(VISITED), tr("已巡查的点")))
        items += [(start, tr("起点/终点")), (line(GRID_EDGE, 1.8, Qt.PenStyle.DashLine), tr("本网格界线"))]
        for layer in shown:
            items += [(symbol_sample(sym), label) for label, sym in self._classes_in(layer, extent)]
        if len(others):
            items.append((dot(OTHER_SITE, 2.6, 0.6), tr("其他场所（不在本次路线上）")))
        return items

    @staticmethod
    def _classes_in(layer, extent) -> list:
        """(label, symbol) of the layer's classes drawn within `extent`, in the style's order; the labels in the
        interface language (a class by a vocabulary, such as a pipeline's pressure class, by its label there)."""
        src = layer.source
        if not len(src):
            return []
        b = src.feature_bounds
        inside = (b[:, 0] <= extent[2]) & (b[:, 2] >= extent[0]) & (b[:, 1] <= extent[3]) & (b[:, 3] >= extent[1])
        present = set(np.unique(layer.classes[inside]).tolist()) - {-1}
        drawn = [i for i, s in enumerate(layer.style.symbols) if s.fill is not None or s.stroke is not None]
        return [entry for i, entry in zip(drawn, layer.style.legend(category_label), strict=True) if i in present]


def symbol_sample(sym) -> callable:
    """A legend sample of a style Symbol (desktop.render.styles): a line for a stroke-only symbol, a box for a
    filled area, a dot for a point symbol."""
    def draw(p: QPainter, x: float, y: float) -> None:
        pen = QPen(QColor(sym.stroke), max(sym.width, 0.8), Qt.PenStyle.DashLine if sym.dash else Qt.PenStyle.SolidLine) \
            if sym.stroke else QPen(Qt.PenStyle.NoPen)
        p.setPen(pen)
        if sym.fill is None:
            p.drawLine(QPointF(x, y), QPointF(x + 20, y))
            return
        p.setBrush(QColor(sym.fill))
        p.drawRect(QRectF(x + 2, y - 5, 16, 10))
    return draw
