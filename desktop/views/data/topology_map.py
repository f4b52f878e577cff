"""The topology check's findings on the map: two temporary display layers in red over everything (the way
desktop/views/stats/choropleth.py adds its layer): the gap, overlap and outside parts as polygons, and a marker
at every finding (a dangling end, a site outside, where a geometry is invalid; a point on each area, so a
gap of a few square metres still shows at county scale). Nothing is read from the project; the layers are
removed by `remove` (a new check replaces them)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from desktop.render.geometry import ProjectedLayer
from desktop.render.layerstack import LayerStack, MapLayer
from desktop.render.styles import Category, LayerSpec, Style, Symbol
from gis.layers import Layer

AREAS, MARKERS = "topology_areas", "topology_markers"
GROUP = "行政区划与网格"
RED = "#e31a1c"
AREA_SYMBOL = Symbol(fill="#99e31a1c", stroke=RED, width=2.0)
MARKER_SYMBOL = Symbol(fill=None, stroke=RED, width=3.0, size=18, shape="circle")   # a ring: not a site's dot


def _layer(name: str, title: str, geoms: np.ndarray, kinds: list[str], symbol: Symbol) -> MapLayer:
    ids = np.arange(len(geoms), dtype=np.int64)
    data = Layer(name, ids, np.asarray(geoms, dtype=object), pd.DataFrame({"kind": pd.Series(kinds, dtype=object)}))
    style = Style(title, "single", (Category(title, symbol),))
    return MapLayer(LayerSpec(name, title, GROUP, name, (style,), None, None, True), ProjectedLayer(data))


def make_layers(findings, area_title: str, marker_title: str) -> list[MapLayer]:
    """The areas layer (polygonal findings) and the markers layer (one point per finding)."""
    geoms = np.array([f.geometry for f in findings], dtype=object)
    kinds = [f.kind for f in findings]
    if not len(geoms):
        geoms = np.array([], dtype=object)
    polygonal = np.isin(shapely.get_type_id(geoms), (3, 6)) if len(geoms) else np.zeros(0, bool)
    markers = shapely.point_on_surface(geoms) if len(geoms) else geoms
    return [_layer(MARKERS, marker_title, markers, kinds, MARKER_SYMBOL),
            _layer(AREAS, area_title, geoms[polygonal], [k for k, p in zip(kinds, polygonal, strict=True) if p],
                   AREA_SYMBOL)]


def show(stack: LayerStack, layers: list[MapLayer]) -> None:
    """Put (or replace) the layers at the top of the map (drawn over every other layer)."""
    remove(stack)
    for layer in reversed(layers):
        stack.insert(layer, 0)


def remove(stack: LayerStack | None) -> bool:
    if stack is None:
        return False
    gone = False
    for name in (MARKERS, AREAS):
        try:
            stack.layer(name)
        except KeyError:
            continue
        stack.remove(name)
        gone = True
    return gone
