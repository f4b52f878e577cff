"""The map viewport: screen↔map transforms, zoom at a point, pan, fitting, scale 1:N."""
from __future__ import annotations

import math

import numpy as np
import pytest

from desktop.render.viewport import MAX_RESOLUTION, MIN_RESOLUTION, MapView
from gis.geo.crs import DISPLAY, STORAGE, transformer


def view(**kw) -> MapView:
    d = {"cx": 12_600_000.0, "cy": 3_980_000.0, "resolution": 10.0, "width": 800, "height": 600}
    d.update(kw)
    return MapView(**d)


def test_centre_of_the_screen_is_the_centre_of_the_view():
    v = view()
    assert v.to_screen(v.cx, v.cy) == (400.0, 300.0)
    assert v.to_map(400, 300) == (v.cx, v.cy)


def test_screen_y_grows_down_while_map_y_grows_up():
    v = view()
    sx, sy = v.to_screen(v.cx + 100, v.cy + 100)   # 100 m north-east = 10 px right, 10 px up
    assert (float(sx), float(sy)) == (410.0, 290.0)


def test_round_trip_on_arrays():
    v = view(resolution=3.7)
    sx = np.array([0.0, 13.5, 799.0])
    sy = np.array([0.0, 599.0, 71.25])
    x, y = v.to_map(sx, sy)
    bx, by = v.to_screen(x, y)
    np.testing.assert_allclose(bx, sx, atol=1e-6)
    np.testing.assert_allclose(by, sy, atol=1e-6)


def test_affine_matches_to_screen():
    v = view(resolution=2.5, cx=12_612_345.0)
    m11, m22, dx, dy = v.affine()
    x, y = 12_612_000.0, 3_980_500.0
    assert (m11 * x + dx, m22 * y + dy) == pytest.approx(tuple(float(c) for c in v.to_screen(x, y)))


def test_extent_spans_the_screen():
    v = view()
    assert v.extent() == (v.cx - 4000, v.cy - 3000, v.cx + 4000, v.cy + 3000)


def test_zoom_keeps_the_point_under_the_cursor():
    v = view()
    anchor = (123.0, 456.0)
    before = v.to_map(*anchor)
    z = v.zoomed(2.0, anchor)
    assert z.resolution == 5.0
    assert tuple(float(c) for c in z.to_map(*anchor)) == pytest.approx(tuple(float(c) for c in before))


def test_zoom_is_clamped():
    assert view().zoomed(1e9).resolution == MIN_RESOLUTION
    assert view().zoomed(1e-9).resolution == MAX_RESOLUTION


def test_pan_moves_content_with_the_drag():
    v = view()
    p = v.panned(30, -20)   # drag right and up
    x, y = v.to_map(100, 100)
    sx, sy = p.to_screen(x, y)
    assert (float(sx), float(sy)) == pytest.approx((130.0, 80.0))


def test_fitted_shows_the_whole_box_centred():
    b = (12_000_000.0, 3_900_000.0, 12_010_000.0, 3_902_000.0)
    v = view().fitted(b, margin=0.0)
    minx, miny, maxx, maxy = v.extent()
    assert minx == pytest.approx(b[0]) and maxx == pytest.approx(b[2])   # width limits
    assert miny <= b[1] and maxy >= b[3]
    assert (v.cx, v.cy) == (12_005_000.0, 3_901_000.0)


def test_scale_denominator_is_true_ground_scale():
    lat = 33.65
    _, y = transformer(STORAGE, DISPLAY).transform(113.3, lat)
    v = view(cy=y, resolution=1.0)
    # one Mercator metre is cos(lat) ground metres; 96 dpi = 0.0254/96 m per pixel
    assert v.scale_denominator() == pytest.approx(math.cos(math.radians(lat)) * 96 / 0.0254, rel=1e-6)
    assert v.with_scale(10_000).scale_denominator() == pytest.approx(10_000)


def test_lonlat_under_the_cursor():
    x, y = transformer(STORAGE, DISPLAY).transform(113.3, 33.65)
    v = view(cx=x, cy=y)
    lon, lat = v.to_lonlat(400, 300)
    assert (lon, lat) == pytest.approx((113.3, 33.65))
    lon2, _ = v.to_lonlat(500, 300)
    assert lon2 > lon
