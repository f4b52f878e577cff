"""Migration 0015 (tip-off register) on a project made at 0012 (the fixture before 0013): nothing is lost, on
SQLite and PostgreSQL, and the upgraded project keeps a tip-off with its place, history and photo.

tests/data/projects/v0012-demo.gridsafe.xz was written by gridsafe at schema 0012 (see test_upgrade_0013.py).
"""
from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from shapely.geometry import Point
from sqlalchemy import select
from upgrade_copy import copy_into_postgresql, rows_after, unpack

from gis import store
from gis.model import TipOff, TipOffEvent, TipOffPhoto

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "projects" / "v0012-demo.gridsafe.xz"


def _rows(url: str, geometry_sql) -> dict[str, list[tuple]]:
    return rows_after(url, geometry_sql, "0012")


def _keeps_a_tipoff(target) -> None:
    with store.open_project(target) as project, project.transaction() as s:
        t = TipOff(code="JB2026-00001", channel="hotline_12345", received_at=datetime(2026, 12, 5, 9),
                   description="路边有人私自倒卖液化气", geom=Point(113.5, 34.5), reporter_contact="13812345678")
        s.add(t)
        s.flush()
        s.add(TipOffEvent(tipoff_id=t.id, seq=1, action="receive", to_status="received", actor_name="张三"))
        s.add(TipOffPhoto(tipoff_id=t.id, filename="a.png", mime="image/png", data=b"\x89PNG\r\n\x1a\n"))
    with store.open_project(target) as project, project.session() as s:
        got = s.scalars(select(TipOff)).one()
        assert (got.code, got.status, got.geom.x, got.geom.y) == ("JB2026-00001", "received", 113.5, 34.5)
        assert [e.action for e in got.events] == ["receive"] and len(got.photos) == 1


def test_sqlite_upgrade_to_0015_keeps_every_row(tmp_path):
    path = unpack(FIXTURE, tmp_path / "项目0012.gridsafe")
    before = _rows(str(path), lambda t, c: c)
    assert len(before["hazard"]) > 0 and len(before["grid"]) > 10

    assert store.upgrade_project(path) == ("0012", store.head_revision())

    assert _rows(str(path), lambda t, c: c) == before
    with sqlite3.connect(path) as c:   # a GeoPackage feature table with its R-tree, so GDAL and QGIS draw it
        assert c.execute("SELECT data_type FROM gpkg_contents WHERE table_name = 'tipoff'").fetchone() == ("features",)
        assert c.execute("SELECT geometry_type_name FROM gpkg_geometry_columns WHERE table_name = 'tipoff'"
                         ).fetchone() == ("POINT",)
        assert c.execute("SELECT count(*) FROM gpkg_extensions WHERE table_name = 'tipoff'").fetchone() == (1,)
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    _keeps_a_tipoff(path)
    with sqlite3.connect(path) as c:
        assert c.execute("SELECT count(*) FROM rtree_tipoff_geom").fetchone() == (1,)


def test_postgresql_upgrade_to_0015_keeps_every_row(tmp_path, pg_server):
    path = unpack(FIXTURE, tmp_path / "项目0012.gridsafe")
    url = pg_server.new_database()
    copy_into_postgresql(path, url, "0012")
    geometry_sql = lambda t, col: f"ST_AsBinary({col}) AS {col}"
    before = _rows(url, geometry_sql)

    assert store.upgrade_project(url, backup_dir=tmp_path) == ("0012", store.head_revision())

    assert _rows(url, geometry_sql) == before
    _keeps_a_tipoff(url)
