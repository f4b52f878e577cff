from __future__ import annotations

import pytest

from gis import store
from tests import smallworld


@pytest.fixture
def world(new_project):
    """The small township on the backend under test (SQLite and PostgreSQL)."""
    with new_project.transaction() as s:
        smallworld.build(s)
    return new_project


@pytest.fixture
def sqlite_world(tmp_path):
    project = store.create_project(tmp_path / "w.gridsafe")
    with project.transaction() as s:
        smallworld.build(s)
    yield project
    project.close()
