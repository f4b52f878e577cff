"""gas pipeline data: pipeline outside diameter, depth and last inspection; buildings; third-party works

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 04:45:00

Issue 13's data. `line_asset` gains three nullable columns (existing rows keep every value; the new ones
are empty). Two new feature tables, `building` (建筑物 footprints) and `third_party_works` (第三方施工
extents), both GEOMETRY like the other polygon tables (imports mix Polygon and MultiPolygon): on SQLite
proper GeoPackage feature tables (gpkg_contents, gpkg_geometry_columns, an R-tree with its triggers), on
PostgreSQL `geometry(GEOMETRY,4490)` with a GiST index. Columns gridsafe fills in Python have database
defaults (0008's rule), so a feature drawn in QGIS is accepted. Downgrading drops the two tables and the
three columns.
"""
import sqlalchemy as sa
from alembic import op

from gis.model import gpkg
from gis.model.geometry import Geometry

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

LINE_COLUMNS = [("outside_diameter_mm", sa.Float), ("depth_m", sa.Float), ("last_inspected_on", sa.Date)]
# table, what GIS users see it as
FEATURES = [
    ("building", "建筑物"),
    ("third_party_works", "第三方施工"),
]
EMPTY_JSON = sa.text("'{}'")


def _create_tables() -> None:
    op.create_table(
        "building",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("storeys", sa.Integer(), nullable=True),
        sa.Column("use", sa.String(length=24), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("attributes", sa.JSON(), server_default=EMPTY_JSON, nullable=False),
        sa.Column("geom", Geometry("GEOMETRY"), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_building")),
    )
    op.create_table(
        "third_party_works",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("party", sa.String(length=200), nullable=True),
        sa.Column("contact_name", sa.String(length=50), nullable=True),
        sa.Column("contact_phone", sa.String(length=30), nullable=True),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("permit_no", sa.String(length=60), nullable=True),
        sa.Column("supervisor", sa.String(length=50), nullable=True),
        sa.Column("status", sa.String(length=16), server_default="planned", nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("attributes", sa.JSON(), server_default=EMPTY_JSON, nullable=False),
        sa.Column("geom", Geometry("GEOMETRY"), nullable=True),
        sa.CheckConstraint("status IN ('planned','active','finished')", name=op.f("ck_third_party_works_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_third_party_works")),
    )


def upgrade() -> None:
    conn = op.get_bind()
    for name, type_ in LINE_COLUMNS:
        op.add_column("line_asset", sa.Column(name, type_(), nullable=True))
    _create_tables()
    if conn.dialect.name == "sqlite":
        for table, label in FEATURES:
            gpkg.register_features(conn, table, "geom", "GEOMETRY", label)
            gpkg.create_rtree(conn, table, "geom")
    else:
        for table, _ in FEATURES:
            conn.exec_driver_sql(f"CREATE INDEX ix_{table}_geom ON {table} USING gist (geom)")


def downgrade() -> None:
    conn = op.get_bind()
    for table, _ in reversed(FEATURES):
        if conn.dialect.name == "sqlite":
            gpkg.drop_rtree(conn, table, "geom")
            conn.exec_driver_sql("DELETE FROM gpkg_extensions WHERE table_name = ?", (table,))
            conn.exec_driver_sql("DELETE FROM gpkg_geometry_columns WHERE table_name = ?", (table,))
            conn.exec_driver_sql("DELETE FROM gpkg_contents WHERE table_name = ?", (table,))
        else:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS ix_{table}_geom")
        op.drop_table(table)
    for name, _ in reversed(LINE_COLUMNS):
        op.drop_column("line_asset", name)
