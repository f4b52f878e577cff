"""Export layers, or a selection of ids, to GeoPackage, Shapefile, GeoJSON, KML/KMZ, CSV and XLSX.

Headers are Chinese and vocabulary keys appear as their labels. Shapefiles are UTF-8 with a .cpg
(GBK on request for older software); CSV is UTF-8 with a BOM so Excel shows Chinese correctly.
"""
from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from gis.atomic import atomic_folder
from gis.feedback import Feedback, ensure
from gis.geo.crs import STORAGE
from gis.io.checks import family
from gis.io.encoding import python_codec
from gis.io.errors import ExportError
from gis.io.kml_write import write_kml
from gis.io.table_export import ID_LABEL, LayerTable, labelled_headers, layer_table
from gis.layers import LAYERS
from gis.reports.xlsx_sheet import save_workbook
from gis.store import Project

FORMATS = ("gpkg", "shp", "geojson", "kml", "kmz", "csv", "xlsx")
SUFFIX = {"gpkg": ".gpkg", "shp": ".shp", "geojson": ".geojson", "kml": ".kml", "kmz": ".kmz", "csv": ".csv",
          "xlsx": ".xlsx"}
MULTI_LAYER = ("gpkg", "kml", "kmz")
LON, LAT, WKT = "经度", "纬度", "WKT"
SHP_FIELD_BYTES = 10
FAMILY_SUFFIX = {"point": "点", "line": "线", "polygon": "面"}


def format_for(path: Path, fmt: str | None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise ExportError(f"不支持的导出格式“{fmt}”，可选：{'、'.join(FORMATS)}",
                              en=f"Unsupported export format \"{fmt}\"; choose from: {', '.join(FORMATS)}")
        return fmt
    for f, suffix in SUFFIX.items():
        if path.suffix.lower() == suffix:
            return f
    raise ExportError(f"无法从文件名 {path.name} 判断导出格式，请指定格式：{'、'.join(FORMATS)}",
                      en=f"The export format cannot be told from the file name {path.name}; please choose one: "
                         f"{', '.join(FORMATS)}")


def _gdf(t: LayerTable, frame: pd.DataFrame | None = None, geoms=None) -> gpd.GeoDataFrame:
    frame = t.frame if frame is None else frame
    geoms = t.geoms if geoms is None else geoms
    return gpd.GeoDataFrame(frame.reset_index(drop=True), geometry=gpd.GeoSeries(list(geoms), crs=STORAGE))


def _write_ogr(gdf: gpd.GeoDataFrame, path: Path, driver: str, layer: str | None = None, **kw) -> None:
    geometry_type = None
    if len(gdf) == 0:
        geometry_type = "Unknown"
    elif driver == "GPKG" and len({g.geom_type for g in gdf.geometry}) > 1:
        geometry_type = "Unknown"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pyogrio.write_dataframe(gdf, path, layer=layer, driver=driver, geometry_type=geometry_type, **kw)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError,
            OSError, ValueError) as e:
        raise ExportError(f"无法写入 {path.name}：{e}", en=f"Cannot write {path.name}: {e}") from e


def _shp_names(columns: list[str], codec: str) -> dict[str, str]:
    """Field names cut to the 10 bytes a .dbf allows (whole characters only), kept unique."""
    out: dict[str, str] = {}
    for c in columns:
        name = c
        while len(name.encode(codec, errors="replace")) > SHP_FIELD_BYTES:
            name = name[:-1]
        base, n = name, 1
        while name in out.values():
            n += 1
            suffix = str(n)
            name = base
            while len((name + suffix).encode(codec, errors="replace")) > SHP_FIELD_BYTES:
                name = name[:-1]
            name += suffix
        out[c] = name
    return out


def _write_shp(t: LayerTable, path: Path, encoding: str | None) -> list[Path]:
    codec = python_codec(encoding) if encoding else "utf-8"
    gdal_encoding = {"gb18030": "GBK", "utf-8": "UTF-8"}.get(codec, codec)
    families = np.array([family(g) for g in t.geoms], dtype=object)
    groups = sorted(set(families)) or ["point"]
    written = []
    for fam in groups:
        keep = families == fam
        out = path if len(groups) == 1 else path.with_name(f"{path.stem}_{FAMILY_SUFFIX.get(fam, fam)}{path.suffix}")
        frame = t.frame[keep] if len(t.frame) else t.frame
        gdf = _gdf(t, frame, t.geoms[keep] if len(t.geoms) else t.geoms)
        if fam in ("line", "polygon") and len(gdf):
            gdf = gdf.set_geometry(gpd.GeoSeries(list(_promote(gdf.geometry.values, fam)), crs=STORAGE))
        gdf = gdf.rename(columns=_shp_names([c for c in gdf.columns if c != "geometry"], codec))
        _write_ogr(gdf, out, "ESRI Shapefile", encoding=gdal_encoding)
        written.append(out)
    return written


