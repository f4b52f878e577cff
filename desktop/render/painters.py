"""Draw one display layer with QPainter: cached tile paths per LOD, point symbols in batches.

Lines and polygons: per tile and class one fill path and one outline path (map coordinates), built
on first use and kept in an LRU cache on the layer, drawn under the map→screen world transform with
cosmetic pens. On screen and in images wide lines are drawn as a few offset 1-pixel strokes: Qt's
1-pixel cosmetic stroker is ~10–40× faster than its wide-pen stroker and looks nearly the same.
Points: screen coordinates of all features in one numpy step, then either a sprite per point (few
points: exact antialiased symbols), or (many points) symbol masks stamped into an image with numpy.
PDF/SVG painters get true vector symbols.
"""
from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)

from desktop.render.geometry import lod_for, tiles_for
from desktop.render.layerstack import MapLayer
from desktop.render.qtbuffers import path_from_parts
from desktop.render.styles import Symbol
from desktop.render.viewport import MapView

SPRITE_LIMIT = 2500       # up to this many visible points are drawn as exact antialiased symbols
PATH_CACHE_TILES = 3000   # per display layer


def world_transform(view: MapView) -> QTransform:
    m11, m22, dx, dy = view.affine()
    return QTransform(m11, 0.0, 0.0, m22, dx, dy)


def make_pen(color: str | None, width: float, dash: bool = False) -> QPen:
    if color is None:
        return QPen(Qt.PenStyle.NoPen)
    pen = QPen(QColor(color))
    pen.setWidthF(width)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    if dash:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def make_brush(color: str | None, hatch: bool = False, world: QTransform | None = None) -> QBrush:
    """A fill; `hatch`: diagonal hatching in the colour, its lines a fixed number of pixels apart whatever
    `world` (the painter's map transform, which the pattern would otherwise be scaled by)."""
    if not color:
        return QBrush(Qt.BrushStyle.NoBrush)
    if not hatch:
        return QBrush(QColor(color))
    brush = QBrush(QColor(color), Qt.BrushStyle.BDiagPattern)
    if world is not None:
        inverse, ok = world.inverted()
        if ok:
            brush.setTransform(inverse)
    return brush


def draw_layer(painter: QPainter, layer: MapLayer, view: MapView) -> None:
    if layer.source.kind == "point":
        draw_points(painter, layer, view)
    else:
        draw_paths(painter, layer, view)


# --- lines and polygons ---------------------------------------------------------------------------

def _tile_paths(layer: MapLayer, lod: int, tx: int, ty: int, fills: bool, lines: bool):
    """[(class, fill path | None, outline path | None)], and the tile's vertex count; cached."""
    key = (lod, tx, ty)
    cache = layer.paths
    hit = cache.get(key)
    if hit is not None:
        cache.move_to_end(key)
        return hit
    per_class: dict[int, list] = {}
    vertices = 0
    for what, want in (("fill", fills), ("line", lines)):
        if not want:
            continue
        xy, part, feature = layer.source.tile_coords(lod, tx, ty, what)
        if not len(xy):
            continue
        vcls = layer.classes[feature]
        vertices += len(xy)
        for c in np.unique(vcls):
            if c < 0:
                continue
            m = vcls == c
            slot = per_class.setdefault(int(c), [None, None])
            slot[0 if what == "fill" else 1] = path_from_parts(xy[m], part[m])
    hit = ([(c, f, ln) for c, (f, ln) in sorted(per_class.items())], vertices)
    cache[key] = hit
    while len(cache) > PATH_CACHE_TILES:
        cache.popitem(last=False)
    return hit


def stroke_offsets(width: float) -> list[tuple[float, float]]:
    """Pixel offsets at which 1-px strokes together look `width` pixels wide in every direction."""
    if width <= 1.3:
        return [(0.0, 0.0)]
    if width <= 2.4:
        k = (width - 1.0) * 0.75
        return [(-k / 2, -k / 2), (k / 2, -k / 2), (-k / 2, k / 2)]
    return [(0.0, 0.0), (-0.9, 0.0), (0.9, 0.0), (0.0, -0.9), (0.0, 0.9)]


