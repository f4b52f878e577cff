"""Migration 0018's notifications (PostgreSQL) and gis/live.py's reading of them: a committed write reaches a listening
connection with its table, ids and writer; a rolled-back one never does; every table of the model maps to change kinds."""
from __future__ import annotations

import psycopg
import pytest
from shapely.geometry import Point
from sqlalchemy import select, text, update

from gis import live, store
from gis.changes import KINDS, Change
from gis.model import Site
from gis.model.base import Base


def test_every_table_of_the_model_feeds_known_change_kinds():
    tables = set(Base.metadata.tables) - live.SILENT
    assert tables <= set(live.TABLES), f"tables without live.TABLES entry: {sorted(tables - set(live.TABLES))}"
    for name, feeds in live.TABLES.items():
        assert feeds.kinds and feeds.kinds <= KINDS, name
        assert feeds.ids_of is None or feeds.ids_of in feeds.kinds, name


def test_payloads_read_back_and_own_changes_are_left_out():
    mine = live.parse(live.payload("hazard", "UPDATE", [3, 4], client="me", pid=1))
    theirs = live.parse(live.payload("hazard_event", "INSERT", [5], client=None, pid=2))
    many = live.parse(live.payload("site", "UPDATE", range(live.IDS_CAP + 1)))
    assert mine.ids == {3, 4} and many.ids is None
    assert live.change_of([mine], own="me") is None
    change = live.change_of([mine, theirs, many], own="me")
    assert change.kinds == {"hazards", "sites"}
    assert change.ids_of("hazards") == {5} and change.ids_of("sites") is None
    assert live.parse("not json") is None and live.parse('{"x": 1}') is None
    assert live.parse(live.payload("table_of_a_newer_version", "INSERT", [1])).change == live.everything()
    assert change.remote and live.everything().remote and live.everything().kinds == Change.everything().kinds
    assert not (change | Change.of("hazards")).remote     # a merge with this window's own change is not remote


def _listen(url: str) -> psycopg.Connection:
    args, kwargs = store._make_engine(url).dialect.create_connect_args(store._make_engine(url).url)
    conn = psycopg.connect(*args, **kwargs, autocommit=True)
    conn.execute(f"LISTEN {live.CHANNEL}")
    return conn


def _received(conn) -> list[live.Notice]:
    return [live.parse(n.payload) for n in conn.notifies(timeout=0.5, stop_after=50)]


@pytest.fixture
def pg_project(pg_server):
    url = pg_server.new_database()
    store.create_project(url).close()
    with store.open_project(url) as project:
        yield project


def test_a_committed_write_notifies_its_table_ids_and_writer(pg_project):
    with pg_project.transaction() as s:
        s.add(Site(name="加油站", category="gas_station", geom=Point(112.1, 31.0)))
    listener = _listen(pg_project.url)
    try:
        with pg_project.transaction() as s:
            site = s.scalars(select(Site)).one()
            site.name = "加油站二"
            sid = site.id
        with pg_project.engine.begin() as c:   # a rolled-back write notifies nothing
            c.execute(update(Site).values(name="x"))
            c.rollback()
        with pg_project.engine.begin() as c:   # another tool's write (psql, QGIS): no client id
            c.execute(text("UPDATE site SET name = '加油站三'"))
        got = _received(listener)
    finally:
        listener.close()
    assert [(n.table, n.op, n.ids, n.client) for n in got] == [
        ("site", "UPDATE", {sid}, pg_project.client_id), ("site", "UPDATE", {sid}, None)]
    assert all(n.pid for n in got)
