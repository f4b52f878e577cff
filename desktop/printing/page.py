"""Printed pages: paper sizes, millimetres and fonts (desktop.printing.pdf_document opens the PDF).

Pages are painted at 96 units per inch (the map renderer's pixel), so the map's pens and symbols keep
the size they have on screen; text and lines are vector in the PDF whatever the unit.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPen

from desktop.printing.pdf_fonts import print_families
from desktop.render.labels import label_font

DPI = 96
MM = DPI / 25.4            # painter units per millimetre
_keep: list = []           # the application made for a headless run lives as long as the process


def ensure_gui() -> None:
    """Fonts and painters need a GUI application; a CLI run gets one (a widgets one: report charts are drawn by
    pyqtgraph's graphics scene)."""
    if QGuiApplication.instance() is None:
        from PySide6.QtWidgets import QApplication

        _keep.append(QApplication([]))


@dataclass(frozen=True)
class Paper:
    name: str = "A4"
    margin_mm: float = 12.0

    @property
    def size_mm(self) -> tuple[float, float]:
        return {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}[self.name]

    @property
    def scale(self) -> float:
        """Text and rows grow a little on the larger paper."""
        return 1.0 if self.name == "A4" else 1.2

    def content(self) -> QRectF:
        """The printable rectangle in painter units, (0, 0) at its top left."""
        w, h = self.size_mm
        return QRectF(0, 0, (w - 2 * self.margin_mm) * MM, (h - 2 * self.margin_mm) * MM)


def font(size_pt: float, bold: bool = False) -> QFont:
    """The sans font of printed sheets: a Latin font first, so letters and digits in a Latin run ("YH2026-001",
    "DN200") keep their Unicode mapping in the PDF (desktop.printing.pdf_fonts), then the CJK families."""
    f = label_font(size_pt, bold)
    f.setFamilies(print_families(serif=False))
    return f


def draw_footer(painter: QPainter, width: float, page_h: float, footer_h: float, left: str, centre: str,
                right: str) -> None:
    """A sheet's footer at the page's foot: a hairline, then `left`, `centre` (e.g. 第 1 页 共 3 页; "" for none)
    and `right` (e.g. 打印日期) on one line."""
    y = page_h - footer_h + 2 * MM
    pen = QPen(QColor("#777777"))
    pen.setWidthF(0.15 * MM)
    painter.setPen(pen)
    painter.drawLine(QPointF(0, y), QPointF(width, y))
    painter.setFont(font(7.5))
    painter.setPen(QColor("#333333"))
    r = QRectF(0, y + 0.5 * MM, width, footer_h - 2.5 * MM)
    painter.drawText(r, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), left)
    if centre:
        painter.drawText(r, int(Qt.AlignmentFlag.AlignCenter), centre)
    painter.drawText(r, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), right)
