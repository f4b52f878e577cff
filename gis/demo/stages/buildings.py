"""Stage 11: building footprints and third-party works near the gas pipelines (issue 13).

Runs last (after hazards) with its own random streams (world.rng(11) for buildings, world.rng(12) for
works), so the earlier stages' output is unchanged; contact names and phones continue the shared name
source after everything else has drawn from it.

- buildings: a footprint for most premises (sites: shops, restaurants, the school, kindergartens, the
  enterprises, village committees…), a health centre per township and a clinic (卫生室) per village,
  residential blocks in the communities and farm houses clustered round each village's centre. All are
  rectangles in the Gauss-Krüger zone of the area, kept inside their village, ≥ 6 m from road centrelines,
  ≥ 8 m from pipelines and ≥ 2 m from one another.
- 占压 and 安全间距不足: a few footprints are placed on purpose beside pipelines (sheds over the pipe, shop
  extensions, houses too near a main) at distances taken from resources/gas_rules.yaml; each one is kept
  only if gis.gas.analysis finds exactly the intended finding for it, and the final set is checked again.
- third-party works: an active excavation inside a medium-pressure pipeline's control range (预警), an
  active crossing of a pipeline's protection range (报警), a planned and a finished works across pipelines,
  and an active works away from the pipelines; dates around the demo's TODAY.
"""
from __future__ import annotations

from datetime import timedelta

import numpy as np
import shapely

from gis.demo.shapes import points_in
from gis.demo.world import DEMO, TODAY, World
from gis.gas import analysis as gas
from gis.gas import rules as gas_rules
from gis.geo.crs import STORAGE, measure_crs, transform

ROAD_GAP_M = 6.0        # ordinary footprints from road centrelines
PIPE_GAP_M = 8.0        # ordinary footprints from pipeline centrelines
BUILDING_GAP_M = 2.0    # between footprints
OCCUPATIONS_PER_KM = 0.3   # deliberate 占压 per km of pipeline (township: 12)
CLEARANCES_PER_KM = 0.08   # deliberate 安全间距不足 (township: 3)

# site category → (use, storeys low..high, width m, length m); categories not listed get no footprint
SITE_BUILDINGS = {
    "small_premises": ("commercial", (1, 3), 8, 14),
    "catering": ("commercial", (1, 2), 10, 16),
    "school": ("school", (3, 4), 18, 54),
    "childcare_institution": ("childcare", (2, 3), 15, 30),
    "industry_trade_enterprise": ("industrial", (1, 2), 30, 60),
    "hazchem_enterprise": ("industrial", (1, 1), 24, 48),
    "passenger_station": ("public", (1, 2), 20, 40),
    "village_committee": ("office", (2, 3), 12, 26),
    "lpg_station": ("warehouse", (1, 1), 8, 10),
    "supply_depot": ("warehouse", (1, 1), 6, 8),
}

# deliberate footprints beside a pipe: (name, use, storeys, along m, across m, near edge from the pipe's outer
# wall as a share of the rule distance (protection range for 占压, between protection and clearance otherwise))
OCCUPIERS = (("违建彩钢棚", "other", 1, 8.0, 4.0, -1.0), ("临街商铺扩建", "commercial", 1, 10.0, 6.0, 0.4),
             ("自建民房", "residential", 2, 12.0, 9.0, 0.8))
CLEARANCE = ("临管民房", "residential", 2, 12.0, 9.0, 0.5)


def build(world: World) -> None:
    rules = gas_rules.load_rules()
    pipes = [ln for ln in world.lines if ln["kind"] == "gas_pipeline"]
    roads = np.array([ln["geometry"] for ln in world.lines if ln["kind"] == "road"], dtype=object)
    crs = measure_crs(shapely.get_coordinates(world.region)[:, 0])
    ctx = _Context(world, rules, pipes, roads, crs)
    rng = world.rng(11)
    deliberate = _deliberate(ctx, rng)
    ordinary = _ordinary(ctx, rng)
    cands = deliberate + ordinary
    keep = _greedy(ctx, cands, n_fixed=len(deliberate))
    chosen = [cands[i] for i in keep]
    # the analysis itself decides: every ordinary footprint must be outside all ranges and clearances
    feats = gas.Features(geoms=transform(np.array([c["geom_m"] for c in chosen], dtype=object), crs, STORAGE),
                         ids=np.arange(len(chosen)))
    found = {f.feature_index for f in ctx.analysis(buildings=feats).buildings_findings()}
    chosen = [c for i, c in enumerate(chosen) if c["deliberate"] or i not in found]
    world.buildings = [dict(id=i, name=c["name"], address=c["address"], storeys=int(c["storeys"]), use=c["use"],
                            note=c.get("note"), attributes={},
                            geometry=transform(c["geom_m"], crs, STORAGE))
                       for i, c in enumerate(chosen, start=1)]
    ctx.building_tree = shapely.STRtree(np.array([c["geom_m"] for c in chosen], dtype=object))
    world.works = _works(ctx, world.rng(12))


