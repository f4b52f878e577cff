"""Topology checks over arrays of features (issue 15): no database, no Qt.

    data = Topology(villages=Features(...), grids=Features(..., parents=village ids), sites=..., lines={...})
    result = check(data)                      # Result(findings, timings)

Checks (each vectorised with shapely 2 and STRtree; Python loops only over villages, never over pairs):
- `gap`: a village's polygon minus the union of its grids, one finding per gap polygon of at least
  `min_area_m2` (default 1 m², as gis.grids.AREA_TOLERANCE_M2). A village without grids is one gap.
- `overlap`: two grids of one village whose intersection is larger than `min_area_m2`. An enterprise grid
  (企业专属网格) lying inside another grid is nested by design (gis.repo.grid_ids_at ranks it first) and not
  reported; an enterprise grid that tiles the village like the others is checked like them.
- `outside_village`: the part of a grid outside its village, when larger than `min_area_m2`.
- `site_outside`: a site (its point, or a point on an area site's surface) covered by no grid; distance_m
  is how far the nearest grid is.
- `invalid`: shapely.is_valid_reason of every feature, in Chinese, located where GEOS says.
- `duplicate_code`: two features of one layer with the same code (compared after trimming spaces); one
  finding per later feature, other_id the first that has the code.
- `dangling_end`: an end of a line (pipelines; roads) that touches no other line of its layer within
  `tolerance_m` (0.5 m) while another line passes within `search_m` (10 m): it stops short of the line it
  was meant to join, or overshoots one it crosses. An end with no line within `search_m` is where the line
  ends (a lane in a village, a service pipe at its customer) — every road network has hundreds — and is not
  reported. A single isolated line is judged the same way: its ends count when they stop short of another
  line, not when the line lies on its own (a lone line's two ends say nothing the user could fix).

Topology is computed in the storage CRS (EPSG:4490), where the stored edges are straight; only results are
projected to the Gauss-Krüger zone of the data (gis.geo.crs.measure_crs) to measure areas and distances,
as gis.grids.check_tiling does (projecting first would bend shared edges apart). Lines are projected before
their ends are matched: at 0.5 m an edge's bend is far below the tolerance.
"""
from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from gis.geo.crs import STORAGE, measure_crs, transform

KINDS = ("invalid", "duplicate_code", "gap", "overlap", "outside_village", "site_outside", "dangling_end")
KIND_ZH = {"gap": "网格间空隙", "overlap": "网格重叠", "outside_village": "网格超出村界", "site_outside": "场所不在网格内",
           "invalid": "几何无效", "duplicate_code": "代码重复", "dangling_end": "线路悬挂端点"}
KIND_EN = {"gap": "Gap between grids", "overlap": "Overlapping grids", "outside_village": "Grid outside its village",
           "site_outside": "Site outside any grid", "invalid": "Invalid geometry", "duplicate_code": "Duplicate code",
           "dangling_end": "Dangling line end"}     # as the 拓扑检查 dock's English names them
LAYER_ZH = {"villages": "村（社区）", "grids": "网格", "sites": "场所", "pipelines": "燃气管线", "roads": "道路"}
MIN_AREA_M2 = 1.0     # = gis.grids.AREA_TOLERANCE_M2 (not imported: gis.grids reads the ORM model)
TOLERANCE_M = 0.5     # a line's end within this of another line touches it
SEARCH_M = 10.0       # an end not touching, but this near another line, stops short of it
POLYGONAL = (3, 6)    # shapely type ids of Polygon, MultiPolygon
# the fixes gis.topology_check applies
ACTIONS = {"close_gap": "并入相邻网格", "remove_overlap": "消除重叠", "clip_to_village": "裁剪到村界",
           "repair": "修复几何"}


