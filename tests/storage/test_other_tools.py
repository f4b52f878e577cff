"""Other GIS tools open a project and edit it; gridsafe sees their edits on its next open.

On SQLite the edits are made by GDAL itself (Debian's python3-gdal, the library QGIS edits GeoPackages
with), on PostgreSQL by SQL as QGIS sends it. A moved site gets its new grid, a reshaped grid re-sorts the
sites it covered, a redrawn patrol route gets its length, a site added with only a name and a category gets
gridsafe's defaults and its grid, and the spatial index follows.
"""
from __future__ import annotations

import shutil
import subprocess
import textwrap
from datetime import date

import psycopg
import pytest
import shapely
from shapely.geometry import LineString, box
from sqlalchemy import select
from sqlalchemy.engine import make_url

from gis import repo, spatial, store
from gis.geo.crs import STORAGE, measure_crs, transform
from gis.model import PatrolAssignment, Site
from tests import smallworld

SYSTEM_PYTHON = "/usr/bin/python3"   # Debian's, with python3-gdal (.ci/run installs it)
NEW_PLACE = (113.38, 33.61)          # in the east village's south-east grid
NEW_ROUTE = LineString([(113.21, 33.61), (113.29, 33.61), (113.29, 33.69)])
ADDED = (113.31, 33.69)              # a site added in the other tool, with only the fields a user types


@pytest.fixture
def world(new_project):
    with new_project.transaction() as s:
        w = smallworld.build(s)
        a = PatrolAssignment(grid_id=w["sites"][0].grid_id, person_id=w["people"][1].id, planned_on=date(2026, 11, 23), status="planned",
                             priority=0, route=LineString([(113.21, 33.61), (113.22, 33.62)]), route_length_m=1.0)
        s.add(a)
        s.flush()
        ids = {"factory": w["sites"][0].id, "school": w["sites"][2].id, "assignment": a.id,
               "school_grid": w["sites"][2].grid_id}
    url = new_project.url
    new_project.close()
    store.open_project(url).close()    # gridsafe's own writes are caught up once; the log is empty now
    return url, ids


def _gdal_edit(path: str, ids: dict, shrunk) -> None:
    if shutil.which(SYSTEM_PYTHON) is None:
        pytest.fail("Debian's python3 with python3-gdal is needed (apt-get install python3-gdal)")
    script = textwrap.dedent(f"""
        from osgeo import ogr
        ogr.UseExceptions()
        ds = ogr.Open({path!r}, 1)
        def put(layer, fid, wkt):
            lyr = ds.GetLayerByName(layer)
            f = lyr.GetFeature(fid)
            f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
            lyr.SetFeature(f)
        put("site", {ids['factory']}, "POINT ({NEW_PLACE[0]} {NEW_PLACE[1]})")
        put("grid", {ids['school_grid']}, {shrunk.wkt!r})
        put("patrol_assignment", {ids['assignment']}, {NEW_ROUTE.wkt!r})
        sites = ds.GetLayerByName("site")
        f = ogr.Feature(sites.GetLayerDefn())
        f.SetField("name", "新增加油站")
        f.SetField("category", "industry_trade_enterprise")
        f.SetGeometry(ogr.CreateGeometryFromWkt("POINT ({ADDED[0]} {ADDED[1]})"))
        sites.CreateFeature(f)
        ds = None
    """)
    run = subprocess.run([SYSTEM_PYTHON, "-c", script], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def _sql_edit(url: str, ids: dict, shrunk) -> None:
    u = make_url(url)
    with psycopg.connect(host=u.query["host"], dbname=u.database, user=u.username) as conn:
        conn.execute("UPDATE site SET geom = ST_SetSRID(ST_MakePoint(%s, %s), 4490) WHERE id = %s",
                     (*NEW_PLACE, ids["factory"]))
        conn.execute("UPDATE grid SET geom = ST_GeomFromText(%s, 4490) WHERE id = %s", (shrunk.wkt, ids["school_grid"]))
        conn.execute("UPDATE patrol_assignment SET route = ST_GeomFromText(%s, 4490) WHERE id = %s",
                     (NEW_ROUTE.wkt, ids["assignment"]))
        conn.execute("INSERT INTO site (name, category, geom) VALUES ('新增加油站', 'industry_trade_enterprise', "
                     "ST_SetSRID(ST_MakePoint(%s, %s), 4490))", ADDED)


def test_edits_from_another_tool_are_caught_up_on_open(world, backend):
    url, ids = world
    with store.open_project(url) as p, p.session() as s:
        school = s.get(Site, ids["school"])
        grid_geom = school.grid.geom
        assert grid_geom.covers(school.geom)
    shrunk = box(*grid_geom.bounds[:2], grid_geom.bounds[0] + 0.001, grid_geom.bounds[1] + 0.001)
    assert not shrunk.covers(school.geom)

    if backend == "sqlite":
        _gdal_edit(str(store.sqlite_path(store.to_url(url))), ids, shrunk)
    else:
        _sql_edit(url, ids, shrunk)

    with store.open_project(url) as p, p.session() as s:
        factory = s.get(Site, ids["factory"])
        assert factory.geom.equals(shapely.Point(NEW_PLACE))
        assert factory.grid_id == repo.grid_at(s, *NEW_PLACE).id != ids["school_grid"]
        assert s.get(Site, ids["school"]).grid_id is None            # its grid no longer covers it
        assignment = s.get(PatrolAssignment, ids["assignment"])
        coords = shapely.get_coordinates(NEW_ROUTE)[:, 0]
        expected = shapely.length(transform(NEW_ROUTE, STORAGE, measure_crs(coords)))
        assert assignment.route_length_m == pytest.approx(expected, abs=0.1)
        assert ids["factory"] in spatial.ids_in_box(s, "site", (113.379, 33.609, 113.381, 33.611))
        assert ids["factory"] not in spatial.ids_in_box(s, "site", (113.219, 33.619, 113.221, 33.621))
        assert s.connection().exec_driver_sql("SELECT count(*) FROM geometry_edit").scalar() == 0
        added = s.scalars(select(Site).where(Site.name == "新增加油站")).one()
        assert added.status == "normal" and added.attributes == {}    # what gridsafe would have filled in
        assert added.grid_id == repo.grid_at(s, *ADDED).id


def test_a_read_only_open_changes_nothing(world):
    url, ids = world
    with store.open_project(url) as p, p.transaction() as s:
        s.get(Site, ids["factory"]).geom = shapely.Point(NEW_PLACE)     # logged, like any writer's edit
    with store.open_project(url, readonly=True) as p, p.session() as s:
        assert s.connection().exec_driver_sql("SELECT count(*) FROM geometry_edit").scalar() == 1