class _Context:
    def __init__(self, world, rules, pipes, roads, crs):
        self.world, self.rules, self.crs = world, rules, crs
        self.pipes = pipes
        self.pipe_m = transform(np.array([p["geometry"] for p in pipes], dtype=object), STORAGE, crs)
        self.params = gas_rules.pipeline_params(rules, [p["pressure_class"] for p in pipes], None,
                                                [p["diameter_mm"] for p in pipes], [p["material"] for p in pipes])
        self.pipelines = gas.Pipelines(geoms=np.array([p["geometry"] for p in pipes], dtype=object),
                                       ids=np.arange(len(pipes)), params=self.params)
        self.road_m = transform(roads, STORAGE, crs)
        self.road_tree = shapely.STRtree(self.road_m)
        self.pipe_tree = shapely.STRtree(self.pipe_m)
        self.village_m = transform(np.array([v["geom"] for v in world.villages], dtype=object), STORAGE, crs)
        self.village_tree = shapely.STRtree(self.village_m)

    def analysis(self, **inputs) -> gas.Analysis:
        return gas.Analysis(self.rules, self.pipelines, crs=self.crs, **inputs)

    def village_at(self, pts) -> np.ndarray:
        """Index of the village containing each point (-1 outside every village)."""
        out = np.full(len(pts), -1, dtype=np.int64)
        i, v = self.village_tree.query(pts, predicate="within")
        out[i] = v
        return out


def _rects(cx, cy, angle, width, length) -> np.ndarray:
    """Rectangles (metres) centred at (cx, cy), `length` along the direction `angle`, `width` across it."""
    c, s = np.cos(angle), np.sin(angle)
    corners = np.array([(-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1)], dtype=float)
    ux, uy = corners[:, 0] * (np.asarray(length)[:, None] / 2), corners[:, 1] * (np.asarray(width)[:, None] / 2)
    x = cx[:, None] + ux * c[:, None] - uy * s[:, None]
    y = cy[:, None] + ux * s[:, None] + uy * c[:, None]
    return shapely.polygons(np.stack([x, y], axis=-1))


def _address(world, vi: int) -> str:
    v = world.villages[vi]
    return f"{v['township']['name']}{v['name']}"


# --- deliberate: 占压 and 安全间距不足 --------------------------------------------------------------------

def _deliberate(ctx: _Context, rng) -> list[dict]:
    """Footprints beside pipelines, each checked with the analysis to give exactly its one intended finding."""
    p = ctx.params
    km = float(shapely.length(ctx.pipe_m).sum()) / 1000
    want = {"occupation": max(1, round(km * OCCUPATIONS_PER_KM)), "clearance": max(1, round(km * CLEARANCES_PER_KM))}
    can_clear = np.flatnonzero(np.nan_to_num(p.clearance_minimum_m) > p.protection_m + 0.2)
    out: list[dict] = []
    for kind in ("occupation", "clearance"):
        pool = np.arange(len(ctx.pipes)) if kind == "occupation" else can_clear
        if not len(pool):
            continue
        # candidates: random points on pipes weighted by length, several times as many as wanted
        lens = shapely.length(ctx.pipe_m[pool])
        n = want[kind] * 6
        pi = pool[rng.choice(len(pool), size=n, p=lens / lens.sum())]
        frac = rng.uniform(0.15, 0.85, n)
        spec = [OCCUPIERS[k] for k in rng.integers(0, len(OCCUPIERS), n)] if kind == "occupation" else [CLEARANCE] * n
        cands = _beside(ctx, pi, frac, spec, kind)
        if not cands:
            continue
        feats = gas.Features(geoms=transform(np.array([c["geom_m"] for c in cands], dtype=object), ctx.crs, STORAGE),
                             ids=np.arange(len(cands)))
        findings = ctx.analysis(buildings=feats).buildings_findings()
        per: dict[int, list] = {}
        for f in findings:
            per.setdefault(f.feature_index, []).append(f)
        taken = 0
        for j, c in enumerate(cands):
            fs = per.get(j, [])
            if len(fs) == 1 and fs[0].kind == kind and fs[0].pipeline_index == c["pipe"] and taken < want[kind]:
                out.append(c)
                taken += 1
    # deliberate footprints must keep apart from one another too (an overlap drops the later one)
    return out


