"""defaults for other tools: a feature added in QGIS gets what gridsafe fills in itself

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 04:35:00

gridsafe fills a site's status and every feature's attributes in Python; a row inserted by QGIS, ArcGIS or
SQL had none and was refused (NOT NULL). The columns get the same values as database defaults. The site's
grid is derived on gridsafe's next open (0007's log). Only declarations change; no row is touched.
"""
from alembic import op

from gis.model import gpkg

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

DEFAULTS = {
    "site": {"status": "'normal'", "attributes": "'{}'"},
    "line_asset": {"attributes": "'{}'"},
    "zone": {"attributes": "'{}'"},
    "grid": {"kind": "'comprehensive'"},
}


def _apply(defaults) -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        gpkg.rewrite_declarations(conn, defaults=defaults)
        return
    for table, columns in defaults.items():
        conn.exec_driver_sql(f"ALTER TABLE {table} " + ", ".join(
            f"ALTER COLUMN {c} " + (f"SET DEFAULT {d}" if d is not None else "DROP DEFAULT")
            for c, d in columns.items()))


def upgrade() -> None:
    _apply(DEFAULTS)


def downgrade() -> None:
    _apply({t: dict.fromkeys(cols) for t, cols in DEFAULTS.items()})
