"""Chinese text in our PDFs copies and searches as the characters written (not as Kangxi radicals)."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtGui import QFont, QPageSize, QPainter, QPdfWriter

from desktop.printing.pdf_text import fix_cmap, fix_pdf_text

TEXT = "森林防火 火情 龙 民 人 山 日 月 水 网格员 页码 第1页"


def _pdf(path, family):
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    font = QFont(family)
    font.setPointSize(14)
    painter.setFont(font)
    painter.drawText(200, 400, TEXT)
    painter.end()


def _text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("family", ["Noto Sans CJK SC", "Noto Serif CJK SC"])
def test_qt_pdf_text_round_trips_after_fix(qapp, tmp_path, family):
    path = tmp_path / "t.pdf"
    _pdf(path, family)
    assert TEXT not in _text(path)          # Qt alone writes radicals (⽕, ⻰, ⺠ …) for these glyphs
    assert fix_pdf_text(path) >= 1
    assert TEXT in _text(path)
    assert fix_pdf_text(path) == 0          # already right: nothing to do


def test_cmap_forms():
    cmap = (b"2 beginbfrange\n<0000> <0000> <0000>\n<0001> <0003> [<2F55> <0009> <2EF0> ]\nendbfrange\n"
            b"1 beginbfchar\n<0010> <2EA0>\nendbfchar\n1 beginbfrange\n<0020> <0022> <2F53>\nendbfrange")
    fixed = fix_cmap(cmap)
    assert b"[<706B> <0009> <9F99> ]" in fixed          # 火, tab, 龙
    assert b"<0010> <6C11>" in fixed                     # 民
    assert b"<0020> <0022> [<6C14> <6C34> <706B> ]" in fixed      # consecutive ⽓⽔⽕ → 气水火
