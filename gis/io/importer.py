"""Import one file into one layer: read, place in CGCS2000, map fields, validate, then write every
accepted row in ONE transaction (all or nothing) and derive the sites' grids.

By default any rejected row stops the import before anything is written (ImportRejected carries the
report); with allow_partial the valid rows are imported and the rejected ones listed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from gis import grids as grid_rules
from gis import spatial, vocab
from gis.feedback import Cancelled, Feedback, ensure
from gis.geo import detect, webcoords
from gis.geo.crs import STORAGE, transform
from gis.io import checks
from gis.io.errors import CrsRequired, DataFileError, ImportRejected
from gis.io.mapping import Mapping, defaults_for, ignored, load_mapping, resolve
from gis.io.readers import FORMAT_NAMES, read_source
from gis.io.report import GEOMETRY_FIELD, REJECTED, REPAIRED, WARNING, ImportReport
from gis.io.source import SourceData
from gis.io.targets import Target, attribute_key, target
from gis.io.values import (
    BadValue,
    bad_value_en,
    convert,
    convert_column,
    json_column,
    missing_reason,
    missing_reason_en,
    period_reason,
    period_reason_en,
)
from gis.layers import LAYERS
from gis.model import AdminUnit, Grid
from gis.store import Project

PARENT_LEVEL = {"village": ("township", 9), "township": ("district", 6)}


class ImportCancelled(Cancelled, DataFileError):
    """Cancelled, with the file named: nothing of it was imported."""

    def __init__(self, file: str) -> None:
        super().__init__(f"已取消导入 {file}，未导入任何数据", en=f"Import of {file} cancelled; nothing was imported")


@dataclass
class ImportOptions:
    layer: str
    crs: str | None = None  # what the user confirmed; overrides the file
    source_coords: str | None = None  # gcj02 | bd09: lon/lat picked on Amap/Tencent or Baidu
    encoding: str | None = None
    mapping: str | Path | Mapping | None = None
    source_layer: str | None = None  # GeoPackage layer or XLSX sheet
    xy: tuple[str, str] | None = None  # coordinate columns of a table, when not detected
    values: dict[str, Any] = field(default_factory=dict)  # fixed values for model fields (--set)
    allow_partial: bool = False
    duplicate_tolerance_m: float = 10.0
    columns: dict[str, str] | None = None  # model field → source column as the user chose; None: from mapping


# --- the project's side -------------------------------------------------------------------------------

def project_extent(s: Session) -> tuple[float, float, float, float] | None:
    boxes = [b for b in (spatial.extent(s, model.__tablename__) for model in (AdminUnit, Grid)) if b is not None]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _existing_by_name(s: Session, t: Target) -> dict[str, list[tuple[int, float, float]]]:
    d = LAYERS[t.layer] if t.layer in LAYERS else None
    where = f" AND {d.where}" if d is not None and d.where else ""
    names = dict(s.execute(text(f"SELECT id, name FROM {t.table} WHERE name IS NOT NULL{where}")).all())
    out: dict[str, list] = {}
    for i, x, y in spatial.centres(s, t.table):
        if i in names:
            out.setdefault(names[i], []).append((i, x, y))
    return out


def _existing_codes(s: Session, t: Target) -> set[str]:
    if "code" not in t.model.__table__.columns:
        return set()
    return set(s.execute(text(f"SELECT code FROM {t.table} WHERE code IS NOT NULL")).scalars())


# --- coordinate systems -------------------------------------------------------------------------------

def _robust_bounds(src: SourceData):
    present = [g for g in src.geoms if g is not None and not g.is_empty]
    if not present:
        return None
    b = shapely.bounds(np.array(present, dtype=object))
    b = b[np.all(np.isfinite(b), axis=1)]
    if not len(b):
        return None
    lo, hi = np.percentile(b[:, :2], 2, axis=0), np.percentile(b[:, 2:], 98, axis=0)
    return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])


def _fmt_number(v: float) -> str:
    return f"{v:.0f}" if abs(v) >= 1000 else f"{v:.6f}"


def _fmt_bounds(b) -> str:
    return f"x {_fmt_number(b[0])}～{_fmt_number(b[2])}，y {_fmt_number(b[1])}～{_fmt_number(b[3])}"


def _web_hint(fmt: str, lang: str = "zh") -> str:
    if fmt in ("csv", "xlsx"):
        return ("; if the coordinates come from Amap/Tencent maps use --source-coords gcj02, from Baidu maps "
                "--source-coords bd09" if lang == "en" else
                "；若坐标取自高德/腾讯地图请用 --source-coords gcj02，取自百度地图请用 --source-coords bd09")
    return ""


@dataclass
class CrsCheck:
    """What a file says about its coordinate system and what its numbers suggest."""
    declared: str | None  # the file's CRS, normalised; None when it declares none
    bounds: tuple[float, float, float, float] | None  # robust extent of the file's numbers
    proposal: detect.Proposal | None  # a guess from the numbers, when the file says nothing or nonsense
    trusted: bool  # the declared CRS puts the data in China (or there is nothing to check)

    @property
    def needs_confirmation(self) -> bool:
        return not self.trusted


def check_crs(src: SourceData, extent) -> CrsCheck:
    bounds = _robust_bounds(src)
    declared = _normalize(src.crs) if src.crs else None
    if declared is not None:
        if bounds is None or detect.inside_china(detect._lonlat_box(declared, bounds)):
            return CrsCheck(declared, bounds, None, True)
        p = detect.propose(bounds, extent)
        if p is None or p.crs == declared:
            return CrsCheck(declared, bounds, None, True)
        return CrsCheck(declared, bounds, p, False)
    return CrsCheck(None, bounds, detect.propose(bounds, extent) if bounds is not None else None, False)


def choose_crs(src: SourceData, opts: ImportOptions, extent) -> str:
    """The CRS to read the file's numbers in: the user's, else the file's; else CrsRequired with a
    proposal from the coordinate ranges (the user has to confirm it)."""
    if opts.source_coords:
        if opts.source_coords not in webcoords.SOURCES:
            raise DataFileError(f"来源坐标只能是 gcj02（高德、腾讯）或 bd09（百度），而不是“{opts.source_coords}”",
                                en=f"Source coordinates can only be gcj02 (Amap, Tencent) or bd09 (Baidu), not "
                                   f"\"{opts.source_coords}\"")
        if opts.crs and not detect.is_storage_equivalent(_normalize(opts.crs)):
            raise DataFileError("GCJ-02/BD-09 坐标是经纬度，不能同时指定投影坐标系",
                                en="GCJ-02/BD-09 coordinates are longitude/latitude; a projected coordinate system "
                                   "cannot be given with them")
        return "EPSG:4490"
    if opts.crs:
        return _normalize(opts.crs)
    c = check_crs(src, extent)
    name, bounds, p = src.path.name, c.bounds, c.proposal
    if c.trusted:
        return c.declared
    if c.declared is not None:
        raise CrsRequired(
            f"文件 {name} 声明的坐标系是 {detect.describe(c.declared)}，但坐标（{_fmt_bounds(bounds)}）按它换算后不在中国境内；"
            f"看起来应为 {detect.describe(p.crs)}（{p.reason}）。请确认后指定坐标系，例如 --crs {p.crs}", p.crs,
            en=f"File {name} declares the coordinate system {detect.describe(c.declared, 'en')}, but its coordinates "
               f"({_fmt_bounds(bounds)}) converted with it are not in China; it looks like "
               f"{detect.describe(p.crs, 'en')} ({p.why('en')}). Please confirm and choose the coordinate system, "
               f"for example --crs {p.crs}")
    if bounds is None:
        raise CrsRequired(f"文件 {name} 没有坐标系信息，也没有可用的坐标，无法判断坐标系",
                          en=f"File {name} has no coordinate system information and no usable coordinates; its "
                             "coordinate system cannot be told")
    if p is None:
        raise CrsRequired(
            f"文件 {name} 没有坐标系信息，且无法从坐标范围（{_fmt_bounds(bounds)}）判断，请用 --crs 指定坐标系"
            f"{_web_hint(src.format)}",
            en=f"File {name} has no coordinate system information and it cannot be told from the coordinate range "
               f"({_fmt_bounds(bounds)}); please choose one with --crs{_web_hint(src.format, 'en')}")
    others = f"；其他可能：{'、'.join(p.alternatives)}" if p.alternatives else ""
    others_en = f"; it could also be: {', '.join(p.alternatives)}" if p.alternatives else ""
    raise CrsRequired(
        f"文件 {name} 没有坐标系信息。根据坐标范围（{_fmt_bounds(bounds)}）推测为 {detect.describe(p.crs)}："
        f"{p.reason}{others}。请确认后用 --crs {p.crs} 指定{_web_hint(src.format)}", p.crs,
        en=f"File {name} has no coordinate system information. From the coordinate range ({_fmt_bounds(bounds)}) it "
           f"is probably {detect.describe(p.crs, 'en')}: {p.why('en')}{others_en}. Please confirm with --crs {p.crs}"
           f"{_web_hint(src.format, 'en')}")


def _normalize(crs: str) -> str:
    try:
        return detect.normalize(crs)
    except ValueError as e:
        raise DataFileError(str(e), en=f"Unknown coordinate system: {crs}") from e


def to_storage(geoms: np.ndarray, crs: str, source_coords: str | None) -> np.ndarray:
    present = np.array([g is not None for g in geoms], dtype=bool)
    out = geoms.copy()
    if not present.any():
        return out
    part = geoms[present]
    if not detect.is_storage_equivalent(crs):
        part = transform(part, crs, STORAGE)
    if source_coords:
        part = webcoords.to_cgcs2000(part, source_coords)
    out[present] = part
    return out


# --- validation --------------------------------------------------------------------------------------

@dataclass
class Prepared:
    """An import checked against its file and ready to write: the frame bulk_insert takes (its parent
    columns are filled by the checks against the project, which `write` runs inside its transaction), the
    report so far, and the field values and geometries those checks look at."""
    target: Target
    source: SourceData
    report: ImportReport
    frame: pd.DataFrame
    crs: str
    values: dict[str, list] = field(default_factory=dict)
    geoms: np.ndarray | None = None
    file_issues: list = field(default_factory=list)   # the report's issues before the project's checks


def _check_geometries(src: SourceData, geoms: np.ndarray, t: Target, report: ImportReport, extent,
                      reader_rows: set[int]) -> np.ndarray:
    rows = src.rows
    out = np.full(len(geoms), None, dtype=object)
    missing = np.array([g is None for g in geoms], dtype=bool)
    missing[~missing] = shapely.is_empty(geoms[~missing])
    simple = ~missing & checks.taken_as_is(geoms, t.geometry)  # the usual case: nothing to look at
    out[simple] = geoms[simple]
    for i in np.flatnonzero(~simple):
        g, row = geoms[i], int(rows[i])
        if missing[i]:
            if row not in reader_rows:
                report.add(REJECTED, row, GEOMETRY_FIELD, "缺少几何（坐标）或几何数据已损坏",
                           "the geometry (coordinates) is missing or damaged")
            continue
        c = checks.coerce(g, t.geometry)
        if c is None:
            report.add(REJECTED, row, GEOMETRY_FIELD,
                       f"几何类型为{checks.family_label(checks.family(g))}（{g.geom_type}），"
                       f"图层“{t.label}”只接受{checks.allowed_label(t.geometry)}",
                       f"the geometry is a {checks.family_label(checks.family(g), 'en')} ({g.geom_type}); layer "
                       f"\"{t.label_in('en')}\" takes only {checks.allowed_label(t.geometry, 'en')}")
            continue
        out[i] = c
    present = np.array([g is not None for g in out], dtype=bool)
    if not present.any():
        return out
    idx = np.flatnonzero(present)
    bad_coords = ~np.all(np.isfinite(shapely.bounds(out[idx])), axis=1) | checks.outside_china(out[idx])
    for k in np.flatnonzero(bad_coords):
        i = idx[k]
        x, y = shapely.get_coordinates(out[i])[0]
        report.add(REJECTED, int(rows[i]), GEOMETRY_FIELD,
                   f"坐标超出中国范围（经度 {x:.6g}，纬度 {y:.6g}），请检查坐标系或坐标值",
                   f"the coordinates are outside China (longitude {x:.6g}, latitude {y:.6g}); please check the "
                   "coordinate system or the values")
        out[i] = None
    idx = idx[~bad_coords]
    invalid = idx[~shapely.is_valid(out[idx])]
    for i in invalid:
        reason = shapely.is_valid_reason(out[i])
        fixed = checks.repair(out[i], t.geometry)
        if fixed is None:
            report.add(REJECTED, int(rows[i]), GEOMETRY_FIELD, f"几何无效且无法修复（{reason}）",
                       f"the geometry is invalid and cannot be repaired ({reason})")
            out[i] = None
        else:
            report.add(REPAIRED, int(rows[i]), GEOMETRY_FIELD, f"几何无效（{reason}），已自动修复",
                       f"the geometry was invalid ({reason}) and has been repaired")
            out[i] = fixed
    idx = np.array([i for i in idx if out[i] is not None], dtype=np.int64)
    if len(idx):
        for k in np.flatnonzero(checks.far_from(out[idx], extent)):
            report.add(WARNING, int(rows[idx[k]]), GEOMETRY_FIELD, "位置远离项目范围（超出约 50 公里），请核对",
                       "the location is far from the project's area (more than about 50 km); please check it")
    return out


def _convert_fields(src: SourceData, t: Target, columns: dict[str, str], defaults: dict, report: ImportReport):
    """model field → list of values; rows with a bad value are reported (field by field, in row order)."""
    n = len(src)
    rows = src.rows
    values: dict[str, list] = {}
    for f in t.fields:
        allowed = t.allowed.get(f.name)
        max_length = t.max_length(f.name)
        col = columns.get(f.name)
        fallback = defaults.get(f.name)
        if fallback is not None:
            try:
                fallback = convert(fallback, f, max_length=max_length, allowed=allowed)
            except BadValue as e:
                raise DataFileError(f"“{f.label}”的默认值无效：{e}",
                                    en=f"The default value of \"{f.label_in('en')}\" is invalid: {bad_value_en(e)}") from e
        if col:
            english: dict[int, str] = {}
            out, problems = convert_column(src.frame[col], f, max_length=max_length, allowed=allowed,
                                           reasons_en=english)
        else:
            out, problems, english = np.full(n, None, dtype=object), {}, {}
        missing = np.array([v is None for v in out], dtype=bool)
        if problems:
            missing[list(problems)] = False  # a bad value is not replaced by the default
        if fallback is not None:
            out[missing] = fallback
        elif f.required:
            for i in np.flatnonzero(missing):
                problems[int(i)], english[int(i)] = missing_reason(f), missing_reason_en(f)
        for i in sorted(problems):
            report.add(REJECTED, int(rows[i]), col or f.label, problems[i], english.get(i, ""))
        values[f.name] = out.tolist()
    if "sector" in values and "category" in values:  # a site's sector follows from its category
        sector_of = {c: vocab.entry("site_categories", c).get("sector") for c in set(values["category"]) if c}
        values["sector"] = [s if s is not None or c is None else sector_of[c]
                            for s, c in zip(values["sector"], values["category"], strict=True)]
    return values


def _check_periods(t: Target, values: dict, columns: dict[str, str], src: SourceData, report: ImportReport) -> None:
    """An end date before its start date is refused, naming the end field."""
    for start, end in t.periods:
        for i, (a, b) in enumerate(zip(values[start], values[end], strict=True)):
            reason = period_reason(t, start, end, a, b)
            if reason:
                report.add(REJECTED, int(src.rows[i]), columns.get(end) or t.field(end).label, reason,
                           period_reason_en(t, start, end, a, b))


def _attributes(src: SourceData, columns: dict[str, str], skip: set[str]) -> list[dict]:
    used = set(columns.values()) | skip
    extra = [c for c in src.frame.columns if c not in used]
    out: list[dict] = [{} for _ in range(len(src))]
    for c in extra:  # column by column: only the cells that hold something are touched
        present, values = json_column(src.frame[c])
        key = attribute_key(str(c))   # a table gridsafe exported: its Chinese headers back to the keys
        for i in np.flatnonzero(present):
            out[i][key] = values[i]
    return out


def _check_codes(t: Target, values: dict, src: SourceData, report: ImportReport, existing: set[str],
                 parents: dict[str, int], geoms: np.ndarray, parent_geoms: dict[str, Any]) -> list:
    """Unique codes; for grids and admin units the code names the parent, which must exist."""
    if "code" not in values:
        return []
    rows = src.rows
    seen: dict[str, int] = {}
    parent_ids: list = [None] * len(src)
    for i, code in enumerate(values["code"]):
        if code is None:
            continue
        row = int(rows[i])
        label = t.field("code").label
        if code in existing:
            report.add(REJECTED, row, label, f"编码“{code}”在项目中已存在",
                       f"the code \"{code}\" already exists in the project")
        elif code in seen:
            report.add(REJECTED, row, label, f"编码“{code}”与第{seen[code]}{src.row_noun}重复",
                       f"the code \"{code}\" repeats {report.noun_en(1)} {seen[code]}")
        seen.setdefault(code, row)
        if t.layer == "grids":
            village = code[:12]
            problem = grid_rules.grid_code_problem(code, village)
            parent_id = parents.get(village)
            if problem:
                report.add(REJECTED, row, label, problem, grid_rules.grid_code_problem(code, village, "en"))
            elif parent_id is None:
                report.add(REJECTED, row, label, f"网格编码前12位“{village}”对应的村（社区）在项目中不存在，请先导入村（社区）",
                           f"the village (community) of the grid code's first 12 digits \"{village}\" is not in "
                           "the project; please import the villages (communities) first")
            elif geoms[i] is not None and parent_geoms.get(village) is not None and \
                    not grid_rules.within_village(parent_geoms[village], geoms[i]):
                report.add(REJECTED, row, GEOMETRY_FIELD, f"网格超出所属村（社区）代码 {village} 的范围",
                           f"the grid reaches outside its village (community), code {village}")
            parent_ids[i] = parent_id
        elif t.admin_level:
            parent_level, length = PARENT_LEVEL[t.admin_level]
            parent_code = code[:length]
            problem = grid_rules.code_problem(code, t.admin_level, parent_code)
            if problem:
                report.add(REJECTED, row, label, problem,
                           grid_rules.code_problem(code, t.admin_level, parent_code, "en"))
            elif parent_code not in parents:
                report.add(REJECTED, row, label, f"上级行政区代码“{parent_code}”在项目中不存在，请先导入上级行政区",
                           f"the parent administrative code \"{parent_code}\" is not in the project; please import "
                           "the parent units first")
            parent_ids[i] = parents.get(parent_code)
    return parent_ids


def _parents(s: Session, t: Target) -> tuple[dict[str, int], dict[str, Any]]:
    level = "village" if t.layer == "grids" else PARENT_LEVEL[t.admin_level][0] if t.admin_level else None
    if level is None:
        return {}, {}
    rows = s.execute(select(AdminUnit.code, AdminUnit.id, AdminUnit.geom).where(AdminUnit.level == level)).all()
    return {c: i for c, i, _ in rows}, {c: g for c, _, g in rows}


def _check_duplicates(t: Target, names: list, geoms: np.ndarray, src: SourceData, report: ImportReport,
                      existing: dict, tolerance: float) -> None:
    ok = [i for i, g in enumerate(geoms) if g is not None and names[i]]
    if not ok:
        return
    sub_names = [names[i] for i in ok]
    sub_geoms = np.array([geoms[i] for i in ok], dtype=object)
    for k, (j, d) in checks.duplicates_in_file(sub_names, sub_geoms, tolerance).items():
        report.add(REJECTED, int(src.rows[ok[k]]), GEOMETRY_FIELD,
                   f"与第{int(src.rows[ok[j]])}{src.row_noun}重复（同名“{sub_names[k]}”，相距 {d:.1f} 米）",
                   f"repeats {report.noun_en(1)} {int(src.rows[ok[j]])} (the same name \"{sub_names[k]}\", "
                   f"{d:.1f} m apart)")
    for k, (other, d) in checks.duplicates_in_project(sub_names, sub_geoms, existing, tolerance).items():
        report.add(REJECTED, int(src.rows[ok[k]]), GEOMETRY_FIELD,
                   f"与项目中已有的“{sub_names[k]}”（ID {other}）重复，相距 {d:.1f} 米",
                   f"repeats \"{sub_names[k]}\" already in the project (ID {other}), {d:.1f} m apart")


def _chosen_columns(columns: dict[str, str], src: SourceData, t: Target) -> dict[str, str]:
    fields = {f.name for f in t.fields}
    for name, col in columns.items():
        if name not in fields:
            raise DataFileError(f"图层“{t.label}”没有字段“{name}”",
                                en=f"Layer \"{t.label_in('en')}\" has no field \"{name}\"")
        if col not in src.frame.columns:
            raise DataFileError(f"文件 {src.path.name} 中没有字段“{col}”",
                                en=f"File {src.path.name} has no field \"{col}\"")
    return dict(columns)


def prepare(project: Project, path: str | Path, opts: ImportOptions, feedback: Feedback | None = None,
            source: SourceData | None = None) -> Prepared:
    """Everything but the write: raises DataFileError/CrsRequired for the file as a whole and
    lists row problems in the report."""
    t = target(opts.layer)
    say = ensure(feedback).progress
    say(0.05, "读取文件")
    src = source if source is not None else \
        read_source(path, encoding=opts.encoding, layer=opts.source_layer, xy=opts.xy)
    report = ImportReport(src.path.name, t.layer, t.label, FORMAT_NAMES[src.format], encoding=src.encoding,
                          source_coords=opts.source_coords, row_noun=src.row_noun, rows_read=len(src))
    for note, note_en in src.notes:
        report.add(WARNING, None, None, note, note_en)
    for p in src.problems:
        report.add(REJECTED, p.row, p.field, p.reason, p.reason_en)
    mapping = opts.mapping if isinstance(opts.mapping, Mapping) else load_mapping(opts.mapping)
    columns = resolve(mapping, list(src.frame.columns), t, src.path.name) if opts.columns is None \
        else _chosen_columns(opts.columns, src, t)
    report.mapping = {t.field(k).label: v for k, v in columns.items()}
    defaults = {**defaults_for(mapping, t), **opts.values}
    say(0.3, "检查坐标")
    with project.session() as s:
        extent = project_extent(s)
        crs = choose_crs(src, opts, extent)
        report.crs = crs
        geoms = to_storage(src.geoms, crs, opts.source_coords)
        geoms = _check_geometries(src, geoms, t, report, extent, {p.row for p in src.problems})
        say(0.5, "检查字段")
        values = _convert_fields(src, t, columns, defaults, report)
        _check_periods(t, values, columns, src, report)
    frame = pd.DataFrame(values)
    if t.has_attributes:
        frame["attributes"] = _attributes(src, columns, ignored(mapping, list(src.frame.columns)))
    if t.admin_level:
        frame["level"] = t.admin_level
    frame["geometry"] = list(geoms)
    return Prepared(t, src, report, frame, crs, values, geoms, list(report.issues))


def _check_against_project(s: Session, prepared: Prepared, opts: ImportOptions) -> None:
    """Unique codes, existing parents and no duplicates of what the project holds, read in the write's own
    transaction (its write lock is already held): nothing another writer commits can slip in between.
    Starts the report again from the file's issues, so a second run (Project.write) reports each once."""
    t, src, report, values, geoms = prepared.target, prepared.source, prepared.report, prepared.values, prepared.geoms
    report.issues = list(prepared.file_issues)
    parents, parent_geoms = _parents(s, t)
    parent_ids = _check_codes(t, values, src, report, _existing_codes(s, t), parents, geoms, parent_geoms)
    if "name" in values:
        _check_duplicates(t, values["name"], geoms, src, report, _existing_by_name(s, t),
                          opts.duplicate_tolerance_m)
    if t.layer == "grids":
        prepared.frame["village_id"] = parent_ids
    if t.admin_level:
        prepared.frame["parent_id"] = parent_ids


