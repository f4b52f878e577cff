"""A small gas scene built in metres (the Gauss-Krüger zone of 113.3°E) and stored in lon/lat, so every
distance to a pipe's outer wall is known exactly.

Pipeline 工业路中压管线 (中压A, steel DN200 → OD 219.1 mm, protection 0.5 m, control 5 m) runs east along y = Y0
from X0 to X0 + 900 m; 北街管线 (no class, no diameter: both defaulted) runs parallel 500 m north.
"""
from __future__ import annotations

from datetime import date

import shapely
import shapely.affinity
from shapely.geometry import LineString, box

from gis.geo.crs import STORAGE, measure_crs, transform
from gis.model import Building, LineAsset, ThirdPartyWorks

CRS = measure_crs([113.3])
X0, Y0 = 0.0, 0.0
HALF_OD = 219.1 / 2000
ON = date(2026, 12, 5)


def _origin():
    x, y = shapely.get_coordinates(transform(shapely.points([113.3], [33.65]), STORAGE, CRS))[0]
    return float(x), float(y)


def lonlat(geom):
    """A geometry given in metres from the scene's origin, in lon/lat."""
    ox, oy = _origin()
    return transform(shapely.affinity.translate(geom, ox, oy), CRS, STORAGE)


def wall_box(x: float, wall_m: float, depth: float = 8.0, width: float = 10.0, north: bool = True):
    """A footprint at `x` whose near edge is `wall_m` from the main pipe's outer wall."""
    near = HALF_OD + wall_m
    y0, y1 = (near, near + depth) if north else (-near - depth, -near)
    return lonlat(box(x, y0, x + width, y1))


def build(s) -> dict[str, object]:
    main = LineAsset(kind="gas_pipeline", name="工业路中压管线", pressure_class="medium_a", material="钢管",
                     diameter_mm=200, operator="县燃气公司", geom=lonlat(LineString([(X0, Y0), (X0 + 900, Y0)])))
    bare = LineAsset(kind="gas_pipeline", name="北街管线", geom=lonlat(LineString([(X0, 500), (X0 + 900, 500)])))
    s.add_all([main, bare])
    s.add_all([
        Building(name="1号楼", use="residential", geom=wall_box(100, 0.3)),           # in the protection range
        Building(name="2号楼", use="residential", geom=wall_box(300, 2.0)),           # outside it
        Building(name="远处楼", use="residential", geom=wall_box(300, 200.0)),
        ThirdPartyWorks(name="排水管施工", status="active", start_on=date(2026, 11, 20),
                        geom=wall_box(500, 3.0, north=False)),                         # control range: 预警
        ThirdPartyWorks(name="光缆抢修", status="active", geom=wall_box(600, 0.2, north=False)),  # 报警
        ThirdPartyWorks(name="已完工施工", status="finished", geom=wall_box(700, 1.0)),
        ThirdPartyWorks(name="明年施工", status="planned", start_on=date(2027, 1, 1), geom=wall_box(800, 1.0)),
    ])
    s.flush()
    return {"main": main.id, "bare": bare.id}
