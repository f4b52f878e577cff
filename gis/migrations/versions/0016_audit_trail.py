"""audit trail: every insert, update and delete on a data table, recorded by database triggers

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 11:00:00

Issue 16. Two new tables and triggers; nothing existing changes:
- `audit_log` (append-only): when, who (PostgreSQL role, gridsafe operator, application), table, record id,
  action, old and new values (gis/model/audit.py; how values are kept: gis/audit/schema.py).
- `audit_operator`: SQLite's one-row table through which gridsafe names the operator of a write transaction.
- Audit triggers on every data table present now (gis.audit.schema.data_tables), so the migrations chained
  before this one are covered whatever their order; a later migration that adds a table or changes its
  columns calls gis.audit.schema.install(conn, table) for it.
On SQLite audit_log is a GeoPackage attribute table. Downgrading drops the triggers and both tables.
"""
import sqlalchemy as sa
from alembic import op

from gis.audit import schema as audit
from gis.model import gpkg

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("db_user", sa.String(length=63), nullable=True),
        sa.Column("operator", sa.String(length=50), nullable=True),
        sa.Column("application", sa.String(length=63), nullable=True),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=True),
        sa.Column("action", sa.String(length=6), nullable=False),
        sa.Column("old_values", sa.JSON(), nullable=True),
        sa.Column("new_values", sa.JSON(), nullable=True),
        sa.CheckConstraint("action IN ('insert','update','delete')", name=op.f("ck_audit_log_action")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"])
    op.create_index("ix_audit_log_table_name_record_id", "audit_log", ["table_name", "record_id"])
    op.create_table(
        "audit_operator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=True),
        sa.Column("application", sa.String(length=63), nullable=True),
        sa.Column("bulk", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_operator")),
    )
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        gpkg.register_attributes(conn, ["audit_log"])
    audit.create(conn)
    for table in audit.data_tables(conn):
        audit.install(conn, table)


def downgrade() -> None:
    conn = op.get_bind()
    audit.drop(conn)
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("DELETE FROM gpkg_contents WHERE table_name = 'audit_log'")
    op.drop_table("audit_operator")
    op.drop_table("audit_log")
