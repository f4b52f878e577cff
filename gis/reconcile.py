"""Catch up with geometry edits made outside gridsafe (QGIS, ArcGIS, GDAL, SQL).

Database triggers log every site placed or moved, grid reshaped and patrol route redrawn in
`geometry_edit`, whoever made the change. When gridsafe opens a project for writing it recomputes what it
derives from those geometries — a site's grid, a route's length — in one transaction, and empties the log.
Its own writes are logged too; recomputing them gives the same answer.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from sqlalchemy import bindparam, update

from gis import repo, spatial
from gis.geo.crs import STORAGE, measure_crs, transform
from gis.model import PatrolAssignment


@dataclass
class Caught:
    sites: set[int] = field(default_factory=set)      # sites whose grid was recomputed
    grids: set[int] = field(default_factory=set)      # grids reshaped
    routes: set[int] = field(default_factory=set)     # routes re-measured
    site_grid_changes: int = 0


def pending(project) -> int:   # project: gis.store.Project (which calls catch_up: no import back)
    with project.engine.connect() as c:
        return int(c.exec_driver_sql("SELECT count(*) FROM geometry_edit").scalar())


def catch_up(project) -> Caught:
    """Recompute what logged geometry edits affect, and clear the log (one transaction)."""
    with project.transaction() as s:
        return catch_up_in(s)


def catch_up_in(s) -> Caught:
    """catch_up inside the caller's transaction (session `s`): gridsafe's own geometry edits (gis.editing)
    recompute what they affect in the same transaction as the edit."""
    caught = Caught()
    conn = s.connection()
    rows = conn.exec_driver_sql("SELECT id, table_name, row_id FROM geometry_edit").fetchall()
    if not rows:
        return caught
    for _, table, row_id in rows:
        {"site": caught.sites, "grid": caught.grids, "patrol_assignment": caught.routes}[table].add(int(row_id))
    if caught.grids:
        caught.sites |= sites_touched_by(conn, caught.grids)
    if caught.sites:
        caught.site_grid_changes = repo.assign_site_grids(s, caught.sites)
    if caught.routes:
        _measure_routes(conn, caught.routes)
    last = max(r[0] for r in rows)
    conn.exec_driver_sql(f"DELETE FROM geometry_edit WHERE id <= {int(last)}")
    return caught


def sites_touched_by(conn, grid_ids: set[int]) -> set[int]:
    """Sites that were in the grids, and sites the grids' new shapes may now cover."""
    ids = ",".join(str(int(i)) for i in grid_ids)
    out = {r[0] for r in conn.exec_driver_sql(f"SELECT id FROM site WHERE grid_id IN ({ids})")}
    for geom in spatial.geometries(conn, "grid", grid_ids).values():
        if geom is not None and not geom.is_empty:
            out.update(spatial.ids_in_box(conn, "site", geom.bounds).tolist())
    return out


def _measure_routes(conn, assignment_ids: set[int]) -> None:
    routes = spatial.geometries(conn, "patrol_assignment", assignment_ids, column="route")
    ids = [i for i, g in routes.items() if g is not None]
    lengths = {i: None for i in routes if routes[i] is None}
    if ids:
        geoms = np.array([routes[i] for i in ids], dtype=object)
        crs = measure_crs(shapely.get_coordinates(geoms)[:, 0])
        lengths.update(zip(ids, np.round(shapely.length(transform(geoms, STORAGE, crs)), 1).tolist(), strict=True))
    if lengths:
        table = PatrolAssignment.__table__
        conn.execute(update(table).where(table.c.id == bindparam("aid")).values(route_length_m=bindparam("m")),
                     [{"aid": i, "m": m} for i, m in lengths.items()])

