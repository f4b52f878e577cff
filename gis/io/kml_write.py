"""KML and KMZ that 奥维互动地图 and Google Earth open: one folder per layer, each placemark with its
<name>, a <description> table of the Chinese attributes and the same in <ExtendedData>."""
from __future__ import annotations

import html
import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, tostring

import numpy as np

from .table_export import LayerTable

NS = "http://www.opengis.net/kml/2.2"
PRECISION = "{:.9f}"  # 1e-9° ≈ 0.1 mm


def _coords(coords) -> str:
    return " ".join(f"{PRECISION.format(x).rstrip('0').rstrip('.')},{PRECISION.format(y).rstrip('0').rstrip('.')}"
                    for x, y in np.asarray(coords)[:, :2])


def _geometry(parent: Element, g) -> None:
    kind = g.geom_type
    if kind == "Point":
        SubElement(SubElement(parent, "Point"), "coordinates").text = _coords(g.coords)
    elif kind == "LineString":
        line = SubElement(parent, "LineString")
        SubElement(line, "tessellate").text = "1"
        SubElement(line, "coordinates").text = _coords(g.coords)
    elif kind == "Polygon":
        poly = SubElement(parent, "Polygon")
        SubElement(poly, "tessellate").text = "1"
        ring = SubElement(SubElement(poly, "outerBoundaryIs"), "LinearRing")
        SubElement(ring, "coordinates").text = _coords(g.exterior.coords)
        for hole in g.interiors:
            r = SubElement(SubElement(poly, "innerBoundaryIs"), "LinearRing")
            SubElement(r, "coordinates").text = _coords(hole.coords)
    else:  # Multi* and collections
        multi = SubElement(parent, "MultiGeometry")
        for part in g.geoms:
            _geometry(multi, part)


def _text(v) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _description(pairs: list[tuple[str, str]]) -> str:
    rows = "".join(f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>" for k, v in pairs if v)
    return f'<table border="1" cellpadding="2" style="border-collapse:collapse">{rows}</table>'


def _folder(doc: Element, table: LayerTable) -> None:
    folder = SubElement(doc, "Folder")
    SubElement(folder, "name").text = table.label
    headers = list(table.frame.columns)
    for values, g in zip(table.frame.itertuples(index=False, name=None), table.geoms, strict=True):
        if g is None or g.is_empty:
            continue
        pairs = [(h, _text(v)) for h, v in zip(headers, values, strict=True)]
        record = dict(pairs)
        pm = SubElement(folder, "Placemark")
        name = record.get(table.name_column or "") or record.get("编码") or f"{table.label}{record.get('ID', '')}"
        SubElement(pm, "name").text = name
        SubElement(pm, "description").text = _description(pairs)
        ext = SubElement(pm, "ExtendedData")
        for k, v in pairs:
            data = SubElement(ext, "Data", name=k)
            SubElement(data, "value").text = v
        _geometry(pm, g)


def kml_bytes(tables: list[LayerTable], title: str) -> bytes:
    root = Element("kml", xmlns=NS)
    doc = SubElement(root, "Document")
    SubElement(doc, "name").text = title
    for t in tables:
        _folder(doc, t)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8")


def write_kml(tables: list[LayerTable], path: Path, title: str, *, kmz: bool) -> None:
    data = kml_bytes(tables, title)
    if kmz:
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("doc.kml", data)
    else:
        path.write_bytes(data)
