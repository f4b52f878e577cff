"""Open any supported file: check it is what its extension says, then hand it to its reader."""
from __future__ import annotations

from pathlib import Path

from gis.io.errors import DataFileError
from gis.io.source import SourceData

FORMATS = {
    ".gpkg": "gpkg", ".shp": "shp", ".geojson": "geojson", ".json": "geojson", ".kml": "kml", ".kmz": "kmz",
    ".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".gpx": "gpx",
}
FORMAT_NAMES = {
    "gpkg": "GeoPackage", "shp": "Shapefile", "geojson": "GeoJSON", "kml": "KML", "kmz": "KMZ", "csv": "CSV",
    "xlsx": "Excel（xlsx）", "gpx": "GPX",
}
FORMAT_NAMES_EN = {**FORMAT_NAMES, "xlsx": "Excel (xlsx)"}
_SQLITE = b"SQLite format 3\x00"
_ZIP = b"PK\x03\x04"
_SHP = b"\x00\x00\x27\x0a"
_UTF16 = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _looks_like(head: bytes) -> str | None:
    """What the first bytes say the file is: 'zip', 'sqlite', 'shp', 'xml', 'json', 'text' or None."""
    if head.startswith(_SQLITE):
        return "sqlite"
    if head.startswith(_ZIP):
        return "zip"
    if head.startswith(_SHP):
        return "shp"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"  # old .xls / .doc
    for bom, codec in _UTF16:
        if head.startswith(bom):  # Excel's "Unicode 文本" (UTF-16, tab-separated)
            head = head[len(bom):len(bom) + (len(head) - len(bom)) // 2 * 2].decode(codec, "replace").encode("utf-8")
            break
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        return "xml"
    if text.startswith((b"{", b"[")):
        return "json"
    return "text" if b"\0" not in head else None


_EXPECTED = {"gpkg": {"sqlite"}, "shp": {"shp"}, "geojson": {"json"}, "kml": {"xml"}, "kmz": {"zip"},
             "xlsx": {"zip"}, "gpx": {"xml"}, "csv": {"text", "json"}}
_LOOK_NAMES = {"sqlite": "SQLite/GeoPackage", "zip": "ZIP 压缩包（如 xlsx、kmz）", "shp": "Shapefile",
               "ole": "旧版 Excel（xls）或 Word 文档", "xml": "XML（如 KML、GPX）", "json": "JSON/GeoJSON",
               "text": "文本", None: "二进制数据"}
_LOOK_NAMES_EN = {"sqlite": "SQLite/GeoPackage", "zip": "a ZIP archive (such as xlsx, kmz)", "shp": "Shapefile",
                  "ole": "an old Excel (xls) or Word document", "xml": "XML (such as KML, GPX)", "json": "JSON/GeoJSON",
                  "text": "text", None: "binary data"}


def detect_format(path: Path) -> str:
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = "、".join(sorted({k for k in FORMATS if k not in (".json", ".txt")}))
        raise DataFileError(f"不支持的文件类型：{path.name}（支持 {known}）",
                            en=f"Unsupported file type: {path.name} (supported: {known.replace('、', ', ')})")
    if not path.exists():
        raise DataFileError(f"找不到文件：{path}", en=f"File not found: {path}")
    if path.is_dir():
        raise DataFileError(f"{path} 是一个文件夹，不是数据文件", en=f"{path} is a folder, not a data file")
    if path.stat().st_size == 0:
        raise DataFileError(f"文件 {path.name} 是空文件（0 字节）", en=f"File {path.name} is empty (0 bytes)")
    with open(path, "rb") as f:
        head = f.read(512)
    look = _looks_like(head)
    if look not in _EXPECTED[fmt]:
        raise DataFileError(
            f"文件 {path.name} 的内容不是 {FORMAT_NAMES[fmt]}（看起来是{_LOOK_NAMES.get(look, '其他格式')}），"
            "请检查扩展名是否正确",
            en=f"File {path.name} does not contain {FORMAT_NAMES_EN[fmt]} (it looks like "
               f"{_LOOK_NAMES_EN.get(look, 'another format')}); please check that the extension is right")
    return fmt


def read_source(path: str | Path, *, encoding: str | None = None, layer: str | None = None,
                xy: tuple[str, str] | None = None) -> SourceData:
    """Read a data file into a SourceData, or raise DataFileError with a Chinese message naming it."""
    path = Path(path)
    fmt = detect_format(path)
    if fmt in ("gpkg", "shp", "geojson", "kml", "kmz", "gpx"):
        # GDAL and the XML parser read untrusted bytes: in the isolated child (gis.io.isolated), so a file that
        # makes them allocate without end or crash costs the child, not the program (tables isolate their own
        # native part: read_table)
        import importlib
        from functools import partial

        from gis.io import isolated
        importlib.import_module(READERS[fmt])   # loaded here (GDAL is 80 MB), inherited by the child: not per read
        src = isolated.run(partial(_read_geodata, path, fmt, encoding, layer), what=f"{FORMAT_NAMES[fmt]} 文件 {path.name}",
                           what_en=f"{FORMAT_NAMES_EN[fmt]} file {path.name}")
    else:
        from gis.io.read_table import read_table
        src = read_table(path, fmt, encoding=encoding, layer=layer, xy=xy)
    if len(src) == 0:
        raise DataFileError(f"文件 {path.name} 中没有任何数据行或要素",
                            en=f"File {path.name} has no data rows or features")
    return src


READERS = {"gpkg": "gis.io.read_ogr", "shp": "gis.io.read_ogr", "geojson": "gis.io.read_ogr",
           "kml": "gis.io.read_kml", "kmz": "gis.io.read_kml", "gpx": "gis.io.read_gpx"}


def _read_geodata(path: Path, fmt: str, encoding: str | None, layer: str | None) -> SourceData:
    """In the isolated child: the reader, then the vertex budgets (gis.io.geo_budget) before the geometries
    travel back."""
    from gis.io import geo_budget

    if fmt in ("gpkg", "shp", "geojson"):
        from gis.io.read_ogr import read
        src = read(path, fmt, encoding=encoding, layer=layer)
    elif fmt == "kml":
        from gis.io.read_kml import read_kml
        src = read_kml(path)
    elif fmt == "kmz":
        from gis.io.read_kml import read_kmz
        src = read_kmz(path)
    else:
        from gis.io.read_gpx import read_gpx
        src = read_gpx(path)
    geo_budget.check_vertices(src.geoms, path.name, src.layer, src.rows)
    return src


def read_records(path: str | Path, *, encoding: str | None = None, sheet: str | None = None) -> SourceData:
    """Read a CSV or XLSX table that has no coordinates (a register filled in by hand) into a SourceData
    whose geometries are all None, through the same checks, budgets and isolation as read_source."""
    path = Path(path)
    fmt = detect_format(path)
    if fmt not in ("csv", "xlsx"):
        raise DataFileError(f"文件 {path.name} 应为 Excel（xlsx）或 CSV 表格",
                            en=f"File {path.name} should be an Excel (xlsx) or CSV table")
    from gis.io.read_table import read_rows

    src = read_rows(path, fmt, encoding=encoding, layer=sheet)
    if len(src) == 0:
        raise DataFileError(f"文件 {path.name} 中没有任何数据行", en=f"File {path.name} has no data rows")
    return src


def _sheet_names(path: Path) -> list[str]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    try:
        return list(wb.sheet_names)
    finally:
        wb.close()


def sublayers(path: str | Path) -> list[str]:
    """The layers of a GeoPackage or the sheets of a workbook (one must be chosen when there are
    several); [] for single-layer formats."""
    path = Path(path)
    fmt = detect_format(path)
    try:
        if fmt == "gpkg":
            import pyogrio
            return [str(name) for name, _ in pyogrio.list_layers(path)]
        if fmt == "xlsx":
            from gis.io import isolated, xlsx_budget
            xlsx_budget.check_book(path)  # calamine reads the shared strings on opening
            return isolated.run(_sheet_names, path, what=f"Excel 文件 {path.name}", what_en=f"Excel file {path.name}")
    except DataFileError:
        raise
    except Exception as e:
        raise DataFileError(f"无法读取文件 {path.name}：文件已损坏或不是所声明的格式（{e}）",
                            en=f"Cannot read file {path.name}: it is damaged or not of the format it claims ({e})") from e
    return []
