"""Stage 1: the outline, the hills, and the admin units and grids as one coverage.

- outline: an irregular blob; at county scale the provisional township regions are Voronoi cells of
  relaxed seeds clipped to it, at township scale the blob is the 街道.
- seeds are placed top-down (villages in each township region, grids in each provisional village
  region, each level Lloyd-relaxed), but polygons are made bottom-up: the grids are the cells of ONE
  Voronoi diagram of all grid seeds clipped to the outline, a village is the union of its grids and a
  township the union of its villages. Neighbours therefore share their boundary vertices exactly and
  every level tiles its parent without gaps or overlaps (also when measured in a projected CRS, see
  `gis.grids.check_tiling`). The northernmost villages of a township are communities (社区).
- codes: townships, villages and grids are numbered with `gis.grids.sequence_order`: centroids are
  put into rows (bands as high as a typical cell, counted from the northernmost centroid), rows run
  north→south and cells within a row west→east; a grid code is its village code plus that 3-digit
  sequence.
- hills: everything south of a wavy line, in five bands for the fire danger levels (stages/zones.py).
"""
from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon

from gis import grids as grid_rules
from gis.demo import names as N
from gis.demo.shapes import area_m2, blob, points_in, relaxed_points, voronoi_cells
from gis.demo.world import DEMO, World

COMMUNITY_SHARE = {"街道": 1 / 3, "镇": 0.1, "乡": 0.07}


def build(world: World) -> None:
    """Townships, villages and grids as one coverage, built bottom-up so shared edges match exactly."""
    s, rng = world.scale, world.rng(2)
    district_code = N.DISTRICT["code"]
    outline = blob(rng, s.bbox)
    world.region = outline  # where roads run
    _hills(world)
    if s.townships == 1:
        town_regions = np.array([outline], dtype=object)
        town_meta = [(N.TOWNSHIPS[N.DEMO_TOWNSHIP], f"{district_code}{N.DEMO_TOWNSHIP + 1:03d}")]
    else:
        cells = voronoi_cells(relaxed_points(rng, outline, s.townships, iters=3), outline)
        town_regions = cells[grid_rules.sequence_order(cells)]
        town_meta = [(N.TOWNSHIPS[i % len(N.TOWNSHIPS)], f"{district_code}{i + 1:03d}") for i in range(s.townships)]
    # provisional village regions and grid seeds
    seeds, seed_village = [], []
    vinfo = []  # (township index, provisional region, is community)
    for ti, (region, ((_, tkind), _)) in enumerate(zip(town_regions, town_meta, strict=True)):
        cells = voronoi_cells(relaxed_points(rng, region, s.villages, iters=3), region)
        cy = shapely.get_y(shapely.centroid(cells))
        n_comm = max(1, round(s.villages * COMMUNITY_SHARE[tkind]))
        comm = np.zeros(len(cells), bool)
        comm[np.argsort(-cy, kind="stable")[:n_comm]] = True
        areas = area_m2(cells)
        hill = area_m2(shapely.intersection(cells, world.hill)) / areas
        dens = np.where(comm, 2.0, np.where(hill > 0.5, 0.6, 1.0))
        want = areas * dens / (areas * dens).sum() * s.grids
        n = np.maximum(2, np.floor(want)).astype(int)
        for i in np.argsort(-(want - np.floor(want)), kind="stable")[: max(0, s.grids - n.sum())]:
            n[i] += 1
        for cell, k, c in zip(cells, n, comm, strict=True):
            seeds.append(relaxed_points(rng, cell, int(k), iters=2))
            seed_village.extend([len(vinfo)] * int(k))
            vinfo.append((ti, bool(c)))
    xy = np.vstack(seeds)
    seed_village = np.array(seed_village)
    grid_cells = voronoi_cells(xy, outline)
    keep = np.array([c is not None and c.area > 0 for c in grid_cells])
    grid_cells, seed_village = grid_cells[keep], seed_village[keep]
    village_geoms = np.array([shapely.union_all(grid_cells[seed_village == k]) for k in range(len(vinfo))],
                             dtype=object)
    town_geoms = np.array([shapely.union_all(village_geoms[[k for k, (ti, _) in enumerate(vinfo) if ti == t]])
                           for t in range(len(town_meta))], dtype=object)
    if s.townships == 1:
        minx, miny, maxx, maxy = s.bbox
        w, h = maxx - minx, maxy - miny
        district_geom = shapely.union(blob(rng, (minx - 0.9 * w, miny - 0.4 * h, maxx + 0.25 * w, maxy + 0.9 * h)),
                                      town_geoms[0])
    else:
        district_geom = shapely.union_all(town_geoms)
    units = [dict(id=1, code=district_code, name=N.DISTRICT["name"], level="district", kind=N.DISTRICT["kind"],
                  parent_id=None, geometry=district_geom)]
    world.townships = []
    for ((tname, tkind), tcode), geom in zip(town_meta, town_geoms, strict=True):
        tid = len(units) + 1
        units.append(dict(id=tid, code=tcode, name=tname, level="township", kind=tkind, parent_id=1, geometry=geom))
        world.townships.append(dict(id=tid, code=tcode, name=tname, kind=tkind, geom=geom,
                                    short=tname.removesuffix("街道").removesuffix("乡").removesuffix("镇")))
    # villages: codes in numbering order within each township, unique names
    combos = [h + t for t in N.VILLAGE_TAILS for h in N.VILLAGE_HEADS]
    combos = [combos[i] for i in rng.permutation(len(combos))]
    communities = [N.COMMUNITY_NAMES[i] for i in rng.permutation(len(N.COMMUNITY_NAMES))]
    used: set[str] = set()
    world.villages, world.grids = [], []
    for ti, t in enumerate(world.townships):
        ks = np.array([k for k, (tj, _) in enumerate(vinfo) if tj == ti])
        ks = ks[grid_rules.sequence_order(village_geoms[ks])]
        for seq, k in enumerate(ks, start=1):
            is_comm = vinfo[k][1]
            while True:
                base = communities.pop() if is_comm and communities else combos.pop()
                if base not in used:
                    break
            used.add(base)
            name = base + ("社区" if is_comm else "村")
            geom = village_geoms[k]
            vid = len(units) + 1
            code = f"{t['code']}{seq:03d}"
            units.append(dict(id=vid, code=code, name=name, level="village", kind="社区" if is_comm else "村",
                              parent_id=t["id"], geometry=geom))
            hill_frac = float(area_m2(shapely.intersection(geom, world.hill))) / float(area_m2(geom))
            v = dict(id=vid, code=code, name=name, short=base, community=is_comm, township=t, geom=geom,
                     hill_frac=hill_frac, grids=[])
            world.villages.append(v)
            cells = grid_cells[seed_village == k]
            cells = cells[grid_rules.sequence_order(cells)]
            hf = area_m2(shapely.intersection(cells, world.hill)) / area_m2(cells)
            for gseq, (cell, f) in enumerate(zip(cells, hf, strict=True), start=1):
                g = dict(idx=len(world.grids), id=len(world.grids) + 1, code=f"{code}{gseq:03d}",
                         name=f"{name}第{gseq}网格", seq=gseq, village=v, geom=cell,
                         kind="forest" if (hill_frac > 0.2 and f > 0.5) else "comprehensive",
                         site_idx=None, note=DEMO)
                world.grids.append(g)
                v["grids"].append(g)
    world.units = units
    world.villages_by_id = {v["id"]: v for v in world.villages}
    _grid_index(world, rng)


