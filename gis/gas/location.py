"""Location class (地区等级 一–四级, GB 50028-2006 §6.4) along gas pipelines, pure and vectorised.

Every pipeline part (a MultiLineString's parts separately) is cut into pieces of `step_m` along the line.
Windows of `window_length_m` are slid `step_m` at a time along routes: the pipelines joined end to end where
exactly two meet (`chain_pipelines`; a network imported valve to valve is classed as one line, not as short
pieces each too short to reach its neighbours' houses); a route shorter than the window is one window. A window counts the dwellings (each building's `dwelling_units_attribute`, else 1) of
the buildings within `half_width_m` of any of its pieces — each building once — and is classed:
≤ 12 → 一级, 13–79 → 二级, ≥ 80 → 三级 (boundaries inclusive, from resources/gas_rules.yaml), 四级 where
a window that dense has ≥ 4-storey buildings predominating (our reading, as data). `dwellings()` gives the
count per building (recorded units, else storeys of a residential building, else 1). Each piece takes the worst class of the windows
containing it; pieces within `assembly_within_m` of an assembly site are at least 三级. Consecutive pieces
of one class are merged into stretches (LineStrings), and the stretches' `half_width_m` bands are dissolved
per class (a higher class wins where bands overlap).

Pairs come from one STRtree `dwithin` query of the pieces against the buildings; the distinct count per
window is a difference array over the runs of windows each building reaches (no loop over pairs).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from gis.gas.rules import GasRules, _fail, _get
from gis.geo.crs import STORAGE, measure_crs, transform

CLASS_ZH = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}


@dataclass(frozen=True)
class LocationRules:
    window_m: float
    half_width_m: float
    step_m: float
    class1_max: int             # ≤ this → 一级
    class3_min: int             # ≥ this → 三级 (between: 二级)
    assembly_m: float
    assembly_categories: tuple[str, ...]
    chain_pipelines: bool
    units_attribute: str | None
    storeys_as_units_uses: tuple[str, ...]
    class4_min_storeys: float
    class4_share: float
    class4_min_dwellings: float
    basis: str

    @property
    def pieces_per_window(self) -> int:
        return max(int(np.ceil(self.window_m / self.step_m - 1e-9)), 1)


def location_rules(rules: GasRules) -> LocationRules:
    """resources/gas_rules.yaml `location_class`, checked (RulesError names the key)."""
    src, p = rules.source, "location_class"
    d = _get(rules.raw, "location_class", "", src, dict)
    classes = _get(d, "classes", p, src, dict)
    c1 = _get(classes.get("1", classes.get(1)), "max_buildings", f"{p}.classes.1", src, float)
    c2 = classes.get("2", classes.get(2))
    c2min = _get(c2, "min_buildings", f"{p}.classes.2", src, float)
    c2max = _get(c2, "max_buildings", f"{p}.classes.2", src, float)
    c3 = classes.get("3", classes.get(3))
    c3min = _get(c3, "min_buildings", f"{p}.classes.3", src, float)
    if not (c2min == c1 + 1 and c3min == c2max + 1):
        _fail(src, f"{p}.classes", "的楼数界限应首尾相接（一级上限+1 = 二级下限，二级上限+1 = 三级下限）")
    step = _get(d, "step_m", p, src, float)
    if step <= 0:
        _fail(src, f"{p}.step_m", "应大于 0")
    c4 = _get(d, "class4", p, src, dict)
    share = _get(c4, "share", f"{p}.class4", src, float)
    if share > 1:
        _fail(src, f"{p}.class4.share", "应在 0–1 之间")
    cats = _get(d, "assembly_site_categories", p, src, list)
    return LocationRules(
        window_m=_get(d, "window_length_m", p, src, float), half_width_m=_get(d, "half_width_m", p, src, float),
        step_m=step, class1_max=int(c1), class3_min=int(c3min),
        assembly_m=_get(c3, "assembly_within_m", f"{p}.classes.3", src, float),
        assembly_categories=tuple(map(str, cats)), chain_pipelines=bool(d.get("chain_pipelines", True)),
        units_attribute=_get(d, "dwelling_units_attribute", p, src, str, optional=True),
        storeys_as_units_uses=tuple(map(str, _get(d, "storeys_as_units_uses", p, src, list, optional=True) or ())),
        class4_min_storeys=_get(c4, "min_storeys", f"{p}.class4", src, float), class4_share=share,
        class4_min_dwellings=_get(c4, "min_dwellings", f"{p}.class4", src, float),
        basis=_get(d, "basis", p, src, str))


def dwellings(rules: LocationRules, n: int, *, attributes=None, storeys=None, uses=None) -> np.ndarray:
    """Dwellings per building (rules: dwelling_units_attribute, storeys_as_units_uses): the recorded units,
    else the storeys of a building of the listed uses, else 1."""
    out = np.ones(n, dtype=float)
    if storeys is not None and uses is not None and rules.storeys_as_units_uses:
        st = _numbers(storeys)
        m = np.isin(np.asarray(uses, dtype=object).astype(str), list(rules.storeys_as_units_uses)) & (st >= 1)
        out[m] = np.floor(st[m])
    if attributes is not None and rules.units_attribute is not None:
        recorded = positive_attribute(attributes, rules.units_attribute, n, fill=np.nan)
        out = np.where(np.isnan(recorded), out, recorded)
    return out


def _numbers(values) -> np.ndarray:
    return np.array([np.nan if v is None else float(v) for v in values], dtype=float)


def positive_attribute(attributes, key: str | None, n: int, fill: float = 1.0) -> np.ndarray:
    """The attribute `key` of each row's attribute dict where it is a positive number, else `fill`
    (recorded dwelling units here; a hazchem site's external safety distance in gis.gas.buffers)."""
    out = np.full(n, fill, dtype=float)
    if attributes is None or key is None:
        return out
    for i, a in enumerate(attributes):
        v = a.get(key) if isinstance(a, dict) else None
        try:
            f = float(v)
        except (TypeError, ValueError):
            continue
        if np.isfinite(f) and f > 0:
            out[i] = f
    return out


def hca_location_from(rules: GasRules) -> int:
    """Rank of the lowest pressure class GB 32167 rows a/b apply to (high_consequence.location_rows_from)."""
    src = rules.source
    key = _get(_get(rules.raw, "high_consequence", "", src, dict), "location_rows_from", "high_consequence", src, str)
    if key not in rules.classes:
        _fail(src, "high_consequence.location_rows_from", f"不是已定义的压力级制：{key!r}")
    return rules.classes[key].rank


def hca_location_rows(rules: GasRules) -> dict[int, tuple[str, str]]:
    """GB 32167 rows a/b (high_consequence.location_rows): location class → (HCA level, basis)."""
    src, p = rules.source, "high_consequence.location_rows"
    hca = _get(rules.raw, "high_consequence", "", src, dict)
    out = {}
    for i, r in enumerate(_get(hca, "location_rows", "high_consequence", src, list)):
        cls = _get(r, "location_class", f"{p}[{i}]", src, float)
        if cls not in (1, 2, 3, 4):
            _fail(src, f"{p}[{i}].location_class", f"应为 1–4，实为 {cls!r}")
        out[int(cls)] = (_get(r, "level", f"{p}[{i}]", src, str), _get(r, "basis", f"{p}[{i}]", src, str))
    return out


@dataclass
class LocationClasses:
    """The result, projected geometries in EPSG:4490.

    stretches: one row per run of pieces of one class on one pipeline part (pipeline row, class 1–4,
    LineString, length m). windows: per window its route (pipelines joined end to end), dwelling count, share
    of ≥ 4-storey buildings and class (for reports and tests). bands: class → the dissolved half_width_m band of its stretches."""
    stretch_pipeline: np.ndarray
    stretch_class: np.ndarray
    stretch_geoms: np.ndarray
    stretch_length_m: np.ndarray
    window_route: np.ndarray
    window_count: np.ndarray
    window_share4: np.ndarray
    window_class: np.ndarray
    bands: dict[int, shapely.Geometry]

    def classes_of(self, pipeline: int) -> dict[int, float]:
        """Class → metres of that class along pipeline row `pipeline`."""
        m = self.stretch_pipeline == pipeline
        out: dict[int, float] = {}
        for c, length in zip(self.stretch_class[m], self.stretch_length_m[m], strict=True):
            out[int(c)] = out.get(int(c), 0.0) + float(length)
        return dict(sorted(out.items()))


def _pieces(parts: np.ndarray, step: float):
    """Cut projected LineStrings into pieces of `step` metres along each (the last one shorter).
    Returns (piece geoms, part of each piece, index of the piece within its part, pieces per part)."""
    lengths = shapely.length(parts)
    per_part = np.maximum(np.ceil(lengths / step - 1e-9).astype(np.int64), 1)
    offset = np.concatenate([[0], np.cumsum(per_part)[:-1]])
    total = int(per_part.sum())
    part_of = np.repeat(np.arange(len(parts)), per_part)
    k = np.arange(total) - offset[part_of]
    # cut points at k·step (start of piece k) and the part's end
    t_start = k * step
    t_end = np.minimum((k + 1) * step, lengths[part_of])
    p_start = shapely.get_coordinates(shapely.line_interpolate_point(parts[part_of], t_start))
    p_end = shapely.get_coordinates(shapely.line_interpolate_point(parts[part_of], t_end))
    # interior vertices: their distance along the part decides their piece
    coords, vpart = shapely.get_coordinates(parts, return_index=True)
    seg = np.hypot(*np.diff(coords, axis=0).T)
    same = vpart[1:] == vpart[:-1]
    cum = np.concatenate([[0.0], np.cumsum(np.where(same, seg, 0.0))])
    first = np.concatenate([[True], ~same])
    cum = cum - np.maximum.accumulate(np.where(first, cum, -np.inf))   # distance from the part's start
    inner = (cum > 1e-9) & (cum < lengths[vpart] - 1e-9)
    vk = np.minimum((cum[inner] // step).astype(np.int64), per_part[vpart[inner]] - 1)
    vpiece = offset[vpart[inner]] + vk
    piece = np.concatenate([np.arange(total), vpiece, np.arange(total)])
    key = np.concatenate([t_start, cum[inner], t_end])
    xy = np.concatenate([p_start, coords[inner], p_end])
    order = np.lexsort((key, piece))
    geoms = shapely.linestrings(xy[order], indices=piece[order])
    return geoms, part_of, k, per_part


def _routes(parts: np.ndarray, chain: bool) -> tuple[np.ndarray, np.ndarray]:
    """The routes windows run along, and the route of each part: with `chain`, parts joined where exactly two
    meet end to end (GEOS line merging: no noding, so crossing pipelines stay apart, a junction of three or
    more ends a route); else each part alone."""
    if not chain or len(parts) < 2:
        return parts, np.arange(len(parts))
    merged = shapely.get_parts(shapely.line_merge(shapely.multilinestrings(parts)))
    merged = merged[shapely.length(merged) > 0]
    mid = shapely.line_interpolate_point(parts, 0.5, normalized=True)
    q = shapely.STRtree(merged).query_nearest(mid, all_matches=False)
    part_route = np.empty(len(parts), dtype=np.int64)
    part_route[q[0]] = q[1]
    return merged, part_route


def joined(pipes: np.ndarray, row: int, rules: LocationRules, crs: str | None = None) -> np.ndarray:
    """Rows of `pipes` (EPSG:4490) whose windows can reach pipeline `row`: those on a route with it (joined end
    to end, `chain_pipelines`), `row` itself included."""
    pipes = np.asarray(pipes, dtype=object)
    if not rules.chain_pipelines or len(pipes) < 2:
        return np.array([row])
    if crs is None:
        b = shapely.bounds(pipes)
        crs = measure_crs((b[:, 0] + b[:, 2]) / 2)
    ok = np.flatnonzero(~shapely.is_missing(pipes) & ~shapely.is_empty(pipes))
    parts, pi = shapely.get_parts(transform(pipes[ok], STORAGE, crs), return_index=True)
    keep = shapely.length(parts) > 0
    parts, pi = parts[keep], ok[pi[keep]]
    _, part_route = _routes(parts, True)
    mine = np.unique(part_route[pi == row])
    return np.unique(np.concatenate([[row], pi[np.isin(part_route, mine)]]))


def _classify(rules: LocationRules, count: np.ndarray, share4: np.ndarray) -> np.ndarray:
    cls = np.where(count <= rules.class1_max, 1, np.where(count < rules.class3_min, 2, 3))
    four = (count >= rules.class4_min_dwellings) & (share4 >= rules.class4_share)
    return np.where(four, 4, cls).astype(np.int8)


def location_classes(rules: GasRules, pipes: np.ndarray, buildings: np.ndarray, *, storeys=None, units=None,
                     sites: np.ndarray | None = None, site_categories=None, crs: str | None = None,
                     lrules: LocationRules | None = None, bands: bool = True) -> LocationClasses:
    """Location classes along `pipes` (LineString/MultiLineString, EPSG:4490) from `buildings` (footprints
    or points, EPSG:4490) with their `storeys` and dwelling `units` (None → 1 each), and assembly places among
    `sites` (categories in the rules). Measured in `crs` (default: the pipelines' Gauss-Krüger zone).
    `bands=False` skips dissolving the bands (a caller that needs only the classes)."""
    lr = lrules or location_rules(rules)
    pipes = np.asarray(pipes, dtype=object)
    if crs is None:
        b = shapely.bounds(pipes)
        crs = measure_crs((b[:, 0] + b[:, 2]) / 2) if len(b) else measure_crs([])
    nb = len(buildings)
    units = np.ones(nb) if units is None else np.asarray(units, dtype=float)
    st = np.asarray(storeys if storeys is not None else np.full(nb, np.nan), dtype=object)
    st = _numbers(st) if nb else np.zeros(0)
    tall = np.nan_to_num(st, nan=0.0) >= lr.class4_min_storeys

    ok = ~shapely.is_missing(pipes) & ~shapely.is_empty(pipes)
    parts, part_pipe = shapely.get_parts(transform(pipes[ok], STORAGE, crs), return_index=True)
    part_pipe = np.flatnonzero(ok)[part_pipe]
    keep = shapely.length(parts) > 0
    parts, part_pipe = parts[keep], part_pipe[keep]
    empty = LocationClasses(*(np.array([], dtype=t) for t in (np.int64, np.int8, object, float, np.int64, float,
                                                              float, np.int8)), bands={})
    if not len(parts):
        return empty
    geoms, part_of, k, _ = _pieces(parts, lr.step_m)
    # windows run along routes (pipelines joined end to end where exactly two meet, when the rules say so):
    # window w of a route covers [w·step, w·step + window]; a piece is in every window its interval overlaps
    routes, part_route = _routes(parts, lr.chain_pipelines)
    route = part_route[part_of]
    # each piece's interval along its route, from where its part starts and ends on the route
    p0 = shapely.line_locate_point(routes[part_route], shapely.get_point(parts, 0))
    p1 = shapely.line_locate_point(routes[part_route], shapely.get_point(parts, -1))
    length = shapely.length(parts)
    t0, t1 = k * lr.step_m, np.minimum((k + 1) * lr.step_m, length[part_of])
    forward = (p1 >= p0)[part_of]
    start = p0[part_of]
    a = np.where(forward, start + t0, start - t1)
    b = np.where(forward, start + t1, start - t0)
    eps = 1e-6
    n_win = np.maximum(np.ceil((shapely.length(routes) - lr.window_m) / lr.step_m - eps).astype(np.int64) + 1, 1)
    win_off = np.concatenate([[0], np.cumsum(n_win)[:-1]])
    total_win = int(n_win.sum())
    last = n_win[route] - 1
    wlo = np.clip(np.floor((a - lr.window_m) / lr.step_m + eps).astype(np.int64) + 1, 0, last)
    whi = np.maximum(np.clip(np.ceil(b / lr.step_m - eps).astype(np.int64) - 1, 0, last), wlo)

    # (piece, building) pairs within the half width; windows reached by each building on each route
    count = np.zeros(total_win + 1)
    tall_count = np.zeros(total_win + 1)
    bcount = np.zeros(total_win + 1)
    if nb:
        bproj = transform(np.asarray(buildings, dtype=object), STORAGE, crs)
        tree = shapely.STRtree(bproj)
        pc, bi = tree.query(geoms, predicate="dwithin", distance=lr.half_width_m)
        if len(pc):
            rt, lo, hi = route[pc], wlo[pc], whi[pc]
            order = np.lexsort((lo, bi, rt))
            rt, bi, lo, hi = rt[order], bi[order], lo[order], hi[order]
            # merge overlapping/adjacent intervals of one (route, building): new run where the group changes or
            # the interval starts after the running end + 1
            grp_new = np.concatenate([[True], (rt[1:] != rt[:-1]) | (bi[1:] != bi[:-1])])
            run_end = _group_running_max(hi, grp_new)
            new_run = grp_new.copy()
            new_run[1:] |= lo[1:] > run_end[:-1] + 1
            run_id = np.cumsum(new_run) - 1
            starts = lo[new_run]
            ends = np.zeros(run_id[-1] + 1, dtype=np.int64)
            np.maximum.at(ends, run_id, hi)
            rr, rb = rt[new_run], bi[new_run]
            a_ = win_off[rr] + starts
            z_ = win_off[rr] + ends + 1
            for arr, w in ((count, units[rb]), (tall_count, tall[rb].astype(float)), (bcount, np.ones(len(rb)))):
                np.add.at(arr, a_, w)
                np.add.at(arr, z_, -w)
    count = np.cumsum(count)[:total_win]
    tall_count = np.cumsum(tall_count)[:total_win]
    bcount = np.cumsum(bcount)[:total_win]
    share4 = np.divide(tall_count, bcount, out=np.zeros(total_win), where=bcount > 0)
    win_class = _classify(lr, np.round(count, 6), share4)

    # each piece: the worst window containing it
    piece_part = part_of
    piece_class = np.zeros(len(geoms), dtype=np.int8)
    for o in range(int((whi - wlo).max(initial=0)) + 1):
        w = wlo + o
        valid = w <= whi
        c = win_class[win_off[route] + np.minimum(w, whi)]
        piece_class = np.where(valid, np.maximum(piece_class, c), piece_class)
    if sites is not None and site_categories is not None and len(sites):
        cats = np.asarray(site_categories, dtype=object).astype(str)
        asm = np.isin(cats, list(lr.assembly_categories))
        if asm.any():
            aproj = transform(np.asarray(sites, dtype=object)[asm], STORAGE, crs)
            pc, _ = shapely.STRtree(aproj).query(geoms, predicate="dwithin", distance=lr.assembly_m + rules.tolerance_m)
            near = np.zeros(len(geoms), dtype=bool)
            near[pc] = True
            piece_class = np.where(near, np.maximum(piece_class, 3), piece_class).astype(np.int8)

    # stretches: runs of one class on one part
    new = np.concatenate([[True], (piece_part[1:] != piece_part[:-1]) | (piece_class[1:] != piece_class[:-1])])
    run = np.cumsum(new) - 1
    coords, gi = shapely.get_coordinates(geoms, return_index=True)
    rid = run[gi]
    dup = np.concatenate([[False], (rid[1:] == rid[:-1]) & np.all(coords[1:] == coords[:-1], axis=1)])
    stretches = shapely.linestrings(coords[~dup], indices=rid[~dup])
    s_class = piece_class[new]
    s_pipe = part_pipe[piece_part[new]]
    band_of = {}
    higher = None
    for c in (4, 3, 2, 1) if bands else ():
        m = s_class == c
        if not m.any():
            continue
        band = shapely.union_all(shapely.buffer(stretches[m], lr.half_width_m))
        if higher is not None:
            band = shapely.difference(band, higher)
        higher = band if higher is None else shapely.union(higher, band)
        if not band.is_empty:
            band_of[c] = transform(band, crs, STORAGE)
    return LocationClasses(
        stretch_pipeline=s_pipe, stretch_class=s_class, stretch_geoms=transform(stretches, crs, STORAGE),
        stretch_length_m=shapely.length(stretches), window_route=np.repeat(np.arange(len(routes)), n_win),
        window_count=count, window_share4=share4, window_class=win_class, bands=band_of)


def _group_running_max(values: np.ndarray, group_start: np.ndarray) -> np.ndarray:
    """Running maximum of `values` restarting at each True of `group_start` (values ≥ 0)."""
    gid = np.cumsum(group_start) - 1
    big = values.astype(np.int64) + gid.astype(np.int64) * (int(values.max(initial=0)) + 2)
    run = np.maximum.accumulate(big)
    return run - gid * (int(values.max(initial=0)) + 2)
