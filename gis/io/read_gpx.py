"""GPX from GPS receivers and phone apps: tracks and routes as lines (waypoints when there are none)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, Point

from gis.io import safexml
from gis.io.errors import DataFileError
from gis.io.safexml import children, local, text_of
from gis.io.source import RowProblem, SourceData, numbered

MAX_GPX_BYTES = 200 * 1024 * 1024


def _points(el, tag: str) -> list[tuple[float, float]]:
    return [(float(p.get("lon")), float(p.get("lat"))) for p in el if local(p.tag) == tag]


def read_gpx(path: Path) -> SourceData:
    if path.stat().st_size > MAX_GPX_BYTES:
        raise DataFileError(f"GPX 文件 {path.name} 超过 {MAX_GPX_BYTES // 2**20} MB，拒绝读取",
                            en=f"GPX file {path.name} is larger than {MAX_GPX_BYTES // 2**20} MB; it was not read")
    root = safexml.parse(path.read_bytes(), path)
    rows, geoms, problems = [], [], []
    lines = children(root, "trk") + children(root, "rte")
    items = lines or children(root, "wpt")
    for i, el in enumerate(items, start=1):
        kind = {"trk": "航迹", "rte": "路线", "wpt": "航点"}[local(el.tag)]
        rows.append({"name": text_of(el, "name"), "desc": text_of(el, "desc"), "type": text_of(el, "type"),
                     "类型": kind})
        try:
            if kind == "航迹":
                segs = [LineString(_points(s, "trkpt")) for s in children(el, "trkseg")]
                geoms.append(segs[0] if len(segs) == 1 else shapely.multilinestrings(segs) if segs else None)
            elif kind == "路线":
                geoms.append(LineString(_points(el, "rtept")))
            else:
                geoms.append(Point(float(el.get("lon")), float(el.get("lat"))))
        except (TypeError, ValueError, shapely.errors.GEOSException) as e:
            problems.append(RowProblem(i, "lat/lon", f"坐标缺失或无法识别（{e}）",
                                       f"the coordinates are missing or cannot be read ({e})"))
            geoms.append(None)
    frame = pd.DataFrame(rows, columns=["name", "desc", "type", "类型"])
    return SourceData(path, "gpx", frame, np.array(geoms, dtype=object), numbered(len(frame)), crs="EPSG:4326",
                      encoding="utf-8", problems=problems)
