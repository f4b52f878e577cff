"""Geometry helpers of the demo generator (lon/lat in EPSG:4490; lengths and areas measured projected)."""
from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon

from gis.geo.crs import to_projected

M_PER_DEG = 100_000.0  # rough metres per degree around 33.7°N (between 92.7 km lon and 111 km lat)


def blob(rng: np.random.Generator, bbox, n: int = 120, low: float = 0.74) -> Polygon:
    """An irregular, star-shaped polygon inscribed in bbox."""
    minx, miny, maxx, maxy = bbox
    cx, cy, rx, ry = (minx + maxx) / 2, (miny + maxy) / 2, (maxx - minx) / 2, (maxy - miny) / 2
    theta = np.linspace(0, 2 * np.pi, n, endpoint=False)
    f = np.zeros(n)
    for k in range(2, 8):
        f += rng.uniform(0.4, 1.0) / k * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    r = low + (1 - low) * (f - f.min()) / (f.max() - f.min())
    return Polygon(np.column_stack([cx + rx * r * np.cos(theta), cy + ry * r * np.sin(theta)]))


def polygonal(g):
    """The polygonal part of an overlay result (drops stray lines and points)."""
    if g is None or g.is_empty:
        return None
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    parts = [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and not p.is_empty]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def points_in(rng: np.random.Generator, polys: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """One random point (x, y) inside polys[owner[i]] for each i (vectorised rejection sampling)."""
    polys = np.asarray(polys, dtype=object)
    shapely.prepare(polys)
    owner = np.asarray(owner, dtype=np.int64)
    out = np.full((len(owner), 2), np.nan)
    b = shapely.bounds(polys)
    todo = np.arange(len(owner))
    for _ in range(200):
        if not len(todo):
            break
        o = owner[todo]
        x = rng.uniform(b[o, 0], b[o, 2])
        y = rng.uniform(b[o, 1], b[o, 3])
        ok = shapely.contains_xy(polys[o], x, y)
        out[todo[ok], 0] = x[ok]
        out[todo[ok], 1] = y[ok]
        todo = todo[~ok]
    if len(todo):
        out[todo] = shapely.get_coordinates(shapely.point_on_surface(polys[owner[todo]]))
    return out


def voronoi_cells(xy: np.ndarray, region) -> np.ndarray:
    """Voronoi cells of the points xy clipped to region, in the order of xy (they tile region)."""
    if len(xy) == 1:
        return np.array([region], dtype=object)
    vor = shapely.voronoi_polygons(shapely.multipoints(xy), extend_to=region, ordered=True)
    cells = shapely.get_parts(vor)
    if len(cells) != len(xy):  # duplicate seeds: never with continuous random draws
        raise RuntimeError("voronoi seeds collapsed")
    return np.array([polygonal(g) for g in shapely.intersection(cells, region)], dtype=object)


def relaxed_points(rng: np.random.Generator, region, n: int, iters: int = 2) -> np.ndarray:
    """n well-spread points in region: random, then a few Lloyd steps."""
    xy = points_in(rng, np.array([region], dtype=object), np.zeros(n, dtype=np.int64))
    for _ in range(iters):
        if n == 1:
            break
        cells = voronoi_cells(xy, region)
        c = shapely.centroid(cells)
        inside = shapely.contains_xy(region, shapely.get_x(c), shapely.get_y(c))
        pts = np.where(inside, c, shapely.point_on_surface(cells))
        new = shapely.get_coordinates(pts)
        if len(np.unique(new, axis=0)) == n:
            xy = new
    return xy


def area_m2(geoms) -> np.ndarray:
    return shapely.area(to_projected(geoms))


def length_m(geoms) -> np.ndarray:
    return shapely.length(to_projected(geoms))


def jittered_lines(a: np.ndarray, b: np.ndarray, rng: np.random.Generator, bends: int = 1, wiggle: float = 0.08):
    """Lines a→b with `bends` jittered intermediate vertices (vectorised); a and b are kept exactly."""
    n = len(a)
    d = b - a
    perp = np.column_stack([-d[:, 1], d[:, 0]])
    pts = [a]
    for k in range(1, bends + 1):
        t = k / (bends + 1)
        pts.append(a + d * t + perp * rng.normal(0, wiggle, size=(n, 1)))
    pts.append(b)
    coords = np.stack(pts, axis=1)  # (n, bends+2, 2)
    idx = np.repeat(np.arange(n), bends + 2)
    return shapely.linestrings(coords.reshape(-1, 2), indices=idx)
