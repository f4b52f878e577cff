"""open geometry: a SQLite project becomes a GeoPackage, a PostgreSQL project uses PostGIS

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 03:30:00

Geometries were ISO WKB blobs with minx/miny/maxx/maxy columns beside them. Now:
- SQLite: GeoPackage binary in columns declared POINT/LINESTRING/GEOMETRY, the GeoPackage metadata tables,
  an R-tree per geometry column kept by the standard triggers, application_id GPKG, column types named as
  GeoPackage names them (TEXT(n) for VARCHAR(n), TEXT for JSON: the same affinities, values untouched).
- PostgreSQL: PostGIS `geometry(<type>, 4490)` columns with GiST indexes.
The box columns go: the spatial index answers extent queries, and it is kept current by every client.
`geometry_edit` logs inserted and moved sites, reshaped grids and redrawn routes from any client, so
gridsafe recomputes what it derives from them (a site's grid, a route's length) on the next open.
Every geometry converts exactly (the same WKB inside); downgrading restores the blobs and box columns.
"""
import numpy as np
import shapely
from alembic import op

from gis.model import gpkg
from gis.model.geometry import SRID, decode, gpkg_encode

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# table, geometry column, declared type, what GIS users see it as
FEATURES = [
    ("admin_unit", "geom", "GEOMETRY", "行政区划"),
    ("grid", "geom", "GEOMETRY", "网格"),
    ("site", "geom", "GEOMETRY", "生产经营单位和场所"),
    ("line_asset", "geom", "GEOMETRY", "管线、道路和线状设施"),
    ("zone", "geom", "GEOMETRY", "区域（森林防火区、高后果区等）"),
    ("hazard", "geom", "POINT", "隐患位置"),
    ("fire_permit", "geom", "POINT", "野外用火审批地点"),
    ("patrol_assignment", "route", "LINESTRING", "巡查路线"),
]
BOXED = ["admin_unit", "grid", "site", "line_asset", "zone", "hazard", "fire_permit"]
BOX = ("minx", "miny", "maxx", "maxy")
ATTRIBUTES = [
    "person", "role_assignment", "patrol_rule", "patrol_stop", "hazard_event", "hazard_photo",
    "enforcement_action", "fire_season", "key_period", "duty_shift", "guardian_record", "unavailability",
]
# what other tools' edits make gridsafe recompute
EDIT_WATCH = [("site", "geom"), ("grid", "geom"), ("patrol_assignment", "route")]
CHUNK = 20_000


def _convert(conn, table: str, column: str, to_storage) -> None:
    """Rewrite every value of a geometry column, in chunks of rows."""
    last = -1
    while True:
        rows = conn.exec_driver_sql(
            f"SELECT id, {column} FROM {table} WHERE id > ? AND {column} IS NOT NULL ORDER BY id LIMIT {CHUNK}",
            (last,)).fetchall()
        if not rows:
            return
        values = to_storage([bytes(r[1]) for r in rows])
        conn.exec_driver_sql(f"UPDATE {table} SET {column} = ? WHERE id = ?",
                             [(v, r[0]) for v, r in zip(values, rows, strict=True)])
        last = rows[-1][0]


def _wkb_to_gpkg(blobs):
    return gpkg_encode(shapely.from_wkb(np.array(blobs, dtype=object)))


