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
)
with context.begin_transaction():
    context.run_migrations()
