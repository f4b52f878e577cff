"""The gas pipeline rules (resources/gas_rules.yaml) loaded, checked and turned into per-pipeline parameters.

Pure: no database, no Qt. `load_rules()` reads and validates the file; a bad file raises `RulesError`
whose Chinese message names the file and the key. `pipeline_params()` turns a pipeline table's class,
outside diameter, DN and material columns into the arrays the analysis needs, with the defaults the file
states and a record of which values were defaulted (参数不全).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gis import vocab
from gis.errors import GridsafeError
from gis.paths import RESOURCES
from gis.rulefiles import read_yaml

RULES_FILE = RESOURCES / "gas_rules.yaml"
TIERS = ("low", "medium", "sub_high", "high")
CONFIDENCE = ("✔", "◐", "✖")
MISSING_CLASS = "压力级制"
MISSING_DIAMETER = "外径"


class RulesError(GridsafeError):
    """gas_rules.yaml is missing a key or has a bad value; the message names both."""


@dataclass(frozen=True)
class PressureClass:
    key: str
    zh: str
    tier: str
    min_mpa: float
    max_mpa: float
    rank: int                 # order of the class in the file, low → high
    protection_m: float
    control_m: float
    range_basis: str
    clearance_minimum_m: float | None
    clearance_reduced_m: float | None
    clearance_basis: str


@dataclass(frozen=True)
class HcaRow:
    row: str
    level: str
    radius: str | float       # "pir" or metres
    od_mm_gt: float | None = None
    od_mm_lt: float | None = None
    maop_mpa_gt: float | None = None
    maop_mpa_lt: float | None = None
    basis: str = ""
    confidence: str = ""


@dataclass(frozen=True)
class GasRules:
    source: str
    tolerance_m: float
    classes: dict[str, PressureClass]
    default_class: str
    default_od_mm: float
    pe_materials: tuple[str, ...]
    steel_od_mm: dict[int, float]
    occupation_major_rank: int
    occupation_grade_major: str
    occupation_grade_other: str
    occupation_basis: str
    clearance_grades: dict[str, str]
    works_levels: dict[str, dict]          # alarm / warning → {range, zh, grade}
    works_inactive_statuses: frozenset[str]
    works_basis: str
    pir_factor: float
    pir_basis: str
    hca_rows: tuple[HcaRow, ...]
    hca_categories: dict[str, str]         # gridsafe site category → 特定场所 label (学校, 托幼机构, …)
    hca_basis: str
    raw: dict[str, Any]                    # the whole file, for the parts later slices read (location class, buffer checks)

    def class_key(self, value) -> str | None:
        """The class key for a stored value: a key (medium_a) or its Chinese label (中压A); None if unknown."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        text = str(value).strip()
        if text in self.classes:
            return text
        for c in self.classes.values():
            if text == c.zh:
                return c.key
        return None


def _fail(source: str, key: str, why: str, why_en: str):
    """RulesError naming the file and the key; `why`/`why_en`: what is wrong, in Chinese/English."""
    key_en = "(the root)" if key == "（根）" else key
    raise RulesError(f"燃气管线规则文件 {source} 的 {key} {why}",
                     en=f"In gas pipeline rules file {source}, {key_en} {why_en}")


def _get(d: dict, key: str, path: str, source: str, kind=None, *, optional=False):
    if not isinstance(d, dict):
        _fail(source, path, "应为键值表", "should be a mapping")
    if key not in d:
        if optional:
            return None
        _fail(source, f"{path}.{key}" if path else key, "缺失", "is missing")
    v = d[key]
    full = f"{path}.{key}" if path else key
    if v is None and optional:
        return None
    if kind is float:
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) or v < 0:
            _fail(source, full, f"应为非负数，实为 {v!r}", f"should be a number not below 0, not {v!r}")
        return float(v)
    if kind is str:
        if not isinstance(v, str) or not v.strip():
            _fail(source, full, f"应为非空文字，实为 {v!r}", f"should be a text that is not empty, not {v!r}")
        return v
    if kind is dict and not isinstance(v, dict):
        _fail(source, full, "应为键值表", "should be a mapping")
    if kind is list and not isinstance(v, list):
        _fail(source, full, "应为列表", "should be a list")
    return v


