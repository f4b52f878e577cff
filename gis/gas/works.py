"""The third-party works register (第三方施工登记) written by hand: add, update, delete, change status, and the
list the register shows. Qt-free; the window's use cases are desktop/services/works.py.

A record is checked the way `gridsafe import --layer works` checks a row (gis.io.targets' "works" target,
gis.io.values.convert_record: required name, dates, the status vocabulary, lengths, an end before its
start) and its extent the way an import checks a geometry (gis.io.checks: a polygon, inside China, valid).
Differences from an import, because a person is at the keyboard:
  - an invalid extent (a polygon drawn across itself) is refused, naming the reason; `repair=True` writes
    the repaired polygon instead (checks.repair, the importer's make_valid), when it can be repaired;
  - an extent that lies outside the project's townships, villages and grids is refused unless
    `allow_outside=True` (the window asks "continue?"; an import only warns past 50 km).
Every refusal is a WorksError naming the field (Chinese); nothing is written. The extent goes through the
model's Geometry column, so the GeoPackage R-tree / PostGIS GiST index follow it (gis.spatial finds it).
Writes change kind "works" (and "hazards" when a deleted works was linked to hazards).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import shapely
from sqlalchemy import or_, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from gis import spatial
from gis.changes import Change
from gis.errors import ValidationError
from gis.geo.crs import STORAGE, measure_crs, transform
from gis.io import checks
from gis.io.targets import TARGETS
from gis.io.values import convert_record
from gis.model import AdminUnit, Grid, Hazard, ThirdPartyWorks

TARGET = TARGETS["works"]
FIELDS = tuple(f.name for f in TARGET.fields)          # name, party, …, status, note
EXTENT_LABEL = "施工范围"
MIN_AREA_M2 = 1.0                                       # smaller is a slip of the hand, not an extent
SEARCHED = ("name", "party", "contact_name", "contact_phone", "permit_no", "supervisor", "note")


class WorksError(ValidationError):
    """A works record refused: `problems` = [(field, label, reason)], the message names each field.
    `repairable`: the extent is invalid but checks.repair can fix it (ask, then save with repair=True).
    `outside`: the only problem is that the extent lies outside the project's area (ask, then allow_outside)."""

    def __init__(self, problems: list[tuple[str, str, str]], *, repairable: bool = False,
                 outside: bool = False) -> None:
        super().__init__("\n".join(reason if reason.startswith(label) else f"{label}：{reason}"
                                   for _name, label, reason in problems))
        self.problems = problems
        self.repairable = repairable
        self.outside = outside

    @property
    def fields(self) -> list[str]:
        return [name for name, _label, _reason in self.problems]


@dataclass(frozen=True)
class WorksRow:
    """One row of the register."""
    id: int
    name: str
    party: str | None
    contact_name: str | None
    contact_phone: str | None
    start_on: date | None
    end_on: date | None
    permit_no: str | None
    supervisor: str | None
    status: str
    note: str | None
    bounds: tuple[float, float, float, float] | None   # lon/lat of the extent, for 定位

    def values(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in FIELDS}


@dataclass(frozen=True)
class Works:
    """One works record with its extent (lon/lat, CGCS2000)."""
    id: int
    values: dict[str, Any]
    extent: Any                                     # shapely Polygon/MultiPolygon or None
    linked_hazards: tuple[int, ...] = field(default=())


# --- checks ------------------------------------------------------------------------------------------

