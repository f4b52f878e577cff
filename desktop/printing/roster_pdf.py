"""The printable duty roster (值班表) as a vector PDF: A4 landscape, one row per day, one column per
post, critical days shaded red and key days yellow, page numbers; Chinese as real text."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPen,
)

from desktop.printing.pdf_document import pdf_document
from desktop.render.labels import label_font
from gis.fire.roster_table import DailyTable

SHADES = {"critical": QColor("#f4b6b6"), "key": QColor("#fff2b3")}
ROWS_PER_PAGE = 24
DPI = 300


def write_roster_pdf(table: DailyTable, path: str | Path) -> Path:
    """Paint `table` into a PDF at `path` (headless runs get a GUI application for the fonts)."""
    path = Path(path)
    mm = DPI / 25.4
    with pdf_document(path, title=table.title, dpi=DPI, landscape=True) as (writer, painter):
        page = writer.pageLayout().paintRectPixels(DPI)
        width = page.width()
        fixed = [24 * mm, 10 * mm, 28 * mm]
        rest = max(len(table.columns) - 3, 1)
        col_w = fixed + [(width - sum(fixed)) / rest] * (len(table.columns) - 3)
        row_h = 6.6 * mm
        chunks = [range(i, min(i + ROWS_PER_PAGE, len(table.rows))) for i in range(0, len(table.rows), ROWS_PER_PAGE)]
        for n, chunk in enumerate(chunks or [range(0)]):
            if n:
                writer.newPage()
            painter.setFont(label_font(14, bold=True))
            painter.drawText(QRectF(0, 0, width, 10 * mm), Qt.AlignmentFlag.AlignCenter, table.title)
            y = 12 * mm
            _row(painter, table.columns, col_w, y, row_h, None, bold=True)
            for i in chunk:
                y += row_h
                _row(painter, table.rows[i], col_w, y, row_h, SHADES.get(table.kinds[i]))
            painter.setFont(label_font(8))
            painter.drawText(QRectF(0, y + row_h + 2 * mm, width, 6 * mm), Qt.AlignmentFlag.AlignLeft,
                             "红色底纹：紧要期；黄色底纹：重点时段；★：手工调整")
            painter.drawText(QRectF(0, y + row_h + 2 * mm, width, 6 * mm), Qt.AlignmentFlag.AlignRight,
                             f"第 {n + 1} 页，共 {len(chunks) or 1} 页")
    return path


def _row(painter: QPainter, values, widths, y, h, shade, *, bold: bool = False) -> None:
    x = 0.0
    painter.setFont(label_font(9, bold=bold))
    pen = QPen(QColor("#555555"))
    pen.setWidthF(1.2)
    for value, w in zip(values, widths, strict=True):
        rect = QRectF(x, y, w, h)
        if shade is not None:
            painter.fillRect(rect, shade)
        painter.setPen(pen)
        painter.drawRect(rect)
        painter.setPen(QColor("black"))
        painter.drawText(rect.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, str(value))
        x += w
