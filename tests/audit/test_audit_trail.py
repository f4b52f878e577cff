"""The audit trail on both backends: gridsafe's writes and plain SQL from another client (sqlite3 with no function of
ours registered, psycopg) each leave a row with author, old and new values; audit rows cannot be changed."""
from __future__ import annotations

import sqlite3

import psycopg
import pytest
import shapely
import shapely.affinity
from sqlalchemy import select

from gis import store
from gis.audit import log
from gis.errors import PermissionRefused
from gis.model import AuditOperator, Person, Site, Zone
from gis.model.geometry import encode


def _entries(project, **flt):
    with project.session() as s:
        return log.query(s, log.Filter(**flt))


def _plain_sql(project, statements: list[tuple[str, tuple]]) -> None:
    """Another program's edits: the sqlite3 module with nothing registered, or psycopg as psql would."""
    if project.backend == "sqlite":
        with sqlite3.connect(store.sqlite_path(project.url)) as c:
            for sql, params in statements:
                c.execute(sql, params)
        return
    from sqlalchemy.engine import make_url

    u = make_url(project.url)
    dsn = f"dbname={u.database} host={u.query.get('host') or u.host} port={u.port or 5432} user={u.username}"
    with psycopg.connect(dsn, application_name="psql") as c:
        for sql, params in statements:
            c.execute(sql.replace("?", "%s"), params)


def test_gridsafe_writes_are_audited_with_the_operator(new_project):
    project = new_project
    project.operator = "张三"
    point = shapely.Point(120.1, 30.2)
    with project.transaction() as s:
        s.add(Person(name="李四", phone="13800000000"))
        s.add(Site(name="五金厂", category="enterprise", geom=encode([point], project.backend)[0]))
    with project.transaction() as s:
        person = s.scalars(select(Person)).one()
        person.phone = "13900000000"
        site = s.scalars(select(Site)).one()
        site.geom = encode([shapely.Point(120.2, 30.3)], project.backend)[0]
        pid, sid = person.id, site.id
    project.operator = None
    with project.transaction() as s:
        s.delete(s.get(Person, pid))

    inserted = _entries(project, table="person", action="insert")[0]
    assert (inserted.operator, inserted.record_id, inserted.new["name"]) == ("张三", str(pid), "李四")
    assert inserted.old == {}
    updated = _entries(project, table="person", action="update")[0]
    assert (updated.old, updated.new) == ({"phone": "13800000000"}, {"phone": "13900000000"})
    assert updated.operator == "张三"
    moved = _entries(project, table="site", record_id=sid, action="update")[0]
    assert set(moved.new) == {"geom"}
    change = moved.changes()[0]
    assert (change.label, change.old, change.new) == ("图形", "点 120.100000, 30.200000", "点 120.200000, 30.300000")
    deleted = _entries(project, table="person", action="delete")[0]
    assert deleted.old["phone"] == "13900000000" and deleted.new == {}
    assert deleted.operator is None
    assert deleted.application == "gridsafe"   # which program, on both backends
    if project.backend == "postgresql":   # and the database role
        assert deleted.db_user and deleted.who == deleted.db_user and updated.who == f"张三（{updated.db_user}）"
    else:
        assert deleted.who == "gridsafe（未选操作人）"
    with project.session() as s:
        assert log.last_change(s, "person", pid)[0] == deleted.who
        assert [e.action for e in log.history(s, "person", pid)] == ["delete", "update", "insert"]


def test_a_shape_is_recorded_by_its_extent_not_its_vertices(new_project):
    project = new_project
    square = shapely.Polygon([(120, 30), (120.5, 30), (120.5, 30.25), (120, 30.25)])
    with project.transaction() as s:
        s.add(Zone(kind="school", name="学校周边", geom=encode([square], project.backend)[0]))
    with project.transaction() as s:
        zone = s.scalars(select(Zone)).one()
        zone.geom = encode([shapely.affinity.translate(square, 0.1, 0)], project.backend)[0]
    (moved,) = _entries(project, table="zone", action="update")
    (geom,) = moved.changes()
    assert geom.old.startswith("范围 120.000000, 30.000000 – 120.500000, 30.250000（") and geom.old.endswith("字节）")
    assert geom.new.startswith("范围 120.100000, 30.000000 – 120.600000, 30.250000")
    assert len(str(moved.new["geom"])) < 150   # compact: never the vertices


def test_plain_sql_from_another_program_is_audited(new_project):
    project = new_project
    _plain_sql(project, [
        ("INSERT INTO person (id, name, unit) VALUES (?, ?, ?)", (7, "王五", "安监站")),
        ("UPDATE person SET unit = ? WHERE id = ?", ("应急办", 7)),
        ("UPDATE person SET unit = unit WHERE id = ?", (7,)),     # changes nothing: no row
        ("DELETE FROM person WHERE id = ?", (7,)),
    ])
    entries = _entries(project, table="person", record_id=7)
    assert [e.action for e in entries] == ["delete", "update", "insert"]
    assert entries[1].old == {"unit": "安监站"} and entries[1].new == {"unit": "应急办"}
    assert entries[2].new["name"] == "王五" and entries[0].old["unit"] == "应急办"
    assert all(e.operator is None for e in entries)
    with project.session() as s:   # gridsafe's next write is its own again
        assert s.execute(select(AuditOperator)).all() == []
    if project.backend == "postgresql":
        assert {e.application for e in entries} == {"psql"} and entries[0].db_user
    else:   # another program on a SQLite project: no operator, said so
        assert entries[0].who == log.UNKNOWN and entries[0].application is None
        with project.session() as s:
            assert log.UNKNOWN in log.authors(s)
            assert [e.record_id for e in log.query(s, log.Filter(user=log.UNKNOWN))] == ["7", "7", "7"]


def test_audit_rows_cannot_be_changed_or_deleted(new_project):
    project = new_project
    with project.transaction() as s:
        s.add(Person(name="李四"))
    before = _entries(project)
    assert before
    for sql in ("UPDATE audit_log SET operator = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="操作日志只能追加"):
            _plain_sql(project, [(sql, ())])
        with pytest.raises(Exception, match="操作日志只能追加"), project.transaction() as s:
            s.connection().exec_driver_sql(sql)
    if project.backend == "postgresql":
        with pytest.raises(Exception, match="操作日志只能追加"):
            _plain_sql(project, [("TRUNCATE audit_log", ())])
        with pytest.raises(PermissionRefused) as refused, project.transaction() as s:   # as the window meets it
            s.connection().exec_driver_sql("DELETE FROM audit_log")
        assert refused.value.message.startswith("数据库拒绝了这次写入：操作日志只能追加")
        assert refused.value.text("en") == ("The database refused this write: the audit log can only be added to, "
                                            "never changed or deleted. Nothing of this operation was written.")
    assert _entries(project) == before


def test_bulk_inserts_name_each_record_without_copying_its_values(new_project):
    import pandas as pd

    from gis.bulk import bulk_insert

    project = new_project
    project.operator = "导入员"
    project.write(lambda s: bulk_insert(s, {"person": pd.DataFrame({"id": [11, 12], "name": ["甲", "乙"]})}))
    with project.transaction() as s:   # a write after the bulk insert in the same session is copied again
        s.add(Person(id=13, name="丙"))
    entries = _entries(project, table="person", action="insert")
    assert [(e.record_id, e.operator, e.bulk, e.new) for e in entries] == [
        ("13", "导入员", False, {"id": 13, "name": "丙", "phone": None, "unit": None, "title": None, "note": None}),
        ("12", "导入员", True, {}), ("11", "导入员", True, {})]
    assert entries[1].summary() == log.BULK
