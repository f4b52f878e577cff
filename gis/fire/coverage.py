"""Coverage checks of a fire season: every forest-fire zone inside the ranger areas, every ranger area
with a ranger, every duty post and checkpoint staffed in every shift of the critical periods.

Each gap has a Chinese description and, where it is spatial, a geometry (CGCS2000 lon/lat) for the map.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

from gis.fire.duty_posts import duty_config, season_posts, slots
from gis.fire.roster import interval_text
from gis.fire.seasons import DayCalendar, season_periods
from gis.geo.crs import to_projected
from gis.model import DutyShift, FireSeason, RoleAssignment, Site, Zone

AREA_TOLERANCE_M2 = 100.0  # slivers from digitising below this are not gaps


@dataclass(frozen=True)
class Gap:
    kind: str  # zone_uncovered | ranger_area_unstaffed | shift_understaffed
    description: str
    geom: Any = None
    ref_id: int | None = None  # the zone or site concerned


def zone_gaps(s: Session, tolerance_m2: float = AREA_TOLERANCE_M2) -> list[Gap]:
    """Parts of forest-fire zones outside every ranger area (vectorised over all zones)."""
    zones = s.execute(select(Zone.id, Zone.name, Zone.geom).where(Zone.kind == "forest_fire", Zone.geom.is_not(None))
                      .order_by(Zone.name, Zone.id)).all()
    if not zones:
        return []
    areas = [g for (g,) in s.execute(select(Zone.geom).where(Zone.kind == "ranger_area", Zone.geom.is_not(None)))]
    zone_geoms = shapely.make_valid(np.array([z.geom for z in zones], dtype=object))
    covered = shapely.union_all(shapely.make_valid(np.array(areas, dtype=object))) if areas else None
    rest = zone_geoms if covered is None else shapely.difference(zone_geoms, covered)
    area_m2 = shapely.area(to_projected(rest))
    total_m2 = shapely.area(to_projected(zone_geoms))
    gaps = []
    for z, g, a, t in zip(zones, rest, area_m2, total_m2, strict=True):
        if a > tolerance_m2:
            gaps.append(Gap("zone_uncovered",
                            f"森林防火区“{z.name}”有 {a / 10000:.2f} 公顷（{a / t:.0%}）不在任何护林员责任区内",
                            g, z.id))
    return gaps


def unstaffed_ranger_areas(s: Session) -> list[Gap]:
    staffed = set(s.scalars(select(RoleAssignment.zone_id).where(RoleAssignment.role == "ranger",
                                                              RoleAssignment.not_ended(date.today()))))
    return [Gap("ranger_area_unstaffed", f"护林员责任区“{z.name}”未落实护林员", z.geom, z.id)
            for z in s.scalars(select(Zone).where(Zone.kind == "ranger_area").order_by(Zone.name, Zone.id))
            if z.id not in staffed]


def shift_gaps(s: Session, season: FireSeason, kinds: tuple[str, ...] = ("critical",)) -> list[Gap]:
    """Shifts on days of the given kinds (default: the critical periods) with fewer people than required
    (at least one per shift, for every checkpoint and duty post)."""
    cfg = duty_config(s)
    days = DayCalendar(season_periods(s, season))
    posts = season_posts(s, season, cfg)
    have = Counter(
        (sh.post, sh.admin_unit_id, sh.site_id, sh.starts_at)
        for sh in s.scalars(select(DutyShift).where(DutyShift.season_id == season.id))
    )
    points = {x.id: x.geom for x in s.scalars(select(Site).where(Site.category == "checkpoint"))}
    wanted = [p for p in season.periods if p.kind in kinds]
    gaps = []
    seen = set()
    for period in sorted(wanted, key=lambda p: p.start_date):
        for sl in slots(cfg, posts, days, period.start_date, period.end_date):
            if sl.key in seen:
                continue
            seen.add(sl.key)
            need = max(sl.need, 1)
            n = have[sl.key]
            if n < need:
                what = "无人值守" if n == 0 else f"人员不足（应 {need} 人，实 {n} 人）"
                label = "值守" if sl.post.post == "checkpoint" else "值班"
                gaps.append(Gap("shift_understaffed",
                                f"{period.name} {sl.post.place}{label} {interval_text(sl.starts_at, sl.ends_at)} {what}",
                                points.get(sl.post.site_id), sl.post.site_id))
    return gaps


def coverage(s: Session, season: FireSeason) -> list[Gap]:
    return zone_gaps(s) + unstaffed_ranger_areas(s) + shift_gaps(s, season)

