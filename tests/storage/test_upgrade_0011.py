"""Migration 0011 (line patrols) on a project made at 0010: nothing is lost, on SQLite and PostgreSQL, and the
upgraded project takes a line patrol (kind 'line', its pipeline, its result, a hazard naming it).

tests/data/projects/v0010-demo.gridsafe.xz was written by gridsafe at schema 0010 (branch gaspatrol before
0011, with tests/data/projects/make_v0010.py): the demo township with its gas pipelines, buildings and works, and
the gas analysis recorded in the ledger (hazards with building_id / works_id / finding).
"""
from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from upgrade_copy import copy_into_postgresql, snapshot, unpack, without_later_tables

from gis import store
from gis.model import Hazard, LineAsset, PatrolAssignment

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "projects" / "v0010-demo.gridsafe.xz"
GEOMETRY = {"admin_unit": "geom", "grid": "geom", "site": "geom", "line_asset": "geom", "zone": "geom",
            "hazard": "geom", "fire_permit": "geom", "patrol_assignment": "route", "building": "geom",
            "third_party_works": "geom"}
NEW_COLUMNS = {"hazard": ("patrol_assignment_id",), "patrol_assignment": ("line_id", "patrolled_on", "patrolled_m")}


def _old_project(tmp_path) -> Path:
    return unpack(FIXTURE, tmp_path / "项目0010.gridsafe")


def _rows(url: str, geometry_sql) -> dict[str, list[tuple]]:
    engine = create_engine(store.to_url(url))
    try:
        with engine.connect() as c:
            return without_later_tables(snapshot(c, geometry_sql, GEOMETRY, NEW_COLUMNS), "0010")
    finally:
        engine.dispose()


def _new_columns_empty(url: str) -> None:
    engine = create_engine(store.to_url(url))
    try:
        with engine.connect() as c:
            for table, columns in NEW_COLUMNS.items():
                filled = " OR ".join(f"{col} IS NOT NULL" for col in columns)
                assert c.exec_driver_sql(f"SELECT count(*) FROM {table} WHERE {filled}").scalar() == 0, table
    finally:
        engine.dispose()


def _takes_a_line_patrol(target) -> None:
    """The upgraded schema holds a done line patrol on a pipeline and a hazard that names it."""
    with store.open_project(target) as project, project.transaction() as s:
        grid_patrol = s.scalars(select(PatrolAssignment).order_by(PatrolAssignment.id)).first()
        pipe = s.scalars(select(LineAsset).where(LineAsset.kind == "gas_pipeline").order_by(LineAsset.id)).first()
        line = PatrolAssignment(kind="line", grid_id=grid_patrol.grid_id, person_id=grid_patrol.person_id,
                                period="2026-12", planned_on=date(2026, 12, 7), status="done", line_id=pipe.id,
                                patrolled_on=date(2026, 12, 7), patrolled_m=812.5, route=grid_patrol.route)
        s.add(line)
        s.flush()
        hazard = s.scalars(select(Hazard).order_by(Hazard.id)).first()
        hazard.patrol_assignment_id = line.id
        aid = line.id
    with store.open_project(target) as project, project.session() as s:
        line = s.get(PatrolAssignment, aid)
        assert (line.kind, line.line_id, line.patrolled_m) == ("line", pipe.id, 812.5)
        assert s.scalar(select(Hazard.id).where(Hazard.patrol_assignment_id == aid)) is not None


def test_sqlite_upgrade_0010_keeps_every_row(tmp_path):
    path = _old_project(tmp_path)
    url = str(path)
    before = _rows(url, lambda t, c: c)
    assert len(before["building"]) > 1000 and len(before["patrol_assignment"]) > 100
    with sqlite3.connect(path) as c:
        assert c.execute("SELECT count(*) FROM hazard WHERE finding IS NOT NULL").fetchone()[0] > 10

    assert store.upgrade_project(path) == ("0010", store.head_revision())

    assert _rows(str(path.with_name(f"{path.name}.bak-0010")), lambda t, c: c) == before   # the backup, whole
    assert _rows(url, lambda t, c: c) == before       # every row and geometry byte, the new columns aside
    _new_columns_empty(url)
    with sqlite3.connect(path) as c:                  # the kind CHECK now allows 'line', and still refuses others
        sql = c.execute("SELECT sql FROM sqlite_master WHERE name = 'patrol_assignment'").fetchone()[0]
        assert "kind IN ('grid','ranger','line')" in sql
        assert "CONSTRAINT fk_patrol_assignment_line_id_line_asset FOREIGN KEY(line_id) REFERENCES line_asset" in sql
        assert c.execute("PRAGMA foreign_key_check").fetchall() == []
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with store.open_project(path) as project, project.engine.begin() as c, pytest.raises(Exception, match="CHECK"):
        c.exec_driver_sql("UPDATE patrol_assignment SET kind = 'boat' WHERE id = 1")
    _takes_a_line_patrol(path)


def test_upgraded_0010_project_is_a_geopackage_gdal_reads(tmp_path):
    import pyogrio

    path = _old_project(tmp_path)
    store.upgrade_project(path, backup=False)
    with pytest.warns(RuntimeWarning, match="non conformant file extension"):
        listed = dict(pyogrio.list_layers(path))
    assert set(GEOMETRY) <= set(listed)
    info = pyogrio.read_info(path, layer="patrol_assignment")
    assert info["geometry_name"] == "route" and info["crs"] == "EPSG:4490" and info["features"] > 100
    assert {"line_id", "patrolled_on", "patrolled_m"} <= set(info["fields"])


def test_postgresql_upgrade_0010_keeps_every_row(tmp_path, pg_server):
    path = _old_project(tmp_path)
    url = pg_server.new_database()
    copy_into_postgresql(path, url, "0010")
    geometry_sql = lambda t, col: f"ST_AsBinary({col}) AS {col}"
    before = _rows(url, geometry_sql)
    assert len(before["building"]) > 1000

    assert store.upgrade_project(url, backup_dir=tmp_path) == ("0010", store.head_revision())

    assert _rows(url, geometry_sql) == before
    _new_columns_empty(url)
    _takes_a_line_patrol(url)
