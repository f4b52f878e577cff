"""Budgets of the geodata readers (GeoPackage, Shapefile, GeoJSON by GDAL; KML/KMZ, GPX by the XML parser): a
file over one is refused with DataFileError naming the file, the layer or feature and the limit.

- features: counted before anything is parsed where the format says (GDAL's layer feature count), otherwise
  after parsing (KML, GPX; their bytes are capped before: gis.io.read_kml, read_gpx);
- vertices, in all and in one feature: after parsing, in the isolated child (gis.io.isolated), before the
  geometries are copied back, checked against the project, drawn or indexed.
The child's memory limit (1 GB) stops what gets past these; the budgets turn the common cases into a refusal
that says what to do. The county's data uses a small part of each: 36,000 sites, 3,600 grids of a few hundred
vertices, 100,000 building footprints (~1 M vertices).
"""
from __future__ import annotations

import numpy as np
import shapely

from gis.io.errors import DataFileError

MAX_FEATURES = 2_000_000
MAX_VERTICES = 20_000_000
MAX_FEATURE_VERTICES = 1_000_000
HINT = "请拆分文件或先在 GIS 软件中简化后再导入"
HINT_EN = "Please split the file, or simplify it in a GIS program first, then import it"


def _where(name: str, layer: str | None) -> str:
    return f"文件 {name}" + (f"（图层 {layer}）" if layer else "")


def _where_en(name: str, layer: str | None) -> str:
    return f"File {name}" + (f" (layer {layer})" if layer else "")


def check_feature_count(count: int, name: str, layer: str | None = None) -> None:
    if count > MAX_FEATURES:
        raise DataFileError(f"{_where(name, layer)} 有 {count:,} 个要素，超过上限 {MAX_FEATURES:,}，拒绝读取。{HINT}",
                            en=f"{_where_en(name, layer)} has {count:,} features, more than the limit of "
                               f"{MAX_FEATURES:,}; it was not read. {HINT_EN}")


def check_vertices(geoms, name: str, layer: str | None = None, rows=None) -> None:
    """Refuse when the features together, or one of them, have more vertices than allowed. `rows`: the
    features' numbers in the file, for the message."""
    geoms = np.asarray(geoms, dtype=object)
    check_feature_count(len(geoms), name, layer)
    counts = shapely.get_num_coordinates(geoms)           # None → 0
    total = int(counts.sum())
    if total > MAX_VERTICES:
        raise DataFileError(f"{_where(name, layer)} 的要素共有 {total:,} 个顶点，超过上限 {MAX_VERTICES:,}，"
                            f"拒绝读取。{HINT}",
                            en=f"The features of {_where_en(name, layer)[0].lower()}{_where_en(name, layer)[1:]} have "
                               f"{total:,} vertices in all, more than the limit of {MAX_VERTICES:,}; it was not read. "
                               f"{HINT_EN}")
    if len(counts) and int(counts.max()) > MAX_FEATURE_VERTICES:
        k = int(np.argmax(counts))
        row = int(rows[k]) if rows is not None else k + 1
        raise DataFileError(f"{_where(name, layer)} 第 {row} 个要素有 {int(counts[k]):,} 个顶点，超过单个要素的上限 "
                            f"{MAX_FEATURE_VERTICES:,}，拒绝读取。{HINT}",
                            en=f"{_where_en(name, layer)}: feature {row} has {int(counts[k]):,} vertices, more than the "
                               f"limit of {MAX_FEATURE_VERTICES:,} for one feature; it was not read. {HINT_EN}")
