"""Migration 0013 (grid code history) on a project made at 0012: nothing is lost, on SQLite and PostgreSQL, and
the upgraded project keeps a grid's old code.

tests/data/projects/v0012-demo.gridsafe.xz was written by gridsafe at schema 0012 (main at 3062c9b, with
tests/data/projects/make_v0010.py): the demo township with self-check reports, campaigns and the gas analysis.
"""
from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from upgrade_copy import copy_into_postgresql, rows_after, unpack

from gis import store
from gis.model import Grid, GridCodeHistory

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "projects" / "v0012-demo.gridsafe.xz"


def _rows(url: str, geometry_sql) -> dict[str, list[tuple]]:
    return rows_after(url, geometry_sql, "0012")


def _keeps_an_old_code(target) -> None:
    with store.open_project(target) as project, project.transaction() as s:
        grid = s.scalars(select(Grid).order_by(Grid.id)).first()
        s.add(GridCodeHistory(grid_id=grid.id, code=grid.code, valid_until=datetime(2026, 12, 5, 9), reason="分割网格"))
        gid = grid.id
    with store.open_project(target) as project, project.session() as s:
        assert s.execute(select(GridCodeHistory.grid_id, GridCodeHistory.reason)).all() == [(gid, "分割网格")]


def test_sqlite_upgrade_0012_keeps_every_row(tmp_path):
    path = unpack(FIXTURE, tmp_path / "项目0012.gridsafe")
    before = _rows(str(path), lambda t, c: c)
    assert len(before["self_check_report"]) > 0 and len(before["grid"]) > 10

    assert store.upgrade_project(path) == ("0012", store.head_revision())

    assert _rows(str(path.with_name(f"{path.name}.bak-0012")), lambda t, c: c) == before
    assert _rows(str(path), lambda t, c: c) == before
    with sqlite3.connect(path) as c:   # a GeoPackage attribute table, so GDAL and QGIS list it
        assert c.execute("SELECT data_type FROM gpkg_contents WHERE table_name = 'grid_code_history'"
                         ).fetchone() == ("attributes",)
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    _keeps_an_old_code(path)


def test_postgresql_upgrade_0012_keeps_every_row(tmp_path, pg_server):
    path = unpack(FIXTURE, tmp_path / "项目0012.gridsafe")
    url = pg_server.new_database()
    copy_into_postgresql(path, url, "0012")
    geometry_sql = lambda t, col: f"ST_AsBinary({col}) AS {col}"
    before = _rows(url, geometry_sql)

    assert store.upgrade_project(url, backup_dir=tmp_path) == ("0012", store.head_revision())

    assert _rows(url, geometry_sql) == before
    _keeps_an_old_code(url)
