"""Reshape (gis.editing.reshape): a line out of the boundary and back adds what it encloses, a line into it cuts off
the smaller side, and lines that cannot reshape are refused in Chinese."""
from __future__ import annotations

import pytest
from shapely.geometry import LineString, box

from gis.editing.reshape import reshaped
from gis.errors import ValidationError

SQUARE = box(0, 0, 10, 10)


@pytest.mark.parametrize("line, area", [
    ([(10, 2), (13, 5), (10, 8)], 109.0),          # a bulge out of the right side: + 3 × 6 / 2
    ([(10, 2), (7, 5), (10, 8)], 91.0),            # a notch into it: − 9
    ([(-1, 3), (11, 3)], 70.0),                    # straight across: the larger side stays
    ([(2, 10), (2, 12), (8, 12), (8, 10)], 112.0),  # a tab on top, ends snapped to the boundary
])
def test_reshape_adds_or_cuts(line, area):
    out = reshaped(SQUARE, LineString(line), "甲网格")
    assert out.geom_type == "Polygon" and out.is_valid and out.area == pytest.approx(area)


@pytest.mark.parametrize("line, said", [
    ([(2, 2), (3, 3)], "线的两端应落在边界上或边界外"),
    ([(12, 2), (14, 5)], "没有和边界围出新的区域"),
    ([(5, 5)] * 2, "请画一条至少两个点的线"),
])
def test_lines_that_cannot_reshape_are_refused(line, said):
    with pytest.raises(ValidationError, match=f"重塑“甲网格”：.*{said}"):
        reshaped(SQUARE, LineString(line), "甲网格")
