"""Bulk loading of whole tables (demo data, imports, benchmarks) with SQLAlchemy Core.

`bulk_insert` writes DataFrames into the model's tables inside the caller's transaction: in foreign-key
order, with `insert(table)` executemany in chunks on SQLite and COPY on PostgreSQL, so 100,000 hazards
take seconds rather than the minutes the ORM unit of work would need. Geometries are encoded for the backend (GeoPackage binary or
PostGIS EWKB, gis/model/geometry.py) in one vectorised pass per table.

`raw_rows` reads the other way round: rows straight from the DB-API cursor, for the columnar readers
(the hazard ledger, the escalation rules) that turn them into arrays themselves.

`coerce_frame` brings a frame to the canonical dtypes of its table (used to compare frames that went
through different storage, e.g. a GeoPackage and the generator).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    String,
    Table,
    bindparam,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import Session

from gis.errors import ValidationError
from gis.model import Base, Geometry
from gis.model.audit import compact_inserts
from gis.model.geometry import decode, encode

CHUNK = 10_000
GEOMETRY_COLUMN = "geometry"


# --- tables and their geometry columns -----------------------------------------------------------------

NO_DAY = -(10 ** 9)  # a missing date, as days since 1970-01-01


def day_sql(dialect: str, column: str) -> str:
    """A date (or timestamp: its day) column as whole days since 1970-01-01, an integer; NO_DAY when missing. Read
    this way, a column of dates costs no Python date objects."""
    if dialect == "sqlite":
        expr = f"CAST(julianday({column}) - 2440587.5 AS INTEGER)"
    else:
        expr = f"(CAST({column} AS DATE) - DATE '1970-01-01')"
    return f"COALESCE({expr}, {NO_DAY})"


def raw_rows(conn, query) -> list[tuple]:
    """Run a statement (SQL text or a SQLAlchemy statement, compiled with literal values) on the DB-API
    cursor: no per-value type processing, so dates may come back as text on SQLite."""
    sql = query if isinstance(query, str) else str(
        query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    dbapi = conn.connection.dbapi_connection
    cursor = dbapi.cursor()
    try:
        cursor.execute(sql)
        return cursor.fetchall()
    except Exception as e:
        _lost(conn, e, sql, dbapi, cursor)
        raise
    finally:
        cursor.close()


def _lost(conn, error: Exception, sql: str, dbapi, cursor) -> None:
    """A statement on the DB-API cursor whose connection broke (the server went away): handled as SQLAlchemy handles
    its own statements' — the connection invalidated, the engine's handle_error hooks asked (gis.store makes it a
    ConnectionLost in Chinese) — instead of a bare driver error. Any other error is left to the caller."""
    if isinstance(error, conn.dialect.loaded_dbapi.Error) and conn.dialect.is_disconnect(error, dbapi, cursor):
        conn._handle_dbapi_exception(error, sql, {}, cursor, None)


def tables() -> dict[str, Table]:
    return dict(Base.metadata.tables)


def insert_order() -> list[str]:
    """Table names parents first. Foreign keys marked use_alter (grid.site_id, hazard.patrol_stop_id)
    close cycles; bulk_insert fills those after the referenced rows exist."""
    return [str(t.name) for t in Base.metadata.sorted_tables]


def geometry_column(table: Table) -> Column | None:
    """The table's geometry column: `geom`, or another Geometry column (route)."""
    cols = [c for c in table.columns if isinstance(c.type, Geometry)]
    for c in cols:
        if c.name == "geom":
            return c
    return cols[0] if cols else None


def _source_geometry_name(df: pd.DataFrame, table: Table) -> str | None:
    """Which column of df holds the geometry: the GeoDataFrame's active one, 'geometry', or the
    table's own geometry column name."""
    active = getattr(df, "_geometry_column_name", None)
    if active is not None and active in df.columns:
        return active
    if GEOMETRY_COLUMN in df.columns:
        return GEOMETRY_COLUMN
    gcol = geometry_column(table)
    if gcol is not None and gcol.name in df.columns:
        return gcol.name
    return None


# --- value conversion ------------------------------------------------------------------------------------

