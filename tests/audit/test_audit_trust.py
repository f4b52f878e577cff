"""A project whose audit triggers someone removed is refused like one missing any gridsafe trigger (gis/trust.py: the
fresh project it compares with carries them); on SQLite `gridsafe db repair` puts them back."""
from __future__ import annotations

import sqlite3

import pytest

from desktop import cli
from gis import store
from gis.errors import ProjectError
from gis.model import Person


def test_a_removed_audit_trigger_is_refused_and_repaired_on_sqlite(tmp_path, capsys):
    path = tmp_path / "p.gridsafe"
    store.create_project(path).close()
    with sqlite3.connect(path) as c:
        c.execute("DROP TRIGGER audit_person_update")
        c.execute("DROP TRIGGER audit_log_no_delete")
    with pytest.raises(ProjectError) as refused:
        store.open_project(path)
    assert "audit_person_update" in refused.value.message and "audit_log_no_delete" in refused.value.message

    assert cli.main(["db", "repair", str(path)]) == 0
    with store.open_project(path) as project:
        with project.transaction() as s:
            s.add(Person(name="李四"))
    with sqlite3.connect(path) as c:
        c.execute("UPDATE person SET name = '李五'")
        assert c.execute("SELECT action FROM audit_log WHERE table_name = 'person' ORDER BY id").fetchall() == [
            ("insert",), ("update",)]


def test_a_removed_audit_trigger_is_refused_on_postgresql(pg_server):
    url = pg_server.new_database()
    store.create_project(url).close()
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as c:
        c.exec_driver_sql("DROP TRIGGER audit_hazard ON hazard")
    engine.dispose()
    with pytest.raises(ProjectError) as refused:
        store.open_project(url)
    assert "audit_hazard" in refused.value.message
