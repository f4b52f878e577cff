"""Geometry checks of an import, vectorised: kind of geometry, repair, inside China, near the project,
and duplicates (same name within a tolerance) in the file and against the project."""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from gis.geo.detect import CHINA_BOX
from gis.io.targets import GEOMETRY_LABELS

FAMILY = {
    "Point": "point", "MultiPoint": "point", "LineString": "line", "MultiLineString": "line",
    "LinearRing": "line", "Polygon": "polygon", "MultiPolygon": "polygon", "GeometryCollection": "mixed",
}
FAR_FROM_PROJECT_DEG = 0.5  # about 50 km beyond the project's extent
METRES_PER_DEGREE = 111_320.0


def family(geom) -> str:
    return FAMILY.get(geom.geom_type, "mixed")


GEOMETRY_LABELS_EN = {"point": "point", "line": "line", "polygon": "polygon"}


def family_label(fam: str, lang: str = "zh") -> str:
    if lang == "en":
        return GEOMETRY_LABELS_EN.get(fam, "mixed geometry")
    return GEOMETRY_LABELS.get(fam, "混合几何")


def allowed_label(allowed: tuple[str, ...], lang: str = "zh") -> str:
    if lang == "en":
        return " or ".join(GEOMETRY_LABELS_EN[a] for a in allowed)
    return "或".join(GEOMETRY_LABELS[a] for a in allowed)


def coerce(geom, allowed: tuple[str, ...]):
    """geom as a family the layer takes, or None: a one-point MultiPoint becomes a Point; a collection
    keeps the parts of the one allowed family it holds."""
    fam = family(geom)
    if fam == "point" and geom.geom_type == "MultiPoint":
        return geom.geoms[0] if len(geom.geoms) == 1 else None
    if fam in allowed:
        return geom
    if fam == "mixed":
        for want in allowed:
            parts = [g for g in geom.geoms if family(g) == want]
            if parts and len(parts) == len(geom.geoms):
                return shapely.union_all(parts)
    return None


_TYPE_FAMILY = {0: "point", 1: "line", 2: "line", 3: "polygon", 5: "line", 6: "polygon"}  # shapely type ids


def taken_as_is(geoms: np.ndarray, allowed: tuple[str, ...]) -> np.ndarray:
    """True where coerce() would return the geometry unchanged (a cheap vectorised test; MultiPoints
    and collections go through coerce)."""
    ids = np.full(len(geoms), -1, dtype=np.int64)
    present = np.array([g is not None for g in geoms], dtype=bool)
    ids[present] = shapely.get_type_id(geoms[present])
    ok = [k for k, fam in _TYPE_FAMILY.items() if fam in allowed]
    return np.isin(ids, ok)


def repair(geom, allowed: tuple[str, ...]):
    """make_valid, keeping only parts of the layer's family (a bow-tie polygon stays polygonal)."""
    fixed = shapely.make_valid(geom)
    if family(fixed) == "mixed":
        want = family(geom)
        parts = [g for g in shapely.get_parts(fixed) if family(g) == want]
        fixed = shapely.union_all(parts) if parts else None
    if fixed is None or fixed.is_empty or family(fixed) not in allowed:
        return None
    return fixed


def outside_china(geoms: np.ndarray) -> np.ndarray:
    b = shapely.bounds(geoms)
    with np.errstate(invalid="ignore"):
        inside = (b[:, 0] >= CHINA_BOX[0]) & (b[:, 2] <= CHINA_BOX[2]) & (b[:, 1] >= CHINA_BOX[1]) & \
            (b[:, 3] <= CHINA_BOX[3])
    return ~inside


def far_from(geoms: np.ndarray, extent) -> np.ndarray:
    if extent is None:
        return np.zeros(len(geoms), dtype=bool)
    b = shapely.bounds(geoms)
    m = FAR_FROM_PROJECT_DEG
    return (b[:, 2] < extent[0] - m) | (b[:, 0] > extent[2] + m) | (b[:, 3] < extent[1] - m) | (b[:, 1] > extent[3] + m)


def _centers(geoms: np.ndarray) -> np.ndarray:
    b = shapely.bounds(geoms)
    return np.column_stack(((b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2))


def _metres(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    lat = np.radians((a[..., 1] + b[..., 1]) / 2)
    dx = (a[..., 0] - b[..., 0]) * np.cos(lat)
    dy = a[..., 1] - b[..., 1]
    return np.hypot(dx, dy) * METRES_PER_DEGREE


def duplicates_in_file(names: list, geoms: np.ndarray, tolerance_m: float) -> dict[int, tuple[int, float]]:
    """index → (index of the earlier row it repeats, distance in metres): the nearest earlier row of
    the same name within the tolerance. Only names that occur more than once are compared, a whole
    group at a time."""
    centers = _centers(geoms)
    series = pd.Series(names, dtype=object)
    named = series.notna().to_numpy() & (series.astype(str) != "").to_numpy()
    repeated = named & series.duplicated(keep=False).to_numpy()
    if not repeated.any():
        return {}
    out = {}
    positions = np.flatnonzero(repeated)
    for idx in series[repeated].groupby(series[repeated], sort=False).indices.values():
        idx = positions[idx]  # ascending: earlier rows first
        c = centers[idx]
        d = _metres(c[:, None, :], c[None, :, :])  # d[k, j]: row k to row j
        order = np.arange(len(idx))
        d[order[:, None] <= order[None, :]] = np.inf  # only earlier rows count
        nearest = np.argmin(d, axis=1)
        dist = d[np.arange(len(idx)), nearest]
        for k in np.flatnonzero(dist <= tolerance_m):
            out[int(idx[k])] = (int(idx[nearest[k]]), float(dist[k]))
    return out


def duplicates_in_project(names: list, geoms: np.ndarray, existing: dict[str, list[tuple[int, float, float]]],
                          tolerance_m: float) -> dict[int, tuple[int, float]]:
    """index → (id of the project's row it repeats, distance in metres). existing: name → [(id, x, y)]."""
    centers = _centers(geoms)
    out = {}
    for i, n in enumerate(names):
        rows = existing.get(n) if n else None
        if not rows:
            continue
        pts = np.array([(x, y) for _, x, y in rows])
        d = _metres(pts, centers[i][None, :])
        j = int(np.argmin(d))
        if d[j] <= tolerance_m:
            out[i] = (rows[j][0], float(d[j]))
    return out
