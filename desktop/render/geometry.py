"""Geometry of one data layer prepared for drawing: projected to Web Mercator once, tiled per level of detail.

Lines and polygons are cut into square tiles like vector tiles: at level of detail L
(L = floor(log2(metres per pixel))) a tile is 512·2^L metres, 256–512 pixels on screen, and holds its
features simplified to half a pixel and clipped to the tile (clip_by_rect, vectorised). Drawing a view
touches only the tiles it shows, so a pan at village scale never strokes the rest of the county, and
a huge feature (a township boundary, a 50 km pipeline) costs only its visible part. Polygon fills
and outlines are cut separately so tile edges never show as lines.
"""
from __future__ import annotations

import math

import numpy as np
import shapely

from gis.geo.crs import DISPLAY, STORAGE, transform
from gis.layers import Layer

TILE_PIXELS = 512
POINT_TYPES = (0, 4)   # Point, MultiPoint
LINE_TYPES = (1, 5)    # LineString, MultiLineString


def lod_for(resolution: float) -> int:
    return max(math.floor(math.log2(max(resolution, 1e-9))), 0)


def tile_size(lod: int) -> float:
    return TILE_PIXELS * 2.0 ** lod


def tiles_for(extent: tuple[float, float, float, float], lod: int) -> list[tuple[int, int]]:
    t = tile_size(lod)
    x0, y0 = math.floor(extent[0] / t), math.floor(extent[1] / t)
    x1, y1 = math.floor(extent[2] / t), math.floor(extent[3] / t)
    return [(tx, ty) for ty in range(y0, y1 + 1) for tx in range(x0, x1 + 1)]