@dataclass
class Features:
    """One layer's features: ids, geometries (EPSG:4490) and what names them; `parents` = a grid's
    village id; `kinds` = a grid's kind (comprehensive/forest/enterprise)."""
    ids: np.ndarray
    geoms: np.ndarray
    codes: np.ndarray | None = None
    names: np.ndarray | None = None
    parents: np.ndarray | None = None
    kinds: np.ndarray | None = None

    def __post_init__(self) -> None:
        self.ids = np.asarray(self.ids, dtype=np.int64)
        self.geoms = np.asarray(self.geoms, dtype=object)
        for name in ("codes", "names", "parents", "kinds"):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, np.asarray(value, dtype=object if name != "parents" else np.int64))

    def __len__(self) -> int:
        return len(self.ids)

    def label(self, layer: str, i: int) -> str:
        """How a message names feature i: 网格“张庄村第1网格”（410411003001001）."""
        name = _text(self.names[i]) if self.names is not None else None
        code = _text(self.codes[i]) if self.codes is not None else None
        what = LAYER_ZH.get(layer, layer)
        if name and code:
            return f"{what}“{name}”（{code}）"
        if name or code:
            return f"{what}“{name or code}”"
        return f"{what} #{int(self.ids[i])}"


def empty() -> Features:
    return Features(np.array([], dtype=np.int64), np.array([], dtype=object))


@dataclass
class Topology:
    villages: Features = field(default_factory=empty)
    grids: Features = field(default_factory=empty)
    sites: Features = field(default_factory=empty)
    lines: dict[str, Features] = field(default_factory=dict)    # layer name → lines (pipelines, roads)


@dataclass(frozen=True)
class Finding:
    kind: str
    layer: str
    id: int
    geometry: BaseGeometry                 # EPSG:4490: the gap/overlap/outside part, the end point, the site
    message: str
    other_id: int | None = None
    area_m2: float | None = None
    distance_m: float | None = None
    label: str = ""                        # the feature(s) as the message names them

    @property
    def key(self) -> tuple:
        """What identifies a finding between runs (a fix must make its key disappear): a village may have
        several gaps, told apart by where they are (to about a metre)."""
        c = shapely.centroid(self.geometry) if not self.geometry.is_empty else None
        where = (round(c.x, 5), round(c.y, 5)) if c is not None else None
        return (self.kind, self.layer, self.id, self.other_id, where)

    def as_dict(self) -> dict:
        """The finding for --json: geometry as WKT in EPSG:4490 (lon/lat)."""
        out = {"kind": self.kind, "layer": self.layer, "id": self.id, "other_id": self.other_id,
               "area_m2": None if self.area_m2 is None else round(self.area_m2, 2),
               "distance_m": None if self.distance_m is None else round(self.distance_m, 2),
               "message": self.message, "wkt": shapely.to_wkt(self.geometry, rounding_precision=8)}
        return out


@dataclass
class Options:
    min_area_m2: float = MIN_AREA_M2
    tolerance_m: float = TOLERANCE_M
    search_m: float = SEARCH_M


@dataclass
class Result:
    findings: list[Finding]
    timings: dict[str, float]     # check → seconds

    @property
    def clean(self) -> bool:
        return not self.findings

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.findings:
            out[f.kind] = out.get(f.kind, 0) + 1
        return out


def actions(finding: Finding) -> list[str]:
    """The fixes that apply to a finding (keys of ACTIONS)."""
    if finding.kind == "gap" and finding.other_id is not None:
        return ["close_gap"]
    if finding.kind == "overlap":
        return ["remove_overlap"]
    if finding.kind == "outside_village":
        return ["clip_to_village"]
    if finding.kind == "invalid" and finding.layer in ("grids", "villages"):
        return ["repair"]
    return []


# --- helpers -------------------------------------------------------------------------------------------

def _text(v) -> str | None:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    s = str(v).strip()
    return s or None


DENSIFY_DEG = 0.0005   # ≈ 50 m: a vertex this often before projecting keeps lon/lat-straight edges straight


class Measure:
    """Areas and distances in metres: the Gauss-Krüger zone of the data. Edges are straight in lon/lat (the
    stored CRS), so geometries get a vertex every DENSIFY_DEG before they are projected: a zero-width sliver
    between an edge and the same edge through an extra vertex (a T-junction) would otherwise open to
    ~0.3 m over 5 km and be measured as hundreds of m²."""

    def __init__(self, geoms) -> None:
        g = np.asarray(geoms, dtype=object)
        g = g[~shapely.is_missing(g)]
        b = shapely.bounds(g) if len(g) else np.zeros((0, 4))
        self.crs = measure_crs((b[:, 0] + b[:, 2]) / 2)

    def project(self, geoms):
        return transform(shapely.segmentize(geoms, DENSIFY_DEG), STORAGE, self.crs)

    def area(self, geoms) -> np.ndarray:
        return np.asarray(shapely.area(self.project(geoms)), dtype=float)

    def distance(self, a, b) -> np.ndarray:
        return np.asarray(shapely.distance(self.project(a), self.project(b)), dtype=float)


