"""Make Chinese text in our PDFs copy and search as the characters that were written.

CJK fonts draw a Kangxi radical (⽕ U+2F55) and the ideograph (火 U+706B) with one glyph, and Qt's PDF
writer records the first code point of each glyph in the font's ToUnicode map — so 火 copies out as ⽕.
`fix_pdf_text(path)` rewrites every ToUnicode map of a finished PDF, replacing such code points by the
ideograph they stand for (resources/cjk_equivalents.json, see scripts/derive_cjk_equivalents.py). The
drawing is untouched. Every PDF gridsafe writes passes through it.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from pypdf import PdfWriter

from gis.paths import RESOURCES

_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_BLOCK = re.compile(rb"(begin(?:bfrange|bfchar))(.*?)(end(?:bfrange|bfchar))", re.S)


@lru_cache(maxsize=1)
def equivalents() -> dict[str, str]:
    data = json.loads((RESOURCES / "cjk_equivalents.json").read_text(encoding="utf-8"))
    return {chr(int(k, 16)): v for k, v in data["map"].items()}


def _fix_string(hex_utf16: bytes) -> bytes:
    text = bytes.fromhex(hex_utf16.decode()).decode("utf-16-be", errors="surrogatepass")
    table = equivalents()
    fixed = "".join(table.get(ch, ch) for ch in text)
    return hex_utf16 if fixed == text else fixed.encode("utf-16-be").hex().upper().encode()


def _fix_bfrange_line(line: bytes) -> bytes:
    """`<lo> <hi> [<u1> <u2> …]` keeps its form; `<lo> <hi> <u>` becomes an array when a member changes."""
    tokens = _HEX.findall(line)
    if len(tokens) < 3:
        return line
    lo, hi = int(tokens[0], 16), int(tokens[1], 16)
    if b"[" in line:
        return _range_line(tokens[0], tokens[1], [_fix_string(t) for t in tokens[2:]])
    start = bytes.fromhex(tokens[2].decode()).decode("utf-16-be", errors="surrogatepass")
    if len(start) != 1:
        return line
    members = [chr(ord(start) + i).encode("utf-16-be").hex().upper().encode() for i in range(hi - lo + 1)]
    fixed = [_fix_string(m) for m in members]
    return line if fixed == members else _range_line(tokens[0], tokens[1], fixed)


def _range_line(lo: bytes, hi: bytes, targets: list[bytes]) -> bytes:
    return b"<" + lo + b"> <" + hi + b"> [" + b" ".join(b"<" + t + b">" for t in targets) + b" ]"


def fix_cmap(data: bytes) -> bytes:
    def block(m: re.Match) -> bytes:
        begin, body, end = m.groups()
        lines = body.split(b"\n")
        if begin == b"beginbfrange":
            lines = [_fix_bfrange_line(ln) for ln in lines]
        else:
            lines = [_fix_bfchar_line(ln) for ln in lines]
        return begin + b"\n".join(lines) + end

    return _BLOCK.sub(block, data)


def _fix_bfchar_line(line: bytes) -> bytes:
    """`<code> <unicode>`"""
    tokens = _HEX.findall(line)
    if len(tokens) != 2:
        return line
    return b"<" + tokens[0] + b"> <" + _fix_string(tokens[1]) + b">"


def fix_pdf_text(path: str | Path) -> int:
    """Rewrite the ToUnicode maps of the PDF at `path` in place; returns how many maps changed.

    Written as an incremental update: the changed maps are appended, the rest of the file stays as is.
    """
    writer = PdfWriter(str(path), incremental=True)
    changed, seen = 0, set()
    for page in writer.pages:
        for font in _fonts(page.get("/Resources")):
            ref = font.get("/ToUnicode")
            if ref is None or id(ref.get_object()) in seen:
                continue
            stream = ref.get_object()
            seen.add(id(stream))
            data = stream.get_data()
            fixed = fix_cmap(data)
            if fixed != data:
                stream.set_data(fixed)
                changed += 1
    if changed:
        with open(path, "r+b") as f:
            f.seek(0, 2)
            writer.write(f)
    return changed


def _fonts(resources, depth: int = 0):
    """Font dictionaries of a resource dictionary and of the form XObjects it uses."""
    if resources is None or depth > 4:
        return
    resources = resources.get_object()
    for ref in (resources.get("/Font") or {}).values():
        yield ref.get_object()
    for ref in (resources.get("/XObject") or {}).values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form":
            yield from _fonts(xobject.get("/Resources"), depth + 1)