def _isna(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    if isinstance(v, np.floating):
        return bool(np.isnan(v))
    if isinstance(v, (np.datetime64, np.timedelta64)):
        return bool(np.isnat(v))
    return False


def _to_date(v: Any) -> date | None:
    if _isna(v):
        return None
    if isinstance(v, datetime):  # also pd.Timestamp
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, np.datetime64):
        return pd.Timestamp(v).date()
    if isinstance(v, str):
        return date.fromisoformat(v.strip()[:10])
    raise TypeError(f"不是日期：{v!r}")


def _to_datetime(v: Any) -> datetime | None:
    if _isna(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if isinstance(v, datetime):
        return v
    if isinstance(v, date):
        return datetime(v.year, v.month, v.day)
    if isinstance(v, np.datetime64):
        return pd.Timestamp(v).to_pydatetime()
    if isinstance(v, str):
        s = v.strip().replace("Z", "")
        return datetime.fromisoformat(s)
    raise TypeError(f"不是日期时间：{v!r}")


def _to_bool(v: Any) -> bool | None:
    if _isna(v):
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)) and v in (0, 1):
        return bool(v)
    if isinstance(v, str) and v.strip().lower() in ("true", "false", "1", "0"):
        return v.strip().lower() in ("true", "1")
    raise TypeError(f"不是布尔值：{v!r}")


def python_values(series: pd.Series, column: Column) -> list:
    """The values of `series` as the plain Python objects `column` binds: NaN/NaT/NA become None.

    Common dtypes take vectorised paths (this runs for every cell of a bulk load).
    """
    t = column.type
    dtype = series.dtype
    mask = series.isna().to_numpy(dtype=bool) if len(series) else np.zeros(0, bool)
    missing = np.flatnonzero(mask)

    def fill(values: list) -> list:
        for i in missing:
            values[i] = None
        return values

    if isinstance(t, Boolean):
        if dtype == bool:
            return series.tolist()
        if isinstance(dtype, pd.BooleanDtype):
            return series.to_numpy(dtype=object, na_value=None).tolist()
        return [_to_bool(v) for v in series.tolist()]
    if isinstance(t, Integer):
        if pd.api.types.is_bool_dtype(dtype):
            raise TypeError("布尔值不能写入整数列")
        if pd.api.types.is_integer_dtype(dtype):
            if isinstance(dtype, pd.api.extensions.ExtensionDtype):
                return series.to_numpy(dtype=object, na_value=None).tolist()
            return series.tolist()
        values = pd.to_numeric(series, errors="raise")
        return pd.array(values, dtype="Int64").to_numpy(dtype=object, na_value=None).tolist()  # raises on fractions
    if isinstance(t, Float):
        values = pd.to_numeric(series, errors="raise").to_numpy(dtype="float64", na_value=np.nan)
        return fill(values.tolist())
    if isinstance(t, DateTime):
        if pd.api.types.is_datetime64_any_dtype(dtype):
            if getattr(dtype, "tz", None) is not None:
                series = series.dt.tz_convert(None)
            return fill(series.to_numpy(dtype="datetime64[us]").astype(object).tolist())
        return [_to_datetime(v) for v in series.tolist()]
    if isinstance(t, Date):
        if pd.api.types.is_datetime64_any_dtype(dtype):
            return fill(series.to_numpy(dtype="datetime64[D]").astype(object).tolist())
        if pd.api.types.infer_dtype(series, skipna=True) == "date":
            return fill(series.tolist())
        return [_to_date(v) for v in series.tolist()]
    if isinstance(t, JSON):
        return fill(series.tolist())
    if isinstance(t, String):
        values = fill(series.tolist())
        if pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty"):
            return values
        return [v if v is None or isinstance(v, str) else str(v) for v in values]
    if isinstance(t, LargeBinary):
        return [None if m else bytes(v) for v, m in zip(series.tolist(), mask, strict=True)]
    return fill(series.tolist())


def geometry_array(values) -> np.ndarray:
    """An object array of shapely geometries (None for missing) from geometries or WKB bytes."""
    arr = np.asarray(values, dtype=object)
    if len(arr) == 0:
        return arr
    missing = np.array([_isna(v) if not isinstance(v, (bytes, bytearray, memoryview)) else False for v in arr])
    arr = np.where(missing, None, arr)
    is_bytes = np.array([isinstance(v, (bytes, bytearray, memoryview)) for v in arr])
    if is_bytes.any():
        arr[is_bytes] = decode(arr[is_bytes])
    bad = [v for v in arr if v is not None and not isinstance(v, shapely.Geometry)]
    if bad:
        raise TypeError(f"不是几何对象：{bad[0]!r}")
    return arr


