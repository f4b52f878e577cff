"""Alembic environment: always driven from gis.store with a live connection (no alembic.ini)."""
from alembic import context

from gis.model import Base
from gis.model.base import include_name
from gis.model.geometry import compare_type

config = context.config
connection = config.attributes["connection"]

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite needs batch mode for ALTER
    compare_type=compare_type,
    include_name=include_name,
    # gis.trust builds a fresh schema beside a project's (rolled back): its own alembic_version, not the project's
    version_table_schema=config.attributes.get("version_table_schema"),
)
with context.begin_transaction():
    context.run_migrations()
