"""The printable duty roster (值班表) as a vector PDF: A4 landscape, one row per day, one column per
post, critical days shaded red and key days yellow, page numbers; Chinese as real text.

Nothing is clipped (issue 19): each column is as wide as its content asks, measured with the PDF's font (a name
is never broken; headers wrap onto up to three lines); when the posts are too many for the page the columns
share what is left by how much more they want, cells wrap between names (after "、"), rows grow to their
lines and pages break by height; only when even that does not fit is the font made smaller."""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from desktop.printing.page import font
from desktop.printing.pdf_document import pdf_document
from gis.fire.roster_table import DailyTable

SHADES = {"critical": QColor("#f4b6b6"), "key": QColor("#fff2b3")}
DPI = 300
MM = DPI / 25.4
FONT_PT, MIN_FONT_PT = 9.0, 6.0
HEADER_LINES = 3           # a header wraps onto at most this many lines
HEADER_WHOLE = 4           # and one this short not at all (星期, 荆山街道)
PAD_X, PAD_Y = 1.2 * MM, 0.5 * MM
MIN_ROW_H = 6.6 * MM
TITLE_H, FOOTER_H = 12 * MM, 8 * MM
SEP = "、"


def _names(text: str) -> list[str]:
    """A cell's unbreakable pieces: the names with their "、" ("任胜利、", "宋红梅")."""
    parts = str(text).split(SEP)
    return [p + SEP for p in parts[:-1]] + [parts[-1]] if text else [""]


def _pack(pieces: list[str], width: float, fm: QFontMetricsF) -> list[str]:
    """Pieces joined into lines no wider than `width` (a piece wider than that gets a line of its own)."""
    lines: list[str] = []
    for piece in pieces:
        if lines and fm.horizontalAdvance(lines[-1] + piece) <= width:
            lines[-1] += piece
        else:
            lines.append(piece)
    return lines or [""]


def _header_min(text: str, fm: QFontMetricsF) -> float:
    """The narrowest width at which a header takes at most HEADER_LINES lines (broken between characters; one of
    HEADER_WHOLE characters or fewer, one line)."""
    n = max(math.ceil(len(text) / HEADER_LINES), min(len(text), HEADER_WHOLE), 1)
    width = max((fm.horizontalAdvance(text[i:i + n]) for i in range(0, len(text), n)), default=0.0)
    while len(_pack(list(text), width, fm)) > HEADER_LINES:      # wider characters earlier: one more
        width += fm.horizontalAdvance("国")
    return width


@dataclass
class Layout:
    size_pt: float
    widths: list[float]
    header: list[list[str]]          # each column's header lines
    rows: list[list[list[str]]]      # each row's cells' lines
    text_h: dict[int, float]         # the height of n lines of Chinese as the PDF draws them (the CJK fallback
                                     # font's lines are taller than the Latin font's metrics say)

    def height(self, lines: list[list[str]]) -> float:
        return max(MIN_ROW_H, self.text_h[max(len(c) for c in lines)] + 2 * PAD_Y)


def layout(table: DailyTable, width: float, device) -> Layout:
    """Column widths and wrapped lines for `table` on a page `width` wide (device units of `device`)."""
    size = FONT_PT
    while True:
        fm, bold = QFontMetricsF(font(size), device), QFontMetricsF(font(size, bold=True), device)
        columns = list(zip(*table.rows, strict=True)) if table.rows else [()] * len(table.columns)
        want = [max([bold.horizontalAdvance(h)] + [fm.horizontalAdvance(str(v)) for v in col]) + 2 * PAD_X
                for h, col in zip(table.columns, columns, strict=True)]
        need = [max([_header_min(h, bold)] + [fm.horizontalAdvance(p) for v in col for p in _names(v)]) + 2 * PAD_X
                for h, col in zip(table.columns, columns, strict=True)]
        if sum(need) <= width or size <= MIN_FONT_PT:
            break
        size -= 0.5
    if sum(want) <= width:            # everything on one line: the room left shared out
        widths = [w * width / sum(want) for w in want]
    elif sum(need) <= width:          # what is left goes to the columns that want more, by how much more
        extra = sum(want) - sum(need)
        widths = [n + (w - n) * (width - sum(need)) / extra for n, w in zip(need, want, strict=True)]
    else:                             # the smallest font and still too many posts: squeezed to the page
        widths = [n * width / sum(need) for n in need]
    inner = [w - 2 * PAD_X for w in widths]
    header = [_pack(list(h), w, bold) for h, w in zip(table.columns, inner, strict=True)]
    rows = [[_pack(_names(v), w, fm) for v, w in zip(r, inner, strict=True)] for r in table.rows]
    most = max(len(c) for r in [header, *rows] for c in r)
    box = QRectF(0, 0, 1e6, 1e6)
    text_h = {n: max(m.boundingRect(box, int(Qt.AlignmentFlag.AlignCenter), "\n".join(["国2"] * n)).height()
                     for m in (fm, bold)) for n in range(1, most + 1)}
    return Layout(size, widths, header, rows, text_h)


def write_roster_pdf(table: DailyTable, path: str | Path) -> Path:
    """Paint `table` into a PDF at `path` (headless runs get a GUI application for the fonts)."""
    path = Path(path)
    with pdf_document(path, title=table.title, dpi=DPI, landscape=True) as (writer, painter):
        page = writer.pageLayout().paintRectPixels(DPI)
        width, room = page.width(), page.height() - TITLE_H - FOOTER_H
        lay = layout(table, width, writer)
        head_h = lay.height(lay.header)
        pages: list[list[int]] = [[]]
        used = head_h
        for i, cells in enumerate(lay.rows):          # pages by height: rows that wrap take more room
            h = lay.height(cells)
            if pages[-1] and used + h > room:
                pages.append([])
                used = head_h
            pages[-1].append(i)
            used += h
        for n, chunk in enumerate(pages):
            if n:
                writer.newPage()
            painter.setFont(font(14, bold=True))
            painter.setPen(QColor("black"))
            painter.drawText(QRectF(0, 0, width, TITLE_H - 2 * MM), Qt.AlignmentFlag.AlignCenter, table.title)
            y = TITLE_H
            y += _row(painter, lay, lay.header, y, None, bold=True)
            for i in chunk:
                y += _row(painter, lay, lay.rows[i], y, SHADES.get(table.kinds[i]))
            painter.setFont(font(8))
            painter.setPen(QColor("black"))
            foot = QRectF(0, y + 2 * MM, width, 6 * MM)
            painter.drawText(foot, Qt.AlignmentFlag.AlignLeft, "红色底纹：紧要期；黄色底纹：重点时段；★：手工调整")
            painter.drawText(foot, Qt.AlignmentFlag.AlignRight, f"第 {n + 1} 页，共 {len(pages)} 页")
    return path


def _row(painter: QPainter, lay: Layout, cells: list[list[str]], y: float, shade, *, bold: bool = False) -> float:
    """One row of wrapped cells at `y`; returns its height."""
    h = lay.height(cells)
    x = 0.0
    painter.setFont(font(lay.size_pt, bold=bold))
    pen = QPen(QColor("#555555"))
    pen.setWidthF(1.2)
    for lines, w in zip(cells, lay.widths, strict=True):
        rect = QRectF(x, y, w, h)
        if shade is not None:
            painter.fillRect(rect, shade)
        painter.setPen(pen)
        painter.drawRect(rect)
        painter.setPen(QColor("black"))
        painter.drawText(rect.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y), Qt.AlignmentFlag.AlignCenter, "\n".join(lines))
        x += w
    return h
