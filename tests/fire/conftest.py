"""A project holding the fire world (tests/fire/world.py), on SQLite and on PostgreSQL."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from gis.model import Person
from tests.fire import world


@pytest.fixture
def fire_project(new_project):
    with new_project.transaction() as s:
        world.build(s)
    return new_project


def person(s, name: str) -> Person:
    return s.scalars(select(Person).where(Person.name == name)).one()
