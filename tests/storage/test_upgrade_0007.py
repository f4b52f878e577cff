"""Migration 0007 on a project made by the version before it: nothing is lost, on SQLite and PostgreSQL.

tests/data/projects/v0006-demo.gridsafe.xz was written by gridsafe at schema 0006 (commit d10cbb2, with
tests/data/projects/make_v0006.py): the demo township with its hazard histories and patrol plans, imported
sites (one a polygon), a MultiLineString pipeline and a MultiPolygon zone, and two photos on a hazard.
"""
from __future__ import annotations

import lzma
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
import shapely
from sqlalchemy import create_engine
from upgrade_copy import BOX, copy_into_postgresql, snapshot, without_later_tables

from gis import store
from gis.model.geometry import gpkg_wkb

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "projects" / "v0006-demo.gridsafe.xz"
GEOMETRY = {"admin_unit": "geom", "grid": "geom", "site": "geom", "line_asset": "geom", "zone": "geom",
            "hazard": "geom", "fire_permit": "geom", "patrol_assignment": "route"}
# what later migrations add (0009: gas pipeline data; 0010: hazard finding links): empty after the upgrade, left out of the comparison
LATER_TABLES = {"building": "geom", "third_party_works": "geom", "patrol_track": "geom", "patrol_evidence": "geom",
                "tipoff": "geom"}
LATER_COLUMNS = {"line_asset": ("outside_diameter_mm", "depth_m", "last_inspected_on"),
                 "hazard": ("building_id", "works_id", "finding", "patrol_assignment_id"),   # 0010, 0011
                 "patrol_assignment": ("line_id", "patrolled_on", "patrolled_m")}          # 0011


def _old_project(tmp_path) -> Path:
    path = tmp_path / "老项目.gridsafe"
    with lzma.open(FIXTURE) as src, open(path, "wb") as dst:
        shutil.copyfileobj(src, dst)
    return path


def _snapshot(conn, geometry_sql) -> dict[str, list[tuple]]:
    return snapshot(conn, geometry_sql, GEOMETRY, LATER_COLUMNS)


def _later_data_is_empty(conn, after: dict[str, list[tuple]]) -> None:
    """The tables and columns later migrations add are there, and empty; then dropped from `after`."""
    without_later_tables(after, "0006")
    for table, columns in LATER_COLUMNS.items():
        filled = " OR ".join(f"{c} IS NOT NULL" for c in columns)
        assert conn.exec_driver_sql(f"SELECT count(*) FROM {table} WHERE {filled}").scalar() == 0, table


def _old_sqlite(path: Path) -> dict[str, list[tuple]]:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as c:
            return _snapshot(c, lambda t, c: c)
    finally:
        engine.dispose()


def test_sqlite_upgrade_keeps_every_row_and_geometry(tmp_path):
    path = _old_project(tmp_path)
    before = _old_sqlite(path)
    assert len(before["hazard_photo"]) == 2 and len(before["hazard_event"]) > 1000
    assert any(shapely.from_wkb(r[-1]).geom_type == "Polygon" for r in before["site"] if r[-1])

    assert store.upgrade_project(path) == ("0006", store.head_revision())

    backup = path.with_name(f"{path.name}.bak-0006")
    assert _old_sqlite(backup) == before          # the backup is the old project, whole
    with store.open_project(path) as project, project.engine.connect() as c:
        after = _snapshot(c, lambda t, col: col)
        _later_data_is_empty(c, after)
    assert after.keys() == before.keys()
    for table, rows in before.items():
        column = GEOMETRY.get(table)
        if column is None:
            assert after[table] == rows, table
            continue
        cols = [c for c in _column_names(backup, table) if c not in BOX]
        g = cols.index(column)
        assert len(after[table]) == len(rows), table
        for old, new in zip(rows, after[table], strict=True):
            assert old[:g] + old[g + 1:] == new[:g] + new[g + 1:], table
            # the same WKB, byte for byte, inside the GeoPackage header
            assert (old[g] is None and new[g] is None) or gpkg_wkb(new[g]) == old[g], (table, old[0])


