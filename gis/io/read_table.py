"""CSV and XLSX with coordinate columns, found by their headers in Chinese or English.

Surveyors' tables often name the northing X and the easting Y (the Chinese survey convention); when
the numbers show that, the columns are swapped and a note says so.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
from shapely import points

from gis.io.encoding import detect_bytes, python_codec
from gis.io.errors import CoordinateColumnsMissing, DataFileError
from gis.io.source import RowProblem, SourceData
from gis.io.values import blank_mask

MAX_TABLE_BYTES = 500 * 1024 * 1024
LON_NAMES = ("经度", "lon", "lng", "long", "longitude", "东经", "x", "x坐标", "横坐标", "东坐标", "easting", "东")
LAT_NAMES = ("纬度", "lat", "latitude", "北纬", "y", "y坐标", "纵坐标", "北坐标", "northing", "北")
_DMS = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[°度]\s*(?:(\d+(?:\.\d+)?)\s*['′分])?\s*(?:(\d+(?:\.\d+)?)\s*[\"″秒]?)?\s*([EWNS东西南北])?\s*$")


def _norm(header: str) -> str:
    h = re.sub(r"[（(].*?[)）]", "", str(header)).strip().lower()
    return re.sub(r"[\s_:：]", "", h)


def detect_xy(headers: list[str]) -> tuple[str, str] | None:
    """(x column, y column) by header name: exact names first, then names that start with one."""
    normed = {h: _norm(h) for h in headers}

    def find(names):
        for n in names:
            for h, v in normed.items():
                if v == n:
                    return h
        for n in names:
            if len(n) > 1:
                for h, v in normed.items():
                    if v.startswith(n):
                        return h
        return None

    x, y = find(LON_NAMES), find(LAT_NAMES)
    return (x, y) if x and y and x != y else None


def parse_number(value) -> float | None:
    """A coordinate cell → float; DMS text (113°12'30"E, 113度12分30秒) too; None when empty."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        pass
    m = _DMS.match(text)
    if not m:
        raise ValueError(text)
    deg, minutes, seconds, hemi = m.groups()
    v = abs(float(deg)) + float(minutes or 0) / 60 + float(seconds or 0) / 3600
    return -v if (deg.startswith("-") or hemi in ("W", "S", "西", "南")) else v


def _coordinates(values: pd.Series, name: str, row_numbers: np.ndarray, problems: list[RowProblem]) -> np.ndarray:
    """A coordinate column as floats (NaN where unusable, each such row a problem). Plain numbers are
    converted at once; only the rest (DMS text, blanks, typos) cell by cell."""
    out = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan).copy()
    out[[type(v) is bool for v in values]] = np.nan  # TRUE/FALSE is no coordinate
    for i in np.flatnonzero(np.isnan(out)):
        v = values.iat[i]
        try:
            n = parse_number(v)
        except ValueError:
            problems.append(RowProblem(int(row_numbers[i]), name, f"“{v}”不是数字", f"\"{v}\" is not a number"))
            continue
        if n is None:
            problems.append(RowProblem(int(row_numbers[i]), name, "坐标为空", "the coordinate is empty"))
        else:
            out[i] = n
    return out


def _survey_order(x: np.ndarray, y: np.ndarray, xname: str) -> bool:
    """True when the 'X' column holds northings and 'Y' eastings (Chinese survey tables)."""
    if _norm(xname) not in ("x", "x坐标"):
        return False
    ok = ~(np.isnan(x) | np.isnan(y))
    if not ok.any():
        return False
    x, y = x[ok], y[ok]
    if np.all((x > 3) & (x < 54)) and np.all((y > 73) & (y < 136)):
        return True  # lat in X, lon in Y
    northing_x = np.all((x > 1_000_000) & (x < 6_500_000))
    easting_y = np.all((y > 13_000_000) & (y < 46_000_000)) or np.all((y > 100_000) & (y < 900_000))
    return bool(northing_x and easting_y)


BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _delimiter(text: str) -> str:
    """The header line's tab when it has one (Excel's "Unicode 文本" and "文本（制表符分隔）"), else what
    the csv sniffer finds among , ; tab |, else a comma."""
    if "\t" in text.split("\n", 1)[0]:
        return "\t"
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _read_csv(path: Path, encoding: str | None) -> tuple[pd.DataFrame, str]:
    data = path.read_bytes()
    bom = next(((b, enc) for b, enc in BOMS if data.startswith(b)), None)
    if bom:  # the byte order mark says it (Excel writes one for UTF-8 CSV and UTF-16 text)
        data, enc = data[len(bom[0]):], bom[1]
    elif encoding:
        enc = python_codec(encoding)
    else:
        try:
            enc = detect_bytes(data)
        except UnicodeDecodeError as e:
            raise DataFileError(f"无法判断文件 {path.name} 的文字编码（既不是 UTF-8 也不是 GBK），请指定编码",
                                en=f"Cannot tell the text encoding of file {path.name} (neither UTF-8 nor GBK); "
                                   "please choose the encoding") from e
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as e:
        raise DataFileError(f"文件 {path.name} 无法按 {enc} 解码，请换一种编码",
                            en=f"File {path.name} cannot be decoded as {enc}; please choose another encoding") from e
    if "\0" in text[:4096]:
        raise DataFileError(f"文件 {path.name} 不是文本表格（含有二进制内容），请检查扩展名",
                            en=f"File {path.name} is not a text table (it holds binary content); please check the "
                               "extension")
    sep = _delimiter(text)
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skip_blank_lines=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise DataFileError(f"文件 {path.name} 不是有效的 CSV 表格（{e}）",
                            en=f"File {path.name} is not a valid CSV table ({e})") from e
    return df, enc