def parse_rules(data: Any, source: str = "gas_rules.yaml") -> GasRules:
    """Check a loaded rules document and build GasRules; RulesError names the first bad key."""
    if not isinstance(data, dict):
        _fail(source, "（根）", "应为键值表", "should be a mapping")
    tolerance = _get(data, "tolerance_m", "", source, float)
    classes_raw = _get(data, "pressure_classes", "", source, dict)
    ranges_raw = _get(data, "ranges", "", source, dict)
    clearance_raw = _get(data, "clearance", "", source, dict)
    classes: dict[str, PressureClass] = {}
    for rank, (key, c) in enumerate(classes_raw.items()):
        p = f"pressure_classes.{key}"
        tier = _get(c, "tier", p, source, str)
        if tier not in TIERS:
            _fail(source, f"{p}.tier", f"应为 {'、'.join(TIERS)} 之一，实为 {tier!r}",
                  f"should be one of {', '.join(TIERS)}, not {tier!r}")
        lo, hi = _get(c, "min_mpa", p, source, float), _get(c, "max_mpa", p, source, float)
        if hi <= lo:
            _fail(source, f"{p}.max_mpa", "应大于 min_mpa", "should be greater than min_mpa")
        r = _get(ranges_raw, tier, "ranges", source, dict)
        prot = _get(r, "protection_m", f"ranges.{tier}", source, float)
        ctrl = _get(r, "control_m", f"ranges.{tier}", source, float)
        if ctrl < prot:
            _fail(source, f"ranges.{tier}.control_m", "不应小于 protection_m", "should not be less than protection_m")
        cl = _get(clearance_raw, key, "clearance", source, dict)
        cmin = _get(cl, "minimum_m", f"clearance.{key}", source, float, optional=True)
        cred = _get(cl, "reduced_m", f"clearance.{key}", source, float, optional=True)
        if cred is not None and (cmin is None or cred > cmin):
            _fail(source, f"clearance.{key}.reduced_m", "不应大于 minimum_m（且 minimum_m 不能为空）",
                  "should not be greater than minimum_m (and minimum_m cannot be empty)")
        for part, d in ((f"pressure_classes.{key}", c), (f"ranges.{tier}", r), (f"clearance.{key}", cl)):
            if d.get("confidence") not in CONFIDENCE:
                _fail(source, f"{part}.confidence", f"应为 {' '.join(CONFIDENCE)} 之一",
                      f"should be one of {', '.join(CONFIDENCE)}")
        classes[key] = PressureClass(
            key=key, zh=_get(c, "zh", p, source, str), tier=tier, min_mpa=lo, max_mpa=hi, rank=rank,
            protection_m=prot, control_m=ctrl, range_basis=_get(r, "basis", f"ranges.{tier}", source, str),
            clearance_minimum_m=cmin, clearance_reduced_m=cred,
            clearance_basis=_get(cl, "basis", f"clearance.{key}", source, str))
    if not classes:
        _fail(source, "pressure_classes", "不能为空", "cannot be empty")

    defaults = _get(data, "defaults", "", source, dict)
    default_class = _get(defaults, "pressure_class", "defaults", source, str)
    if default_class not in classes:
        _fail(source, "defaults.pressure_class", f"不是已定义的压力级制：{default_class!r}",
              f"is not a defined pressure class: {default_class!r}")
    default_od = _get(defaults, "outside_diameter_mm", "defaults", source, float)
    if default_od <= 0:
        _fail(source, "defaults.outside_diameter_mm", "应大于 0", "should be greater than 0")

    od = _get(data, "outside_diameter", "", source, dict)
    pe = _get(od, "pe_materials", "outside_diameter", source, list)
    steel_raw = _get(od, "steel_dn_to_od_mm", "outside_diameter", source, dict)
    steel = {}
    for dn, mm in steel_raw.items():
        if not isinstance(dn, int) or isinstance(mm, bool) or not isinstance(mm, int | float) or mm <= 0:
            _fail(source, f"outside_diameter.steel_dn_to_od_mm.{dn}", f"应为 DN 整数: 外径毫米，实为 {mm!r}",
                  f"should be DN whole number: outside diameter in mm, not {mm!r}")
        steel[int(dn)] = float(mm)

    occ = _get(data, "occupation", "", source, dict)
    major_from = _get(occ, "major_from", "occupation", source, str)
    if major_from not in classes:
        _fail(source, "occupation.major_from", f"不是已定义的压力级制：{major_from!r}",
              f"is not a defined pressure class: {major_from!r}")
    grades = set(vocab.keys("hazard_grades"))

    def grade(d, key, path):
        g = _get(d, key, path, source, str)
        if g not in grades:
            _fail(source, f"{path}.{key}", f"不是隐患等级（vocab hazard_grades）：{g!r}",
                  f"is not a hazard grade (vocab hazard_grades): {g!r}")
        return g

    cgrades_raw = _get(data, "clearance_grades", "", source, dict)
    cgrades = {lv: grade(cgrades_raw, lv, "clearance_grades") for lv in ("below_reduced", "below_minimum")}

    works = _get(data, "third_party_works", "", source, dict)
    levels_raw = _get(works, "levels", "third_party_works", source, dict)
    levels = {}
    for lv, rng in (("alarm", "protection"), ("warning", "control")):
        d = _get(levels_raw, lv, "third_party_works.levels", source, dict)
        if d.get("range") != rng:
            _fail(source, f"third_party_works.levels.{lv}.range", f"应为 {rng}", f"should be {rng}")
        zh = _get(d, "zh", f"third_party_works.levels.{lv}", source, str)
        levels[lv] = {"range": rng, "zh": zh, "en": str(d.get("en") or zh),
                      "grade": grade(d, "grade", f"third_party_works.levels.{lv}")}
    inactive = _get(works, "inactive_statuses", "third_party_works", source, list)

    hca = _get(data, "high_consequence", "", source, dict)
    rows = []
    for i, r in enumerate(_get(hca, "rows", "high_consequence", source, list)):
        p = f"high_consequence.rows[{i}]"
        radius = _get(r, "radius", p, source)
        if radius != "pir" and (isinstance(radius, bool) or not isinstance(radius, int | float) or radius <= 0):
            _fail(source, f"{p}.radius", f"应为 pir 或正数（米），实为 {radius!r}",
                  f"should be pir or a positive number (metres), not {radius!r}")
        conds = {k: _get(r, k, p, source, float, optional=True)
                 for k in ("od_mm_gt", "od_mm_lt", "maop_mpa_gt", "maop_mpa_lt")}
        rows.append(HcaRow(row=str(_get(r, "row", p, source)), level=_get(r, "level", p, source, str),
                           radius=radius if radius == "pir" else float(radius), basis=_get(r, "basis", p, source, str),
                           confidence=str(r.get("confidence", "")), **conds))
    if not rows or any(r.od_mm_gt or r.od_mm_lt or r.maop_mpa_gt or r.maop_mpa_lt for r in rows[-1:]):
        _fail(source, "high_consequence.rows", "最后一行应无条件（其他管道），使每条管线都有半径",
              "the last row should have no condition (other pipelines), so that every pipeline has a radius")
    site_cats = set(vocab.keys("site_categories"))
    hca_cats: dict[str, str] = {}
    for name, s in _get(hca, "specified_sites", "high_consequence", source, dict).items():
        p = f"high_consequence.specified_sites.{name}"
        for cat in _get(s, "categories", p, source, list):
            if cat not in site_cats:
                _fail(source, f"{p}.categories", f"含未知场所类别 {cat!r}（vocab site_categories）",
                      f"has an unknown site category {cat!r} (vocab site_categories)")
            hca_cats[cat] = _get(s, "zh", p, source, str)

    _check_later_sections(data, source, site_cats)
    return GasRules(
        source=source, tolerance_m=tolerance, classes=classes, default_class=default_class, default_od_mm=default_od,
        pe_materials=tuple(str(m) for m in pe), steel_od_mm=steel,
        occupation_major_rank=classes[major_from].rank,
        occupation_grade_major=grade(occ, "grade_major", "occupation"),
        occupation_grade_other=grade(occ, "grade_other", "occupation"),
        occupation_basis=_get(occ, "basis", "occupation", source, str),
        clearance_grades=cgrades, works_levels=levels, works_inactive_statuses=frozenset(map(str, inactive)),
        works_basis=_get(works, "basis", "third_party_works", source, str),
        pir_factor=_get(hca, "pir_factor", "high_consequence", source, float),
        pir_basis=_get(hca, "pir_basis", "high_consequence", source, str),
        hca_rows=tuple(rows), hca_categories=hca_cats, hca_basis=_get(hca, "basis", "high_consequence", source, str),
        raw=data)