def _column_names(path: Path, table: str) -> list[str]:
    with sqlite3.connect(path) as c:
        return [r[1] for r in c.execute(f"PRAGMA table_info({table})")]


def test_upgraded_sqlite_project_is_a_geopackage_gdal_reads(tmp_path):
    import pyogrio

    path = _old_project(tmp_path)
    before = _old_sqlite(path)
    store.upgrade_project(path, backup=False)
    with pytest.warns(RuntimeWarning, match="non conformant file extension"):   # .gridsafe, not .gpkg
        listed = dict(pyogrio.list_layers(path))
    for table, column in {**GEOMETRY, **LATER_TABLES}.items():
        assert table in listed
        info = pyogrio.read_info(path, layer=table)
        assert info["features"] == len(before.get(table, [])) and info["geometry_name"] == column
        assert info["crs"] == "EPSG:4490"
    # a site polygon read by GDAL is the geometry gridsafe stored
    df = pyogrio.read_dataframe(path, layer="site", columns=["name"])
    area = df[df["name"] == "湛南物流园"].geometry.iloc[0]
    assert area.geom_type == "Polygon" and area.area > 0


def test_append_only_events_refuse_other_clients_after_upgrade(tmp_path):
    path = _old_project(tmp_path)
    store.upgrade_project(path, backup=False)
    with sqlite3.connect(path) as c:   # a plain SQLite client, as a DB browser would be
        with pytest.raises(sqlite3.DatabaseError):
            c.execute("UPDATE hazard_event SET note = 'x' WHERE id = 1")
        with pytest.raises(sqlite3.DatabaseError):
            c.execute("DELETE FROM hazard_event")


# --- PostgreSQL: the same old project, written into a 0006 PostgreSQL database ---------------------------

def test_postgresql_upgrade_keeps_every_row_and_geometry(tmp_path, pg_server):
    path = _old_project(tmp_path)
    url = pg_server.new_database()
    copy_into_postgresql(path, url, "0006")
    engine = create_engine(store.to_url(url))
    try:
        with engine.connect() as c:
            before = _snapshot(c, lambda t, col: col)
    finally:
        engine.dispose()
    assert len(before["hazard_photo"]) == 2

    assert store.upgrade_project(url, backup_dir=tmp_path) == ("0006", store.head_revision())
    dump = store.backup_path(url, "0006", tmp_path)          # pg_dump's backup, taken first
    listing = subprocess.run(["pg_restore", "--list", str(dump)], capture_output=True, text=True, check=True).stdout
    assert "TABLE DATA public hazard_event" in listing and "TABLE DATA public hazard_photo" in listing

    with store.open_project(url) as project, project.engine.connect() as c:
        after = _snapshot(c, lambda t, col: f"ST_AsBinary({col}) AS {col}")
        _later_data_is_empty(c, after)
        types = dict(c.exec_driver_sql(
            "SELECT f_table_name, type FROM geometry_columns WHERE srid = 4490").fetchall())
        gist = {r[0] for r in c.exec_driver_sql(
            "SELECT tablename FROM pg_indexes WHERE indexdef LIKE '%%USING gist%%'").fetchall()}
    assert after == before
    assert types == {"admin_unit": "GEOMETRY", "grid": "GEOMETRY", "site": "GEOMETRY", "line_asset": "GEOMETRY",
                     "zone": "GEOMETRY", "hazard": "POINT", "fire_permit": "POINT", "patrol_assignment": "LINESTRING",
                     "building": "GEOMETRY", "third_party_works": "GEOMETRY", "patrol_track": "LINESTRING",
                     "patrol_evidence": "POINT", "tipoff": "POINT"}
    assert gist == set(GEOMETRY) | set(LATER_TABLES)