def _calamine_columns(path: Path, sheet: str | None) -> tuple[list, int, str]:
    """(the sheet's columns packed by _pack, its row count, its title) with calamine."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as e:
        raise DataFileError(f"文件 {path.name} 不是有效的 Excel（xlsx）文件，可能已损坏或不完整（{e}）",
                            en=f"File {path.name} is not a valid Excel (xlsx) file; it may be damaged or incomplete "
                               f"({e})") from e
    try:
        if sheet is not None and sheet not in wb.sheet_names:
            raise DataFileError(f"文件 {path.name} 中没有工作表“{sheet}”，现有：{'、'.join(wb.sheet_names)}",
                                en=f"File {path.name} has no sheet \"{sheet}\"; it has: {', '.join(wb.sheet_names)}")
        title = sheet or wb.sheet_names[0]
        rows = wb.get_sheet_by_name(title).to_python(skip_empty_area=False)  # rows[0] is sheet row 1
    except (CalamineError, OSError, ValueError, IndexError) as e:
        raise DataFileError(f"文件 {path.name} 已损坏或不完整（{e}）",
                            en=f"File {path.name} is damaged or incomplete ({e})") from e
    finally:
        wb.close()
    return [_pack(c) for c in zip(*rows, strict=True)], len(rows), title


def _pack(column: tuple) -> tuple:
    """A column in a form that crosses a pipe fast: (head, kind, tail) where the first few cells (the
    header) stay as they are and the rest, when all floats, all ints or all text, is one array or one
    string; anything else goes as it is (pickling half a million small objects one by one took a second)."""
    for start in range(min(len(column), 10) + 1):
        tail = column[start:]
        kinds = set(map(type, tail))
        if kinds == {float}:
            return list(column[:start]), "f", np.array(tail, dtype=np.float64)
        if kinds == {int} and all(-2**62 < v < 2**62 for v in (min(tail), max(tail))):
            return list(column[:start]), "i", np.array(tail, dtype=np.int64)
        if kinds == {str}:
            text = "\0".join(tail)
            if text.count("\0") == len(tail) - 1:
                return list(column[:start]), "s", text
    return [], "o", list(column)


def _unpack(packed: tuple) -> list:
    head, kind, tail = packed
    if kind in ("f", "i"):
        return head + tail.tolist()
    if kind == "s":
        return head + tail.split("\0")
    return tail


def _read_xlsx(path: Path, sheet: str | None) -> tuple[pd.DataFrame, int, str]:
    """The sheet's cell values (cached results of formulas) with calamine, a Rust reader about ten times
    faster than openpyxl on a county's enterprise list. Empty cells come back as "".

    The file is first held to the budgets of gis.io.xlsx_budget (calamine sizes its grid from the file and
    aborts the process when an allocation fails), then read in a child process with a memory limit
    (gis.io.isolated) so that anything the budgets miss ends in a refusal, not in a dead window."""
    import python_calamine  # noqa: F401 - imported before the fork, so the child has it

    from gis.io import isolated, xlsx_budget

    xlsx_budget.check(path, sheet)
    packed, n_rows, title = isolated.run(_calamine_columns, path, sheet, what=f"Excel 文件 {path.name}",
                                          what_en=f"Excel file {path.name}")
    columns = [_unpack(c) for c in packed]
    for r in range(n_rows):
        if any(c[r] not in (None, "") for c in columns):
            header_row = r + 1
            break
    else:
        return pd.DataFrame(), 1, title
    header = [str(c[header_row - 1]).strip() if c[header_row - 1] not in (None, "") else f"列{i + 1}"
              for i, c in enumerate(columns)]
    frame = pd.DataFrame({i: pd.Series(c[header_row:], dtype=object) for i, c in enumerate(columns)})
    frame.columns = header
    return frame, header_row + 1, title


def _rows(path: Path, fmt: str, encoding: str | None, layer: str | None
          ) -> tuple[pd.DataFrame, np.ndarray, str | None, str | None]:
    """(the table's non-blank rows under their headers, their row numbers in the file, the text encoding,
    the sheet read) — the budgets, isolation and encoding detection every table read goes through."""
    if path.stat().st_size > MAX_TABLE_BYTES:
        raise DataFileError(f"文件 {path.name} 超过 {MAX_TABLE_BYTES // 2**20} MB，拒绝读取",
                            en=f"File {path.name} is larger than {MAX_TABLE_BYTES // 2**20} MB; it was not read")
    if fmt == "csv":
        df, enc = _read_csv(path, encoding)
        first_row, sheet = 2, None
    else:
        df, first_row, sheet = _read_xlsx(path, layer)
        enc = None
    df.columns = [str(c).strip() for c in df.columns]
    row_numbers = np.arange(first_row, first_row + len(df), dtype=np.int64)
    if len(df):
        blank = np.ones(len(df), dtype=bool)
        for c in range(df.shape[1]):  # only rows still blank so far are looked at
            maybe = np.flatnonzero(blank)
            if not len(maybe):
                break
            blank[maybe] = blank_mask(df.iloc[maybe, c])
        df, row_numbers = df[~blank].reset_index(drop=True), row_numbers[~blank]
    return df, row_numbers, enc, sheet


def read_rows(path: Path, fmt: str, *, encoding: str | None = None, layer: str | None = None) -> SourceData:
    """A table without coordinates (a register such as 企业自查上报表): its rows as attributes only."""
    df, row_numbers, enc, sheet = _rows(path, fmt, encoding, layer)
    return SourceData(path, fmt, df, np.full(len(df), None, dtype=object), row_numbers, crs=None, encoding=enc,
                      layer=sheet)


def read_table(path: Path, fmt: str, *, encoding: str | None = None, layer: str | None = None,
               xy: tuple[str, str] | None = None) -> SourceData:
    df, row_numbers, enc, sheet = _rows(path, fmt, encoding, layer)
    columns = xy or detect_xy(list(df.columns))
    if columns is None:
        raise CoordinateColumnsMissing(
            f"文件 {path.name} 中找不到坐标列：表头应有“经度/纬度”“lon/lat”或“X/Y”，现有表头："
            f"{'、'.join(map(str, df.columns)) or '（空）'}；也可以指定坐标列", [str(c) for c in df.columns],
            en=f"File {path.name} has no coordinate columns: the headers should include \"经度/纬度\", \"lon/lat\" "
               f"or \"X/Y\"; its headers are: {', '.join(map(str, df.columns)) or '(none)'}. You can also choose "
               "the coordinate columns")
    for c in columns:
        if c not in df.columns:
            raise DataFileError(f"文件 {path.name} 中没有列“{c}”", en=f"File {path.name} has no column \"{c}\"")
    problems: list[RowProblem] = []
    xs = _coordinates(df[columns[0]], columns[0], row_numbers, problems)
    ys = _coordinates(df[columns[1]], columns[1], row_numbers, problems)
    problems.sort(key=lambda p: p.row)
    notes = []
    if _survey_order(xs, ys, columns[0]):
        xs, ys = ys, xs
        notes.append((f"按测量习惯“{columns[0]}”为北坐标、“{columns[1]}”为东坐标，已互换",
                      f"As surveyors write them, \"{columns[0]}\" was taken as northing and \"{columns[1]}\" as "
                      "easting, and they were swapped"))
        columns = (columns[1], columns[0])
    ok = ~(np.isnan(xs) | np.isnan(ys))
    geoms = np.full(len(df), None, dtype=object)
    if ok.any():
        geoms[ok] = points(xs[ok], ys[ok])
    frame = df.drop(columns=list(columns)).reset_index(drop=True)
    return SourceData(path, fmt, frame, geoms, row_numbers, crs=None, encoding=enc, layer=sheet,
                      notes=notes, problems=problems, xy_columns=columns)
