"""The duty posts of a fire season and the shifts (slots) each must fill, from resources/fire_duty.yaml.

Posts: 24-hour duty of the district, of each township and of each village with forest, and every
checkpoint (Site category checkpoint) in the season's area. Each post has a pool of people who may
stand it, found through their roles (and, for checkpoints, through the ranger areas covering them).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from gis import repo
from gis.errors import ValidationError
from gis.fire.seasons import DayCalendar
from gis.model import AdminUnit, FireSeason, RoleAssignment, Site, Zone
from gis.paths import RESOURCES

DUTY_SETTING = "fire.duty"
POST_ORDER = ("district_duty", "township_duty", "village_duty", "checkpoint")
UNIT_POST = {"district": "district_duty", "township": "township_duty", "village": "village_duty"}


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    with open(RESOURCES / "fire_duty.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def duty_config(s: Session) -> dict[str, Any]:
    """The shipped duty rules with the project's overrides (setting "fire.duty") on top."""
    return {**_shipped(), **(repo.get_setting(s, DUTY_SETTING) or {})}


@dataclass(frozen=True)
class Post:
    post: str  # district_duty | township_duty | village_duty | checkpoint
    place: str  # the unit's or the checkpoint's name
    admin_unit_id: int | None
    site_id: int | None
    staffing_key: str  # key into the staffing table, e.g. checkpoint/temporary
    pool: tuple[int, ...]  # ids of the people who may stand it

    @property
    def key(self) -> tuple:
        return (self.post, self.admin_unit_id, self.site_id)

    @property
    def verb(self) -> str:
        return "值守" if self.post == "checkpoint" else "值班"


@dataclass(frozen=True)
class Slot:
    post: Post
    starts_at: datetime
    ends_at: datetime
    need: int
    day: date
    day_kind: str  # normal | key | critical
    special: bool  # weekend or holiday

    @property
    def key(self) -> tuple:
        return (*self.post.key, self.starts_at)


def _units_in_scope(units: list[AdminUnit], area_id: int | None) -> list[AdminUnit]:
    if area_id is None:
        return units
    parent = {u.id: u.parent_id for u in units}

    def inside(uid: int | None) -> bool:
        while uid is not None:
            if uid == area_id:
                return True
            uid = parent.get(uid)
        return False

    return [u for u in units if inside(u.id)]


def _forest_villages(s: Session, villages: list[AdminUnit]) -> set[int]:
    """Villages that a forest-fire zone touches, spatially or by the zone's admin unit."""
    zones = s.execute(select(Zone.geom, Zone.admin_unit_id).where(Zone.kind == "forest_fire")).all()
    hit = {z.admin_unit_id for z in zones if z.admin_unit_id is not None}
    with_geom = [v for v in villages if v.geom is not None]
    zone_geoms = [z.geom for z in zones if z.geom is not None]
    if with_geom and zone_geoms:
        tree = shapely.STRtree(np.array(zone_geoms, dtype=object))
        v_idx, _ = tree.query(np.array([v.geom for v in with_geom], dtype=object), predicate="intersects")
        hit |= {with_geom[i].id for i in np.unique(v_idx)}
    return {v.id for v in villages if v.id in hit}


def _role_pools(s: Session, roles: dict[str, list[str]], since: date) -> dict[tuple[str, int], list[int]]:
    """(target column, target id) → person ids holding one of the post's roles there (not ended before `since`),
    per post."""
    wanted = {r for rs in roles.values() for r in rs}
    rows = s.execute(
        select(RoleAssignment.role, RoleAssignment.person_id, RoleAssignment.admin_unit_id, RoleAssignment.site_id)
        .where(RoleAssignment.role.in_(wanted), RoleAssignment.not_ended(since)).order_by(RoleAssignment.person_id)
    ).all()
    pools: dict[tuple[str, int], list[int]] = {}
    for post, post_roles in roles.items():
        for role, pid, unit_id, site_id in rows:
            target = unit_id if post != "checkpoint" else site_id
            if role in post_roles and target is not None and pid not in pools.setdefault((post, target), []):
                pools[(post, target)].append(pid)
    return pools


