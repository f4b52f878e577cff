"""File names that are safe on Windows (and everywhere else)."""
from __future__ import annotations

import re

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_STEM = 120


def safe_filename(stem: str, suffix: str = "") -> str:
    """`stem` + `suffix` with forbidden characters replaced, no trailing dots or spaces, no reserved
    device name (CON, NUL, COM1 …, also with an extension), and a length Windows accepts."""
    s = _FORBIDDEN.sub("_", stem).strip()
    s = re.sub(r"_{2,}", "_", s)[:MAX_STEM].rstrip(" .")
    if not s:
        s = "_"
    if s.split(".")[0].upper().rstrip(" ") in _RESERVED:
        s = "_" + s
    return s + suffix
