"""Reshape a polygon with a drawn line, as QGIS's Reshape Features tool does (pure shapely, no database).

The line must start and end on (or beyond) the polygon's boundary. The faces the line and the boundary make
(shapely.polygonize) decide the new shape: a stretch of line outside the polygon adds the area it encloses with
the boundary; a stretch inside cuts off the smaller side. The result must be one valid polygon.
"""
from __future__ import annotations

import shapely
from shapely.geometry.base import BaseGeometry

from gis.errors import ValidationError


def reshaped(polygon: BaseGeometry, line: BaseGeometry, label: str = "") -> BaseGeometry:
    """`polygon` reshaped by `line` (both in the same coordinates). Refusals in Chinese naming `label`."""
    what = f"“{label}”" if label else "图形"
    what_en = f'"{label}"' if label else "the shape"
    if line is None or line.is_empty or line.geom_type != "LineString" or line.length <= 0:
        raise ValidationError(f"重塑{what}：请画一条至少两个点的线",
                              en=f"Reshape {what_en}: draw a line of at least two points")
    boundary = polygon.boundary
    tol = max(polygon.length, 1e-12) * 1e-9
    # ends snapped to a neighbour's vertex a hair's breadth off this boundary (overlapping zones, a village's copy
    # of a grid's corner) touch it exactly: without that the line and the boundary enclose nothing
    x0, y0, x1, y1 = polygon.bounds
    line = shapely.snap(line, boundary, max(x1 - x0, y1 - y0) * 1e-7)
    ends = [shapely.Point(line.coords[0]), shapely.Point(line.coords[-1])]
    if any(polygon.contains(p) and p.distance(boundary) > tol for p in ends):
        raise ValidationError(f"重塑{what}：线的两端应落在边界上或边界外（可吸附到边界）",
                              en=f"Reshape {what_en}: the line's ends must lie on the boundary or outside it (they "
                                 "may snap to the boundary)")
    faces = list(shapely.get_parts(shapely.polygonize([shapely.union_all([boundary, line])])))
    if len(faces) < 2:
        raise ValidationError(f"重塑{what}：这条线没有和边界围出新的区域，未作改动",
                              en=f"Reshape {what_en}: the line and the boundary enclose no new area; nothing was "
                                 "changed")
    inside = [f for f in faces if polygon.contains(shapely.point_on_surface(f))]
    outside = [f for f in faces if not polygon.contains(shapely.point_on_surface(f))]
    # what the line cuts off inside: every inside face but the largest (the body keeps its place)
    keep_inside = max(inside, key=lambda f: f.area) if inside else None
    # what the line adds outside: the faces it encloses with the boundary (a face of the outside alone, such as a
    # hole of the polygon, is not the line's doing)
    added = [f for f in outside if f.boundary.intersection(line).length > tol]
    parts = ([keep_inside] if keep_inside is not None else []) + added
    if not parts:
        raise ValidationError(f"重塑{what}：结果为空，未作改动",
                              en=f"Reshape {what_en}: the result is empty; nothing was changed")
    out = shapely.union_all(parts)
    # the original's holes stay holes unless the line crossed them
    out = shapely.make_valid(out)
    polys = [g for g in shapely.get_parts(out) if g.geom_type == "Polygon" and g.area > 0]
    if len(polys) != 1:
        raise ValidationError(f"重塑{what}：结果不是一个多边形（分成了 {len(polys)} 块），未作改动",
                              en=f"Reshape {what_en}: the result is not one polygon (it fell into {len(polys)} "
                                 "parts); nothing was changed")
    result = polys[0]
    if result.equals(polygon):
        raise ValidationError(f"重塑{what}：形状没有变化，未作改动",
                              en=f"Reshape {what_en}: the shape did not change; nothing was changed")
    return result
