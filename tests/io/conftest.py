from __future__ import annotations

import shutil

import pytest

from gis import store
from tests import smallworld


@pytest.fixture
def world(new_project):
    """The small township on the backend under test (SQLite and PostgreSQL)."""
    with new_project.transaction() as s:
        smallworld.build(s)
    return new_project


@pytest.fixture(scope="session")
def _world_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("world") / "w.gridsafe"
    with store.create_project(path) as project, project.transaction() as s:
        smallworld.build(s)
    return path


@pytest.fixture
def sqlite_world(_world_file, tmp_path):
    """A private copy of the small township as a SQLite project (copying is faster than building)."""
    path = tmp_path / "w.gridsafe"
    shutil.copy(_world_file, path)
    project = store.open_project(path)
    yield project
    project.close()