def draw_paths(painter: QPainter, layer: MapLayer, view: MapView) -> None:
    src = layer.source
    if not len(src):
        return
    symbols = layer.style.symbols
    polygon = src.kind == "polygon"
    fills = polygon and any(s.fill for s in symbols)
    lines = any(s.stroke for s in symbols)
    lod = lod_for(view.resolution)
    tiles = [_tile_paths(layer, lod, tx, ty, fills, lines) for tx, ty in tiles_for(view.extent(), lod)]
    world = world_transform(view)
    painter.save()
    painter.setWorldTransform(world, True)
    base = painter.worldTransform()
    if fills:   # not antialiased: AA edges would show the tile seams; outlines cover the real edges
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        for paths, _ in tiles:
            for c, fill, _line in paths:
                if fill is not None and symbols[c].fill:
                    painter.setBrush(make_brush(symbols[c].fill, symbols[c].hatch, world))
                    painter.drawPath(fill)
    if lines:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        fast = not _is_vector(painter)   # print gets true wide pens
        for c, s in enumerate(symbols):
            if not s.stroke:
                continue
            batch = [line for paths, _ in tiles for cc, _f, line in paths if cc == c and line is not None]
            if not batch:
                continue
            offsets = stroke_offsets(s.width) if fast else [(0.0, 0.0)]
            painter.setPen(make_pen(s.stroke, 1.0 if len(offsets) > 1 else s.width, s.dash))
            for ox, oy in offsets:
                if ox or oy:
                    painter.setWorldTransform(base * QTransform.fromTranslate(ox, oy))
                for path in batch:
                    painter.drawPath(path)
            painter.setWorldTransform(base)
    painter.restore()


# --- points ---------------------------------------------------------------------------------------

def visible_points(layer: MapLayer, view: MapView, margin: float = 12.0):
    """(screen xy, class) of the layer's drawn points inside the view (plus a margin in pixels)."""
    src = layer.source
    if not len(src):
        return np.zeros((0, 2)), np.zeros(0, dtype=np.int16)
    idx = src.in_view(view.extent(), margin * view.resolution)
    idx = idx[layer.classes[idx] >= 0]
    xy = src.xy[idx]
    sx, sy = view.to_screen(xy[:, 0], xy[:, 1])
    cls = layer.classes[idx]
    offsets = np.array([s.offset for s in layer.style.symbols] + [(0.0, 0.0)])
    if offsets.any():
        sx = sx + offsets[cls, 0]
        sy = sy + offsets[cls, 1]
    m = (cls >= 0) & (sx > -margin) & (sx < view.width + margin) & (sy > -margin) & (sy < view.height + margin)
    return np.column_stack([sx[m], sy[m]]), cls[m]


def shape_path(symbol: Symbol, cx: float, cy: float, size: float | None = None) -> QPainterPath:
    r = (size or symbol.size) / 2.0
    path = QPainterPath()
    if symbol.shape == "square":
        path.addRect(QRectF(cx - r, cy - r, 2 * r, 2 * r))
    elif symbol.shape == "diamond":
        path.addPolygon(QPolygonF([QPointF(cx, cy - r * 1.2), QPointF(cx + r, cy), QPointF(cx, cy + r * 1.2),
                                   QPointF(cx - r, cy)]))
        path.closeSubpath()
    elif symbol.shape == "triangle":
        path.addPolygon(QPolygonF([QPointF(cx, cy - r * 1.15), QPointF(cx + r, cy + r * 0.85),
                                   QPointF(cx - r, cy + r * 0.85)]))
        path.closeSubpath()
    else:
        path.addEllipse(QPointF(cx, cy), r, r)
    return path


def paint_symbol(painter: QPainter, symbol: Symbol, cx: float, cy: float) -> None:
    painter.setPen(make_pen(symbol.stroke, symbol.width) if symbol.stroke else QPen(Qt.PenStyle.NoPen))
    painter.setBrush(make_brush(symbol.fill))
    painter.drawPath(shape_path(symbol, cx, cy))


