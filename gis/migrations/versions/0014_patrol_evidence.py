"""patrol evidence: members' GPS tracks, photos proving stops, and what they say about each planned stop

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 11:00:00

Issue 17 (field evidence). Three new tables; nothing existing changes:
- `patrol_track`: one member's track of one day (LINESTRING of the fixes kept; `times` the seconds after
  `started_at` per vertex as little-endian uint32), the file it came from and the datum it was recorded in.
- `patrol_evidence`: a photo (stored in the project, as hazard photos are) with where and when it was taken and
  the stop it proves (POINT).
- `patrol_stop_check`: per planned stop, verified / missed / unverified with arrival, dwell and distance.
On SQLite the two with a geometry are GeoPackage feature tables (R-tree and triggers), the third an attribute
table; on PostgreSQL geometry(…,4490) with GiST indexes. Downgrading drops them.
"""
import sqlalchemy as sa
from alembic import op

from gis.model import gpkg
from gis.model.geometry import Geometry

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

# table, geometry type, what GIS users see it as
FEATURES = [("patrol_track", "LINESTRING", "巡查轨迹"), ("patrol_evidence", "POINT", "巡查照片")]
ATTRIBUTES = ["patrol_stop_check"]


def upgrade() -> None:
    op.create_table(
        "patrol_track",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("source_name", sa.String(length=260), nullable=False),
        sa.Column("datum", sa.String(length=8), server_default="wgs84", nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=False),
        sa.Column("fixes", sa.Integer(), nullable=False),
        sa.Column("dropped", sa.Integer(), server_default="0", nullable=False),
        sa.Column("times", sa.LargeBinary(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(length=50), nullable=True),
        sa.Column("geom", Geometry("LINESTRING"), nullable=True),
        sa.ForeignKeyConstraint(["assignment_id"], ["patrol_assignment.id"],
                                name=op.f("fk_patrol_track_assignment_id_patrol_assignment"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_patrol_track_person_id_person"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_track")),
    )
    op.create_index(op.f("ix_patrol_track_person_id"), "patrol_track", ["person_id"])
    op.create_index(op.f("ix_patrol_track_day"), "patrol_track", ["day"])
    op.create_index(op.f("ix_patrol_track_assignment_id"), "patrol_track", ["assignment_id"])
    op.create_table(
        "patrol_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), server_default="photo", nullable=False),
        sa.Column("stop_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("filename", sa.String(length=260), nullable=False),
        sa.Column("mime", sa.String(length=50), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=True),
        sa.Column("distance_m", sa.Double(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(length=50), nullable=True),
        sa.Column("geom", Geometry("POINT"), nullable=True),
        sa.CheckConstraint("kind IN ('photo')", name=op.f("ck_patrol_evidence_kind")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_patrol_evidence_person_id_person"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["stop_id"], ["patrol_stop.id"], name=op.f("fk_patrol_evidence_stop_id_patrol_stop"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_evidence")),
    )
    op.create_index(op.f("ix_patrol_evidence_stop_id"), "patrol_evidence", ["stop_id"])
    op.create_index(op.f("ix_patrol_evidence_person_id"), "patrol_evidence", ["person_id"])
    op.create_index(op.f("ix_patrol_evidence_day"), "patrol_evidence", ["day"])
    op.create_index(op.f("ix_patrol_evidence_sha256"), "patrol_evidence", ["sha256"])
    op.create_table(
        "patrol_stop_check",
        sa.Column("stop_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("arrived_at", sa.DateTime(), nullable=True),
        sa.Column("dwell_s", sa.Double(), nullable=True),
        sa.Column("distance_m", sa.Double(), nullable=True),
        sa.Column("track_id", sa.Integer(), nullable=True),
        sa.Column("tolerance_m", sa.Double(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("status IN ('verified','missed','unverified')", name=op.f("ck_patrol_stop_check_status")),
        sa.ForeignKeyConstraint(["stop_id"], ["patrol_stop.id"], name=op.f("fk_patrol_stop_check_stop_id_patrol_stop"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["track_id"], ["patrol_track.id"],
                                name=op.f("fk_patrol_stop_check_track_id_patrol_track"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("stop_id", name=op.f("pk_patrol_stop_check")),
    )
    op.create_index(op.f("ix_patrol_stop_check_track_id"), "patrol_stop_check", ["track_id"])
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for table, geometry_type, label in FEATURES:
            gpkg.register_features(conn, table, "geom", geometry_type, label)
            gpkg.create_rtree(conn, table, "geom")
        gpkg.register_attributes(conn, ATTRIBUTES)
    else:
        for table, _, _ in FEATURES:
            conn.exec_driver_sql(f"CREATE INDEX ix_{table}_geom ON {table} USING gist (geom)")


def downgrade() -> None:
    conn = op.get_bind()
    for table in reversed(ATTRIBUTES):
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("DELETE FROM gpkg_contents WHERE table_name = ?", (table,))
        op.drop_table(table)
    for table, _, _ in reversed(FEATURES):
        if conn.dialect.name == "sqlite":
            gpkg.drop_rtree(conn, table, "geom")
            conn.exec_driver_sql("DELETE FROM gpkg_extensions WHERE table_name = ?", (table,))
            conn.exec_driver_sql("DELETE FROM gpkg_geometry_columns WHERE table_name = ?", (table,))
            conn.exec_driver_sql("DELETE FROM gpkg_contents WHERE table_name = ?", (table,))
        else:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS ix_{table}_geom")
        op.drop_table(table)
