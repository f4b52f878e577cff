"""Labels (grid codes, names) with greedy collision avoidance.

Candidates are filtered and ranked with numpy (inside the view, big enough on screen, larger
features first); then each is placed only where an occupancy bitmap of 4-pixel cells is still free.
Layers earlier in panel order (on top) place their labels first. Text has a white halo; each label
is drawn once into a small cached image; print (PDF) gets outlined vector text instead.
"""
from __future__ import annotations

import math
from collections import OrderedDict

import numpy as np
import pandas as pd
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
)

from desktop.render.geometry import lod_for
from desktop.render.layerstack import MapLayer
from desktop.render.painters import visible_points
from desktop.render.viewport import MapView

CELL = 2
SYMBOL_LIMIT = 5000   # up to this many point symbols on screen, labels keep off them too
MAX_CANDIDATES = 400   # per layer and frame
NEAR_POLYGONS = 300    # up to this many polygons in view, labels go on their visible part
HALO = 2               # px
_images: OrderedDict = OrderedDict()
_HALO_OFFSETS = [(HALO * math.cos(a), HALO * math.sin(a)) for a in np.arange(8) * math.pi / 4]
IMAGE_CACHE = 4000
FONT_FAMILIES = ["Noto Sans CJK SC", "Microsoft YaHei", "SimHei", "PingFang SC", "WenQuanYi Micro Hei", "sans-serif"]


