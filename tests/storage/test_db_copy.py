"""`gridsafe db copy`: the demo SQLite → PostgreSQL → SQLite on the suite's real PostgreSQL loses nothing (every
table's rows, geometry bytes, GeoPackage extents), the PostgreSQL copy opens and counts the same; a non-empty target
is refused naming what is there; a cancel leaves no target (SQLite) and nothing committed (PostgreSQL); an older
source is refused with the way out; other tools' layers are named and not copied."""
from __future__ import annotations

import json

import shutil
import sqlite3
from pathlib import Path

import pytest
import shapely
from sqlalchemy import create_engine, select
from upgrade_copy import GEOMETRY, snapshot, unpack

from desktop import cli
from gis import dbcopy, store
from gis.errors import OlderSchema, ProjectError
from gis.feedback import Cancelled, Feedback
from gis.info import summarize
from gis.model.base import Base
from gis.model.geometry import Geometry

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "projects" / "v0012-demo.gridsafe.xz"


def raw(url) -> dict[str, list[tuple]]:
    """Every gridsafe table's rows as stored (SQLite: GeoPackage blobs as they are; PostGIS: ISO WKB)."""
    engine = create_engine(store.to_url(url))
    pg = engine.dialect.name == "postgresql"
    try:
        with engine.connect() as c:
            return snapshot(c, (lambda t, col: f"ST_AsBinary({col}) AS {col}") if pg else (lambda t, col: col),
                            GEOMETRY, {})
    finally:
        engine.dispose()


def _audit_values(rows: list[tuple]) -> list[tuple]:
    """The audit trail's rows with its JSON values parsed: SQLite's triggers write them compact (json_object), a
    row that went through PostgreSQL's jsonb comes back spaced — the same values, other bytes."""
    return [tuple(json.loads(v) if isinstance(v, str) and v[:1] == "{" else v for v in r) for r in rows]


def typed(url) -> dict[str, list[tuple]]:
    """Every model table's rows as gridsafe reads them (dates, JSON, booleans typed), geometries as ISO WKB."""
    out = {}
    with store.open_project(url, readonly=True) as project, project.engine.connect() as c:
        for table in Base.metadata.sorted_tables:
            rows = c.execute(select(table).order_by(*table.primary_key.columns)).all()
            geoms = [i for i, col in enumerate(table.columns) if isinstance(col.type, Geometry)]
            out[table.name] = [tuple(shapely.to_wkb(v, flavor="iso") if i in geoms and v is not None else v
                                     for i, v in enumerate(r)) for r in rows]
    return out


