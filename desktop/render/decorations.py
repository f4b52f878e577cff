"""Scale bar and north arrow, drawn in screen space over the map."""
from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF

from desktop.render.labels import label_font
from desktop.render.viewport import MapView


def nice_length(max_metres: float) -> float:
    """The largest 1, 2 or 5 × 10^k metres not above `max_metres`."""
    if max_metres <= 0:
        return 0.0
    k = 10 ** math.floor(math.log10(max_metres))
    for m in (5, 2, 1):
        if m * k <= max_metres:
            return m * k
    return k


def length_text(metres: float) -> str:
    if metres >= 1000:
        return QCoreApplication.translate("ScaleBar", "{n} 公里").format(n=f"{metres / 1000:g}")
    return QCoreApplication.translate("ScaleBar", "{n} 米").format(n=f"{metres:g}")


def scale_bar(view: MapView, max_px: float = 140.0) -> tuple[float, float]:
    """(metres, pixels) of the scale bar: a round ground length at most `max_px` long on screen."""
    ground = view.ground_resolution()
    metres = nice_length(ground * max_px)
    return metres, metres / ground


MARGIN = 14.0


def reserved_boxes(view: MapView) -> list[tuple[float, float, float, float]]:
    """Screen boxes the scale bar and north arrow occupy, kept free of labels."""
    _, px = scale_bar(view)
    return [(0, view.height - MARGIN - 30, MARGIN + max(px, 150) + 8, view.height),
            (view.width - MARGIN - 40, 0, view.width, MARGIN + 50)]


def draw_scale_bar(painter: QPainter, view: MapView, margin: float = MARGIN) -> None:
    metres, px = scale_bar(view)
    if px <= 0:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    x0, y0 = margin, view.height - margin - 8
    painter.setPen(QPen(QColor("#222222"), 1))
    for i in range(4):
        painter.setBrush(QColor("#222222") if i % 2 == 0 else QColor("#ffffff"))
        painter.drawRect(QRectF(x0 + i * px / 4, y0, px / 4, 5))
    font = label_font(8)
    painter.setFont(font)
    text = f"{length_text(metres)}    1:{round_scale(view.scale_denominator()):,}"
    painter.setPen(QColor("#ffffff"))
    for ox, oy in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        painter.drawText(QPointF(x0 + ox, y0 - 4 + oy), text)
    painter.setPen(QColor("#222222"))
    painter.drawText(QPointF(x0, y0 - 4), text)
    painter.restore()


def round_scale(n: float) -> int:
    """Scale denominators as people say them: 3 significant figures."""
    if n < 100:
        return max(1, round(n))
    k = 10 ** (math.floor(math.log10(n)) - 2)
    return int(round(n / k) * k)


def draw_north_arrow(painter: QPainter, view: MapView, margin: float = MARGIN) -> None:
    """Web Mercator keeps north up, so the arrow points straight up."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    cx, top = view.width - margin - 14, margin + 16
    painter.setPen(QPen(QColor("#222222"), 1))
    painter.setBrush(QColor("#222222"))
    painter.drawPolygon(QPolygonF([QPointF(cx, top), QPointF(cx + 9, top + 26), QPointF(cx, top + 20)]))
    painter.setBrush(QColor("#ffffff"))
    painter.drawPolygon(QPolygonF([QPointF(cx, top), QPointF(cx - 9, top + 26), QPointF(cx, top + 20)]))
    font = label_font(10, bold=True)
    painter.setFont(font)
    painter.setPen(QColor("#222222"))
    painter.drawText(QRectF(cx - 12, top - 18, 24, 16), Qt.AlignmentFlag.AlignCenter,
                     QCoreApplication.translate("ScaleBar", "北", "north arrow: one short letter"))
    painter.restore()
