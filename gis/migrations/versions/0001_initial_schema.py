"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 11:25:01

The first schema: admin units, grids, people and roles, sites, line assets, zones, hazards with their
append-only events and photos, patrol rules/assignments/stops, fire seasons, key periods, duty shifts.
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

# grid.site_id and hazard.patrol_stop_id point at tables created later. SQLite takes such forward
# references inline (and cannot add a constraint afterwards); PostgreSQL gets them by ALTER at the end.
FORWARD_FKS = [
    ("fk_grid_site_id_site", "grid", "site", ["site_id"]),
    ("fk_hazard_patrol_stop_id_patrol_stop", "hazard", "patrol_stop", ["patrol_stop_id"]),
]


def _inline() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _forward_fk(cols, table, name):
    if not _inline():
        return []
    return [sa.ForeignKeyConstraint(cols, [f"{table}.id"], name=op.f(name), ondelete="SET NULL")]


SQLITE_APPEND_ONLY = [
    "CREATE TRIGGER hazard_event_no_update BEFORE UPDATE ON hazard_event "
    "BEGIN SELECT RAISE(ABORT, 'hazard_event is append-only'); END",
    "CREATE TRIGGER hazard_event_no_delete BEFORE DELETE ON hazard_event "
    "BEGIN SELECT RAISE(ABORT, 'hazard_event is append-only'); END",
]
POSTGRES_APPEND_ONLY = [
    "CREATE FUNCTION gridsafe_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$",
    "CREATE TRIGGER hazard_event_append_only BEFORE UPDATE OR DELETE ON hazard_event "
    "FOR EACH ROW EXECUTE FUNCTION gridsafe_append_only()",
]


