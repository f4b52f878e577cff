"""grid code history: the codes grids carried before a split or merge renumbered their village

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 09:00:00

Issue 15 (editing). One new table; nothing existing changes:
- `grid_code_history`: a code a grid carried (grid_id, code) until `valid_until`, and why it changed (reason,
  e.g. 分割网格 …). Hazards, patrols and people follow a grid by id; old papers name it by code.
On SQLite it is a GeoPackage attribute table. Downgrading drops it.
"""
import sqlalchemy as sa
from alembic import op

from gis.model import gpkg

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

TABLES = ["grid_code_history"]


def upgrade() -> None:
    op.create_table(
        "grid_code_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=15), nullable=False),
        sa.Column("valid_until", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["grid_id"], ["grid.id"], name=op.f("fk_grid_code_history_grid_id_grid"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid_code_history")),
    )
    op.create_index(op.f("ix_grid_code_history_grid_id"), "grid_code_history", ["grid_id"])
    op.create_index(op.f("ix_grid_code_history_code"), "grid_code_history", ["code"])
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        gpkg.register_attributes(conn, TABLES)


def downgrade() -> None:
    conn = op.get_bind()
    for table in reversed(TABLES):
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("DELETE FROM gpkg_contents WHERE table_name = ?", (table,))
        op.drop_table(table)