def _check_later_sections(data: dict, source: str, site_cats: set[str]) -> None:
    """The sections the next slices read (location class, general buffer checks): present and well-formed."""
    loc = _get(data, "location_class", "", source, dict)
    for key in ("window_length_m", "half_width_m", "boundary_m"):
        _get(loc, key, "location_class", source, float)
    classes = _get(loc, "classes", "location_class", source, dict)
    if sorted(map(str, classes)) != ["1", "2", "3", "4"]:
        _fail(source, "location_class.classes", "应为 1–4 四个等级", "should be the four classes 1–4")
    checks = _get(data, "buffer_checks", "", source, dict)
    for name, c in checks.items():
        p = f"buffer_checks.{name}"
        _get(c, "zh", p, source, str)
        _get(c, "basis", p, source, str)
        _get(c, "distance_m", p, source, float, optional=True)
        for key in ("around_categories", "banned_categories", "protected_categories"):
            cats = _get(c, key, p, source, list, optional=True) or []
            bad = [x for x in cats if x not in site_cats]
            if bad:
                _fail(source, f"{p}.{key}", f"含未知场所类别 {bad[0]!r}（vocab site_categories）",
                      f"has an unknown site category {bad[0]!r} (vocab site_categories)")


def load_rules(path: str | Path | None = None) -> GasRules:
    """The rules from `path` (default: the shipped resources/gas_rules.yaml, cached)."""
    if path is None:
        return _shipped()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _shipped() -> GasRules:
    return _load(RULES_FILE)


