"""The state the demo's stages build up and share (gis/demo/stages/, run in order by generate.generate).

A `World` starts with the scale, the seed and the name source; each stage reads what earlier stages
left on it and adds its own part (the attributes below, grouped by the stage that sets them). Every
random draw comes from `world.rng(step)`, a generator seeded with (seed, step) and owned by one stage,
so a stage's draws do not depend on how much an earlier stage drew. The one exception is the name
source `world.names`: sites, people and hazards draw from it in that order.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import shapely

from gis import vocab
from gis.demo import names as N
from gis.demo.scale import Scale

TODAY = date(2026, 11, 22)  # the demo's "today": overdue means deadline < TODAY
DEMO = "示例数据"


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


class World:
    """The demo being built: scale, seed, name source, and what each stage has added so far."""

    # layout: the outline, the hills and the admin units and grids (dicts that refer to each other)
    region: Any  # the outline, where roads run
    hill: Any
    hill_x: np.ndarray
    hill_y: np.ndarray
    hill_line: Any
    band_line: Callable[[float], np.ndarray]  # the boundary at depth t of the hills (0 = edge, 1 = south)
    bands: list  # five fire danger bands, level "1" at the hill edge
    units: list[dict]  # admin_unit rows
    townships: list[dict]
    villages: list[dict]
    villages_by_id: dict[int, dict]
    grids: list[dict]
    grid_geoms: np.ndarray
    grid_tree: shapely.STRtree
    # networks: line_asset rows (roads, pipelines, forest lines) with a few building-only keys
    lines: list[dict]
    grid_points: np.ndarray  # a point in each grid, where its lane starts
    high_pipes: list[dict]
    fire_road_ends: list[tuple[dict, np.ndarray]]  # (village, end deep in the forest)
    # zones and sites: zone rows, site dicts (grid index, xy)
    zones: list[dict]
    sites: list[dict]
    # people: person and role_assignment rows, who does what, and per grid/village/site arrays for hazards
    persons: list[dict]
    roles: list[dict]
    regulators: dict[str, list[int]]  # sector → person ids
    township_inspectors: dict[str, list[int]]  # township code → person ids
    cadre_of: dict[int, int]  # village id → person id
    grid_members: dict[int, list[int]]  # grid index → person ids
    grid_leader: dict[int, int]  # grid index → person id
    grid_village: np.ndarray
    grid_township: np.ndarray
    village_cadre: np.ndarray
    village_area_leader: np.ndarray
    grid_leader_arr: np.ndarray
    members_count: np.ndarray
    members_start: np.ndarray
    members_flat: np.ndarray
    site_principal: np.ndarray  # person id or 0
    site_safety: np.ndarray
    # patrols: patrol_rule rows, assignments and stops
    rules: list[dict]
    assigns: list[dict]
    stops: list[dict]
    # hazards: columns of the hazard and hazard_event tables
    hazard_cols: dict[str, Any]
    event_cols: dict[str, Any]
    # buildings: building and third_party_works rows
    buildings: list[dict]
    works: list[dict]
    # campaigns: campaign and campaign_phase rows (no random draws)
    campaigns: list[dict]
    campaign_phases: list[dict]
    # self_checks: the self_check_report rows
    self_checks: Any

    def __init__(self, scale: Scale, seed: int):
        self.scale = scale
        self.seed = seed
        self.names = NameMaker(self.rng(1))
        self.sectors = {k: vocab.entry("site_categories", k).get("sector") for k in vocab.keys("site_categories")}

    def rng(self, step: int) -> np.random.Generator:
        return np.random.default_rng([self.seed, step])

    def village(self, vid: int) -> dict:
        return self.villages_by_id[vid]

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
