"""The general buffer checks between sites (resources/gas_rules.yaml `buffer_checks`), pure and vectorised:

    school_zone        a business of a banned category (网吧, 歌舞娱乐场所, 彩票销售点, … as data) within
                       distance_m of a school (around_categories)
    external_distance  a protected target (protected_categories) within a hazardous-chemical enterprise's
                       external safety distance, read from the enterprise's attribute (distance_attribute);
                       an enterprise without it gets one finding of level "incomplete" (参数不全), never skipped

Each finding names the site the hazard is about (`site_*`: the banned business; the enterprise) and the other
site (`feature_*`: the school; the protected target), with the distance between them in metres (the
Gauss-Krüger zone of the sites, inclusive within the rules' tolerance). One STRtree `dwithin` query per check.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely

from gis import vocab
from gis.gas.location import positive_attribute
from gis.gas.rules import GasRules, _fail, _get
from gis.geo.crs import STORAGE, measure_crs, transform

KINDS = ("school_zone", "external_distance")
INCOMPLETE_LEVEL = "incomplete"


@dataclass(frozen=True)
class SiteFinding:
    kind: str                         # school_zone | external_distance
    site_index: int                   # the site the hazard is about (row of the sites input)
    site_id: Any
    site_name: str | None
    feature_index: int | None         # the other site (school, protected target); None when incomplete
    feature_id: Any
    feature_name: str | None
    distance_m: float | None          # between the two sites; None when incomplete
    threshold_m: float | None         # the rule's distance (200 m; the enterprise's external safety distance)
    level: str                        # school_zone: the banned category key; external_distance: inside | incomplete
    grade: str | None                 # vocab hazard_grades; None for an incomplete finding (listed, not a hazard)
    basis: str
    incomplete: tuple[str, ...] = ()  # what was missing (外部安全防护距离)

    @property
    def note(self) -> str:
        return f"参数不全（缺{'、'.join(self.incomplete)}）" if self.incomplete else ""


@dataclass(frozen=True)
class BufferRules:
    school_distance_m: float
    schools: tuple[str, ...]
    banned: tuple[str, ...]
    school_grade: str
    school_basis: str
    hazchem: tuple[str, ...]
    distance_attribute: str
    default_distance_m: float | None
    protected: tuple[str, ...]
    hazchem_grade: str
    hazchem_basis: str


def buffer_rules(rules: GasRules) -> BufferRules:
    src = rules.source
    checks = _get(rules.raw, "buffer_checks", "", src, dict)
    sz = _get(checks, "school_zone", "buffer_checks", src, dict)
    hz = _get(checks, "hazchem_external_distance", "buffer_checks", src, dict)
    grades = set(vocab.keys("hazard_grades"))

    def grade(d, path):
        g = _get(d, "grade", path, src, str)
        if g not in grades:
            _fail(src, f"{path}.grade", f"不是隐患等级（vocab hazard_grades）：{g!r}")
        return g

    p1, p2 = "buffer_checks.school_zone", "buffer_checks.hazchem_external_distance"
    return BufferRules(
        school_distance_m=_get(sz, "distance_m", p1, src, float),
        schools=tuple(_get(sz, "around_categories", p1, src, list)),
        banned=tuple(_get(sz, "banned_categories", p1, src, list)), school_grade=grade(sz, p1),
        school_basis=_get(sz, "basis", p1, src, str),
        hazchem=tuple(_get(hz, "around_categories", p2, src, list)),
        distance_attribute=_get(hz, "distance_attribute", p2, src, str),
        default_distance_m=_get(hz, "default_distance_m", p2, src, float, optional=True),
        protected=tuple(_get(hz, "protected_categories", p2, src, list)), hazchem_grade=grade(hz, p2),
        hazchem_basis=_get(hz, "basis", p2, src, str))


def buffer_findings(rules: GasRules, geoms, ids, names, categories, attributes=None, *,
                    crs: str | None = None) -> list[SiteFinding]:
    """Both checks over one sites table (EPSG:4490 geometries, ids, names, vocab categories, attribute dicts)."""
    br = buffer_rules(rules)
    geoms = np.asarray(geoms, dtype=object)
    n = len(geoms)
    if not n:
        return []
    cats = np.asarray(categories, dtype=object).astype(str)
    names = np.asarray(names if names is not None else [None] * n, dtype=object)
    ids = np.asarray(ids, dtype=object)
    ok = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    if crs is None:
        c = shapely.centroid(geoms[ok])
        crs = measure_crs(shapely.get_x(c)) if len(c) else measure_crs([])
    proj = np.empty(n, dtype=object)
    proj[ok] = transform(geoms[ok], STORAGE, crs)
    tol = rules.tolerance_m

    def name(i):
        v = names[i]
        return None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)

    def plain(v):
        return v.item() if isinstance(v, np.generic) else v

    def pairs(around_mask, other_mask, dist):
        """(around rows, other rows, distances) of every other site within `dist` (per around site)."""
        a = np.flatnonzero(around_mask & ok & np.isfinite(dist))
        o = np.flatnonzero(other_mask & ok)
        if not len(a) or not len(o):
            e = np.array([], dtype=np.int64)
            return e, e, np.array([])
        q, f = shapely.STRtree(proj[o]).query(proj[a], predicate="dwithin", distance=dist[a] + tol)
        ai, oi = a[q], o[f]
        keep = ai != oi
        ai, oi = ai[keep], oi[keep]
        return ai, oi, shapely.distance(proj[ai], proj[oi])

    out: list[SiteFinding] = []
    # 学校周边: the hazard is the banned business (site), near the school (feature)
    school = np.isin(cats, br.schools)
    si, bi, d = pairs(school, np.isin(cats, br.banned), np.full(n, br.school_distance_m))
    label = {k: vocab.label("site_categories", k) for k in br.banned}
    for s, b, dist in sorted(zip(si, bi, d, strict=True), key=lambda x: (x[1], x[0])):
        out.append(SiteFinding("school_zone", int(b), plain(ids[b]), name(b), int(s), plain(ids[s]), name(s),
                               float(dist), br.school_distance_m, str(cats[b]), br.school_grade,
                               f"{br.school_basis}（{label.get(str(cats[b]), cats[b])}）"))
    # 危化企业外部安全防护距离: the hazard is the enterprise's (site), the protected target inside (feature)
    hazchem = np.isin(cats, br.hazchem) & ok
    dist_m = positive_attribute(attributes, br.distance_attribute, n,
                                fill=np.nan if br.default_distance_m is None else br.default_distance_m)
    for h in np.flatnonzero(hazchem & np.isnan(dist_m)):
        out.append(SiteFinding("external_distance", int(h), plain(ids[h]), name(h), None, None, None, None, None,
                               INCOMPLETE_LEVEL, None, br.hazchem_basis, ("外部安全防护距离",)))
    hi, ti, d = pairs(hazchem, np.isin(cats, br.protected), dist_m)
    for h, t, dist in sorted(zip(hi, ti, d, strict=True)):
        out.append(SiteFinding("external_distance", int(h), plain(ids[h]), name(h), int(t), plain(ids[t]), name(t),
                               float(dist), float(dist_m[h]), "inside", br.hazchem_grade, br.hazchem_basis))
    return out