def _frame(ctx: _Context, pi, frac):
    """Points at `frac` of the pipes `pi` (metres), the unit tangent there and the unit normal pointing to the
    side away from the nearest road."""
    lines = ctx.pipe_m[pi]
    length = shapely.length(lines)
    at = frac * length
    a = shapely.get_coordinates(shapely.line_interpolate_point(lines, np.maximum(at - 1.0, 0)))
    b = shapely.get_coordinates(shapely.line_interpolate_point(lines, np.minimum(at + 1.0, length)))
    mid = (a + b) / 2
    t = (b - a) / np.hypot(*(b - a).T)[:, None]
    nrm = np.column_stack([-t[:, 1], t[:, 0]])
    side = np.where(_road_distance(ctx, mid + 8 * nrm) >= _road_distance(ctx, mid - 8 * nrm), 1.0, -1.0)
    return mid, t, nrm * side[:, None]


def _road_distance(ctx: _Context, xy) -> np.ndarray:
    pts = shapely.points(xy)
    _, nearest = ctx.road_tree.query_nearest(pts, all_matches=False)
    return shapely.distance(pts, ctx.road_m[nearest])


def _beside(ctx: _Context, pi, frac, spec, kind) -> list[dict]:
    p = ctx.params
    mid, t, nrm = _frame(ctx, pi, frac)
    half = p.half_od_m[pi]
    prot = p.protection_m[pi]
    if kind == "occupation":
        share = np.array([s[5] for s in spec])
        near = half + np.where(share < 0, share, share * prot)  # negative: the shed stands over the pipe
    else:
        near = half + prot + np.array([s[5] for s in spec]) * (p.clearance_minimum_m[pi] - prot)
    along = np.array([s[3] for s in spec])
    across = np.array([s[4] for s in spec])
    centre = mid + nrm * (near + across / 2)[:, None]
    geoms = _rects(centre[:, 0], centre[:, 1], np.arctan2(t[:, 1], t[:, 0]), across, along)
    vi = ctx.village_at(shapely.points(centre))
    ok = (vi >= 0) & shapely.within(geoms, ctx.village_m[np.maximum(vi, 0)])
    ri, _ = ctx.road_tree.query(geoms, predicate="dwithin", distance=2.0)
    ok[ri] = False
    world = ctx.world
    out = []
    for k in np.flatnonzero(ok):
        name, use, storeys = spec[k][0], spec[k][1], spec[k][2]
        out.append(dict(geom_m=geoms[k], name=f"{world.villages[vi[k]]['short']}{name}", use=use, storeys=storeys,
                        address=_address(world, int(vi[k])), deliberate=True, pipe=int(pi[k]),
                        note=f"{DEMO}：距{ctx.pipes[pi[k]]['name']}过近"))
    return out


# --- ordinary footprints ---------------------------------------------------------------------------------

