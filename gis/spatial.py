"""Spatial questions answered by the database's own index: the GeoPackage R-tree on SQLite, GiST on PostGIS.

These give candidates by extent (and, on PostGIS, exact answers where the database does the geometry);
callers that need exact geometry tests on SQLite finish them with shapely on the few candidates.
"""
from __future__ import annotations

import numpy as np
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from gis.model.geometry import SRID, decode

Box = tuple[float, float, float, float]   # minx, miny, maxx, maxy (lon/lat)


def _conn(source: Connection | Session) -> Connection:
    return source.connection() if isinstance(source, Session) else source


def rtree(table: str, column: str = "geom") -> str:
    return f"rtree_{table}_{column}"


def in_box(dialect: str, table: str, box: Box, column: str = "geom") -> str:
    """A WHERE condition: the row's extent meets `box` (literal numbers, so it can go in any statement)."""
    minx, miny, maxx, maxy = (float(v) for v in box)
    if dialect == "sqlite":
        return (f"{table}.id IN (SELECT id FROM {rtree(table, column)} WHERE minx <= {maxx!r} AND maxx >= {minx!r} "
                f"AND miny <= {maxy!r} AND maxy >= {miny!r})")
    return f"{table}.{column} && ST_MakeEnvelope({minx!r}, {miny!r}, {maxx!r}, {maxy!r}, {SRID})"


def as_binary(dialect: str, expression: str) -> str:
    """A geometry expression as the select list should fetch it: PostGIS sends geometries as hex text
    unless asked for EWKB bytes, which are half the size and several times faster to decode."""
    return f"ST_AsEWKB({expression})" if dialect == "postgresql" else expression


def ids_in_box(source: Connection | Session, table: str, box: Box, column: str = "geom") -> np.ndarray:
    conn = _conn(source)
    rows = conn.exec_driver_sql(f"SELECT {table}.id FROM {table} WHERE {in_box(conn.dialect.name, table, box, column)}")
    return np.fromiter((r[0] for r in rows), dtype=np.int64)


def extent(source: Connection | Session, table: str, column: str = "geom", where: str = "") -> Box | None:
    """The extent of a table's geometries (optionally of the rows matching `where`), from the index."""
    conn = _conn(source)
    if conn.dialect.name == "sqlite":
        join = f" JOIN {table} ON {table}.id = r.id WHERE {where}" if where else ""
        row = conn.exec_driver_sql(
            f"SELECT min(r.minx), min(r.miny), max(r.maxx), max(r.maxy) FROM {rtree(table, column)} r{join}").one()
    else:
        row = conn.exec_driver_sql(
            f"SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM "
            f"(SELECT ST_Extent({column}) AS e FROM {table}{' WHERE ' + where if where else ''}) AS x").one()
    return None if row[0] is None else tuple(float(v) for v in row)


def centres(source: Connection | Session, table: str, where: str = "", column: str = "geom") -> list[tuple]:
    """(id, x, y) of each row's extent centre, from the index: for "is this the same place" checks at
    metre tolerances (the R-tree stores single-precision bounds, well under a metre at these longitudes)."""
    conn = _conn(source)
    cond = f" WHERE {where}" if where else ""
    if conn.dialect.name == "sqlite":
        sql = (f"SELECT {table}.id, (r.minx + r.maxx) / 2, (r.miny + r.maxy) / 2 FROM {table} "
               f"JOIN {rtree(table, column)} r ON r.id = {table}.id{cond}")
    else:
        sql = (f"SELECT {table}.id, (ST_XMin({column}) + ST_XMax({column})) / 2, "
               f"(ST_YMin({column}) + ST_YMax({column})) / 2 FROM {table}"
               f"{cond + ' AND ' if cond else ' WHERE '}{column} IS NOT NULL")
    return [tuple(r) for r in conn.exec_driver_sql(sql).fetchall()]


def geometries(source: Connection | Session, table: str, ids, column: str = "geom") -> dict[int, object]:
    """id → shapely geometry for the given rows."""
    conn = _conn(source)
    out: dict[int, object] = {}
    ids = [int(i) for i in ids]
    for start in range(0, len(ids), 5000):
        chunk = ",".join(str(i) for i in ids[start:start + 5000])
        rows = conn.exec_driver_sql(f"SELECT id, {column} FROM {table} WHERE id IN ({chunk})").fetchall()
        out.update(zip((r[0] for r in rows), decode(r[1] for r in rows), strict=True))
    return out


def within_distance_postgis(source: Connection | Session, table: str, other: str, metres: float,
                            where: str = "", other_where: str = "") -> np.ndarray:
    """Ids of `table` rows within `metres` of any `other` row, decided by PostGIS on the spheroid; the
    GiST index finds candidates with a box widened by the metres in degrees (generous: at 60°N a degree of
    longitude is still 55 km)."""
    conn = _conn(source)
    degrees = metres / 55_000.0
    cond = " AND ".join(c for c in (where and f"({where})", other_where and f"({other_where})") if c)
    sql = text(
        f"SELECT DISTINCT {table}.id FROM {table} JOIN {other} ON "
        f"{table}.geom && ST_Expand({other}.geom, :deg) AND "
        f"ST_DWithin({table}.geom::geography, {other}.geom::geography, :m)"
        f"{' WHERE ' + cond if cond else ''}")
    return np.fromiter((r[0] for r in conn.execute(sql, {"m": float(metres), "deg": degrees})), dtype=np.int64)
