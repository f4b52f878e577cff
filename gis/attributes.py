"""Attribute tables of the editable map layers: which columns a person sees and may edit, the table read as
arrays, and checked edits of one feature's values (update) or a new feature (insert). Qt-free.

The columns come from the import targets (gis.io.targets.TARGETS: label, kind, vocabulary, required), so a
value typed into a cell is converted and refused exactly as the same value in an imported file would be
(gis.io.values.convert). What the table adds: columns shown but not edited (a site's grid, a grid's code and
village — grid codes are renumbered by the editing tools, never typed), uniqueness where the model says
unique, and one transaction per edit returning the old values and the gis.changes.Change, so an undo stack
can put the old values back with the same `update`.

The read is one SQL statement on the DB-API cursor (gis.bulk.raw_rows): no ORM object per row; the county's
36,000 sites come back as a few numpy arrays.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import shapely
from sqlalchemy import insert as sql_insert
from sqlalchemy import select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from gis import repo
from gis.bulk import raw_rows
from gis.changes import Change
from gis.errors import ValidationError
from gis.io import checks
from gis.io.targets import TARGETS, Field, Target, english
from gis.io.values import (
    BadValue,
    bad_value_en,
    convert,
    convert_record,
    is_blank,
    missing_reason,
    period_reason,
    period_reason_en,
)
from gis.layers import LAYERS, ROW_KIND


@dataclass(frozen=True)
class Column:
    name: str                   # model column (or, read-only, the name of a joined value)
    label: str                  # Chinese
    kind: str = "text"          # text | int | float | date | vocab
    vocab: str | None = None    # resources/vocab.yaml list of a vocab column
    required: bool = False
    editable: bool = True
    unique: bool = False        # the model's unique constraint: no other row may hold the value
    choices: tuple[str, ...] = ()   # vocab keys allowed in this layer (empty: the whole vocabulary)
    lenient: bool = False       # vocab column that keeps unknown text (zone levels)
    why_read_only: str = ""     # said when someone tries to edit it
    why_read_only_en: str = ""  # the same in English
    sql: str = ""               # read-only joined value: its SQL expression

    def label_in(self, lang: str = "zh") -> str:
        """The column's heading in `lang` (gis.io.targets.english)."""
        return english(self.label, lang)


@dataclass(frozen=True)
class TableSpec:
    layer: str                  # gis.layers name (also the map's source name)
    label: str                  # Chinese layer name
    target: Target
    columns: tuple[Column, ...]
    joins: str = ""

    def label_in(self, lang: str = "zh") -> str:
        """The layer's name in `lang` (gis.io.targets.english)."""
        return english(self.label, lang)

    @property
    def table(self) -> str:
        return self.target.table

    @property
    def kind(self) -> str:
        """The gis.changes kind a write to this layer touches."""
        return ROW_KIND[self.layer]

    @property
    def where(self) -> str:
        return LAYERS[self.layer].where

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise ValidationError(f"{self.label}没有字段“{name}”",
                              en=f"{self.label_in('en')} has no field \"{name}\"")

    @property
    def editable(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.editable)


_GRID_CODE = "网格编码由编辑工具按编号规则（自西向东、自北向南）重排，不能在属性表中修改"
_DERIVED = "由位置自动计算，移动要素后自动更新"
_WHY_EN = {
    _GRID_CODE: "grid codes are renumbered by the editing tools (west to east, north to south), not in the table",
    _DERIVED: "it is worked out from the location and follows when the feature moves",
    "网格所属村由网格位置决定": "a grid's village follows from the grid's location",
}

# read-only columns beyond the target's fields, and fields shown but not edited here
_EXTRA: dict[str, tuple[tuple[Column, ...], str]] = {
    "sites": ((Column("grid", "所属网格", editable=False, why_read_only=_DERIVED,
                      sql="site_grid.code || ' ' || site_grid.name"),),
              "LEFT JOIN grid site_grid ON site_grid.id = site.grid_id"),
    "grids": ((Column("village", "所属村（社区）", editable=False, why_read_only="网格所属村由网格位置决定",
                      sql="grid_village.name"),),
              "LEFT JOIN admin_unit grid_village ON grid_village.id = grid.village_id"),
}
_READ_ONLY = {("grids", "code"): _GRID_CODE}
LAYER_NAMES = ("sites", "grids", "pipelines", "roads", "fire_lines", "zones", "buildings", "works")