@lru_cache(maxsize=256)
def sprite(symbol: Symbol, dpr: float) -> tuple[QImage, float]:
    """The symbol drawn once, antialiased, into a small image; and half its size in logical pixels."""
    half = math.ceil(symbol.size * 0.65 + symbol.width + 1)
    img = QImage(int(2 * half * dpr), int(2 * half * dpr), QImage.Format.Format_ARGB32_Premultiplied)
    img.setDevicePixelRatio(dpr)
    img.fill(0)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint_symbol(p, symbol, half, half)
    p.end()
    return img, float(half)


@lru_cache(maxsize=256)
def stamp(symbol: Symbol, dpr: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The symbol's pixels as offsets from its centre and ARGB values (no antialiasing), for stamping."""
    img, half = sprite(symbol, dpr)
    h, w = img.height(), img.width()
    a = np.frombuffer(img.constBits(), dtype=np.uint32, count=h * img.bytesPerLine() // 4)
    a = a.reshape(h, img.bytesPerLine() // 4)[:, :w]
    ys, xs = np.nonzero((a >> 24) >= 128)
    argb = a[ys, xs] | np.uint32(0xFF000000)   # opaque: the symbol's own colours, hard edges
    return xs - int(half * dpr), ys - int(half * dpr), argb


def _resized(symbol: Symbol, k: float) -> Symbol:
    return symbol if k >= 1 else replace(symbol, size=round(symbol.size * k, 1), width=min(symbol.width, 0.8))


def _is_vector(painter: QPainter) -> bool:
    engine = painter.paintEngine()
    return engine is not None and engine.type() not in (engine.Type.Raster, engine.Type.OpenGL2)


def draw_points(painter: QPainter, layer: MapLayer, view: MapView) -> None:
    pts, cls = visible_points(layer, view)
    if not len(pts):
        return
    symbols = layer.style.symbols
    order = np.argsort(cls, kind="stable")
    pts, cls = pts[order], cls[order]
    bounds = np.flatnonzero(np.diff(cls)) + 1
    groups = list(zip(np.split(pts, bounds), cls[np.r_[0, bounds]].tolist(), strict=True))
    painter.save()
    if _is_vector(painter):             # PDF and SVG: real vector symbols
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for g, c in groups:
            for x, y in g.tolist():
                paint_symbol(painter, symbols[c], x, y)
    elif len(pts) <= SPRITE_LIMIT:
        dpr = painter.device().devicePixelRatioF() if painter.device() else 1.0
        for g, c in groups:
            img, half = sprite(symbols[c], dpr)
            for x, y in (g - half).tolist():
                painter.drawImage(QPointF(x, y), img)
    else:   # dense: smaller symbols, or the map becomes a carpet
        small = max(0.55, min(1.0, 2500 / len(pts)))
        _stamp_points(painter, view, groups, [_resized(s, small) for s in symbols])
    painter.restore()


STAMP_MARGIN = 16  # px around the image, so stamps near the edge need no clipping


def _stamp_points(painter: QPainter, view: MapView, groups, symbols) -> None:
    """Many points: stamp each class's symbol mask into one transparent image, draw it once."""
    dpr = painter.device().devicePixelRatioF() if painter.device() else 1.0
    m = STAMP_MARGIN
    w, h = int(view.width * dpr) + 2 * m, int(view.height * dpr) + 2 * m
    buf = np.zeros(h * w, dtype=np.uint32)
    for g, c in groups:
        dx, dy, argb = stamp(symbols[c], dpr)
        px = np.clip(np.round(g[:, 0] * dpr).astype(np.int64) + m, m // 2, w - m // 2 - 1)
        py = np.clip(np.round(g[:, 1] * dpr).astype(np.int64) + m, m // 2, h - m // 2 - 1)
        centres = np.unique(py * w + px)          # one stamp per pixel position
        buf[(centres[:, None] + (dy * w + dx)[None, :]).ravel()] = np.tile(argb, len(centres))
    image = QImage(buf.data, w, h, 4 * w, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(dpr)
    painter.setWorldTransform(QTransform())
    painter.drawImage(QPointF(-m / dpr, -m / dpr), image)
