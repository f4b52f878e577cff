"""Text on a printed page measured in millimetres, with every piece recorded (size and box) so layouts
can be checked: nothing under the minimum size, no two labels overlapping.

The painter works in device pixels of a QPdfWriter at `dpi`; fonts are sized in points, so their
printed size does not depend on the resolution.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from desktop.render.labels import label_font

PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class PlacedText:
    text: str
    size_mm: float          # the font's size (em height) on paper
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in mm on the page
    role: str               # title | table | label | legend | note …


class Page:
    def __init__(self, painter: QPainter, dpi: float, device) -> None:
        self.p = painter
        self.k = dpi / 25.4        # device pixels per mm
        self.device = device
        self.texts: list[PlacedText] = []

    def px(self, mm: float) -> float:
        return mm * self.k

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(x * self.k, y * self.k, w * self.k, h * self.k)

    def font(self, size_mm: float, bold: bool = False) -> QFont:
        return label_font(size_mm * PT_PER_MM, bold=bold)

    def metrics(self, size_mm: float, bold: bool = False) -> QFontMetricsF:
        return QFontMetricsF(self.font(size_mm, bold), self.device)

    def width_mm(self, text: str, size_mm: float, bold: bool = False) -> float:
        return self.metrics(size_mm, bold).horizontalAdvance(text) / self.k

    def line_mm(self, size_mm: float, bold: bool = False) -> float:
        return self.metrics(size_mm, bold).height() / self.k

    def wrapped_height_mm(self, text: str, size_mm: float, width_mm: float, bold: bool = False) -> float:
        r = self.metrics(size_mm, bold).boundingRect(QRectF(0, 0, width_mm * self.k, 1e6),
                                                     Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft, text)
        return r.height() / self.k

    def text(self, x: float, y: float, w: float, h: float, text: str, size_mm: float, *, role: str,
             bold: bool = False, color: str = "#1a1a1a", align=Qt.AlignmentFlag.AlignCenter, wrap: bool = False,
             halo: bool = False) -> None:
        """Draw real (searchable) text in the box (mm); a halo is an outline under it, not text."""
        font = self.font(size_mm, bold)
        rect = self.rect(x, y, w, h)
        flags = align | (Qt.TextFlag.TextWordWrap if wrap else 0)
        if halo:
            fm = QFontMetricsF(font, self.device)
            br = fm.boundingRect(rect, flags, text)
            path = QPainterPath()
            path.addText(QPointF(br.left(), br.top() + fm.ascent()), font, text)
            pen = QPen(QColor(255, 255, 255, 240), size_mm * 0.35 * self.k)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            self.p.strokePath(path, pen)
        self.p.setFont(font)
        self.p.setPen(QColor(color))
        self.p.drawText(rect, flags, text)
        self.texts.append(PlacedText(text, size_mm, (x, y, x + w, y + h), role))


def overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
