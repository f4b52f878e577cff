"""Rules for administrative codes and grids (网格).

Codes: a district (区县) has the 6-digit GB/T 2260 code, a township the district code plus 3 digits
(GB/T 10114), a village the township code plus 3, and a grid the village code plus a 3-digit sequence.
Grid sequence numbers run west→east, north→south within a village. Every grid lies in one village and
the grids of a village tile it without gaps or overlaps.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from gis.geo.crs import to_projected
from gis.model import CODE_LENGTH, GRID_CODE_LENGTH

# Gaps and overlaps smaller than this (m²) are digitising noise, not a tiling error.
AREA_TOLERANCE_M2 = 1.0
# A grid may poke out of its village by this much (m) before it counts as outside.
EDGE_TOLERANCE_M = 0.5


def code_problem(code: str, level: str, parent_code: str | None = None, lang: str = "zh") -> str | None:
    """Why `code` is not a valid code for an admin unit of `level` under `parent_code` (in `lang`); None if it is."""
    want = CODE_LENGTH[level]
    en, name = lang == "en", _level_zh(level) if lang != "en" else _LEVEL_EN[level]
    if not (isinstance(code, str) and code.isdigit() and len(code) == want):
        return (f"a {name} code should be {want} digits, not \"{code}\"" if en
                else f"{name}代码应为 {want} 位数字，实际为“{code}”")
    if parent_code is not None and not code.startswith(parent_code):
        return (f"the {name} code \"{code}\" should begin with its parent's code \"{parent_code}\"" if en
                else f"{name}代码“{code}”应以上级代码“{parent_code}”开头")
    if level != "district" and code[-3:] == "000":
        return (f"the {name} code \"{code}\" cannot end in the number 000" if en
                else f"{name}代码“{code}”的本级序号不能为 000")
    return None


def grid_code_problem(code: str, village_code: str, lang: str = "zh") -> str | None:
    """Why `code` is not a valid 15-digit grid code in the village `village_code` (in `lang`); None if it is."""
    en = lang == "en"
    if not (isinstance(code, str) and code.isdigit() and len(code) == GRID_CODE_LENGTH):
        return (f"a grid code should be 15 digits (6 county + 3 township + 3 village + 3 number), not \"{code}\""
                if en else f"网格代码应为 15 位数字（6 位县级 + 3 位乡镇 + 3 位村社区 + 3 位序号），实际为“{code}”")
    if not code.startswith(village_code):
        return (f"the first 12 digits of grid code \"{code}\" should be its village's code \"{village_code}\"" if en
                else f"网格代码“{code}”的前 12 位应为所属村（社区）代码“{village_code}”")
    if code[-3:] == "000":
        return (f"the number of grid code \"{code}\" cannot be 000" if en
                else f"网格代码“{code}”的序号不能为 000")
    return None


_LEVEL_EN = {"district": "county", "township": "township", "village": "village (community)"}


def _level_zh(level: str) -> str:
    return {"district": "区县", "township": "乡镇（街道）", "village": "村（社区）"}[level]


def sequence_order(geoms) -> np.ndarray:
    """Order in which grids of one village are numbered: rows north→south, west→east in a row.

    Rows are bands of the village's typical cell height, so a slightly lower neighbour to the east
    still counts as the same row. Returns the indices of `geoms` in numbering order.
    """
    geoms = np.asarray(geoms, dtype=object)
    if len(geoms) == 0:
        return np.array([], dtype=int)
    pts = shapely.centroid(geoms)
    x, y = shapely.get_x(pts), shapely.get_y(pts)
    band = float(np.sqrt(np.mean(shapely.area(geoms))))
    row = np.floor((y.max() - y) / band + 0.5).astype(int) if band > 0 else np.zeros(len(x), int)
    return np.lexsort((x, row))


def expected_codes(village_code: str, geoms) -> list[str]:
    """The codes the grids `geoms` should carry, by the numbering order."""
    codes = [""] * len(geoms)
    for seq, i in enumerate(sequence_order(geoms), start=1):
        codes[i] = f"{village_code}{seq:03d}"
    return codes


@dataclass
class TilingReport:
    """How a village's grids fail to tile it (areas in m²)."""

    gap_m2: float
    overlap_m2: float
    outside: list[int]  # indices of grids reaching outside the village

    @property
    def ok(self) -> bool:
        return self.gap_m2 <= AREA_TOLERANCE_M2 and self.overlap_m2 <= AREA_TOLERANCE_M2 and not self.outside


def check_tiling(village: BaseGeometry, grids) -> TilingReport:
    """Measure gaps, overlaps and outliers of `grids` against `village`.

    Topology is computed in the storage CRS, where the stored edges are straight; only the resulting
    slivers are projected to measure their area (projecting first would bend shared edges apart).
    """
    g = np.asarray(grids, dtype=object)
    union = shapely.union_all(g)
    gap = _area_m2(shapely.difference(village, union))
    overlap = float(np.sum(_area_m2(g)) - _area_m2(union))
    tolerance_deg = EDGE_TOLERANCE_M / 111_000.0
    outside_area = _area_m2(shapely.difference(g, shapely.buffer(village, tolerance_deg)))
    outside = [int(i) for i in np.flatnonzero(np.atleast_1d(outside_area) > AREA_TOLERANCE_M2)]
    return TilingReport(float(gap), max(overlap, 0.0), outside)


def _area_m2(geoms):
    return shapely.area(to_projected(geoms))


def within_village(village: BaseGeometry, grid: BaseGeometry) -> bool:
    return not check_tiling(village, [grid]).outside
