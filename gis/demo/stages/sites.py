"""Stage 6: sites (场所) as dicts in `world.sites`, with a grid index and a point.

Sites are random points inside grids weighted per category (catering and small premises in the
communities, industry in the villages); fixed ones first: a committee per village, the big enterprise
of each enterprise grid, and the forest facilities on the roads into the hills.
"""
from __future__ import annotations

import numpy as np
import shapely

from gis.demo import names as N
from gis.demo.shapes import M_PER_DEG, points_in
from gis.demo.world import World

CATEGORY_SHARE = {  # share of the sites that are not fixed per village / per hills
    "small_premises": 0.40, "catering": 0.25, "industry_trade_enterprise": 0.16, "construction_site": 0.045,
    "childcare_institution": 0.025, "school": 0.02, "hazchem_enterprise": 0.015, "lpg_station": 0.008,
    "passenger_station": 0.004,
}
# grid weights (community, village, forest) per category
CATEGORY_WEIGHT = {
    "small_premises": (5, 1.5, 0.3), "catering": (6, 1.2, 0.4), "industry_trade_enterprise": (1, 3, 0.3),
    "construction_site": (3, 1, 0.1), "childcare_institution": (4, 0.8, 0.1), "school": (2, 1, 0.3),
    "hazchem_enterprise": (0.3, 2, 0.2), "lpg_station": (1, 1.5, 0.2), "passenger_station": (3, 0.5, 0.0),
}
RISK = {  # (major, high, moderate, low) per category
    "industry_trade_enterprise": (0.03, 0.2, 0.5, 0.27), "hazchem_enterprise": (0.3, 0.5, 0.2, 0.0),
    "small_premises": (0.0, 0.1, 0.4, 0.5), "catering": (0.0, 0.05, 0.45, 0.5), "lpg_station": (0.25, 0.6, 0.15, 0.0),
    "school": (0.0, 0.1, 0.8, 0.1), "childcare_institution": (0.0, 0.1, 0.7, 0.2),
    "construction_site": (0.05, 0.45, 0.5, 0.0), "passenger_station": (0.0, 0.3, 0.7, 0.0),
    "checkpoint": (0, 0, 0, 1), "lookout_tower": (0, 0, 0, 1), "supply_depot": (0, 0, 0.2, 0.8),
}
RISK_KEYS = ("major", "high", "moderate", "low")
ALWAYS_NORMAL = {"school", "checkpoint", "lookout_tower", "supply_depot", "village_committee", "passenger_station"}

CN_DIGITS = "零一二三四五六七八九"


def build(world: World) -> None:
    s, rng = world.scale, world.rng(7)
    world.sites = []
    maker = _SiteMaker(world, rng)
    grid_kind = np.array([0 if g["village"]["community"] else (2 if g["kind"] == "forest" else 1)
                          for g in world.grids])
    is_ent = np.array([g["kind"] == "enterprise" for g in world.grids])
    # fixed: village committees, the big enterprises of enterprise grids, forest facilities
    for v in world.villages:
        maker.add("village_committee", v["centre_grid"]["idx"], v["centre"])
    ent_grids = [g for g in world.grids if g["kind"] == "enterprise"]
    for j, g in enumerate(ent_grids):
        xy = shapely.get_coordinates(shapely.point_on_surface(g["geom"]))[0]
        cat = "hazchem_enterprise" if j % 2 == 0 else "industry_trade_enterprise"
        site = maker.add(cat, g["idx"], xy, risk="major", status="normal", big=True)
        g["site_idx"] = site["idx"]
    _forest_sites(world, maker, rng)
    fixed = len(world.sites)
    n_free = max(0, s.sites - fixed)
    cats = list(CATEGORY_SHARE)
    share = np.array([CATEGORY_SHARE[c] for c in cats])
    want = share / share.sum() * n_free
    counts = np.floor(want).astype(int)
    for i in np.argsort(-(want - counts), kind="stable")[: n_free - counts.sum()]:
        counts[i] += 1
    for cat, n in zip(cats, counts, strict=True):
        w = np.array(CATEGORY_WEIGHT[cat], dtype=float)[grid_kind] * ~is_ent
        owner = rng.choice(len(world.grids), size=int(n), p=w / w.sum())
        owner.sort(kind="stable")
        xy = points_in(rng, world.grid_geoms, owner)
        for o, p in zip(owner, xy, strict=True):
            maker.add(cat, int(o), p)


