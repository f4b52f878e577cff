"""Official letters as vector PDFs: A4 portrait in the layout of an official notice (GB/T 9704 margins).

One painter for every notice (gis.documents.OfficialDocument, the content its .docx shows too): title,
number and red line, addressee, paragraphs, issuing unit, date, a seal box, notes, and a receipt (回执)
after a cut line — 隐患整改通知书 (gis.hazards.notice) and 燃气管道保护安全告知书 (gis.gas.notice).
Text is real text (selectable, searchable), wrapped per character as Chinese is; a long letter continues
on further pages.
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
from gis.documents import CUT_LINE, OfficialDocument, Para, cn_date
from gis.hazards.notice import Notice, document

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


class TextPage:
    """Paints blocks of text top-down, starting a new page when one does not fit (notices; the periodic
    reports of desktop/printing/report_pdf.py, which draw their tables and charts between blocks)."""

    def __init__(self, writer: QPdfWriter, painter: QPainter, dpi: int = DPI) -> None:
        self.writer, self.painter, self.dpi = writer, painter, dpi
        rect = writer.pageLayout().paintRectPixels(dpi)
        self.width, self.height = rect.width(), rect.height()
        self.mm = dpi / 25.4
        self.y = 0.0
        self.pages = 1

    def pt(self, v: float) -> float:      # points → device pixels
        return v * self.dpi / 72

    def new_page(self) -> None:
        self.writer.newPage()
        self.pages += 1
        self.y = 0.0

    def block(self, text: str, font: QFont, *, align=Qt.AlignmentFlag.AlignLeft, line: float = LINE_PT,
              space_after: float = 0, x: float = 0, width: float | None = None) -> QRectF:
        width = width if width is not None else self.width - x
        self.painter.setFont(font)
        lines = self._lines(text, font, width)
        height = len(lines) * self.pt(line)
        if self.y + height > self.height and self.y > 0:
            self.new_page()
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


ROLE_FONTS = {   # role → (size pt, serif, bold, line pt)
    "body": (BODY_PT, True, False, LINE_PT), "emphasis": (BODY_PT, True, True, LINE_PT),
    "note": (13, False, False, 24), "small": (11, False, False, 20),
}


def _paragraph(page: TextPage, para: Para, space_after: float = 0) -> None:
    size, serif, bold, line = ROLE_FONTS[para.role]
    text = INDENT + para.text if para.role in ("body", "emphasis") else para.text
    page.block(text, _font(size, serif=serif, bold=bold), line=line, space_after=space_after)


def _signature(page: TextPage, doc: OfficialDocument) -> None:
    """Issuing unit and date on the right, the seal box over them (公章 straddles unit and date)."""
    painter, body = page.painter, _font(BODY_PT)
    center = Qt.AlignmentFlag.AlignHCenter
    signature_width = page.width * 0.6
    x = page.width - signature_width - page.mm * 4
    if page.y + page.mm * 38 > page.height:
        page.new_page()
    top = page.y
    page.block(doc.issuing_unit, body, align=center, x=x, width=signature_width)
    page.block(cn_date(doc.issued_on), body, align=center, x=x, width=signature_width)
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


def _receipt(page: TextPage, doc: OfficialDocument) -> None:
    """The receipt after a cut line: on this page when it fits whole, else on a page of its own."""
    r = doc.receipt
    body = _font(BODY_PT)
    needed = page.pt(20 + 40 + LINE_PT) + page.pt(LINE_PT) * (
        sum(len(page._lines(INDENT + x.text, body, page.width)) for x in r.paragraphs) + 2 * len(r.fields))
    if page.y + page.pt(12) + needed > page.height:
        page.new_page()
    else:
        page.y += page.pt(12)
    page.block(CUT_LINE, _font(9, serif=False), align=Qt.AlignmentFlag.AlignHCenter, line=20)
    page.block(r.title, _font(20, bold=True), align=Qt.AlignmentFlag.AlignHCenter, line=40, space_after=4)
    page.block(f"{doc.issuing_unit}：", body)
    for x in r.paragraphs:
        _paragraph(page, x)
    page.y += page.pt(10)
    for text in r.fields:
        page.block(text, body, line=LINE_PT * 2)


def write_document_pdf(doc: OfficialDocument, path: str | Path) -> Path:
    """Paint an official letter (gis.documents.OfficialDocument) into a PDF at `path`: A4 portrait, GB/T 9704
    margins, title, number and red line, addressee, paragraphs, issuing unit and date over a seal box,
    notes, the footer code, and the receipt (回执) after a cut line. Headless runs get a GUI application for
    the fonts."""
    path = Path(path)
    with pdf_document(path, title=doc.doc_title, dpi=DPI, margins_mm=(28, 37, 26, 35)) as (writer, painter):
        page = TextPage(writer, painter)
        body = _font(BODY_PT)
        center = Qt.AlignmentFlag.AlignHCenter
        page.block(doc.title, _font(22, bold=True), align=center, line=40, space_after=4)
        if doc.number:
            page.block(doc.number, _font(BODY_PT, serif=False), align=center, space_after=10)
            pen = QPen(QColor("#c00000"))
            pen.setWidthF(page.mm * 0.6)
            painter.setPen(pen)
            painter.drawLine(0, int(page.y - page.pt(6)), int(page.width), int(page.y - page.pt(6)))   # 红线
            painter.setPen(QColor("black"))
        page.block(f"{doc.addressee}：", body)
        last = len(doc.paragraphs) - 1
        for i, para in enumerate(doc.paragraphs):
            _paragraph(page, para, space_after=14 if i == last else 0)
        _signature(page, doc)
        for i, para in enumerate(doc.notes):
            _paragraph(page, para, space_after=6 if i == 0 else 0)
        if doc.footer:
            painter.setFont(_font(9, serif=False))
            painter.setPen(QColor("#666666"))
            painter.drawText(QRectF(0, page.height + page.mm * 8, page.width, page.mm * 6),
                             Qt.AlignmentFlag.AlignRight, doc.footer)
            painter.setPen(QColor("black"))
        if doc.receipt is not None:
            _receipt(page, doc)
    return path


def write_notice_pdf(notice: Notice, path: str | Path) -> Path:
    """The 隐患整改通知书 as a PDF (the same letter as its .docx)."""
    return write_document_pdf(document(notice), path)