def extents(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as c:
        return c.execute("SELECT table_name, data_type, min_x, min_y, max_x, max_y FROM gpkg_contents "
                         "ORDER BY table_name").fetchall()


def rtree_rows(path: Path, table: str) -> list[tuple]:
    with sqlite3.connect(path) as c:
        return c.execute(f"SELECT * FROM rtree_{table}_geom ORDER BY id").fetchall()


def counts(url) -> dict:
    with store.open_project(url, readonly=True) as project:
        summary = summarize(project)
    summary["project"].pop("backend")
    return summary


def test_round_trip_sqlite_postgresql_sqlite(demo_file, pg_server, tmp_path, capsys):
    original = raw(demo_file)
    assert sum(map(len, original.values())) > 10_000 and original["grid"] and original["hazard_event"]
    url = pg_server.new_database()

    copied = dbcopy.copy_project(demo_file, url)
    assert copied.rows["grid"] == len(original["grid"]) and copied.foreign == []

    # the PostgreSQL copy: the same values as gridsafe reads them, the same geometry bytes once the codec is undone
    assert typed(url) == typed(demo_file)
    pg_raw, sqlite_raw = raw(url), original
    for table, column in GEOMETRY.items():
        i = [c for c in _columns(demo_file, table)].index(column)
        wkb = [shapely.to_wkb(shapely.from_wkb(r[i][_header(r[i]):]), flavor="iso") if r[i] else None
               for r in sqlite_raw[table]]
        assert [r[i] for r in pg_raw[table]] == wkb, table
    store.open_project(url).close()              # every open check (trust.pg_check) passes
    other = pg_server.new_database()             # PostgreSQL → PostgreSQL too
    dbcopy.copy_project(url, other)
    assert typed(other) == typed(url)
    assert counts(url) == counts(demo_file)      # `gridsafe info` counts the same
    assert cli.main(["info", url]) == 0
    pg_info = capsys.readouterr().out
    assert cli.main(["info", str(demo_file)]) == 0
    assert pg_info.replace("postgresql", "sqlite") == capsys.readouterr().out
    with store.open_project(url) as project, project.transaction() as s:   # sequences continue after the ids
        s.execute(Base.metadata.tables["person"].insert().values(name="新人员"))
        new_id = s.execute(select(Base.metadata.tables["person"].c.id).where(
            Base.metadata.tables["person"].c.name == "新人员")).scalar()
        assert new_id == max(r[0] for r in original["person"]) + 1
        s.rollback()

    # and back: byte for byte what the demo holds, GeoPackage extents and R-trees too
    back = tmp_path / "回来.gridsafe"
    assert cli.main(["db", "copy", url, str(back)]) == 0
    assert "复制到" in capsys.readouterr().out
    copied = raw(back)
    assert _audit_values(copied.pop("audit_log")) == _audit_values(original["audit_log"])
    assert copied == {t: rows for t, rows in original.items() if t != "audit_log"}
    assert [e[:2] for e in extents(back)] == [e[:2] for e in extents(demo_file)]
    for table, _kind, *box in (e for e in extents(back) if e[1] == "features"):   # extents right (the R-tree's)
        i = _columns(back, table).index(GEOMETRY[table])
        geoms = [shapely.from_wkb(r[i][_header(r[i]):]) for r in original[table] if r[i] is not None]
        if not geoms:
            assert box == [None] * 4, table
            continue
        bounds = shapely.total_bounds(geoms)
        assert box == pytest.approx(list(bounds), abs=1e-4), table
        assert box[0] <= bounds[0] and box[2] >= bounds[2], table
    assert rtree_rows(back, "site") == rtree_rows(demo_file, "site")
    with sqlite3.connect(back) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert c.execute("SELECT count(*) FROM geometry_edit").fetchone()[0] == 0
    store.open_project(back).close()


def _columns(path, table) -> list[str]:
    with sqlite3.connect(path) as c:
        return [r[1] for r in c.execute(f"PRAGMA table_info({table})") if r[1] not in {"minx", "miny", "maxx", "maxy"}]


def _header(blob: bytes) -> int:
    from gis.model.geometry import gpkg_header_length

    return gpkg_header_length(blob)


def test_a_non_empty_target_is_refused_naming_what_is_there(demo_file, pg_server, tmp_path):
    there = tmp_path / "已有.gridsafe"
    there.write_bytes(b"notes")
    with pytest.raises(ProjectError, match="已有.gridsafe 已存在.*--replace"):
        dbcopy.copy_project(demo_file, there)
    assert there.read_bytes() == b"notes"

    url = pg_server.new_database()
    engine = create_engine(url)
    with engine.begin() as c:
        c.exec_driver_sql("CREATE TABLE their_notes (id int)")
    with pytest.raises(ProjectError, match=r"已有 1 张数据表（their_notes）"):
        dbcopy.copy_project(demo_file, url)
    with engine.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").scalar() == 1

    dbcopy.copy_project(demo_file, url, replace=True)   # --replace: the project instead of what was there
    dbcopy.copy_project(demo_file, there, replace=True)
    with engine.connect() as c:
        assert c.exec_driver_sql("SELECT to_regclass('their_notes')").scalar() is None
    engine.dispose()
    assert counts(there) == counts(url) == counts(demo_file)


class CancelAt(Feedback):
    """Cancels itself at the first report that mentions `text`."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.at = text

    def progress(self, fraction, text="") -> None:
        if self.at in text:
            self.cancel()
        super().progress(fraction, text)


def test_cancel_leaves_no_target(demo_file, pg_server, tmp_path):
    target = tmp_path / "copies" / "副本.gridsafe"
    with pytest.raises(Cancelled):
        dbcopy.copy_project(demo_file, target, feedback=CancelAt("hazard_event"))
    assert not target.exists() and list(target.parent.iterdir()) == []

    url = pg_server.new_database()
    with pytest.raises(Cancelled):
        dbcopy.copy_project(demo_file, url, feedback=CancelAt("正在重建索引"))   # the last step before commit
    assert dbcopy.what_is_there(store.to_url(url)) is None


def test_an_older_source_is_refused_with_the_way_out(tmp_path):
    old = unpack(FIXTURE, tmp_path / "旧项目.gridsafe")
    with pytest.raises(OlderSchema, match="gridsafe db upgrade"):
        dbcopy.copy_project(old, tmp_path / "副本.gridsafe")
    assert not (tmp_path / "副本.gridsafe").exists()


def test_other_tools_layers_are_named_and_not_copied(demo_file, tmp_path):
    src = tmp_path / "有外来图层.gridsafe"
    shutil.copy(demo_file, src)
    with sqlite3.connect(src) as c:   # a layer QGIS might add: registered in gpkg_contents
        c.execute("CREATE TABLE survey_points (fid INTEGER PRIMARY KEY, note TEXT)")
        c.execute("INSERT INTO survey_points VALUES (1, 'x')")
        c.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('survey_points', "
                  "'attributes', 'survey_points')")
    copied = dbcopy.copy_project(src, tmp_path / "副本.gridsafe")
    assert copied.foreign == ["survey_points"]
    assert "survey_points" in copied.lines()[-1] and "没有复制" in copied.lines()[-1]
    with sqlite3.connect(tmp_path / "副本.gridsafe") as c:
        assert c.execute("SELECT count(*) FROM sqlite_master WHERE name = 'survey_points'").fetchone() == (0,)


def test_ctrl_c_during_gridsafe_db_copy_leaves_no_file(demo_file, tmp_path):
    from tests.test_cli_cancel import run_interrupted

    target = tmp_path / "out" / "副本.gridsafe"
    target.parent.mkdir()
    # held after the first batch of rows went into the open transaction (the target is a hidden temporary file)
    code, out, err = run_interrupted(["db", "copy", str(demo_file), str(target)], "gis.dbcopy:_insert_sqlite")
    assert code == 130 and "已取消，未做任何修改" in err and "Traceback" not in err, err
    assert "复制到" not in out
    assert list(target.parent.iterdir()) == []


def test_rows_referring_to_missing_records_are_refused_by_name(demo_file, pg_server, tmp_path):
    src = tmp_path / "断了引用.gridsafe"
    shutil.copy(demo_file, src)
    with sqlite3.connect(src) as c:   # another tool, foreign keys off
        c.execute("UPDATE role_assignment SET person_id = 999999 WHERE id = (SELECT min(id) FROM role_assignment)")
    with pytest.raises(ProjectError, match="role_assignment.*引用不存在"):
        dbcopy.copy_project(src, tmp_path / "副本.gridsafe")
    assert not (tmp_path / "副本.gridsafe").exists()
    url = pg_server.new_database()
    with pytest.raises(ProjectError, match="role_assignment.*引用不存在"):
        dbcopy.copy_project(src, url)
    assert dbcopy.what_is_there(store.to_url(url)) is None