def _forest_sites(world: World, maker: _SiteMaker, rng) -> None:
    s = world.scale
    roads = np.array([ln["geometry"] for ln in world.lines if ln["kind"] == "road"], dtype=object)
    for t in world.townships:
        if not t.get("hills"):
            continue
        edge = shapely.intersection(world.hill_line, t["geom"])
        pts = [p for p in shapely.get_parts(shapely.intersection(roads, edge)) if p.geom_type == "Point"]
        xy = np.array(sorted({(round(p.x, 9), round(p.y, 9)) for p in pts})) if pts else np.zeros((0, 2))
        chosen: list[np.ndarray] = []
        for p in xy[rng.permutation(len(xy))] if len(xy) else []:
            if all(np.hypot(*(p - q)) * M_PER_DEG > 800 for q in chosen):
                chosen.append(p)
            if len(chosen) == s.checkpoints:
                break
        fr = [ln for ln in world.lines if ln["kind"] == "fire_road" and ln["village"]["township"] is t]
        for ln in fr:
            if len(chosen) >= s.checkpoints:
                break
            chosen.append(shapely.get_coordinates(shapely.line_interpolate_point(ln["geometry"], 0.3,
                                                                                 normalized=True))[0])
        gidx = world.grid_of(np.array(chosen)) if chosen else []
        for k, (p, gi) in enumerate(zip(chosen, gidx, strict=True)):
            maker.add("checkpoint", int(gi), p, extra={"n": k, "township": t})
        ends = [e for v, e in world.fire_road_ends if v["township"] is t]
        towers: list[np.ndarray] = []
        for e in ends:
            if all(np.hypot(*(e - q)) * M_PER_DEG > 1500 for q in towers):
                towers.append(e)
            if len(towers) == s.towers:
                break
        if len(towers) < s.towers:
            zones = np.array([z["geometry"] for z in world.zones if z["kind"] == "forest_fire"
                              and int(z["level"]) >= 3 and world.village(z["admin_unit_id"])["township"] is t],
                             dtype=object)
            if len(zones):
                extra = points_in(rng, zones, rng.integers(0, len(zones), s.towers - len(towers)))
                towers.extend(extra)
        gidx = world.grid_of(np.array(towers)) if towers else []
        for k, (p, gi) in enumerate(zip(towers, gidx, strict=True)):
            maker.add("lookout_tower", int(gi), p, extra={"n": k, "township": t})
        hv = sorted((v for v in world.villages if v["township"] is t and v["forest_zones"]),
                    key=lambda v: -v["hill_frac"])
        for k, v in enumerate(hv[: s.depots]):
            g = v["centre_grid"]
            p = points_in(rng, world.grid_geoms, np.array([g["idx"]]))[0]
            maker.add("supply_depot", g["idx"], p, extra={"n": k, "township": t})