def _column(t: Target, f: Field) -> Column:
    col = t.model.__table__.columns[f.name]
    allowed = tuple(t.allowed.get(f.name, ()))
    why = _READ_ONLY.get((t.layer, f.name), "")
    why_en = _WHY_EN.get(why, "")
    if len(allowed) == 1:       # a pipeline is a gas pipeline: its kind is the layer
        why, why_en = f"本图层的{f.label}只能是这一种", f"in this layer the {f.label_in('en').lower()} can only be this one"
    return Column(f.name, f.label, f.kind, f.vocab, f.required, editable=not why, unique=bool(col.unique),
                  choices=allowed, lenient=f.lenient, why_read_only=why, why_read_only_en=why_en)


def _spec(layer: str) -> TableSpec:
    t = TARGETS[layer]
    extra, joins = _EXTRA.get(layer, ((), ""))
    return TableSpec(layer, t.label, t, tuple(_column(t, f) for f in t.fields) + extra, joins)


SPECS: dict[str, TableSpec] = {name: _spec(name) for name in LAYER_NAMES}


def spec(layer: str) -> TableSpec:
    if layer not in SPECS:
        names = "、".join(s.label for s in SPECS.values())
        raise ValidationError(f"图层“{layer}”没有可编辑的属性表；可编辑：{names}",
                              en=f"Layer \"{layer}\" has no editable attribute table; editable: "
                                 f"{', '.join(s.label_in('en') for s in SPECS.values())}")
    return SPECS[layer]


# --- reading ------------------------------------------------------------------------------------------

@dataclass
class AttributeTable:
    """A layer's rows in id order: `ids` and one array per column (text, vocab keys and ISO dates as object
    arrays with None; int and float columns as float64 with NaN)."""
    spec: TableSpec
    ids: np.ndarray
    values: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.ids)

    def row_of(self, feature_id: int) -> int | None:
        i = int(np.searchsorted(self.ids, feature_id))
        return i if i < len(self.ids) and self.ids[i] == feature_id else None

    def frame(self):
        """The table as a pandas DataFrame indexed by id."""
        import pandas as pd

        return pd.DataFrame(self.values, index=pd.Index(self.ids, name="id"))


def _sql(s: TableSpec, ids=None) -> str:
    cols = [f"{s.table}.id"] + [c.sql or f"{s.table}.{c.name}" for c in s.columns]
    where = [w for w in (s.where,) if w]
    if ids is not None:
        where.append(f"{s.table}.id IN ({', '.join(str(int(i)) for i in ids) or 'NULL'})")
    return (f"SELECT {', '.join(cols)} FROM {s.table} {s.joins}"
            + (f" WHERE {' AND '.join(where)}" if where else "") + f" ORDER BY {s.table}.id")


def _iso(v) -> str | None:
    if v is None:
        return None
    return v.isoformat() if isinstance(v, date) else str(v)[:10]


def read(project, layer: str, ids=None) -> AttributeTable:
    """The layer's attribute table (every row of the layer, with or without a geometry); with `ids`, only
    those rows."""
    s = spec(layer)
    with project.engine.connect() as conn:
        rows = raw_rows(conn, _sql(s, ids))
    n = len(rows)
    grid = np.empty((n, len(s.columns) + 1), dtype=object)
    if n:
        grid[:] = rows
    out: dict[str, np.ndarray] = {}
    for i, c in enumerate(s.columns, start=1):
        values = grid[:, i]
        if c.kind in ("int", "float"):
            values = np.where(values == None, np.nan, values).astype(np.float64)
        elif c.kind == "date":
            values = np.array([_iso(v) for v in values], dtype=object)
        out[c.name] = np.ascontiguousarray(values)
    return AttributeTable(s, grid[:, 0].astype(np.int64), out)


# --- checks -------------------------------------------------------------------------------------------

def _field(s: TableSpec, c: Column) -> Field:
    return s.target.field(c.name)


def _refuse(c: Column, reason: str, reason_en: str) -> ValidationError:
    return ValidationError(reason if reason.startswith(("缺少", c.label)) else f"{c.label}：{reason}",
                           en=f"{c.label_in('en')}: {reason_en}")


