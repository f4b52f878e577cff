"""numpy coordinate arrays → QPolygonF / QPainterPath without a Python loop per vertex.

PySide6 gives no writable pointer into a QPolygonF, so the arrays are serialised in Qt's own
QDataStream format and streamed in (the trick pyqtgraph uses for QPainterPath): one C++ pass.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QByteArray, QDataStream
from PySide6.QtGui import QPainterPath, QPolygonF

_MOVE, _LINE = 0, 1  # QPainterPath.ElementType


def polygon_from_xy(xy: np.ndarray) -> QPolygonF:
    """A QPolygonF holding the (n, 2) points in `xy` (used for drawPoints / drawPolyline)."""
    n = len(xy)
    out = np.empty(4 + 16 * n, np.uint8)
    out[:4] = np.frombuffer(np.array([n], ">u4").tobytes(), np.uint8)
    out[4:] = np.ascontiguousarray(xy, dtype=">f8").view(np.uint8).ravel()
    poly = QPolygonF()
    QDataStream(QByteArray(out.tobytes())) >> poly
    return poly


def path_from_parts(xy: np.ndarray, part_index: np.ndarray) -> QPainterPath:
    """One QPainterPath of many polylines/rings: vertex i belongs to part `part_index[i]` (sorted).

    Each part starts with a moveTo; fill rule odd-even, so polygon holes stay holes.
    """
    n = len(xy)
    path = QPainterPath()
    if n == 0:
        return path
    rec = np.empty(n, dtype=[("c", ">i4"), ("x", ">f8"), ("y", ">f8")])
    starts = np.ones(n, dtype=bool)
    starts[1:] = part_index[1:] != part_index[:-1]
    rec["c"] = np.where(starts, _MOVE, _LINE)
    rec["x"] = xy[:, 0]
    rec["y"] = xy[:, 1]
    # element count, elements, cStart, fill rule (0 = OddEvenFill)
    data = np.array([n], ">i4").tobytes() + rec.tobytes() + np.array([0, 0], ">i4").tobytes()
    QDataStream(QByteArray(data)) >> path
    return path