def check_values(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record's attributes converted and checked as an import row is; raises WorksError naming fields."""
    values, problems = convert_record(TARGET, dict(record))
    if problems:
        raise WorksError([(f.name, f.label, reason) for f, reason in problems])
    return values


def check_extent(geom, *, repair: bool = False):
    """The extent as stored: a valid polygon (or multipolygon) inside China. Raises WorksError otherwise;
    an invalid polygon is repaired only when `repair` (WorksError.repairable says whether it can be)."""
    def refuse(reason: str, repairable: bool = False):
        return WorksError([("geom", EXTENT_LABEL, reason)], repairable=repairable)

    if geom is None or geom.is_empty:
        raise refuse("缺少施工范围，请在地图上绘制")
    polygon = checks.coerce(geom, TARGET.geometry)
    if polygon is None:
        raise refuse(f"施工范围应为面，而不是{checks.family_label(checks.family(geom))}（{geom.geom_type}）")
    if not np.all(np.isfinite(shapely.bounds(polygon))) or checks.outside_china(np.array([polygon]))[0]:
        raise refuse("施工范围超出中国范围，请检查坐标")
    if not polygon.is_valid:
        reason = _reason_zh(shapely.is_valid_reason(polygon))
        fixed = checks.repair(polygon, TARGET.geometry)
        if fixed is None:
            raise refuse(f"{reason}，无法自动修复，请重新绘制")
        if not repair:
            raise refuse(f"{reason}，可自动修复（按边线交点拆分）或重新绘制", repairable=True)
        polygon = fixed
    if area_m2(polygon) < MIN_AREA_M2:
        raise refuse(f"施工范围面积不足 {MIN_AREA_M2:g} 平方米，请至少绘制三个不在一条直线上的顶点")
    return polygon


def area_m2(polygon) -> float:
    """The extent's area in square metres (the project's Gauss-Krüger zone at its longitude)."""
    lon = float(shapely.centroid(polygon).x)
    return float(shapely.area(transform(polygon, STORAGE, measure_crs([lon]))))


def _reason_zh(reason: str) -> str:
    """shapely's is_valid_reason in words a user reads."""
    if reason.startswith(("Self-intersection", "Ring Self-intersection")):
        return "施工范围的边线自相交"
    if reason.startswith("Too few points"):
        return "施工范围顶点太少"
    return f"施工范围几何无效（{reason}）"


def outside_project(s: Session, polygon) -> bool:
    """True when the project has townships, villages or grids and the polygon meets none of them (the
    candidates come from the spatial index, the test is exact)."""
    box = tuple(float(v) for v in shapely.bounds(polygon))
    any_area = False
    for model in (AdminUnit, Grid):
        table = model.__tablename__
        if spatial.extent(s, table) is None:
            continue
        any_area = True
        ids = spatial.ids_in_box(s, table, box)
        if len(ids) and any(g is not None and g.intersects(polygon)
                            for g in spatial.geometries(s, table, ids).values()):
            return False
    return any_area


def _checked(s: Session, record: Mapping[str, Any], extent, repair: bool, allow_outside: bool):
    problems: list[tuple[str, str, str]] = []
    repairable = False
    values = polygon = None
    try:
        values = check_values(record)
    except WorksError as e:
        problems += e.problems
    try:
        polygon = check_extent(extent, repair=repair)
    except WorksError as e:
        problems += e.problems
        repairable = e.repairable
    if problems:
        raise WorksError(problems, repairable=repairable)
    if not allow_outside and outside_project(s, polygon):
        raise WorksError([("geom", EXTENT_LABEL, "施工范围不在项目的乡镇、村或网格范围内，请核对位置")], outside=True)
    return values, polygon


# --- writes (the caller's transaction; nothing is committed here) ---------------------------------------

def add(s: Session, record: Mapping[str, Any], extent, *, repair: bool = False,
        allow_outside: bool = False) -> tuple[int, Change]:
    """Register a works: its attributes (model field → value as typed or picked) and its extent (lon/lat)."""
    values, polygon = _checked(s, record, extent, repair, allow_outside)
    works = ThirdPartyWorks(**values, geom=polygon)
    s.add(works)
    s.flush()
    return works.id, Change.of("works", works=[works.id])


def _get(s: Session, works_id: int) -> ThirdPartyWorks:
    works = s.get(ThirdPartyWorks, int(works_id))
    if works is None:
        raise ValidationError(f"第三方施工（ID {works_id}）不存在，可能已被删除",
                              en=f"Third-party works (ID {works_id}) does not exist; it may have been deleted")
    return works


def update(s: Session, works_id: int, record: Mapping[str, Any], extent=None, *, repair: bool = False,
           allow_outside: bool = False) -> Change:
    """Change a works: the fields in `record` (the others keep their values) and, when given, its extent."""
    works = _get(s, works_id)
    merged = {f: getattr(works, f) for f in FIELDS} | dict(record)
    geom = extent if extent is not None else works.geom
    # an unchanged extent is not asked about again (it may predate the project's grids)
    values, polygon = _checked(s, merged, geom, repair, allow_outside or extent is None)
    for name, value in values.items():
        setattr(works, name, value)
    if extent is not None:
        works.geom = polygon
    s.flush()
    return Change.of("works", works=[works.id])


def set_status(s: Session, works_id: int, status: str) -> Change:
    """施工中 / 未开工 / 已完工 (key or label) without touching anything else."""
    return update(s, works_id, {"status": status})


def delete(s: Session, works_id: int) -> Change:
    """Delete a works. Hazards linked to it (a 第三方施工 finding) stay in the ledger, unlinked."""
    works = _get(s, works_id)
    linked = linked_hazards(s, works_id)
    if linked:
        s.execute(sql_update(Hazard).where(Hazard.works_id == works.id).values(works_id=None))
    s.delete(works)
    s.flush()
    change = Change.of("works", works=[works_id])
    return change | Change.of("hazards", hazards=linked) if linked else change


# --- reads ---------------------------------------------------------------------------------------------

def linked_hazards(s: Session, works_id: int) -> list[int]:
    return list(s.scalars(select(Hazard.id).where(Hazard.works_id == int(works_id)).order_by(Hazard.id)))


def get(s: Session, works_id: int) -> Works:
    works = _get(s, works_id)
    return Works(works.id, {f: getattr(works, f) for f in FIELDS}, works.geom,
                 tuple(linked_hazards(s, works_id)))


def rows(s: Session, *, status: str | None = None, text: str = "") -> list[WorksRow]:
    """The register: works of `status` (a key; None: all) whose name, party, contact, phone, permit number,
    supervisor or note contains `text`; active first, then planned, then finished, each by start date."""
    q = select(ThirdPartyWorks)
    if status:
        q = q.where(ThirdPartyWorks.status == status)
    text = (text or "").strip()
    if text:
        q = q.where(or_(*(getattr(ThirdPartyWorks, c).icontains(text, autoescape=True) for c in SEARCHED)))
    order = {"active": 0, "planned": 1, "finished": 2}
    out = []
    for w in s.scalars(q.order_by(ThirdPartyWorks.id)):
        g = w.geom
        bounds = tuple(float(v) for v in g.bounds) if g is not None and not g.is_empty else None
        out.append(WorksRow(w.id, w.name, w.party, w.contact_name, w.contact_phone, w.start_on, w.end_on,
                            w.permit_no, w.supervisor, w.status, w.note, bounds))
    out.sort(key=lambda r: (order.get(r.status, 3), r.start_on or date.max, r.id))
    return out
