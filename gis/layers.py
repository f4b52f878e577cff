"""Map layers held in memory as arrays: ids, shapely geometries, attribute columns and an STRtree.

Rendering, identify and spatial joins all work on these arrays (vectorised shapely/numpy), never
on ORM objects. Layer definitions are data: which table, which rows, which attribute columns.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import Engine

from .store import Project


@dataclass(frozen=True)
class LayerDef:
    name: str
    table: str
    columns: tuple[str, ...]
    where: str = ""
    geom: str = "geom"  # SQL for the geometry; hazards fall back to their site's location
    joins: str = ""

    def sql(self) -> str:
        cols = ", ".join((f"{self.table}.id", self.geom) + tuple(f"{self.table}.{c}" for c in self.columns))
        where = f"({self.geom}) IS NOT NULL" + (f" AND {self.where}" if self.where else "")
        return f"SELECT {cols} FROM {self.table} {self.joins} WHERE {where} ORDER BY {self.table}.id"


LAYERS: dict[str, LayerDef] = {d.name: d for d in (
    LayerDef("townships", "admin_unit", ("code", "name", "kind"), "level = 'township'"),
    LayerDef("villages", "admin_unit", ("code", "name", "kind", "parent_id"), "level = 'village'"),
    LayerDef("grids", "grid", ("code", "name", "kind", "village_id")),
    LayerDef("sites", "site", ("name", "category", "sector", "status", "risk_level", "address", "grid_id")),
    LayerDef("pipelines", "line_asset", ("name", "operator", "pressure_class", "material", "diameter_mm"),
             "kind = 'gas_pipeline'"),
    LayerDef("roads", "line_asset", ("name", "kind"), "kind IN ('road', 'hazardous_road')"),
    LayerDef("fire_lines", "line_asset", ("name", "kind"), "kind IN ('fire_road', 'firebreak', 'forest_power_line')"),
    LayerDef("zones", "zone", ("name", "kind", "level")),
    LayerDef("hazards", "hazard", ("status", "grade", "sector", "deadline", "site_id", "grid_id",
                                    "supervision_level"), "hazard.status <> 'closed'",
             geom="COALESCE(hazard.geom, site.geom)", joins="LEFT JOIN site ON site.id = hazard.site_id"),
)}


@dataclass
class Layer:
    name: str
    ids: np.ndarray
    geoms: np.ndarray
    attrs: pd.DataFrame
    _tree: shapely.STRtree | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def tree(self) -> shapely.STRtree:
        if self._tree is None:
            self._tree = shapely.STRtree(self.geoms)
        return self._tree

    @property
    def bounds(self) -> tuple[float, float, float, float] | None:
        if len(self) == 0:
            return None
        b = shapely.bounds(self.geoms)
        return (float(np.nanmin(b[:, 0])), float(np.nanmin(b[:, 1])),
                float(np.nanmax(b[:, 2])), float(np.nanmax(b[:, 3])))

    def query_box(self, minx: float, miny: float, maxx: float, maxy: float) -> np.ndarray:
        """Indices of features whose extent meets the box."""
        return self.tree.query(shapely.box(minx, miny, maxx, maxy))

    def at(self, x: float, y: float, tolerance: float = 0.0) -> np.ndarray:
        """Indices of features within `tolerance` (degrees) of the point, nearest first."""
        p = shapely.Point(x, y)
        idx = self.tree.query(p, predicate="dwithin", distance=tolerance) if tolerance else \
            self.tree.query(p, predicate="intersects")
        if len(idx) > 1:
            idx = idx[np.argsort(shapely.distance(self.geoms[idx], p), kind="stable")]
        return idx


def load_layer(source: Project | Engine, layer: str | LayerDef) -> Layer:
    d = LAYERS[layer] if isinstance(layer, str) else layer
    name = d.name
    engine = source.engine if isinstance(source, Project) else source
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(d.sql()).fetchall()
    if not rows:
        return Layer(name, np.array([], dtype=np.int64), np.array([], dtype=object),
                     pd.DataFrame(columns=list(d.columns)))
    columns = list(zip(*rows, strict=True))
    ids = np.fromiter(columns[0], dtype=np.int64, count=len(rows))
    geoms = shapely.from_wkb(np.array([bytes(b) for b in columns[1]], dtype=object))
    attrs = pd.DataFrame({c: columns[i + 2] for i, c in enumerate(d.columns)})
    for c in d.columns:
        if attrs[c].dtype == object:
            attrs[c] = attrs[c].astype("category") if attrs[c].nunique() < 64 else attrs[c]
    return Layer(name, ids, geoms, attrs)


def load_all(source: Project | Engine, names: list[str] | None = None) -> dict[str, Layer]:
    return {name: load_layer(source, name) for name in (names or list(LAYERS))}
