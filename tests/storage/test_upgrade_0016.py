"""Migration 0016 (audit trail) on a project made at 0012: nothing is lost, on SQLite and PostgreSQL, every data table
gets its audit triggers, and an edit after the upgrade — gridsafe's and another program's — is audited.

tests/data/projects/v0012-demo.gridsafe.xz was written by gridsafe at schema 0012 (see test_upgrade_0013.py)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import select
from upgrade_copy import copy_into_postgresql, rows_after, unpack

from gis import store
from gis.audit import log, schema
from gis.model import Site

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "projects" / "v0012-demo.gridsafe.xz"


def _rows(url: str, geometry_sql) -> dict[str, list[tuple]]:
    return rows_after(url, geometry_sql, "0012")


def _edits_are_audited(target, plain_sql) -> None:
    with store.open_project(target) as project:
        with project.session() as s:
            assert log.count(s) == 0   # the upgrade itself writes no audit rows
            with s.connection() as c:
                tables = schema.data_tables(c)
        assert {"site", "hazard", "grid", "person", "self_check_report", "grid_code_history"} <= set(tables)
        project.operator = "王网格"
        with project.transaction() as s:
            site = s.scalars(select(Site).order_by(Site.id)).first()
            old_name, site.name = site.name, site.name + "（已更名）"
            sid = site.id
        # a feature table's GeoPackage triggers need ST_* functions a bare sqlite3 lacks: an attribute table
        plain_sql("UPDATE person SET phone = '13000000000' WHERE id = 1")
        with project.session() as s:
            (mine,) = log.history(s, "site", sid)
            (theirs,) = log.history(s, "person", 1)
    assert (mine.operator, mine.old, mine.new) == ("王网格", {"name": old_name}, {"name": old_name + "（已更名）"})
    assert theirs.operator is None and theirs.new == {"phone": "13000000000"}


def test_sqlite_upgrade_0012_keeps_every_row_and_audits_edits(tmp_path):
    path = unpack(FIXTURE, tmp_path / "项目0012.gridsafe")
    before = _rows(str(path), lambda t, c: c)

    assert store.upgrade_project(path) == ("0012", store.head_revision())

    assert _rows(str(path), lambda t, c: c) == before
    with sqlite3.connect(path) as c:
        assert c.execute("SELECT data_type FROM gpkg_contents WHERE table_name = 'audit_log'").fetchone() == (
            "attributes",)
        triggers = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def plain_sql(sql):   # the sqlite3 module as any program has it: no function of gridsafe's registered
        with sqlite3.connect(path) as c:
            c.execute(sql)

    _edits_are_audited(path, plain_sql)
    assert {f"audit_site_{a}" for a in ("insert", "update", "delete")} <= triggers


def test_postgresql_upgrade_0012_keeps_every_row_and_audits_edits(tmp_path, pg_server):
    path = unpack(FIXTURE, tmp_path / "项目0012.gridsafe")
    url = pg_server.new_database()
    copy_into_postgresql(path, url, "0012")
    geometry_sql = lambda t, col: f"ST_AsBinary({col}) AS {col}"
    before = _rows(url, geometry_sql)

    assert store.upgrade_project(url, backup_dir=tmp_path) == ("0012", store.head_revision())

    assert _rows(url, geometry_sql) == before
    from sqlalchemy import create_engine

    def plain_sql(sql):
        engine = create_engine(url, connect_args={"application_name": "psql"})
        with engine.begin() as c:
            c.exec_driver_sql(sql)
        engine.dispose()

    _edits_are_audited(url, plain_sql)
