"""The one way a PDF is written: page size and margins, a painter, and on success the text fix.

    with pdf_document(path, title="值班表", landscape=True, margins_mm=(12, 12, 12, 12)) as (writer, painter):
        ...

    with pdf_document(path, title=..., size="A3", dpi=96) as doc:     # several pages
        for sheet in sheets:
            doc.page()
            paint(doc.painter, sheet)

Every layout gets the same setup (a GUI application for the fonts on a headless run, the folder made,
gridsafe as creator) and leaves a file whose Chinese copies and searches as written
(pdf_text.fix_pdf_text). The PDF is written under a temporary name and gets its own only when complete
and fixed (gis.atomic.atomic_path): when the block raises (an error, or gis.feedback.Cancelled from a
feedback check) or the process is killed, nothing is left under the file's name (a file of that name
written before stays as it was) and the error propagates.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QFile, QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from desktop.printing.page import ensure_gui
from desktop.printing.pdf_text import fix_pdf_text
from gis.atomic import atomic_path

PAGE_SIZES = {name: getattr(QPageSize.PageSizeId, name) for name in ("A0", "A1", "A2", "A3", "A4")}

PageSize = QPageSize.PageSizeId | str | tuple[float, float]   # an id, a name ("A1") or (width, height) in mm


def page_size(size: PageSize) -> QPageSize:
    if isinstance(size, QPageSize.PageSizeId):
        return QPageSize(size)
    if isinstance(size, str):
        if size not in PAGE_SIZES:
            raise ValueError(f"纸张应为 {'、'.join(PAGE_SIZES)}，而不是“{size}”")
        return QPageSize(PAGE_SIZES[size])
    w, h = size
    return QPageSize(QSizeF(w, h), QPageSize.Unit.Millimeter, "", QPageSize.SizeMatchPolicy.ExactMatch)


class PdfDocument:
    """The open document. Unpacks as (writer, painter); `page()` begins each page of a multi-page run."""

    def __init__(self, writer: QPdfWriter, painter: QPainter) -> None:
        self.writer = writer
        self.painter = painter
        self.pages = 0

    def __iter__(self):
        return iter((self.writer, self.painter))

    def page(self) -> None:
        """Begin the next page: the first one is open from the start, later ones are added."""
        if self.pages:
            self.writer.newPage()
        self.pages += 1


@contextmanager
def pdf_document(
    path: str | Path, *, title: str, dpi: int = 300, size: PageSize = QPageSize.PageSizeId.A4,
    landscape: bool = False, margins_mm: tuple[float, float, float, float] = (12, 12, 12, 12),
) -> Iterator[PdfDocument]:
    """margins_mm: left, top, right, bottom. `dpi` is the painter's unit (device pixels an inch)."""
    ensure_gui()
    with atomic_path(path) as tmp:
        # The file is ours, not the writer's, so it is closed (and removable on Windows) whatever Qt keeps alive.
        file = QFile(str(tmp))
        if not file.open(QIODevice.OpenModeFlag.WriteOnly):
            raise OSError(f"无法写入文件 {path}：{file.errorString()}")
        try:
            writer = QPdfWriter(file)
            file.setParent(writer)        # lives as long as the writer that points at it (a layout may keep it)
            writer.setResolution(dpi)
            writer.setTitle(title)
            writer.setCreator("gridsafe")
            orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
            writer.setPageLayout(QPageLayout(page_size(size), orientation, QMarginsF(*margins_mm),
                                             QPageLayout.Unit.Millimeter))
            painter = QPainter(writer)
            try:
                yield PdfDocument(writer, painter)
            finally:
                painter.end()
                file.close()
        except BaseException:
            file.close()          # before atomic_path removes the temporary file (Windows)
            raise
        fix_pdf_text(tmp)         # fixed before it gets its name