def polygonal(geoms) -> np.ndarray:
    """Only the polygonal parts of each geometry (an intersection or make_valid may add lines and points):
    a Polygon when one part is left, a MultiPolygon for more, an empty Polygon for none."""
    g = np.atleast_1d(np.asarray(geoms, dtype=object))
    out = np.array([shapely.Polygon()] * len(g), dtype=object)
    parts, owner = shapely.get_parts(g, return_index=True)
    # a GeometryCollection's parts may be multi-part themselves
    parts2, owner2 = shapely.get_parts(parts, return_index=True)
    owner = owner[owner2]
    keep = shapely.get_type_id(parts2) == 3
    polys, owner = parts2[keep], owner[keep]
    keep = ~shapely.is_empty(polys)
    polys, owner = polys[keep], owner[keep]
    if not len(polys):
        return out
    counts = np.bincount(owner, minlength=len(g))
    single = counts == 1
    out[owner[single[owner]]] = polys[single[owner]]
    multi = counts > 1
    if multi.any():
        sel = multi[owner]
        grouped = shapely.multipolygons(polys[sel], indices=np.unique(owner[sel], return_inverse=True)[1])
        out[np.flatnonzero(multi)] = grouped
    return out


def repaired(geoms) -> np.ndarray:
    """Valid polygonal geometries for overlay (make_valid keeping polygonal parts; valid ones unchanged)."""
    g = np.asarray(geoms, dtype=object).copy()
    bad = ~shapely.is_missing(g) & ~shapely.is_valid(g)
    if bad.any():
        g[bad] = polygonal(shapely.make_valid(g[bad]))
    return g


# --- the checks ------------------------------------------------------------------------------------------

REASON_ZH = [("Ring Self-intersection", "环自相交"), ("Self-intersection", "自相交"), ("Too few points", "点数过少"),
             ("Interior is disconnected", "内部不连通"), ("Hole lies outside shell", "内环在外环之外"),
             ("Nested holes", "内环嵌套"), ("Nested shells", "外环嵌套"), ("Duplicate Rings", "环重复"),
             ("Invalid Coordinate", "坐标无效"), ("Ring is not closed", "环未闭合")]
_AT = re.compile(r"\[\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)")


def invalid(layer: str, f: Features) -> list[Finding]:
    """Features whose geometry is not valid, located where GEOS found the problem."""
    g = f.geoms
    present = ~shapely.is_missing(g)
    bad = np.flatnonzero(present & ~shapely.is_valid(np.where(present, g, None)))
    if not len(bad):
        return []
    out = []
    for i, reason in zip(bad.tolist(), shapely.is_valid_reason(g[bad]).tolist(), strict=True):
        zh = next((z for en, z in REASON_ZH if reason.startswith(en)), reason)
        m = _AT.search(reason)
        where = shapely.Point(float(m[1]), float(m[2])) if m else shapely.point_on_surface(g[i])
        at = f"（{float(m[1]):.6f}, {float(m[2]):.6f}）" if m else ""
        out.append(Finding("invalid", layer, int(f.ids[i]), where, f"{f.label(layer, i)}的几何无效：{zh}{at}",
                           label=f.label(layer, i)))
    return out


