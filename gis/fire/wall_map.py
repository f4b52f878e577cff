"""What a forest-fire grid wall map (网格管理图上墙) shows, as plain data (no Qt).

Three levels: a district map shows its townships, a township map its villages, a village map its
grids. Each map lists the people of each part with their phones: 网格长, 网格员 and 护林员 on a
village map; 包村干部, 包片领导 and 护林员 on a township map; 值班员, 包片领导 and counts on a district
map. desktop/printing/wall_map.py lays this out on a page with the shared map renderer.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

from gis import repo
from gis.errors import ValidationError
from gis.model import AdminUnit, Grid, Person, RoleAssignment, Zone

LEVELS = ("district", "township", "village")
PART_NAMES = {"district": "乡镇（街道）", "township": "村（社区）", "village": "网格"}
GRID_KINDS = ("forest", "comprehensive")  # a village map shows its forest grids, else its comprehensive ones


@dataclass
class Part:
    """One polygon of the map (a township, village or grid) with its label."""
    code: str
    name: str
    geom: Any  # lon/lat


@dataclass
class WallMapContent:
    level: str
    area_code: str
    area_name: str
    title: str
    area_geom: Any
    parts: list[Part]
    columns: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)  # lines under the people table
    is_demo: bool = False


def person_text(p: Person) -> str:
    return f"{p.name} {p.phone}" if p.phone else p.name


def _join(people: list[Person]) -> str:
    seen, out = set(), []
    for p in people:
        if p.id not in seen:
            seen.add(p.id)
            out.append(person_text(p))
    return "、".join(out) or "—"


def _holders(s: Session, role: str, *, units: list[int] = (), grids: list[int] = ()) -> dict[tuple[str, int], list[Person]]:
    """(target kind, target id) → the people holding `role` there, by name."""
    q = select(RoleAssignment.admin_unit_id, RoleAssignment.grid_id, Person).join(
        Person, RoleAssignment.person_id == Person.id).where(RoleAssignment.role == role,
                                                           RoleAssignment.not_ended(date.today()))
    out: dict[tuple[str, int], list[Person]] = defaultdict(list)
    for unit_id, grid_id, person in s.execute(q.order_by(Person.name, Person.id)):
        if unit_id is not None and unit_id in units:
            out[("unit", unit_id)].append(person)
        if grid_id is not None and grid_id in grids:
            out[("grid", grid_id)].append(person)
    return out


def rangers_by_part(s: Session, parts: list[Part]) -> list[list[Person]]:
    """The rangers whose responsibility areas overlap each part (more than a sliver)."""
    rows = s.execute(
        select(Zone.geom, Person).join(RoleAssignment, RoleAssignment.zone_id == Zone.id)
        .join(Person, RoleAssignment.person_id == Person.id)
        .where(RoleAssignment.role == "ranger", Zone.kind == "ranger_area", Zone.geom.is_not(None),
               RoleAssignment.not_ended(date.today()))
        .order_by(Person.name, Person.id)
    ).all()
    out = []
    for part in parts:
        found = []
        for geom, person in rows:
            if part.geom is not None and shapely.area(shapely.intersection(part.geom, geom)) > 0.02 * geom.area:
                found.append(person)
        out.append(found)
    return out


def areas(s: Session) -> list[tuple[str, str, str]]:
    """(code, name, level) of every administrative unit a wall map can be drawn for, by code."""
    return [tuple(r) for r in s.execute(select(AdminUnit.code, AdminUnit.name, AdminUnit.level)
                                        .where(AdminUnit.level.in_(LEVELS)).order_by(AdminUnit.code))]


def _unit(s: Session, level: str, code: str) -> AdminUnit:
    if level not in LEVELS:
        raise ValidationError(f"图的级别应为 district、township 或 village，而不是 {level}",
                              en=f"The map's level should be district, township or village, not {level}")
    unit = s.scalar(select(AdminUnit).where(AdminUnit.code == code))
    if unit is None:
        raise ValidationError(f"找不到代码为 {code} 的行政区", en=f"No administrative area has the code {code}")
    if unit.level != level:
        zh = {"district": "区县", "township": "乡镇（街道）", "village": "村（社区）"}[level]
        en = {"district": "county", "township": "township", "village": "village"}[level]
        raise ValidationError(f"{unit.name}（{code}）不是{zh}", en=f"{unit.name} ({code}) is not a {en}")
    if unit.geom is None:
        raise ValidationError(f"{unit.name}还没有边界，无法制图",
                              en=f"{unit.name} has no boundary yet, so no map can be made")
    return unit


def _title(unit: AdminUnit) -> str:
    prefix = unit.parent.name if unit.level == "village" and unit.parent is not None else ""
    return f"{prefix}{unit.name}森林防火网格管理图"


def wall_map_content(s: Session, level: str, code: str) -> WallMapContent:
    unit = _unit(s, level, code)
    demo = bool(repo.get_setting(s, "is_demo", False))
    content = WallMapContent(level, unit.code, unit.name, _title(unit), unit.geom, [], [], [], is_demo=demo)
    if level == "village":
        _village(s, unit, content)
    else:
        _higher(s, unit, content)
    return content


def _village(s: Session, unit: AdminUnit, c: WallMapContent) -> None:
    grids = []
    for kind in GRID_KINDS:
        grids = list(s.scalars(select(Grid).where(Grid.village_id == unit.id, Grid.kind == kind,
                                                  Grid.geom.is_not(None)).order_by(Grid.code)))
        if grids:
            break
    c.parts = [Part(g.code, g.name, g.geom) for g in grids]
    ids = [g.id for g in grids]
    leaders, members = _holders(s, "grid_leader", grids=ids), _holders(s, "grid_member", grids=ids)
    rangers = rangers_by_part(s, c.parts)
    c.columns = ["网格代码", "网格名称", "网格长", "网格员", "护林员"]
    c.rows = [[g.code, g.name, _join(leaders.get(("grid", g.id), [])), _join(members.get(("grid", g.id), [])),
               _join(r)] for g, r in zip(grids, rangers, strict=True)]
    cadres = _holders(s, "village_cadre", units=[unit.id]).get(("unit", unit.id), [])
    area = _holders(s, "area_leader", units=[unit.id]).get(("unit", unit.id), [])
    c.notes = [f"包村干部：{_join(cadres)}", f"包片领导：{_join(area)}"]


def _higher(s: Session, unit: AdminUnit, c: WallMapContent) -> None:
    children = list(s.scalars(select(AdminUnit).where(AdminUnit.parent_id == unit.id, AdminUnit.geom.is_not(None))
                              .order_by(AdminUnit.code)))
    c.parts = [Part(u.code, u.name, u.geom) for u in children]
    rangers = rangers_by_part(s, c.parts)
    all_units = list(s.scalars(select(AdminUnit)))
    below: dict[int, list[int]] = defaultdict(list)  # township id → its villages
    for u in all_units:
        if u.parent_id is not None:
            below[u.parent_id].append(u.id)
    grid_count: dict[int, int] = defaultdict(int)
    for vid, n in s.execute(select(Grid.village_id, Grid.id).where(Grid.kind.in_(GRID_KINDS))):
        grid_count[vid] += 1
    if c.level == "township":
        ids = [u.id for u in children]
        cadres, leaders = _holders(s, "village_cadre", units=ids), _holders(s, "area_leader", units=ids)
        c.columns = ["代码", "村（社区）", "包村干部", "包片领导", "网格数", "护林员"]
        c.rows = [[u.code, u.name, _join(cadres.get(("unit", u.id), [])), _join(leaders.get(("unit", u.id), [])),
                   str(grid_count[u.id]), _join(r)] for u, r in zip(children, rangers, strict=True)]
    else:
        ids = [u.id for u in children]
        duty = _holders(s, "duty_officer", units=ids)
        village_ids = [v for t in ids for v in below[t]]
        leaders = _holders(s, "area_leader", units=village_ids)
        c.columns = ["代码", "乡镇（街道）", "值班员", "包片领导", "村（社区）数", "网格数", "护林员数"]
        c.rows = []
        for u, r in zip(children, rangers, strict=True):
            area = [p for v in below[u.id] for p in leaders.get(("unit", v), [])]
            c.rows.append([u.code, u.name, _join(duty.get(("unit", u.id), [])), _join(area), str(len(below[u.id])),
                           str(sum(grid_count[v] for v in below[u.id])), str(len({p.id for p in r}))])
    own = _holders(s, "duty_officer", units=[unit.id]).get(("unit", unit.id), [])
    if own:
        c.notes = [f"{unit.name}值班员：{_join(own)}"]
