"""Repository functions: the queries and validated writes every part of gridsafe shares.

Each takes a Session and behaves the same on SQLite and PostgreSQL (tests/storage checks parity).
Writes validate first and raise ValidationError with a Chinese message; they never commit — the
caller's `project.transaction()` decides.
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from sqlalchemy import bindparam, func, select, text, update
from sqlalchemy.orm import Session

from gis import grids as grid_rules
from gis import spatial
from gis.errors import ValidationError
from gis.geo.crs import to_projected
from gis.model import AdminUnit, Grid, Hazard, LineAsset, Person, ProjectSetting, RoleAssignment, Site, Zone
from gis.model.geometry import decode, wkb_sql

# --- settings ------------------------------------------------------------------------------------

def get_setting(s: Session, key: str, default: Any = None) -> Any:
    row = s.get(ProjectSetting, key)
    return default if row is None else row.value


def set_setting(s: Session, key: str, value: Any) -> None:
    row = s.get(ProjectSetting, key)
    if row is None:
        s.add(ProjectSetting(key=key, value=value))
    else:
        row.value = value


# --- administrative units and grids --------------------------------------------------------------

def add_admin_unit(
    s: Session, code: str, name: str, level: str, *, parent: AdminUnit | None = None,
    geom: BaseGeometry | None = None, kind: str | None = None,
) -> AdminUnit:
    if level != "district" and parent is None:
        raise ValidationError(f"“{name}”缺少上级行政区", en=f"\"{name}\" lacks its parent administrative unit")
    if parent is not None:
        expected_parent = {"township": "district", "village": "township"}.get(level)
        if parent.level != expected_parent:
            raise ValidationError(f"“{name}”的上级“{parent.name}”层级不对",
                                  en=f"The parent \"{parent.name}\" of \"{name}\" is not of the right level")
    problem = grid_rules.code_problem(code, level, parent.code if parent else None)
    if problem:
        raise ValidationError(f"“{name}”：{problem}",
                              en=f"\"{name}\": {grid_rules.code_problem(code, level, parent.code if parent else None, 'en')}")
    if s.scalar(select(AdminUnit.id).where(AdminUnit.code == code)) is not None:
        raise ValidationError(f"行政区代码“{code}”已存在", en=f"The administrative code \"{code}\" exists already")
    unit = AdminUnit(code=code, name=name, level=level, parent=parent, geom=geom, kind=kind)
    s.add(unit)
    s.flush()
    return unit


def add_grid(
    s: Session, code: str, name: str, village: AdminUnit, geom: BaseGeometry, *,
    kind: str = "comprehensive", site: Site | None = None,
) -> Grid:
    """Add a grid after checking its code against its village and that it lies within it."""
    if village.level != "village":
        raise ValidationError(f"网格“{name}”必须属于一个村（社区），“{village.name}”不是村（社区）",
                              en=f"Grid \"{name}\" must belong to a village (community); \"{village.name}\" is not one")
    problem = grid_rules.grid_code_problem(code, village.code)
    if problem:
        raise ValidationError(f"网格“{name}”：{problem}",
                              en=f"Grid \"{name}\": {grid_rules.grid_code_problem(code, village.code, 'en')}")
    if s.scalar(select(Grid.id).where(Grid.code == code)) is not None:
        raise ValidationError(f"网格代码“{code}”已存在", en=f"The grid code \"{code}\" exists already")
    if geom is None or geom.is_empty or not geom.is_valid:
        raise ValidationError(f"网格“{name}”（{code}）的范围为空或无效",
                              en=f"The area of grid \"{name}\" ({code}) is empty or invalid")
    if village.geom is not None and not grid_rules.within_village(village.geom, geom):
        raise ValidationError(f"网格“{name}”（{code}）超出所属村（社区）“{village.name}”的范围",
                              en=f"Grid \"{name}\" ({code}) reaches outside its village (community) "
                                 f"\"{village.name}\"")
    grid = Grid(code=code, name=name, village=village, geom=geom, kind=kind, site_id=site.id if site else None)
    s.add(grid)
    s.flush()
    return grid


def grids_of_village(s: Session, village_code: str) -> list[Grid]:
    return list(
        s.scalars(select(Grid).join(Grid.village).where(AdminUnit.code == village_code).order_by(Grid.code))
    )


def _candidates(s: Session, model, x: float, y: float):
    """Rows whose extent holds the point, found through the spatial index."""
    table = model.__tablename__
    return s.scalars(select(model).where(text(spatial.in_box(s.bind.dialect.name, table, (x, y, x, y)))))


# When grids of several kinds cover a place, a site belongs to the most specific one.
GRID_KIND_RANK = {"enterprise": 0, "comprehensive": 1, "forest": 2}


def grid_at(s: Session, lon: float, lat: float, *, kind: str | None = None) -> Grid | None:
    """The grid covering (lon, lat): the SQL box filter narrows, shapely decides."""
    p = Point(lon, lat)
    hits = [g for g in _candidates(s, Grid, lon, lat) if (kind is None or g.kind == kind) and g.geom.covers(p)]
    return min(hits, key=lambda g: (GRID_KIND_RANK.get(g.kind, 9), g.code)) if hits else None


def village_at(s: Session, lon: float, lat: float) -> AdminUnit | None:
    p = Point(lon, lat)
    for unit in _candidates(s, AdminUnit, lon, lat):
        if unit.level == "village" and unit.geom.covers(p):
            return unit
    return None


def grid_ids_at(s: Session, points: np.ndarray) -> np.ndarray:
    """The grid each point belongs to (-1 where none): one STRtree query for all points.

    A point inside an enterprise grid (企业专属网格) belongs to it; otherwise to the comprehensive grid,
    or to a forest grid where that is all there is.
    """
    out = np.full(len(points), -1, dtype=np.int64)
    grid_rows = s.execute(select(Grid.id, Grid.geom, Grid.kind)).all()
    if not grid_rows or not len(points):
        return out
    grid_ids = np.array([r[0] for r in grid_rows], dtype=np.int64)
    grid_rank = np.array([GRID_KIND_RANK.get(r[2], 9) for r in grid_rows], dtype=np.int64)
    tree = shapely.STRtree(np.array([r[1] for r in grid_rows], dtype=object))
    site_idx, grid_idx = tree.query(points, predicate="covered_by")
    # several grids cover a point (an enterprise grid, or a shared edge): most specific kind, then lowest id
    order = np.lexsort((grid_ids[grid_idx], grid_rank[grid_idx], site_idx))
    first = np.unique(site_idx[order], return_index=True)[1]
    out[site_idx[order][first]] = grid_ids[grid_idx[order][first]]
    return out


def site_points(geoms: np.ndarray) -> np.ndarray:
    """Where a site is for its grid: the point itself, or a point inside an area site."""
    out = np.full(len(geoms), None, dtype=object)
    present = np.array([g is not None for g in geoms], dtype=bool)
    out[present] = shapely.point_on_surface(np.asarray(geoms, dtype=object)[present])
    return out


def assign_site_grids(s: Session, site_ids=None) -> int:
    """Derive sites' grids from their locations (see grid_ids_at): every site, or those of `site_ids`.
    Returns the number of changes."""
    sql = f"SELECT id, grid_id, {wkb_sql(s.bind.dialect.name, 'geom')} FROM site"
    if site_ids is not None:
        site_ids = sorted({int(i) for i in site_ids})
        if not site_ids:
            return 0
        sql += f" WHERE id IN ({','.join(map(str, site_ids))})"
    site_rows = s.connection().exec_driver_sql(sql).fetchall()
    if not site_rows:
        return 0
    points = site_points(decode(r[2] for r in site_rows))
    new = grid_ids_at(s, points)
    changes = [
        {"sid": r[0], "gid": (int(g) if g >= 0 else None)}
        for r, g in zip(site_rows, new, strict=True)
        if (r[1] if r[1] is not None else -1) != g
    ]
    if changes:
        s.connection().execute(
            update(Site.__table__).where(Site.__table__.c.id == bindparam("sid")).values(grid_id=bindparam("gid")),
            changes,
        )
        # the UPDATE bypassed the ORM: loaded sites must reload their grid
        for obj in list(s.identity_map.values()):
            if isinstance(obj, Site):
                s.expire(obj, ["grid_id", "grid"])
    return len(changes)


# --- sites, people --------------------------------------------------------------------------------

def sites_in_grid(s: Session, grid: Grid) -> list[Site]:
    return list(s.scalars(select(Site).where(Site.grid_id == grid.id).order_by(Site.name, Site.id)))


def person_choices(s: Session) -> list[tuple[str, int]]:
    """(display text, id) of everyone, by name: "name（unit）" where the unit is known."""
    rows = s.execute(select(Person.name, Person.unit, Person.id).order_by(Person.name, Person.id))
    return [(name + (f"（{unit}）" if unit else ""), pid) for name, unit, pid in rows]


def responsible_people(s: Session, grid: Grid) -> list[tuple[str, Person]]:
    """Who answers for a grid: its own role holders, then those of its village, by role."""
    rows = s.execute(
        select(RoleAssignment.role, Person)
        .join(Person, RoleAssignment.person_id == Person.id)
        .where((RoleAssignment.grid_id == grid.id) | (RoleAssignment.admin_unit_id == grid.village_id),
               RoleAssignment.not_ended(date.today()))
        .order_by(RoleAssignment.grid_id.is_(None), RoleAssignment.role, Person.name, Person.id)
    ).all()
    return [(role, person) for role, person in rows]


def roles_held(s: Session, *, site: Site | None = None, admin_unit: AdminUnit | None = None,
               ) -> list[tuple[str, Person]]:
    """Roles held at one site or one administrative unit (not inherited), by role then name."""
    if (site is None) == (admin_unit is None):
        raise TypeError("roles_held: give exactly one of site, admin_unit")
    where = RoleAssignment.site_id == site.id if site is not None else RoleAssignment.admin_unit_id == admin_unit.id
    rows = s.execute(
        select(RoleAssignment.role, Person).join(Person, RoleAssignment.person_id == Person.id)
        .where(where, RoleAssignment.not_ended(date.today())).order_by(RoleAssignment.role, Person.name, Person.id)
    ).all()
    return [(role, person) for role, person in rows]


# --- hazards --------------------------------------------------------------------------------------

def admin_unit_by_code(s: Session, code: str) -> AdminUnit:
    """The administrative unit with this code; refused in words when there is none."""
    unit = s.scalar(select(AdminUnit).where(AdminUnit.code == code))
    if unit is None:
        raise ValidationError(f"找不到代码为 {code} 的行政区", en=f"There is no administrative unit with code {code}")
    return unit


def person_by_name(s: Session, name: str) -> Person:
    """The one person of this name; refused when there is none or several (their phones tell them apart)."""
    found = list(s.scalars(select(Person).where(Person.name == name).order_by(Person.id)))
    if not found:
        raise ValidationError(f"找不到人员：{name}", en=f"Person not found: {name}")
    if len(found) > 1:
        raise ValidationError(f"有 {len(found)} 位“{name}”，请在窗口中选择（电话：{'、'.join(p.phone or '无' for p in found)}）",
                              en=f"There are {len(found)} people named \"{name}\"; please choose one in the window "
                                 f"(phones: {', '.join(p.phone or 'none' for p in found)})")
    return found[0]


def people_with_roles(s: Session) -> list[tuple[Person, list[str]]]:
    """Everyone in the project by name, each with the roles they hold today (role keys, no repeats; an ended role,
    停用 or removed in 人员名册, is not held)."""
    people = list(s.scalars(select(Person).order_by(Person.name, Person.id)))
    held: dict[int, list[str]] = {}
    for pid, role in s.execute(select(RoleAssignment.person_id, RoleAssignment.role)
                               .where(RoleAssignment.not_ended(date.today()))
                               .order_by(RoleAssignment.person_id, RoleAssignment.role)):
        roles = held.setdefault(pid, [])
        if role not in roles:
            roles.append(role)
    return [(p, held.get(p.id, [])) for p in people]


def hazard_counts(s: Session, *, grid: Grid | None = None, site: Site | None = None,
                  line: LineAsset | None = None, zone: Zone | None = None) -> dict[str, int]:
    """Hazards per status: all of them, or those of a grid, site, line asset or zone (all given must hold)."""
    q = select(Hazard.status, func.count()).group_by(Hazard.status)
    for column, obj in ((Hazard.grid_id, grid), (Hazard.site_id, site), (Hazard.line_id, line),
                        (Hazard.zone_id, zone)):
        if obj is not None:
            q = q.where(column == obj.id)
    return {status: n for status, n in s.execute(q).all()}


# --- summary --------------------------------------------------------------------------------------

def _count_by(s: Session, column) -> dict[str, int]:
    rows = s.execute(select(column, func.count()).group_by(column).order_by(column)).all()
    return {(k if k is not None else ""): n for k, n in rows}


def line_lengths_km(s: Session) -> dict[str, float]:
    """Total length per line kind, measured in the project's Gauss-Krüger CRS."""
    rows = s.execute(select(LineAsset.kind, LineAsset.geom)).all()
    if not rows:
        return {}
    kinds = np.array([r[0] for r in rows], dtype=object)
    geoms = np.array([r[1] for r in rows], dtype=object)
    lengths = shapely.length(to_projected(geoms)) / 1000.0
    return {k: round(float(lengths[kinds == k].sum()), 1) for k in sorted(set(kinds))}


def project_summary(s: Session) -> dict[str, Any]:
    """Counts per layer and state, as `gridsafe info` prints them (overdue hazards: gis.hazards.overdue_count)."""
    return {
        "admin_unit": _count_by(s, AdminUnit.level),
        "grid": _count_by(s, Grid.kind),
        "site": _count_by(s, Site.category),
        "site_status": _count_by(s, Site.status),
        "line_asset": _count_by(s, LineAsset.kind),
        "line_length_km": line_lengths_km(s),
        "zone": _count_by(s, Zone.kind),
        "person": s.scalar(select(func.count()).select_from(Person)),
        "role": _count_by(s, RoleAssignment.role),
        "hazard": _count_by(s, Hazard.status),
        "hazard_grade": _count_by(s, Hazard.grade),
    }


def summary_counts(summary: dict[str, Any]) -> Counter:
    """Flatten a project summary into totals per layer (for tests and the status bar)."""
    totals: Counter = Counter()
    for key, value in summary.items():
        if isinstance(value, dict) and key not in ("line_length_km",):
            totals[key] = sum(value.values())
    return totals