def duplicate_codes(layer: str, f: Features) -> list[Finding]:
    """Features of one layer sharing a code (trimmed); each later one against the first (lowest id)."""
    if f.codes is None or not len(f):
        return []
    codes = np.array([_text(c) or "" for c in f.codes], dtype=object)
    has = codes != ""
    idx = np.flatnonzero(has)
    if not len(idx):
        return []
    order = idx[np.lexsort((f.ids[idx], codes[idx].astype(str)))]
    sorted_codes = codes[order]
    first_of_run = np.r_[True, sorted_codes[1:] != sorted_codes[:-1]]
    run_start = np.maximum.accumulate(np.where(first_of_run, np.arange(len(order)), 0))
    out = []
    for k in np.flatnonzero(~first_of_run).tolist():
        i, j = int(order[k]), int(order[run_start[k]])
        where = f.geoms[i] if f.geoms[i] is not None else shapely.Point()
        out.append(Finding("duplicate_code", layer, int(f.ids[i]), where,
                           f"{LAYER_ZH.get(layer, layer)}代码“{codes[i]}”重复：{f.label(layer, i)}与{f.label(layer, j)}",
                           other_id=int(f.ids[j]), label=f.label(layer, i)))
    return out


def _village_index(villages: Features, grids: Features) -> np.ndarray:
    """Index into villages of each grid's village (-1: none, or a village without geometry)."""
    pos = {int(v): k for k, v in enumerate(villages.ids)}
    parents = grids.parents if grids.parents is not None else np.full(len(grids), -1)
    return np.array([pos.get(int(p), -1) for p in parents], dtype=np.int64)


def gaps(villages: Features, grids: Features, m: Measure, min_area_m2: float) -> list[Finding]:
    """Parts of each village its grids do not cover; `id` is the village, `other_id` the grid sharing the
    longest border with the gap (the one a fix closes it into; None when no grid touches it)."""
    vg = repaired(villages.geoms)
    gg = repaired(grids.geoms)
    owner = _village_index(villages, grids)
    unions = np.array([shapely.Polygon()] * len(villages), dtype=object)
    order = np.argsort(owner, kind="stable")
    starts = np.searchsorted(owner[order], np.arange(len(villages)))
    ends = np.searchsorted(owner[order], np.arange(len(villages)), side="right")
    for v in range(len(villages)):                       # one union per village
        if ends[v] > starts[v]:
            unions[v] = shapely.union_all(gg[order[starts[v]:ends[v]]])
    present = ~shapely.is_missing(vg)
    rest = np.array([shapely.Polygon()] * len(villages), dtype=object)
    rest[present] = shapely.difference(vg[present], unions[present])
    parts, vidx = shapely.get_parts(polygonal(rest), return_index=True)
    if not len(parts):
        return []
    area = m.area(parts)
    keep = area >= min_area_m2
    parts, vidx, area = parts[keep], vidx[keep], area[keep]
    if not len(parts):
        return []
    target = neighbours(parts, gg, m, vidx, owner)
    out = []
    for p, v, a, t in zip(parts, vidx.tolist(), area.tolist(), target.tolist(), strict=True):
        into = f"，可并入{grids.label('grids', t)}" if t >= 0 else "（无相邻网格）"
        out.append(Finding("gap", "villages", int(villages.ids[v]), p,
                           f"{villages.label('villages', v)}内网格之间有空隙 {a:.1f} m²{into}",
                           other_id=int(grids.ids[t]) if t >= 0 else None, area_m2=a,
                           label=villages.label("villages", v)))
    return out


def neighbours(parts, grids, m: Measure, part_group=None, grid_group=None) -> np.ndarray:
    """For each polygon in `parts`, the index of the grid sharing the longest border with it (-1: none);
    with groups (village indexes), only grids of the part's own group."""
    out = np.full(len(parts), -1, dtype=np.int64)
    if not len(grids) or not len(parts):
        return out
    eps = 1e-7   # ≈ 1 cm: the gap's edges are the grids' edges up to rounding
    present = ~shapely.is_missing(grids)
    pi, gi = shapely.STRtree(np.where(present, grids, None)).query(parts, predicate="dwithin", distance=eps)
    if part_group is not None:
        same = np.asarray(part_group)[pi] == np.asarray(grid_group)[gi]
        pi, gi = pi[same], gi[same]
    if not len(pi):
        return out
    shared = shapely.intersection(shapely.boundary(parts[pi]), shapely.buffer(grids[gi], eps))
    length = shapely.length(m.project(shared))
    order = np.lexsort((gi, -length, pi))                # longest first, then lowest index
    first = np.unique(pi[order], return_index=True)[1]
    best = order[first]
    ok = length[best] > 0
    out[pi[best][ok]] = gi[best][ok]
    return out


