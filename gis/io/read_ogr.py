"""GeoPackage, Shapefile and GeoJSON through GDAL (pyogrio)."""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
from pyogrio.errors import DataLayerError, DataSourceError, FeatureError, FieldError, GeometryError

from gis.io import geo_budget
from gis.io.encoding import detect_dbf, python_codec, read_cpg, sibling
from gis.io.errors import DataFileError
from gis.io.source import SourceData, numbered

GDAL_ERRORS = (DataSourceError, DataLayerError, FeatureError, FieldError, GeometryError, RuntimeError, ValueError)


def _choose_layer(path: Path, layer: str | None) -> str | None:
    try:
        layers = [str(name) for name, _ in pyogrio.list_layers(path)]
    except GDAL_ERRORS as e:
        raise DataFileError(f"无法读取文件 {path.name}：文件已损坏或不是所声明的格式（{e}）",
                            en=f"Cannot read file {path.name}: it is damaged or not of the format it claims ({e})") from e
    if not layers:
        raise DataFileError(f"文件 {path.name} 中没有图层", en=f"File {path.name} has no layers")
    if layer is not None:
        if layer not in layers:
            raise DataFileError(f"文件 {path.name} 中没有图层“{layer}”，现有图层：{'、'.join(layers)}",
                                en=f"File {path.name} has no layer \"{layer}\"; its layers are: {', '.join(layers)}")
        return layer
    if len(layers) > 1:
        raise DataFileError(f"文件 {path.name} 含有多个图层：{'、'.join(layers)}，请指定要导入的图层",
                            en=f"File {path.name} has several layers: {', '.join(layers)}; please choose the layer "
                               "to import")
    return layers[0]


def _shapefile_encoding(path: Path, encoding: str | None) -> str:
    for suffix, what, what_en in ((".shx", "索引文件 .shx", "index file .shx"),
                                  (".dbf", "属性表文件 .dbf", "attribute file .dbf")):
        if sibling(path, suffix) is None:
            raise DataFileError(f"Shapefile {path.name} 缺少{what}（{path.stem}{suffix}），请把同名的几个文件放在一起",
                                en=f"Shapefile {path.name} lacks its {what_en} ({path.stem}{suffix}); please keep the "
                                   "files of the same name together")
    if encoding:
        return python_codec(encoding)
    return read_cpg(path) or detect_dbf(sibling(path, ".dbf"))


def _redecode(df, path: Path, codec: str):
    """A .dbf read byte for byte (latin-1) decoded with its real encoding. Field names may end in half
    a character (GDAL cuts UTF-8 names at 10 bytes): that half is dropped. Values must decode."""
    names: dict[str, str] = {}
    for c in df.columns:
        if c == "geometry":
            continue
        name = c.encode("latin-1").decode(codec, errors="ignore").strip() or c
        while name in names.values():
            name += "_"
        names[c] = name
    for c in names:
        if not (df[c].dtype == object or pd.api.types.is_string_dtype(df[c])):
            continue
        out = []
        for i, v in enumerate(df[c].tolist()):
            if isinstance(v, str):
                try:
                    v = v.encode("latin-1").decode(codec)
                except UnicodeDecodeError as e:
                    raise DataFileError(
                        f"文件 {path.name} 第{i + 1}个要素 字段“{names[c]}”的文字无法按 {codec} 解码，"
                        "请指定正确的编码（如 gbk 或 utf-8）",
                        en=f"File {path.name} feature {i + 1} field \"{names[c]}\": the text cannot be decoded as "
                           f"{codec}; please choose the right encoding (such as gbk or utf-8)") from e
            out.append(v)
        df[c] = pd.Series(out, index=df.index, dtype=object)
    return df.rename(columns=names)


def read(path: Path, fmt: str, *, encoding: str | None = None, layer: str | None = None) -> SourceData:
    enc = _shapefile_encoding(path, encoding) if fmt == "shp" else None
    name = _choose_layer(path, layer) if fmt == "gpkg" else None
    raw = "ISO-8859-1" if enc else None  # bytes as they are; decoded below
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            count = pyogrio.read_info(path, layer=name, encoding=raw).get("features", -1)
        geo_budget.check_feature_count(int(count), path.name, name)   # -1: the driver would have to count
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            df = pyogrio.read_dataframe(path, layer=name, encoding=raw, on_invalid="ignore")
    except UnicodeDecodeError as e:
        raise DataFileError(f"文件 {path.name} 的文字无法按 UTF-8 解码，文件可能已损坏（{e}）",
                            en=f"The text of file {path.name} cannot be decoded as UTF-8; the file may be damaged "
                               f"({e})") from e
    except GDAL_ERRORS as e:
        raise DataFileError(f"无法读取文件 {path.name}：文件已损坏、不完整或不是所声明的格式（{e}）",
                            en=f"Cannot read file {path.name}: it is damaged, incomplete or not of the format it "
                               f"claims ({e})") from e
    if enc:
        df = _redecode(df, path, enc)
    geoms = np.array(df.geometry.values, dtype=object) if "geometry" in df else np.full(len(df), None, dtype=object)
    frame = df.drop(columns=["geometry"], errors="ignore").reset_index(drop=True)
    crs = None
    if getattr(df, "crs", None) is not None:
        code = df.crs.to_epsg(min_confidence=70)
        crs = f"EPSG:{code}" if code else df.crs.to_wkt()
    if fmt == "shp" and sibling(path, ".prj") is None:
        crs = None
    return SourceData(path, fmt, frame, geoms, numbered(len(frame)), crs=crs, encoding=enc, layer=name)
