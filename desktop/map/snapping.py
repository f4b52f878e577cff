"""Snapping for the map tools: a cursor within a tolerance in pixels of a vertex or a segment of a chosen layer
jumps onto it (QGIS's snapping, vertex and segment modes).

The maths is Qt-free and works in map coordinates (EPSG:3857) on the render stack's projected layers
(desktop/render/geometry.ProjectedLayer): their STRtree finds the candidates in the tolerance box, shapely
measures the rest. A vertex within the tolerance wins over a nearer segment, as a vertex is what a user aims at.
The tool draws the marker (`draw_marker`): a square on a vertex, a square with a cross on a segment.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import shapely

DEFAULT_TOLERANCE_PX = 10.0
VERTEX, SEGMENT = "vertex", "segment"


@dataclass(frozen=True)
class Snap:
    x: float            # the snapped map point (EPSG:3857)
    y: float
    kind: str           # VERTEX or SEGMENT
    layer: str          # the source (data layer) name, e.g. "villages"
    index: int          # the feature's row in that layer
    distance: float     # map units from the cursor

    @property
    def point(self) -> tuple[float, float]:
        return self.x, self.y


def snap_point(sources: Iterable[tuple[str, object]], x: float, y: float, tolerance: float,
               vertices: bool = True, segments: bool = True,
               exclude: Callable[[str, np.ndarray], np.ndarray] | None = None) -> Snap | None:
    """The nearest vertex (else segment) of the `sources` ((name, ProjectedLayer)) within `tolerance` map units
    of (x, y), or None. `exclude(name, idx)` → mask of candidate rows to leave out (the feature being moved)."""
    p = shapely.Point(x, y)
    box = shapely.box(x - tolerance, y - tolerance, x + tolerance, y + tolerance)
    best_vertex: Snap | None = None
    best_segment: Snap | None = None
    for name, src in sources:
        if src is None or not len(src):
            continue
        idx = np.asarray(src.tree.query(box), dtype=np.int64)
        if exclude is not None and len(idx):
            idx = idx[~exclude(name, idx)]
        if not len(idx):
            continue
        geoms = src.geoms[idx]
        if vertices:
            xy, owner = shapely.get_coordinates(geoms, return_index=True)
            if len(xy):
                d = np.hypot(xy[:, 0] - x, xy[:, 1] - y)
                k = int(np.argmin(d))
                if d[k] <= tolerance and (best_vertex is None or d[k] < best_vertex.distance):
                    best_vertex = Snap(float(xy[k, 0]), float(xy[k, 1]), VERTEX, name, int(idx[owner[k]]), float(d[k]))
        if segments:
            types = shapely.get_type_id(geoms)
            lines = np.where(np.isin(types, (3, 6)), shapely.boundary(geoms), geoms)    # polygons: their rings
            lines = np.where(np.isin(shapely.get_type_id(lines), (1, 2, 5)), lines, None)
            ok = np.flatnonzero(~shapely.is_missing(lines))
            if len(ok):
                d = shapely.distance(lines[ok], p)
                k = int(np.argmin(d))
                if d[k] <= tolerance and (best_segment is None or d[k] < best_segment.distance):
                    line = lines[ok[k]]
                    q = shapely.line_interpolate_point(line, shapely.line_locate_point(line, p))
                    best_segment = Snap(float(q.x), float(q.y), SEGMENT, name, int(idx[ok[k]]), float(d[k]))
    return best_vertex or best_segment


class Snapper:
    """Snapping to chosen layers of a canvas's stack with a tolerance in pixels (the tool asks per mouse move)."""

    def __init__(self, layers: Iterable[str] = ("grids", "villages"), tolerance_px: float = DEFAULT_TOLERANCE_PX,
                 vertices: bool = True, segments: bool = True) -> None:
        self.layers = list(layers)
        self.tolerance_px = tolerance_px
        self.vertices = vertices
        self.segments = segments
        self.enabled = True

    def snap(self, canvas, x: float, y: float, exclude=None) -> Snap | None:
        """Snap the map point (x, y) on `canvas` (its stack and view), or None."""
        stack = getattr(canvas, "stack", None)
        if not self.enabled or stack is None:
            return None
        sources = [(n, stack.sources.get(n)) for n in self.layers]
        return snap_point(sources, x, y, self.tolerance_px * canvas.view.resolution, self.vertices,
                          self.segments, exclude)


MARKER = "#e0218a"      # QGIS's snapping magenta
MARKER_PX = 12


def draw_marker(painter, view, snap: Snap | None) -> None:
    """The snap marker at the snapped point: a square on a vertex, a square with a cross on a segment."""
    if snap is None:
        return
    from PySide6.QtCore import QPointF, QRectF
    from PySide6.QtGui import QColor, QPainter, QPen

    xs, ys = view.to_screen([snap.x], [snap.y])
    c = QPointF(float(xs[0]), float(ys[0]))
    h = MARKER_PX / 2
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(0, 0, 0, 0))
    painter.setPen(QPen(QColor(MARKER), 2.5))
    painter.drawRect(QRectF(c.x() - h, c.y() - h, MARKER_PX, MARKER_PX))
    if snap.kind == SEGMENT:
        painter.drawLine(QPointF(c.x() - h, c.y() - h), QPointF(c.x() + h, c.y() + h))
        painter.drawLine(QPointF(c.x() - h, c.y() + h), QPointF(c.x() + h, c.y() - h))
    painter.restore()
