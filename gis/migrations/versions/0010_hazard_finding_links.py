"""hazard finding links: a hazard found by the pipeline analysis names its building or works and its kind

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 04:50:00

Issue 13: a pipeline safety finding becomes a hazard linked to its pipeline (line_id) and to the building
(building_id) or third-party works (works_id) it is about; `finding` is the analysis kind that made it
(occupation, clearance, third_party_works), so a re-run matches kind + pipeline + feature and does not
duplicate it. Hazards recorded by people leave all three empty. Deleting a building or works (a 占压 removed)
keeps the hazard and empties the link (ON DELETE SET NULL). Existing rows keep every value.

On SQLite a plain ADD COLUMN (batch_alter_table would rebuild the feature table, its R-tree triggers and the
event history's foreign keys), then the named foreign keys written into the table's declaration by SQLite's
writable_schema procedure, as gpkg.rewrite_declarations does; the table stays a GeoPackage feature table.
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

# column, referenced table
LINKS = [("building_id", "building"), ("works_id", "third_party_works")]


def _fk(column: str, table: str) -> str:
    return (f"CONSTRAINT fk_hazard_{column}_{table} FOREIGN KEY({column}) REFERENCES {table} (id) "
            "ON DELETE SET NULL")


def _rewrite_hazard(conn, edit) -> None:
    """SQLite: edit hazard's CREATE TABLE text by SQLite's writable_schema procedure. Adding or removing a
    FOREIGN KEY clause keeps the stored format (the new columns are empty, so the constraint holds); ADD
    COLUMN itself cannot add a table constraint, and a column-level REFERENCES loses its name and ON DELETE
    when read back."""
    sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'hazard'").scalar()
    new = edit(sql)
    version = conn.exec_driver_sql("PRAGMA schema_version").scalar()
    conn.exec_driver_sql("PRAGMA writable_schema=ON")
    try:
        conn.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'hazard'", (new,))
        conn.exec_driver_sql(f"PRAGMA schema_version={int(version) + 1}")
    finally:
        conn.exec_driver_sql("PRAGMA writable_schema=OFF")


def _add_fks(sql: str) -> str:
    body = sql.rstrip()
    assert body.endswith(")"), "hazard's CREATE TABLE ends with )"
    return body[:-1].rstrip() + "".join(f", \n\t{_fk(c, t)}" for c, t in LINKS) + "\n)"


def _drop_fks(sql: str) -> str:
    for c, t in LINKS:
        sql = sql.replace(f", \n\t{_fk(c, t)}", "")
    return sql


def upgrade() -> None:
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    for column, table in LINKS:
        if sqlite:
            op.execute(f"ALTER TABLE hazard ADD COLUMN {column} INTEGER")
        else:
            op.add_column("hazard", sa.Column(column, sa.Integer(), nullable=True))
            op.create_foreign_key(op.f(f"fk_hazard_{column}_{table}"), "hazard", table, [column], ["id"],
                                  ondelete="SET NULL")
        op.create_index(op.f(f"ix_hazard_{column}"), "hazard", [column])
    if sqlite:
        _rewrite_hazard(conn, _add_fks)
    op.add_column("hazard", sa.Column("finding", sa.String(length=32), nullable=True))


def downgrade() -> None:
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        op.execute("ALTER TABLE hazard DROP COLUMN finding")
        _rewrite_hazard(conn, _drop_fks)
    else:
        op.drop_column("hazard", "finding")
    for column, table in reversed(LINKS):
        op.drop_index(op.f(f"ix_hazard_{column}"), "hazard")
        if sqlite:
            op.execute(f"ALTER TABLE hazard DROP COLUMN {column}")
        else:
            op.drop_constraint(op.f(f"fk_hazard_{column}_{table}"), "hazard", type_="foreignkey")
            op.drop_column("hazard", column)
