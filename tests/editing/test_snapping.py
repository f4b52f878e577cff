"""Snapping maths (desktop/map/snapping.snap_point) on projected layers: vertex first, then segment, within the
tolerance only, the feature being moved left out."""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from desktop.map.snapping import SEGMENT, VERTEX, snap_point
from desktop.render.geometry import ProjectedLayer
from gis.geo.crs import DISPLAY, STORAGE, transform
from gis.layers import Layer


def _source(geoms_3857) -> ProjectedLayer:
    geoms = np.array(geoms_3857, dtype=object)
    layer = Layer("grids", np.arange(1, len(geoms) + 1), transform(geoms, DISPLAY, STORAGE), pd.DataFrame(index=range(len(geoms))))
    return ProjectedLayer(layer, projected=geoms)


def test_snaps_to_vertex_then_segment_within_tolerance():
    grids = _source([shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100)])
    v = snap_point([("grids", grids)], 103, 96, tolerance=10)
    assert (v.kind, v.point) == (VERTEX, (100.0, 100.0))
    s = snap_point([("grids", grids)], 150, 4, tolerance=10)
    assert s.kind == SEGMENT and s.point == (150.0, 0.0) and s.layer == "grids" and s.index == 1
    assert snap_point([("grids", grids)], 150, 50, tolerance=10) is None      # 50 away from every edge
    left_out = snap_point([("grids", grids)], 150, 4, tolerance=10,
                          exclude=lambda name, idx: idx == 1)
    assert left_out is None


def test_nearest_of_several_layers():
    grids = _source([shapely.box(0, 0, 100, 100)])
    points = _source([shapely.Point(52, 3)])
    s = snap_point([("grids", grids), ("sites", points)], 50, 2, tolerance=10)
    assert (s.kind, s.layer, s.point) == (VERTEX, "sites", (52.0, 3.0))       # a vertex beats a nearer segment


def test_typed_coordinates():
    import pytest

    from gis.editing.coordinates import GK3, point_from
    from gis.errors import ValidationError
    from gis.geo.crs import transformer

    assert point_from("113.3075", "33.7") == shapely.Point(113.3075, 33.7)
    dms = point_from("113°18′27″", "33度42分")
    assert dms.x == pytest.approx(113 + 18 / 60 + 27 / 3600) and dms.y == pytest.approx(33.7)
    y, x = transformer("EPSG:4547", "EPSG:4490").transform(113.3075, 33.7, direction="INVERSE")
    assert point_from(f"{x:.3f}", f"{y:.3f}", GK3).distance(shapely.Point(113.3075, 33.7)) < 1e-7
    assert point_from(f"{x:.3f}", f"{38_000_000 + y:.3f}", GK3).distance(shapely.Point(113.3075, 33.7)) < 1e-7
    with pytest.raises(ValidationError, match="经度“东经”不是数字"):
        point_from("东经", "33.7")
    with pytest.raises(ValidationError, match="纬度 73 不在中国范围内"):
        point_from("113", "73")
    with pytest.raises(ValidationError, match="带号 12"):
        point_from(f"{x:.3f}", f"{12_000_000 + y:.3f}", GK3)