# --- canonical frames ---------------------------------------------------------------------------------

def coerce_frame(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """df with the canonical dtypes of table `name`, columns in table order, geometry last.

    Integers → Int64, floats → float64, booleans → boolean, datetimes → datetime64[us], strings/dates/JSON →
    object holding str/date/dict or None. A geometry column stays an object array of shapely geometries.
    """
    table = _table(name)
    gname = _source_geometry_name(df, table)
    data: dict[str, Any] = {}
    for col in table.columns:
        if col.name not in df.columns or col.name == gname:
            continue
        values = python_values(df[col.name].reset_index(drop=True), col)
        t = col.type
        if isinstance(t, Boolean):
            data[col.name] = pd.array(values, dtype="boolean")
        elif isinstance(t, Integer):
            data[col.name] = pd.array(values, dtype="Int64")
        elif isinstance(t, Float):
            data[col.name] = pd.Series([np.nan if v is None else v for v in values], dtype="float64")
        elif isinstance(t, DateTime):
            data[col.name] = pd.Series(np.array([np.datetime64("NaT") if v is None else v for v in values],
                                                dtype="datetime64[us]"))
        else:
            data[col.name] = pd.Series(values, dtype=object)
    unknown = [c for c in df.columns if c != gname and c not in table.columns]
    if unknown:
        raise ValidationError(f"数据表 {name} 没有列“{unknown[0]}”",
                              en=f"Table {name} has no column \"{unknown[0]}\"")
    out = pd.DataFrame(data)
    if gname is not None:
        out[GEOMETRY_COLUMN] = pd.Series(list(geometry_array(df[gname].to_numpy(dtype=object))), dtype=object)
    return out


def _table(name: str) -> Table:
    t = Base.metadata.tables.get(name)
    if t is None:
        raise ValidationError(f"未知的数据表：{name}",
                              en=f"Unknown table: {name}")
    return t


# --- insert ------------------------------------------------------------------------------------------

def _default_for(column: Column):
    """The Python-side default a NOT NULL column falls back to when a row leaves it empty."""
    d = column.default
    if d is None or column.nullable:
        return None
    if d.is_callable:
        return lambda: d.arg(None)
    if d.is_scalar:
        return lambda: d.arg
    return None


def _prepare(name: str, table: Table, df: pd.DataFrame) -> tuple[list[str], list[list]]:
    """Column names and per-column value lists ready for executemany."""
    gname = _source_geometry_name(df, table)
    for c in df.columns:
        if c != gname and c not in table.columns:
            raise ValidationError(f"数据表 {name} 没有列“{c}”，无法写入",
                                  en=f"Table {name} has no column \"{c}\"; it cannot be written")
    gcol = geometry_column(table)
    if gname is not None and gcol is None:
        raise ValidationError(f"数据表 {name} 没有几何列，不能写入列“{gname}”",
                              en=f"Table {name} has no geometry column; column \"{gname}\" cannot be written")
    names: list[str] = []
    columns: list[list] = []
    df = df.reset_index(drop=True)
    for col in table.columns:
        if col.name not in df.columns or col.name == gname:
            continue
        try:
            values = python_values(df[col.name], col)
        except (TypeError, ValueError) as e:
            raise ValidationError(f"数据表 {name} 的列“{col.name}”有无法识别的值：{e}",
                                  en=f"Table {name}, column \"{col.name}\" has a value that cannot be read: {e}") from e
        fallback = _default_for(col)
        if fallback is not None and any(v is None for v in values):
            values = [fallback() if v is None else v for v in values]
        names.append(col.name)
        columns.append(values)
    # columns left out that have a Python-side default (status='normal', attributes={}, created_at=now …):
    # the statement is executed on the DBAPI cursor, so fill them here as the ORM would
    n = len(df)
    for col in table.columns:
        d = col.default
        if col.name in names or d is None or col.primary_key:
            continue
        if d.is_callable:
            names.append(col.name)
            columns.append([d.arg(None) for _ in range(n)])
        elif d.is_scalar:
            names.append(col.name)
            columns.append([d.arg] * n)
    if gname is not None:
        try:
            geoms = geometry_array(df[gname].to_numpy(dtype=object))
        except TypeError as e:
            raise ValidationError(f"数据表 {name} 的几何列有无法识别的值：{e}",
                                  en=f"Table {name}: the geometry column has a value that cannot be read: {e}") from e
        names.append(gcol.name)
        columns.append(geoms)   # encoded for the connection's backend when written
    return names, columns


def _self_ref_out_of_order(table: Table, names: list[str], columns: list[list]) -> list[str]:
    """Self-referencing FK columns whose rows point at rows later in the frame (insert NULL, update after)."""
    out = []
    if "id" not in names:
        return out
    ids = columns[names.index("id")]
    pos = {v: i for i, v in enumerate(ids)}
    for fk in table.foreign_keys:
        if fk.column.table is table and fk.parent.name in names:
            refs = columns[names.index(fk.parent.name)]
            if any(r is not None and pos.get(r, -1) >= i for i, r in enumerate(refs)):
                out.append(fk.parent.name)
    return out


def bulk_insert(session: Session, frames: Mapping[str, pd.DataFrame]) -> dict[str, int]:
    """Insert whole tables in foreign-key order inside the caller's transaction; returns rows per table.

    `frames` maps table names (`__tablename__`) to DataFrames whose columns are table columns, plus
    optionally a `geometry` column of shapely geometries (or a GeoDataFrame) that becomes `geom`
    (GeoPackage binary / PostGIS geometry). Rows carry their own ids when other frames refer to them. Foreign keys
    pointing at a table inserted later (cycles such as grid.site_id ↔ site.grid_id) are written NULL
    first and set once the referenced rows exist. Raises ValidationError (Chinese) naming the table and
    column on bad input; the caller's transaction then rolls everything back.
    """
    unknown = [n for n in frames if n not in Base.metadata.tables]
    if unknown:
        raise ValidationError(f"未知的数据表：{unknown[0]}",
                              en=f"Unknown table: {unknown[0]}")
    order = [n for n in insert_order() if n in frames]
    conn = session.connection()
    prepared = {n: _prepare(n, Base.metadata.tables[n], frames[n]) for n in order}  # validate all first
    sqlite_cache = None
    if conn.dialect.name == "sqlite":  # a bigger page cache for this load (index pages stay in memory)
        sqlite_cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        conn.exec_driver_sql("PRAGMA cache_size=-131072")
    try:
        with compact_inserts(conn):   # the audit names who inserted which ids, without copying the values
            return _insert_all(conn, frames, order, prepared)
    finally:
        if sqlite_cache is not None:
            conn.exec_driver_sql(f"PRAGMA cache_size={int(sqlite_cache)}")


def _insert_all(conn, frames, order, prepared) -> dict[str, int]:
    done: set[str] = set()
    deferred: list[tuple[Table, str, list, list]] = []  # (table, column, ids, values)
    counts: dict[str, int] = {}
    for name in order:
        table = Base.metadata.tables[name]
        names, columns = prepared[name]
        n = len(columns[0]) if columns else len(frames[name])
        later = {
            fk.parent.name
            for fk in table.foreign_keys
            if fk.parent.name in names and fk.column.table.name != name and fk.column.table.name not in done
            and fk.column.table.name in frames
        }
        later.update(_self_ref_out_of_order(table, names, columns))
        if later and "id" not in names:
            raise ValidationError(f"数据表 {name} 引用了后写入的数据，必须提供 id 列",
                                  en=f"Table {name} refers to data written after it; it must have an id column")
        for col in sorted(later):
            i = names.index(col)
            values = columns[i]
            ids = columns[names.index("id")]
            keep = [(k, v) for k, v in zip(ids, values, strict=True) if v is not None]
            if keep:
                deferred.append((table, col, [k for k, _ in keep], [v for _, v in keep]))
            columns[i] = [None] * n
        if n:
            try:
                _execute_many(conn, table, names, columns)
            except (DBAPIError, StatementError, conn.dialect.dbapi.Error) as e:
                detail = getattr(e, "orig", None) or e
                raise ValidationError(f"写入数据表 {name} 失败：{detail}",
                                      en=f"Writing table {name} failed: {detail}") from e
        counts[name] = n
        done.add(name)
    for table, col, ids, values in deferred:
        stmt = update(table).where(table.c.id == bindparam("_id")).values({col: bindparam("_v")})
        try:
            for start in range(0, len(ids), CHUNK):
                conn.execute(stmt, [{"_id": k, "_v": v} for k, v in zip(ids[start:start + CHUNK],
                                                                         values[start:start + CHUNK], strict=True)])
        except (DBAPIError, StatementError) as e:
            detail = getattr(e, "orig", None) or e
            raise ValidationError(f"写入数据表 {table.name} 的列“{col}”失败：{detail}",
                                  en=f"Writing column \"{col}\" of table {table.name} failed: {detail}") from e
    if conn.dialect.name == "postgresql":
        _advance_sequences(conn, [Base.metadata.tables[n] for n in order if counts.get(n)])
    return counts


def _execute_many(conn, table: Table, names: list[str], columns: list[list]) -> None:
    """`insert(table)` compiled once for the connection's dialect, then executemany in chunks (COPY on
    PostgreSQL, see _copy).

    Values go through each column type's own bind processor (JSON, dates, WKB …), column by column,
    which is several times faster than letting the engine build and process one dict per row.
    """
    dialect = conn.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=names)
    processed = []
    for name, values in zip(names, columns, strict=True):
        if isinstance(table.c[name].type, Geometry):
            processed.append(encode(values, dialect.name))
            continue
        proc = table.c[name].type._cached_bind_processor(dialect)
        processed.append(values if proc is None else [None if v is None else proc(v) for v in values])
    if dialect.name == "postgresql":
        _copy(conn, table, names, processed)
        return
    sql = str(compiled)
    n = len(processed[0])
    if compiled.positional:
        missing = [key for key in compiled.positiontup if key not in names]
        if missing:
            raise ValidationError(f"数据表 {table.name} 的列“{missing[0]}”没有值",
                                  en=f"Table {table.name}, column \"{missing[0]}\" has no value")
        order = [names.index(key) for key in compiled.positiontup]
        cols = [processed[i] for i in order]
        for start in range(0, n, CHUNK):
            conn.exec_driver_sql(sql, list(zip(*(c[start:start + CHUNK] for c in cols))))
    else:
        binds = [compiled.binds[key].key if key in compiled.binds else key for key in names]
        for start in range(0, n, CHUNK):
            rows = [dict(zip(binds, vals)) for vals in zip(*(c[start:start + CHUNK] for c in processed))]
            conn.exec_driver_sql(sql, rows)


