"""line patrols: an assignment of kind 'line' patrols a stretch of a gas pipeline; its result is a date and a length

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 05:20:00

Issue 13 (巡线). `patrol_assignment` gains:
- kind 'line' (the CHECK allows grid, ranger, line);
- line_id → line_asset (the pipeline patrolled; ON DELETE SET NULL: deleting a pipeline keeps its patrol
  history, the 巡检长度 of past periods);
- patrolled_on (the day the patrol was done) and patrolled_m (the length patrolled: the route's, or the part
  stated when the result was recorded).
`hazard` gains patrol_assignment_id (→ patrol_assignment, ON DELETE SET NULL): a hazard found on a line patrol
names it, as a hazard found on a grid patrol names its stop (patrol_stop_id). Existing rows keep every value;
the new columns are empty.

On SQLite plain ADD COLUMNs, then the named foreign keys and the widened CHECK written into the declarations by
SQLite's writable_schema procedure (gpkg.edit_declaration; as 0010 did for hazard), so the feature table, its
R-tree triggers and the event history stay as they are. Downgrading refuses nothing: line assignments (and their
hazards' links) are deleted first, then the columns dropped.
"""
import sqlalchemy as sa
from alembic import op

from gis.model import gpkg

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('grid','ranger')"
NEW_KINDS = "kind IN ('grid','ranger','line')"
# table, column, referenced table
LINKS = [("patrol_assignment", "line_id", "line_asset"), ("hazard", "patrol_assignment_id", "patrol_assignment")]
RESULT_COLUMNS = [("patrolled_on", sa.Date, "DATE"), ("patrolled_m", sa.Float, "DOUBLE")]


def _fk_name(table: str, column: str, ref: str) -> str:
    return f"fk_{table}_{column}_{ref}"


def _fk(table: str, column: str, ref: str) -> str:
    return f"CONSTRAINT {_fk_name(table, column, ref)} FOREIGN KEY({column}) REFERENCES {ref} (id) ON DELETE SET NULL"


def _add_fk(table, column, ref):
    def edit(sql: str) -> str:
        body = sql.rstrip()
        assert body.endswith(")"), f"{table}'s CREATE TABLE ends with )"
        return body[:-1].rstrip() + f", \n\t{_fk(table, column, ref)}\n)"
    return edit


def _drop_fk(table, column, ref):
    return lambda sql: sql.replace(f", \n\t{_fk(table, column, ref)}", "")


def _kinds(old: str, new: str):
    def edit(sql: str) -> str:
        assert old in sql, "patrol_assignment's kind CHECK"
        return sql.replace(old, new)
    return edit


def upgrade() -> None:
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        gpkg.edit_declaration(conn, "patrol_assignment", _kinds(OLD_KINDS, NEW_KINDS))
    else:
        op.drop_constraint(op.f("ck_patrol_assignment_kind"), "patrol_assignment", type_="check")
        op.create_check_constraint(op.f("ck_patrol_assignment_kind"), "patrol_assignment", NEW_KINDS)
    for table, column, ref in LINKS:
        if sqlite:
            op.execute(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER")
            gpkg.edit_declaration(conn, table, _add_fk(table, column, ref))
        else:
            op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
            op.create_foreign_key(op.f(_fk_name(table, column, ref)), table, ref, [column], ["id"], ondelete="SET NULL")
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])
    for column, type_, declared in RESULT_COLUMNS:
        if sqlite:
            op.execute(f"ALTER TABLE patrol_assignment ADD COLUMN {column} {declared}")
        else:
            op.add_column("patrol_assignment", sa.Column(column, type_(), nullable=True))


def downgrade() -> None:
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    # the older schema has no place for line patrols: they go, and their hazards forget them
    op.execute("UPDATE hazard SET patrol_assignment_id = NULL")
    op.execute("DELETE FROM patrol_stop WHERE assignment_id IN (SELECT id FROM patrol_assignment WHERE kind = 'line')")
    op.execute("DELETE FROM patrol_assignment WHERE kind = 'line'")
    for column, _type, _declared in reversed(RESULT_COLUMNS):
        if sqlite:
            op.execute(f"ALTER TABLE patrol_assignment DROP COLUMN {column}")
        else:
            op.drop_column("patrol_assignment", column)
    for table, column, ref in reversed(LINKS):
        op.drop_index(op.f(f"ix_{table}_{column}"), table)
        if sqlite:
            gpkg.edit_declaration(conn, table, _drop_fk(table, column, ref))
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        else:
            op.drop_constraint(op.f(_fk_name(table, column, ref)), table, type_="foreignkey")
            op.drop_column(table, column)
    if sqlite:
        gpkg.edit_declaration(conn, "patrol_assignment", _kinds(NEW_KINDS, OLD_KINDS))
    else:
        op.drop_constraint(op.f("ck_patrol_assignment_kind"), "patrol_assignment", type_="check")
        op.create_check_constraint(op.f("ck_patrol_assignment_kind"), "patrol_assignment", OLD_KINDS)
