"""KML and KMZ (奥维互动地图, Google Earth): folders, placemarks and ExtendedData, parsed safely.

Styles are ignored; NetworkLinks and other references are never fetched (listed in the notes).
A KMZ is a zip: its members are bounded in count and size, and a member whose name would escape the
archive's folder is refused.
"""
from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import Element

import numpy as np
import pandas as pd
from shapely.geometry import LinearRing, LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from gis.io import safexml
from gis.io.errors import DataFileError
from gis.io.safexml import child, children, local, text_of
from gis.io.source import RowProblem, SourceData, numbered

MAX_MEMBERS = 1000
MAX_KML_BYTES = 200 * 1024 * 1024
NAME, DESCRIPTION, FOLDER = "name", "description", "文件夹"
CONTAINERS = ("Document", "Folder")


def _coords(text: str | None) -> list[tuple[float, float]]:
    out = []
    for token in (text or "").split():
        parts = token.split(",")
        if len(parts) < 2:
            raise ValueError(token)
        out.append((float(parts[0]), float(parts[1])))
    return out


def _geometry(el: Element) -> list[BaseGeometry]:
    tag = local(el.tag)
    if tag == "Point":
        pts = _coords(text_of(el, "coordinates"))
        return [Point(pts[0])] if pts else []
    if tag == "LineString":
        return [LineString(_coords(text_of(el, "coordinates")))]
    if tag == "LinearRing":
        return [Polygon(LinearRing(_coords(text_of(el, "coordinates"))))]
    if tag == "Polygon":
        outer = child(el, "outerBoundaryIs")
        ring = child(outer, "LinearRing") if outer is not None else None
        if ring is None:
            return []
        holes = []
        for inner in children(el, "innerBoundaryIs"):
            for r in children(inner, "LinearRing"):
                holes.append(_coords(text_of(r, "coordinates")))
        return [Polygon(_coords(text_of(ring, "coordinates")), holes)]
    if tag == "MultiGeometry":
        return [g for c in el for g in _geometry(c)]
    return []


def _combine(parts: list[BaseGeometry]) -> BaseGeometry | None:
    import shapely

    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    kinds = {p.geom_type for p in parts}
    if kinds == {"Point"}:
        return shapely.multipoints(parts)
    if kinds == {"LineString"}:
        return shapely.multilinestrings(parts)
    if kinds == {"Polygon"}:
        return shapely.multipolygons(parts)
    return shapely.geometrycollections(parts)


def _extended(pm: Element) -> dict[str, str]:
    out: dict[str, str] = {}
    ext = child(pm, "ExtendedData")
    if ext is None:
        return out
    for data in children(ext, "Data"):
        key = data.get("name")
        if key:
            out[key] = (text_of(data, "value") or "")
    for schema_data in children(ext, "SchemaData"):
        for sd in children(schema_data, "SimpleData"):
            key = sd.get("name")
            if key:
                out[key] = (sd.text or "").strip()
    return out


def _walk(el: Element, folders: tuple[str, ...], records: list, notes: list[tuple[str, str]]) -> None:
    for c in el:
        tag = local(c.tag)
        if tag in CONTAINERS:
            name = text_of(c, "name")
            _walk(c, folders + ((name,) if tag == "Folder" and name else ()), records, notes)
        elif tag == "Placemark":
            records.append((c, "/".join(folders)))
        elif tag == "NetworkLink":
            name = text_of(c, "name") or ""
            notes.append((f"已忽略网络链接“{name}”（不会联网获取）",
                          f"The network link \"{name}\" was ignored (nothing is fetched from the network)"))
        elif tag in ("GroundOverlay", "ScreenOverlay", "PhotoOverlay"):
            name = text_of(c, "name") or ""
            notes.append((f"已忽略图片叠加层“{name}”", f"The image overlay \"{name}\" was ignored"))


