"""Text encodings of Chinese data files: .cpg names, and GBK/GB18030 versus UTF-8 from the bytes."""
from __future__ import annotations

import codecs
from pathlib import Path

from gis.io.errors import DataFileError

CPG_ALIASES = {
    "65001": "utf-8", "utf8": "utf-8", "utf-8": "utf-8",
    "936": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "gb2312": "gb18030", "gb18030": "gb18030",
    "54936": "gb18030", "ansi 936": "gb18030", "big5": "big5", "950": "big5",
    "1252": "cp1252", "iso-8859-1": "latin-1", "88591": "latin-1", "latin1": "latin-1",
}
SAMPLE_BYTES = 4 * 1024 * 1024


def python_codec(name: str) -> str:
    """A user's or a .cpg's encoding name → a Python codec; GBK and GB2312 read as their superset GB18030."""
    key = name.strip().lower()
    codec = CPG_ALIASES.get(key, key)
    try:
        codecs.lookup(codec)
    except LookupError as e:
        raise DataFileError(f"不认识的文字编码“{name}”，可用 utf-8 或 gbk",
                            en=f"Unknown text encoding \"{name}\"; use utf-8 or gbk") from e
    return "gb18030" if codec in ("gbk", "gb2312", "cp936") else codec


def detect_bytes(data: bytes) -> str:
    """'utf-8' when the bytes decode as UTF-8 (or are plain ASCII), else 'gb18030' when they decode as
    that, else raise."""
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as e:
        if e.start > len(data) - 4:  # a character cut by the sample's end
            try:
                data[: e.start].decode("utf-8")
                return "utf-8"
            except UnicodeDecodeError:
                pass
    try:
        data.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError as e:
        if e.start > len(data) - 4:
            return "gb18030"
        raise


def read_cpg(shp: Path) -> str | None:
    cpg = sibling(shp, ".cpg")
    if cpg is None:
        return None
    name = cpg.read_text(encoding="ascii", errors="ignore").strip()
    return python_codec(name) if name else None


def detect_dbf(dbf: Path) -> str:
    """Encoding of a .dbf's text: field names and records decoded as UTF-8, else GB18030."""
    with open(dbf, "rb") as f:
        data = f.read(SAMPLE_BYTES)
    if len(data) < 32:
        raise DataFileError(f"文件 {dbf.name} 不完整（属性表头缺失）",
                            en=f"File {dbf.name} is incomplete (the attribute table header is missing)")
    header_len = int.from_bytes(data[8:10], "little")
    names = b"".join(data[i:i + 11].split(b"\0")[0] for i in range(32, max(32, header_len - 1), 32))
    body = data[header_len:]
    try:
        return detect_bytes(names + b" " + body)
    except UnicodeDecodeError as e:
        raise DataFileError(
            f"无法判断文件 {dbf.name} 的文字编码（既不是 UTF-8 也不是 GBK），请指定编码",
            en=f"Cannot tell the text encoding of file {dbf.name} (neither UTF-8 nor GBK); please choose the encoding"
        ) from e


def sibling(path: Path, suffix: str) -> Path | None:
    """The file beside `path` with another suffix, matching case-insensitively (a.SHP → a.dbf)."""
    for candidate in (path.with_suffix(suffix), path.with_suffix(suffix.upper())):
        if candidate.exists():
            return candidate
    if path.parent.exists():
        stem = path.stem.lower()
        for p in path.parent.iterdir():
            if p.stem.lower() == stem and p.suffix.lower() == suffix:
                return p
    return None
