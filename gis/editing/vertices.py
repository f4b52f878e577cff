"""Vertex editing maths (Qt-free; any one CRS): find a vertex, the vertices coincident with it in neighbouring
features (topological editing: a vertex two grids share moves in both), move, insert and delete vertices of
polygons and lines."""
from __future__ import annotations

import numpy as np
import shapely


def nearest_vertex(geoms, candidates, x: float, y: float, tolerance: float) -> tuple[int, int] | None:
    """(row, coordinate index in shapely.get_coordinates order) of the nearest vertex within `tolerance` among
    the rows `candidates` of `geoms`, or None."""
    candidates = np.asarray(candidates, dtype=np.int64)
    if not len(candidates):
        return None
    xy, owner = shapely.get_coordinates(geoms[candidates], return_index=True)
    if not len(xy):
        return None
    d = np.hypot(xy[:, 0] - x, xy[:, 1] - y)
    k = int(np.argmin(d))
    if d[k] > tolerance:
        return None
    row = int(candidates[owner[k]])
    first = int(np.flatnonzero(owner == owner[k])[0])
    return row, k - first


def coincident(geoms, candidates, x: float, y: float, eps: float) -> dict[int, np.ndarray]:
    """row → indices of its coordinates within `eps` of (x, y): every copy of a shared vertex (both ends of a
    closed ring too)."""
    out: dict[int, np.ndarray] = {}
    if geoms is None:
        return out
    for row in np.asarray(candidates, dtype=np.int64):
        xy = shapely.get_coordinates(geoms[row])
        hit = np.flatnonzero(np.hypot(xy[:, 0] - x, xy[:, 1] - y) <= eps)
        if len(hit):
            out[int(row)] = hit
    return out


def neighbours(geom, indices) -> np.ndarray:
    """The coordinates next to the vertices at the flat `indices` along their ring or line (a closed ring wraps
    round; a ring's first and closing vertex are one): the far ends of the edges that move with them."""
    xy, part = shapely.get_coordinates(shapely.get_parts(shapely.get_rings(geom) if geom.geom_type.endswith("Polygon")
                                                         else geom), return_index=True)
    closed = geom.geom_type.endswith("Polygon")
    out = []
    for k in indices:
        ring = np.flatnonzero(part == part[k])
        start, end = int(ring[0]), int(ring[-1])
        for j in (k - 1, k + 1):
            if closed:
                if j < start:
                    j = end - 1
                elif j > end:
                    j = start + 1
            if start <= j <= end and not np.array_equal(xy[j], xy[k]):
                out.append(xy[j])
    return np.unique(np.array(out).reshape(-1, 2), axis=0)


def moved(geom, indices: np.ndarray, x: float, y: float):
    """`geom` with the coordinates at `indices` set to (x, y)."""
    xy = shapely.get_coordinates(geom).copy()
    xy[indices] = (x, y)
    return shapely.set_coordinates(shapely.from_wkb(shapely.to_wkb(geom)), xy)   # a copy: set_coordinates is in place


def _rebuild(geom, fn):
    """Rebuild a polygon or line ring by ring: fn(coords (n, 2) as stored, closing vertex included; flat offset of
    its first coordinate in shapely.get_coordinates order; closed) → new coords, or None to keep them."""
    offset = [0]

    def ring(coords, closed):
        c = np.asarray(coords)
        start = offset[0]
        offset[0] += len(c)
        out = fn(c, start, closed)
        return c if out is None else out

    t = geom.geom_type
    if t == "Polygon":
        rings = [ring(r.coords, True) for r in (geom.exterior, *geom.interiors)]
        return shapely.Polygon(rings[0], rings[1:])
    if t == "LineString":
        return shapely.LineString(ring(geom.coords, False))
    if t in ("MultiPolygon", "MultiLineString"):
        return type(geom)([_rebuild(g, fn) for g in geom.geoms])
    raise ValueError(t)


def segment_at(geom, x: float, y: float, eps: float) -> int | None:
    """Flat index of the first vertex of the segment passing within `eps` of (x, y) (None if none does, or if a
    vertex is there already)."""
    p = np.array([x, y])
    found: list[int] = []

    def fn(c, start, closed):
        a, b = c[:-1], c[1:]
        ab = b - a
        t = np.clip(((p - a) * ab).sum(1) / np.maximum((ab ** 2).sum(1), 1e-300), 0, 1)
        d = np.hypot(*(a + ab * t[:, None] - p).T)
        k = int(np.argmin(d)) if len(d) else 0
        if len(d) and d[k] <= eps and np.hypot(*(c - p).T).min() > eps and not found:
            found.append(start + k)

    _rebuild(geom, fn)
    return found[0] if found else None


def inserted_at(geom, after: int, x: float, y: float):
    """`geom` with the vertex (x, y) put after the flat coordinate index `after`."""
    def fn(c, start, closed):
        if start <= after < start + len(c) - 1:
            k = after - start
            return np.vstack([c[:k + 1], [[x, y]], c[k + 1:]])
        return None

    return _rebuild(geom, fn)


def deleted_at(geom, indices):
    """`geom` without the coordinates at the flat `indices` (a ring's first and closing vertex are one); None
    when a ring or line would become too short."""
    indices = {int(i) for i in indices}
    short = [False]

    def fn(c, start, closed):
        local = {i - start for i in indices if start <= i < start + len(c)}
        if not local:
            return None
        if closed:
            if len(c) - 1 in local:
                local.add(0)
            body = np.delete(c[:-1], sorted(i for i in local if i < len(c) - 1), axis=0)
            if len(body) < 3:
                short[0] = True
                return None
            return np.vstack([body, body[:1]])
        body = np.delete(c, sorted(local), axis=0)
        if len(body) < 2:
            short[0] = True
            return None
        return body

    out = _rebuild(geom, fn)
    return None if short[0] else out


def carried(old, new, target, eps: float):
    """`target` with the vertex edit that turned `old` into `new` done where `target` shares the vertices or edges
    (a township's vertex moved on the district boundary moves the district's copy; a vertex inserted on an edge
    they share is inserted in both; a shared vertex deleted goes from both), or None when it shares none of them.
    The edit is one vertex tool action: vertices moved (same count), one inserted, or some deleted."""
    a, b = shapely.get_coordinates(old), shapely.get_coordinates(new)
    out = target
    if len(a) == len(b):
        for i in np.flatnonzero(np.any(a != b, axis=1)):
            hits = coincident(np.array([out], dtype=object), [0], a[i][0], a[i][1], eps).get(0)
            if hits is not None:
                out = moved(out, hits, b[i][0], b[i][1])
    elif len(b) == len(a) + 1:
        differ = np.flatnonzero(np.any(a != b[:-1], axis=1))
        x, y = b[int(differ[0]) if len(differ) else len(a)]
        after = segment_at(out, x, y, eps)
        if after is not None:
            out = inserted_at(out, after, x, y)
    elif len(b) < len(a):
        kept = {tuple(c) for c in b}
        gone = np.array([c for c in a if tuple(c) not in kept]).reshape(-1, 2)
        xy = shapely.get_coordinates(out)
        hit = [k for k, c in enumerate(xy) if len(gone) and np.hypot(*(gone - c).T).min() <= eps]
        if hit:
            out = deleted_at(out, hit)
    return None if out is None or out.equals_exact(target, 0) else out
