"""Budgets an .xlsx must keep before calamine (a native reader) is let near it.

calamine sizes its cell grid from the sheet's declared dimension and its cell references, and copies a
shared string into every cell that uses it; a 1.6 KB file with one cell at XFD1048576 made it ask for
512 GiB and abort the process (exit 134, no message), and small files with a long shared string used by
many cells took 4–5 GB. So before reading, the zip and the chosen sheet are looked at in a streaming pass
(at most CHUNK bytes at a time, through Python's zipfile, which stops at each member's declared size and
checks its CRC, so a lying header is caught too):

- the zip: member count, each member's and the total uncompressed size, and the compression ratio;
- the workbook: which part holds the sheet (xl/workbook.xml + its relationships);
- the sheet: the declared <dimension ref>, every cell reference (the grid from A1 to the furthest
  reference is what gets allocated), the number of cells, and its uncompressed size;
- the shared strings: count and total length, and the text the sheet's string cells would copy.

A file over a budget is refused with DataFileError naming the file, the part and the limit. The budgets
keep a read well under 1 GB of memory (benchmarks/xlsx_bench.py prints the figures); the county's
36,000-site list uses a small part of each.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import numpy as np
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from gis.io.errors import DataFileError

MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 256 * 2**20  # one part, uncompressed
MAX_TOTAL_BYTES = 512 * 2**20  # all parts, uncompressed
MAX_RATIO = 200  # uncompressed / compressed, for parts over RATIO_FLOOR
RATIO_FLOOR = 2**20
MAX_CELLS = 5_000_000  # the grid from A1 to the furthest cell (rows × columns), and the cells present
MAX_STRINGS = 2_000_000  # shared strings
MAX_TEXT_CHARS = 150_000_000  # text the string cells hold once copied into each cell
CHUNK = 4 * 2**20

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_P = rb"<(?:[A-Za-z_][\w.-]*:)?"  # an element start, with or without a namespace prefix
# every r="…" attribute: rows (r="12") and cells (r="B12"), whatever the attribute order or prefix; an
# attribute whose name merely ends in r can only make the estimate larger
_COLUMNS = re.compile(rb'r="([A-Z]{1,4})[0-9]')
_ROWS = re.compile(rb'r="[A-Z]{0,4}([0-9]{1,9})"')
_DIMENSION = re.compile(_P + rb'dimension\b[^>]*?\sref="([^"]*)"')
# a stored cell has a value: </v> or </is> closes it (":v>" also counts <x:v> and </x:v> with a prefix)
_VALUES = (b"</v>", b"</is>")
_PREFIXED_VALUES = (b":v>", b":is>")
_STRING_FLAG = b't="s"'
_STRING_CELL = re.compile(rb't="s"[^>]*>\s*<(?:[\w.-]+:)?v>\s*([0-9]{1,10})\s*<')
_SI = re.compile(_P + rb"si[\s>/]")
_REF = re.compile(r"^\$?([A-Z]{1,4})\$?([0-9]{1,9})$")


@dataclass
class SheetFigures:
    """What the pass found (for the benchmark and the tests)."""
    part: str
    rows: int  # furthest row referenced
    columns: int  # furthest column referenced
    cells: int
    string_cells: int
    text_chars: int  # upper bound of the text copied into string cells


def column_number(letters: bytes | str) -> int:
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode("ascii"):
        n = n * 26 + ord(ch) - 64
    return n


def _column_letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


Words = tuple[str, str]   # (Chinese, English)
ARCHIVE: Words = ("压缩包", "the archive")


def _refuse(path: Path, part: str | Words, what: Words) -> DataFileError:
    """`part`: the zip member or sheet (a member's name is the same in both languages), `what` is wrong with it."""
    part = (part, part) if isinstance(part, str) else part
    return DataFileError(f"Excel 文件 {path.name} 的 {part[0]} {what[0]}，出于安全原因拒绝读取"
                         "（可在 Excel 中删除多余的行列或另存为新文件后再导入）",
                         en=f"Excel file {path.name}: {part[1]} {what[1]}; for safety it was not read (delete the "
                            "extra rows and columns in Excel, or save it as a new file, then import it)")


def _check_zip(zf: zipfile.ZipFile, path: Path) -> dict[str, zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _refuse(path, ARCHIVE, (f"含有 {len(infos)} 个成员，超过上限 {MAX_MEMBERS} 个",
                                      f"has {len(infos)} members, more than the limit of {MAX_MEMBERS}"))
    total = 0
    for i in infos:
        if i.file_size > MAX_MEMBER_BYTES:
            mb, limit = i.file_size // 2**20, MAX_MEMBER_BYTES // 2**20
            raise _refuse(path, i.filename, (f"解压后 {mb} MB，超过单个部件上限 {limit} MB",
                                             f"is {mb} MB unpacked, more than the limit of {limit} MB for one part"))
        if i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            ratio = i.file_size // max(i.compress_size, 1)
            raise _refuse(path, i.filename, (f"压缩比 {ratio}:1，超过上限 {MAX_RATIO}:1",
                                             f"is compressed {ratio}:1, more than the limit of {MAX_RATIO}:1"))
        total += i.file_size
    if total > MAX_TOTAL_BYTES:
        mb, limit = total // 2**20, MAX_TOTAL_BYTES // 2**20
        raise _refuse(path, ARCHIVE, (f"解压后共 {mb} MB，超过上限 {limit} MB",
                                      f"is {mb} MB unpacked, more than the limit of {limit} MB"))
    return {i.filename: i for i in infos}


def _xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path):
    try:
        return fromstring(zf.read(info), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as e:
        raise _refuse(path, info.filename, ("含有 DOCTYPE 或实体声明", "holds a DOCTYPE or entity declaration")) from e


def _sheet_part(zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], path: Path,
                sheet: str | None) -> tuple[str, str]:
    """(sheet title, zip member of its XML): the named sheet, or the first."""
    if "xl/workbook.xml" not in members:
        raise DataFileError(f"文件 {path.name} 不是有效的 Excel（xlsx）文件：缺少 xl/workbook.xml",
                            en=f"File {path.name} is not a valid Excel (xlsx) file: xl/workbook.xml is missing")
    book = _xml(zf, members["xl/workbook.xml"], path)
    sheets = [(s.get("name"), s.get(f"{{{_NS_REL}}}id")) for s in book.iter(f"{{{_NS_MAIN}}}sheet")]
    if not sheets:
        raise DataFileError(f"文件 {path.name} 中没有工作表", en=f"File {path.name} has no sheets")
    chosen = next((s for s in sheets if s[0] == sheet), None) if sheet is not None else sheets[0]
    if chosen is None:
        raise DataFileError(f"文件 {path.name} 中没有工作表“{sheet}”，现有：{'、'.join(s[0] or '' for s in sheets)}",
                            en=f"File {path.name} has no sheet \"{sheet}\"; it has: "
                               f"{', '.join(s[0] or '' for s in sheets)}")
    targets = {}
    if "xl/_rels/workbook.xml.rels" in members:
        for rel in _xml(zf, members["xl/_rels/workbook.xml.rels"], path):
            targets[rel.get("Id")] = rel.get("Target") or ""
    target = targets.get(chosen[1], "")
    part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    if part not in members:
        raise DataFileError(f"文件 {path.name} 的工作表“{chosen[0]}”缺少其内容（{part or '无引用'}），文件可能已损坏",
                            en=f"Sheet \"{chosen[0]}\" of file {path.name} lacks its content "
                               f"({part or 'no reference'}); the file may be damaged")
    return chosen[0], part


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The member's bytes in pieces that end just after a '>' (so no tag is cut), at most CHUNK each
    plus the rest of a tag."""
    carry = b""
    with zf.open(info) as f:
        while True:
            data = f.read(CHUNK)
            if not data:
                break
            buf = carry + data
            cut = buf.rfind(b">") + 1
            if cut == 0 and len(buf) < 8 * CHUNK:
                carry = buf
                continue
            cut = cut or len(buf)
            yield buf[:cut]
            carry = buf[cut:]
    if carry:
        yield carry


def _string_lengths(zf: zipfile.ZipFile, info: zipfile.ZipInfo | None, path: Path) -> np.ndarray:
    """An upper bound of every shared string's length, in order: the bytes from its <si> to the next."""
    if info is None:
        return np.zeros(0, dtype=np.int64)
    starts: list[int] = []
    offset = 0
    for chunk in _chunks(zf, info):
        starts.extend(offset + m.start() for m in _SI.finditer(chunk))
        offset += len(chunk)
        if len(starts) > MAX_STRINGS:
            raise _refuse(path, info.filename, (f"的共享字符串超过上限 {MAX_STRINGS:,} 个",
                                                f"has more than {MAX_STRINGS:,} shared strings"))
    return np.diff(np.asarray(starts + [offset], dtype=np.int64))


def check_book(path: Path) -> None:
    """The budgets of the zip and the shared strings (what calamine reads on opening, before any sheet)."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = _check_zip(zf, path)
            _string_lengths(zf, members.get("xl/sharedStrings.xml"), path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as e:
        raise DataFileError(f"文件 {path.name} 不是有效的 Excel（xlsx）文件，可能已损坏或不完整（{e}）",
                            en=f"File {path.name} is not a valid Excel (xlsx) file; it may be damaged or incomplete "
                               f"({e})") from e


def check(path: Path, sheet: str | None = None) -> SheetFigures:
    """Raise DataFileError when `path` (or its sheet `sheet`, default the first) is over a budget."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = _check_zip(zf, path)
            title, part = _sheet_part(zf, members, path, sheet)
            where = (f"工作表“{title}”（{part}）", f"sheet \"{title}\" ({part})")
            lengths = _string_lengths(zf, members.get("xl/sharedStrings.xml"), path)
            figures = _scan(zf, members[part], lengths, path, where, exact=False)
            if figures.text_chars > MAX_TEXT_CHARS:  # the cheap bound is not enough: count string by string
                figures = _scan(zf, members[part], lengths, path, where, exact=True)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as e:
        raise DataFileError(f"文件 {path.name} 不是有效的 Excel（xlsx）文件，可能已损坏或不完整（{e}）",
                            en=f"File {path.name} is not a valid Excel (xlsx) file; it may be damaged or incomplete "
                               f"({e})") from e
    if figures.text_chars > MAX_TEXT_CHARS:
        raise _refuse(path, where, (f"的文字单元格共引用超过 {MAX_TEXT_CHARS:,} 字节的共享字符串"
                                    "（同一长文本被大量单元格重复引用）",
                                    f"has text cells that refer to more than {MAX_TEXT_CHARS:,} bytes of shared "
                                    "strings in all (one long text referred to by many cells)"))
    return figures


def _scan(zf: zipfile.ZipFile, info: zipfile.ZipInfo, lengths: np.ndarray, path: Path, where: Words, *,
          exact: bool) -> SheetFigures:
    """One streaming pass over the sheet. The text string cells copy is bounded by (string cells ×
    longest shared string) unless `exact`, when each cell's string is looked up."""
    longest = int(lengths.max()) if len(lengths) else 0
    rows = columns = cells = string_cells = text = 0
    for n, chunk in enumerate(_chunks(zf, info)):
        if n == 0:
            m = _DIMENSION.search(chunk)
            if m:
                _check_dimension(m.group(1).decode("ascii", "replace"), path, where)
        letters = set(_COLUMNS.findall(chunk))
        if letters:
            columns = max(columns, max(map(column_number, letters)))
        numbers = set(_ROWS.findall(chunk))
        if numbers:
            rows = max(rows, max(map(int, numbers)))
        cells += sum(chunk.count(v) for v in _VALUES)
        cells += sum(chunk.count(v) for v in _PREFIXED_VALUES if v in chunk)
        _check_grid(rows, columns, cells, path, where)
        if not longest:
            continue
        flagged = chunk.count(_STRING_FLAG)
        string_cells += flagged
        if not flagged:
            continue
        if not exact:
            text += flagged * longest
            continue
        found = _STRING_CELL.findall(chunk)
        idx = np.fromiter(map(int, found), dtype=np.int64, count=len(found))
        text += int(lengths[idx[idx < len(lengths)]].sum()) + (flagged - len(found)) * longest
        if text > MAX_TEXT_CHARS:
            break
    return SheetFigures(info.filename, rows, columns, cells, string_cells, text)


def _check_dimension(ref: str, path: Path, where: Words) -> None:
    end = ref.split(":")[-1].upper()
    m = _REF.match(end)
    if not m:
        return  # calamine ignores a dimension it cannot read
    cols, rows = column_number(m.group(1)), int(m.group(2))
    if rows * cols > MAX_CELLS:
        raise _refuse(path, where, (f"声明的范围 {ref} 有 {rows:,} 行 × {cols:,} 列，超过上限 {MAX_CELLS:,} 个单元格",
                                    f"declares the range {ref} of {rows:,} rows × {cols:,} columns, more than the "
                                    f"limit of {MAX_CELLS:,} cells"))


def _check_grid(rows: int, columns: int, cells: int, path: Path, where: Words) -> None:
    if rows * columns > MAX_CELLS:
        far = f"{_column_letters(columns)}{rows}"
        raise _refuse(path, where, (f"有单元格远至 {far}（{rows:,} 行 × {columns:,} 列），超过上限 {MAX_CELLS:,} 个单元格",
                                    f"has cells as far as {far} ({rows:,} rows × {columns:,} columns), more than the "
                                    f"limit of {MAX_CELLS:,} cells"))
    if cells > MAX_CELLS:
        raise _refuse(path, where, (f"的单元格超过上限 {MAX_CELLS:,} 个", f"has more than {MAX_CELLS:,} cells"))
