"""A KPI on the map (专题图): the grid or village polygons coloured by the KPI's value per group.

A temporary display layer (desktop.render.layerstack.MapLayer) over the map's own grid or village source:
the polygons already in memory and projected are reused, and a class column of this layer's own copy of the
attributes says each polygon's colour. Nothing is read from the project and nothing registered as a data
layer: the values are the dashboard's, for its period and scope. Its legend shows in the layer panel like any
layer's; identify on it shows the grid (or village) it draws.

Classes: rates (percent, higher is better) <60, 60–80, 80–95, 95–<100, 100; counts 0, 1–2, 3–5, 6–10, >10
(red when above a target of 0, blue when the KPI has no target). A group with no value (a rate without a
denominator) is drawn as 无数据.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from desktop.render.geometry import ProjectedLayer
from desktop.render.layerstack import LayerStack, MapLayer
from desktop.render.styles import Category, Filter, LayerSpec, Style, Symbol
from gis.stats import compute, kpis

LAYER_ID = "kpi_choropleth"
GROUP = "行政区划与网格"
COLUMN = "kpi_class"
DRAWN = "kpi_drawn"     # inside the dashboard's scope (and, for grids, a comprehensive grid)
SOURCES = {"grid": "grids", "village": "villages"}
ALPHA = "b4"        # fill opacity: the basemap shows through
# (upper bound exclusive or None, label)
RATE_BREAKS = [(60.0, "低于 60%"), (80.0, "60%–80%"), (95.0, "80%–95%"), (100.0, "95%–100%（不含）"), (None, "100%")]
COUNT_BREAKS = [(1.0, "0"), (3.0, "1–2"), (6.0, "3–5"), (11.0, "6–10"), (None, "10 以上")]
RATE_COLORS = ["#d7191c", "#fdae61", "#ffffbf", "#a6d96a", "#1a9641"]          # red (worst) → green
COUNT_COLORS = ["#1a9641", "#ffffbf", "#fdae61", "#f46d43", "#d7191c"]         # 0 is good → many is bad
NEUTRAL_COLORS = ["#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d"]       # no target: more is darker
NO_VALUE = Symbol(fill="#40bdbdbd", stroke="#9e9e9e", width=0.6)


def breaks(kpi: kpis.Kpi) -> list[tuple[float | None, str]]:
    return RATE_BREAKS if kpi.is_rate else COUNT_BREAKS


def classify(kpi: kpis.Kpi, values: np.ndarray) -> np.ndarray:
    """Class per value (0…4, see breaks), -1 where there is no value (NaN)."""
    uppers = np.array([np.inf if u is None else u for u, _ in breaks(kpi)])
    v = np.asarray(values, dtype=float)
    cls = np.searchsorted(uppers, np.nan_to_num(v, nan=0.0), side="right").astype(np.int64)
    cls = np.minimum(cls, len(uppers) - 1)
    return np.where(np.isnan(v), -1, cls)


def style(kpi: kpis.Kpi, title: str) -> Style:
    colors = RATE_COLORS if kpi.is_rate else COUNT_COLORS if kpi.target is not None else NEUTRAL_COLORS
    cats = tuple(Category(label, Symbol(fill=f"#{ALPHA}{c[1:]}", stroke="#616161", width=0.6), value=i)
                 for i, ((_u, label), c) in enumerate(zip(breaks(kpi), colors, strict=True)))
    return Style(title, "categorized", cats, field=COLUMN, other=Category("无数据", NO_VALUE))


def group_values(table: compute.Table, kpi_id: str, codes) -> np.ndarray:
    """The KPI's value for each code (a grid or village code of the map's source): NaN for codes not in the
    table (outside the scope) or without a value."""
    keys = [g.key for g in table.groups]
    by_key = pd.Series(table.values(kpi_id), index=pd.Index(keys, dtype=object))
    by_key = by_key[~by_key.index.duplicated()]
    return pd.Series(np.asarray(codes, dtype=object)).map(by_key).to_numpy(dtype=float)


def make_layer(stack: LayerStack, kpi: kpis.Kpi, table: compute.Table, title: str) -> MapLayer:
    """The display layer of `kpi` over the map's grids (table by grid) or villages (by village), drawing the
    groups of the table's scope; of the grids, the comprehensive ones only (forest and enterprise grids overlap
    them)."""
    source_name = SOURCES[table.by]
    src = stack.sources[source_name]
    own = ProjectedLayer(src.layer, projected=src.geoms)      # the projected polygons reused, own attributes
    codes = own.attrs["code"].astype(object).to_numpy()
    values = group_values(table, kpi.id, codes)
    own.attrs[COLUMN] = classify(kpi, values)
    own.attrs["kpi_value"] = values
    drawn = np.isin(codes, np.array([g.key for g in table.groups], dtype=object))      # in the table's scope
    if source_name == "grids":
        drawn &= own.attrs["kind"].astype(object).to_numpy() == "comprehensive"
    own.attrs[DRAWN] = drawn
    spec = LayerSpec(LAYER_ID, title, GROUP, source_name, (style(kpi, title),), Filter(DRAWN, (True,), True),
                     None, True)
    layer = MapLayer(spec, own)
    return layer


def show(stack: LayerStack, layer: MapLayer) -> None:
    """Put (or replace) the thematic layer at the top of its group."""
    remove(stack)
    first = next((i for i, lay in enumerate(stack.layers) if getattr(lay, "group", None) == GROUP), 0)
    stack.insert(layer, first)


def remove(stack: LayerStack | None) -> bool:
    if stack is None:
        return False
    try:
        stack.layer(LAYER_ID)
    except KeyError:
        return False
    stack.remove(LAYER_ID)
    return True
