"""Coordinate reference systems: CGCS2000 storage, Web Mercator display, Gauss-Krüger measuring."""
from __future__ import annotations

import threading

import numpy as np
import shapely
from pyproj import CRS, Transformer

STORAGE = "EPSG:4490"  # CGCS2000 geographic
DISPLAY = "EPSG:3857"  # Web Mercator, so raster tiles fit
DEFAULT_PROJECTED = "EPSG:4547"  # CGCS2000 / 3-degree Gauss-Kruger CM 114E (central Henan)


def gk3_epsg(lon: float, *, with_zone: bool = False) -> int:
    """EPSG code of the CGCS2000 3° Gauss-Krüger zone containing longitude `lon`.

    EPSG:4534–4554 are CM 75E–135E without the zone number in the easting; 4513–4533 with it.
    """
    cm = int(round(lon / 3.0)) * 3
    if not 75 <= cm <= 135:
        raise ValueError(f"经度 {lon} 不在中国 3 度带范围内")
    return (4513 if with_zone else 4534) + (cm - 75) // 3


_local = threading.local()


def transformer(src: str, dst: str) -> Transformer:
    """A cached transformer of the calling thread (pyproj transformers must not be shared between
    threads: planning and printing run on worker threads while the map uses the UI thread's)."""
    cache = getattr(_local, "cache", None)
    if cache is None:
        cache = _local.cache = {}
    t = cache.get((src, dst))
    if t is None:
        t = cache[(src, dst)] = Transformer.from_crs(CRS.from_user_input(src), CRS.from_user_input(dst),
                                                     always_xy=True)
    return t


def transform(geoms, src: str, dst: str):
    """Reproject a geometry or an array of geometries (vectorised)."""
    t = transformer(src, dst)
    return shapely.transform(geoms, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))


def measure_crs(lons) -> str:
    """The Gauss-Krüger zone for measuring near these longitudes."""
    lons = np.asarray(lons, dtype=float)
    lons = lons[np.isfinite(lons)]
    if not len(lons):
        return DEFAULT_PROJECTED
    try:
        return f"EPSG:{gk3_epsg(float(np.median(lons)))}"
    except ValueError:
        return DEFAULT_PROJECTED


def to_projected(geoms, crs: str = DEFAULT_PROJECTED):
    return transform(geoms, STORAGE, crs)