def _gpkg_to_wkb(blobs):
    return [bytes(w) for w in shapely.to_wkb(decode(blobs), flavor="iso")]


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        _upgrade_sqlite(conn)
    else:
        _upgrade_postgis(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        _downgrade_sqlite(conn)
    else:
        _downgrade_postgis(conn)


# --- SQLite → GeoPackage ------------------------------------------------------------------------------

def _upgrade_sqlite(conn) -> None:
    for table in BOXED:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS ix_{table}_minx")
        for col in BOX:
            conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {col}")
    for table, column, _, _ in FEATURES:
        _convert(conn, table, column, _wkb_to_gpkg)
    gpkg.rewrite_declarations(conn, {t: {c: kind} for t, c, kind, _ in FEATURES})
    gpkg.create_core(conn)
    for table, column, kind, label in FEATURES:
        gpkg.register_features(conn, table, column, kind, label)
        gpkg.create_rtree(conn, table, column)
    gpkg.register_attributes(conn, ATTRIBUTES)
    gpkg.update_extents(conn)
    conn.exec_driver_sql("CREATE TABLE geometry_edit (id INTEGER NOT NULL PRIMARY KEY, table_name TEXT(32) NOT NULL, "
                         "row_id INTEGER NOT NULL)")
    for table, column in EDIT_WATCH:
        for when, event in (("added", "INSERT"), ("edited", f"UPDATE OF {column}")):
            conn.exec_driver_sql(
                f"CREATE TRIGGER {table}_{column}_{when} AFTER {event} ON {table} "
                f"BEGIN INSERT INTO geometry_edit (table_name, row_id) VALUES ('{table}', NEW.id); END")


def _downgrade_sqlite(conn) -> None:
    for table, column in EDIT_WATCH:
        for when in ("added", "edited"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_{column}_{when}")
    conn.exec_driver_sql("DROP TABLE geometry_edit")
    for table, column, _, _ in FEATURES:
        gpkg.drop_rtree(conn, table, column)
    gpkg.drop_core(conn)
    for table, column, _, _ in FEATURES:
        _convert(conn, table, column, _gpkg_to_wkb)
    gpkg.rewrite_declarations(conn, {t: {c: "BLOB"} for t, c, _, _ in FEATURES})
    for table in BOXED:
        for col in BOX:
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {col} FLOAT")
        _fill_boxes(conn, table)
        conn.exec_driver_sql(f"CREATE INDEX ix_{table}_minx ON {table} (minx)")
    conn.exec_driver_sql(f"PRAGMA application_id={0x47534146}")


def _fill_boxes(conn, table: str) -> None:
    rows = conn.exec_driver_sql(f"SELECT id, geom FROM {table} WHERE geom IS NOT NULL").fetchall()
    if not rows:
        return
    bounds = shapely.bounds(shapely.from_wkb(np.array([bytes(r[1]) for r in rows], dtype=object)))
    conn.exec_driver_sql(
        f"UPDATE {table} SET minx = ?, miny = ?, maxx = ?, maxy = ? WHERE id = ?",
        [(*(None if v != v else float(v) for v in b), r[0]) for b, r in zip(bounds.tolist(), rows, strict=True)])


# --- PostgreSQL → PostGIS -----------------------------------------------------------------------------

def _upgrade_postgis(conn) -> None:
    conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
    for table in BOXED:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS ix_{table}_minx")
        conn.exec_driver_sql(f"ALTER TABLE {table} " + ", ".join(f"DROP COLUMN {c}" for c in BOX))
    for table, column, kind, label in FEATURES:
        conn.exec_driver_sql(
            f"ALTER TABLE {table} ALTER COLUMN {column} TYPE geometry({kind},{SRID}) "
            f"USING ST_SetSRID(ST_GeomFromWKB({column}), {SRID})")
        conn.exec_driver_sql(f"CREATE INDEX ix_{table}_{column} ON {table} USING gist ({column})")
    conn.exec_driver_sql("CREATE TABLE geometry_edit (id SERIAL PRIMARY KEY, table_name VARCHAR(32) NOT NULL, "
                         "row_id INTEGER NOT NULL)")
    conn.exec_driver_sql(
        "CREATE FUNCTION gridsafe_geometry_edit() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN INSERT INTO geometry_edit (table_name, row_id) VALUES (TG_TABLE_NAME, NEW.id); RETURN NULL; END $$")
    for table, column in EDIT_WATCH:
        conn.exec_driver_sql(
            f"CREATE TRIGGER {table}_{column}_edited AFTER INSERT OR UPDATE OF {column} ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION gridsafe_geometry_edit()")


def _downgrade_postgis(conn) -> None:
    for table, column in EDIT_WATCH:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_{column}_edited ON {table}")
    conn.exec_driver_sql("DROP FUNCTION gridsafe_geometry_edit()")
    conn.exec_driver_sql("DROP TABLE geometry_edit")
    for table, column, _, _ in FEATURES:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS ix_{table}_{column}")
        conn.exec_driver_sql(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE bytea USING ST_AsBinary({column})")
    for table in BOXED:
        conn.exec_driver_sql(f"ALTER TABLE {table} " + ", ".join(f"ADD COLUMN {c} FLOAT" for c in BOX))
        conn.exec_driver_sql(
            f"UPDATE {table} SET minx = ST_XMin(g), miny = ST_YMin(g), maxx = ST_XMax(g), maxy = ST_YMax(g) "
            f"FROM (SELECT id AS gid, ST_GeomFromWKB(geom) AS g FROM {table}) AS b WHERE {table}.id = b.gid")
        conn.exec_driver_sql(f"CREATE INDEX ix_{table}_minx ON {table} (minx)")
