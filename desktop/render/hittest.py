"""Which drawn features lie under a screen point or inside a screen rectangle.

The data layer's STRtree (CGCS2000) narrows the candidates by a box; exact distances are measured in
Web Mercator against the click tolerance in pixels. Only features the layer actually draws count.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from desktop.render.layerstack import LayerStack, MapLayer
from desktop.render.viewport import MapView
from gis.geo.crs import DISPLAY, STORAGE, transformer


@dataclass(frozen=True)
class Hit:
    layer: MapLayer
    index: int        # row in the data layer
    id: int           # database id
    distance: float   # pixels; 0 inside a polygon

    @property
    def source(self) -> str:
        return self.layer.source.name


def _candidates(layer: MapLayer, box3857: tuple[float, float, float, float]) -> np.ndarray:
    t = transformer(DISPLAY, STORAGE)
    lon, lat = t.transform([box3857[0], box3857[2]], [box3857[1], box3857[3]])
    idx = layer.source.layer.query_box(lon[0], lat[0], lon[1], lat[1])
    return idx[layer.classes[idx] >= 0] if len(idx) else idx


def identify(stack: LayerStack, view: MapView, sx: float, sy: float, tolerance: float = 6.0) -> list[Hit]:
    """Features under the pixel (sx, sy), the top layer's first, nearest first within a layer; a feature drawn by
    several layers (a grid's boundary and its hazard shading, a patrol task's stops over the sites) once, as the
    topmost of them."""
    x, y = (float(v) for v in view.to_map(sx, sy))
    tol = tolerance * view.resolution
    hits: list[Hit] = []
    seen: set[tuple[str, int]] = set()
    p = shapely.Point(x, y)
    for layer in stack.vector_layers():
        if not layer.visible or not len(layer.source):
            continue
        src = layer.source
        if src.kind == "point":   # symbols may be drawn offset (a hazard beside its site): test where drawn
            offsets = np.array([s.offset for s in layer.style.symbols] + [(0.0, 0.0)])
            reach = tol + float(np.abs(offsets).max()) * view.resolution
            idx = _candidates(layer, (x - reach, y - reach, x + reach, y + reach))
            if not len(idx):
                continue
            off = offsets[layer.classes[idx]] * view.resolution
            d = np.hypot(src.xy[idx, 0] + off[:, 0] - x, src.xy[idx, 1] - off[:, 1] - y)
        else:
            idx = _candidates(layer, (x - tol, y - tol, x + tol, y + tol))
            if not len(idx):
                continue
            d = shapely.distance(src.geoms[idx], p)
        keep = d <= tol
        idx, d = idx[keep], d[keep]
        for i in np.argsort(d, kind="stable"):
            if (src.name, int(idx[i])) in seen:
                continue
            seen.add((src.name, int(idx[i])))
            hits.append(Hit(layer, int(idx[i]), int(src.layer.ids[idx[i]]), float(d[i] / view.resolution)))
    return hits


def select_box(stack: LayerStack, view: MapView, x0: float, y0: float, x1: float, y1: float,
               layers: list[str] | None = None) -> dict[str, np.ndarray]:
    """Features drawn by visible layers that meet the screen rectangle: source name → indices."""
    (mx0, mx1), (my1, my0) = view.to_map([min(x0, x1), max(x0, x1)], [min(y0, y1), max(y0, y1)])
    box = shapely.box(float(mx0), float(my0), float(mx1), float(my1))
    out: dict[str, np.ndarray] = {}
    for layer in stack.vector_layers():
        if not layer.visible or (layers is not None and layer.id not in layers) or not len(layer.source):
            continue
        idx = _candidates(layer, (float(mx0), float(my0), float(mx1), float(my1)))
        if len(idx):
            idx = idx[shapely.intersects(layer.source.geoms[idx], box)]
        if len(idx):
            name = layer.source.name
            out[name] = np.union1d(out.get(name, np.zeros(0, dtype=np.int64)), idx)
    return out
