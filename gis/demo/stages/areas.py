"""Stage 12: what the general buffer checks look at (issue 13), after the buildings on its own stream
(world.rng(13)), so every earlier table is unchanged except the hazardous-chemical enterprises' attributes.

- 学校周边: an internet café (网吧) 120–180 m from a school in a community, inside the school's grid (a
  school_zone finding: the rules ban internet cafés within 200 m of a school); a KTV (歌舞娱乐场所) and a
  lottery shop (彩票销售点) in the communities more than 300 m from every school (not findings).
- 危化企业外部安全防护距离: every hazardous-chemical enterprise but the last gets `external_safety_distance_m`
  (resources/gas_rules.yaml buffer_checks.hazchem_external_distance.distance_attribute). The enterprise with
  the nearest protected target (school, childcare, village committee, passenger station) gets a distance that
  reaches it (one external_distance finding); the others a typical 100–300 m, cut to stay short of their
  nearest target; the last has none, so the check lists it as 参数不全.
"""
from __future__ import annotations

import math

import numpy as np
import shapely

from gis.demo import names as N
from gis.demo.world import World
from gis.gas import rules as gas_rules
from gis.gas.buffers import buffer_rules
from gis.geo.crs import STORAGE, measure_crs, transform

CAFE_DISTANCE_M = (120.0, 180.0)
SCHOOL_CLEAR_M = 300.0
TYPICAL_DISTANCES_M = (100, 150, 200, 300)


def build(world: World) -> None:
    if not world.sites:
        return
    rules = buffer_rules(gas_rules.load_rules())
    xy = np.array([s["xy"] for s in world.sites])
    crs = measure_crs(xy[:, 0])
    pts = transform(shapely.points(xy), STORAGE, crs)
    rng = world.rng(13)
    _internet_cafe(world, rng, pts, crs)
    _external_distances(world, rng, pts, rules)


def _near(rng, origin, grid, distance: tuple[float, float]):
    """A point `distance` (low, high) metres from `origin` inside `grid` (16 directions tried in random
    order), or None."""
    for angle in rng.permutation(16) * (2 * math.pi / 16):
        d = rng.uniform(*distance)
        p = shapely.Point(origin.x + d * math.cos(angle), origin.y + d * math.sin(angle))
        if grid.contains(p):
            return p
    return None


def _internet_cafe(world: World, rng, pts: np.ndarray, crs) -> None:
    """A café 120–180 m from the first community school; a KTV and a lottery shop beside shops in the
    communities that are more than SCHOOL_CLEAR_M from every school (the vocabulary's new categories on the
    map, not findings)."""
    communal = [s for s in world.sites if world.grids[s["grid"]]["village"]["community"]]
    schools = [s for s in communal if s["category"] == "school"]
    if not schools:
        return
    school = schools[0]
    grid = transform(world.grids[school["grid"]]["geom"], STORAGE, crs)
    p = _near(rng, pts[school["idx"]], grid, CAFE_DISTANCE_M)
    if p is not None:
        _add(world, rng, "internet_cafe", "网吧", school["grid"], p, crs,
             {"seats": int(rng.integers(40, 160)), "license_no": f"网文〔2025〕{int(rng.integers(100, 999))}号（示例）"})
    all_schools = shapely.STRtree(pts[[s["idx"] for s in world.sites if s["category"] == "school"]])
    shops = [s for s in communal if s["category"] == "catering"]
    for cat, suffix, attrs in (("entertainment_venue", "KTV", {"rooms": int(rng.integers(8, 30))}),
                               ("lottery_shop", "彩票销售点", {"kind": "体育彩票"})):
        for shop in shops:
            grid = transform(world.grids[shop["grid"]]["geom"], STORAGE, crs)
            p = _near(rng, pts[shop["idx"]], grid, (30.0, 60.0))
            if p is not None and not len(all_schools.query(p, predicate="dwithin", distance=SCHOOL_CLEAR_M)):
                _add(world, rng, cat, suffix, shop["grid"], p, crs, attrs)
                shops.remove(shop)
                break


def _add(world: World, rng, cat: str, suffix: str, grid_idx: int, p, crs, attributes: dict) -> None:
    """A site of `cat` at projected point `p` in grid `grid_idx`, its code continuing its township's."""
    t = world.grids[grid_idx]["village"]["township"]
    seq = max(int(s["code"][-5:]) for s in world.sites if s["code"].startswith(t["code"])) + 1
    trade = N.TRADE_NAMES[int(rng.integers(len(N.TRADE_NAMES)))]
    street = N.STREETS[int(rng.integers(len(N.STREETS)))]
    person = world.names.names(2)
    world.sites.append({
        "idx": len(world.sites), "id": len(world.sites) + 1, "code": f"{t['code']}{seq:05d}", "name": f"{trade}{suffix}",
        "category": cat, "sector": world.sectors[cat], "address": f"{t['name']}{street}{int(rng.integers(1, 300))}号",
        "status": "normal", "risk_level": None, "contact_name": person[1], "contact_phone": world.names.any_phone(),
        "legal_person": person[0], "grid": grid_idx, "xy": shapely.get_coordinates(transform(p, crs, STORAGE))[0],
        "attributes": attributes, "big": False})


def _external_distances(world: World, rng, pts: np.ndarray, rules) -> None:
    sites = world.sites
    hazchem = [s["idx"] for s in sites if s["category"] in rules.hazchem]
    protected = np.array([s["idx"] for s in sites if s["category"] in rules.protected], dtype=np.int64)
    if not hazchem or not len(protected):
        return
    tree = shapely.STRtree(pts[protected])
    _, nearest_d = tree.query_nearest(pts[hazchem], return_distance=True, all_matches=False)
    nearest = np.asarray(nearest_d, dtype=float)
    reach = int(np.argmin(nearest[:-1])) if len(hazchem) > 1 else 0
    typical = rng.choice(TYPICAL_DISTANCES_M, size=len(hazchem))
    for k, i in enumerate(hazchem[:-1] if len(hazchem) > 1 else hazchem):
        d = nearest[k]
        if k == reach:
            metres = int(math.ceil((d + 30) / 50) * 50)
        else:
            metres = int(min(typical[k], max(10, math.floor((d - 10) / 10) * 10)))
            if metres >= d:
                continue                      # too close for any distance that keeps it clear: leave it unset
        sites[i]["attributes"] = {**sites[i]["attributes"], "external_safety_distance_m": metres}
