"""hazard ledger: enforcement actions (penalties, serious violations) counted by escalation rules

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 09:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "enforcement_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("acted_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("hazard_id", sa.Integer(), nullable=True),
        sa.Column("document_no", sa.String(length=60), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=50), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('penalty','serious_violation')", name=op.f("ck_enforcement_action_kind")),
        sa.ForeignKeyConstraint(["hazard_id"], ["hazard.id"], name=op.f("fk_enforcement_action_hazard_id_hazard"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name=op.f("fk_enforcement_action_site_id_site"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enforcement_action")),
    )
    with op.batch_alter_table("enforcement_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enforcement_action_hazard_id"), ["hazard_id"], unique=False)
        batch_op.create_index("ix_enforcement_action_site_id_acted_on", ["site_id", "acted_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("enforcement_action", schema=None) as batch_op:
        batch_op.drop_index("ix_enforcement_action_site_id_acted_on")
        batch_op.drop_index(batch_op.f("ix_enforcement_action_hazard_id"))
    op.drop_table("enforcement_action")
