"""The GeoPackage side of a SQLite project: column types, metadata tables, R-tree indexes.

A SQLite project is an OGC GeoPackage 1.2 (application_id "GPKG", user_version 10200): GDAL, QGIS and
ArcGIS open it as one, whatever its extension. gridsafe recognises its own projects by the
`project_setting` row application = gridsafe, not by the file header.

Columns are declared with GeoPackage's data types (TEXT(n) rather than VARCHAR(n), TEXT for JSON),
which are the same SQLite affinities, so the values are untouched. Migration 0007 calls the functions
here with literal table lists, so later model changes cannot change what it did.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import JSON, String
from sqlalchemy.ext.compiler import compiles

from gis.model.geometry import SRID

APPLICATION_ID = 0x47504B47      # "GPKG"
USER_VERSION = 10200             # GeoPackage 1.2
RTREE_EXTENSION = "http://www.geopackage.org/spec120/#extension_rtree"

WKT_4490 = (
    'GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,'
    '298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4490"]]'
)
WKT_4326 = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],'
    'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",'
    '0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],'
    'AUTHORITY["EPSG","4326"]]'
)


# --- column types: GeoPackage names on SQLite ---------------------------------------------------------

@compiles(String, "sqlite")
def _string(type_, compiler, **kw):
    name = type(type_).__name__.upper()
    if name in ("TEXT", "CLOB"):
        return "TEXT"
    return f"TEXT({type_.length})" if type_.length else "TEXT"


@compiles(JSON, "sqlite")
def _json(type_, compiler, **kw):
    return "TEXT"


_DECLARED = [
    (re.compile(r"\b(?:VARCHAR|NVARCHAR|CHAR)\((\d+)\)", re.IGNORECASE), r"TEXT(\1)"),
    (re.compile(r"\b(?:VARCHAR|NVARCHAR)\b(?!\()", re.IGNORECASE), "TEXT"),
    (re.compile(r"(?<=[\s(,])JSON\b(?=[\s,)])"), "TEXT"),
]


def geopackage_types(create_sql: str) -> str:
    """A CREATE TABLE statement with its column types renamed to GeoPackage's (same affinities)."""
    for pattern, repl in _DECLARED:
        create_sql = pattern.sub(repl, create_sql)
    return create_sql


def _column(column: str) -> re.Pattern:
    """A column's definition line in a CREATE TABLE statement: name, type, and the rest up to the comma."""
    return re.compile(rf'(?m)^(\s*"?{re.escape(column)}"?\s+)([A-Za-z][\w()]*)([^,\n]*)')


def set_column_type(create_sql: str, column: str, declared: str) -> str:
    """A CREATE TABLE statement with `column` declared as `declared` (used for geometry columns)."""
    out, n = _column(column).subn(lambda m: m.group(1) + declared + m.group(3), create_sql, count=1)
    if n != 1:
        raise ValueError(f"column {column} not found in {create_sql[:60]}…")
    return out


def set_column_default(create_sql: str, column: str, default: str | None) -> str:
    """A CREATE TABLE statement with `column`'s DEFAULT clause set to the SQL literal `default` (None:
    removed)."""
    def edit(m):
        rest = re.sub(r"\s+DEFAULT\s+('(?:[^']|'')*'|\S+)", "", m.group(3))
        return m.group(1) + m.group(2) + (f" DEFAULT {default}" if default is not None else "") + rest
    out, n = _column(column).subn(edit, create_sql, count=1)
    if n != 1:
        raise ValueError(f"column {column} not found in {create_sql[:60]}…")
    return out


def rewrite_declarations(conn, changes: dict[str, dict[str, str]] | None = None,
                         defaults: dict[str, dict[str, str | None]] | None = None) -> None:
    """Edit column declarations in place (SQLite's documented writable_schema procedure for changes that
    keep the stored format): every table gets GeoPackage type names, `changes` maps table → {column:
    declared type} (geometry columns), `defaults` maps table → {column: DEFAULT literal or None}. Values,
    indexes and triggers are untouched; the caller's transaction commits or rolls back the lot."""
    changes = changes or {}
    defaults = defaults or {}
    rows = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE TABLE%'").fetchall()
    updates = []
    for name, sql in rows:
        new = geopackage_types(sql)
        for column, declared in changes.get(name, {}).items():
            new = set_column_type(new, column, declared)
        for column, default in defaults.get(name, {}).items():
            new = set_column_default(new, column, default)
        if new != sql:
            updates.append((new, name))
    _write_declarations(conn, updates)


def edit_declaration(conn, table: str, edit) -> None:
    """Edit one table's CREATE TABLE text with `edit(sql) -> sql` by the same writable_schema procedure, for
    changes that keep the stored format: a table-level FOREIGN KEY over a column that is still empty, a CHECK
    that allows more values than before."""
    sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).scalar()
    new = edit(sql)
    if new != sql:
        _write_declarations(conn, [(new, table)])


def _write_declarations(conn, updates: list[tuple[str, str]]) -> None:
    """(new CREATE TABLE text, table) pairs into sqlite_master, schema_version bumped; in the caller's transaction."""
    if not updates:
        return
    version = conn.exec_driver_sql("PRAGMA schema_version").scalar()
    conn.exec_driver_sql("PRAGMA writable_schema=ON")
    try:
        for new, name in updates:
            conn.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (new, name))
        conn.exec_driver_sql(f"PRAGMA schema_version={int(version) + 1}")
    finally:
        conn.exec_driver_sql("PRAGMA writable_schema=OFF")


# --- metadata tables ----------------------------------------------------------------------------------