def _promote(geoms, fam: str):
    """Single lines/polygons promoted to Multi when the layer mixes them (a shapefile has one type)."""
    kinds = {g.geom_type for g in geoms}
    if len(kinds) == 1:
        return geoms
    make = shapely.multilinestrings if fam == "line" else shapely.multipolygons
    return [g if g.geom_type.startswith("Multi") else make([g]) for g in geoms]


def _tabular(t: LayerTable) -> pd.DataFrame:
    frame = labelled_headers(t)      # a table people read: Chinese headers for the free attributes too (a copy)
    points = len(t.geoms) and all(g is not None and g.geom_type == "Point" for g in t.geoms)
    if points:
        frame[LON] = shapely.get_x(t.geoms)
        frame[LAT] = shapely.get_y(t.geoms)
    else:
        frame[WKT] = shapely.to_wkt(t.geoms, rounding_precision=-1) if len(t.geoms) else []
    return frame


def _write_csv(t: LayerTable, path: Path) -> None:
    from gis.reports.cells import defuse_frame

    # CRLF as Excel writes it; it also makes a field holding a carriage return quoted
    defuse_frame(_tabular(t)).to_csv(path, index=False, encoding="utf-8-sig", float_format="%.10g",
                                     lineterminator="\r\n")


def _write_xlsx(t: LayerTable, path: Path, feedback: Feedback) -> None:
    from openpyxl import Workbook

    from gis.reports.cells import append

    frame = _tabular(t)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(t.label[:31])
    append(ws, list(frame.columns))
    for n, values in enumerate(frame.itertuples(index=False, name=None)):
        if n % 2000 == 0:
            feedback.step(n, len(frame), f"正在写入 {path.name}：行")
        append(ws, [None if (isinstance(v, float) and np.isnan(v)) else v for v in values])
    save_workbook(wb, path)


def export(project: Project, layers: list[str] | str, path: str | Path, fmt: str | None = None, *,
           ids=None, encoding: str | None = None, title: str | None = None, label: str | None = None,
           feedback: Feedback | None = None) -> list[Path]:
    """Write `layers` (all of one format) to `path`; `ids` selects features of a single layer, `label` names
    it in the file (GeoPackage/GeoJSON layer, KML folder, XLSX sheet; default its own label, 企业场所…).
    Returns the files written. They are written in a hidden folder beside `path` and moved into
    place at the end (gis.atomic.atomic_folder), so a cancel (through `feedback`) or a failure leaves no
    partial file behind and an existing file as it was."""
    feedback = ensure(feedback)
    path = Path(path)
    fmt = format_for(path, fmt)
    names = list(LAYERS) if layers == "all" else [layers] if isinstance(layers, str) else list(layers)
    for name in names:
        if name not in LAYERS:
            raise ExportError(f"没有图层“{name}”，可导出的图层：{'、'.join(LAYERS)}",
                              en=f"There is no layer \"{name}\"; the layers you can export: {', '.join(LAYERS)}")
    if len(names) > 1 and fmt not in MULTI_LAYER:
        raise ExportError(f"{fmt} 格式一个文件只能放一个图层，请分别导出（或用 gpkg/kml/kmz 导出多个图层）",
                          en=f"A {fmt} file holds only one layer; please export them one by one (or use gpkg/kml/kmz "
                             "for several layers)")
    if ids is not None and len(names) != 1:
        raise ExportError("按选择导出时只能指定一个图层", en="Exporting a selection takes exactly one layer")
    if path.is_dir():
        raise ExportError(f"{path} 是一个文件夹，请给出文件名", en=f"{path} is a folder; please give a file name")
    path.parent.mkdir(parents=True, exist_ok=True)
    read = feedback.sub(0.0, 0.5)
    tables = []
    for i, n in enumerate(names):
        read.step(i, len(names), "正在读取图层")
        tables.append(layer_table(project, n, ids))
    if label is not None and len(tables) == 1:
        tables = [replace(tables[0], label=_layer_names([label])[0])]
    return _stage(project, tables, path, fmt, encoding, title, feedback)


def _stage(project: Project, tables: list[LayerTable], path: Path, fmt: str, encoding: str | None,
           title: str | None, feedback: Feedback) -> list[Path]:
    with atomic_folder(path.parent) as tmp:      # with a shapefile's .shx/.dbf/.prj/.cpg
        staged = _write(tables, tmp / path.name, fmt, encoding, title or project.name, feedback.sub(0.5, 1.0))
        feedback.check()          # the last checkpoint: after it the files are moved into place
    return [path.parent / p.name for p in staged]