class ProjectedLayer:
    """A gis Layer in EPSG:3857 with per-LOD simplified geometry, tiles and label anchors."""

    def __init__(self, layer: Layer, projected: np.ndarray | None = None) -> None:
        """`projected`: the layer's geometries already in EPSG:3857 (see patched)."""
        self.layer = layer
        self.name = layer.name
        self.attrs = layer.attrs.copy(deep=False)   # derived columns are added here, not to the Layer
        n = len(layer)
        if projected is not None:
            self.geoms = projected
        else:
            self.geoms = transform(layer.geoms, STORAGE, DISPLAY) if n else np.array([], dtype=object)
        types = shapely.get_type_id(self.geoms) if n else np.array([], dtype=np.int32)
        if n and np.isin(types, POINT_TYPES).mean() >= 0.5:
            self.kind = "point"
        elif n and np.isin(types, LINE_TYPES).mean() >= 0.5:
            self.kind = "line"
        else:
            self.kind = "polygon"
        self.feature_bounds = shapely.bounds(self.geoms) if n else np.zeros((0, 4))
        self._tree: shapely.STRtree | None = None
        self._xy: np.ndarray | None = None
        self._anchors: np.ndarray | None = None
        self._columns: dict[str, np.ndarray] = {}
        self._bounds: tuple[float, float, float, float] | None = None
        self.label_widths: dict = {}   # (field, font key) → width per feature, filled by labels.py

    def __len__(self) -> int:
        return len(self.geoms)

    @property
    def bounds(self) -> tuple[float, float, float, float] | None:
        if not len(self):
            return None
        if self._bounds is None:
            b = self.feature_bounds
            self._bounds = (float(np.nanmin(b[:, 0])), float(np.nanmin(b[:, 1])),
                            float(np.nanmax(b[:, 2])), float(np.nanmax(b[:, 3])))
        return self._bounds

    @property
    def tree(self) -> shapely.STRtree:
        """Spatial index of the projected geometries."""
        if self._tree is None:
            self._tree = shapely.STRtree(self.geoms)
        return self._tree

    def in_view(self, extent: tuple[float, float, float, float], margin: float = 0.0) -> np.ndarray:
        """Indices of features whose box meets the extent (grown by `margin` map units), ascending.

        Zoomed in, the spatial index answers; when the view holds most of the layer, a plain
        numpy comparison is cheaper than the tree.
        """
        if not len(self):
            return np.zeros(0, dtype=np.int64)
        minx, miny, maxx, maxy = extent[0] - margin, extent[1] - margin, extent[2] + margin, extent[3] + margin
        lb = self.bounds
        layer_area = max((lb[2] - lb[0]) * (lb[3] - lb[1]), 1e-9)
        view_area = (maxx - minx) * (maxy - miny)
        if view_area < 0.25 * layer_area:
            return np.sort(self.tree.query(shapely.box(minx, miny, maxx, maxy)))
        b = self.feature_bounds
        return np.flatnonzero((b[:, 0] <= maxx) & (b[:, 2] >= minx) & (b[:, 1] <= maxy) & (b[:, 3] >= miny))

    def simplified(self, lod: int, idx: np.ndarray | None = None) -> np.ndarray:
        """Geometries (all, or those at `idx`) simplified to half a pixel at `lod`, vectorised."""
        geoms = self.geoms if idx is None else self.geoms[idx]
        if lod <= 0:
            return geoms
        return shapely.simplify(geoms, 0.5 * 2.0 ** lod, preserve_topology=self.kind == "polygon")

    def tile_coords(self, lod: int, tx: int, ty: int, what: str):
        """(xy, part, feature) of one tile: vertices, their ring/line number and their feature index.

        `what` is "fill" (polygons clipped to the tile) or "line" (lines, or polygon outlines, clipped).
        """
        t = tile_size(lod)
        box = (tx * t, ty * t, (tx + 1) * t, (ty + 1) * t)
        idx = self.tree.query(shapely.box(*box)) if len(self) else np.zeros(0, dtype=np.int64)
        empty = (np.zeros((0, 2)), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
        if not len(idx):
            return empty
        idx = np.sort(idx)
        geoms = self.simplified(lod, idx)
        if what == "line" and self.kind == "polygon":
            geoms = shapely.boundary(geoms)
        geoms = shapely.clip_by_rect(geoms, *box)
        parts, part_feature = shapely.get_parts(geoms, return_index=True)
        if what == "fill":
            parts, ring_part = shapely.get_rings(parts, return_index=True)
            part_feature = part_feature[ring_part]
        if not len(parts):
            return empty
        xy, part = shapely.get_coordinates(parts, return_index=True)
        return xy, part, idx[part_feature[part]]

    @property
    def xy(self) -> np.ndarray:
        """One representative point per feature (the point itself, or a point on the surface)."""
        if self._xy is None:
            if len(self) == 0:
                self._xy = np.zeros((0, 2))
            elif self.kind == "point" and (shapely.get_type_id(self.geoms) == 0).all():
                self._xy = shapely.get_coordinates(self.geoms)
            else:
                self._xy = shapely.get_coordinates(shapely.point_on_surface(self.geoms))
        return self._xy

    def column(self, name: str) -> np.ndarray:
        """An attribute column as a numpy object array (cached; labels read it every frame)."""
        hit = self._columns.get(name)
        if hit is None:
            hit = self.attrs[name].astype(object).to_numpy()
            self._columns[name] = hit
        return hit

    def patched(self, fresh: Layer, ids) -> ProjectedLayer:
        """This layer with the rows of `ids` replaced by `fresh` (gis.layers.patch_layer): only the fresh
        rows are projected, the others keep their projected geometry."""
        from gis.layers import patch_layer

        layer, keep, order = patch_layer(self.layer, fresh, ids)
        new = transform(fresh.geoms, STORAGE, DISPLAY) if len(fresh) else np.array([], dtype=object)
        projected = np.concatenate([np.asarray(self.geoms, dtype=object)[keep], np.asarray(new, dtype=object)])
        return ProjectedLayer(layer, projected[order])

    def forget_columns(self, names) -> None:
        """Drop what is cached from these columns (they are about to be recomputed)."""
        for name in names:
            self._columns.pop(name, None)
        for key in [k for k in self.label_widths if k[0] in names]:     # keyed (field, font key)
            del self.label_widths[key]

    @property
    def anchors(self) -> np.ndarray:
        """Where labels go: a point inside polygons, the middle of lines, the point itself."""
        if self._anchors is None:
            if self.kind == "line" and len(self):
                single = shapely.get_type_id(self.geoms) == 1
                pts = shapely.point_on_surface(self.geoms)
                pts[single] = shapely.line_interpolate_point(self.geoms[single], 0.5, normalized=True)
                self._anchors = shapely.get_coordinates(pts)
            else:
                self._anchors = self.xy
        return self._anchors

    def memory_bytes(self) -> int:
        """Rough size of the arrays kept here (not the shapely geometries themselves)."""
        return self.feature_bounds.nbytes + (self._xy.nbytes if self._xy is not None else 0) + \
            (self._anchors.nbytes if self._anchors is not None else 0)