def _ordinary(ctx: _Context, rng) -> list[dict]:
    world = ctx.world
    out: list[dict] = []
    # premises: up to three positions per site (the point, then 25 m to either side), the first that fits wins
    sites = [st for st in world.sites if st["category"] in SITE_BUILDINGS]
    if sites:
        xy = transform(shapely.points(np.array([st["xy"] for st in sites])), STORAGE, ctx.crs)
        base = shapely.get_coordinates(xy)
        angle = rng.uniform(-0.25, 0.25, len(sites))
        lo = np.array([SITE_BUILDINGS[st["category"]][1][0] for st in sites])
        hi = np.array([SITE_BUILDINGS[st["category"]][1][1] for st in sites])
        storeys = rng.integers(lo, hi + 1)
        for shift in (0.0, 25.0, -25.0):
            cx = base[:, 0] - shift * np.sin(angle)
            cy = base[:, 1] + shift * np.cos(angle)
            w = np.array([SITE_BUILDINGS[st["category"]][2] for st in sites], dtype=float)
            ln = np.array([SITE_BUILDINGS[st["category"]][3] for st in sites], dtype=float)
            geoms = _rects(cx, cy, angle, w, ln)
            for k, st in enumerate(sites):
                out.append(dict(geom_m=geoms[k], name=st["name"], address=st["address"],
                                use=SITE_BUILDINGS[st["category"]][0], storeys=int(storeys[k]), deliberate=False,
                                group=("site", st["id"])))
    # a health centre per township (in its first community) and a clinic per village, near the centre
    for i, v in enumerate(world.villages):
        c = shapely.get_coordinates(transform(shapely.points(np.asarray(v["centre"])), STORAGE, ctx.crs))[0]
        first = v["community"] and not any(u["community"] for u in world.villages[:i] if u["township"] is v["township"])
        name = f"{v['township']['name']}社区卫生服务中心" if first else f"{v['short']}卫生室"
        size, storeys = ((16.0, 40.0), 3) if first else ((9.0, 14.0), 1)
        for k, (dx, dy) in enumerate(((40, 0), (-40, 0), (0, 40), (0, -40), (60, 60), (-60, -60))):
            out.append(dict(geom_m=_rects(np.array([c[0] + dx]), np.array([c[1] + dy]), np.array([0.0]),
                                          np.array([size[0]]), np.array([size[1]]))[0],
                            name=name, address=_address(world, i), use="hospital", storeys=storeys,
                            deliberate=False, group=("clinic", v["id"])))
    # homes: blocks in the communities' grids, farm houses round each village's centre
    for i, v in enumerate(world.villages):
        if v["community"]:
            grids = v["grids"]
            gpolys = transform(np.array([g["geom"] for g in grids], dtype=object), STORAGE, ctx.crs)
            n = 18 * len(grids)
            owner = rng.integers(0, len(grids), n)
            pts = points_in(rng, gpolys, owner)
            angle = np.full(n, rng.uniform(-0.2, 0.2))
            w = np.full(n, 12.0)
            ln = rng.choice([36.0, 48.0, 60.0], n)
            storeys = rng.choice([5, 6, 6, 11, 18], n)
            geoms = _rects(pts[:, 0], pts[:, 1], angle, w, ln)
            for k in range(n):
                out.append(dict(geom_m=geoms[k], name=f"{v['short']}小区{k + 1}号楼", address=_address(world, i),
                                use="residential", storeys=int(storeys[k]), deliberate=False, group=None))
        else:
            c = shapely.get_coordinates(transform(shapely.points(np.asarray(v["centre"])), STORAGE, ctx.crs))[0]
            n = 140
            r = np.abs(rng.normal(0, 220, n)) + 30
            th = rng.uniform(0, 2 * np.pi, n)
            angle = np.full(n, rng.uniform(-0.3, 0.3)) + rng.normal(0, 0.05, n)
            geoms = _rects(c[0] + r * np.cos(th), c[1] + r * np.sin(th), angle, rng.uniform(9, 12, n),
                           rng.uniform(10, 15, n))
            storeys = rng.choice([1, 2, 2, 3], n)
            for k in range(n):
                out.append(dict(geom_m=geoms[k], name=f"{v['short']}{k + 1}号民居", address=_address(world, i),
                                use="residential", storeys=int(storeys[k]), deliberate=False, group=None))
    return out


def _greedy(ctx: _Context, cands: list[dict], n_fixed: int) -> list[int]:
    """Indexes of the candidates kept, in order: deliberate ones first; ordinary ones inside their village,
    away from roads and pipes; none within BUILDING_GAP_M of an earlier kept one; one per group."""
    geoms = np.array([c["geom_m"] for c in cands], dtype=object)
    n = len(geoms)
    ok = np.ones(n, dtype=bool)
    ordinary = np.arange(n) >= n_fixed
    vi = ctx.village_at(shapely.centroid(geoms))
    ok &= ~ordinary | ((vi >= 0) & shapely.within(geoms, ctx.village_m[np.maximum(vi, 0)]))
    ri, _ = ctx.road_tree.query(geoms, predicate="dwithin", distance=ROAD_GAP_M)
    ok[ri[ordinary[ri]]] = False
    pi, _ = ctx.pipe_tree.query(geoms, predicate="dwithin", distance=PIPE_GAP_M)
    ok[pi[ordinary[pi]]] = False
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="dwithin", distance=BUILDING_GAP_M)
    earlier = b < a
    a, b = a[earlier], b[earlier]
    order = np.argsort(a, kind="stable")
    a, b = a[order], b[order]
    starts = np.searchsorted(a, np.arange(n + 1))
    kept = np.zeros(n, dtype=bool)
    groups: set = set()
    for i in range(n):
        if not ok[i]:
            continue
        g = cands[i].get("group")
        if g is not None and g in groups:
            continue
        if kept[b[starts[i]:starts[i + 1]]].any():
            continue
        kept[i] = True
        if g is not None:
            groups.add(g)
    return np.flatnonzero(kept).tolist()