def check_value(s: TableSpec, c: Column, value: Any) -> Any:
    """`value` (as typed or picked: text, a number, a date, a vocab key or label) converted for column `c`;
    raises ValidationError naming the field."""
    if not c.editable:
        raise ValidationError(f"{c.label}不能在此修改：{c.why_read_only}",
                              en=f"{c.label_in('en')} cannot be changed here: {c.why_read_only_en or c.why_read_only}")
    try:
        v = convert(value, _field(s, c), max_length=s.target.max_length(c.name), allowed=c.choices or None)
    except BadValue as e:
        raise _refuse(c, str(e), bad_value_en(e)) from None
    if v is None and c.required:
        raise ValidationError(f"“{c.label}”不能为空", en=f"\"{c.label_in('en')}\" cannot be empty")
    return v


def _check_unique(session: Session, s: TableSpec, values: Mapping[str, Any], feature_id: int | None) -> None:
    table = s.target.model.__table__
    for name, v in values.items():
        c = s.column(name)
        if not c.unique or v is None:
            continue
        q = select(table.c.id, table.c.name).where(table.c[name] == v)
        if feature_id is not None:
            q = q.where(table.c.id != feature_id)
        other = session.execute(q.limit(1)).first()
        if other is not None:
            raise ValidationError(f"{c.label}“{v}”已被“{other.name}”（ID {other.id}）使用，不能重复",
                                  en=f"{c.label_in('en')} \"{v}\" is used by \"{other.name}\" (ID {other.id}) "
                                     "already; it cannot repeat")


def _check_periods(s: TableSpec, row: Mapping[str, Any]) -> None:
    for start, end in s.target.periods:
        reason = period_reason(s.target, start, end, row.get(start), row.get(end))
        if reason:
            raise ValidationError(reason, en=period_reason_en(s.target, start, end, row.get(start), row.get(end)))


def _in_layer(s: TableSpec, feature_id: int):
    table = s.target.model.__table__
    q = select(table).where(table.c.id == int(feature_id))
    for key, allowed in s.target.allowed.items():      # line layers share line_asset: only this layer's kinds
        q = q.where(table.c[key].in_(allowed))
    return q


def current(project, layer: str, feature_id: int, columns) -> dict[str, Any]:
    """The stored values of `columns` of one feature (what an undo compares before writing old values back)."""
    s = spec(layer)
    with project.session() as session:
        row = session.execute(_in_layer(s, feature_id)).mappings().first()
    if row is None:
        raise ValidationError(f"{s.label}中没有 ID 为 {feature_id} 的要素（可能已被删除）",
                              en=f"{s.label_in('en')} has no feature with ID {feature_id} (it may have been deleted)")
    return {c: row[c] for c in columns}


def _sector_follows(s: TableSpec, values: dict[str, Any], old: Mapping[str, Any] | None) -> None:
    """A site whose category changes and whose sector was the old category's (or none) takes the new
    category's sector, as an import does when the sector is blank."""
    if s.layer != "sites" or values.get("category") is None:
        return
    from gis import vocab

    def sector_of(category):
        return vocab.entry("site_categories", category).get("sector") if category else None

    if old is None:             # a new site: a blank sector is the category's
        if values.get("sector") is None:
            values["sector"] = sector_of(values["category"])
    elif "sector" not in values and old.get("sector") in (None, sector_of(old.get("category"))):
        values["sector"] = sector_of(values["category"])


# --- writing ------------------------------------------------------------------------------------------

def update(project, layer: str, feature_id: int, values: Mapping[str, Any]) -> tuple[dict[str, Any], Change]:
    """Set `values` ({column: value as typed or picked}) on one feature of `layer`, in one transaction.
    Returns (the old values of the columns written, the Change). Every value is checked first (vocabulary,
    number, date, length, required, unique, a period's end not before its start); a refusal raises
    ValidationError naming the field and writes nothing."""
    s = spec(layer)
    if not values:
        raise ValidationError("没有要修改的字段", en="There is no field to change")
    new = {name: check_value(s, s.column(name), v) for name, v in values.items()}
    table = s.target.model.__table__

    def unit(session: Session) -> dict[str, Any]:
        row = session.execute(_in_layer(s, feature_id)).mappings().first()
        if row is None:
            raise ValidationError(f"{s.label}中没有 ID 为 {feature_id} 的要素（可能已被删除）",
                                  en=f"{s.label_in('en')} has no feature with ID {feature_id} (it may have been deleted)")
        written = dict(new)
        _sector_follows(s, written, row)
        _check_unique(session, s, written, feature_id)
        _check_periods(s, {**row, **written})
        old = {name: row[name] for name in written}
        session.execute(sql_update(table).where(table.c.id == int(feature_id)).values(**written))
        return old

    old = project.write(unit)
    return old, Change.of(s.kind, attributes_only=[s.kind], **{s.kind: [int(feature_id)]})