def label_font(size_pt: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(size_pt)
    font.setBold(bold)
    return font


class Occupancy:
    """Which 2-pixel cells hold a label (`grid`) or a point symbol (`symbols`)."""

    def __init__(self, width: int, height: int) -> None:
        self.grid = np.zeros((height // CELL + 2, width // CELL + 2), dtype=bool)
        self.symbols = np.zeros_like(self.grid)
        self.w, self.h = width, height

    def block(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.grid[int(max(y0, 0) // CELL):int(max(y1, 0) // CELL) + 1,
                  int(max(x0, 0) // CELL):int(max(x1, 0) // CELL) + 1] = True

    def block_points(self, xy: np.ndarray, radius: float) -> None:
        """Mark the cells under point symbols (squares of `radius` around each point), vectorised."""
        if not len(xy):
            return
        r = int(np.ceil(radius / CELL))
        c = np.floor(xy / CELL).astype(np.int64)
        d = np.arange(-r, r + 1)
        rows = np.clip(c[:, 1, None, None] + d[None, :, None], 0, self.grid.shape[0] - 1)
        cols = np.clip(c[:, 0, None, None] + d[None, None, :], 0, self.grid.shape[1] - 1)
        self.symbols[rows, cols] = True

    def claim(self, x0: float, y0: float, x1: float, y1: float, avoid_symbols: bool = False) -> bool:
        """Claim the box if it lies on screen and overlaps no label (nor, if asked, point symbol)."""
        if x0 < 0 or y0 < 0 or x1 > self.w or y1 > self.h:
            return False
        c0, r0, c1, r1 = int(x0 // CELL), int(y0 // CELL), int(x1 // CELL) + 1, int(y1 // CELL) + 1
        cells = self.grid[r0:r1, c0:c1]
        if cells.any() or (avoid_symbols and self.symbols[r0:r1, c0:c1].any()):
            return False
        cells[:] = True
        return True


def label_candidates(layer: MapLayer, view: MapView):
    """(feature indices, screen xy, point-like) of the features worth a label, best first."""
    rule = layer.spec.labels
    src = layer.source
    if rule is None or not len(src) or view.scale_denominator() > rule.max_scale or rule.field not in src.attrs:
        return None
    point_like = src.kind == "point"
    idx = src.in_view(view.extent())
    idx = idx[layer.classes[idx] >= 0]
    b = src.feature_bounds[idx]
    size_px = np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]) / view.resolution
    if not point_like:
        keep = size_px >= 24
        idx, size_px = idx[keep], size_px[keep]
    a = src.anchors[idx]
    if not point_like and 0 < len(idx) <= NEAR_POLYGONS and (size_px > max(view.width, view.height) / 2).any():
        # zoomed in on a few big polygons: label the part that is on screen, not the far-away centre
        inside = shapely.point_on_surface(shapely.clip_by_rect(src.simplified(lod_for(view.resolution), idx),
                                                               *view.extent()))
        ok = ~shapely.is_empty(inside)
        a = a.copy()
        a[ok] = shapely.get_coordinates(inside[ok])
    sx, sy = view.to_screen(a[:, 0], a[:, 1])
    m = (sx >= 0) & (sx <= view.width) & (sy >= 0) & (sy <= view.height)
    idx, sx, sy, size_px = idx[m], sx[m], sy[m], size_px[m]
    order = np.argsort(-size_px, kind="stable")[:MAX_CANDIDATES]
    return idx[order], np.column_stack([sx[order], sy[order]]), point_like


def _POINT_SLOTS(w: float, h: float):
    """Where a point's label may go, in order of preference: right, left, above right, below right."""
    return ((7.0, -h / 2), (-7.0 - w, -h / 2), (5.0, -h - 3.0), (5.0, 3.0))


def text_widths(layer: MapLayer, font: QFont, idx: np.ndarray) -> np.ndarray:
    """Label widths in pixels of the features at `idx`, measured once per feature and font."""
    rule = layer.spec.labels
    src = layer.source
    cache = src.label_widths        # lives and dies with the layer's data
    key = (rule.field, font.key())
    widths = cache.get(key)
    if widths is None:
        widths = np.full(len(src), np.nan)
        cache[key] = widths
    missing = idx[np.isnan(widths[idx])]
    if len(missing):
        fm = QFontMetricsF(font)
        texts = src.column(rule.field)[missing]
        widths[missing] = [fm.horizontalAdvance(str(t)) if pd.notna(t) else -1.0 for t in texts]
    return widths[idx]


def label_image(text: str, font: QFont, color: str, dpr: float) -> QImage:
    """The label with its halo, drawn once and cached (least recently used dropped first)."""
    key = (text, font.key(), color, dpr)
    img = _images.get(key)
    if img is not None:
        _images.move_to_end(key)
        return img
    fm = QFontMetricsF(font)
    w, h = fm.horizontalAdvance(text) + 2 * HALO + 1, fm.height() + 2 * HALO
    img = QImage(int(w * dpr) + 1, int(h * dpr) + 1, QImage.Format.Format_ARGB32_Premultiplied)
    img.setDevicePixelRatio(dpr)
    img.fill(0)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    p.setFont(font)
    base = QPointF(HALO, HALO + fm.ascent())
    p.setPen(QColor(255, 255, 255, 235))
    for ox, oy in _HALO_OFFSETS:      # glyph-cached text is far cheaper than stroking outlines
        p.drawText(base + QPointF(ox, oy), text)
    p.setPen(QColor(color))
    p.drawText(base, text)
    p.end()
    _images[key] = img
    while len(_images) > IMAGE_CACHE:
        _images.popitem(last=False)
    return img


def draw_labels(painter: QPainter, layers: list[MapLayer], view: MapView,
                reserved: list[tuple[float, float, float, float]] = (), *, as_text: bool = False) -> int:
    """Label the visible layers (top layer first), keeping clear of the `reserved` boxes (scale bar,
    north arrow); returns how many labels were placed. `as_text` (printed forms): real text on a
    white backing box, which stays searchable and is far smaller in a PDF than glyph outlines."""
    occ = Occupancy(view.width, view.height)
    for box in reserved:
        occ.block(*box)
    for layer in layers:                 # point labels keep off the point symbols on the map
        if layer.visible and layer.source.kind == "point":
            xy, _ = visible_points(layer, view, margin=0.0)
            if len(xy) <= SYMBOL_LIMIT:
                occ.block_points(xy, 3.0)
    placed = 0
    vector = painter.paintEngine() is not None and painter.paintEngine().type() not in (
        painter.paintEngine().Type.Raster, painter.paintEngine().Type.OpenGL2)
    dpr = painter.device().devicePixelRatioF() if painter.device() else 1.0
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    halo = QPen(QColor(255, 255, 255, 235), 2 * HALO)
    halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    for layer in layers:
        found = label_candidates(layer, view)
        if found is None:
            continue
        idx, xy, point_like = found
        rule = layer.spec.labels
        font = label_font(rule.size, bold=rule.size >= 11)
        fm = QFontMetricsF(font)
        h = fm.height()
        texts = layer.source.column(rule.field)[idx]
        widths = text_widths(layer, font, idx)
        path = QPainterPath()
        for (x, y), text, w in zip(xy.tolist(), texts, widths.tolist(), strict=True):
            if w < 0:          # no text
                continue
            for ox, oy in (_POINT_SLOTS(w, h) if point_like else ((-w / 2, -h / 2),)):
                x0, y0 = x + ox, y + oy
                if occ.claim(x0 - 1, y0, x0 + w + 1, y0 + h, avoid_symbols=point_like):
                    break
            else:
                continue
            placed += 1
            if as_text:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(255, 255, 255, 200))
                painter.drawRect(QRectF(x0 - 1, y0, w + 2, h))
                painter.setPen(QColor(rule.color))
                painter.setFont(font)
                painter.drawText(QPointF(x0, y0 + fm.ascent()), str(text))
            elif vector:   # print: real text outlines
                path.addText(QPointF(x0, y0 + fm.ascent()), font, str(text))
            else:
                painter.drawImage(QPointF(x0 - HALO, y0 - HALO), label_image(str(text), font, rule.color, dpr))
        if vector and not path.isEmpty():
            painter.strokePath(path, halo)
            painter.fillPath(path, QColor(rule.color))
    painter.restore()
    return placed
