"""Spatial questions answered by the database's own index: the GeoPackage R-tree on SQLite, GiST on PostGIS.

These give candidates by extent (and, on PostGIS, exact answers where the database does the geometry);
callers that need exact geometry tests on SQLite finish them with shapely on the few candidates.
"""
from __future__ import annotations

import numpy as np
import shapely
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from gis.model.geometry import SRID, decode, wkb_sql

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
        rows = conn.exec_driver_sql(
            f"SELECT id, {wkb_sql(conn.dialect.name, column)} FROM {table} WHERE id IN ({chunk})").fetchall()
        out.update(zip((r[0] for r in rows), decode(r[1] for r in rows), strict=True))
    return out


def within_distance(source: Connection | Session, table: str, other: str, metres: float,
                    other_where: str = "") -> np.ndarray:
    """Ids of `table` rows within `metres` of any `other` row (optionally only those matching
    `other_where`, SQL on `other`'s columns).

    PostGIS decides on the spheroid (ST_DWithin on geography) with the GiST index finding candidates; on
    SQLite the two R-trees are joined for candidates and shapely measures those in a Gauss-Krüger zone.
    Boxes are widened by the metres in degrees, generously (at 60°N a degree of longitude is still 55 km).
    """
    conn = _conn(source)
    degrees = metres / 55_000.0
    if conn.dialect.name == "postgresql":
        cond = f" WHERE {other_where}" if other_where else ""
        sql = text(
            f"SELECT DISTINCT t.id FROM {table} t JOIN (SELECT * FROM {other}{cond}) o "
            f"ON t.geom && ST_Expand(o.geom, :deg) AND ST_DWithin(t.geom::geography, o.geom::geography, :m)")
        return np.fromiter((r[0] for r in conn.execute(sql, {"m": float(metres), "deg": degrees})), dtype=np.int64)
    from gis.geo.crs import STORAGE, measure_crs, transform

    other_ids = [r[0] for r in conn.exec_driver_sql(
        f"SELECT id FROM {other}{' WHERE ' + other_where if other_where else ''}")]
    if not other_ids:
        return np.array([], dtype=np.int64)
    conn.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS spatial_ids (id INTEGER PRIMARY KEY)")
    conn.exec_driver_sql("DELETE FROM temp.spatial_ids")
    conn.exec_driver_sql("INSERT INTO temp.spatial_ids VALUES (?)", [(i,) for i in other_ids])
    d = repr(degrees)
    candidates = [r[0] for r in conn.exec_driver_sql(
        f"SELECT DISTINCT t.id FROM temp.spatial_ids k JOIN {rtree(other)} o ON o.id = k.id "
        f"JOIN {rtree(table)} t ON t.minx <= o.maxx + {d} AND t.maxx >= o.minx - {d} "
        f"AND t.miny <= o.maxy + {d} AND t.maxy >= o.miny - {d}")]
    conn.exec_driver_sql("DELETE FROM temp.spatial_ids")
    if not candidates:
        return np.array([], dtype=np.int64)
    near = geometries(conn, other, other_ids)
    cand = geometries(conn, table, candidates)
    ids = np.fromiter(cand, dtype=np.int64)
    a = np.array(list(cand.values()), dtype=object)
    b = np.array([g for g in near.values() if g is not None], dtype=object)
    crs = measure_crs(shapely.get_coordinates(b)[:, 0])
    hit = shapely.STRtree(transform(b, STORAGE, crs)).query(transform(a, STORAGE, crs), predicate="dwithin",
                                                           distance=float(metres))[0]
    return np.sort(ids[np.unique(hit)])
