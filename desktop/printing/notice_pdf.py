"""隐患整改通知书 as a vector PDF: A4 portrait in the layout of an official notice (GB/T 9704 margins).

Title, number 〔2026〕第N号, addressee, facts, requirements, deadline, issuing unit, date, a seal box
and the receipt line, painted with QPainter on QPdfWriter from the same content as the .docx
(gis.hazards.notice.Notice). Text is real text (selectable, searchable), wrapped per character as
Chinese is; a long notice continues on a second page.
"""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPdfWriter,
    QPen,
)

from desktop.printing.pdf_document import pdf_document
from desktop.printing.pdf_fonts import print_families
from gis.hazards.notice import TITLE, Notice, cn_date

DPI = 600
INDENT = "\u3000\u3000"   # two full-width spaces: the first-line indent of official documents
NO_LINE_START = set("，。、；：？！）》」』”’〕】…")   # 避头点: these hang at the end of the line instead
BODY_PT, LINE_PT = 14, 22
_UNITS = re.compile(r"[A-Za-z0-9_.\-]+|.", re.S)


def _font(size_pt: float, *, serif: bool = True, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(print_families(serif=serif))
    font.setPointSizeF(size_pt)
    font.setBold(bold)
    return font


class _Page:
    """Paints blocks of text top-down, starting a new page when one does not fit."""

    def __init__(self, writer: QPdfWriter, painter: QPainter) -> None:
        self.writer, self.painter = writer, painter
        rect = writer.pageLayout().paintRectPixels(DPI)
        self.width, self.height = rect.width(), rect.height()
        self.mm = DPI / 25.4
        self.y = 0.0
        self.pages = 1

    def pt(self, v: float) -> float:      # points → device pixels
        return v * DPI / 72

    def block(self, text: str, font: QFont, *, align=Qt.AlignmentFlag.AlignLeft, line: float = LINE_PT,
              space_after: float = 0, x: float = 0, width: float | None = None) -> QRectF:
        width = width if width is not None else self.width - x
        self.painter.setFont(font)
        lines = self._lines(text, font, width)
        height = len(lines) * self.pt(line)
        if self.y + height > self.height and self.y > 0:
            self.writer.newPage()
            self.pages += 1
            self.y = 0.0
        rect = QRectF(x, self.y, width, height)
        for i, t in enumerate(lines):
            r = QRectF(rect.x(), rect.y() + i * self.pt(line), rect.width(), self.pt(line))
            self.painter.drawText(r, align | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextDontClip, t)
        self.y += height + self.pt(space_after)
        return rect

    def _lines(self, text: str, font: QFont, width: float) -> list[str]:
        """Break `text` per character into lines that fit (closing punctuation may hang past the edge)."""
        metrics = QFontMetricsF(font, self.writer)
        lines, current = [], ""
        for unit in _UNITS.findall(text):   # a Latin word or number (e.g. a hazard code) is not split
            if metrics.horizontalAdvance(current + unit) > width and current and unit not in NO_LINE_START:
                lines.append(current)
                current = unit
            else:
                current += unit
        lines.append(current)
        return lines


def write_notice_pdf(notice: Notice, path: str | Path) -> Path:
    """Paint `notice` into a PDF at `path` (headless runs get a GUI application for the fonts)."""
    path = Path(path)
    with pdf_document(path, title=f"{TITLE} {notice.number}", dpi=DPI, margins_mm=(28, 37, 26, 35)) as (
            writer, painter):
        page = _Page(writer, painter)
        body = _font(BODY_PT)
        center = Qt.AlignmentFlag.AlignHCenter
        page.block(TITLE, _font(22, bold=True), align=center, line=40, space_after=4)
        page.block(notice.number, _font(BODY_PT, serif=False), align=center, space_after=10)
        pen = QPen(QColor("#c00000"))
        pen.setWidthF(page.mm * 0.6)
        painter.setPen(pen)
        painter.drawLine(0, int(page.y - page.pt(6)), int(page.width), int(page.y - page.pt(6)))   # 红线
        painter.setPen(QColor("black"))
        page.block(f"{notice.addressee}：", body)
        for text in notice.facts:
            page.block(INDENT + text, body)
        for text in notice.requirements:
            page.block(INDENT + text, body)
        page.block(INDENT + f"整改期限：{cn_date(notice.deadline)}前", _font(BODY_PT, bold=True), space_after=14)
        # issuing unit and date on the right, the seal box over them (公章 straddles unit and date)
        signature_width = page.width * 0.6
        x = page.width - signature_width - page.mm * 4
        if page.y + page.mm * 38 > page.height:
            writer.newPage()
            page.pages += 1
            page.y = 0.0
        top = page.y
        page.block(notice.issuing_unit, body, align=center, x=x, width=signature_width)
        page.block(cn_date(notice.issued_on), body, align=center, x=x, width=signature_width)
        seal = QRectF(0, 0, page.mm * 38, page.mm * 38)
        seal.moveCenter(QRectF(x, top, signature_width, page.y - top).center())
        dash = QPen(QColor("#c00000"))
        dash.setWidthF(page.mm * 0.4)
        dash.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(dash)
        painter.drawRect(seal)
        painter.setFont(_font(10, serif=False))
        painter.setPen(QColor("#c00000"))
        painter.drawText(seal.adjusted(0, 0, 0, -page.mm * 3), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                         "（盖章）")
        painter.setPen(QColor("black"))
        page.y = max(page.y, seal.bottom()) + page.pt(8)
        page.block(notice.receipt, _font(13, serif=False), line=24, space_after=6)
        page.block("本通知书一式两份，一份交被检查单位，一份存档。", _font(11, serif=False), line=20)
        painter.setFont(_font(9, serif=False))
        painter.setPen(QColor("#666666"))
        painter.drawText(QRectF(0, page.height + page.mm * 8, page.width, page.mm * 6), Qt.AlignmentFlag.AlignRight,
                         f"隐患编号 {notice.hazard_code}")
    return path