def _checkpoint_zone_people(s: Session, sites: list[Site], roles: list[str], since: date) -> dict[int, list[int]]:
    """Checkpoint id → holders of `roles` on zones (ranger areas) that cover the checkpoint."""
    if not roles or not sites:
        return {}
    rows = s.execute(
        select(RoleAssignment.person_id, Zone.geom).join(Zone, RoleAssignment.zone_id == Zone.id)
        .where(RoleAssignment.role.in_(roles), RoleAssignment.not_ended(since), Zone.geom.is_not(None))
        .order_by(RoleAssignment.person_id)
    ).all()
    if not rows:
        return {}
    tree = shapely.STRtree(np.array([r[1] for r in rows], dtype=object))
    points = shapely.point_on_surface(np.array([x.geom for x in sites], dtype=object))
    s_idx, z_idx = tree.query(points, predicate="covered_by")
    out: dict[int, list[int]] = {}
    for i, j in sorted(zip(s_idx.tolist(), z_idx.tolist(), strict=True)):
        people = out.setdefault(sites[i].id, [])
        if rows[j][0] not in people:
            people.append(rows[j][0])
    return out


def season_posts(s: Session, season: FireSeason, cfg: dict[str, Any] | None = None) -> list[Post]:
    cfg = cfg or duty_config(s)
    units = _units_in_scope(list(s.scalars(select(AdminUnit).order_by(AdminUnit.code))), season.admin_unit_id)
    by_id = {u.id: u for u in units}
    forest = _forest_villages(s, [u for u in units if u.level == "village"])
    # a township or district has duty when it has forest villages below it
    with_forest = set(forest)
    for vid in forest:
        uid = by_id[vid].parent_id
        while uid in by_id:
            with_forest.add(uid)
            uid = by_id[uid].parent_id
    area = by_id.get(season.admin_unit_id) if season.admin_unit_id else None
    sites = [x for x in s.scalars(select(Site).where(Site.category == "checkpoint", Site.status != "closed")
                                  .order_by(Site.name, Site.id)) if x.geom is not None]
    if area is not None and area.geom is not None:
        sites = [x for x in sites if area.geom.covers(shapely.point_on_surface(x.geom))]
    pool_cfg = cfg["pools"]
    since = max(season.start_date, date.today())     # who is deactivated (停用) by now stands no new duty
    pools = _role_pools(s, {p: c.get("roles", []) for p, c in pool_cfg.items()}, since)
    zone_people = _checkpoint_zone_people(s, sites, pool_cfg.get("checkpoint", {}).get("spatial_roles", []),
                                          since)
    posts = []
    for u in units:
        if u.id in with_forest:
            post = UNIT_POST[u.level]
            posts.append(Post(post, u.name, u.id, None, post, tuple(pools.get((post, u.id), []))))
    for x in sites:
        pool = list(pools.get(("checkpoint", x.id), []))
        pool += [p for p in zone_people.get(x.id, []) if p not in pool]
        kind = (x.attributes or {}).get("type", "fixed")
        posts.append(Post("checkpoint", x.name, None, x.id, f"checkpoint/{kind}", tuple(pool)))
    return sorted(posts, key=lambda p: POST_ORDER.index(p.post))


def _clock(text: str) -> time:
    h, m = (int(v) for v in text.split(":"))
    return time(h, m)


def need(cfg: dict[str, Any], post: Post, day_kind: str) -> int:
    levels = cfg["staffing"].get(post.staffing_key) or cfg["staffing"].get(post.post) or {}
    return int(levels.get(day_kind, levels.get("normal", 0)))


def shift_times(cfg: dict[str, Any], post: str, day: date) -> list[tuple[datetime, datetime]]:
    """Start and end of each shift of `post` on `day`."""
    out = []
    for shift in cfg["shifts"].get(post) or cfg["shifts"]["default"]:
        start = datetime.combine(day, _clock(shift["start"]))
        out.append((start, start + timedelta(hours=float(shift["hours"]))))
    return out


def slots(cfg: dict[str, Any], posts: list[Post], days: DayCalendar, first: date, last: date) -> list[Slot]:
    """Every shift of every post from `first` to `last` (days included) with its required head count."""
    out = []
    day = first
    while day <= last:
        kind, special = days.kind_of(day), days.is_special(day)
        for post in posts:
            n = need(cfg, post, kind)
            if n <= 0:
                continue
            for start, end in shift_times(cfg, post.post, day):
                out.append(Slot(post, start, end, n, day, kind, special))
        day += timedelta(days=1)
    return out


def place_by_name(s: Session, name: str) -> tuple[str, AdminUnit | None, Site | None]:
    """Where a duty shift is kept, by name: a checkpoint (post "checkpoint") or an administrative unit
    (its level's duty post). Returns (post, unit, site)."""
    site = s.scalar(select(Site).where(Site.category == "checkpoint", Site.name == name))
    if site is not None:
        return "checkpoint", None, site
    unit = s.scalar(select(AdminUnit).where(AdminUnit.name == name))
    if unit is None:
        raise ValidationError(f"找不到检查站或行政区：{name}", en=f"No checkpoint or administrative area is named {name}")
    return UNIT_POST[unit.level], unit, None
