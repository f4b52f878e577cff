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
import pandas as pd
import shapely

from gis.atomic import atomic_path
from gis.io.table_export import LayerTable

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


def _text(v) -> str:
    """A cell as the text a placemark shows: blanks empty, whole floats without '.0'."""
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _column(header: str, values) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One column's per-row pieces: its text, its <Data> element and its row of the description table.
    Each distinct value is formatted and escaped once (most attribute columns are empty or repetitive)."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    texts = [_text(u) for u in uniques] + [""]  # the last one for missing cells (code -1)
    opening = f"<Data name={quoteattr(_NOT_XML.sub('', header))}><value>"
    data = np.array([f"{opening}{_esc(t)}</value></Data>" for t in texts], dtype=object)
    head = escape(header)
    rows = np.array([_esc(f"<tr><td>{head}</td><td>{escape(t)}</td></tr>") if t else "" for t in texts], dtype=object)
    return np.array(texts, dtype=object)[codes], data[codes], rows[codes]


def _folder(table: LayerTable) -> str:
    n = len(table.frame)
    texts: dict[str, np.ndarray] = {}
    data_columns, row_columns = [], []
    for h in table.frame.columns:
        texts[str(h)], data, row = _column(str(h), table.frame[h].tolist())
        data_columns.append(data)
        row_columns.append(row)
    extended = ["".join(cells) for cells in zip(*data_columns, strict=True)] if data_columns else [""] * n
    rows = ["".join(cells) for cells in zip(*row_columns, strict=True)] if row_columns else [""] * n
    blank = np.full(n, "", dtype=object)
    names = texts.get(table.name_column or "", blank)
    codes = texts.get("编码", blank)
    ids = texts.get("ID", blank)
    present = np.array([g is not None for g in table.geoms], dtype=bool)
    present[present] = ~shapely.is_empty(table.geoms[present])
    table_open = _esc('<table border="1" cellpadding="2" style="border-collapse:collapse">')
    table_close = _esc("</table>")
    parts = [f"<Folder><name>{_esc(table.label)}</name>"]
    for i in np.flatnonzero(present):
        name = names[i] or codes[i] or f"{table.label}{ids[i]}"
        parts.append(f"<Placemark><name>{_esc(name)}</name><description>{table_open}{rows[i]}{table_close}"
                     f"</description><ExtendedData>{extended[i]}</ExtendedData>{_geometry(table.geoms[i])}</Placemark>")
    parts.append("</Folder>")
    return "\n".join(parts)


def kml_bytes(tables: list[LayerTable], title: str) -> bytes:
    body = "\n".join(_folder(t) for t in tables)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="{NS}"><Document><name>{_esc(title)}</name>\n'
            f"{body}\n</Document></kml>\n").encode("utf-8")


def write_kml(tables: list[LayerTable], path: Path, title: str, *, kmz: bool) -> None:
    data = kml_bytes(tables, title)
    with atomic_path(path) as tmp:
        if kmz:
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                zf.writestr("doc.kml", data)
        else:
            tmp.write_bytes(data)
