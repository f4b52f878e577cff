"""Migration 0017 (accounts and roles) on a project made at 0012 (tests/data/projects/v0012-demo.gridsafe.xz): nothing
is lost on SQLite or PostgreSQL; on PostgreSQL the upgraded project has its group roles and row-level security, and
an account added afterwards is limited by it."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text

from gis import store
from tests.storage.upgrade_copy import copy_into_postgresql, rows_after, unpack

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "projects" / "v0012-demo.gridsafe.xz"


def test_sqlite_upgrade_keeps_every_row_and_registers_the_account_table(tmp_path):
    path = unpack(FIXTURE, tmp_path / "项目0012.gridsafe")
    before = rows_after(str(path), lambda t, c: c, "0012")
    assert store.upgrade_project(path) == ("0012", store.head_revision())
    assert rows_after(str(path), lambda t, c: c, "0012") == before
    with sqlite3.connect(path) as c:   # an empty GeoPackage attribute table: SQLite projects are single-user
        assert c.execute("SELECT data_type FROM gpkg_contents WHERE table_name = 'account'").fetchone() == ("attributes",)
        assert c.execute("SELECT count(*) FROM account").fetchone() == (0,)
    with store.open_project(path) as project:
        assert project.account is None


def test_postgresql_upgrade_keeps_every_row_and_limits_accounts(tmp_path, pg_server):
    from desktop.services import accounts as use

    path = unpack(FIXTURE, tmp_path / "项目0012.gridsafe")
    url = pg_server.new_database()
    copy_into_postgresql(path, url, "0012")
    geometry_sql = lambda t, col: f"ST_AsBinary({col}) AS {col}"
    before = rows_after(url, geometry_sql, "0012")
    assert store.upgrade_project(url, backup_dir=tmp_path) == ("0012", store.head_revision())
    assert rows_after(url, geometry_sql, "0012") == before
    with store.open_project(url) as project:
        assert project.account is None            # the owner: not limited
        with project.engine.connect() as c:
            assert set(c.execute(text("SELECT relname FROM pg_class WHERE relrowsecurity")).scalars()) == {
                "hazard", "hazard_event", "hazard_photo", "patrol_assignment", "patrol_stop", "account"}
            village = c.execute(text("SELECT left(code, 12) FROM grid ORDER BY code LIMIT 1")).scalar()
            inside = c.execute(text("SELECT count(*) FROM hazard h JOIN grid g ON g.id = h.grid_id "
                                    "WHERE left(g.code, 12) = :v"), {"v": village}).scalar()
        use.add(project, "up_v1", "village", "pw", area=village)
    with store.open_project(url.replace("gridsafe@", "up_v1@", 1), readonly=True) as project:
        assert project.account.role == "village"
        with project.session() as s:
            assert s.execute(text("SELECT count(*) FROM hazard WHERE grid_id IS NOT NULL")).scalar() == inside
