"""Builders of the test fixtures: real files written into tmp_path (GBK shapefiles without .cpg,
Gauss-Krüger coordinates, GCJ-02 spreadsheets, KMZ with folders …)."""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
from openpyxl import Workbook
from shapely.geometry import Point

from gis.geo.webcoords import wgs_to_gcj
from gis.model import AdminUnit, Grid, LineAsset, Site, Zone

# three sites inside the small world's grids (tests/smallworld.py: 113.2–113.4 E, 33.6–33.7 N)
SITES = [("顺达五金店", "九小场所", "张庄村东街8号", 113.215, 33.615),
         ("福满楼饭店", "餐饮", "李楼社区中街2号", 113.335, 33.665),
         ("荆山液化气站", "液化气站", "荆山路99号", 113.385, 33.685)]


def counts(project) -> dict[str, int]:
    with project.session() as s:
        return {m.__tablename__: s.query(m).count() for m in (Site, Grid, AdminUnit, LineAsset, Zone)}


def sites_frame(crs: str = "EPSG:4490") -> gpd.GeoDataFrame:
    pts = [Point(x, y) for *_, x, y in SITES]
    df = gpd.GeoDataFrame({"企业名称": [s[0] for s in SITES], "行业": [s[1] for s in SITES],
                           "地址": [s[2] for s in SITES], "从业人数": [5, 12, 3]},
                          geometry=pts, crs="EPSG:4490")
    return df.to_crs(crs) if crs != "EPSG:4490" else df


def write_shp(df: gpd.GeoDataFrame, path: Path, *, encoding: str = "GBK", cpg: bool = True,
              prj: bool = True) -> Path:
    pyogrio.write_dataframe(df, path, encoding=encoding)
    if not cpg:
        path.with_suffix(".cpg").unlink()
    if not prj:
        path.with_suffix(".prj").unlink(missing_ok=True)
    return path


def gbk_shapefile_without_cpg(tmp: Path) -> Path:
    return write_shp(sites_frame(), tmp / "企业_gbk.shp", encoding="GBK", cpg=False)


def gk_shapefile_without_prj(tmp: Path) -> Path:
    """Sites in CGCS2000 3° zone 38 with the zone number in the easting (EPSG:4526), no .prj."""
    return write_shp(sites_frame("EPSG:4526"), tmp / "测量成果.shp", prj=False)


def gcj_workbook(tmp: Path) -> Path:
    """An enterprise list with coordinates picked on Amap (GCJ-02)."""
    lon = np.array([s[3] for s in SITES])
    lat = np.array([s[4] for s in SITES])
    glon, glat = wgs_to_gcj(lon, lat)
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "单位名称", "行业类别", "详细地址", "经度", "纬度", "联系电话"])
    for i, (s, x, y) in enumerate(zip(SITES, glon, glat, strict=True), start=1):
        ws.append([i, s[0], s[1], s[2], float(x), float(y), 13800000000 + i])
    path = tmp / "高德坐标企业名单.xlsx"
    wb.save(path)
    return path


def kml_text(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>{body}</Document></kml>'


def placemark(name: str, x: float, y: float, extra: dict | None = None) -> str:
    data = "".join(f'<Data name="{k}"><value>{v}</value></Data>' for k, v in (extra or {}).items())
    return (f"<Placemark><name>{name}</name><description>巡查点</description><ExtendedData>{data}</ExtendedData>"
            f"<Style><IconStyle><scale>1.2</scale></IconStyle></Style>"
            f"<Point><coordinates>{x},{y},0</coordinates></Point></Placemark>")


def kmz_with_folders(tmp: Path) -> Path:
    """As 奥维 exports: nested folders, placemarks with ExtendedData, a style, an image beside the KML."""
    body = ("<Style id='s'><IconStyle><color>ff0000ff</color></IconStyle></Style>"
            "<Folder><name>荆山街道</name>"
            f"<Folder><name>餐饮</name>{placemark(SITES[1][0], SITES[1][3], SITES[1][4], {'行业': '餐饮', '地址': SITES[1][2]})}</Folder>"
            f"<Folder><name>九小场所</name>{placemark(SITES[0][0], SITES[0][3], SITES[0][4], {'行业': '九小场所'})}"
            f"{placemark(SITES[2][0], SITES[2][3], SITES[2][4], {'行业': '液化气站'})}</Folder>"
            "</Folder>")
    path = tmp / "奥维标注.kmz"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("doc.kml", kml_text(body))
        zf.writestr("files/icon.png", b"\x89PNG\r\n")
    return path


def truncate(path: Path, keep: float = 0.5) -> Path:
    size = os.path.getsize(path)
    with open(path, "r+b") as f:
        f.truncate(int(size * keep))
    return path
