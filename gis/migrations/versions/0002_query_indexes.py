"""composite indexes for overdue hazards and a grid's sites by category

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 12:10:00
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_hazard_status_deadline", "hazard", ["status", "deadline"])
    op.create_index("ix_site_grid_id_category", "site", ["grid_id", "category"])


def downgrade() -> None:
    op.drop_index("ix_site_grid_id_category", table_name="site")
    op.drop_index("ix_hazard_status_deadline", table_name="hazard")
