"""patrol assignment kind: grid members' patrols and rangers' rounds told apart by a column

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 01:00:00

Rangers' daily rounds were stored with the period label "护林YYYY-MM-DD". They get kind 'ranger' and
their plain period (YYYY-MM-DD); every other assignment gets kind 'grid'. Downgrading puts the prefix back.
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

PREFIX = "护林"
assignment = sa.table("patrol_assignment", sa.column("kind", sa.String), sa.column("period", sa.String))


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # A plain ADD COLUMN: batch_alter_table would rebuild the table, and with foreign keys on (the
        # project's own transaction) its DROP TABLE deletes every patrol stop through ON DELETE CASCADE.
        op.execute("ALTER TABLE patrol_assignment ADD COLUMN kind VARCHAR(16) DEFAULT 'grid' NOT NULL "
                   "CONSTRAINT ck_patrol_assignment_kind CHECK (kind IN ('grid','ranger'))")
    else:
        op.add_column("patrol_assignment",
                      sa.Column("kind", sa.String(length=16), server_default="grid", nullable=False))
        op.create_check_constraint(op.f("ck_patrol_assignment_kind"), "patrol_assignment", "kind IN ('grid','ranger')")
    ranger = assignment.c.period.like(f"{PREFIX}%")
    op.execute(assignment.update().where(ranger).values(
        kind="ranger", period=sa.func.substr(assignment.c.period, len(PREFIX) + 1)))


def downgrade() -> None:
    op.execute(assignment.update().where(assignment.c.kind == "ranger").values(
        period=sa.literal(PREFIX) + assignment.c.period))
    if op.get_bind().dialect.name == "sqlite":   # DROP COLUMN, not a rebuild (see upgrade)
        op.execute("ALTER TABLE patrol_assignment DROP COLUMN kind")
    else:
        op.drop_constraint(op.f("ck_patrol_assignment_kind"), "patrol_assignment", type_="check")
        op.drop_column("patrol_assignment", "kind")