def _copy(conn, table: Table, names: list[str], processed: list[list]) -> None:
    """PostgreSQL: the same values through COPY … FROM STDIN (text format), several times faster than
    executemany for big tables. Geometries go as hex EWKB, which PostGIS's text input reads."""
    quote = conn.dialect.identifier_preparer
    geometry = [isinstance(table.c[name].type, Geometry) for name in names]
    columns = [[None if v is None else v.hex() for v in values] if is_geom else values
               for values, is_geom in zip(processed, geometry, strict=True)]
    sql = (f"COPY {quote.format_table(table)} ({', '.join(quote.quote(n) for n in names)}) FROM STDIN")
    dbapi = conn.connection.dbapi_connection
    cursor = dbapi.cursor()
    try:
        with cursor.copy(sql) as copy:
            for row in zip(*columns):
                copy.write_row(row)
    except Exception as e:
        _lost(conn, e, sql, dbapi, cursor)
        raise
    finally:
        cursor.close()


def _advance_sequences(conn, tabs: Iterable[Table]) -> None:
    """Rows inserted with explicit ids leave PostgreSQL's id sequences behind: move them past max(id)."""
    for table in tabs:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer):
            continue
        col = pk[0].name
        top = conn.execute(select(table.c[col]).order_by(table.c[col].desc()).limit(1)).scalar()
        if top is None:
            continue
        conn.execute(
            text("SELECT setval(pg_get_serial_sequence(:t, :c), :v)"),
            {"t": table.name, "c": col, "v": int(top)},
        )