class _SiteMaker:
    """Adds a site of a category: its name, address, attributes, status, risk and code from one row of draws."""

    def __init__(self, world: World, rng: np.random.Generator):
        self.world, self.rng = world, rng
        self.u = _Uniforms(rng, 12)
        self.seq: dict[str, int] = {}  # sites so far per township code

    def add(self, cat: str, grid_idx: int, xy, *, risk=None, status=None, big=False, extra=None) -> dict:
        world, rng = self.world, self.rng
        g = world.grids[grid_idx]
        v = g["village"]
        t = v["township"]
        u = self.u.row()
        nm = world.names
        trade = N.TRADE_NAMES[int(u[0] * len(N.TRADE_NAMES))]
        sur = nm.surname()
        person = nm.names(2)
        extra = extra or {}
        street = N.STREETS[int(u[1] * len(N.STREETS))]
        if v["community"]:
            address = f"{t['name']}{street}{int(u[2] * 300) + 1}号"
        else:
            address = f"{t['name']}{v['name']}{cn_number(int(u[2] * 9) + 1)}组"
        legal = person[0]
        attrs: dict = {}
        if cat == "village_committee":
            name = f"{v['name']}{'居民' if v['community'] else '村民'}委员会"
            attrs = {"patrol_start": True}
            legal = None
        elif cat == "industry_trade_enterprise":
            kind, sub = N.INDUSTRY_KINDS[int(u[3] * len(N.INDUSTRY_KINDS))]
            if big:
                kind, sub = "钢结构有限公司", "机械"
            name = f"{N.CITY}{N.DISTRICT['name']}{trade}{kind}" if u[4] < 0.5 else f"{N.CITY}{trade}{kind}"
            attrs = {"subsector": sub, "employees": int(20 + u[5] * (600 if big else 120)),
                     "scale": "规上" if (big or u[6] < 0.3) else "规下", "confined_space": bool(u[7] < 0.35),
                     "dust_explosion": bool(u[8] < 0.12), "ammonia_refrigeration": bool(sub == "食品" and u[9] < 0.5)}
        elif cat == "hazchem_enterprise":
            kind, mode = N.HAZCHEM_KINDS[0 if big else int(u[3] * len(N.HAZCHEM_KINDS))]
            name = f"{trade}{kind}" if kind == "加油站" else f"{N.CITY}{trade}{kind}"
            attrs = {"business": mode, "major_hazard_source": bool(big or u[5] < 0.3),
                     "license_no": f"（豫平）WH安许证字〔2024〕{int(u[6] * 900) + 100}号（示例）",
                     "key_processes": bool(big or u[7] < 0.4)}
        elif cat == "small_premises":
            suffix, kind, lodging = N.SMALL_PREMISES[int(u[3] * len(N.SMALL_PREMISES))]
            name = f"{trade}{suffix}" if u[4] < 0.6 else f"{v['short']}{suffix}"
            mixed = "三合一" if (lodging and u[5] < 0.4) else ("两合一" if u[5] < 0.15 else "无")
            attrs = {"type": kind, "lodging": bool(lodging), "合用场所": mixed, "area_m2": int(30 + u[6] * 400)}
        elif cat == "catering":
            pattern = N.CATERING[int(u[3] * len(N.CATERING))]
            name = pattern.format(s=sur, t=trade)
            piped = bool(v["community"] and u[4] < 0.6)
            attrs = {"gas_type": "管道天然气" if piped else "液化石油气", "bottles": 0 if piped else int(1 + u[5] * 5),
                     "leak_alarm": bool(u[6] < 0.7), "seats": int(10 + u[7] * 150)}
        elif cat == "lpg_station":
            name = f"{trade}液化气供应站" if u[3] < 0.5 else f"{v['short']}瓶装液化气供应点"
            attrs = {"license_no": f"豫平燃经字〔2023〕{int(u[4] * 90) + 10}号（示例）", "storage_bottles": int(50 + u[5] * 400),
                     "real_name_system": bool(u[6] < 0.8)}
        elif cat == "school":
            kind, typ = N.SCHOOL_KINDS[int(u[3] * len(N.SCHOOL_KINDS))]
            base = t["short"] if v["community"] and u[4] < 0.4 else v["short"]
            name = f"{base}{kind}"
            attrs = {"type": typ, "students": int(80 + u[5] * 900), "staff": int(8 + u[6] * 60)}
        elif cat == "childcare_institution":
            pattern = N.CHILDCARE[int(u[3] * len(N.CHILDCARE))]
            name = pattern.format(s=sur, t=trade)
            attrs = {"type": "托管" if ("托管" in name or "饭桌" in name) else "托育", "children": int(10 + u[4] * 80)}
        elif cat == "construction_site":
            pattern = N.CONSTRUCTION[int(u[3] * len(N.CONSTRUCTION))]
            name = pattern.format(t=trade, n=int(u[4] * 3) + 1, street=street, village=v["short"])
            contractor = N.CONTRACTORS[int(u[5] * len(N.CONTRACTORS))].format(t=N.TRADE_NAMES[int(u[6] * 50) % 50])
            attrs = {"contractor": contractor, "permit": bool(u[7] < 0.85), "area_m2": int(2000 + u[8] * 40000),
                     "started": f"2026-{int(u[9] * 9) + 1:02d}-{int(u[10] * 27) + 1:02d}"}
        elif cat == "passenger_station":
            name = f"{t['short']}汽车客运站" if u[3] < 0.4 else f"{v['short']}农村客运招呼站"
            attrs = {"grade": "三级" if "汽车" in name else "招呼站", "routes": int(2 + u[4] * 12)}
        elif cat == "checkpoint":
            n = extra["n"]
            fixed = n < 3
            name = f"{v['short']}森林防火检查站" if fixed else f"{v['short']}临时检查站"
            attrs = {"type": "fixed" if fixed else "temporary", "room": bool(fixed or u[3] < 0.3),
                     "metal_detector": bool(fixed or u[4] < 0.5),
                     "station_code": f"FH-{t['code'][-3:]}-{n + 1:02d}"}
            legal = None
        elif cat == "lookout_tower":
            hill = t["hill_names"][extra["n"] % len(t["hill_names"])]
            name = f"{hill}瞭望塔"
            attrs = {"height_m": int(12 + u[3] * 13), "camera": bool(u[4] < 0.7), "hill": hill}
            legal = None
        elif cat == "supply_depot":
            name = f"{t['name']}森林防火物资储备库" if extra["n"] == 0 else f"{v['short']}森林防火物资储备点"
            inv = {item: int(5 + rng.integers(0, 60)) for item in N.DEPOT_INVENTORY}
            attrs = {"area_m2": int(30 + u[3] * 170), "inventory": inv,
                     "last_check": f"2026-10-{int(u[4] * 30) + 1:02d}"}
            legal = None
        else:
            raise ValueError(cat)
        if status is None:
            status = "normal" if cat in ALWAYS_NORMAL else ("normal", "suspended", "closed")[
                int(np.searchsorted([0.88, 0.96], u[11]))]
        if risk is None and cat in RISK:
            risk = RISK_KEYS[int(np.searchsorted(np.cumsum(RISK[cat]), u[10] * 0.999999))]
        self.seq[t["code"]] = self.seq.get(t["code"], 0) + 1
        code = f"{t['code']}{self.seq[t['code']]:05d}"
        site = dict(idx=len(world.sites), id=len(world.sites) + 1, code=code, name=name, category=cat,
                    sector=world.sectors[cat], address=address, status=status, risk_level=risk,
                    contact_name=person[1] if legal else person[0], contact_phone=nm.any_phone(),
                    legal_person=legal, grid=grid_idx, xy=np.asarray(xy, dtype=float), attributes=attrs, big=big)
        world.sites.append(site)
        return site


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (for 组 and the like)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + ("" if ones == 0 else CN_DIGITS[ones])


class _Uniforms:
    """Rows of uniform draws, refilled in chunks (one numpy call per chunk, not per row)."""

    def __init__(self, rng: np.random.Generator, width: int, chunk: int = 4096):
        self.rng, self.width, self.chunk = rng, width, chunk
        self.buf = np.empty((0, width))
        self.i = 0

    def row(self) -> np.ndarray:
        if self.i >= len(self.buf):
            self.buf, self.i = self.rng.random((self.chunk, self.width)), 0
        self.i += 1
        return self.buf[self.i - 1]
