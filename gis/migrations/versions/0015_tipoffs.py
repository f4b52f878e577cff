"""tip-offs: the public tip-off register (群众举报, 12345 热线), its history and photos

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 11:00:00

Issue 17. Three new tables; nothing existing changes:
- `tipoff`: one tip-off (编号 JB2026-00001, channel, received_at, reporter and contact, place as a POINT, address,
  description, grid, status, the grid member who checks it, the verification result, the reply, the reward, the
  ledger hazard it became — FK ON DELETE SET NULL). On SQLite a GeoPackage feature table (gpkg_contents,
  gpkg_geometry_columns, an R-tree with its triggers), on PostgreSQL `geometry(POINT,4490)` with a GiST index.
- `tipoff_event` (who, when, from → to, note) and `tipoff_photo` (the reporter's photos as BLOBs): attribute tables.
Downgrading drops them.
"""
import sqlalchemy as sa
from alembic import op

from gis.model import gpkg
from gis.model.geometry import Geometry

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

ATTRIBUTES = ["tipoff_event", "tipoff_photo"]


def upgrade() -> None:
    op.create_table(
        "tipoff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=24), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("reporter_name", sa.String(length=50), nullable=True),
        sa.Column("reporter_contact", sa.String(length=30), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), server_default="received", nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("assigned_at", sa.DateTime(), nullable=True),
        sa.Column("verify_result", sa.String(length=16), nullable=True),
        sa.Column("verify_note", sa.Text(), nullable=True),
        sa.Column("verified_at", sa.DateTime(), nullable=True),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("replied_at", sa.DateTime(), nullable=True),
        sa.Column("reward_amount", sa.Float(), nullable=True),
        sa.Column("reward_decided_by", sa.String(length=100), nullable=True),
        sa.Column("reward_decided_on", sa.Date(), nullable=True),
        sa.Column("hazard_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=50), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("geom", Geometry("POINT"), nullable=True),
        sa.CheckConstraint("status IN ('received','assigned','verified','replied','rewarded','closed')",
                           name=op.f("ck_tipoff_status")),
        sa.CheckConstraint("verify_result IS NULL OR verify_result IN ('confirmed','unfounded','partial')",
                           name=op.f("ck_tipoff_verify_result")),
        sa.CheckConstraint("reward_amount IS NULL OR reward_amount >= 0", name=op.f("ck_tipoff_reward_amount")),
        sa.ForeignKeyConstraint(["grid_id"], ["grid.id"], name=op.f("fk_tipoff_grid_id_grid"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["assignee_id"], ["person.id"], name=op.f("fk_tipoff_assignee_id_person"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["hazard_id"], ["hazard.id"], name=op.f("fk_tipoff_hazard_id_hazard"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tipoff")),
        sa.UniqueConstraint("code", name=op.f("uq_tipoff_code")),
    )
    for column in ("received_at", "grid_id", "status", "assignee_id", "hazard_id"):
        op.create_index(op.f(f"ix_tipoff_{column}"), "tipoff", [column])
    op.create_table(
        "tipoff_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tipoff_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=50), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["tipoff_id"], ["tipoff.id"], name=op.f("fk_tipoff_event_tipoff_id_tipoff"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["actor_id"], ["person.id"], name=op.f("fk_tipoff_event_actor_id_person"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tipoff_event")),
        sa.UniqueConstraint("tipoff_id", "seq", name=op.f("uq_tipoff_event_tipoff_id_seq")),
    )
    op.create_index(op.f("ix_tipoff_event_tipoff_id"), "tipoff_event", ["tipoff_id"])
    op.create_table(
        "tipoff_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tipoff_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("mime", sa.String(length=50), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["tipoff_id"], ["tipoff.id"], name=op.f("fk_tipoff_photo_tipoff_id_tipoff"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tipoff_photo")),
    )
    op.create_index(op.f("ix_tipoff_photo_tipoff_id"), "tipoff_photo", ["tipoff_id"])
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        gpkg.register_features(conn, "tipoff", "geom", "POINT", "群众举报")
        gpkg.create_rtree(conn, "tipoff", "geom")
        gpkg.register_attributes(conn, ATTRIBUTES)
    else:
        conn.exec_driver_sql("CREATE INDEX ix_tipoff_geom ON tipoff USING gist (geom)")


def downgrade() -> None:
    conn = op.get_bind()
    for table in reversed(ATTRIBUTES):
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("DELETE FROM gpkg_contents WHERE table_name = ?", (table,))
        op.drop_table(table)
    if conn.dialect.name == "sqlite":
        gpkg.drop_rtree(conn, "tipoff", "geom")
        for meta in ("gpkg_extensions", "gpkg_geometry_columns", "gpkg_contents"):
            conn.exec_driver_sql(f"DELETE FROM {meta} WHERE table_name = 'tipoff'")
    else:
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_tipoff_geom")
    op.drop_table("tipoff")
