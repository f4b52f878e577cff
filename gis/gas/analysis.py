"""Pipeline safety analyses (issue 13) over arrays: protection/control ranges, 占压, 安全间距不足,
third-party works and high-consequence areas.

Pure and vectorised: the caller passes shapely arrays in lon/lat (EPSG:4490, as stored); everything is
measured in the Gauss-Krüger zone of the pipelines (gis.geo.crs.measure_crs) or the `crs` given. Every
pairing goes through an STRtree `dwithin` query with per-pipeline distances; there is no loop over pairs.

Distances (Finding.distance_m):
- occupation, clearance, third_party_works: from the pipe's OUTER WALL (centreline distance − OD/2, ≥ 0),
  the way the rules measure them;
- high_consequence: from the centreline (the potential impact radius and the 200 m band are centreline
  distances in GB 32167).
Boundaries are inclusive (a feature exactly at a range's edge is in it), within the rules' tolerance_m.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import shapely

from gis.gas.rules import GasRules, PipeParams
from gis.geo.crs import STORAGE, measure_crs, transform

KINDS = ("occupation", "clearance", "third_party_works", "high_consequence")
INCOMPLETE = "参数不全"


@dataclass(frozen=True)
class Finding:
    kind: str                    # occupation | clearance | third_party_works | high_consequence
    pipeline_index: int          # row of the Pipelines input
    pipeline_id: Any
    feature_index: int           # row of the buildings / works / sites input
    feature_id: Any
    feature_name: str | None
    distance_m: float            # see the module docstring (outer wall, or centreline for high_consequence)
    threshold_m: float           # the rule distance crossed (range width, clearance, impact radius)
    level: str                   # occupation | below_reduced | below_minimum | alarm | warning | Ⅰ/Ⅱ/Ⅲ
    grade: str | None            # vocab hazard_grades key; None for high_consequence (an area, not a hazard)
    pressure_class: str          # class key the pipeline was analysed with (the default where missing)
    basis: str                   # the rule's basis (standard and clause)
    incomplete: tuple[str, ...] = ()   # values defaulted for this pipeline: 压力级制, 外径
    geometry: shapely.Geometry | None = field(default=None, compare=False)  # high_consequence: the area (EPSG:4490)

    @property
    def note(self) -> str:
        """"参数不全（压力级制、外径按默认值）" when defaults were used, else ""."""
        return f"{INCOMPLETE}（{'、'.join(self.incomplete)}按默认值）" if self.incomplete else ""


@dataclass
class Pipelines:
    geoms: np.ndarray            # LineString / MultiLineString, EPSG:4490
    ids: np.ndarray
    params: PipeParams           # gis.gas.rules.pipeline_params(...)
    names: np.ndarray | None = None

    def __post_init__(self):
        if not len(self.geoms) == len(self.ids) == len(self.params):
            raise ValueError("管线的几何、编号和参数长度不一致")


@dataclass
class Features:
    """Buildings, works or sites: geometries in EPSG:4490, ids, names, and the columns the analysis reads."""
    geoms: np.ndarray
    ids: np.ndarray
    names: np.ndarray | None = None
    start: np.ndarray | None = None      # works: start date (None = started)
    end: np.ndarray | None = None        # works: end date (None = open-ended)
    status: np.ndarray | None = None     # works: status key
    category: np.ndarray | None = None   # sites: vocab site_categories key

    def __post_init__(self):
        n = len(self.geoms)
        for name in ("ids", "names", "start", "end", "status", "category"):
            v = getattr(self, name)
            if v is not None and len(v) != n:
                raise ValueError(f"要素的 {name} 长度 {len(v)} 与几何数 {n} 不一致")

    def name(self, i: int) -> str | None:
        if self.names is None:
            return None
        v = self.names[i]
        return None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)


def works_active(works: Features, on: date, rules: GasRules) -> np.ndarray:
    """Which works are active on `on`: started (start ≤ on, missing start counts as started), not ended
    (on ≤ end, missing end = open-ended) and not in an inactive status."""
    n = len(works.geoms)
    day = pd.Timestamp(on)
    start = pd.to_datetime(pd.Series(works.start if works.start is not None else [None] * n, dtype=object),
                           errors="coerce")
    end = pd.to_datetime(pd.Series(works.end if works.end is not None else [None] * n, dtype=object), errors="coerce")
    active = (start.isna() | (start <= day)) & (end.isna() | (day <= end))
    m = active.to_numpy(dtype=bool)
    if works.status is not None:
        m = m & ~np.isin(np.asarray(works.status, dtype=object).astype(str), list(rules.works_inactive_statuses))
    return m


def impact_radius(rules: GasRules, params: PipeParams) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per pipeline: the GB 32167 radius in metres from the centreline (potential impact radius or the row's
    fixed band), its level and basis, from the first row of the rules whose conditions hold."""
    r, p = rules, params
    n = len(p)
    radius = np.full(n, np.nan)
    level = np.empty(n, dtype=object)
    basis = np.empty(n, dtype=object)
    free = np.ones(n, dtype=bool)
    pir = r.pir_factor * p.od_mm * np.sqrt(p.maop_mpa)
    for row in r.hca_rows:
        m = free.copy()
        if row.od_mm_gt is not None:
            m &= p.od_mm > row.od_mm_gt
        if row.od_mm_lt is not None:
            m &= p.od_mm < row.od_mm_lt
        if row.maop_mpa_gt is not None:
            m &= p.maop_mpa > row.maop_mpa_gt
        if row.maop_mpa_lt is not None:
            m &= p.maop_mpa < row.maop_mpa_lt
        radius[m] = pir[m] if row.radius == "pir" else row.radius
        level[m] = row.level
        basis[m] = f"{row.basis}" + (f"；{r.pir_basis}" if row.radius == "pir" else "")
        free &= ~m
    return radius, level, basis


