"""Rows as stored, for commands that must put them back exactly: geometry bytes, whole rows, references."""
from __future__ import annotations

from sqlalchemy import LargeBinary, func, select, text, type_coerce

from gis import spatial
from gis.model import Base, Geometry
from gis.model.geometry import encode


def table(name: str):
    return Base.metadata.tables[name]


def _geometry_columns(name: str) -> list[str]:
    return [c.name for c in table(name).c if isinstance(c.type, Geometry)]


def _raw_sql(dialect: str, column: str) -> str:
    """The column's stored bytes: the GeoPackage blob on SQLite, EWKB on PostGIS (SRID included)."""
    return f"ST_AsEWKB({column})" if dialect == "postgresql" else column


def geometry_bytes(conn, name: str, ids, column: str = "geom") -> dict[int, bytes | None]:
    """id → the geometry as stored (bytes) for the rows of `ids` that exist."""
    ids = [int(i) for i in ids]
    if not ids:
        return {}
    rows = conn.exec_driver_sql(f"SELECT id, {_raw_sql(conn.dialect.name, column)} FROM {name} "
                                f"WHERE id IN ({','.join(map(str, ids))})").fetchall()
    return {int(r[0]): (bytes(r[1]) if r[1] is not None else None) for r in rows}


def _bind(conn, value):
    """A bind expression putting `value` (stored bytes as geometry_bytes gave them, or a shapely geometry) into a
    geometry column unchanged."""
    if value is not None and not isinstance(value, (bytes, bytearray, memoryview)):
        value = encode([value], conn.dialect.name)[0]
    if value is None:
        return None
    raw = type_coerce(bytes(value), LargeBinary)
    return func.ST_GeomFromEWKB(raw) if conn.dialect.name == "postgresql" else raw


def write_geometry(conn, name: str, row_id: int, value, column: str = "geom") -> None:
    t = table(name)
    conn.execute(t.update().where(t.c.id == int(row_id)).values({column: _bind(conn, value)}))


def snapshot(conn, name: str, ids) -> list[dict]:
    """Whole rows (geometry columns as stored bytes), to insert again with `insert_rows`."""
    t = table(name)
    geoms = _geometry_columns(name)
    ids = [int(i) for i in ids]
    rows = [dict(r) for r in conn.execute(select(*[c for c in t.c if c.name not in geoms])
                                          .where(t.c.id.in_(ids)).order_by(t.c.id)).mappings()]
    for g in geoms:
        raw = geometry_bytes(conn, name, ids, g)
        for r in rows:
            r[g] = raw.get(r["id"])
    return rows


def insert_rows(conn, name: str, rows: list[dict]) -> None:
    t = table(name)
    geoms = set(_geometry_columns(name))
    for r in rows:
        conn.execute(t.insert().values({k: (_bind(conn, v) if k in geoms else v) for k, v in r.items()}))


def references(name: str) -> list[tuple[str, str]]:
    """(table, column) of every foreign key pointing at `name`.id, in the model."""
    out = []
    for t in Base.metadata.sorted_tables:
        for fk in t.foreign_keys:
            if fk.column.table.name == name and fk.column.name == "id":
                out.append((t.name, fk.parent.name))
    return sorted(out)


def referring_rows(conn, name: str, ids, skip: tuple[str, ...] = ()) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """(table, column) → [(row id, referenced id)] of rows referring to the rows `ids` of `name`, except tables
    in `skip`."""
    ids = [int(i) for i in ids]
    out: dict[tuple[str, str], list[tuple[int, int]]] = {}
    if not ids:
        return out
    for t, c in references(name):
        if t in skip:
            continue
        rows = conn.execute(text(f"SELECT id, {c} FROM {t} WHERE {c} IN ({','.join(map(str, ids))}) ORDER BY id")
                            ).fetchall()
        if rows:
            out[(t, c)] = [(int(r[0]), int(r[1])) for r in rows]
    return out


def site_grids_near(conn, boxes, grid_ids=()) -> dict[int, int | None]:
    """site id → grid_id of every site in any of `boxes` (minx, miny, maxx, maxy) or in the grids `grid_ids`:
    a superset of the sites whose grid a geometry edit there can change."""
    ids: set[int] = set()
    for b in boxes:
        ids.update(spatial.ids_in_box(conn, "site", tuple(float(v) for v in b)).tolist())
    grid_ids = [int(g) for g in grid_ids]
    where = []
    if ids:
        where.append(f"id IN ({','.join(map(str, sorted(ids)))})")
    if grid_ids:
        where.append(f"grid_id IN ({','.join(map(str, grid_ids))})")
    if not where:
        return {}
    rows = conn.exec_driver_sql(f"SELECT id, grid_id FROM site WHERE {' OR '.join(where)}").fetchall()
    return {int(r[0]): (int(r[1]) if r[1] is not None else None) for r in rows}


def set_site_grids(conn, grids: dict[int, int | None]) -> None:
    """Put sites' grid_id back as they were (after the undo's own catch-up)."""
    t = table("site")
    current = site_grids_of(conn, grids)
    for sid, gid in grids.items():
        if sid in current and current[sid] != gid:
            conn.execute(t.update().where(t.c.id == sid).values(grid_id=gid))


def site_grids_of(conn, site_ids) -> dict[int, int | None]:
    ids = [int(i) for i in site_ids]
    if not ids:
        return {}
    rows = conn.exec_driver_sql(f"SELECT id, grid_id FROM site WHERE id IN ({','.join(map(str, ids))})").fetchall()
    return {int(r[0]): (int(r[1]) if r[1] is not None else None) for r in rows}