# --- third-party works ------------------------------------------------------------------------------------

WORKS = (
    # (name, party, status, start offset days, end offset days, intended finding, shape)
    ("{road}雨污分流管网改造工程", "平顶山市示例市政工程有限公司", "active", -13, 28, "warning", "trench"),
    ("{road}通信光缆顶管穿越工程", "河南示例通信建设有限公司", "active", -6, 8, "alarm", "crossing"),
    ("{road}路面拓宽工程", "平顶山市示例路桥有限公司", "planned", 15, 70, "alarm", "crossing"),
    ("{road}绿化带改造工程", "平顶山市示例园林绿化有限公司", "finished", -82, -28, "warning", "trench"),
    ("{village}村道硬化工程", "湛河区示例建筑工程有限公司", "active", -20, 40, None, "far"),
)


def _works(ctx: _Context, rng) -> list[dict]:
    """The WORKS against medium-pressure pipelines: for each, a batch of candidate places is analysed (as if
    active today) and the first giving exactly the intended finding, inside a village, clear of the buildings and
    50 m from the other works, is kept."""
    world, p = ctx.world, ctx.params
    medium = np.flatnonzero(np.isin(p.class_key.astype(str), ["medium_a", "medium_b"]))
    if not len(medium):
        return []
    lens = shapely.length(ctx.pipe_m[medium])
    phones = world.names.unique_phones(len(WORKS))
    people = world.names.names(2 * len(WORKS))
    out: list[dict] = []
    placed: list = []
    n = 40
    for w, (name, party, status, start, end, level, shape) in enumerate(WORKS):
        pi = medium[rng.choice(len(medium), size=n, p=lens / lens.sum())]
        mid, t, nrm = _frame(ctx, pi, rng.uniform(0.2, 0.8, n))
        along = np.arctan2(t[:, 1], t[:, 0])
        if shape == "trench":   # a 40 m trench parallel to the pipe, inside the control range only
            gap = p.half_od_m[pi] + (p.protection_m[pi] + p.control_m[pi]) / 2
            c = mid + nrm * (gap + 1.0)[:, None]
            geoms = _rects(c[:, 0], c[:, 1], along, np.full(n, 2.0), np.full(n, 40.0))
        elif shape == "crossing":   # a 3 m wide strip across the pipe
            geoms = _rects(mid[:, 0], mid[:, 1], along + np.pi / 2, np.full(n, 3.0), np.full(n, 30.0))
        else:   # away from every pipeline
            c = mid + nrm * 300.0
            geoms = _rects(c[:, 0], c[:, 1], along, np.full(n, 5.0), np.full(n, 120.0))
        vi = ctx.village_at(shapely.centroid(geoms))
        vi[ctx.building_tree.query(geoms, predicate="dwithin", distance=BUILDING_GAP_M)[0]] = -1  # clear of buildings
        feats = gas.Features(geoms=transform(geoms, ctx.crs, STORAGE), ids=np.arange(n))
        per: dict[int, list] = {}
        for f in ctx.analysis(works=feats).works_findings(TODAY):
            per.setdefault(f.feature_index, []).append(f)
        for k in range(n):
            fs = per.get(k, [])
            fits = not fs if level is None else (len(fs) == 1 and fs[0].level == level and fs[0].pipeline_index == pi[k])
            if fits and vi[k] >= 0 and all(geoms[k].distance(g) >= 50 for g in placed):
                break
        else:
            continue
        placed.append(geoms[k])
        road = ctx.pipes[pi[k]]["name"].replace("燃气管道", "").replace("中压", "").replace("次高压", "")
        out.append(dict(id=len(out) + 1, name=name.format(road=road, village=world.villages[vi[k]]["short"]),
                        party=party, contact_name=people[2 * w], contact_phone=phones[w],
                        start_on=TODAY + timedelta(days=start), end_on=TODAY + timedelta(days=end),
                        permit_no=f"湛燃护〔2026〕{w + 11:03d}号" if level is not None else None,
                        supervisor=people[2 * w + 1] if level is not None else None, status=status,
                        note=DEMO, attributes={}, geometry=transform(geoms[k], ctx.crs, STORAGE)))
    return out
