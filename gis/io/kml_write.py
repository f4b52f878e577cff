"""KML and KMZ that 奥维互动地图 and Google Earth open: one folder per layer, each placemark with its
<name>, a <description> table of the Chinese attributes and the same in <ExtendedData>.

The text is written directly (escaped strings joined in lists), not built as an element tree: a
county's 36,000 sites with fifty attributes each is two million elements, which a DOM takes tens of
seconds to build and serialise.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import shapely

from .table_export import LayerTable

NS = "http://www.opengis.net/kml/2.2"
DECIMALS = 9  # 1e-9° ≈ 0.1 mm
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold


def _esc(text: str) -> str:
    return escape(_NOT_XML.sub("", text))


def _number(v: float) -> str:
    return f"{v:.{DECIMALS}f}".rstrip("0").rstrip(".")


def _coords(coords) -> str:
    return " ".join(f"{_number(x)},{_number(y)}" for x, y in np.asarray(coords)[:, :2])


def _geometry(g) -> str:
    kind = g.geom_type
    if kind == "Point":
        return f"<Point><coordinates>{_number(g.x)},{_number(g.y)}</coordinates></Point>"
    if kind == "LineString":
        return f"<LineString><tessellate>1</tessellate><coordinates>{_coords(g.coords)}</coordinates></LineString>"
    if kind == "Polygon":
        rings = [f"<outerBoundaryIs><LinearRing><coordinates>{_coords(g.exterior.coords)}</coordinates>"
                 "</LinearRing></outerBoundaryIs>"]
        rings += [f"<innerBoundaryIs><LinearRing><coordinates>{_coords(h.coords)}</coordinates>"
                  "</LinearRing></innerBoundaryIs>" for h in g.interiors]
        return f"<Polygon><tessellate>1</tessellate>{''.join(rings)}</Polygon>"
    return f"<MultiGeometry>{''.join(_geometry(part) for part in g.geoms)}</MultiGeometry>"  # Multi*, collections


def _column_text(values) -> list[str]:
    """A column's cells as the text a placemark shows: blanks empty, whole floats without '.0'."""
    out = []
    for v in values:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            out.append("")
        elif isinstance(v, float) and v.is_integer():
            out.append(str(int(v)))
        else:
            out.append(str(v))
    return out


def _description(pairs) -> str:
    rows = "".join(f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in pairs if v)
    return _esc(f'<table border="1" cellpadding="2" style="border-collapse:collapse">{rows}</table>')


def _folder(table: LayerTable) -> str:
    headers = [str(h) for h in table.frame.columns]
    texts = [_column_text(table.frame[h].tolist()) for h in table.frame.columns]
    data_open = [f"<Data name={quoteattr(_NOT_XML.sub('', h))}><value>" for h in headers]
    name_at = headers.index(table.name_column) if table.name_column in headers else None
    code_at = headers.index("编码") if "编码" in headers else None
    id_at = headers.index("ID") if "ID" in headers else None
    present = np.array([g is not None for g in table.geoms], dtype=bool)
    present[present] = ~shapely.is_empty(table.geoms[present])
    parts = [f"<Folder><name>{_esc(table.label)}</name>"]
    for i in np.flatnonzero(present):
        values = [t[i] for t in texts]
        name = (values[name_at] if name_at is not None else "") or (values[code_at] if code_at is not None else "") \
            or f"{table.label}{values[id_at] if id_at is not None else ''}"
        pairs = list(zip(headers, values, strict=True))
        extended = "".join(f"{opening}{_esc(v)}</value></Data>" for opening, v in zip(data_open, values, strict=True))
        parts.append(f"<Placemark><name>{_esc(name)}</name><description>{_description(pairs)}</description>"
                     f"<ExtendedData>{extended}</ExtendedData>{_geometry(table.geoms[i])}</Placemark>")
    parts.append("</Folder>")
    return "\n".join(parts)


def kml_bytes(tables: list[LayerTable], title: str) -> bytes:
    body = "\n".join(_folder(t) for t in tables)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="{NS}"><Document><name>{_esc(title)}</name>\n'
            f"{body}\n</Document></kml>\n").encode("utf-8")


def write_kml(tables: list[LayerTable], path: Path, title: str, *, kmz: bool) -> None:
    data = kml_bytes(tables, title)
    if kmz:
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("doc.kml", data)
    else:
        path.write_bytes(data)
