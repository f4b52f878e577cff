"""Migration 0014 (patrol evidence: tracks, photos, stop checks) on a project made at 0012 (the newest fixture):
nothing is lost on SQLite and PostgreSQL, and the upgraded project stores a track and a stop check."""
from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import numpy as np
from shapely.geometry import LineString
from sqlalchemy import select
from upgrade_copy import copy_into_postgresql, rows_after, unpack

from gis import store
from gis.model import PatrolStop, PatrolStopCheck, PatrolTrack, Person

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "projects" / "v0012-demo.gridsafe.xz"


def _stores_a_track(target) -> None:
    with store.open_project(target) as project, project.transaction() as s:
        person = s.scalars(select(Person).order_by(Person.id)).first()
        stop = s.scalars(select(PatrolStop).order_by(PatrolStop.id)).first()
        track = PatrolTrack(person_id=person.id, day=datetime(2026, 11, 20).date(), source_name="a.gpx",
                            started_at=datetime(2026, 11, 20, 8), ended_at=datetime(2026, 11, 20, 8, 1), fixes=2,
                            times=np.array([0, 60], "<u4").tobytes(), imported_at=datetime(2026, 12, 5, 11),
                            geom=LineString([(116.0, 39.0), (116.001, 39.0)]))
        s.add(track)
        s.flush()
        s.add(PatrolStopCheck(stop_id=stop.id, status="verified", track_id=track.id, tolerance_m=30,
                              checked_at=datetime(2026, 12, 5, 11), distance_m=3.5))
        sid = stop.id
    with store.open_project(target) as project, project.session() as s:
        assert s.execute(select(PatrolStopCheck.stop_id, PatrolStopCheck.status)).all() == [(sid, "verified")]
        t = s.scalars(select(PatrolTrack)).one()
        assert np.frombuffer(t.times, "<u4").tolist() == [0, 60] and t.datum == "wgs84" and t.dropped == 0


def test_sqlite_upgrade_to_0014_keeps_every_row(tmp_path):
    path = unpack(FIXTURE, tmp_path / "项目0012.gridsafe")
    before = rows_after(str(path), lambda t, c: c, "0012")
    assert len(before["patrol_stop"]) > 10

    assert store.upgrade_project(path) == ("0012", store.head_revision())

    assert rows_after(str(path), lambda t, c: c, "0012") == before
    with sqlite3.connect(path) as c:   # GeoPackage feature tables with R-trees, so GDAL and QGIS list them
        assert dict(c.execute("SELECT table_name, data_type FROM gpkg_contents WHERE table_name IN ('patrol_track', "
                                   "'patrol_evidence', 'patrol_stop_check')")
                    ) == {"patrol_track": "features", "patrol_evidence": "features", "patrol_stop_check": "attributes"}
        assert c.execute("SELECT count(*) FROM gpkg_extensions WHERE table_name IN ('patrol_track', 'patrol_evidence')"
                         " AND extension_name = 'gpkg_rtree_index'").fetchone() == (2,)
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    _stores_a_track(path)


def test_postgresql_upgrade_to_0014_keeps_every_row(tmp_path, pg_server):
    path = unpack(FIXTURE, tmp_path / "项目0012.gridsafe")
    url = pg_server.new_database()
    copy_into_postgresql(path, url, "0012")
    geometry_sql = lambda t, col: f"ST_AsBinary({col}) AS {col}"
    before = rows_after(url, geometry_sql, "0012")

    assert store.upgrade_project(url, backup_dir=tmp_path) == ("0012", store.head_revision())

    assert rows_after(url, geometry_sql, "0012") == before
    _stores_a_track(url)
