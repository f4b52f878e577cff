"""What the grid member's phone map shows besides the route (gis.patrols.export's offline HTML map): the grid's
boundary, the roads and the other sites around it, as small GeoJSON clipped to the grid's surroundings and
simplified; and each stop's checklist (检查要点 with the full checklist item behind each point).

Read once per grid for a batch of sheets (`attach`), so a week's files for one grid read its roads once.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import box as make_box
from shapely.geometry import mapping
from sqlalchemy import select
from sqlalchemy.orm import Session

from gis import spatial, vocab
from gis.hazards import checklists
from gis.model import Grid, LineAsset, Site
from gis.patrols.checkpoints import default_table

MARGIN_DEG = 0.004        # ~400 m of surroundings around the grid and the route
SIMPLIFY_DEG = 0.00002    # ~2 m: invisible at street zoom, halves a digitised road's vertices
DECIMALS = 6              # ~0.1 m
MAX_SITES = 400           # other sites shown (nearest the grid's centre first)


@dataclass
class Surroundings:
    """GeoJSON-ready parts of the phone map (lon/lat, CGCS2000 ≈ WGS 84)."""
    grid: dict | None                     # the sheet's grid boundary (a GeoJSON geometry)
    roads: list[dict] = field(default_factory=list)     # GeoJSON features: name, kind label
    sites: list[dict] = field(default_factory=list)     # GeoJSON point features: name, category (not the stops)
    bounds: tuple[float, float, float, float] | None = None   # lon/lat box the layers are clipped to
    grid_bounds: tuple[float, float, float, float] | None = None

    def feature_collections(self, stop_site_ids: set[int]) -> dict:
        sites = [f for f in self.sites if f["id"] not in stop_site_ids]
        grid = [{"type": "Feature", "geometry": self.grid, "properties": {}}] if self.grid else []
        return {"grid": {"type": "FeatureCollection", "features": grid},
                "roads": {"type": "FeatureCollection", "features": self.roads},
                "sites": {"type": "FeatureCollection", "features": sites}}


def _rounded(geom) -> dict:
    return mapping(shapely.set_precision(geom, 10 ** -DECIMALS))


def _box_of(grid_geom, sheets) -> tuple[float, float, float, float]:
    xs, ys = [], []
    if grid_geom is not None:
        x0, y0, x1, y1 = grid_geom.bounds
        xs += [x0, x1]
        ys += [y0, y1]
    for sh in sheets:
        pts = [sh.start, *[(st.lon, st.lat) for st in sh.stops], *sh.route]
        xs += [p[0] for p in pts]
        ys += [p[1] for p in pts]
    return min(xs) - MARGIN_DEG, min(ys) - MARGIN_DEG, max(xs) + MARGIN_DEG, max(ys) + MARGIN_DEG


def surroundings(s: Session, grid_code: str, sheets) -> Surroundings:
    """The grid's boundary, and the roads and sites within its surroundings and those of the sheets' routes."""
    from gis.patrols.routing import ROAD_KINDS  # here: routing brings scipy, which sheets' readers need not load

    grid = s.scalars(select(Grid).where(Grid.code == grid_code)).first()
    geom = grid.geom if grid is not None else None
    bounds = _box_of(geom, sheets)
    clip = make_box(*bounds)
    road_ids = spatial.ids_in_box(s, "line_asset", bounds).tolist()
    roads = []
    if road_ids:
        rows = s.execute(select(LineAsset.id, LineAsset.kind, LineAsset.name, LineAsset.geom)
                         .where(LineAsset.id.in_(road_ids), LineAsset.kind.in_(ROAD_KINDS))
                         .order_by(LineAsset.id)).all()
        for rid, kind, name, g in rows:
            if g is None or g.is_empty:
                continue
            part = shapely.simplify(shapely.intersection(g, clip), SIMPLIFY_DEG)
            if part.is_empty or part.length == 0:
                continue
            roads.append({"type": "Feature", "geometry": _rounded(part),
                          "properties": {"name": name or "", "kind": vocab.label("line_kinds", kind) or kind}})
    site_ids = spatial.ids_in_box(s, "site", bounds).tolist()
    sites = []
    if site_ids:
        rows = s.execute(select(Site.id, Site.name, Site.category, Site.geom).where(Site.id.in_(site_ids))).all()
        pts = shapely.point_on_surface(np.array([r[3] for r in rows], dtype=object)) if rows else []
        centre = np.array([(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2])
        xy = shapely.get_coordinates(pts) if len(rows) else np.zeros((0, 2))
        order = np.argsort(np.hypot(*(xy - centre).T), kind="stable")[:MAX_SITES] if len(rows) else []
        for i in order:
            sid, name, category, _ = rows[i]
            sites.append({"type": "Feature", "id": int(sid),
                          "geometry": {"type": "Point", "coordinates": [round(float(v), DECIMALS) for v in xy[i]]},
                          "properties": {"name": name, "category": vocab.label("site_categories", category)}})
    grid_json = _rounded(shapely.simplify(geom, SIMPLIFY_DEG)) if geom is not None else None
    return Surroundings(grid_json, roads, sites, bounds, tuple(geom.bounds) if geom is not None else None)


def attach(s: Session, sheets) -> None:
    """Give each sheet its `around` (Surroundings), read once per grid."""
    by_grid: dict[str, list] = {}
    for sh in sheets:
        by_grid.setdefault(sh.grid_code, []).append(sh)
    for code, group in by_grid.items():
        around = surroundings(s, code, group)
        for sh in group:
            sh.around = around


def checklist(category: str | None, sector: str | None, table: dict | None = None, limit: int = 3) -> list[dict]:
    """A stop's checklist for the phone: each 检查要点 (as on the printed sheet, gis.patrols.checkpoints) with the
    checklist item it shortens ({"point", "item", "detail"}; item/detail empty for a text-only point)."""
    t = table or default_table()
    entries = (t.get("categories", {}).get(category or "") or t.get("sectors", {}).get(sector or "")
               or t.get("default", []))
    out = []
    for e in entries[:limit]:
        it = checklists.item(e.get("item"))
        point = e.get("text") or (checklists.short_text(it, 14) if it else "")
        if point:
            out.append({"point": point, "item": (it or {}).get("id", ""), "detail": (it or {}).get("text", "")})
    return out