def _hills(world: World) -> None:
    s, rng = world.scale, world.rng(3)
    minx, miny, maxx, maxy = world.region.bounds
    bminx, bminy, bmaxx, bmaxy = s.bbox
    w, h = bmaxx - bminx, bmaxy - bminy
    xs = np.linspace(minx - 0.02, maxx + 0.02, 241)
    phase1, phase2 = rng.uniform(0, 2 * np.pi, 2)
    yh = miny + s.hill_share * (maxy - miny) + 0.05 * h * np.sin(2 * np.pi * (xs - bminx) / w * 1.3 + phase1) \
        + 0.02 * h * np.sin(2 * np.pi * (xs - bminx) / w * 3.7 + phase2)
    world.hill_x, world.hill_y = xs, yh
    bottom = miny - 1e-6

    def line(t):  # the band boundary at depth t (0 = hill edge, 1 = the south edge of the outline)
        return yh - t * (yh - bottom)

    def between(t0, t1):
        top, low = line(t0), line(t1) - (0.02 if t1 >= 1 else 0)
        return Polygon(np.vstack([np.column_stack([xs, top]), np.column_stack([xs[::-1], low[::-1]])]))

    world.hill = shapely.intersection(between(0, 1), world.region)
    world.hill_line = LineString(np.column_stack([xs, yh]))
    world.band_line = line
    world.bands = [between(k / 5, (k + 1) / 5) for k in range(5)]


def _grid_index(world: World, rng: np.random.Generator) -> None:
    s = world.scale
    world.grid_geoms = np.array([g["geom"] for g in world.grids], dtype=object)
    shapely.prepare(world.grid_geoms)
    world.grid_tree = shapely.STRtree(world.grid_geoms)
    # village centres (village committee) in the grid nearest the village's middle
    for v in world.villages:
        mid = shapely.point_on_surface(v["geom"])
        gs = v["grids"]
        d = shapely.distance(shapely.point_on_surface(np.array([g["geom"] for g in gs], dtype=object)), mid)
        v["centre_grid"] = gs[int(np.argmin(d))]
    # enterprise grids (企业专属网格): in plain villages, never the committee's grid
    for t in world.townships:
        cands = [g for v in world.villages if v["township"] is t and not v["community"] and v["hill_frac"] < 0.2
                 for g in v["grids"] if g is not v["centre_grid"] and g["kind"] == "comprehensive"]
        if not cands:
            continue
        pick = rng.choice(len(cands), size=min(s.enterprise_grids, len(cands)), replace=False)
        for i in sorted(pick.tolist()):
            cands[i]["kind"] = "enterprise"
    owner = np.array([v["centre_grid"]["idx"] for v in world.villages])
    xy = points_in(rng, world.grid_geoms, owner)
    for v, p in zip(world.villages, xy, strict=True):
        v["centre"] = p
