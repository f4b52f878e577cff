"""QR codes on printed sheets as vector paths (segno makes the matrix; each dark run of a row is one rectangle of
one filled path), so they stay sharp at any print resolution and the PDF stays small. Route sheets print one per
sheet (GS:A123) and one per stop (GS:A123:S4): gis.patrols.sheets.sheet_code / stop_code."""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath

QUIET = 2      # modules of white around the code (the cell or the page's white adds to it)


@lru_cache(maxsize=4096)
def modules(text: str) -> tuple[tuple[bool, ...], ...]:
    """The dark modules of a regular QR code (not a Micro QR: phone and USB scanners all read these), error
    correction M, uppercase alphanumeric mode for our codes."""
    import segno

    code = segno.make_qr(text, error="m", boost_error=False)
    return tuple(tuple(bool(v) for v in row) for row in code.matrix)


def qr_path(text: str, rect: QRectF) -> QPainterPath:
    """The code of `text` filling the square `rect` (quiet zone included) as one path of rectangles."""
    m = modules(text)
    n = len(m) + 2 * QUIET
    side = min(rect.width(), rect.height())
    unit = side / n
    x0 = rect.x() + (rect.width() - side) / 2 + QUIET * unit
    y0 = rect.y() + (rect.height() - side) / 2 + QUIET * unit
    path = QPainterPath()
    for r, row in enumerate(m):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                path.addRect(QRectF(x0 + start * unit, y0 + r * unit, (c - start) * unit, unit))
            else:
                c += 1
    return path


def draw_qr(painter: QPainter, rect: QRectF, text: str) -> None:
    """White square with the code of `text` in it."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    side = min(rect.width(), rect.height())
    square = QRectF(rect.x() + (rect.width() - side) / 2, rect.y() + (rect.height() - side) / 2, side, side)
    painter.fillRect(square, Qt.GlobalColor.white)
    painter.fillPath(qr_path(text, square), QColor("#000000"))
    painter.restore()
