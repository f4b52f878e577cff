"""Deterministic demo data (示例数据): a township for the committed demo, a county for benchmarks.

    python -m gis.demo.generate                          # township → data/shapes/demo.gpkg
    python -m gis.demo.generate --scale county --project /tmp/county.gridsafe

`generate(scale, seed)` returns one DataFrame per table (column names = table columns, plus a
`geometry` column of shapely geometries in EPSG:4490 for spatial tables), ready for
`gis.bulk.bulk_insert`. The same seed gives identical frames and a byte-identical GeoPackage: every
random draw comes from numpy generators seeded with (seed, step), nothing depends on set order, the
clock or the machine.

The township is made up but placed where such a 街道 could be (平顶山市湛河区, 113.28–113.42°E,
33.62–33.72°N, hillier to the south). Every name, phone number and record is fictitious.

Geometry, in order of construction:
- outline: an irregular blob; at county scale 12 provisional township regions are Voronoi cells of
  relaxed seeds clipped to it, at township scale the blob is the 街道.
- seeds are placed top-down (villages in each township region, grids in each provisional village
  region, each level Lloyd-relaxed), but polygons are made bottom-up: the grids are the cells of ONE
  Voronoi diagram of all grid seeds clipped to the outline, a village is the union of its grids and a
  township the union of its villages. Neighbours therefore share their boundary vertices exactly and
  every level tiles its parent without gaps or overlaps (also when measured in a projected CRS, see
  `gis.grids.check_tiling`). The northernmost villages of a township are communities (社区).
- codes: townships, villages and grids are numbered with `gis.grids.sequence_order` — centroids are
  put into rows (bands as high as a typical cell, counted from the northernmost centroid), rows run
  north→south and cells within a row west→east; a grid code is its village code plus that 3-digit
  sequence.
- hills: everything south of a wavy line; forest-fire zones are the hilly parts of villages in five
  danger bands (level "1" at the hill edge … "5" deepest in the south); ranger areas are groups of up
  to three grids of each village with forest (so they tile those villages).
- roads: arterials on a jittered lattice, village access roads to the nearest arterial vertex,
  village-to-village roads along short Delaunay edges, a lane from each grid's middle to the nearest
  road vertex. Lines meet at shared vertices (exact coordinates) and any island is joined by a
  connector, so the network is one connected graph.
- gas pipelines follow the roads of the communities (offset ~5 m) until the scale's length is reached
  (topped up with L-shaped service branches if the roads are too short); a sub-high-pressure main per
  township gets 200 m high-consequence areas.
- sites are random points inside grids weighted per category (catering and small premises in the
  communities, industry in the villages, forest facilities on the roads into the hills).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
import shapely.ops
from shapely.geometry import LineString, Point, Polygon

from .. import grids as grid_rules
from .. import vocab
from ..bulk import coerce_frame, insert_order
from ..geo.crs import DEFAULT_PROJECTED, STORAGE, to_projected, transform
from ..patrol_rules import default_rules
from . import names as N
from .scale import SCALES, Scale, resolve
from .shapes import (M_PER_DEG, area_m2, blob, jittered_lines, length_m, points_in, polygonal, relaxed_points,
                     voronoi_cells)

TODAY = date(2026, 11, 22)  # the demo's "today": overdue means deadline < TODAY
LAST_EVENT = datetime(2026, 11, 21, 18, 0)  # no event happens after this
FIRST_FOUND = date(2026, 1, 1)
LAST_FOUND = date(2026, 11, 20)
DEMO = "示例数据"
EPOCH = datetime(1970, 1, 1)
EPOCH_ORD = date(1970, 1, 1).toordinal()

COMMUNITY_SHARE = {"街道": 1 / 3, "镇": 0.1, "乡": 0.07}

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
HAZARD_SITE_WEIGHT = {
    "catering": 1.2, "small_premises": 1.0, "industry_trade_enterprise": 2.0, "hazchem_enterprise": 3.0,
    "construction_site": 2.5, "lpg_station": 2.0, "school": 0.8, "childcare_institution": 0.8,
    "passenger_station": 1.5, "checkpoint": 1.0, "lookout_tower": 0.5, "supply_depot": 0.5, "village_committee": 0.2,
}
SELF_CHECKLESS = {"village_committee", "checkpoint", "lookout_tower", "supply_depot"}
SOURCES = ("grid_patrol", "self_check", "enforcement", "sector_spot_check", "expert", "cross_check", "public_report")
SOURCE_P = (0.40, 0.20, 0.12, 0.10, 0.06, 0.06, 0.06)
STATUSES = ("registered", "assigned", "rectifying", "pending_acceptance", "closed")
# status probabilities by age of the hazard (days before TODAY): >150, 60–150, 20–60, <20
STATUS_P = (
    (0.01, 0.01, 0.03, 0.02, 0.93),
    (0.02, 0.04, 0.12, 0.07, 0.75),
    (0.05, 0.10, 0.25, 0.15, 0.45),
    (0.20, 0.25, 0.30, 0.10, 0.15),
)
# Event steps, as gis/hazards.py writes them (resources/hazard_rules.yaml):
# step → (action, from, to, who, signature role). `who` picks the actor; the sign steps are the
# project's default 三查三签字 chain (resources/signoff_chains.yaml: 业主 → 乡办 → 行业局委).
STEP = {
    "register": ("register", None, "registered", "registrar", None),
    "assign": ("assign", "registered", "assigned", "assigner", None),
    "start": ("start", "assigned", "rectifying", "executor", "executor"),
    "submit": ("submit", "rectifying", "pending_acceptance", "executor", "executor"),
    "reject": ("reject", "pending_acceptance", "rectifying", "acceptor", "acceptor"),
    "sign_owner": ("sign", None, None, "owner_signer", "site_owner"),
    "sign_township": ("sign", None, None, "township_signer", "township_inspector"),
    "sign_bureau": ("sign", None, None, "bureau_signer", "bureau_inspector"),
    "close": ("close", "pending_acceptance", "closed", "acceptor", "acceptor"),
}
_SIGNED = ("sign_owner", "sign_township", "sign_bureau")
TEMPLATES = {  # (status, returned) → steps
    ("registered", False): ("register",),
    ("assigned", False): ("register", "assign"),
    ("rectifying", False): ("register", "assign", "start"),
    ("rectifying", True): ("register", "assign", "start", "submit", "reject"),
    ("pending_acceptance", False): ("register", "assign", "start", "submit", "sign_owner"),
    ("pending_acceptance", True): ("register", "assign", "start", "submit", "reject", "submit", "sign_owner"),
    ("closed", False): ("register", "assign", "start", "submit", *_SIGNED, "close"),
    ("closed", True): ("register", "assign", "start", "submit", "reject", "submit", *_SIGNED, "close"),
}
GAP_DAYS = {  # (low, high) days before each step after the previous one
    "assign": (0.05, 3), "start": (0.3, 5), "submit": (2, 35), "reject": (0.5, 5), "resubmit": (1, 10),
    "sign_owner": (0.02, 1), "sign_township": (0.1, 2), "sign_bureau": (0.2, 3), "close": (0.05, 2),
}
EVENT_NOTE = {
    "register": "登记隐患", "assign": "交办整改，落实五定", "start": "开始整改", "submit": "整改完成，申请验收",
    "reject": "验收未通过，退回重新整改", "sign_owner": "业主自查认领签字", "sign_township": "乡办属地检查签字",
    "sign_bureau": "行业局委执法核查签字", "close": "验收合格，予以销号",
}
CN_DIGITS = "零一二三四五六七八九"


def _ids_or_null(ids: np.ndarray):
    """Person ids with 0 meaning "no person record" → a nullable integer column."""
    out = pd.array(ids, dtype="Int64")
    out[ids == 0] = pd.NA
    return out


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (for 组 and the like)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + ("" if ones == 0 else CN_DIGITS[ones])


def _rng(seed: int, step: int) -> np.random.Generator:
    return np.random.default_rng([seed, step])


# --- people ---------------------------------------------------------------------------------------------

class NameMaker:
    """Plausible, made-up Chinese names and fictitious phone numbers (138 0000 xxxx style).

    Draws come from buffers refilled in fixed-size chunks, so the sequence of names depends only on
    the seed and the order of requests, and large requests stay vectorised.
    """

    CHUNK = 4096

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        w = 1.0 / (np.arange(len(N.SURNAMES)) + 6.0)
        self.surname_p = w / w.sum()
        pool = [f"{p}{i:04d}" for p in ("1380000", "1390000", "1370000", "1360000") for i in range(10_000)]
        self.phones = [pool[i] for i in rng.permutation(len(pool))]
        self.next_phone = 0
        self._names: list[str] = []
        self._surnames: list[str] = []
        self._any: list[str] = []

    def _refill_names(self) -> None:
        n = self.CHUNK
        s = self.rng.choice(len(N.SURNAMES), size=n, p=self.surname_p)
        female = self.rng.random(n) < 0.42
        gm = self.rng.integers(0, len(N.GIVEN_MALE), n)
        gf = self.rng.integers(0, len(N.GIVEN_FEMALE), n)
        self._names.extend(N.SURNAMES[s[i]] + (N.GIVEN_FEMALE[gf[i]] if female[i] else N.GIVEN_MALE[gm[i]])
                           for i in range(n))

    def names(self, n: int) -> list[str]:
        while len(self._names) < n:
            self._refill_names()
        out, self._names = self._names[:n], self._names[n:]
        return out

    def surname(self) -> str:
        if not self._surnames:
            s = self.rng.choice(len(N.SURNAMES), size=self.CHUNK, p=self.surname_p)
            self._surnames = [N.SURNAMES[i] for i in s]
        return self._surnames.pop()

    def unique_phones(self, n: int) -> list[str]:
        if self.next_phone + n > len(self.phones):
            raise RuntimeError("示例电话号码用完了")
        out = self.phones[self.next_phone:self.next_phone + n]
        self.next_phone += n
        return out

    def any_phone(self) -> str:
        if not self._any:
            self._any = [self.phones[i] for i in self.rng.integers(0, len(self.phones), self.CHUNK)]
        return self._any.pop()


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


# --- the builder ----------------------------------------------------------------------------------------

class _Builder:
    def __init__(self, scale: Scale, seed: int):
        self.s = scale
        self.seed = seed
        self.names = NameMaker(_rng(seed, 1))
        self.sectors = {k: vocab.entry("site_categories", k).get("sector") for k in vocab.keys("site_categories")}

    # ---- admin units, grids --------------------------------------------------------------------------
    def layout(self) -> None:
        """Townships, villages and grids as one coverage, built bottom-up so shared edges match exactly.

        Seeds are placed top-down (townships, then villages in each township, then grids in each village,
        each level Lloyd-relaxed inside provisional Voronoi regions), but the geometry is made bottom-up:
        grids are the cells of ONE Voronoi diagram of all grid seeds clipped to the outline, a village is
        the union of its grids and a township the union of its villages. Neighbouring polygons therefore
        share their boundary vertices at every level, and each level tiles its parent exactly.
        """
        s, rng = self.s, _rng(self.seed, 2)
        district_code = N.DISTRICT["code"]
        outline = blob(rng, s.bbox)
        self.region = outline  # where roads run
        self._hills()
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
            hill = area_m2(shapely.intersection(cells, self.hill)) / areas
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
        self.townships = []
        for ((tname, tkind), tcode), geom in zip(town_meta, town_geoms, strict=True):
            tid = len(units) + 1
            units.append(dict(id=tid, code=tcode, name=tname, level="township", kind=tkind, parent_id=1, geometry=geom))
            self.townships.append(dict(id=tid, code=tcode, name=tname, kind=tkind, geom=geom,
                                       short=tname.removesuffix("街道").removesuffix("乡").removesuffix("镇")))
        # villages: codes in numbering order within each township, unique names
        combos = [h + t for t in N.VILLAGE_TAILS for h in N.VILLAGE_HEADS]
        combos = [combos[i] for i in rng.permutation(len(combos))]
        communities = [N.COMMUNITY_NAMES[i] for i in rng.permutation(len(N.COMMUNITY_NAMES))]
        used: set[str] = set()
        self.villages, self.grids = [], []
        for ti, t in enumerate(self.townships):
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
                hill_frac = float(area_m2(shapely.intersection(geom, self.hill))) / float(area_m2(geom))
                v = dict(id=vid, code=code, name=name, short=base, community=is_comm, township=t, geom=geom,
                         hill_frac=hill_frac, grids=[])
                self.villages.append(v)
                cells = grid_cells[seed_village == k]
                cells = cells[grid_rules.sequence_order(cells)]
                hf = area_m2(shapely.intersection(cells, self.hill)) / area_m2(cells)
                for gseq, (cell, f) in enumerate(zip(cells, hf, strict=True), start=1):
                    g = dict(idx=len(self.grids), id=len(self.grids) + 1, code=f"{code}{gseq:03d}",
                             name=f"{name}第{gseq}网格", seq=gseq, village=v, geom=cell,
                             kind="forest" if (hill_frac > 0.2 and f > 0.5) else "comprehensive",
                             site_idx=None, note=DEMO)
                    self.grids.append(g)
                    v["grids"].append(g)
        self.units = units
        self.villages_by_id = {v["id"]: v for v in self.villages}
        self._grid_index(rng)

    def _hills(self) -> None:
        s, rng = self.s, _rng(self.seed, 3)
        minx, miny, maxx, maxy = self.region.bounds
        bminx, bminy, bmaxx, bmaxy = s.bbox
        w, h = bmaxx - bminx, bmaxy - bminy
        xs = np.linspace(minx - 0.02, maxx + 0.02, 241)
        phase1, phase2 = rng.uniform(0, 2 * np.pi, 2)
        yh = miny + s.hill_share * (maxy - miny) + 0.05 * h * np.sin(2 * np.pi * (xs - bminx) / w * 1.3 + phase1) \
            + 0.02 * h * np.sin(2 * np.pi * (xs - bminx) / w * 3.7 + phase2)
        self.hill_x, self.hill_y = xs, yh
        bottom = miny - 1e-6

        def line(t):  # the band boundary at depth t (0 = hill edge, 1 = the south edge of the outline)
            return yh - t * (yh - bottom)

        def between(t0, t1):
            top, low = line(t0), line(t1) - (0.02 if t1 >= 1 else 0)
            return Polygon(np.vstack([np.column_stack([xs, top]), np.column_stack([xs[::-1], low[::-1]])]))

        self.hill = shapely.intersection(between(0, 1), self.region)
        self.hill_line = LineString(np.column_stack([xs, yh]))
        self.band_line = line
        self.bands = [between(k / 5, (k + 1) / 5) for k in range(5)]

    def _grid_index(self, rng: np.random.Generator) -> None:
        s = self.s
        self.grid_geoms = np.array([g["geom"] for g in self.grids], dtype=object)
        shapely.prepare(self.grid_geoms)
        self.grid_tree = shapely.STRtree(self.grid_geoms)
        # village centres (village committee) in the grid nearest the village's middle
        for v in self.villages:
            mid = shapely.point_on_surface(v["geom"])
            gs = v["grids"]
            d = shapely.distance(shapely.point_on_surface(np.array([g["geom"] for g in gs], dtype=object)), mid)
            v["centre_grid"] = gs[int(np.argmin(d))]
        # enterprise grids (企业专属网格): in plain villages, never the committee's grid
        for t in self.townships:
            cands = [g for v in self.villages if v["township"] is t and not v["community"] and v["hill_frac"] < 0.2
                     for g in v["grids"] if g is not v["centre_grid"] and g["kind"] == "comprehensive"]
            if not cands:
                continue
            pick = rng.choice(len(cands), size=min(s.enterprise_grids, len(cands)), replace=False)
            for i in sorted(pick.tolist()):
                cands[i]["kind"] = "enterprise"
        owner = np.array([v["centre_grid"]["idx"] for v in self.villages])
        xy = points_in(rng, self.grid_geoms, owner)
        for v, p in zip(self.villages, xy, strict=True):
            v["centre"] = p

    def grid_of(self, xy: np.ndarray) -> np.ndarray:
        """Index of the grid containing each point (nearest grid for a point on no grid)."""
        pts = shapely.points(xy)
        out = np.full(len(pts), -1, dtype=np.int64)
        if not len(pts):
            return out
        inp, tree = self.grid_tree.query(pts, predicate="within")
        order = np.lexsort((tree, inp))
        first = np.unique(inp[order], return_index=True)[1]
        out[inp[order][first]] = tree[order][first]
        miss = np.flatnonzero(out < 0)
        if len(miss):
            i2, t2 = self.grid_tree.query_nearest(pts[miss], all_matches=False)
            out[miss[i2]] = t2
        return out

    # ---- lines -------------------------------------------------------------------------------------------
    def roads(self) -> None:
        s, rng = self.s, _rng(self.seed, 4)
        lines: list[dict] = []
        minx, miny, maxx, maxy = self.region.bounds
        wkm = (maxx - minx) * 92.7
        hkm = (maxy - miny) * 111.0
        nx = max(2, round(wkm / s.road_spacing_km))
        ny = max(2, round(hkm / s.road_spacing_km))
        dx, dy = (maxx - minx) / nx, (maxy - miny) / ny
        jx = minx + (np.arange(nx) + 0.5) * dx + rng.uniform(-0.15, 0.15, (ny, nx)) * dx
        jy = miny + (np.arange(ny)[:, None] + 0.5) * dy + rng.uniform(-0.15, 0.15, (ny, nx)) * dy
        step = 0.003
        arterials = []
        names = list(N.STREETS)
        for r in range(ny):  # west → east
            pts = [(minx - 0.01, jy[r, 0] + rng.uniform(-0.2, 0.2) * dy)]
            pts += [(jx[r, c], jy[r, c]) for c in range(nx)]
            pts.append((maxx + 0.01, jy[r, -1] + rng.uniform(-0.2, 0.2) * dy))
            arterials.append(pts)
        for c in range(nx):  # north → south
            pts = [(jx[-1, c] + rng.uniform(-0.2, 0.2) * dx, maxy + 0.01)]
            pts += [(jx[r, c], jy[r, c]) for r in range(ny - 1, -1, -1)]
            pts.append((jx[0, c] + rng.uniform(-0.2, 0.2) * dx, miny - 0.01))
            arterials.append(pts)
        for k, pts in enumerate(arterials):
            p = np.array(pts)
            mids = (p[:-1] + p[1:]) / 2
            d = p[1:] - p[:-1]
            mids = mids + np.column_stack([-d[:, 1], d[:, 0]]) * rng.normal(0, 0.06, (len(mids), 1))
            coords = np.empty((len(p) + len(mids), 2))
            coords[0::2] = p
            coords[1::2] = mids
            line = shapely.segmentize(LineString(coords), step)
            clipped = shapely.intersection(line, self.region)
            parts = [g for g in shapely.get_parts(clipped) if g.geom_type == "LineString" and g.length > 0.002]
            name = names[k % len(names)] if k < len(names) else f"{names[k % len(names)]}{k // len(names) + 1}段"
            for part in parts:
                lines.append(dict(kind="road", name=name, cls="arterial", geometry=part, village=None,
                                  attributes={"class": "主干道", "lanes": 4 if k % 3 == 0 else 2}))
        art_vertices = shapely.get_coordinates(np.array([ln["geometry"] for ln in lines], dtype=object))
        art_vertices = np.unique(art_vertices, axis=0)
        centres = np.array([v["centre"] for v in self.villages])
        vtree = shapely.STRtree(shapely.points(art_vertices))
        i_in, i_tree = vtree.query_nearest(shapely.points(centres), all_matches=False)
        order = np.argsort(i_in, kind="stable")
        targets = art_vertices[i_tree[order]]
        access = shapely.segmentize(jittered_lines(centres, targets, rng, bends=1), 0.002)
        for v, geom in zip(self.villages, access, strict=True):
            lines.append(dict(kind="road", name=f"{v['name']}进村道路", cls="access", geometry=geom, village=v,
                              attributes={"class": "乡道"}))
        # village-to-village roads along short Delaunay edges
        if len(centres) >= 3:
            edges = shapely.get_parts(shapely.delaunay_triangles(shapely.multipoints(centres), only_edges=True))
            ec = shapely.get_coordinates(edges).reshape(-1, 2, 2)
            key = {(float(x), float(y)): i for i, (x, y) in enumerate(centres)}
            pairs = []
            for e in ec:
                a, b = key.get((float(e[0, 0]), float(e[0, 1]))), key.get((float(e[1, 0]), float(e[1, 1])))
                if a is not None and b is not None:
                    pairs.append((min(a, b), max(a, b)))
            pairs = sorted(set(pairs))
            pa = np.array(pairs)
            dist = np.hypot((centres[pa[:, 0], 0] - centres[pa[:, 1], 0]) * 0.835,
                            centres[pa[:, 0], 1] - centres[pa[:, 1], 1])
            mid = (centres[pa[:, 0]] + centres[pa[:, 1]]) / 2
            keep = (dist < 1.3 * np.median(dist)) & shapely.contains_xy(self.region, mid[:, 0], mid[:, 1])
            pa = pa[keep]
            geoms = shapely.segmentize(jittered_lines(centres[pa[:, 0]], centres[pa[:, 1]], rng, bends=2, wiggle=0.05),
                                       0.002)
            for (a, b), geom in zip(pa, geoms, strict=True):
                va, vb = self.villages[a], self.villages[b]
                lines.append(dict(kind="road", name=f"{va['short']}至{vb['short']}道路", cls="link", geometry=geom,
                                  village=va, attributes={"class": "村道"}))
        # a lane from each grid's middle to the nearest vertex of the roads so far (none if one is close)
        gpts = shapely.get_coordinates(shapely.point_on_surface(self.grid_geoms))
        road_xy = np.unique(shapely.get_coordinates(np.array([ln["geometry"] for ln in lines], dtype=object)), axis=0)
        i_in, i_tree = shapely.STRtree(shapely.points(road_xy)).query_nearest(shapely.points(gpts), all_matches=False)
        gc = road_xy[i_tree[np.argsort(i_in, kind="stable")]]
        far = np.hypot((gpts[:, 0] - gc[:, 0]) * 0.835, gpts[:, 1] - gc[:, 1]) > 0.0015
        idx = np.flatnonzero(far)
        geoms = jittered_lines(gpts[idx], gc[idx], rng, bends=1, wiggle=0.1)
        self.grid_points = gpts
        for i, geom in zip(idx, geoms, strict=True):
            g = self.grids[i]
            lines.append(dict(kind="road", name=f"{g['name']}村内道路", cls="lane", geometry=geom, village=g["village"],
                              grid=g, attributes={"class": "村内道路"}))
        self.lines = lines
        self._connect(rng)

    def _connect(self, rng) -> None:
        """Join islands of the road graph (lines meeting at shared vertices) to the largest component."""
        while True:
            roads = [ln for ln in self.lines if ln["kind"] == "road"]
            geoms = np.array([ln["geometry"] for ln in roads], dtype=object)
            xy, li = shapely.get_coordinates(geoms, return_index=True)
            _, inv = np.unique(xy, axis=0, return_inverse=True)
            inv = inv.ravel()
            parent = list(range(len(roads)))

            def find(a):
                while parent[a] != a:
                    parent[a] = parent[parent[a]]
                    a = parent[a]
                return a

            first_line = {}
            for c, ln in zip(inv.tolist(), li.tolist(), strict=True):
                if c in first_line:
                    ra, rb = find(first_line[c]), find(ln)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
                else:
                    first_line[c] = ln
            comp = np.array([find(i) for i in range(len(roads))])
            labels, counts = np.unique(comp, return_counts=True)
            if len(labels) <= 1:
                return
            main = labels[np.argmax(counts)]
            main_xy = xy[comp[li] == main]
            tree = shapely.STRtree(shapely.points(main_xy))
            other = labels[labels != main][0]
            oxy = xy[comp[li] == other]
            i_in, i_tree = tree.query_nearest(shapely.points(oxy), all_matches=False)
            d = np.hypot(*(oxy[i_in] - main_xy[i_tree]).T)
            k = int(np.argmin(d))
            a, b = oxy[i_in[k]], main_xy[i_tree[k]]
            self.lines.append(dict(kind="road", name="连接道路", cls="connector", geometry=LineString([a, b]),
                                   village=None, attributes={"class": "村道"}))

    def pipelines(self) -> None:
        s, rng = self.s, _rng(self.seed, 5)
        comm = [v for v in self.villages if v["community"]]
        urban = shapely.union_all(np.array([v["geom"] for v in comm], dtype=object))
        off = 0.00005  # ≈ 5 m beside the road
        pipes: list[dict] = []
        seq = {"n": 0}

        def add(geom, name, pressure, material, diameter, year, township):
            seq["n"] += 1
            pipes.append(dict(kind="gas_pipeline", name=name, code=f"RQ-{township['code']}-{seq['n']:05d}",
                              operator=N.GAS_OPERATOR, pressure_class=pressure, material=material,
                              diameter_mm=float(diameter), year_built=int(year), geometry=geom, cls="pipe",
                              attributes={"buried": True, "depth_m": round(float(rng.uniform(0.8, 1.6)), 1)}))

        def township_of(geom):
            p = shapely.point_on_surface(geom)
            for t in self.townships:
                if t["geom"].covers(p):
                    return t
            return self.townships[0]

        arterial = [ln for ln in self.lines if ln["cls"] == "arterial"]
        trunk = []
        for ln in arterial:
            inside = shapely.intersection(ln["geometry"], urban)
            for part in shapely.get_parts(inside):
                if part.geom_type == "LineString" and part.length > 0.003:
                    trunk.append((ln, part))
        # one sub-high-pressure main per township: the longest arterial stretch through its communities
        high_done: set[str] = set()
        high = []
        for i in sorted(range(len(trunk)), key=lambda i: (-trunk[i][1].length, i)):
            ln, part = trunk[i]
            t = township_of(part)
            if t["code"] in high_done or float(length_m(part)) < 800:
                continue
            high_done.add(t["code"])
            high.append((ln, part, t))
        self.high_pipes = []
        for ln, part, t in high:
            geom = shapely.offset_curve(part, -off)
            if geom.geom_type == "LineString" and not geom.is_empty:
                add(geom, f"{ln['name']}次高压燃气管道", "high_b", "钢管", 400, rng.integers(2008, 2014), t)
                self.high_pipes.append(pipes[-1])
        # then mains along arterials, access roads, links and lanes of the communities, until the target
        comm_ids = {v["id"] for v in comm}
        cands = [(ln, part, "trunk") for ln, part in trunk]
        for cls in ("access", "lane", "link"):
            cands += [(ln, ln["geometry"], cls) for ln in self.lines if ln["cls"] == cls
                      and ln["village"] is not None and ln["village"]["id"] in comm_ids]
        geoms = shapely.offset_curve(np.array([c[1] for c in cands], dtype=object), off)
        lens = length_m(geoms) / 1000 if len(cands) else np.zeros(0)
        total = float(length_m(np.array([p["geometry"] for p in pipes], dtype=object)).sum()) / 1000 if pipes else 0.0
        for (ln, _, cls), geom, km in zip(cands, geoms, lens, strict=True):
            if total >= s.pipeline_km:
                break
            if geom.geom_type != "LineString" or geom.is_empty:
                continue
            total += float(km)
            if cls == "trunk":
                add(geom, f"{ln['name']}中压燃气管道", "medium_a", "钢管", rng.choice([200, 250, 300]),
                    rng.integers(2003, 2016), township_of(geom))
            else:
                medium = cls != "lane"
                add(geom, ln["name"].replace("道路", "") + "燃气管道", "medium_b" if medium else "low",
                    "钢管" if medium else "PE管", rng.choice([160, 200]) if medium else rng.choice([90, 110]),
                    rng.integers(2006, 2024), ln["village"]["township"])
        have_km = float(length_m(np.array([p["geometry"] for p in pipes], dtype=object)).sum()) / 1000 if pipes else 0
        need_km = s.pipeline_km - have_km
        urban_grids = [g for g in self.grids if g["village"]["community"]]
        if need_km > 0 and urban_grids:
            mean_branch_km = 0.35
            k = max(1, math.ceil(need_km / (len(urban_grids) * mean_branch_km)))
            owner = np.repeat([g["idx"] for g in urban_grids], k)
            ends = points_in(rng, self.grid_geoms, owner)
            starts = self.grid_points[owner] + off
            # an L-shaped branch along the street grid: east/west first, then north/south
            elbow = np.column_stack([ends[:, 0], starts[:, 1]])
            coords = np.stack([starts, elbow, ends], axis=1).reshape(-1, 2)
            geoms = shapely.linestrings(coords, indices=np.repeat(np.arange(len(owner)), 3))
            lens = length_m(geoms) / 1000
            take = np.flatnonzero(np.cumsum(lens) <= need_km + 0.5)
            count: dict[int, int] = {}
            for i in take:
                g = self.grids[owner[i]]
                count[g["idx"]] = count.get(g["idx"], 0) + 1
                add(geoms[i], f"{g['name']}{count[g['idx']]}号支管", "low", "PE管", rng.choice([63, 90]),
                    rng.integers(2010, 2026), g["village"]["township"])
        self.lines.extend(pipes)

    def forest_lines(self) -> None:
        s, rng = self.s, _rng(self.seed, 6)
        road_xy = np.unique(shapely.get_coordinates(
            np.array([ln["geometry"] for ln in self.lines if ln["kind"] == "road"], dtype=object)), axis=0)
        road_tree = shapely.STRtree(shapely.points(road_xy))
        self.fire_road_ends = []
        for t in self.townships:
            t_hill = shapely.intersection(t["geom"], self.hill)
            if float(area_m2(t_hill)) < 0.5e6:
                t["hills"] = False
                continue
            t["hills"] = True
            hills = [N.HILLS[i] for i in rng.permutation(len(N.HILLS))]
            t["hill_names"] = hills
            for v in [v for v in self.villages if v["township"] is t and v["hill_frac"] > 0.15]:
                vh = polygonal(shapely.intersection(v["geom"], self.hill))
                if vh is None:
                    continue
                n_roads = 1 + int(float(area_m2(vh)) > 3e6)
                for k in range(n_roads):
                    # from the road vertex nearest the forest edge deep into the forest
                    cand = points_in(rng, np.array([vh], dtype=object), np.zeros(6, dtype=np.int64))
                    end = cand[np.argmin(cand[:, 1])]
                    edge = cand[np.argmax(cand[:, 1])]
                    start = road_xy[road_tree.query_nearest(Point(edge), all_matches=False)[0]]
                    geom = jittered_lines(start[None, :], end[None, :], rng, bends=3, wiggle=0.06)[0]
                    self.lines.append(dict(kind="fire_road", name=f"{v['short']}防火道路{k + 1}号", cls="fire_road",
                                           village=v, geometry=geom,
                                           attributes={"surface": "砂石", "width_m": 4}))
                    self.fire_road_ends.append((v, end))
            # firebreaks along two band boundaries
            xs = self.hill_x
            for t_depth, kind_zh, width in ((0.45, "工程隔离带", 20), (0.75, "生物防火林带", 30)):
                ys = self.band_line(t_depth)
                line = shapely.intersection(LineString(np.column_stack([xs, ys])), t["geom"])
                for j, part in enumerate(p for p in shapely.get_parts(line) if p.geom_type == "LineString"):
                    if float(length_m(part)) < 300:
                        continue
                    self.lines.append(dict(kind="firebreak", name=f"{hills[j % len(hills)]}{kind_zh}", cls="firebreak",
                                           village=None, geometry=part,
                                           attributes={"type": kind_zh, "width_m": width}))
            # a 10 kV line into the hills from the road vertex nearest the township's hill edge
            hx = float(shapely.centroid(t_hill).x)
            y_edge = float(np.interp(hx, xs, self.hill_y))
            start = road_xy[road_tree.query_nearest(Point(hx, y_edge), all_matches=False)[0]]
            y_end = float(np.interp(hx, xs, self.band_line(0.85)))
            end = np.array([hx + rng.uniform(-0.01, 0.01), y_end])
            geom = jittered_lines(start[None, :], end[None, :], rng, bends=4, wiggle=0.05)[0]
            geom = shapely.intersection(geom, t["geom"])
            parts = [p for p in shapely.get_parts(geom) if p.geom_type == "LineString"]
            if parts:
                part = max(parts, key=lambda p: p.length)
                self.lines.append(dict(kind="forest_power_line", name=f"10kV{hills[0]}线林区段", cls="power",
                                       village=None, geometry=part, operator=N.POWER_OPERATOR,
                                       attributes={"voltage_kv": 10, "poles": int(float(length_m(part)) // 60) + 1}))
            # hazardous road sections on roads in the hills
            cands = [ln for ln in self.lines if ln["kind"] in ("road", "fire_road")
                     and ln["geometry"].intersects(t_hill) and float(length_m(ln["geometry"])) > 600]
            pick = rng.choice(len(cands), size=min(4, len(cands)), replace=False) if cands else []
            for j, i in enumerate(sorted(int(x) for x in pick)):
                ln = cands[i]
                g = ln["geometry"]
                sub_len = rng.uniform(250, 500) / M_PER_DEG
                start_d = rng.uniform(0, max(g.length - sub_len, 0))
                part = shapely.ops.substring(g, start_d, min(start_d + sub_len, g.length))
                kind_zh = ("临水临崖", "急弯陡坡")[j % 2]
                self.lines.append(dict(kind="hazardous_road", name=f"{ln['name']}{kind_zh}路段", cls="hazardous",
                                       village=None, geometry=part,
                                       attributes={"type": kind_zh, "road": ln["name"]}))

    # ---- zones -------------------------------------------------------------------------------------------
    def forest_zones(self) -> None:
        self.zones = []
        level_zh = {str(k): vocab.label("fire_danger_levels", str(k)) for k in range(1, 6)}
        for v in self.villages:
            v["forest_zones"] = []
            if v["hill_frac"] <= 0:
                continue
            geoms = [polygonal(shapely.intersection(v["geom"], self.bands[k])) for k in range(5)]
            for k, geom in enumerate(geoms):
                if geom is None or float(area_m2(geom)) < 20_000:
                    continue
                level = str(k + 1)
                z = dict(kind="forest_fire", code=f"FHQ-{v['code']}-{level}",
                         name=f"{v['name']}森林防火区（{level_zh[level]}）", level=level, admin_unit_id=v["id"],
                         geometry=geom, attributes={"fire_danger": level, "note": DEMO})
                self.zones.append(z)
                v["forest_zones"].append(z)
        # ranger areas tile every village that has forest: groups of up to three grids
        for v in self.villages:
            if not v["forest_zones"]:
                continue
            gs = v["grids"]
            n_areas = max(1, math.ceil(len(gs) / 3))
            for a in range(n_areas):
                group = gs[a * len(gs) // n_areas:(a + 1) * len(gs) // n_areas]
                geom = shapely.union_all(np.array([g["geom"] for g in group], dtype=object))
                z = dict(kind="ranger_area", code=f"HLY-{v['code']}-{a + 1:02d}", name=f"{v['name']}护林员责任区{a + 1}",
                         level=None, admin_unit_id=v["id"], geometry=geom,
                         attributes={"grids": [g["code"] for g in group]})
                self.zones.append(z)

    def other_zones(self) -> None:
        for p in self.high_pipes:
            buf = transform(shapely.buffer(to_projected(p["geometry"]), 200.0), DEFAULT_PROJECTED, STORAGE)
            for v in self.villages:
                if not v["community"]:
                    continue
                part = polygonal(shapely.intersection(buf, v["geom"]))
                if part is None or float(area_m2(part)) < 50_000:
                    continue
                self.zones.append(dict(kind="high_consequence", code=f"HCA-{p['code']}-{v['code'][-3:]}",
                                       name=f"{p['name']}{v['short']}段高后果区", level=None, admin_unit_id=v["id"],
                                       geometry=part,
                                       attributes={"grade": "II级", "pipeline": p["code"], "buffer_m": 200}))
        schools = [st for st in self.sites if st["category"] == "school"]
        if schools:
            pts = shapely.points(np.array([st["xy"] for st in schools]))
            bufs = transform(shapely.buffer(to_projected(pts), 200.0, quad_segs=8), DEFAULT_PROJECTED, STORAGE)
            for st, geom in zip(schools, bufs, strict=True):
                self.zones.append(dict(kind="school_zone", code=f"XX-{st['code']}", name=f"{st['name']}周边区域",
                                       level=None, admin_unit_id=self.grids[st["grid"]]["village"]["id"], geometry=geom,
                                       attributes={"school": st["name"], "radius_m": 200}))

    # ---- sites -------------------------------------------------------------------------------------------
    def sites_build(self) -> None:
        s, rng = self.s, _rng(self.seed, 7)
        self.sites: list[dict] = []
        self.site_seq: dict[str, int] = {}
        self.u_site = _Uniforms(rng, 12)
        grid_kind = np.array([0 if g["village"]["community"] else (2 if g["kind"] == "forest" else 1)
                              for g in self.grids])
        is_ent = np.array([g["kind"] == "enterprise" for g in self.grids])
        # fixed: village committees, the big enterprises of enterprise grids, forest facilities
        for v in self.villages:
            self._site("village_committee", v["centre_grid"]["idx"], v["centre"], rng)
        ent_grids = [g for g in self.grids if g["kind"] == "enterprise"]
        for j, g in enumerate(ent_grids):
            xy = shapely.get_coordinates(shapely.point_on_surface(g["geom"]))[0]
            cat = "hazchem_enterprise" if j % 2 == 0 else "industry_trade_enterprise"
            site = self._site(cat, g["idx"], xy, rng, risk="major", status="normal", big=True)
            g["site_idx"] = site["idx"]
        self._forest_sites(rng)
        fixed = len(self.sites)
        n_free = max(0, s.sites - fixed)
        cats = list(CATEGORY_SHARE)
        share = np.array([CATEGORY_SHARE[c] for c in cats])
        want = share / share.sum() * n_free
        counts = np.floor(want).astype(int)
        for i in np.argsort(-(want - counts), kind="stable")[: n_free - counts.sum()]:
            counts[i] += 1
        for cat, n in zip(cats, counts, strict=True):
            w = np.array(CATEGORY_WEIGHT[cat], dtype=float)[grid_kind] * ~is_ent
            owner = rng.choice(len(self.grids), size=int(n), p=w / w.sum())
            owner.sort(kind="stable")
            xy = points_in(rng, self.grid_geoms, owner)
            for o, p in zip(owner, xy, strict=True):
                self._site(cat, int(o), p, rng)

    def _forest_sites(self, rng) -> None:
        s = self.s
        roads = np.array([ln["geometry"] for ln in self.lines if ln["kind"] == "road"], dtype=object)
        for t in self.townships:
            if not t.get("hills"):
                continue
            edge = shapely.intersection(self.hill_line, t["geom"])
            pts = [p for p in shapely.get_parts(shapely.intersection(roads, edge)) if p.geom_type == "Point"]
            xy = np.array(sorted({(round(p.x, 9), round(p.y, 9)) for p in pts})) if pts else np.zeros((0, 2))
            chosen: list[np.ndarray] = []
            for p in xy[rng.permutation(len(xy))] if len(xy) else []:
                if all(np.hypot(*(p - q)) * M_PER_DEG > 800 for q in chosen):
                    chosen.append(p)
                if len(chosen) == s.checkpoints:
                    break
            fr = [ln for ln in self.lines if ln["kind"] == "fire_road" and ln["village"]["township"] is t]
            for ln in fr:
                if len(chosen) >= s.checkpoints:
                    break
                chosen.append(shapely.get_coordinates(shapely.line_interpolate_point(ln["geometry"], 0.3,
                                                                                     normalized=True))[0])
            gidx = self.grid_of(np.array(chosen)) if chosen else []
            for k, (p, gi) in enumerate(zip(chosen, gidx, strict=True)):
                self._site("checkpoint", int(gi), p, rng, extra={"n": k, "township": t})
            ends = [e for v, e in self.fire_road_ends if v["township"] is t]
            towers: list[np.ndarray] = []
            for e in ends:
                if all(np.hypot(*(e - q)) * M_PER_DEG > 1500 for q in towers):
                    towers.append(e)
                if len(towers) == s.towers:
                    break
            if len(towers) < s.towers:
                zones = np.array([z["geometry"] for z in self.zones if z["kind"] == "forest_fire"
                                  and int(z["level"]) >= 3 and self._village(z["admin_unit_id"])["township"] is t],
                                 dtype=object)
                if len(zones):
                    extra = points_in(rng, zones, rng.integers(0, len(zones), s.towers - len(towers)))
                    towers.extend(extra)
            gidx = self.grid_of(np.array(towers)) if towers else []
            for k, (p, gi) in enumerate(zip(towers, gidx, strict=True)):
                self._site("lookout_tower", int(gi), p, rng, extra={"n": k, "township": t})
            hv = sorted((v for v in self.villages if v["township"] is t and v["forest_zones"]),
                        key=lambda v: -v["hill_frac"])
            for k, v in enumerate(hv[: s.depots]):
                g = v["centre_grid"]
                p = points_in(rng, self.grid_geoms, np.array([g["idx"]]))[0]
                self._site("supply_depot", g["idx"], p, rng, extra={"n": k, "township": t})

    def _village(self, vid: int) -> dict:
        return self.villages_by_id[vid]

    def _site(self, cat: str, grid_idx: int, xy, rng, *, risk=None, status=None, big=False, extra=None) -> dict:
        g = self.grids[grid_idx]
        v = g["village"]
        t = v["township"]
        u = self.u_site.row()
        nm = self.names
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
        self.site_seq[t["code"]] = self.site_seq.get(t["code"], 0) + 1
        code = f"{t['code']}{self.site_seq[t['code']]:05d}"
        site = dict(idx=len(self.sites), id=len(self.sites) + 1, code=code, name=name, category=cat,
                    sector=self.sectors[cat], address=address, status=status, risk_level=risk,
                    contact_name=person[1] if legal else person[0], contact_phone=nm.any_phone(),
                    legal_person=legal, grid=grid_idx, xy=np.asarray(xy, dtype=float), attributes=attrs, big=big)
        self.sites.append(site)
        return site

    # ---- people ------------------------------------------------------------------------------------------
    def people(self) -> None:
        rng = _rng(self.seed, 8)
        nm = self.names
        self.persons: list[dict] = []
        self.roles: list[dict] = []
        start = date(2026, 1, 1)

        def person(unit, title, name=None):
            pid = len(self.persons) + 1
            self.persons.append(dict(id=pid, name=name or nm.names(1)[0], phone=None, unit=unit, title=title,
                                     note="示例数据（虚构人物）"))
            return pid

        def role(pid, key, **target):
            self.roles.append(dict(id=len(self.roles) + 1, person_id=pid, role=key, admin_unit_id=target.get("unit"),
                                   grid_id=target.get("grid"), site_id=target.get("site"), zone_id=target.get("zone"),
                                   start_date=start, end_date=None))

        per_bureau = 2 if self.s.townships == 1 else 4
        self.regulators = {sec: [person(bureau, "执法人员") for _ in range(per_bureau)]
                           for sec, bureau in N.BUREAUS.items()}
        self.township_leaders: dict[str, list[int]] = {}
        self.area_leader_of: dict[int, int] = {}
        self.cadre_of: dict[int, int] = {}
        self.grid_members: dict[int, list[int]] = {}
        self.grid_leader: dict[int, int] = {}
        for t in self.townships:
            unit = f"{t['name']}办事处" if t["kind"] == "街道" else f"{t['name']}人民政府"
            tv = [v for v in self.villages if v["township"] is t]
            leaders = [person(unit, "党工委书记" if t["kind"] == "街道" else "党委书记"),
                       person(unit, "办事处主任" if t["kind"] == "街道" else "乡镇长")]
            n_pian = max(1, math.ceil(len(tv) / 3))
            pian = [person(unit, "党工委委员" if k % 2 else "副主任") for k in range(n_pian)]
            self.township_leaders[t["code"]] = leaders + pian
            keeper = person(f"{t['name']}安委办", "台账汇总员")
            role(keeper, "ledger_keeper", unit=t["id"])
            for i, v in enumerate(tv):
                leader = pian[i * n_pian // len(tv)]
                role(leader, "area_leader", unit=v["id"])
                self.area_leader_of[v["id"]] = leader
                cadre = person(unit, "包村干部")
                role(cadre, "village_cadre", unit=v["id"])
                self.cadre_of[v["id"]] = cadre
                vunit = f"{v['name']}{'居民' if v['community'] else '村民'}委员会"
                heads = [person(vunit, "党支部书记"), person(vunit, "主任"), person(vunit, "文书")]
                role(heads[2], "ledger_keeper", unit=v["id"])
                prev_member = None
                for j, g in enumerate(v["grids"]):
                    gl = heads[j % 3]
                    role(gl, "grid_leader", grid=g["id"])
                    self.grid_leader[g["idx"]] = gl
                    k = int(rng.choice([1, 2, 3], p=[0.5, 0.35, 0.15]))
                    members = []
                    if prev_member is not None and rng.random() < 0.15:
                        members.append(prev_member)  # shared with the neighbouring grid
                        k -= 1
                    members += [person(vunit, "网格员") for _ in range(k)]
                    if not members:
                        members.append(person(vunit, "网格员"))
                    for m in members:
                        role(m, "grid_member", grid=g["id"])
                    self.grid_members[g["idx"]] = members
                    prev_member = members[-1]
        for zi, z in enumerate(self.zones):
            if z["kind"] != "ranger_area":
                continue
            v = self._village(z["admin_unit_id"])
            vunit = f"{v['name']}{'居民' if v['community'] else '村民'}委员会"
            for _ in range(1 + int(float(area_m2(z["geometry"])) > 4e6)):
                role(person(vunit, "护林员"), "ranger", zone=zi + 1)
        # enterprises: principal, deputy, safety officer; assigned leader and regulator on major ones
        self.site_people: dict[int, dict[str, int]] = {}
        for st in self.sites:
            cat = st["category"]
            if not (cat in ("hazchem_enterprise", "lpg_station") or st["big"]
                    or (cat == "industry_trade_enterprise" and st["risk_level"] == "major")):
                continue
            ppl = {"enterprise_principal": person(st["name"], "总经理", name=st["legal_person"]),
                   "deputy_principal": person(st["name"], "分管安全副总经理"),
                   "safety_officer": person(st["name"], "专职安全员")}
            for key, pid in ppl.items():
                role(pid, key, site=st["id"])
            self.site_people[st["idx"]] = ppl
        for st in self.sites:
            if st["risk_level"] != "major":
                continue
            t = self.grids[st["grid"]]["village"]["township"]
            leaders = self.township_leaders[t["code"]]
            role(leaders[st["idx"] % len(leaders)], "assigned_leader", site=st["id"])
            regs = self.regulators[st["sector"] or "fire"]
            role(regs[st["idx"] % len(regs)], "regulator", site=st["id"])
        self._signoff_and_duty_people(person, role)
        phones = nm.unique_phones(len(self.persons))
        for p, ph in zip(self.persons, phones, strict=True):
            p["phone"] = ph
        # lookups by grid / village / site index for the vectorised hazard generator
        vindex = {v["id"]: i for i, v in enumerate(self.villages)}
        tindex = {t["code"]: i for i, t in enumerate(self.townships)}
        self.grid_village = np.array([vindex[g["village"]["id"]] for g in self.grids])
        self.grid_township = np.array([tindex[g["village"]["township"]["code"]] for g in self.grids])
        self.village_cadre = np.array([self.cadre_of[v["id"]] for v in self.villages])
        self.village_area_leader = np.array([self.area_leader_of[v["id"]] for v in self.villages])
        self.grid_leader_arr = np.array([self.grid_leader[g["idx"]] for g in self.grids])
        counts = np.array([len(self.grid_members[g["idx"]]) for g in self.grids])
        self.members_count = counts
        self.members_start = np.concatenate([[0], np.cumsum(counts)[:-1]])
        self.members_flat = np.array([m for g in self.grids for m in self.grid_members[g["idx"]]])
        self.site_principal = np.zeros(len(self.sites), dtype=np.int64)
        self.site_safety = np.zeros(len(self.sites), dtype=np.int64)
        for si, ppl in self.site_people.items():
            self.site_principal[si] = ppl["enterprise_principal"]
            self.site_safety[si] = ppl["safety_officer"]

    # ---- patrols -----------------------------------------------------------------------------------------
    def patrols(self) -> None:
        s, rng = self.s, _rng(self.seed, 9)
        # the project's rules are the shipped defaults (resources/patrol_rules.yaml), as for a new project
        self.rules = [dict(name=r.name, sector=r.sector, category=r.category, site_status=r.site_status,
                           condition=dict(r.condition), interval_days=r.interval_days, season_only=r.season_only,
                           priority=r.priority, source_ref=r.source_ref, active=r.active) for r in default_rules()]
        sites_by_grid: dict[int, list[int]] = {}
        for st in self.sites:
            if st["category"] != "village_committee":
                sites_by_grid.setdefault(st["grid"], []).append(st["idx"])
        committee = {self.grids[st["grid"]]["village"]["id"]: st for st in self.sites
                     if st["category"] == "village_committee"}
        every = 14
        first_monday = TODAY - timedelta(days=TODAY.weekday() + 7 * s.patrol_weeks)
        assigns, stops = [], []
        for g in self.grids:
            sids = sites_by_grid.get(g["idx"], [])
            if not sids:
                continue
            members = self.grid_members[g["idx"]]
            offset = int(rng.integers(0, every))
            d = first_monday + timedelta(days=offset)
            k = 0
            # history only: what comes next is planned by the user with the planner (gis.planning)
            while d < TODAY - timedelta(days=2):
                day = d + timedelta(days=(7 - d.weekday()) % 7 if d.weekday() >= 5 else 0)
                status = "cancelled" if rng.random() < 0.04 else "done"
                start_site = committee[g["village"]["id"]]
                n_stops = min(len(sids), int(rng.integers(3, 9)))
                chosen = rng.choice(sids, size=n_stops, replace=False)
                aid = len(assigns) + 1
                iso = day.isocalendar()
                assigns.append(dict(id=aid, grid_id=g["id"], person_id=members[k % len(members)],
                                    period=f"{iso.year}-W{iso.week:02d}", planned_on=day, status=status,
                                    priority=0, start_site_id=start_site["id"], start_xy=start_site["xy"],
                                    created_at=datetime.combine(day - timedelta(days=3), datetime.min.time())
                                    + timedelta(hours=9), stops=[int(c) for c in chosen]))
                k += 1
                d += timedelta(days=every)
        # stop order: a sweep around the start point; visits and results for done assignments
        route_coords, route_idx = [], []
        site_xy = np.array([st["xy"] for st in self.sites])
        for a in assigns:
            sx, sy = a["start_xy"]
            pts = site_xy[a["stops"]]
            order = np.argsort(np.arctan2(pts[:, 1] - sy, pts[:, 0] - sx), kind="stable")
            a["stops"] = [a["stops"][i] for i in order]
            t = datetime.combine(a["planned_on"], datetime.min.time()) + timedelta(hours=8, minutes=30)
            for seq, si in enumerate(a["stops"], start=1):
                visited, result = None, None
                if a["status"] == "done":
                    t = t + timedelta(minutes=int(rng.integers(10, 41)))
                    visited = t
                    r = rng.random()
                    result = "hazard_found" if r < 0.09 else ("closed_door" if r < 0.15 else "ok")
                stops.append(dict(id=len(stops) + 1, assignment_id=a["id"], seq=seq, site_id=si + 1, visited_at=visited,
                                  result=result, note=None, person_id=a["person_id"], grid_idx=self.sites[si]["grid"]))
            route_coords.append(np.vstack([[sx, sy], pts[order]]))
            route_idx.append(np.full(len(pts) + 1, len(route_idx)))
        if assigns:
            routes = shapely.linestrings(np.vstack(route_coords), indices=np.concatenate(route_idx))
            lengths = np.round(length_m(routes), 1)
            for a, r, ln in zip(assigns, routes, lengths, strict=True):
                a["geometry"] = r
                a["route_length_m"] = float(ln)
        self.assigns, self.stops = assigns, stops

    # ---- hazards -----------------------------------------------------------------------------------------
    def hazards(self) -> None:
        """Hazards linked to sites (most), pipelines and roads, or zones; plus those found on patrol stops."""
        s, rng = self.s, _rng(self.seed, 10)
        S = len(self.sites)
        site_xy = np.array([st["xy"] for st in self.sites])
        site_grid = np.array([st["grid"] for st in self.sites])
        site_cat = np.array([st["category"] for st in self.sites], dtype=object)
        site_topic = np.array([st["sector"] or "fire" for st in self.sites], dtype=object)
        found_stops = [st for st in self.stops if st["result"] == "hazard_found"][: s.hazards]
        n_rand = s.hazards - len(found_stops)
        kinds = np.array([ln["kind"] for ln in self.lines], dtype=object)
        pipes = np.flatnonzero(kinds == "gas_pipeline")
        road_l = np.flatnonzero(kinds == "hazardous_road")
        road_l = road_l if len(road_l) else np.flatnonzero(kinds == "road")
        fire_l = np.flatnonzero(kinds == "fire_road")
        fire_l = fire_l if len(fire_l) else road_l
        zkinds = np.array([z["kind"] for z in self.zones], dtype=object)
        forest_z, school_z = np.flatnonzero(zkinds == "forest_fire"), np.flatnonzero(zkinds == "school_zone")
        link = rng.choice(3, size=n_rand, p=[0.85, 0.09, 0.06])  # site, line, zone
        if not len(pipes):
            link[link == 1] = 0
        if not (len(forest_z) or len(school_z)):
            link[link == 2] = 0
        w = np.array([HAZARD_SITE_WEIGHT[c] for c in site_cat])
        site_pick = rng.choice(S, size=n_rand, p=w / w.sum())
        u = rng.random((n_rand, 4))
        source = np.array(SOURCES, dtype=object)[np.searchsorted(np.cumsum(SOURCE_P), u[:, 0] * 0.999999)]
        found = FIRST_FOUND.toordinal() + rng.integers(0, LAST_FOUND.toordinal() - FIRST_FOUND.toordinal() + 1, n_rand)
        site = np.where(link == 0, site_pick, -1)
        line = np.full(n_rand, -1)
        zone = np.full(n_rand, -1)
        topic = site_topic[site_pick].copy()
        sector = topic.copy()
        xy = site_xy[site_pick].copy()
        grid = site_grid[site_pick].copy()
        li = np.flatnonzero(link == 1)
        which = np.searchsorted([0.7, 0.9], u[li, 1], side="right")
        for k, (pool, sec, top) in enumerate(((pipes, "gas", "pipeline"), (road_l, "transport", "road"),
                                              (fire_l, "forest_fire", "road"))):
            sel = li[which == k]
            line[sel] = pool[(u[sel, 2] * len(pool)).astype(int)]
            sector[sel], topic[sel] = sec, top
        if len(li):
            geoms = np.array([self.lines[i]["geometry"] for i in line[li]], dtype=object)
            xy[li] = shapely.get_coordinates(shapely.line_interpolate_point(geoms, u[li, 3], normalized=True))
        zi = np.flatnonzero(link == 2)
        forest = ((u[zi, 1] < 0.75) & (len(forest_z) > 0)) | (len(school_z) == 0)
        for sel, pool, sec in ((zi[forest], forest_z, "forest_fire"), (zi[~forest], school_z, "transport")):
            zone[sel] = pool[(u[sel, 2] * len(pool)).astype(int)] if len(sel) else zone[sel]
            sector[sel], topic[sel] = sec, sec
        if len(zi):
            zg = np.array([z["geometry"] for z in self.zones], dtype=object)
            xy[zi] = points_in(rng, zg, zone[zi])
        moved = np.concatenate([li, zi])
        if len(moved):
            grid[moved] = self.grid_of(xy[moved])
        no_self = (site < 0) | np.isin(site_cat[np.maximum(site, 0)], list(SELF_CHECKLESS))
        bad_self = (source == "self_check") & no_self
        source[bad_self] = "grid_patrol"
        day_s = 86400
        start = (found - EPOCH_ORD) * day_s + 8 * 3600 + rng.integers(0, 9 * 3600, n_rand)
        finder = np.zeros(n_rand, dtype=np.int64)
        stop = np.zeros(n_rand, dtype=np.int64)
        # hazards found on patrol stops: that site, that day, registered by the patrolling member
        if found_stops:
            fs_site = np.array([st["site_id"] - 1 for st in found_stops])
            fs_at = np.array([int((st["visited_at"] - EPOCH).total_seconds()) for st in found_stops])
            fs_at = fs_at + rng.integers(5, 40, len(found_stops)) * 60
            cat = lambda a, b: np.concatenate([a, b])  # noqa: E731
            none = np.full(len(fs_site), -1)
            site, line, zone = cat(site, fs_site), cat(line, none), cat(zone, none)
            source = cat(source, np.full(len(fs_site), "grid_patrol", dtype=object))
            found = cat(found, fs_at // day_s + EPOCH_ORD)
            start = cat(start, fs_at)
            xy = np.vstack([xy, site_xy[fs_site]])
            grid = cat(grid, site_grid[fs_site])
            topic = cat(topic, site_topic[fs_site])
            sector = cat(sector, site_topic[fs_site])
            finder = cat(finder, np.array([st["person_id"] for st in found_stops]))
            stop = cat(stop, np.array([st["id"] for st in found_stops]))
        self.H = dict(site=site, line=line, zone=zone, source=source, found=found, start=start, xy=xy, grid=grid,
                      topic=topic, sector=sector, finder=finder, stop=stop)
        self._hazard_details(rng)

    def _hazard_details(self, rng: np.random.Generator) -> None:
        H = self.H
        n = len(H["site"])
        u = rng.random((n, 12))
        names = np.array([""] + [p["name"] for p in self.persons], dtype=object)  # by person id
        # status by age, 'returned' for some, major for ~5 % where the topic has major items
        age = TODAY.toordinal() - H["found"]
        bucket = np.where(age > 150, 0, np.where(age > 60, 1, np.where(age > 20, 2, 3)))
        thresholds = np.cumsum(np.array(STATUS_P), axis=1)[bucket]
        status_i = np.minimum((u[:, :1] * 0.999999 > thresholds).sum(axis=1), 4)
        returned = (u[:, 1] < 0.1) & (status_i >= 2)
        major = (u[:, 2] < 0.055) & np.isin(H["topic"], list(N.HAZARDS_MAJOR))
        desc = np.empty(n, dtype=object)
        meas = np.empty(n, dtype=object)
        for topic in sorted(set(H["topic"].tolist())):
            for is_major, pools in ((False, N.HAZARDS_GENERAL), (True, N.HAZARDS_MAJOR)):
                sel = np.flatnonzero((H["topic"] == topic) & (major == is_major))
                if not len(sel):
                    continue
                pool = pools[topic]
                k = (u[sel, 3] * len(pool)).astype(int)
                desc[sel] = np.array([d for d, _ in pool], dtype=object)[k]
                meas[sel] = np.array([m for _, m in pool], dtype=object)[k]
        # who: per grid and village lookups
        grid = H["grid"]
        village = self.grid_village[grid]
        cadre = self.village_cadre[village]
        area_leader = self.village_area_leader[village]
        leader = self.grid_leader_arr[grid]
        member = self.members_flat[self.members_start[grid] + (u[:, 4] * self.members_count[grid]).astype(int)]
        reg = np.zeros(n, dtype=np.int64)
        for sec in sorted(set(H["sector"].tolist())):
            sel = np.flatnonzero(H["sector"] == sec)
            pool = np.array(self.regulators[sec])
            reg[sel] = pool[(u[sel, 5] * len(pool)).astype(int)]
        site = H["site"]
        has_site = site >= 0
        principal = np.where(has_site, self.site_principal[np.maximum(site, 0)], 0)
        safety = np.where(has_site, self.site_safety[np.maximum(site, 0)], 0)
        cadres = np.array([self.cadre_of[v["id"]] for v in self.villages])
        other = cadres[(u[:, 6] * len(cadres)).astype(int)]
        other = np.where(other == cadre, cadres[((u[:, 6] * len(cadres)).astype(int) + 1) % len(cadres)], other)
        src = H["source"]
        conds = [H["finder"] > 0, (src == "self_check") & (principal > 0), src == "self_check",
                 np.isin(src, ["enforcement", "sector_spot_check", "expert"]), src == "cross_check",
                 src == "public_report"]
        registrar = np.select(conds, [H["finder"], principal, member, reg, other, cadre], member)
        found_by = names[registrar].copy()
        sel = np.flatnonzero(~conds[0] & conds[1])
        found_by[sel] = names[registrar[sel]] + "（企业自查）"
        sel = np.flatnonzero(~conds[0] & ~conds[1] & conds[2])
        contacts = np.array([st["contact_name"] for st in self.sites], dtype=object)
        found_by[sel] = contacts[site[sel]] + "（自查上报）"
        sel = np.flatnonzero(src == "expert")
        found_by[sel] = np.array(["专家" + x for x in self.names.names(len(sel))], dtype=object)
        sel = np.flatnonzero(src == "cross_check")
        found_by[sel] = "区域互查：" + names[registrar[sel]]
        found_by[src == "public_report"] = "群众举报（12345热线）"
        assigner = np.where(major, area_leader, cadre)
        acceptor = np.where(major, reg, cadre)
        owner = np.where(principal > 0, principal, leader)
        executor = np.where(safety > 0, safety, member)
        days = np.where(major, np.array([60, 90])[(u[:, 7] * 2).astype(int)],
                        np.array([7, 15, 30])[(u[:, 7] * 3).astype(int)])
        past_reg = status_i > 0
        sup_i = np.searchsorted([0.1, 0.6], u[:, 9])
        supervised = major & past_reg & (u[:, 8] < 0.45)
        # events: one template per (status, returned), times in seconds since 1970
        start = H["start"]
        last = int((LAST_EVENT - EPOCH).total_seconds())
        tpl_list = list(TEMPLATES)
        tpl_id = np.array([tpl_list.index((STATUSES[si], bool(r))) for si, r in zip(status_i, returned, strict=True)])
        order = np.lexsort((np.arange(n), start))  # hazard ids in order of registration
        new_id = np.empty(n, dtype=np.int64)
        new_id[order] = np.arange(1, n + 1)
        ev = {k: [] for k in ("h", "seq", "action", "t")}
        last_t = np.empty(n, dtype=np.int64)
        for ti, key in enumerate(tpl_list):
            ks = np.flatnonzero(tpl_id == ti)
            if not len(ks):
                continue
            tpl = TEMPLATES[key]
            L = len(tpl)
            # whole days between steps (squeezed so the last one is not after LAST_EVENT), office hours
            gaps = np.zeros((len(ks), L))
            for j, action in enumerate(tpl[1:], start=1):
                lo, hi = GAP_DAYS["resubmit" if action == "submit" and "reject" in tpl[:j] else action]
                gaps[:, j] = rng.uniform(lo, hi, len(ks))
            day0 = start[ks] // 86400
            room = np.maximum(last // 86400 - day0 - 1, 0)
            factor = np.minimum(1.0, room / np.maximum(gaps.sum(axis=1), 1e-9))
            days_off = np.floor(np.cumsum(gaps * factor[:, None], axis=1)).astype(np.int64)
            tod = rng.integers(8 * 3600, 17 * 3600 + 1800, (len(ks), L))
            tod[:, 0] = start[ks] % 86400
            times = (day0[:, None] + days_off) * 86400 + tod
            for j in range(1, L):
                times[:, j] = np.maximum(times[:, j], times[:, j - 1] + 60)
            last_t[ks] = times[:, -1]
            ev["h"].append(np.repeat(ks, L))
            ev["seq"].append(np.tile(np.arange(1, L + 1), len(ks)))
            ev["action"].append(np.tile(np.array(tpl, dtype=object), len(ks)))
            ev["t"].append(times.ravel())
        eh, eseq = np.concatenate(ev["h"]), np.concatenate(ev["seq"])
        eact, et = np.concatenate(ev["action"]), np.concatenate(ev["t"])
        eo = np.lexsort((eseq, new_id[eh]))
        eh, eseq, eact, et = eh[eo], eseq[eo], eact[eo], et[eo]
        who_i = {"registrar": 0, "assigner": 1, "executor": 2, "acceptor": 3, "township_signer": 4,
                 "bureau_signer": 5, "owner_signer": 6}
        who = np.array([who_i[STEP[a][3]] for a in eact])
        town_signer = np.array([self.township_inspectors[t["code"]][0] for t in self.townships])[
            self.grid_township[H["grid"]]]
        bureau_signer = np.array([self.regulators[sec][0] for sec in H["sector"]], dtype=np.int64)
        # the owner signs as the premises' contact (业主/负责人): a name, not always a person record
        actors = np.vstack([registrar, assigner, executor, acceptor, town_signer, bureau_signer,
                            np.zeros(n, dtype=np.int64)])[who, eh]
        actor_names = names[actors]
        by_owner = who == 6
        owner_names = np.where(has_site, contacts[np.maximum(site, 0)], names[owner])
        actor_names[by_owner] = owner_names[eh[by_owner]]
        roles = np.array([STEP[a][4] for a in eact], dtype=object)
        deadline_ord = H["found"] + days
        deadline_iso = np.array([date.fromordinal(int(d)).isoformat() for d in deadline_ord], dtype=object)
        note = np.array([EVENT_NOTE[a] for a in eact], dtype=object)
        is_assign = eact == "assign"
        note[is_assign] = note[is_assign] + "，整改期限" + deadline_iso[eh[is_assign]]
        self.event_cols = dict(
            id=np.arange(1, len(eh) + 1), hazard_id=new_id[eh], seq=eseq,
            action=np.array([STEP[a][0] for a in eact], dtype=object),
            from_status=np.array([STEP[a][1] for a in eact], dtype=object),
            to_status=np.array([STEP[a][2] for a in eact], dtype=object),
            actor_id=_ids_or_null(np.where(by_owner, 0, actors)), actor_name=actor_names, at=(et * 1_000_000).astype("datetime64[us]"), note=note,
            signature_role=roles)
        # the hazard table, rows in id order
        o = order
        dates = lambda ords: (np.asarray(ords) - EPOCH_ORD).astype("datetime64[D]").astype(object)  # noqa: E731
        township_code = np.array([t["code"] for t in self.townships], dtype=object)[self.grid_township[H["grid"]]]
        township_name = np.array([t["name"] for t in self.townships], dtype=object)[self.grid_township[H["grid"]]]
        pr = past_reg[o]
        mj = major[o] & pr

        def only(mask, values):
            out = np.asarray(values, dtype=object).copy()
            out[~mask] = None
            return out

        sup_level = only(supervised[o], np.array(["city", "district", "township"], dtype=object)[sup_i[o]])
        sup_unit = np.array([None if lv is None else N.SUPERVISING_UNITS[lv].format(township=tn)
                             for lv, tn in zip(sup_level, township_name[o], strict=True)], dtype=object)
        deadline = only(pr, dates(deadline_ord[o]))
        closed = status_i[o] == 4
        funds = (2 + u[:, 10] * 48).astype(int)
        self.hazard_cols = dict(
            id=np.arange(1, n + 1),
            code=np.array([f"YH{c}{i:06d}" for c, i in zip(township_code[o], range(1, n + 1), strict=True)],
                          dtype=object),
            site_id=np.where(site[o] >= 0, site[o] + 1, 0), line_id=np.where(H["line"][o] >= 0, H["line"][o] + 1, 0),
            zone_id=np.where(H["zone"][o] >= 0, H["zone"][o] + 1, 0), grid_id=grid[o] + 1,
            found_on=dates(H["found"][o]), found_by=found_by[o], source=src[o], sector=H["sector"][o],
            checklist_item=np.full(n, None, dtype=object), description=desc[o],
            grade=np.where(major[o], "major", "general").astype(object),
            status=np.array(STATUSES, dtype=object)[status_i[o]],
            owner_id=np.where(pr, owner[o], 0), measures=only(pr, meas[o]), deadline=deadline,
            executor_id=np.where(pr, executor[o], 0), acceptor_id=np.where(pr, acceptor[o], 0),
            wls_measures=only(mj, meas[o]),
            wls_responsibility=only(mj, names[owner[o]] + "负总责，" + names[executor[o]] + "具体落实"),
            wls_funds=only(mj, np.array([f"落实整改资金{f}万元" for f in funds[o]], dtype=object)),
            wls_deadline=only(mj, deadline),
            wls_plan=only(mj, np.full(n, "制定专项应急预案，落实临时管控措施并组织演练", dtype=object)),
            supervision_level=sup_level, supervising_unit=sup_unit,
            closed_on=only(closed, dates((last_t[o] // 86400) + EPOCH_ORD)),
            patrol_stop_id=H["stop"][o],
            created_at=(start[o] * 1_000_000).astype("datetime64[us]"),
            updated_at=(last_t[o] * 1_000_000).astype("datetime64[us]"),
            version=np.ones(n, dtype=np.int64),
            geometry=shapely.points(H["xy"][o]),
        )
        for col in ("site_id", "line_id", "zone_id", "owner_id", "executor_id", "acceptor_id", "patrol_stop_id"):
            v = self.hazard_cols[col]
            self.hazard_cols[col] = pd.array(np.where(v > 0, v, 0), dtype="Int64")
            self.hazard_cols[col][v <= 0] = pd.NA

    # ---- fire season, key periods, duty --------------------------------------------------------------------
    def _signoff_and_duty_people(self, person, role) -> None:
        """Signers of 三查三签字 variant A, 24-hour duty officers and checkpoint guards, site owners."""
        self.township_inspectors: dict[str, list[int]] = {}
        for pid in [person("湛河区森林防灭火指挥部办公室", "值班员") for _ in range(2)]:
            role(pid, "duty_officer", unit=1)
        for t in self.townships:
            unit = f"{t['name']}办事处" if t["kind"] == "街道" else f"{t['name']}人民政府"
            inspectors = [person(f"{t['name']}安全发展办公室", "安全检查员") for _ in range(2)]
            self.township_inspectors[t["code"]] = inspectors
            for pid in inspectors:
                role(pid, "township_inspector", unit=t["id"])
            for regs in self.regulators.values():
                role(regs[0], "bureau_inspector", unit=t["id"])
            for pid in [person(unit, "值班员") for _ in range(2)]:
                role(pid, "duty_officer", unit=t["id"])
        forest_villages = {z["admin_unit_id"] for z in self.zones if z["kind"] == "forest_fire"}
        for v in self.villages:
            if v["id"] in forest_villages:
                heads = list(dict.fromkeys(self.grid_leader[g["idx"]] for g in v["grids"]))[:2]
                for pid in heads:
                    role(pid, "duty_officer", unit=v["id"])
        for st in self.sites:
            vill = self.grids[st["grid"]]["village"]
            vunit = f"{vill['name']}{'居民' if vill['community'] else '村民'}委员会"
            if st["category"] == "checkpoint":
                for pid in [person(vunit, "检查站值守员") for _ in range(2)]:
                    role(pid, "checkpoint_guard", site=st["id"])
            elif st["category"] in ("small_premises", "catering") and st["idx"] % 20 == 0:
                role(person(st["name"], "业主", name=st["legal_person"]), "site_owner", site=st["id"])

    # ---- frames --------------------------------------------------------------------------------------------
    def frames(self) -> dict[str, pd.DataFrame]:
        out: dict[str, pd.DataFrame] = {}
        out["admin_unit"] = pd.DataFrame(self.units)
        out["grid"] = pd.DataFrame([dict(id=g["id"], code=g["code"], name=g["name"], kind=g["kind"],
                                         village_id=g["village"]["id"],
                                         site_id=None if g["site_idx"] is None else g["site_idx"] + 1,
                                         note=(f"企业专属网格（{DEMO}）" if g["kind"] == "enterprise" else DEMO),
                                         geometry=g["geom"]) for g in self.grids])
        out["person"] = pd.DataFrame(self.persons)
        site_cols = ("id", "code", "name", "category", "sector", "address", "status", "risk_level", "contact_name",
                     "contact_phone", "legal_person", "attributes")
        site = {c: [st[c] for st in self.sites] for c in site_cols}
        site["grid_id"] = [st["grid"] + 1 for st in self.sites]
        site["geometry"] = shapely.points(np.array([st["xy"] for st in self.sites]))
        out["site"] = pd.DataFrame(site)
        line_cols = ("kind", "code", "name", "operator", "pressure_class", "material", "diameter_mm", "year_built",
                     "attributes")
        out["line_asset"] = pd.DataFrame([{"id": i, **{c: ln.get(c) for c in line_cols}, "geometry": ln["geometry"]}
                                          for i, ln in enumerate(self.lines, start=1)])
        out["zone"] = pd.DataFrame([{"id": i, **z} for i, z in enumerate(self.zones, start=1)])
        out["role_assignment"] = pd.DataFrame(self.roles)
        out["patrol_rule"] = pd.DataFrame([{"id": i, **r} for i, r in enumerate(self.rules, start=1)])
        a_cols = ("id", "grid_id", "person_id", "period", "planned_on", "status", "priority", "start_site_id",
                  "route_length_m", "created_at", "geometry")
        out["patrol_assignment"] = pd.DataFrame([{c: a[c] for c in a_cols} for a in self.assigns])
        s_cols = ("id", "assignment_id", "seq", "site_id", "visited_at", "result", "note")
        out["patrol_stop"] = pd.DataFrame({c: [st[c] for st in self.stops] for c in s_cols})
        out["hazard"] = pd.DataFrame(self.hazard_cols)
        out["hazard_event"] = pd.DataFrame(self.event_cols)
        order = insert_order()
        return {name: coerce_frame(name, out[name]) for name in order if name in out}


def generate(scale: str | Scale = "township", seed: int = 20261122) -> dict[str, pd.DataFrame]:
    """Every table of the demo data as DataFrames (canonical dtypes, see gis.bulk.coerce_frame)."""
    sc = resolve(scale)
    b = _Builder(sc, seed)
    b.layout()
    b.roads()
    b.pipelines()
    b.forest_zones()
    b.forest_lines()
    b.sites_build()
    b.other_zones()
    b.people()
    b.patrols()
    b.hazards()
    return b.frames()


# --- GeoPackage ------------------------------------------------------------------------------------------

GPKG_DATE = "2026-11-22T00:00:00Z"  # stamped into gpkg_contents instead of the clock


def write_gpkg(tables: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """One layer per table (attribute-only layers for tables without geometry), CRS EPSG:4490,
    JSON columns as JSON text, dates as ISO text. Written to a temporary file, then moved into place;
    the same tables give a byte-identical file."""
    import geopandas as gpd
    import pyogrio
    from sqlalchemy import JSON, Boolean, Date, DateTime, Integer

    from ..model import Base

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.stem + ".partial.gpkg")  # GDAL wants the .gpkg extension
    tmp.unlink(missing_ok=True)
    old = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": GPKG_DATE})
    try:
        for name in insert_order():
            if name not in tables:
                continue
            table = Base.metadata.tables[name]
            df = tables[name].copy()
            for col in table.columns:
                if col.name not in df.columns:
                    continue
                t = col.type
                if isinstance(t, JSON):
                    df[col.name] = pd.Series([None if v is None else json.dumps(v, ensure_ascii=False,
                                                                                separators=(",", ":"))
                                              for v in df[col.name]], dtype=object)
                elif isinstance(t, Boolean):
                    df[col.name] = df[col.name].astype(bool)
                elif isinstance(t, Integer):
                    df[col.name] = df[col.name].astype("float64") if df[col.name].isna().any() \
                        else df[col.name].astype("int64")
                elif isinstance(t, Date):
                    df[col.name] = pd.Series([None if v is None else v.isoformat() for v in df[col.name]],
                                             dtype=object)
                elif isinstance(t, DateTime):
                    df[col.name] = pd.to_datetime(pd.Series(df[col.name], dtype=object)).astype("datetime64[ms]")
            if "geometry" in df.columns:
                geoms = df.pop("geometry").to_numpy(dtype=object)
                types = sorted({g.geom_type for g in geoms if g is not None})
                gdf = gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geoms, crs=STORAGE), crs=STORAGE)
                pyogrio.write_dataframe(gdf, tmp, layer=name, driver="GPKG", promote_to_multi=False,
                                        geometry_type=types[0] if len(types) == 1 else "Unknown")
            else:
                pyogrio.write_dataframe(df, tmp, layer=name, driver="GPKG")
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": old})
    os.replace(tmp, path)
    return path


# --- command line -----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    from ..paths import DEMO_DATA

    p = argparse.ArgumentParser(prog="python -m gis.demo.generate",
                                description="生成示例数据（确定性）：街道规模写入 data/shapes/demo.gpkg，县级规模用于基准测试")
    p.add_argument("--scale", default="township", choices=sorted(SCALES))
    p.add_argument("--seed", type=int, default=20261122)
    p.add_argument("--out", type=Path, help="写出 GeoPackage（街道规模默认 data/shapes/demo.gpkg）")
    p.add_argument("--project", type=Path, help="新建 gridsafe 项目并直接写入")
    args = p.parse_args(argv)
    out = args.out
    if out is None and args.project is None:
        if args.scale != "township":
            p.error("县级规模数据不提交：请指定 --project 或 --out")
        out = DEMO_DATA / "demo.gpkg"
    t0 = time.perf_counter()
    tables = generate(args.scale, args.seed)
    t1 = time.perf_counter()
    print(f"生成 {args.scale}：{t1 - t0:.1f} 秒")
    for name, df in tables.items():
        print(f"  {name}: {len(df)}")
    if out is not None:
        write_gpkg(tables, out)
        t2 = time.perf_counter()
        print(f"写出 {out}：{out.stat().st_size / 1e6:.2f} MB，{t2 - t1:.1f} 秒")
    if args.project is not None:
        from .. import store
        from .load import load_generated

        t2 = time.perf_counter()
        project = store.create_project(args.project, name=project_name(args.scale))
        try:
            load_generated(project, tables, scale=args.scale)
        finally:
            project.close()
        t3 = time.perf_counter()
        print(f"写入项目 {args.project}：{t3 - t2:.1f} 秒，文件 {args.project.stat().st_size / 1e6:.1f} MB")
    return 0


def project_name(scale: str) -> str:
    if scale == "township":
        return f"{N.TOWNSHIPS[N.DEMO_TOWNSHIP][0]}安全生产网格（{DEMO}）"
    return f"{N.DISTRICT['name']}安全生产网格（{DEMO}，{scale} 规模）"


if __name__ == "__main__":
    sys.exit(main())
