"""Shared by the upgrade tests (test_upgrade_0007, 0011, 0012): an old project's rows as a snapshot, and
the same rows written into a PostgreSQL database migrated to the old revision."""
from __future__ import annotations

import json
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, inspect

from gis import store

BOX = {"minx", "miny", "maxx", "maxy"}


def later_tables(revision: str) -> set[str]:
    """The tables the migrations after `revision` create (those of a fresh project at head, not at `revision`)."""
    from gis import trust

    def tables(sig) -> set[str]:
        return {v[1] for v in sig.values() if v[0] == "table"}

    return tables(trust.expected(store.head_revision())) - tables(trust.expected(revision))


def without_later_tables(rows: dict[str, list[tuple]], revision: str) -> dict[str, list[tuple]]:
    """A snapshot of an upgraded project less the tables created after `revision`, which must be empty."""
    for table in later_tables(revision):
        assert rows.pop(table, []) == [], f"{table} starts empty"
    return rows


# the geometry column of each feature table (compared as WKB bytes)
GEOMETRY = {"admin_unit": "geom", "grid": "geom", "site": "geom", "line_asset": "geom", "zone": "geom",
            "hazard": "geom", "fire_permit": "geom", "patrol_assignment": "route", "building": "geom",
            "third_party_works": "geom", "patrol_track": "geom", "patrol_evidence": "geom", "tipoff": "geom"}


def rows_after(url: str, geometry_sql, revision: str, skip: dict[str, tuple[str, ...]] | None = None):
    """Every row of a project upgraded from `revision` (or still at it), the tables later migrations add left out
    once checked empty."""
    engine = create_engine(store.to_url(url))
    try:
        with engine.connect() as c:
            rows = snapshot(c, geometry_sql, GEOMETRY, skip or {})
    finally:
        engine.dispose()
    return without_later_tables(rows, revision)


def unpack(fixture: Path, target: Path) -> Path:
    """An old project kept as .xz in tests/data/projects, unpacked to `target`."""
    import lzma
    import shutil

    with lzma.open(fixture) as src, open(target, "wb") as dst:
        shutil.copyfileobj(src, dst)
    return target


def snapshot(conn, geometry_sql, geometry: dict[str, str], skip: dict[str, tuple[str, ...]]) -> dict[str, list[tuple]]:
    """Every row of every gridsafe table, ordered by key, box columns and `skip` columns left out, the geometry
    columns (`geometry`: table → column) as `geometry_sql(table, column)` gives them (WKB bytes)."""
    out = {}
    insp = inspect(conn)
    for table in insp.get_table_names():
        if table.startswith(("gpkg_", "rtree_", "spatial_ref_sys", "alembic_version", "geometry_edit")):
            continue
        cols = [c["name"] for c in insp.get_columns(table)
                if c["name"] not in BOX and c["name"] not in skip.get(table, ())]
        pk = insp.get_pk_constraint(table)["constrained_columns"] or cols[:1]
        select = ", ".join(geometry_sql(table, c) if geometry.get(table) == c else c for c in cols)
        rows = conn.exec_driver_sql(f"SELECT {select} FROM {table} ORDER BY {', '.join(pk)}").fetchall()
        out[table] = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in rows]
    return out


def copy_into_postgresql(path: Path, url: str, revision: str) -> None:
    """The rows of the SQLite project at `path` into a database migrated to `revision`, as the old version
    would have held them."""
    from sqlalchemy import JSON, Boolean, MetaData, insert, select, text

    engine = create_engine(store.to_url(url))
    source = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as c:
            command.upgrade(store._alembic_config(c), revision)
            c.exec_driver_sql("SET session_replication_role = replica")   # foreign keys: rows come in any order
            meta = MetaData()
            meta.reflect(c)
            with source.connect() as s:
                own = set(inspect(s).get_table_names())
                for table in meta.sorted_tables:
                    if table.name == "alembic_version" or table.name not in own:   # PostGIS's spatial_ref_sys
                        continue
                    rows = s.exec_driver_sql(f"SELECT * FROM {table.name}").mappings().all()
                    if not rows:
                        continue
                    bools = {col.name for col in table.columns if isinstance(col.type, Boolean)}
                    jsons = {col.name for col in table.columns if isinstance(col.type, JSON)}
                    values = [{k: (v if v is None else bool(v) if k in bools else json.loads(v) if k in jsons else v)
                               for k, v in r.items()} for r in rows]
                    c.execute(insert(table), values)
                    if "id" in table.columns:
                        top = c.execute(select(table.c.id).order_by(table.c.id.desc()).limit(1)).scalar()
                        c.execute(text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v)"),
                                  {"t": table.name, "v": top})
    finally:
        engine.dispose()
        source.dispose()
