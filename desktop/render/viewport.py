"""The map viewport: centre and resolution in Web Mercator, screen↔map transforms. Pure Python.

A MapView is immutable; pan/zoom return a new view, so renderers and caches can compare views.
Screen y grows downwards, map y upwards. `resolution` is metres (EPSG:3857 units) per pixel.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from gis.geo.crs import DISPLAY, STORAGE, transformer

METRES_PER_INCH = 0.0254
MIN_RESOLUTION = 0.02      # about 1:80 on screen
MAX_RESOLUTION = 40_000.0  # the whole of China and more
EARTH_RADIUS = 6378137.0


@dataclass(frozen=True)
class MapView:
    cx: float
    cy: float
    resolution: float
    width: int
    height: int

    # --- transforms ---------------------------------------------------------------------------

    def to_screen(self, x, y):
        """Map (EPSG:3857) → screen pixels; works on scalars and numpy arrays."""
        return ((np.asarray(x) - self.cx) / self.resolution + self.width / 2.0,
                (self.cy - np.asarray(y)) / self.resolution + self.height / 2.0)

    def to_map(self, sx, sy):
        """Screen pixels → map (EPSG:3857)."""
        return (self.cx + (np.asarray(sx) - self.width / 2.0) * self.resolution,
                self.cy - (np.asarray(sy) - self.height / 2.0) * self.resolution)

    def affine(self) -> tuple[float, float, float, float]:
        """(m11, m22, dx, dy) of the map→screen transform: sx = m11·x + dx, sy = m22·y + dy."""
        k = 1.0 / self.resolution
        return k, -k, self.width / 2.0 - self.cx * k, self.height / 2.0 + self.cy * k

    def extent(self) -> tuple[float, float, float, float]:
        hw, hh = self.width * self.resolution / 2.0, self.height * self.resolution / 2.0
        return self.cx - hw, self.cy - hh, self.cx + hw, self.cy + hh

    def to_lonlat(self, sx: float, sy: float) -> tuple[float, float]:
        """Screen pixel → CGCS2000 longitude/latitude."""
        x, y = self.to_map(sx, sy)
        lon, lat = transformer(DISPLAY, STORAGE).transform(float(x), float(y))
        return lon, lat

    # --- scale --------------------------------------------------------------------------------

    def centre_latitude(self) -> float:
        return math.degrees(2.0 * math.atan(math.exp(self.cy / EARTH_RADIUS)) - math.pi / 2.0)

    def ground_resolution(self) -> float:
        """True metres on the ground per pixel at the centre (Mercator stretches by 1/cos φ)."""
        return self.resolution * math.cos(math.radians(self.centre_latitude()))

    def scale_denominator(self, dpi: float = 96.0) -> float:
        """N of the true scale 1:N at the centre for a screen of `dpi`."""
        return self.ground_resolution() * dpi / METRES_PER_INCH

    def with_scale(self, denominator: float, dpi: float = 96.0) -> MapView:
        cos = math.cos(math.radians(self.centre_latitude()))
        return self._clamped(replace(self, resolution=denominator * METRES_PER_INCH / dpi / cos))

    # --- navigation ---------------------------------------------------------------------------

    def resized(self, width: int, height: int) -> MapView:
        return replace(self, width=max(1, int(width)), height=max(1, int(height)))

    def panned(self, dx: float, dy: float) -> MapView:
        """Move the map content by (dx, dy) pixels (drag right → content moves right)."""
        return replace(self, cx=self.cx - dx * self.resolution, cy=self.cy + dy * self.resolution)

    def zoomed(self, factor: float, anchor: tuple[float, float] | None = None) -> MapView:
        """Zoom in by `factor` (>1 in, <1 out) keeping the map point under `anchor` (pixels) fixed."""
        new = self._clamped(replace(self, resolution=self.resolution / factor))
        if anchor is None:
            return new
        ax, ay = anchor
        mx, my = self.to_map(ax, ay)
        return replace(new, cx=float(mx - (ax - self.width / 2.0) * new.resolution),
                       cy=float(my + (ay - self.height / 2.0) * new.resolution))

    def fitted(self, bounds: tuple[float, float, float, float], margin: float = 0.05,
               min_resolution: float = 0.5) -> MapView:
        """The view showing `bounds` (EPSG:3857) whole, centred, with a margin on each side."""
        minx, miny, maxx, maxy = bounds
        w, h = max(maxx - minx, 0.0), max(maxy - miny, 0.0)
        k = 1.0 + 2.0 * margin
        res = max(w * k / self.width, h * k / self.height, min_resolution)
        return self._clamped(replace(self, cx=(minx + maxx) / 2.0, cy=(miny + maxy) / 2.0, resolution=res))

    @staticmethod
    def _clamped(view: MapView) -> MapView:
        return replace(view, resolution=min(max(view.resolution, MIN_RESOLUTION), MAX_RESOLUTION))

    @classmethod
    def for_bounds(cls, bounds, width: int, height: int, margin: float = 0.05) -> MapView:
        return cls(0.0, 0.0, 1.0, max(1, int(width)), max(1, int(height))).fitted(bounds, margin)
