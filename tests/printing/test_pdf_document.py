"""pdf_document, the one way a PDF is written: paper by name or in millimetres, several pages with the
text fixed on each, and no partial file when the painting fails or is cancelled."""
from __future__ import annotations

import subprocess

import pytest
from PySide6.QtCore import QRectF

from desktop.printing.pdf_document import pdf_document
from desktop.render.labels import label_font
from gis.feedback import Cancelled, Feedback

TEXT = "森林防火 火情 龙 网格员"


def _page_sizes_mm(pdf) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    sizes = []
    for line in info.splitlines():
        if line.startswith("Page") and "size:" in line:
            w, h = (float(v) for v in line.split("size:")[1].split()[0:3:2])
            sizes.append((round(w * 25.4 / 72), round(h * 25.4 / 72)))
    return sizes


def _pages(pdf) -> list[str]:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [p for p in out.split("\f") if p.strip()]


@pytest.mark.parametrize("size,landscape,expected", [
    ("A1", True, (841, 594)), ("A0", False, (841, 1189)), ("A3", True, (420, 297)), ((100.0, 150.0), False, (100, 150)),
])
def test_paper_by_name_or_millimetres(qapp, tmp_path, size, landscape, expected):
    pdf = tmp_path / "p.pdf"
    with pdf_document(pdf, title="纸张", size=size, landscape=landscape, dpi=72, margins_mm=(0, 0, 0, 0)) as (_w, p):
        p.drawRect(QRectF(10, 10, 50, 50))
    assert _page_sizes_mm(pdf) == [expected]


def test_unknown_paper_is_refused_and_leaves_no_file(qapp, tmp_path):
    pdf = tmp_path / "p.pdf"
    with pytest.raises(ValueError, match="纸张应为"), pdf_document(pdf, title="x", size="B5"):
        pass
    assert not pdf.exists()


def test_several_pages_each_with_chinese_that_copies_as_written(qapp, tmp_path):
    pdf = tmp_path / "多页.pdf"
    with pdf_document(pdf, title="多页", dpi=96, size="A4") as doc:
        for n in range(3):
            doc.page()
            doc.painter.setFont(label_font(12))
            doc.painter.drawText(QRectF(0, 0, 600, 40), 0, f"{TEXT} 第{n + 1}页")
    pages = _pages(pdf)
    assert len(pages) == 3 and doc.pages == 3
    assert all(f"{TEXT} 第{n + 1}页" in page for n, page in enumerate(pages))


@pytest.mark.parametrize("old", [None, b"%PDF-1.4 the file printed before"])
@pytest.mark.parametrize("error", [Cancelled, RuntimeError])
def test_a_block_that_raises_leaves_no_file(qapp, tmp_path, error, old):
    """The PDF is written under a hidden temporary name: while it is drawn nothing is under its own name,
    and a block that raises leaves nothing (or the file printed before, untouched)."""
    pdf = tmp_path / "半截.pdf"
    if old is not None:
        pdf.write_bytes(old)
    feedback = Feedback()
    with pytest.raises(error), pdf_document(pdf, title="半截") as doc:
        doc.page()
        doc.painter.drawText(QRectF(0, 0, 600, 40), 0, TEXT)
        doc.page()
        (tmp,) = [p for p in tmp_path.iterdir() if p != pdf]
        assert tmp.name.startswith(".半截.") and tmp.name.endswith(".part.pdf")
        assert (pdf.read_bytes() if old else not pdf.exists()) == (old or True)
        if error is Cancelled:
            feedback.cancel()
            feedback.check()
        raise error("boom")
    assert list(tmp_path.iterdir()) == ([pdf] if old else [])
    assert old is None or pdf.read_bytes() == old
