"""Patrol routes: the order of the stops from a start point and back, along the roads when the
project has a road layer, in straight lines otherwise.

The road network is a graph made from line assets (roads, hazardous sections, fire roads): lines are
measured in the project's Gauss-Krüger CRS, dangling ends that stop short of another road within a
tolerance are joined to it, lines are split where they cross, and end points closer than the
tolerance become one node. Stops are snapped to the nearest road; distances between stops are
shortest paths (scipy's Dijkstra), the tour comes from gis.patrols.tour, and the drawn route follows the
roads (with short straight legs from each stop to its road).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree
from shapely import ops
from shapely.geometry import LineString
from sqlalchemy import select
from sqlalchemy.orm import Session

from gis.geo.crs import STORAGE, measure_crs, transform
from gis.model import LineAsset
from gis.patrols import tour as tours

ROAD_KINDS = ("road", "hazardous_road", "fire_road")
DEFAULT_TOLERANCE_M = 10.0
GRID_SIZE = 0.01  # metres: noding precision


def _join_dangles(lines: np.ndarray, tolerance: float) -> np.ndarray:
    """Extend each line end that stops within `tolerance` of another line (but does not touch it)
    to the nearest point on that line, so noding connects them."""
    starts = shapely.get_point(lines, 0)
    ends = shapely.get_point(lines, -1)
    pts = np.concatenate([starts, ends])
    owner = np.concatenate([np.arange(len(lines))] * 2)
    tree = shapely.STRtree(lines)
    p_idx, l_idx = tree.query(pts, predicate="dwithin", distance=tolerance)
    keep = owner[p_idx] != l_idx
    p_idx, l_idx = p_idx[keep], l_idx[keep]
    if not len(p_idx):
        return lines
    dist = shapely.distance(pts[p_idx], lines[l_idx])
    # nearest other line per end point; ends that already touch need nothing
    order = np.lexsort((dist, p_idx))
    first = order[np.unique(p_idx[order], return_index=True)[1]]
    first = first[dist[first] > GRID_SIZE]
    if not len(first):
        return lines
    targets = shapely.line_interpolate_point(
        lines[l_idx[first]], shapely.line_locate_point(lines[l_idx[first]], pts[p_idx[first]]))
    out = lines.copy()
    for p, target in zip(p_idx[first], targets, strict=True):
        line_no = owner[p]
        xy, c = shapely.get_coordinates(target), shapely.get_coordinates(out[line_no])
        out[line_no] = LineString(np.vstack([xy, c]) if p < len(lines) else np.vstack([c, xy]))
    return out


@dataclass
class RoadNetwork:
    crs: str
    nodes: np.ndarray       # (k, 2) projected coordinates
    edge_u: np.ndarray
    edge_v: np.ndarray
    edge_len: np.ndarray
    edge_geom: np.ndarray   # projected LineStrings, oriented u → v
    graph: object           # scipy csr matrix, symmetric, shortest edge between two nodes

    @classmethod
    def build(cls, lines_lonlat, crs: str, tolerance_m: float = DEFAULT_TOLERANCE_M) -> RoadNetwork:
        lines = shapely.get_parts(np.asarray(transform(np.asarray(lines_lonlat, dtype=object), STORAGE, crs)))
        lines = lines[~shapely.is_empty(lines) & (shapely.length(lines) > 0)]
        lines = _join_dangles(lines, tolerance_m)
        # split where lines cross; snap rounding to a centimetre grid also nodes joined dangles
        parts = shapely.get_parts(shapely.union_all(lines, grid_size=GRID_SIZE))
        parts = parts[shapely.length(parts) > 0]
        ends = np.vstack([shapely.get_coordinates(shapely.get_point(parts, 0)),
                          shapely.get_coordinates(shapely.get_point(parts, -1))])
        pairs = cKDTree(ends).query_pairs(tolerance_m, output_type="ndarray")
        m = len(ends)
        link = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(m, m)) if len(pairs) \
            else coo_matrix((m, m))
        _, label = connected_components(link, directed=False)
        _, first = np.unique(label, return_index=True)
        nodes = ends[first]
        u, v = label[: len(parts)], label[len(parts):]
        length = shapely.length(parts)
        keep = u != v
        u, v, length, parts = u[keep], v[keep], length[keep], parts[keep]
        k = len(nodes)
        # shortest edge per node pair, both directions
        order = np.argsort(length)[::-1]  # longest first, so the shortest is written last
        rows = np.concatenate([u[order], v[order]])
        cols = np.concatenate([v[order], u[order]])
        w = np.concatenate([length[order], length[order]])
        dense_key = rows.astype(np.int64) * k + cols
        _, last = np.unique(dense_key[::-1], return_index=True)
        pick = len(dense_key) - 1 - last
        graph = coo_matrix((w[pick], (rows[pick], cols[pick])), shape=(k, k)).tocsr()
        return cls(crs, nodes, u, v, length, parts, graph)

    @property
    def tree(self) -> shapely.STRtree:
        if not hasattr(self, "_tree"):
            self._tree = shapely.STRtree(self.edge_geom)
        return self._tree

    def edge_between(self, a: int, b: int) -> tuple[LineString, bool]:
        """The shortest edge joining nodes a and b, and whether it runs b → a."""
        if not hasattr(self, "_pair"):
            self._pair = {}
            for e in np.argsort(self.edge_len)[::-1]:
                self._pair[(int(self.edge_u[e]), int(self.edge_v[e]))] = (int(e), False)
                self._pair[(int(self.edge_v[e]), int(self.edge_u[e]))] = (int(e), True)
        e, reverse = self._pair[(a, b)]
        return self.edge_geom[e], reverse


def load_network(s: Session, crs: str, tolerance_m: float = DEFAULT_TOLERANCE_M) -> RoadNetwork | None:
    geoms = s.scalars(select(LineAsset.geom).where(LineAsset.kind.in_(ROAD_KINDS), LineAsset.geom.is_not(None)))
    geoms = [g for g in geoms if g is not None and not g.is_empty]
    return RoadNetwork.build(geoms, crs, tolerance_m) if geoms else None


@dataclass
class Route:
    order: list[int]       # indices into the stops given, in visiting order
    length_m: float
    geom: LineString       # lon/lat (EPSG:4490), start → stops → start


@dataclass
class _Snapped:
    xy: np.ndarray        # (p, 2) the points, projected
    edge: np.ndarray      # nearest edge per point
    along: np.ndarray     # distance along that edge from its u end
    access: np.ndarray    # straight distance from the point to the road
    snap: np.ndarray      # (p, 2) the snapped points


def _snap(net: RoadNetwork, pts) -> _Snapped:
    idx = net.tree.query_nearest(pts, all_matches=False)[1]
    geoms = net.edge_geom[idx]
    along = shapely.line_locate_point(geoms, pts)
    snapped = shapely.line_interpolate_point(geoms, along)
    return _Snapped(shapely.get_coordinates(pts), idx, along, shapely.distance(pts, snapped),
                    shapely.get_coordinates(snapped))


class _RoadMatrix:
    """Shortest-path distances between snapped points, and the paths to draw them."""

    def __init__(self, net: RoadNetwork, pts):
        self.net = net
        self.sp = sp = _snap(net, pts)
        ends = np.stack([net.edge_u[sp.edge], net.edge_v[sp.edge]], axis=1)           # (p, 2)
        offs = np.stack([sp.along, net.edge_len[sp.edge] - sp.along], axis=1)          # (p, 2)
        self.sources, inv = np.unique(ends, return_inverse=True)
        inv = inv.reshape(ends.shape)
        dist, self.pred = dijkstra(net.graph, directed=False, indices=self.sources, return_predecessors=True)
        node_d = dist[:, self.sources]                                                   # (s, s)
        # via[i, j, a, b]: leave point i by end a, join point j by end b
        via = offs[:, None, :, None] + node_d[inv[:, None, :, None], inv[None, :, None, :]] + offs[None, :, None, :]
        p = len(ends)
        flat = via.reshape(p, p, 4)
        self.choice = np.argmin(flat, axis=2)
        road = np.take_along_axis(flat, self.choice[..., None], axis=2)[..., 0]
        same = sp.edge[:, None] == sp.edge[None, :]
        direct = np.abs(sp.along[:, None] - sp.along[None, :])
        self.same_edge = same & (direct <= road)
        road = np.where(self.same_edge, direct, road)
        total = road + sp.access[:, None] + sp.access[None, :]
        straight = np.hypot(*(sp.xy[:, None, :] - sp.xy[None, :, :]).transpose(2, 0, 1))
        self.off_road = ~np.isfinite(total)   # different components: go straight
        self.d = np.where(self.off_road, straight, total)
        np.fill_diagonal(self.d, 0.0)
        self.ends, self.inv = ends, inv

    def leg(self, i: int, j: int) -> np.ndarray:
        sp, net = self.sp, self.net
        if i == j:
            return sp.xy[[i]]
        if self.off_road[i, j]:
            return sp.xy[[i, j]]
        parts = [sp.xy[[i]], sp.snap[[i]]]
        if self.same_edge[i, j]:
            parts.append(shapely.get_coordinates(ops.substring(net.edge_geom[sp.edge[i]], sp.along[i], sp.along[j])))
        else:
            a, b = divmod(int(self.choice[i, j]), 2)
            na, nb = int(self.ends[i, a]), int(self.ends[j, b])
            ei, ej = net.edge_geom[sp.edge[i]], net.edge_geom[sp.edge[j]]
            parts.append(shapely.get_coordinates(ops.substring(ei, sp.along[i], 0 if a == 0 else ei.length)))
            parts.extend(self._node_path(na, nb))
            parts.append(shapely.get_coordinates(ops.substring(ej, 0 if b == 0 else ej.length, sp.along[j])))
        parts += [sp.snap[[j]], sp.xy[[j]]]
        return np.vstack(parts)

    def _node_path(self, a: int, b: int) -> list[np.ndarray]:
        row = self.pred[int(np.flatnonzero(self.sources == a)[0])]
        chain = [b]
        while chain[-1] != a:
            chain.append(int(row[chain[-1]]))
        chain.reverse()
        out = []
        for x, y in zip(chain[:-1], chain[1:], strict=True):
            g, reverse = self.net.edge_between(x, y)
            c = shapely.get_coordinates(g)
            out.append(c[::-1] if reverse else c)
        return out


def _dedupe(xy: np.ndarray) -> np.ndarray:
    keep = np.ones(len(xy), dtype=bool)
    keep[1:] = np.any(np.abs(np.diff(xy, axis=0)) > 0.01, axis=1)  # centimetres
    return xy[keep]


def plan_route(start_lonlat: tuple[float, float], stops_lonlat, *, network: RoadNetwork | None = None,
               crs: str | None = None, seed: int = 0, fixed_order=None) -> Route:
    """Order the stops for a round trip from the start point and draw it. With `fixed_order` (stop
    indices in the order the user chose) the stops are not reordered, only routed and drawn."""
    lonlat = np.vstack([np.asarray(start_lonlat, dtype=float)[None, :],
                        np.asarray(stops_lonlat, dtype=float).reshape(-1, 2)])
    crs = network.crs if network is not None else (crs or measure_crs(lonlat[:, 0]))
    pts = transform(shapely.points(lonlat), STORAGE, crs)
    if network is not None and len(network.edge_geom):
        m = _RoadMatrix(network, pts)
        d, leg = m.d, m.leg
    else:
        xy = shapely.get_coordinates(pts)
        d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))

        def leg(i, j):
            return xy[[i, j]]
    order = tours.solve(d, start=0, seed=seed) if fixed_order is None else \
        np.r_[0, np.asarray(fixed_order, dtype=np.int64) + 1]
    length = tours.tour_length(d, order)
    closed = np.append(order, 0)
    xy = _dedupe(np.vstack([leg(int(a), int(b)) for a, b in zip(closed[:-1], closed[1:], strict=True)]))
    if len(xy) < 2:
        xy = np.vstack([xy, xy])
    geom = transform(LineString(xy), crs, STORAGE)
    return Route([int(k) - 1 for k in order[1:]], float(length), geom)