def export_layers(project: Project, parts: list[tuple[str, str, list[int] | None]], path: str | Path,
                  fmt: str | None = None, *, title: str | None = None,
                  feedback: Feedback | None = None) -> list[Path]:
    """Every layer into one GeoPackage/KML/KMZ, named as the layer panel names them: `parts` are the panel's
    layers as (name, data layer, ids of the features it shows or None for all). So that the file holds every
    feature, a data layer the panel does not show follows whole under its own label (企业场所…), and the
    features of one the panel shows only in part (its layers all filtered) that none of them shows follow as
    "<label>（其余）". Names are made unique and valid for the format (GeoPackage table names)."""
    feedback = ensure(feedback)
    path = Path(path)
    fmt = format_for(path, fmt)
    if fmt not in MULTI_LAYER:
        raise ExportError(f"{fmt} 格式一个文件只能放一个图层，请分别导出（或用 gpkg/kml/kmz 导出多个图层）",
                          en=f"A {fmt} file holds only one layer; please export them one by one (or use gpkg/kml/kmz "
                             "for several layers)")
    if path.is_dir():
        raise ExportError(f"{path} 是一个文件夹，请给出文件名", en=f"{path} is a folder; please give a file name")
    shown: dict[str, list[tuple[str, list[int] | None]]] = {}
    for name, layer, ids in parts:
        if layer not in LAYERS:
            raise ExportError(f"没有图层“{layer}”，可导出的图层：{'、'.join(LAYERS)}",
                              en=f"There is no layer \"{layer}\"; the layers you can export: {', '.join(LAYERS)}")
        shown.setdefault(layer, []).append((name, ids))
    path.parent.mkdir(parents=True, exist_ok=True)
    read = feedback.sub(0.0, 0.5)
    named: list[tuple[str, LayerTable]] = []      # in the panel's order, then the data layers it does not show
    order = list(dict.fromkeys([layer for _n, layer, _i in parts] + list(LAYERS)))
    for i, layer in enumerate(order):
        read.step(i, len(order), "正在读取图层")
        table = layer_table(project, layer)
        if layer not in shown:
            named.append((table.label, table))
            continue
        ids_of = table.frame[ID_LABEL].to_numpy()
        seen = np.zeros(len(ids_of), dtype=bool)
        for name, ids in shown[layer]:
            keep = np.ones(len(ids_of), dtype=bool) if ids is None else np.isin(ids_of, np.asarray(ids, dtype=np.int64))
            seen |= keep
            named.append((name, _subset(table, keep)))
        if not seen.all():
            named.append((f"{table.label}（其余）", _subset(table, ~seen)))
    labels = _layer_names([name for name, _t in named])
    tables = [replace(t, label=label) for label, (_name, t) in zip(labels, named)]
    return _stage(project, tables, path, fmt, None, title, feedback)


def _subset(t: LayerTable, keep: np.ndarray) -> LayerTable:
    return replace(t, frame=t.frame[keep].reset_index(drop=True), geoms=t.geoms[keep])


GPKG_NAME_CHARS = 60     # a table name GDAL and other readers (QGIS, ArcGIS) take comfortably


def _layer_names(names: list[str]) -> list[str]:
    """The names as layer names of a GeoPackage (a table each): no control characters or quotes, not empty, not
    gpkg_/rtree_ (reserved), at most GPKG_NAME_CHARS characters, unique ignoring case (名称_2, 名称_3 …)."""
    out: list[str] = []
    taken: set[str] = set()
    for name in names:
        clean = "".join(c for c in str(name) if c.isprintable() and c not in "\"'`[]").strip() or "图层"
        if clean.lower().startswith(("gpkg_", "rtree_", "sqlite_")):
            clean = "_" + clean
        clean = clean[:GPKG_NAME_CHARS]
        unique, n = clean, 1
        while unique.lower() in taken:
            n += 1
            unique = f"{clean[:GPKG_NAME_CHARS - 4]}_{n}"
        taken.add(unique.lower())
        out.append(unique)
    return out


def _write(tables: list[LayerTable], path: Path, fmt: str, encoding: str | None, title: str,
           feedback: Feedback) -> list[Path]:
    feedback.progress(0.0, f"正在写入 {path.name}")
    if fmt in ("kml", "kmz"):
        write_kml(tables, path, title, kmz=fmt == "kmz")
        return [path]
    if fmt == "gpkg":
        for i, t in enumerate(tables):
            feedback.step(i, len(tables), f"正在写入 {path.name}")
            _write_ogr(_gdf(t), path, "GPKG", layer=t.label)
        return [path]
    t = tables[0]
    if fmt == "shp":
        return _write_shp(t, path, encoding)
    if fmt == "geojson":
        _write_ogr(_gdf(t), path, "GeoJSON", layer=t.label)
    elif fmt == "csv":
        _write_csv(t, path)
    else:
        _write_xlsx(t, path, feedback)
    return [path]
