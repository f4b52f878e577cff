"""Opening, creating and upgrading projects; bad files are refused and left unchanged."""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from gis import store
from gis.errors import DamagedProject, NewerSchema, NotAProject, OlderSchema, ProjectError
from gis.model import Person


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sqlite_project_settings(tmp_path):
    path = tmp_path / "a.gridsafe"
    with store.create_project(path) as p:
        with p.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            # a GeoPackage 1.2 in its header; gridsafe knows its own by the project_setting row
            assert c.exec_driver_sql("PRAGMA application_id").scalar() == 0x47504B47
            assert c.exec_driver_sql("PRAGMA user_version").scalar() == 10200
        assert p.revision == store.head_revision()
    with store.open_project(path) as p:
        assert p.backend == "sqlite"


def test_create_refuses_existing_file(tmp_path):
    path = tmp_path / "x.gridsafe"
    path.write_bytes(b"keep me")
    with pytest.raises(ProjectError, match="已存在"):
        store.create_project(path)
    assert path.read_bytes() == b"keep me"


def test_transaction_is_all_or_nothing(new_project):
    with pytest.raises(RuntimeError):
        with new_project.transaction() as s:
            s.add(Person(name="张三"))
            s.flush()
            raise RuntimeError("abort")
    with new_project.session() as s:
        assert s.query(Person).count() == 0


@pytest.mark.parametrize(
    "content, error, words",
    [
        (b"", NotAProject, "空文件"),
        (b"name,lon,lat\n\xe5\xbc\xa0,113,33\n", NotAProject, "不是 SQLite"),
        (b"SQLite format 3\x00" + b"\x10\x00" + b"\x00" * 50, DamagedProject, "损坏"),
    ],
    ids=["empty", "csv", "truncated-header"],
)
def test_not_a_project_files(tmp_path, content, error, words):
    path = tmp_path / "bad.gridsafe"
    path.write_bytes(content)
    before = digest(path)
    with pytest.raises(error, match=words):
        store.open_project(path)
    assert digest(path) == before


def test_foreign_sqlite_database_is_refused_unchanged(tmp_path):
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.execute("INSERT INTO t VALUES (1)")
    con.commit()
    con.close()
    before = digest(path)
    with pytest.raises(NotAProject, match="不是 gridsafe 项目"):
        store.open_project(path)
    with pytest.raises(NotAProject):
        store.upgrade_project(path)
    assert digest(path) == before
    assert not (tmp_path / "other.sqlite-wal").exists()


def _checkpointed(path):
    """A closed project folded into its main file (no -wal), as a user would copy it."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()


def test_damaged_sqlite_file_is_refused_unchanged(tmp_path):
    path = tmp_path / "d.gridsafe"
    with store.create_project(path) as p, p.transaction() as s:
        s.add_all([Person(name=f"人员{i}", note="x" * 400) for i in range(300)])
    _checkpointed(path)
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for n in range(2, len(data) // page):  # scribble over every page after the schema page
        data[n * page + 8: n * page + 64] = b"\xff" * 56
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(DamagedProject, match="损坏"):
        store.open_project(path)
    assert digest(path) == before


def test_truncated_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "t.gridsafe"
    store.create_project(path).close()
    _checkpointed(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])
    with pytest.raises(DamagedProject):
        store.open_project(path)


def test_newer_schema_is_refused_unchanged(project_url, backend):
    with store.create_project(project_url) as p, p.engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    if backend == "sqlite":
        _checkpointed(project_url)
        before = digest(Path(project_url))
    with pytest.raises(NewerSchema, match="更新版本"):
        store.open_project(project_url)
    with pytest.raises(NewerSchema):
        store.upgrade_project(project_url)
    if backend == "sqlite":
        assert digest(Path(project_url)) == before


def test_older_schema_needs_upgrade_and_keeps_data(project_url, backend, tmp_path):
    with store.create_project(project_url) as p:
        with p.transaction() as s:
            s.add(Person(name="李四", phone="13800001234"))
        store.migrate(p, "0001")
    with pytest.raises(OlderSchema, match="gridsafe db upgrade"):
        store.open_project(project_url)
    old, new = store.upgrade_project(project_url, backup_dir=tmp_path)
    assert (old, new) == ("0001", store.head_revision())
    backup = store.backup_path(project_url, "0001", tmp_path)   # beside the file, or pg_dump's in tmp_path
    assert backup.exists() and backup.stat().st_size > 0
    with store.open_project(project_url) as p, p.session() as s:
        assert [x.name for x in s.query(Person)] == ["李四"]


def test_missing_file(tmp_path):
    with pytest.raises(ProjectError, match="找不到"):
        store.open_project(tmp_path / "nope.gridsafe")
    assert not (tmp_path / "nope.gridsafe").exists()