def overlaps(villages: Features, grids: Features, m: Measure, min_area_m2: float) -> list[Finding]:
    """Pairs of grids of one village overlapping by more than `min_area_m2` (id < other_id by position)."""
    gg = repaired(grids.geoms)
    present = ~shapely.is_missing(gg)
    a, b = shapely.STRtree(np.where(present, gg, None)).query(np.where(present, gg, None), predicate="intersects")
    keep = a < b
    parents = grids.parents if grids.parents is not None else np.full(len(grids), -1)
    keep &= parents[a] == parents[b]
    a, b = a[keep], b[keep]
    if not len(a):
        return []
    inter = polygonal(shapely.intersection(gg[a], gg[b]))
    area = m.area(inter)
    keep = area > min_area_m2
    if grids.kinds is not None:     # an enterprise grid inside another grid is nested by design
        ent = grids.kinds == "enterprise"
        mixed = np.flatnonzero(keep & (ent[a] != ent[b]))
        if len(mixed):
            inner = np.where(ent[a[mixed]], a[mixed], b[mixed])
            nested = area[mixed] >= m.area(gg[inner]) - min_area_m2
            keep[mixed[nested]] = False
    out = []
    for i, j, g, ar in zip(a[keep].tolist(), b[keep].tolist(), inter[keep], area[keep].tolist(), strict=True):
        out.append(Finding("overlap", "grids", int(grids.ids[i]), g,
                           f"{grids.label('grids', i)}与{grids.label('grids', j)}重叠 {ar:.1f} m²",
                           other_id=int(grids.ids[j]), area_m2=ar,
                           label=f"{grids.label('grids', i)}、{grids.label('grids', j)}"))
    return out


def outside(villages: Features, grids: Features, m: Measure, min_area_m2: float) -> list[Finding]:
    """The part of each grid outside its village, when larger than `min_area_m2`."""
    owner = _village_index(villages, grids)
    vg, gg = repaired(villages.geoms), repaired(grids.geoms)
    has = (owner >= 0) & ~shapely.is_missing(gg)
    has[has] &= ~shapely.is_missing(vg[owner[has]])
    idx = np.flatnonzero(has)
    if not len(idx):
        return []
    part = polygonal(shapely.difference(gg[idx], vg[owner[idx]]))
    area = m.area(part)
    keep = area > min_area_m2
    out = []
    for i, p, a in zip(idx[keep].tolist(), part[keep], area[keep].tolist(), strict=True):
        out.append(Finding("outside_village", "grids", int(grids.ids[i]), p,
                           f"{grids.label('grids', i)}超出所属{villages.label('villages', int(owner[i]))} {a:.1f} m²",
                           other_id=int(villages.ids[owner[i]]), area_m2=a, label=grids.label("grids", i)))
    return out


def sites_outside(sites: Features, grids: Features, m: Measure) -> list[Finding]:
    """Sites covered by no grid; distance_m = to the nearest grid."""
    present = np.flatnonzero(~shapely.is_missing(sites.geoms))
    if not len(present):
        return []
    pts = shapely.point_on_surface(repaired(sites.geoms[present]))
    gg = repaired(grids.geoms)
    inside = np.zeros(len(pts), dtype=bool)
    tree = None
    if len(gg):
        tree = shapely.STRtree(gg)
        hit = tree.query(pts, predicate="covered_by")[0]
        inside[hit] = True
    idx = np.flatnonzero(~inside)
    if not len(idx):
        return []
    dist = np.full(len(idx), np.nan)
    near = np.full(len(idx), -1)
    if tree is not None:
        pi, gi = tree.query_nearest(pts[idx], all_matches=False)
        near[pi] = gi
        dist[pi] = m.distance(pts[idx][pi], gg[gi])
    out = []
    for k, i in enumerate(idx.tolist()):
        s = int(present[i])
        d = None if np.isnan(dist[k]) else float(dist[k])
        tail = f"，距最近的{grids.label('grids', int(near[k]))} {d:.1f} m" if d is not None else ""
        out.append(Finding("site_outside", "sites", int(sites.ids[s]), pts[i],
                           f"{sites.label('sites', s)}不在任何网格内{tail}",
                           other_id=int(grids.ids[near[k]]) if near[k] >= 0 else None, distance_m=d,
                           label=sites.label("sites", s)))
    return out