def _load(path: Path) -> GasRules:
    return parse_rules(read_yaml(path, "燃气管线规则文件", RulesError, what_en="gas pipeline rules file"), str(path))


@dataclass(frozen=True)
class PipeParams:
    """Per-pipeline parameters, one entry per pipeline (arrays of equal length)."""
    class_key: np.ndarray          # object: class key used (the default where missing)
    rank: np.ndarray               # int: class order, low → high
    od_mm: np.ndarray              # float: outside diameter used
    maop_mpa: np.ndarray           # float: maximum operating pressure used for the impact radius
    protection_m: np.ndarray       # float: width beyond the outer wall
    control_m: np.ndarray
    clearance_minimum_m: np.ndarray  # float, nan = no figure
    clearance_reduced_m: np.ndarray  # float, nan = no figure
    missing: tuple[tuple[str, ...], ...]   # per pipeline: names of the values defaulted (参数不全), () if none

    @property
    def half_od_m(self) -> np.ndarray:
        return self.od_mm / 2000.0

    def __len__(self) -> int:
        return len(self.class_key)


def _floats(values, n: int) -> np.ndarray:
    """A numeric column as floats; None, text, 0 and negatives all mean "not recorded" (nan)."""
    if values is None:
        return np.full(n, np.nan)
    out = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").to_numpy(dtype=float, copy=True)
    out[~(out > 0)] = np.nan
    return out


def pipeline_params(rules: GasRules, pressure_class, outside_diameter_mm=None, diameter_mm=None, material=None,
                    maop_mpa=None) -> PipeParams:
    """Parameters of each pipeline from its columns (sequences of equal length; None = column absent).

    Class: key or Chinese label; unknown or missing → the default class, marked 参数不全 (压力级制).
    Outside diameter: recorded value; else from DN (PE: dn is the outside diameter; steel: the DN→OD series,
    nearest DN at or above); else the default, marked 参数不全 (外径).
    MAOP: recorded value; else the class's upper pressure limit (a stated assumption, not 参数不全).
    """
    pressure_class = list(pressure_class)
    n = len(pressure_class)
    keys = [rules.class_key(v) for v in pressure_class]
    no_class = np.array([k is None for k in keys], dtype=bool)
    keys = np.array([k or rules.default_class for k in keys], dtype=object)
    od = _floats(outside_diameter_mm, n)
    dn = _floats(diameter_mm, n)
    need = np.isnan(od) & ~np.isnan(dn)
    if need.any():
        mats = np.array(["" if m is None else str(m) for m in (material if material is not None else [None] * n)],
                        dtype=object)
        is_pe = np.array([any(p in m for p in rules.pe_materials) for m in mats], dtype=bool)
        series_dn = np.array(sorted(rules.steel_od_mm), dtype=float)
        series_od = np.array([rules.steel_od_mm[int(d)] for d in series_dn])
        at = np.minimum(np.searchsorted(series_dn, dn, side="left"), len(series_dn) - 1)
        steel = np.where(dn <= series_dn[-1], series_od[at], dn)
        od = np.where(need, np.where(is_pe, dn, steel), od)
    no_od = np.isnan(od)
    od = np.where(no_od, rules.default_od_mm, od)
    cls = [rules.classes[k] for k in keys]
    given_maop = _floats(maop_mpa, n)
    maop = np.where(np.isnan(given_maop), np.array([c.max_mpa for c in cls]), given_maop)

    def col(attr):
        return np.array([np.nan if getattr(c, attr) is None else getattr(c, attr) for c in cls], dtype=float)

    missing = tuple(tuple(name for name, flag in ((MISSING_CLASS, no_class[i]), (MISSING_DIAMETER, no_od[i])) if flag)
                    for i in range(n))
    return PipeParams(class_key=keys, rank=np.array([c.rank for c in cls], dtype=np.int64), od_mm=od, maop_mpa=maop,
                      protection_m=col("protection_m"), control_m=col("control_m"),
                      clearance_minimum_m=col("clearance_minimum_m"), clearance_reduced_m=col("clearance_reduced_m"),
                      missing=missing)
