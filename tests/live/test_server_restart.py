"""The server dies under a write (pg_ctl stop -m immediate) and comes back: the write is refused in plain Chinese —
nothing written, or, when it broke while committing, that whether it was saved cannot be told — a write while it is
down says it cannot connect, and the same open Project writes again once the server is back, without reopening."""
from __future__ import annotations

import pytest
from shapely.geometry import Point
from sqlalchemy import select

from gis import store
from gis.errors import ConnectionLost, ProjectError
from gis.model import Site
from tests.pgserver import PgServer


class Crashing(PgServer):
    """A server of these tests' own (the session's pg_server is shared), killed as a crash would kill it. It runs
    without fsync and synchronous commits, as the tests' servers do, so a CHECKPOINT first keeps what was committed
    before (a process kill loses nothing written to the OS)."""

    def stop_server(self) -> None:
        import psycopg

        with psycopg.connect(host=str(self.dir), user=self.user, dbname="postgres", autocommit=True) as c:
            c.execute("CHECKPOINT")
        super().stop_server()


@pytest.fixture(scope="module")
def own_server():
    server = Crashing()
    server.start()
    yield server
    try:
        server.start_server()   # stop() expects it running
    except Exception:   # noqa: BLE001 — running already
        pass
    server.stop()


def _site(name: str) -> Site:
    return Site(name=name, category="school", geom=Point(113.3, 33.6))


def test_a_write_the_server_dies_under_is_refused_and_the_next_one_after_restart_works(own_server):
    url = own_server.new_database()
    store.create_project(url).close()
    project = store.open_project(url)
    try:
        with pytest.raises(ConnectionLost) as lost:
            with project.transaction() as s:
                s.add(_site("甲"))
                s.flush()
                own_server.stop_server()
                s.add(_site("乙"))
                s.flush()
        assert not lost.value.unknown and "未写入任何数据" in lost.value.message and "无需重新打开" in lost.value.message
        with pytest.raises(ProjectError, match="连不上数据库服务器"):
            project.write(lambda s: s.add(_site("丙")))
        own_server.start_server()

        with pytest.raises(ConnectionLost) as lost:
            with project.transaction() as s:     # the flush went through, the COMMIT did not
                s.add(_site("丁"))
                s.flush()
                own_server.stop_server()
        assert lost.value.unknown and "无法确定本次操作是否已保存" in lost.value.message
        own_server.start_server()

        project.write(lambda s: s.add(_site("戊")))
        with project.session() as s:
            assert s.scalars(select(Site.name)).all() == ["戊"]
    finally:
        project.close()


def test_a_ledger_read_the_server_dies_under_says_so_and_the_next_read_works(own_server, monkeypatch):
    """The columnar readers (gis.bulk.raw_rows: ledger, statistics, attribute table) read on the DB-API cursor."""
    from gis import bulk
    from gis.hazards import ledger

    url = own_server.new_database()
    store.create_project(url).close()
    project = store.open_project(url)
    try:
        project.write(lambda s: s.add(_site("甲")))
        original = bulk.raw_rows

        def dying(conn, query):
            own_server.stop_server()
            return original(conn, query)
        monkeypatch.setattr("gis.hazards.ledger.raw_rows", dying)
        with pytest.raises(ConnectionLost, match="连接中断"):
            ledger.load(project)
        monkeypatch.setattr("gis.hazards.ledger.raw_rows", original)
        own_server.start_server()
        assert len(ledger.load(project)) == 0
    finally:
        project.close()


def test_a_server_still_starting_or_recovering_is_said_in_chinese():
    from gis.address import connection_error

    url = "postgresql+psycopg://gridsafe@db.example/项目"
    for fatal in ("the database system is starting up", "the database system is in recovery mode",
                  "the database system is shutting down"):
        message = connection_error(url, Exception(f'connection failed: FATAL:  {fatal}')).message
        assert message.startswith("数据库服务器正在启动、停止或恢复") and "无需重新打开项目" in message, message
