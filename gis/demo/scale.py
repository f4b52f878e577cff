"""Sizes of the demo data: the committed township, the county for benchmarks, a mini county for tests."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    townships: int
    villages: int  # per township
    grids: int  # per township
    sites: int  # total
    hazards: int  # total
    pipeline_km: float  # total gas pipeline length aimed at
    bbox: tuple[float, float, float, float]  # lon/lat extent of the outline
    hill_share: float  # southern share of the height that is hilly
    patrol_weeks: int  # patrol history length
    enterprise_grids: int  # per township
    checkpoints: int  # per township with hills
    towers: int
    depots: int
    road_spacing_km: float  # arterial lattice


SCALES = {
    "township": Scale("township", 1, 12, 80, 600, 1500, 40.0, (113.28, 33.62, 113.42, 33.72), 0.36, 12, 2, 6, 4, 2,
                      4.0),
    "county": Scale("county", 12, 30, 300, 36_000, 100_000, 2000.0, (113.02, 33.445, 113.68, 33.895), 0.32, 8, 2, 6, 4,
                    1, 6.0),
    # for tests: two small townships through the county code path
    "mini": Scale("mini", 2, 4, 20, 120, 300, 6.0, (113.28, 33.62, 113.36, 33.68), 0.4, 4, 1, 2, 1, 1, 3.0),
}


def resolve(scale: str | Scale) -> Scale:
    if isinstance(scale, Scale):
        return scale
    try:
        return SCALES[scale]
    except KeyError:
        raise ValueError(f"未知的规模：{scale}（可选：{'、'.join(SCALES)}）") from None
