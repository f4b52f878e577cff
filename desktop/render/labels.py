"""Labels (grid codes, names) with greedy collision avoidance.

Candidates are filtered and ranked with numpy (inside the view, big enough on screen, larger
features first); then each is placed only where an occupancy bitmap of 4-pixel cells is still free.
Layers earlier in panel order (on top) place their labels first. Text has a white halo; each label
is drawn once into a small cached image; print (PDF) gets outlined vector text instead.
"""
from __future__ import annotations

import numpy as np
import shapely
from collections import OrderedDict

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen

from .geometry import lod_for
from .layerstack import MapLayer
from .viewport import MapView

CELL = 4
MAX_CANDIDATES = 400   # per layer and frame
NEAR_POLYGONS = 300    # up to this many polygons in view, labels go on their visible part
HALO = 2               # px
_images: OrderedDict = OrderedDict()
_HALO_OFFSETS = [(dx, dy) for dx in (-HALO, -HALO / 2, 0, HALO / 2, HALO) for dy in (-HALO, -HALO / 2, 0, HALO / 2, HALO)
                 if (dx or dy) and dx * dx + dy * dy <= HALO * HALO * 1.3]
IMAGE_CACHE = 4000
FONT_FAMILIES = ["Noto Sans CJK SC", "Microsoft YaHei", "SimHei", "PingFang SC", "WenQuanYi Micro Hei", "sans-serif"]


def label_font(size_pt: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(size_pt)
    font.setBold(bold)
    return font


class Occupancy:
    def __init__(self, width: int, height: int) -> None:
        self.grid = np.zeros((height // CELL + 2, width // CELL + 2), dtype=bool)
        self.w, self.h = width, height

    def claim(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        """Claim the box if it lies on screen and overlaps nothing claimed before."""
        if x0 < 0 or y0 < 0 or x1 > self.w or y1 > self.h:
            return False
        c0, r0, c1, r1 = int(x0 // CELL), int(y0 // CELL), int(x1 // CELL) + 1, int(y1 // CELL) + 1
        cells = self.grid[r0:r1, c0:c1]
        if cells.any():
            return False
        cells[:] = True
        return True


def label_candidates(layer: MapLayer, view: MapView):
    """(screen xy, texts, point-like) of the features worth a label, best first."""
    rule = layer.spec.labels
    src = layer.source
    if rule is None or not len(src) or view.scale_denominator() > rule.max_scale or rule.field not in src.attrs:
        return None
    point_like = src.kind == "point"
    a = src.anchors
    b = src.feature_bounds
    extent_px = np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]) / view.resolution
    if not point_like:
        # zoomed in on a few big polygons: label the part that is on screen, not the far-away centre
        idx = src.tree.query(shapely.box(*view.extent()))
        idx = idx[(layer.classes[idx] >= 0) & (extent_px[idx] >= 24)]
        if 0 < len(idx) <= NEAR_POLYGONS and (extent_px[idx] > max(view.width, view.height) / 2).any():
            a = a.copy()
            a[idx] = shapely.get_coordinates(shapely.point_on_surface(
                shapely.clip_by_rect(src.simplified(lod_for(view.resolution))[idx], *view.extent())))
    sx, sy = view.to_screen(a[:, 0], a[:, 1])
    m = (layer.classes >= 0) & (sx >= 0) & (sx <= view.width) & (sy >= 0) & (sy <= view.height)
    if not point_like:
        m &= extent_px >= 24
    idx = np.flatnonzero(m)
    idx = idx[np.argsort(-extent_px[idx], kind="stable")][:MAX_CANDIDATES]
    texts = src.column(rule.field)[idx]
    return np.column_stack([sx[idx], sy[idx]]), texts, point_like


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


def draw_labels(painter: QPainter, layers: list[MapLayer], view: MapView) -> int:
    """Label the visible layers (top layer first); returns how many labels were placed."""
    occ = Occupancy(view.width, view.height)
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
        xy, texts, point_like = found
        rule = layer.spec.labels
        font = label_font(rule.size, bold=rule.size >= 11)
        fm = QFontMetricsF(font)
        h = fm.height()
        path = QPainterPath()
        dx = 6.0 if point_like else 0.0
        for (x, y), text in zip(xy.tolist(), texts, strict=True):
            if text is None or text != text:   # None or NaN
                continue
            text = str(text)
            w = fm.horizontalAdvance(text)
            x0 = x + dx if point_like else x - w / 2
            y0 = y - h / 2
            if not occ.claim(x0 - 2, y0 - 1, x0 + w + 2, y0 + h + 1):
                continue
            placed += 1
            if vector:   # print: real text outlines
                path.addText(QPointF(x0, y0 + fm.ascent()), font, text)
            else:
                painter.drawImage(QPointF(x0 - HALO, y0 - HALO), label_image(text, font, rule.color, dpr))
        if vector and not path.isEmpty():
            painter.strokePath(path, halo)
            painter.fillPath(path, QColor(rule.color))
    painter.restore()
    return placed