def parse_kml(data: bytes, path: Path, fmt: str, member: str | None = None) -> SourceData:
    root = safexml.parse(data, path, member)
    records: list[tuple[Element, str]] = []
    notes: list[tuple[str, str]] = []
    _walk(root, (), records, notes)
    rows, geoms, problems = [], [], []
    for i, (pm, folder) in enumerate(records, start=1):
        row = {NAME: text_of(pm, NAME), DESCRIPTION: text_of(pm, DESCRIPTION), FOLDER: folder}
        row.update(_extended(pm))
        rows.append(row)
        try:
            geoms.append(_combine([g for c in pm for g in _geometry(c)]))
        except (ValueError, IndexError, TypeError) as e:
            problems.append(RowProblem(i, "coordinates", f"坐标无法识别（{e}）", f"the coordinates cannot be read ({e})"))
            geoms.append(None)
    frame = pd.DataFrame(rows, columns=list(dict.fromkeys(k for r in rows for k in r)) or [NAME])
    return SourceData(path, fmt, frame, np.array(geoms, dtype=object), numbered(len(frame)), crs="EPSG:4326",
                      encoding="utf-8", notes=notes, problems=problems)


def _safe_member_name(name: str) -> bool:
    p = PurePosixPath(name.replace("\\", "/"))
    return not (name.startswith(("/", "\\")) or ":" in name or ".." in p.parts)


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> bytes:
    if info.file_size > MAX_KML_BYTES:
        raise DataFileError(f"KMZ 文件 {path.name} 中的 {info.filename} 解压后过大（超过 {MAX_KML_BYTES // 2**20} MB），拒绝读取",
                            en=f"{info.filename} in KMZ file {path.name} is too large unpacked (over "
                               f"{MAX_KML_BYTES // 2**20} MB); it was not read")
    with zf.open(info) as f:
        data = f.read(MAX_KML_BYTES + 1)  # the declared size may lie: read at most the bound
    if len(data) > MAX_KML_BYTES:
        raise DataFileError(f"KMZ 文件 {path.name} 中的 {info.filename} 解压后过大，拒绝读取",
                            en=f"{info.filename} in KMZ file {path.name} is too large unpacked; it was not read")
    return data


def read_kmz(path: Path) -> SourceData:
    data, member = kmz_document(path)
    return parse_kml(data, path, "kmz", member)


def kmz_document(path: Path) -> tuple[bytes, str]:
    """The KML document inside a KMZ (doc.kml, else the shallowest .kml) and its member name, read within the
    bounds on members and sizes."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise DataFileError(f"KMZ 文件 {path.name} 含有 {len(infos)} 个成员，超过上限 {MAX_MEMBERS}，拒绝读取",
                                    en=f"KMZ file {path.name} has {len(infos)} members, more than the limit of "
                                       f"{MAX_MEMBERS}; it was not read")
            bad = [i.filename for i in infos if not _safe_member_name(i.filename)]
            if bad:
                raise DataFileError(f"KMZ 文件 {path.name} 含有越出压缩包目录的成员“{bad[0]}”，拒绝读取",
                                    en=f"KMZ file {path.name} has a member outside the archive's folder "
                                       f"(\"{bad[0]}\"); it was not read")
            kmls = [i for i in infos if i.filename.lower().endswith(".kml")]
            if not kmls:
                raise DataFileError(f"KMZ 文件 {path.name} 中没有 KML 文档",
                                    en=f"KMZ file {path.name} holds no KML document")
            main = next((i for i in kmls if i.filename.lower() == "doc.kml"), None) or \
                min(kmls, key=lambda i: (i.filename.count("/"), i.filename))
            data = _read_member(zf, main, path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as e:
        raise DataFileError(f"KMZ 文件 {path.name} 已损坏或不完整（{e}）",
                            en=f"KMZ file {path.name} is damaged or incomplete ({e})") from e
    return data, main.filename


def read_kml(path: Path) -> SourceData:
    if path.stat().st_size > MAX_KML_BYTES:
        raise DataFileError(f"KML 文件 {path.name} 超过 {MAX_KML_BYTES // 2**20} MB，拒绝读取",
                            en=f"KML file {path.name} is larger than {MAX_KML_BYTES // 2**20} MB; it was not read")
    return parse_kml(path.read_bytes(), path, "kml")