def write(project: Project, prepared: Prepared, opts: ImportOptions,
          feedback: Feedback | None = None) -> ImportReport:
    """Check the rows against the project and write the accepted ones, in one transaction (run again whole
    if it loses a race on PostgreSQL); with rejected rows and no allow_partial, nothing.
    A cancel that arrives while the rows are written rolls them back."""
    feedback = ensure(feedback)
    from gis.bulk import bulk_insert
    from gis.repo import assign_site_grids, grid_ids_at, site_points

    report = prepared.report

    def unit(s: Session) -> pd.DataFrame:   # the checks against the project and the write: one transaction
        _check_against_project(s, prepared, opts)
        bad = report.rejected_rows
        if bad and not opts.allow_partial:
            raise ImportRejected(
                f"文件 {report.file} 有 {len(bad)} {report.row_noun}数据未通过检查，未导入任何数据：\n"
                f"{report.first_problems()}", report,
                en=f"{len(bad)} {report.noun_en(len(bad))} of file {report.file} did not pass the checks; nothing "
                   f"was imported:\n{report.first_problems(lang='en')}")
        keep = np.array([int(r) not in bad for r in prepared.source.rows], dtype=bool)
        frame = prepared.frame[keep].reset_index(drop=True)
        if frame.empty:
            raise ImportRejected(f"文件 {report.file} 没有可以导入的数据行：\n{report.first_problems()}", report,
                                 en=f"File {report.file} has no rows that can be imported:\n"
                                    f"{report.first_problems(lang='en')}")
        if prepared.target.layer == "sites":  # new sites get their grids as they are written
            frame["grid_id"] = pd.array(grid_ids_at(s, site_points(frame["geometry"].to_numpy())), dtype="Int64")
            frame.loc[frame["grid_id"] < 0, "grid_id"] = pd.NA
        bulk_insert(s, {prepared.target.table: frame})
        if prepared.target.layer == "grids":  # new grids may take in sites already there
            assign_site_grids(s)
        feedback.check()       # the last checkpoint before the commit
        return frame

    frame = project.write(unit)
    report.imported = len(frame)
    return report


def import_file(project: Project, path: str | Path, opts: ImportOptions, *, feedback: Feedback | None = None,
                source: SourceData | None = None) -> ImportReport:
    """prepare + write; `source` is the file already read (with the same options), e.g. for a preview.
    Cancelling through `feedback` raises ImportCancelled and leaves the project unchanged."""
    feedback = ensure(feedback)
    try:
        prepared = prepare(project, path, opts, feedback, source)
        feedback.progress(0.7, feedback.say("写入项目", "Writing to the project"))
        report = write(project, prepared, opts, feedback)
    except ImportCancelled:
        raise
    except Cancelled as e:
        raise ImportCancelled(Path(path).name if source is None else source.path.name) from e
    return report     # no checkpoint after the commit: a late cancel must not deny what was written
