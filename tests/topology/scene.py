"""A hand-made scene for the topology checks, drawn in metres in EPSG:4547 (CM 114E, the zone
gis.geo.crs.measure_crs picks for it) and stored as lon/lat like a project.

Village 甲村 is the square 0..1000 m, tiled by four quarters, each spoiled once:
- NE (002) leaves a strip x 500..510, y 600..1000 uncovered: a 4,000 m² gap it shares 410 m of border with
  (NW shares 400 m), so a fix closes the gap into NE;
- SE (004) starts at x 490: it overlaps SW (003) by 10 × 500 = 5,000 m²;
- NW (001) pokes 30 m out of the north edge: 500 × 30 = 15,000 m² outside;
- an enterprise grid (005) lies inside SW: nested by design, not an overlap.
Village 乙村 (2000..3000) has one grid, a bow-tie (self-intersecting at 2500, 500) carrying NW's code:
its two triangles leave two 250,000 m² gaps. A site 100 m east of the village is in no grid; two sites
share the code S-1. Pipeline 2 starts 5 m short of pipeline 1; pipeline 3 starts on pipeline 1 (joined);
pipeline 4 lies far away on its own.
"""
from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon, box

from gis.geo.crs import STORAGE, transform
from gis.topology import Features, Topology

LOCAL = "EPSG:4547"
X0, Y0 = 500_000.0, 3_800_000.0


def lonlat(geom, dense: bool = True):
    """A shape drawn in local metres (origin X0, Y0) as stored lon/lat, with a vertex every metre: edges
    straight in metres stay straight to a micrometre in lon/lat, and a vertex on a neighbour's edge (a
    T-junction) is one of the neighbour's vertices — so areas come back exact."""
    if dense:
        geom = shapely.segmentize(geom, 1.0)
    return transform(shapely.affinity.translate(geom, X0, Y0), LOCAL, STORAGE)


def metres(geom):
    return shapely.affinity.translate(transform(geom, STORAGE, LOCAL), -X0, -Y0)


V1, V2 = 1, 2
GRIDS = {  # id: (code, name, village, kind, shape in metres)
    11: ("410411003001001", "甲村第1网格", V1, "comprehensive", box(0, 500, 500, 1030)),
    12: ("410411003001002", "甲村第2网格", V1, "comprehensive",
         Polygon([(500, 500), (1000, 500), (1000, 1000), (510, 1000), (510, 600), (500, 600)])),
    13: ("410411003001003", "甲村第3网格", V1, "comprehensive", box(0, 0, 500, 500)),
    14: ("410411003001004", "甲村第4网格", V1, "comprehensive", box(490, 0, 1000, 500)),
    15: ("410411003001005", "甲村企业网格", V1, "enterprise", box(100, 100, 200, 200)),
    21: ("410411003001001", "乙村第1网格", V2, "comprehensive",
         Polygon([(2000, 0), (3000, 1000), (3000, 0), (2000, 1000)])),
}
SITES = {31: ("S-1", "甲村加油站", Point(250, 250)), 32: ("S-1", "界外仓库", Point(1100, 500)),
         33: ("S-3", "乙村小店", Point(2100, 500))}
PIPES = {41: ("RQ-1", "一号管", LineString([(0, 800), (1000, 800)])),
         42: ("RQ-2", "二号管", LineString([(300, 805), (300, 1200)])),
         43: ("RQ-3", "三号管", LineString([(700, 800), (700, 400)])),
         44: ("RQ-4", "四号管", LineString([(5000, 0), (6000, 0)]))}


def features(rows: dict, *, parents=False, kinds=False) -> Features:
    ids = list(rows)
    vals = list(rows.values())
    geoms = np.array([lonlat(v[-1], dense=v[-1].is_valid) for v in vals], dtype=object)   # the bow-tie as drawn
    return Features(ids, geoms, codes=[v[0] for v in vals], names=[v[1] for v in vals],
                    parents=[v[2] for v in vals] if parents else None, kinds=[v[3] for v in vals] if kinds else None)


def scene() -> Topology:
    villages = Features([V1, V2], [lonlat(box(0, 0, 1000, 1000)), lonlat(box(2000, 0, 3000, 1000))],
                        codes=["410411003001", "410411003002"], names=["甲村", "乙村"])
    return Topology(villages=villages, grids=features(GRIDS, parents=True, kinds=True), sites=features(SITES),
                    lines={"pipelines": features(PIPES)})
