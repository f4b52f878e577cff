"""(needs `pip install fonttools`) Derive resources/cjk_equivalents.json: radical and compatibility code points → the ideograph they draw.

CJK fonts map Kangxi radicals (U+2F00–), CJK radicals supplement (U+2E80–) and compatibility ideographs
(U+F900–, U+2F800–) onto the same glyphs as ordinary ideographs. Qt's PDF writer then writes the first
code point of a glyph into the ToUnicode map, so 火 copies out as ⽕. desktop/printing/pdf_text.py uses
this table to put the ideograph back. Derived from the cmap of Noto Sans CJK SC (the glyph each code
point draws), falling back to NFKC for Kangxi radicals.

    python3 scripts/derive_cjk_equivalents.py [FONT.ttc]
"""
from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "cjk_equivalents.json"
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SPECIAL = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))
UNIFIED = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF))


def _in(cp: int, ranges) -> bool:
    return any(a <= cp <= b for a, b in ranges)


def sc_face(path: str) -> TTFont:
    if path.endswith(".ttc"):
        for font in TTCollection(path).fonts:
            if "SC" in font["name"].getDebugName(1):
                return font
    return TTFont(path)


def derive(path: str) -> dict[str, str]:
    cmap = sc_face(path).getBestCmap()
    by_glyph: dict[str, list[int]] = {}
    for cp, glyph in cmap.items():
        by_glyph.setdefault(glyph, []).append(cp)
    table = {}
    for cps in by_glyph.values():
        unified = sorted(cp for cp in cps if _in(cp, UNIFIED))
        for cp in cps:
            if _in(cp, SPECIAL) and unified:
                table[f"{cp:04X}"] = chr(unified[0])
    for a, b in SPECIAL:  # code points the font draws with a glyph of their own: NFKC where it applies
        for cp in range(a, b + 1):
            nfkc = unicodedata.normalize("NFKC", chr(cp))
            if f"{cp:04X}" not in table and nfkc != chr(cp) and len(nfkc) == 1:
                table[f"{cp:04X}"] = nfkc
    return dict(sorted(table.items()))


if __name__ == "__main__":
    table = derive(sys.argv[1] if len(sys.argv) > 1 else FONT)
    OUT.write_text(json.dumps({"source": "Noto Sans CJK SC cmap (shared glyphs) + NFKC for Kangxi radicals",
                               "map": table}, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(table)} code points → {OUT}")