def dangling_ends(layer: str, f: Features, m: Measure, tolerance_m: float, search_m: float) -> list[Finding]:
    """Line ends touching no other line of the layer within `tolerance_m` while one is within `search_m`."""
    present = np.flatnonzero(~shapely.is_missing(f.geoms))
    if not len(present):
        return []
    parts, owner = shapely.get_parts(f.geoms[present], return_index=True)
    owner = present[owner]
    lines = parts[shapely.get_type_id(parts) == 1]
    owner = owner[shapely.get_type_id(parts) == 1]
    if not len(lines):
        return []
    metric = m.project(lines)
    starts, ends = shapely.get_point(metric, 0), shapely.get_point(metric, -1)
    closed = shapely.equals(starts, ends)
    end_pts = np.concatenate([starts[~closed], ends[~closed]])
    end_line = np.concatenate([np.flatnonzero(~closed)] * 2)
    end_which = np.repeat([0, -1], int((~closed).sum()))
    tree = shapely.STRtree(metric)
    e, li = tree.query(end_pts, predicate="dwithin", distance=tolerance_m)
    other = end_line[e] != li
    touching = np.zeros(len(end_pts), dtype=bool)
    touching[e[other]] = True
    loose = np.flatnonzero(~touching)
    if not len(loose):
        return []
    e, li = tree.query(end_pts[loose], predicate="dwithin", distance=search_m)
    other = end_line[loose[e]] != li
    e, li = e[other], li[other]
    if not len(e):
        return []
    d = shapely.distance(end_pts[loose[e]], metric[li])
    order = np.lexsort((li, d, e))
    first = order[np.unique(e[order], return_index=True)[1]]
    out = []
    for k in first.tolist():
        end = int(loose[e[k]])
        line, j = int(end_line[end]), int(li[k])
        i, other_i = int(owner[line]), int(owner[j])
        where = shapely.get_point(lines[line], int(end_which[end]))
        which = "起点" if end_which[end] == 0 else "终点"
        out.append(Finding("dangling_end", layer, int(f.ids[i]), where,
                           f"{f.label(layer, i)}的{which}未接上{f.label(layer, other_i)}，相距 {float(d[k]):.1f} m",
                           other_id=int(f.ids[other_i]), distance_m=float(d[k]), label=f.label(layer, i)))
    return out


# --- all of them ------------------------------------------------------------------------------------------

def check(data: Topology, options: Options | None = None,
          progress: Callable[[str, int, int], None] | None = None) -> Result:
    """Run every check; `progress(step, done, total)` after each. Findings in KINDS order, then by layer and id."""
    o = options or Options()
    m = Measure(np.concatenate([data.villages.geoms, data.grids.geoms]) if len(data.villages) + len(data.grids)
                else np.concatenate([data.sites.geoms, *[f.geoms for f in data.lines.values()], np.array([], object)]))
    layers = {"villages": data.villages, "grids": data.grids, "sites": data.sites, **data.lines}
    steps: list[tuple[str, Callable[[], list[Finding]]]] = [
        ("invalid", lambda: [x for name, f in layers.items() for x in invalid(name, f)]),
        ("duplicate_code", lambda: [x for name, f in layers.items() if name != "villages"
                                    for x in duplicate_codes(name, f)]),
        ("gap", lambda: gaps(data.villages, data.grids, m, o.min_area_m2)),
        ("overlap", lambda: overlaps(data.villages, data.grids, m, o.min_area_m2)),
        ("outside_village", lambda: outside(data.villages, data.grids, m, o.min_area_m2)),
        ("site_outside", lambda: sites_outside(data.sites, data.grids, m)),
        ("dangling_end", lambda: [x for name, f in data.lines.items()
                                  for x in dangling_ends(name, f, m, o.tolerance_m, o.search_m)]),
    ]
    findings: list[Finding] = []
    timings: dict[str, float] = {}
    for k, (name, run) in enumerate(steps):
        t = time.perf_counter()
        findings += run()
        timings[name] = time.perf_counter() - t
        if progress is not None:
            progress(name, k + 1, len(steps))
    return Result(findings, timings)