def reach_m(rules: GasRules, params: PipeParams) -> dict[str, np.ndarray]:
    """How far from each pipeline's centreline (metres) a building, works or site can matter: a caller that
    loads only a pipeline's neighbourhood (identify, one pipeline's findings) loads this far around it."""
    tol = rules.tolerance_m
    half = params.half_od_m
    return {"buildings": half + np.fmax(params.protection_m, np.nan_to_num(params.clearance_minimum_m)) + tol,
            "works": half + params.control_m + tol,
            "sites": impact_radius(rules, params)[0] + tol}


class Analysis:
    """The inputs projected once, with their spatial indexes; ask it for ranges and findings.

        a = Analysis(rules, pipelines, buildings=..., works=..., sites=...)
        a.findings(on=date.today())            # everything
        a.findings(on=..., pipelines=[i])      # one pipeline's findings (indexes already built)
    """

    def __init__(self, rules: GasRules, pipelines: Pipelines, *, buildings: Features | None = None,
                 works: Features | None = None, sites: Features | None = None, crs: str | None = None):
        self.rules = rules
        self.pipelines = pipelines
        if crs is None:
            b = shapely.bounds(pipelines.geoms)
            crs = measure_crs((b[:, 0] + b[:, 2]) / 2) if len(b) else measure_crs([])
        self.crs = crs
        p = pipelines.params
        self.half_od = p.half_od_m
        self.pipes = self._project(pipelines.geoms)
        self.buildings = buildings
        self.works = works
        self.sites = sites
        self._proj: dict[str, tuple[np.ndarray, shapely.STRtree]] = {}
        self.pir_m, self.hca_level, self.hca_basis = impact_radius(rules, p)
        self.reach = reach_m(rules, p)

    # -- inputs -------------------------------------------------------------------------------------
    def _project(self, geoms) -> np.ndarray:
        return transform(np.asarray(geoms, dtype=object), STORAGE, self.crs)

    def _indexed(self, name: str) -> tuple[np.ndarray, shapely.STRtree]:
        """Projected geometries of an input and their STRtree (built on first use)."""
        if name not in self._proj:
            g = self._project(getattr(self, name).geoms)
            self._proj[name] = (g, shapely.STRtree(g))
        return self._proj[name]

    def _pipe_index(self, pipelines) -> np.ndarray:
        n = len(self.pipes)
        return np.arange(n) if pipelines is None else np.asarray(pipelines, dtype=np.int64).reshape(-1)

    def _pairs(self, name: str, pipe_idx: np.ndarray, reach: np.ndarray):
        """(pipeline rows, feature rows, centreline distances) of every pair within each pipeline's reach."""
        geoms, tree = self._indexed(name)
        ok = np.isfinite(reach) & ~shapely.is_missing(self.pipes[pipe_idx])
        pipe_idx, reach = pipe_idx[ok], reach[ok]
        if not len(pipe_idx) or not len(geoms):
            e = np.array([], dtype=np.int64)
            return e, e, np.array([], dtype=float)
        q, f = tree.query(self.pipes[pipe_idx], predicate="dwithin", distance=reach)
        pi = pipe_idx[q]
        return pi, f, shapely.distance(self.pipes[pi], geoms[f])

    # -- ranges -------------------------------------------------------------------------------------
    def range_polygons(self, which: str = "protection", pipelines=None, *, projected: bool = False) -> np.ndarray:
        """Protection or control range polygon of each pipeline (buffer OD/2 + width), EPSG:4490 unless
        `projected`."""
        idx = self._pipe_index(pipelines)
        width = {"protection": self.pipelines.params.protection_m,
                 "control": self.pipelines.params.control_m}[which]
        polys = shapely.buffer(self.pipes[idx], self.half_od[idx] + width[idx])
        return polys if projected else transform(polys, self.crs, STORAGE)

    # -- findings -----------------------------------------------------------------------------------
    def findings(self, on: date, pipelines=None) -> list[Finding]:
        """All findings on the date `on` (works count while active then), for all or the given pipelines."""
        return (self.buildings_findings(pipelines) + self.works_findings(on, pipelines)
                + self.high_consequence_findings(pipelines))

    def _finding(self, kind, i, j, features: Features, distance, threshold, level, grade, basis, geometry=None):
        p = self.pipelines
        return Finding(kind=kind, pipeline_index=int(i), pipeline_id=_plain(p.ids[i]), feature_index=int(j),
                       feature_id=_plain(features.ids[j]), feature_name=features.name(j),
                       distance_m=float(distance), threshold_m=float(threshold), level=level, grade=grade,
                       pressure_class=str(p.params.class_key[i]), basis=basis,
                       incomplete=tuple(p.params.missing[i]), geometry=geometry)

    def buildings_findings(self, pipelines=None) -> list[Finding]:
        """占压 (footprint within the protection range) and 安全间距不足 (outside it but nearer than the
        clearance minimum; below_reduced when nearer than the reduced minimum too)."""
        if self.buildings is None:
            return []
        r, p = self.rules, self.pipelines.params
        tol = r.tolerance_m
        idx = self._pipe_index(pipelines)
        pi, bi, dist = self._pairs("buildings", idx, self.reach["buildings"][idx])
        wall = np.maximum(dist - self.half_od[pi], 0.0)
        occupied = wall <= p.protection_m[pi] + tol
        below_min = ~occupied & (wall < p.clearance_minimum_m[pi] - tol)          # nan → False
        below_red = below_min & (wall < p.clearance_reduced_m[pi] - tol)
        major = p.rank[pi] >= r.occupation_major_rank
        out = []
        classes = r.classes
        for k in np.flatnonzero(occupied):
            i = pi[k]
            out.append(self._finding("occupation", i, bi[k], self.buildings, wall[k], p.protection_m[i], "occupation",
                                     r.occupation_grade_major if major[k] else r.occupation_grade_other,
                                     f"{r.occupation_basis}；保护范围：{classes[p.class_key[i]].range_basis}"))
        for k in np.flatnonzero(below_min):
            i = pi[k]
            level = "below_reduced" if below_red[k] else "below_minimum"
            threshold = p.clearance_reduced_m[i] if below_red[k] else p.clearance_minimum_m[i]
            out.append(self._finding("clearance", i, bi[k], self.buildings, wall[k], threshold, level,
                                     r.clearance_grades[level], classes[p.class_key[i]].clearance_basis))
        return out

    def works_findings(self, on: date, pipelines=None) -> list[Finding]:
        """Third-party works active on `on` whose extent meets the control range (warning) or the
        protection range (alarm)."""
        if self.works is None:
            return []
        r, p = self.rules, self.pipelines.params
        tol = r.tolerance_m
        active = works_active(self.works, on, r)
        idx = self._pipe_index(pipelines)
        pi, wi, dist = self._pairs("works", idx, self.reach["works"][idx])
        keep = active[wi]
        pi, wi, dist = pi[keep], wi[keep], dist[keep]
        wall = np.maximum(dist - self.half_od[pi], 0.0)
        alarm = wall <= p.protection_m[pi] + tol
        out = []
        for k in range(len(pi)):
            i = pi[k]
            level = "alarm" if alarm[k] else "warning"
            spec = r.works_levels[level]
            threshold = p.protection_m[i] if alarm[k] else p.control_m[i]
            out.append(self._finding("third_party_works", i, wi[k], self.works, wall[k], threshold, level,
                                     spec["grade"], f"{r.works_basis}；{r.classes[p.class_key[i]].range_basis}"))
        return out

    def high_consequence_findings(self, pipelines=None) -> list[Finding]:
        """Specified sites (rules' categories) within a pipeline's radius; each finding carries its area: the
        part of the pipeline within the radius of the site, buffered by the radius (EPSG:4490)."""
        if self.sites is None or self.sites.category is None:
            return []
        counted = np.isin(np.asarray(self.sites.category, dtype=object).astype(str), list(self.rules.hca_categories))
        idx = self._pipe_index(pipelines)
        pi, si, dist = self._pairs("sites", idx, self.reach["sites"][idx])
        keep = counted[si]
        pi, si, dist = pi[keep], si[keep], dist[keep]
        if not len(pi):
            return []
        site_geoms, _ = self._indexed("sites")
        rad = self.pir_m[pi]
        near = shapely.intersection(self.pipes[pi], shapely.buffer(site_geoms[si], rad + self.rules.tolerance_m))
        areas = transform(shapely.buffer(near, rad), self.crs, STORAGE)
        out = []
        for k in range(len(pi)):
            i, j = pi[k], si[k]
            label = self.rules.hca_categories.get(str(self.sites.category[j]), "")
            out.append(self._finding("high_consequence", i, j, self.sites, dist[k], rad[k], self.hca_level[i], None,
                                     f"{self.hca_basis[i]}（特定场所：{label}）", areas[k]))
        return out

    def locations(self, findings: list[Finding]) -> np.ndarray:
        """Where each finding is (EPSG:4490): the point of its building, works or site nearest its pipeline,
        measured in the projected frame (on the overlap when they meet). Vectorised per input."""
        out = np.empty(len(findings), dtype=object)
        by_input: dict[str, list[int]] = {}
        for k, f in enumerate(findings):
            by_input.setdefault(_INPUT_OF[f.kind], []).append(k)
        for name, ks in by_input.items():
            geoms, _ = self._indexed(name)
            pi = np.array([findings[k].pipeline_index for k in ks], dtype=np.int64)
            fi = np.array([findings[k].feature_index for k in ks], dtype=np.int64)
            lines = shapely.shortest_line(geoms[fi], self.pipes[pi])
            out[ks] = transform(shapely.get_point(lines, 0), self.crs, STORAGE)
        return out


_INPUT_OF = {"occupation": "buildings", "clearance": "buildings", "third_party_works": "works",
             "high_consequence": "sites"}


def high_consequence_areas(findings: list[Finding]) -> dict[int, shapely.Geometry]:
    """The high-consequence area of each pipeline (pipeline_index → union of its findings' areas)."""
    groups: dict[int, list] = {}
    for f in findings:
        if f.kind == "high_consequence" and f.geometry is not None:
            groups.setdefault(f.pipeline_index, []).append(f.geometry)
    return {i: shapely.union_all(g) for i, g in groups.items()}


def analyse(rules: GasRules, pipelines: Pipelines, on: date, *, buildings: Features | None = None,
            works: Features | None = None, sites: Features | None = None, crs: str | None = None) -> list[Finding]:
    """Every finding for these inputs on the date `on` (one call of Analysis(...).findings(on))."""
    return Analysis(rules, pipelines, buildings=buildings, works=works, sites=sites, crs=crs).findings(on)


def _plain(v):
    """numpy scalars as Python values (ids go to JSON and the database)."""
    return v.item() if isinstance(v, np.generic) else v
