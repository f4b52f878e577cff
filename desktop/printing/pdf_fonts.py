"""Font families for printed documents: 宋体-like serif for official text, 黑体-like sans for the rest.

A Latin font comes first: Qt's PDF writer gives the digits and letters that Noto CJK shapes in a Latin
run glyphs without a Unicode mapping, so "YH2026-001" would not copy or search out of the PDF. The
CJK families follow for everything the Latin font lacks.
"""
from __future__ import annotations

from desktop.render.labels import FONT_FAMILIES

LATIN_SERIF = ["DejaVu Serif", "Liberation Serif", "Times New Roman"]
LATIN_SANS = ["DejaVu Sans", "Liberation Sans", "Arial"]
CJK_SERIF = ["Noto Serif CJK SC", "SimSun", "宋体", "Songti SC", "AR PL UMing CN"]


def print_families(*, serif: bool = True) -> list[str]:
    return LATIN_SERIF + CJK_SERIF + FONT_FAMILIES if serif else LATIN_SANS + FONT_FAMILIES
