"""Alembic history: empty → head → base → head on both backends, and the model matches head."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from gis import store
from gis.model import Base


def _tables(url: str) -> set[str]:
    engine = create_engine(store.to_url(url))
    try:
        with engine.connect() as c:
            return set(inspect(c).get_table_names())
    finally:
        engine.dispose()


def test_history_is_linear_from_one_base():
    scripts = store.script_directory()
    assert len(scripts.get_bases()) == 1
    assert len(scripts.get_heads()) == 1


def test_empty_head_base_head(new_project, project_url):
    model_tables = set(Base.metadata.tables)
    assert model_tables <= _tables(project_url)
    store.migrate(new_project, "base")
    assert _tables(project_url) <= {"alembic_version"}
    store.migrate(new_project, "head")
    assert model_tables <= _tables(project_url)
    with new_project.engine.connect() as c:
        assert MigrationContext.configure(c).get_current_revision() == store.head_revision()


def test_every_step_down_and_up(new_project):
    revisions = [s.revision for s in store.script_directory().walk_revisions()]  # head first
    for rev in revisions[1:]:
        store.migrate(new_project, rev)
    store.migrate(new_project, "base")
    for rev in reversed(revisions):
        store.migrate(new_project, rev)
    with new_project.engine.connect() as c:
        assert MigrationContext.configure(c).get_current_revision() == revisions[0]


def test_model_matches_head_migration(new_project):
    with new_project.engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c, opts={"compare_type": True}), Base.metadata)
    assert diff == []
