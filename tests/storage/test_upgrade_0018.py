"""Migration 0018 (live updates) on a project made at 0012: nothing is lost on either backend; on PostgreSQL every
table then notifies the other workstations of a committed change, on SQLite (single user) nothing more is made.

tests/data/projects/v0012-demo.gridsafe.xz was written by gridsafe at schema 0012 (see test_upgrade_0013.py)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
from sqlalchemy import inspect
from upgrade_copy import copy_into_postgresql, rows_after, unpack

from gis import live, store

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "projects" / "v0012-demo.gridsafe.xz"


def test_sqlite_upgrade_to_0018_keeps_every_row_and_adds_no_trigger(tmp_path):
    path = unpack(FIXTURE, tmp_path / "项目0012.gridsafe")
    before = rows_after(str(path), lambda t, c: c, "0012")
    with sqlite3.connect(path) as c:
        triggers = set(c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall())
    assert store.upgrade_project(path) == ("0012", store.head_revision())
    assert rows_after(str(path), lambda t, c: c, "0012") == before
    with sqlite3.connect(path) as c:
        after = set(c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall())
    store.create_project(tmp_path / "新.gridsafe").close()
    with sqlite3.connect(tmp_path / "新.gridsafe") as c:      # what a project made now has (0014-0017 add some)
        fresh = set(c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall())
    assert triggers < after == fresh and not [n for (n,) in after if "notify" in n]   # 0018's are PostgreSQL's only


def test_postgresql_upgrade_to_0018_keeps_every_row_and_every_table_notifies(tmp_path, pg_server):
    path = unpack(FIXTURE, tmp_path / "项目0012.gridsafe")
    url = pg_server.new_database()
    copy_into_postgresql(path, url, "0012")
    geometry_sql = lambda t, col: f"ST_AsBinary({col}) AS {col}"
    before = rows_after(url, geometry_sql, "0012")

    assert store.upgrade_project(url, backup_dir=tmp_path) == ("0012", store.head_revision())

    assert rows_after(url, geometry_sql, "0012") == before
    with store.open_project(url) as project:   # the upgraded schema is the fresh one (gis.trust.pg_check)
        with project.engine.connect() as c:
            tables = set(inspect(c).get_table_names()) - live.SILENT
            watched = {r[0]: r[1] for r in c.exec_driver_sql(
                "SELECT c.relname, count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname LIKE '%%notify%%' GROUP BY c.relname")}
        assert watched == {t: 3 for t in tables}
        engine = project.engine
        args, kwargs = engine.dialect.create_connect_args(engine.url)
        with psycopg.connect(*args, **kwargs, autocommit=True) as listener:
            listener.execute(f"LISTEN {live.CHANNEL}")
            with project.engine.begin() as c:   # a change from another tool, e.g. a bulk update in psql
                n = c.exec_driver_sql("UPDATE hazard SET description = description || '。'").rowcount
            got = [live.parse(x.payload) for x in listener.notifies(timeout=1, stop_after=1)]
    assert n > 0 and [(g.table, g.op) for g in got] == [("hazard", "UPDATE")]
    assert got[0].change.kinds == {"hazards"} and (got[0].ids is None) == (n > live.IDS_CAP)
