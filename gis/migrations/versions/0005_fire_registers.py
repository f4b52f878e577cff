"""fire registers: unavailability, outdoor-fire permits, guardian register

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-22 11:37:43

Unavailability of people for duty rosters, outdoor-fire permits (野外用火审批) and the guardian
register (无/限制民事行为能力人及监护人). New tables only; nothing existing changes.
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('fire_permit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('applicant', sa.String(length=100), nullable=False),
    sa.Column('applicant_phone', sa.String(length=30), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('admin_unit_id', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('purpose', sa.String(length=200), nullable=False),
    sa.Column('measures', sa.String(length=500), nullable=True),
    sa.Column('approver', sa.String(length=50), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('geom', sa.LargeBinary(), nullable=True),
    sa.Column('minx', sa.Float(), nullable=True),
    sa.Column('miny', sa.Float(), nullable=True),
    sa.Column('maxx', sa.Float(), nullable=True),
    sa.Column('maxy', sa.Float(), nullable=True),
    sa.CheckConstraint("status IN ('pending','approved','rejected','revoked')", name=op.f('ck_fire_permit_status')),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_fire_permit_dates')),
    sa.ForeignKeyConstraint(['admin_unit_id'], ['admin_unit.id'], name=op.f('fk_fire_permit_admin_unit_id_admin_unit'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fire_permit'))
    )
    with op.batch_alter_table('fire_permit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fire_permit_admin_unit_id'), ['admin_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fire_permit_minx'), ['minx'], unique=False)

    op.create_table('guardian_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ward_name', sa.String(length=50), nullable=False),
    sa.Column('capacity', sa.String(length=16), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('guardian_name', sa.String(length=50), nullable=False),
    sa.Column('guardian_phone', sa.String(length=30), nullable=True),
    sa.Column('relation', sa.String(length=30), nullable=True),
    sa.Column('measures', sa.String(length=500), nullable=True),
    sa.Column('registered_on', sa.Date(), nullable=True),
    sa.CheckConstraint("capacity IN ('none','limited')", name=op.f('ck_guardian_record_capacity')),
    sa.ForeignKeyConstraint(['village_id'], ['admin_unit.id'], name=op.f('fk_guardian_record_village_id_admin_unit'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guardian_record'))
    )
    with op.batch_alter_table('guardian_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guardian_record_village_id'), ['village_id'], unique=False)

    op.create_table('unavailability',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_unavailability_dates')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_unavailability_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unavailability'))
    )
    with op.batch_alter_table('unavailability', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unavailability_person_id'), ['person_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('unavailability', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unavailability_person_id'))

    op.drop_table('unavailability')
    with op.batch_alter_table('guardian_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guardian_record_village_id'))

    op.drop_table('guardian_record')
    with op.batch_alter_table('fire_permit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fire_permit_minx'))
        batch_op.drop_index(batch_op.f('ix_fire_permit_admin_unit_id'))

    op.drop_table('fire_permit')
