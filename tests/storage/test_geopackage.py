"""A new demo project is an OGC GeoPackage on SQLite and a PostGIS database on PostgreSQL, and GDAL's own
tools (Debian gdal-bin and python3-gdal, as .ci/run installs them) read both with the right counts."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from sqlalchemy.engine import make_url

from gis import store
from gis.userdata import make_demo_project

VALIDATOR = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"
FEATURES = ("admin_unit", "grid", "site", "line_asset", "zone", "hazard", "fire_permit", "patrol_assignment",
            "building", "third_party_works", "patrol_track", "patrol_evidence", "tipoff")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found: install gdal-bin (apt-get install gdal-bin python3-gdal)")
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory, request):
    """The demo project on both backends, and its rows per feature table."""
    made = {}
    for backend in ("sqlite", "postgresql"):
        target = str(tmp_path_factory.mktemp("demo") / "示例.gridsafe") if backend == "sqlite" else \
            request.getfixturevalue("pg_server").new_database()
        with make_demo_project(target) as project:   # the demo has buildings and third-party works
            with project.engine.connect() as c:
                counts = {t: c.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in FEATURES}
        made[backend] = (target, counts)
    return made


def _ogr_counts(source: str) -> dict[str, int]:
    out = subprocess.run([_tool("ogrinfo"), "-ro", "-so", "-al", source], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    names = re.findall(r"^Layer name: (.+)$", out.stdout, re.M)
    counts = re.findall(r"^Feature Count: (\d+)$", out.stdout, re.M)
    return dict(zip(names, map(int, counts), strict=True))


def test_demo_project_passes_gdal_geopackage_validation(demo, tmp_path):
    path, _ = demo["sqlite"]
    copy = tmp_path / "示例.gpkg"       # the validator wants the .gpkg extension
    shutil.copy(path, copy)
    if not shutil.which("/usr/bin/python3"):
        pytest.fail("Debian's python3 with python3-gdal is needed for GDAL's validate_gpkg.py")
    run = subprocess.run(["/usr/bin/python3", VALIDATOR, str(copy)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_ogrinfo_lists_every_layer_of_the_geopackage(demo):
    path, counts = demo["sqlite"]
    seen = _ogr_counts(path)
    assert {t: seen[t] for t in FEATURES} == counts
    assert counts["site"] > 0 and counts["hazard"] > 0 and counts["building"] >= 300 and counts["third_party_works"] >= 3


def test_ogrinfo_lists_every_layer_of_the_postgis_database(demo):
    url, counts = demo["postgresql"]
    u = make_url(url)
    seen = _ogr_counts(f"PG:host={u.query['host']} dbname={u.database} user={u.username}")
    assert {t: seen[t] for t in FEATURES} == counts
    with store.open_project(url) as p, p.engine.connect() as c:
        srids = {r[0] for r in c.exec_driver_sql("SELECT srid FROM geometry_columns WHERE f_table_schema = 'public'")}
    assert srids == {4490}


def test_a_database_whose_user_cannot_enable_postgis_is_refused_plainly(pg_server):
    """PostGIS is not a trusted extension: a database owner who is not a superuser cannot create it."""
    import psycopg

    with psycopg.connect(host=str(pg_server.dir), user="gridsafe", dbname="postgres", autocommit=True) as c:
        c.execute("CREATE ROLE clerk LOGIN")
        c.execute("CREATE DATABASE clerks_db OWNER clerk TEMPLATE template0")
    url = f"postgresql+psycopg://clerk@/clerks_db?host={pg_server.dir}"
    with pytest.raises(store.ProjectError, match="CREATE EXTENSION postgis"):
        store.create_project(url)
    with psycopg.connect(host=str(pg_server.dir), user="clerk", dbname="clerks_db") as c:
        assert c.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0
