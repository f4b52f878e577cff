"""Chinese web-map coordinates: GCJ-02 (Amap, Tencent) and BD-09 (Baidu) to and from CGCS2000.

The forward offsets are the published public algorithms. The way back has no closed form, so it is
solved by fixed-point iteration to far below a centimetre. WGS84 and CGCS2000 differ by a few
centimetres, well inside the metre this conversion promises, so they are treated as the same here.
Points outside the rough national box carry no offset (the web maps do not shift them either).
"""
from __future__ import annotations

import numpy as np
import shapely

_A = 6378245.0
_EE = 0.00669342162296594323
_X_PI = np.pi * 3000.0 / 180.0
_TOLERANCE_DEG = 1e-10  # ~0.01 mm
_MAX_ITER = 30
SOURCES = ("gcj02", "bd09")


def _inside(lon, lat):
    return (lon >= 72.004) & (lon <= 137.8347) & (lat >= 0.8293) & (lat <= 55.8271)


def _dlat(x, y):
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    r += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    r += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    r += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    return r


def _dlon(x, y):
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    r += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    r += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    r += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    return r


def wgs_to_gcj(lon, lat):
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    dlat = _dlat(lon - 105.0, lat - 35.0)
    dlon = _dlon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * np.pi
    magic = 1 - _EE * np.sin(rad) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * np.cos(rad) * np.pi)
    inside = _inside(lon, lat)
    return np.where(inside, lon + dlon, lon), np.where(inside, lat + dlat, lat)


def gcj_to_bd(lon, lat):
    x, y = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def wgs_to_bd(lon, lat):
    return gcj_to_bd(*wgs_to_gcj(lon, lat))


def _invert(forward, lon, lat):
    """Solve forward(w) = (lon, lat) for w by fixed-point iteration (the offsets vary slowly)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    wx, wy = lon.copy(), lat.copy()
    for _ in range(_MAX_ITER):
        fx, fy = forward(wx, wy)
        ex, ey = fx - lon, fy - lat
        wx, wy = wx - ex, wy - ey
        if np.all(np.abs(ex) < _TOLERANCE_DEG) and np.all(np.abs(ey) < _TOLERANCE_DEG):
            break
    return wx, wy


def gcj_to_wgs(lon, lat):
    return _invert(wgs_to_gcj, lon, lat)


def bd_to_wgs(lon, lat):
    return _invert(wgs_to_bd, lon, lat)


_TO_WGS = {"gcj02": gcj_to_wgs, "bd09": bd_to_wgs}


def to_cgcs2000(geoms, source: str):
    """Geometries in GCJ-02 or BD-09 lon/lat → CGCS2000 lon/lat (vectorised over all vertices)."""
    if source not in _TO_WGS:
        raise ValueError(source)
    fn = _TO_WGS[source]
    return shapely.transform(geoms, lambda xy: np.column_stack(fn(xy[:, 0], xy[:, 1])))
