"""Open a vector PDF for painting: page size and margins, a painter, and on success the text fix.

    with pdf_document(path, title="值班表", landscape=True, margins_mm=(12, 12, 12, 12)) as (writer, painter):
        ...

Every layout that writes a PDF this way gets the same setup (a GUI application for the fonts on a
headless run, the folder made, gridsafe as creator) and leaves a file whose Chinese copies and searches
as written (pdf_text.fix_pdf_text). A failure inside the block propagates and skips the fix.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from desktop.printing.page import ensure_gui
from desktop.printing.pdf_text import fix_pdf_text


@contextmanager
def pdf_document(
    path: str | Path, *, title: str, dpi: int = 300, size: QPageSize.PageSizeId = QPageSize.PageSizeId.A4,
    landscape: bool = False, margins_mm: tuple[float, float, float, float] = (12, 12, 12, 12),
) -> Iterator[tuple[QPdfWriter, QPainter]]:
    """margins_mm: left, top, right, bottom."""
    ensure_gui()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setResolution(dpi)
    writer.setTitle(title)
    writer.setCreator("gridsafe")
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    writer.setPageLayout(QPageLayout(QPageSize(size), orientation, QMarginsF(*margins_mm),
                                     QPageLayout.Unit.Millimeter))
    painter = QPainter(writer)
    try:
        yield writer, painter
    finally:
        painter.end()
    fix_pdf_text(path)