CORE_TABLES = (
    """CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)""",
    """CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))""",
    """CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))""",
    """CREATE TABLE gpkg_extensions (
  table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))""",
)
CORE_NAMES = ("gpkg_extensions", "gpkg_geometry_columns", "gpkg_contents", "gpkg_spatial_ref_sys")


def create_core(conn) -> None:
    """The mandatory GeoPackage tables, with the three required and the project's reference systems."""
    for sql in CORE_TABLES:
        conn.exec_driver_sql(sql)
    conn.exec_driver_sql(
        "INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)",
        [
            ("Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system"),
            ("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"),
            ("WGS 84 geodetic", 4326, "EPSG", 4326, WKT_4326, "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"),
            ("China Geodetic Coordinate System 2000", SRID, "EPSG", SRID, WKT_4490, "CGCS2000 经纬度（gridsafe 项目坐标系）"),
        ],
    )
    conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
    conn.exec_driver_sql(f"PRAGMA user_version={USER_VERSION}")


def drop_core(conn) -> None:
    for name in CORE_NAMES:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
    conn.exec_driver_sql("PRAGMA application_id=0")
    conn.exec_driver_sql("PRAGMA user_version=0")


def register_features(conn, table: str, column: str, geometry_type: str, description: str = "") -> None:
    conn.exec_driver_sql(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
        "VALUES (?, 'features', ?, ?, ?)", (table, table, description, SRID))
    conn.exec_driver_sql("INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)",
                         (table, column, geometry_type, SRID))


def register_attributes(conn, tables: Iterable[str]) -> None:
    conn.exec_driver_sql("INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES (?, 'attributes', ?)",
                         [(t, t) for t in tables])


def update_extents(conn) -> None:
    """gpkg_contents' informative extents from the R-trees."""
    for (table, column) in conn.exec_driver_sql("SELECT table_name, column_name FROM gpkg_geometry_columns").fetchall():
        conn.exec_driver_sql(
            f"UPDATE gpkg_contents SET (min_x, max_x, min_y, max_y) = "
            f"(SELECT min(minx), max(maxx), min(miny), max(maxy) FROM {rtree_name(table, column)}) "
            "WHERE table_name = ?", (table,))


# --- R-tree spatial index (GeoPackage 1.2, Annex F.3) -------------------------------------------------

def rtree_name(table: str, column: str) -> str:
    return f"rtree_{table}_{column}"


def rtree_triggers(table: str, column: str, pk: str = "id") -> dict[str, str]:
    t, c, i, r = table, column, pk, rtree_name(table, column)
    values = f"NEW.{i}, ST_MinX(NEW.{c}), ST_MaxX(NEW.{c}), ST_MinY(NEW.{c}), ST_MaxY(NEW.{c})"
    return {
        f"{r}_insert": f"CREATE TRIGGER {r}_insert AFTER INSERT ON {t} "
                       f"WHEN (new.{c} NOT NULL AND NOT ST_IsEmpty(NEW.{c})) "
                       f"BEGIN INSERT OR REPLACE INTO {r} VALUES ({values}); END",
        f"{r}_update1": f"CREATE TRIGGER {r}_update1 AFTER UPDATE OF {c} ON {t} "
                        f"WHEN OLD.{i} = NEW.{i} AND (NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c})) "
                        f"BEGIN INSERT OR REPLACE INTO {r} VALUES ({values}); END",
        f"{r}_update2": f"CREATE TRIGGER {r}_update2 AFTER UPDATE OF {c} ON {t} "
                        f"WHEN OLD.{i} = NEW.{i} AND (NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c})) "
                        f"BEGIN DELETE FROM {r} WHERE id = OLD.{i}; END",
        f"{r}_update3": f"CREATE TRIGGER {r}_update3 AFTER UPDATE ON {t} "
                        f"WHEN OLD.{i} != NEW.{i} AND (NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c})) "
                        f"BEGIN DELETE FROM {r} WHERE id = OLD.{i}; INSERT OR REPLACE INTO {r} VALUES ({values}); END",
        f"{r}_update4": f"CREATE TRIGGER {r}_update4 AFTER UPDATE ON {t} "
                        f"WHEN OLD.{i} != NEW.{i} AND (NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c})) "
                        f"BEGIN DELETE FROM {r} WHERE id IN (OLD.{i}, NEW.{i}); END",
        f"{r}_delete": f"CREATE TRIGGER {r}_delete AFTER DELETE ON {t} WHEN old.{c} NOT NULL "
                       f"BEGIN DELETE FROM {r} WHERE id = OLD.{i}; END",
    }


def create_rtree(conn, table: str, column: str) -> None:
    """The R-tree, filled from the rows already there, its triggers, and its gpkg_extensions row."""
    r = rtree_name(table, column)
    conn.exec_driver_sql(f"CREATE VIRTUAL TABLE {r} USING rtree(id, minx, maxx, miny, maxy)")
    conn.exec_driver_sql(
        f"INSERT INTO {r} SELECT id, ST_MinX({column}), ST_MaxX({column}), ST_MinY({column}), ST_MaxY({column}) "
        f"FROM {table} WHERE {column} NOT NULL AND NOT ST_IsEmpty({column})")
    for sql in rtree_triggers(table, column).values():
        conn.exec_driver_sql(sql)
    conn.exec_driver_sql("INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', ?, 'write-only')",
                         (table, column, RTREE_EXTENSION))


def drop_rtree(conn, table: str, column: str) -> None:
    for name in rtree_triggers(table, column):
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {rtree_name(table, column)}")