def check_geometry(s: TableSpec, geom):
    """The geometry as stored for a new feature of the layer: of the layer's kind (point, line or polygon;
    singles become multis where the layer allows), inside China and valid. Raises ValidationError."""
    families = "、".join(checks.family_label(f) for f in s.target.geometry)
    families_en = " or ".join(checks.family_label(f, "en") for f in s.target.geometry)
    if geom is None or geom.is_empty:
        raise ValidationError(f"缺少位置：请在地图上绘制{s.label}（{families}）",
                              en=f"The location is missing: please draw the {s.label_in('en')} on the map "
                                 f"({families_en})")
    fitted = checks.coerce(geom, s.target.geometry)
    if fitted is None:
        raise ValidationError(f"{s.label}应为{families}，而不是{checks.family_label(checks.family(geom))}",
                              en=f"{s.label_in('en')} should be a {families_en}, not a "
                                 f"{checks.family_label(checks.family(geom), 'en')}")
    if not np.all(np.isfinite(shapely.bounds(fitted))) or checks.outside_china(np.array([fitted]))[0]:
        raise ValidationError("位置超出中国范围，请检查坐标（应为 CGCS2000 经纬度）",
                              en="The location is outside China; please check the coordinates (they should be "
                                 "CGCS2000 longitude/latitude)")
    if not fitted.is_valid:
        raise ValidationError(f"{s.label}的几何无效（{shapely.is_valid_reason(fitted)}），请重新绘制",
                              en=f"The geometry of the {s.label_in('en')} is invalid "
                                 f"({shapely.is_valid_reason(fitted)}); please draw it again")
    return fitted


def check_record(s: TableSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    """A new feature's values converted as an import row is (defaults, required, vocabularies, dates,
    lengths, periods); raises ValidationError naming every field refused (one line each)."""
    record = {k: v for k, v in values.items() if not is_blank(v)}
    unknown = [k for k in record if k not in {f.name for f in s.target.fields}]
    if unknown:
        raise ValidationError(f"{s.label}没有字段：{'、'.join(unknown)}",
                              en=f"{s.label_in('en')} has no fields {', '.join(unknown)}")
    english: list[str] = []
    out, problems = convert_record(s.target, record, english)
    if problems:
        raise ValidationError("\n".join(
            r if r.startswith((f.label, "缺少")) or r == missing_reason(f) else f"{f.label}：{r}"
            for f, r in problems),
            en="\n".join(r[:1].upper() + r[1:] if r.startswith("the required") else f"{f.label_in('en')}: {r}"
                         for (f, _zh), r in zip(problems, english, strict=True)))
    _sector_follows(s, out, None)
    return out


def prepared(layer: str, values: Mapping[str, Any], geometry) -> tuple[str, dict[str, Any], Any]:
    """A new feature's (table name, checked row, geometry as stored): what insert writes, and what the editing
    tools hand to gis.editing.AddFeature so the new feature is undoable. Raises ValidationError naming the field."""
    s = spec(layer)
    row = check_record(s, values)
    geom = check_geometry(s, geometry)
    for key, allowed in s.target.allowed.items():
        if row.get(key) is None:
            row[key] = allowed[0]
    return s.target.model.__tablename__, row, geom


def insert(project, layer: str, values: Mapping[str, Any], geometry) -> tuple[int, Change]:
    """A new feature of `layer` with `values` and `geometry` (CGCS2000 lon/lat, shapely), in one transaction;
    a site gets its grid from its location. Returns (the new id, the Change). Refusals: ValidationError
    naming the field; nothing written."""
    s = spec(layer)
    _, row, geom = prepared(layer, values, geometry)
    table = s.target.model.__table__

    def unit(session: Session) -> int:
        _check_unique(session, s, row, None)
        new_id = session.execute(sql_insert(table).values(**row, geom=geom).returning(table.c.id)).scalar_one()
        if layer == "sites":
            repo.assign_site_grids(session, [new_id])
        return int(new_id)

    new_id = project.write(unit)
    return new_id, Change.of(s.kind, **{s.kind: [new_id]})
