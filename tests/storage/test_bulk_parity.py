"""gis.bulk.bulk_insert writes the same rows on both backends (COPY on PostgreSQL, executemany on SQLite),
and a failure part-way leaves nothing behind on either."""
from __future__ import annotations

import pandas as pd
import pytest
import shapely
from sqlalchemy import func, select

from gis.bulk import bulk_insert
from gis.demo.load import read_gpkg
from gis.errors import ValidationError
from gis.model import Base
from gis.model.geometry import Geometry
from gis.paths import DEMO_DATA


@pytest.fixture(scope="module")
def demo_tables():
    return read_gpkg(DEMO_DATA / "demo.gpkg")


def _plain(value):
    if isinstance(value, shapely.Geometry):
        return shapely.to_wkb(value, flavor="iso", byte_order=1)     # exactly the same coordinates
    return value


def exercise(demo_tables):
    def run(target):
        from gis import store

        with store.create_project(target) as project:
            with project.transaction() as s:
                bulk_insert(s, demo_tables)
            out = {}
            with project.session() as s:
                for name in demo_tables:
                    table = Base.metadata.tables[name]
                    # a column set on UPDATE (updated_at) says when the loader closed a cycle, not what was written
                    columns = [c for c in table.columns if c.onupdate is None]
                    rows = s.execute(select(*columns).order_by(*table.primary_key.columns)).all()
                    out[name] = [tuple(_plain(v) for v in row) for row in rows]
            return out
    return run


def test_bulk_insert_writes_the_same_rows_on_both_backends(on_both_backends, demo_tables):
    results = on_both_backends(exercise(demo_tables))
    sqlite, postgresql = results["sqlite"], results["postgresql"]
    assert {k: len(v) for k, v in postgresql.items()} == {k: len(df) for k, df in demo_tables.items()}
    for name in demo_tables:
        assert postgresql[name] == sqlite[name], name
    # the kinds of values COPY has to carry are in there
    types = {type(c.type) for t in demo_tables for c in Base.metadata.tables[t].columns}
    assert Geometry in types and len(types) >= 6


def test_a_failure_midway_rolls_everything_back(new_project, demo_tables):
    tables = dict(demo_tables)
    events = tables["hazard_event"]
    tables["hazard_event"] = pd.concat([events, events.iloc[:1]], ignore_index=True)   # duplicate id, last table
    with pytest.raises(ValidationError) as err, new_project.transaction() as s:
        bulk_insert(s, tables)
    assert err.value.message.startswith("写入数据表 hazard_event 失败：")
    with new_project.session() as s:
        assert all(s.scalar(select(func.count()).select_from(Base.metadata.tables[name])) == 0 for name in tables)