def upgrade() -> None:
    op.create_table('admin_unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('geom', sa.LargeBinary(), nullable=True),
    sa.Column('minx', sa.Float(), nullable=True),
    sa.Column('miny', sa.Float(), nullable=True),
    sa.Column('maxx', sa.Float(), nullable=True),
    sa.Column('maxy', sa.Float(), nullable=True),
    sa.CheckConstraint("level IN ('district','township','village')", name=op.f('ck_admin_unit_level')),
    sa.ForeignKeyConstraint(['parent_id'], ['admin_unit.id'], name=op.f('fk_admin_unit_parent_id_admin_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_unit')),
    sa.UniqueConstraint('code', name=op.f('uq_admin_unit_code'))
    )
    with op.batch_alter_table('admin_unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_admin_unit_minx'), ['minx'], unique=False)
        batch_op.create_index(batch_op.f('ix_admin_unit_parent_id'), ['parent_id'], unique=False)

    op.create_table('line_asset',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('operator', sa.String(length=200), nullable=True),
    sa.Column('pressure_class', sa.String(length=16), nullable=True),
    sa.Column('material', sa.String(length=40), nullable=True),
    sa.Column('diameter_mm', sa.Float(), nullable=True),
    sa.Column('year_built', sa.Integer(), nullable=True),
    sa.Column('attributes', sa.JSON(), nullable=False),
    sa.Column('geom', sa.LargeBinary(), nullable=True),
    sa.Column('minx', sa.Float(), nullable=True),
    sa.Column('miny', sa.Float(), nullable=True),
    sa.Column('maxx', sa.Float(), nullable=True),
    sa.Column('maxy', sa.Float(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_line_asset'))
    )
    with op.batch_alter_table('line_asset', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_line_asset_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_line_asset_minx'), ['minx'], unique=False)

    op.create_table('patrol_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('sector', sa.String(length=40), nullable=True),
    sa.Column('category', sa.String(length=40), nullable=True),
    sa.Column('site_status', sa.String(length=16), nullable=True),
    sa.Column('condition', sa.JSON(), nullable=False),
    sa.Column('interval_days', sa.Integer(), nullable=False),
    sa.Column('season_only', sa.Boolean(), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('source_ref', sa.String(length=100), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patrol_rule'))
    )
    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=True),
    sa.Column('unit', sa.String(length=100), nullable=True),
    sa.Column('title', sa.String(length=50), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_name'), ['name'], unique=False)

    op.create_table('project_setting',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_project_setting'))
    )
    op.create_table('fire_season',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('admin_unit_id', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['admin_unit_id'], ['admin_unit.id'], name=op.f('fk_fire_season_admin_unit_id_admin_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fire_season'))
    )
    with op.batch_alter_table('fire_season', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fire_season_admin_unit_id'), ['admin_unit_id'], unique=False)

    op.create_table('grid',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=15), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('geom', sa.LargeBinary(), nullable=True),
    sa.Column('minx', sa.Float(), nullable=True),
    sa.Column('miny', sa.Float(), nullable=True),
    sa.Column('maxx', sa.Float(), nullable=True),
    sa.Column('maxy', sa.Float(), nullable=True),
    sa.CheckConstraint("kind IN ('comprehensive','forest','enterprise')", name=op.f('ck_grid_kind')),
    sa.CheckConstraint('length(code) = 15', name=op.f('ck_grid_code_length')),
    *_forward_fk(['site_id'], 'site', 'fk_grid_site_id_site'),
    sa.ForeignKeyConstraint(['village_id'], ['admin_unit.id'], name=op.f('fk_grid_village_id_admin_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grid')),
    sa.UniqueConstraint('code', name=op.f('uq_grid_code'))
    )
    with op.batch_alter_table('grid', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grid_minx'), ['minx'], unique=False)
        batch_op.create_index(batch_op.f('ix_grid_village_id'), ['village_id'], unique=False)

    op.create_table('zone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=True),
    sa.Column('admin_unit_id', sa.Integer(), nullable=True),
    sa.Column('attributes', sa.JSON(), nullable=False),
    sa.Column('geom', sa.LargeBinary(), nullable=True),
    sa.Column('minx', sa.Float(), nullable=True),
    sa.Column('miny', sa.Float(), nullable=True),
    sa.Column('maxx', sa.Float(), nullable=True),
    sa.Column('maxy', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['admin_unit_id'], ['admin_unit.id'], name=op.f('fk_zone_admin_unit_id_admin_unit'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_zone'))
    )
    with op.batch_alter_table('zone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_zone_admin_unit_id'), ['admin_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_zone_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_zone_minx'), ['minx'], unique=False)

    op.create_table('key_period',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('season_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('lunar_rule', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['season_id'], ['fire_season.id'], name=op.f('fk_key_period_season_id_fire_season'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_period'))
    )
    with op.batch_alter_table('key_period', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_period_season_id'), ['season_id'], unique=False)

    op.create_table('site',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('sector', sa.String(length=40), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('risk_level', sa.String(length=16), nullable=True),
    sa.Column('contact_name', sa.String(length=50), nullable=True),
    sa.Column('contact_phone', sa.String(length=30), nullable=True),
    sa.Column('legal_person', sa.String(length=50), nullable=True),
    sa.Column('grid_id', sa.Integer(), nullable=True),
    sa.Column('attributes', sa.JSON(), nullable=False),
    sa.Column('geom', sa.LargeBinary(), nullable=True),
    sa.Column('minx', sa.Float(), nullable=True),
    sa.Column('miny', sa.Float(), nullable=True),
    sa.Column('maxx', sa.Float(), nullable=True),
    sa.Column('maxy', sa.Float(), nullable=True),
    sa.CheckConstraint("status IN ('normal','suspended','closed')", name=op.f('ck_site_status')),
    sa.ForeignKeyConstraint(['grid_id'], ['grid.id'], name=op.f('fk_site_grid_id_grid'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site')),
    sa.UniqueConstraint('code', name=op.f('uq_site_code'))
    )
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_site_grid_id'), ['grid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_site_minx'), ['minx'], unique=False)
        batch_op.create_index(batch_op.f('ix_site_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_site_sector'), ['sector'], unique=False)

    op.create_table('duty_shift',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('season_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('post', sa.String(length=24), nullable=False),
    sa.Column('admin_unit_id', sa.Integer(), nullable=True),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('manual', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['admin_unit_id'], ['admin_unit.id'], name=op.f('fk_duty_shift_admin_unit_id_admin_unit'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_duty_shift_person_id_person'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['season_id'], ['fire_season.id'], name=op.f('fk_duty_shift_season_id_fire_season'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_duty_shift_site_id_site'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_shift'))
    )
    with op.batch_alter_table('duty_shift', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duty_shift_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_duty_shift_season_id'), ['season_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_duty_shift_starts_at'), ['starts_at'], unique=False)

    op.create_table('hazard',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=True),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('line_id', sa.Integer(), nullable=True),
    sa.Column('zone_id', sa.Integer(), nullable=True),
    sa.Column('grid_id', sa.Integer(), nullable=True),
    sa.Column('found_on', sa.Date(), nullable=False),
    sa.Column('found_by', sa.String(length=100), nullable=True),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('sector', sa.String(length=40), nullable=True),
    sa.Column('checklist_item', sa.String(length=40), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('grade', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('measures', sa.Text(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('executor_id', sa.Integer(), nullable=True),
    sa.Column('acceptor_id', sa.Integer(), nullable=True),
    sa.Column('wls_measures', sa.Text(), nullable=True),
    sa.Column('wls_responsibility', sa.Text(), nullable=True),
    sa.Column('wls_funds', sa.Text(), nullable=True),
    sa.Column('wls_deadline', sa.Date(), nullable=True),
    sa.Column('wls_plan', sa.Text(), nullable=True),
    sa.Column('supervision_level', sa.String(length=16), nullable=True),
    sa.Column('supervising_unit', sa.String(length=100), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('patrol_stop_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('geom', sa.LargeBinary(), nullable=True),
    sa.Column('minx', sa.Float(), nullable=True),
    sa.Column('miny', sa.Float(), nullable=True),
    sa.Column('maxx', sa.Float(), nullable=True),
    sa.Column('maxy', sa.Float(), nullable=True),
    sa.CheckConstraint("status IN ('registered','assigned','rectifying','pending_acceptance','closed')", name=op.f('ck_hazard_status')),
    sa.ForeignKeyConstraint(['acceptor_id'], ['person.id'], name=op.f('fk_hazard_acceptor_id_person'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['executor_id'], ['person.id'], name=op.f('fk_hazard_executor_id_person'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['grid_id'], ['grid.id'], name=op.f('fk_hazard_grid_id_grid'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['line_id'], ['line_asset.id'], name=op.f('fk_hazard_line_id_line_asset'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['owner_id'], ['person.id'], name=op.f('fk_hazard_owner_id_person'), ondelete='RESTRICT'),
    *_forward_fk(['patrol_stop_id'], 'patrol_stop', 'fk_hazard_patrol_stop_id_patrol_stop'),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_hazard_site_id_site'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['zone_id'], ['zone.id'], name=op.f('fk_hazard_zone_id_zone'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hazard')),
    sa.UniqueConstraint('code', name=op.f('uq_hazard_code'))
    )
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hazard_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_found_on'), ['found_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_grade'), ['grade'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_grid_id'), ['grid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_line_id'), ['line_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_minx'), ['minx'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_sector'), ['sector'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_site_id'), ['site_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_zone_id'), ['zone_id'], unique=False)

    op.create_table('patrol_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('grid_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=16), nullable=True),
    sa.Column('planned_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('start_site_id', sa.Integer(), nullable=True),
    sa.Column('route', sa.LargeBinary(), nullable=True),
    sa.Column('route_length_m', sa.Double(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['grid_id'], ['grid.id'], name=op.f('fk_patrol_assignment_grid_id_grid'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_patrol_assignment_person_id_person'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['start_site_id'], ['site.id'], name=op.f('fk_patrol_assignment_start_site_id_site'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patrol_assignment'))
    )
    with op.batch_alter_table('patrol_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patrol_assignment_grid_id'), ['grid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_patrol_assignment_period'), ['period'], unique=False)
        batch_op.create_index(batch_op.f('ix_patrol_assignment_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_patrol_assignment_planned_on'), ['planned_on'], unique=False)

    op.create_table('role_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('admin_unit_id', sa.Integer(), nullable=True),
    sa.Column('grid_id', sa.Integer(), nullable=True),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('zone_id', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.CheckConstraint('(CASE WHEN admin_unit_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN grid_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN site_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN zone_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_role_assignment_one_target')),
    sa.ForeignKeyConstraint(['admin_unit_id'], ['admin_unit.id'], name=op.f('fk_role_assignment_admin_unit_id_admin_unit'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['grid_id'], ['grid.id'], name=op.f('fk_role_assignment_grid_id_grid'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_role_assignment_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_role_assignment_site_id_site'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['zone_id'], ['zone.id'], name=op.f('fk_role_assignment_zone_id_zone'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_assignment'))
    )
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_assignment_admin_unit_id'), ['admin_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_assignment_grid_id'), ['grid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_assignment_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_assignment_role'), ['role'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_assignment_site_id'), ['site_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_assignment_zone_id'), ['zone_id'], unique=False)

    op.create_table('hazard_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hazard_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('from_status', sa.String(length=24), nullable=True),
    sa.Column('to_status', sa.String(length=24), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=50), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('signature_role', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['person.id'], name=op.f('fk_hazard_event_actor_id_person'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['hazard_id'], ['hazard.id'], name=op.f('fk_hazard_event_hazard_id_hazard'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hazard_event')),
    sa.UniqueConstraint('hazard_id', 'seq', name=op.f('uq_hazard_event_hazard_id_seq'))
    )
    with op.batch_alter_table('hazard_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hazard_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_event_hazard_id'), ['hazard_id'], unique=False)

    op.create_table('hazard_photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hazard_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('mime', sa.String(length=50), nullable=False),
    sa.Column('taken_at', sa.DateTime(), nullable=True),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['hazard_id'], ['hazard.id'], name=op.f('fk_hazard_photo_hazard_id_hazard'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hazard_photo'))
    )
    with op.batch_alter_table('hazard_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hazard_photo_hazard_id'), ['hazard_id'], unique=False)

    op.create_table('patrol_stop',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('visited_at', sa.DateTime(), nullable=True),
    sa.Column('result', sa.String(length=32), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['assignment_id'], ['patrol_assignment.id'], name=op.f('fk_patrol_stop_assignment_id_patrol_assignment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_patrol_stop_site_id_site'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patrol_stop')),
    sa.UniqueConstraint('assignment_id', 'seq', name=op.f('uq_patrol_stop_assignment_id_seq'))
    )
    with op.batch_alter_table('patrol_stop', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patrol_stop_assignment_id'), ['assignment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_patrol_stop_site_id'), ['site_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_patrol_stop_visited_at'), ['visited_at'], unique=False)

    if not _inline():
        for name, table, target, cols in FORWARD_FKS:
            op.create_foreign_key(op.f(name), table, target, cols, ["id"], ondelete="SET NULL")
    for stmt in SQLITE_APPEND_ONLY if _inline() else POSTGRES_APPEND_ONLY:
        op.execute(stmt)


def downgrade() -> None:
    if not _inline():
        for name, table, _target, _cols in FORWARD_FKS:
            op.drop_constraint(op.f(name), table, type_="foreignkey")
    with op.batch_alter_table('patrol_stop', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patrol_stop_visited_at'))
        batch_op.drop_index(batch_op.f('ix_patrol_stop_site_id'))
        batch_op.drop_index(batch_op.f('ix_patrol_stop_assignment_id'))

    op.drop_table('patrol_stop')
    with op.batch_alter_table('hazard_photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hazard_photo_hazard_id'))

    op.drop_table('hazard_photo')
    with op.batch_alter_table('hazard_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hazard_event_hazard_id'))
        batch_op.drop_index(batch_op.f('ix_hazard_event_at'))

    op.drop_table('hazard_event')
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_assignment_zone_id'))
        batch_op.drop_index(batch_op.f('ix_role_assignment_site_id'))
        batch_op.drop_index(batch_op.f('ix_role_assignment_role'))
        batch_op.drop_index(batch_op.f('ix_role_assignment_person_id'))
        batch_op.drop_index(batch_op.f('ix_role_assignment_grid_id'))
        batch_op.drop_index(batch_op.f('ix_role_assignment_admin_unit_id'))

    op.drop_table('role_assignment')
    with op.batch_alter_table('patrol_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patrol_assignment_planned_on'))
        batch_op.drop_index(batch_op.f('ix_patrol_assignment_person_id'))
        batch_op.drop_index(batch_op.f('ix_patrol_assignment_period'))
        batch_op.drop_index(batch_op.f('ix_patrol_assignment_grid_id'))

    op.drop_table('patrol_assignment')
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hazard_zone_id'))
        batch_op.drop_index(batch_op.f('ix_hazard_status'))
        batch_op.drop_index(batch_op.f('ix_hazard_site_id'))
        batch_op.drop_index(batch_op.f('ix_hazard_sector'))
        batch_op.drop_index(batch_op.f('ix_hazard_minx'))
        batch_op.drop_index(batch_op.f('ix_hazard_line_id'))
        batch_op.drop_index(batch_op.f('ix_hazard_grid_id'))
        batch_op.drop_index(batch_op.f('ix_hazard_grade'))
        batch_op.drop_index(batch_op.f('ix_hazard_found_on'))
        batch_op.drop_index(batch_op.f('ix_hazard_deadline'))

    op.drop_table('hazard')
    with op.batch_alter_table('duty_shift', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duty_shift_starts_at'))
        batch_op.drop_index(batch_op.f('ix_duty_shift_season_id'))
        batch_op.drop_index(batch_op.f('ix_duty_shift_person_id'))

    op.drop_table('duty_shift')
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_site_sector'))
        batch_op.drop_index(batch_op.f('ix_site_name'))
        batch_op.drop_index(batch_op.f('ix_site_minx'))
        batch_op.drop_index(batch_op.f('ix_site_grid_id'))
        batch_op.drop_index(batch_op.f('ix_site_category'))

    op.drop_table('site')
    with op.batch_alter_table('key_period', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_key_period_season_id'))

    op.drop_table('key_period')
    with op.batch_alter_table('zone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_zone_minx'))
        batch_op.drop_index(batch_op.f('ix_zone_kind'))
        batch_op.drop_index(batch_op.f('ix_zone_admin_unit_id'))

    op.drop_table('zone')
    with op.batch_alter_table('grid', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grid_village_id'))
        batch_op.drop_index(batch_op.f('ix_grid_minx'))

    op.drop_table('grid')
    with op.batch_alter_table('fire_season', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fire_season_admin_unit_id'))

    op.drop_table('fire_season')
    op.drop_table('project_setting')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_name'))

    op.drop_table('person')
    op.drop_table('patrol_rule')
    with op.batch_alter_table('line_asset', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_line_asset_minx'))
        batch_op.drop_index(batch_op.f('ix_line_asset_kind'))

    op.drop_table('line_asset')
    with op.batch_alter_table('admin_unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_admin_unit_parent_id'))
        batch_op.drop_index(batch_op.f('ix_admin_unit_minx'))

    op.drop_table('admin_unit')
    if not _inline():
        op.execute("DROP FUNCTION gridsafe_append_only()")
