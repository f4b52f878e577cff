"""Map layers derived from several tables, built here until gis.layers defines them.

patrol_routes: each patrol assignment as a line through its stops' sites in visiting order.
(Suggested for gis.layers.LAYERS: it needs an aggregate over patrol_stop, not one row per feature.)
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from gis.layers import Layer
from gis.store import Project

PATROL_SQL = """
SELECT pa.id, pa.status, pa.planned_on, pa.grid_id, person.name, ps.seq, site.geom, pa.route
FROM patrol_assignment pa
JOIN patrol_stop ps ON ps.assignment_id = pa.id
JOIN site ON site.id = ps.site_id
LEFT JOIN person ON person.id = pa.person_id
WHERE site.geom IS NOT NULL
ORDER BY pa.id, ps.seq
"""


def patrol_routes(project: Project) -> Layer:
    with project.engine.connect() as conn:
        rows = conn.exec_driver_sql(PATROL_SQL).fetchall()
    columns = ["status", "planned_on", "grid_id", "person", "stops"]
    if not rows:
        return Layer("patrol_routes", np.array([], dtype=np.int64), np.array([], dtype=object),
                     pd.DataFrame(columns=columns))
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    stops = shapely.point_on_surface(shapely.from_wkb(np.array([bytes(r[6]) for r in rows], dtype=object)))
    xy = shapely.get_coordinates(stops)
    first = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    counts = np.diff(np.r_[first, len(ids)])
    keep = counts >= 2                                      # a route needs two stops
    owner = np.repeat(np.arange(len(first)), counts)
    take = keep[owner]
    lines = shapely.linestrings(xy[take], indices=np.unique(owner[take], return_inverse=True)[1])
    first, counts = first[keep], counts[keep]
    routed = np.array([rows[i][7] is not None for i in first], dtype=bool)
    if routed.any():   # the planned route along the roads, where there is one
        lines = np.asarray(lines, dtype=object)
        lines[routed] = shapely.from_wkb(np.array([bytes(rows[i][7]) for i in first[routed]], dtype=object))
    attrs = pd.DataFrame({
        "status": pd.Categorical([rows[i][1] for i in first]),
        "planned_on": [rows[i][2] for i in first],
        "grid_id": [rows[i][3] for i in first],
        "person": [rows[i][4] for i in first],
        "stops": counts,
    })
    return Layer("patrol_routes", ids[first], np.asarray(lines, dtype=object), attrs)
