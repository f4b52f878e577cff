"""Alembic history: empty → head → base → head on both backends, and the model matches head."""
from __future__ import annotations

from datetime import date

import shapely
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from gis import store
from gis.model import Base
from gis.model.base import include_name
from gis.model.geometry import compare_type


def _tables(url: str) -> set[str]:
    engine = create_engine(store.to_url(url))
    try:
        with engine.connect() as c:
            return set(inspect(c).get_table_names())
    finally:
        engine.dispose()


def test_history_is_linear_from_one_base():
    scripts = store.script_directory()
    assert len(scripts.get_bases()) == 1
    assert len(scripts.get_heads()) == 1


def test_empty_head_base_head(new_project, project_url):
    model_tables = set(Base.metadata.tables)
    assert model_tables <= _tables(project_url)
    store.migrate(new_project, "base")
    assert _tables(project_url) <= {"alembic_version", "spatial_ref_sys"}   # PostGIS stays installed
    store.migrate(new_project, "head")
    assert model_tables <= _tables(project_url)
    with new_project.engine.connect() as c:
        assert MigrationContext.configure(c).get_current_revision() == store.head_revision()


def test_every_step_down_and_up(new_project):
    revisions = [s.revision for s in store.script_directory().walk_revisions()]  # head first
    for rev in revisions[1:]:
        store.migrate(new_project, rev)
    store.migrate(new_project, "base")
    for rev in reversed(revisions):
        store.migrate(new_project, rev)
    with new_project.engine.connect() as c:
        assert MigrationContext.configure(c).get_current_revision() == revisions[0]


def test_model_matches_head_migration(new_project):
    with new_project.engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c, opts={"compare_type": compare_type,
                                                                 "include_name": include_name}), Base.metadata)
    assert diff == []


def test_0006_gives_ranger_rounds_a_kind_and_keeps_every_row(project_url):
    """A project written by the version before 0006 (rangers' rounds as period 护林YYYY-MM-DD) keeps its data:
    those rounds become kind 'ranger' with the plain day, everything else kind 'grid' unchanged."""
    from alembic import command
    from sqlalchemy import text

    url = store.to_url(project_url)
    engine = create_engine(url)
    try:
        with engine.begin() as c:
            command.upgrade(store._alembic_config(c), "0005")
            if store.is_sqlite(url):
                c.exec_driver_sql("PRAGMA application_id=1196638534")   # "GSAF", as versions before 0007 wrote
            c.execute(text("INSERT INTO project_setting (key, value) VALUES ('application', :v)"),
                      {"v": f'"{store.APPLICATION}"'})
            c.execute(text("INSERT INTO admin_unit (id, code, name, level) VALUES (1, '410411003001', '张庄村', 'village')"))
            c.execute(text("INSERT INTO grid (id, code, name, kind, village_id) "
                           "VALUES (1, '410411003001001', '张庄村第1网格', 'forest', 1)"))
            c.execute(text("INSERT INTO person (id, name) VALUES (1, '林木森'), (2, '刘芳')"))
            rows = [(1, 1, "护林2026-12-01", "2026-12-01", "planned"), (2, 1, "护林2026-12-02", "2026-12-02", "done"),
                    (3, 2, "2026-W48", "2026-11-23", "planned"), (4, 2, "2026-12-01", "2026-12-01", "planned"),
                    (5, 2, None, "2026-11-20", "done")]
            for aid, pid, period, day, status in rows:
                c.execute(text("INSERT INTO patrol_assignment (id, grid_id, person_id, period, planned_on, status, "
                               "priority) VALUES (:a, 1, :p, :period, :day, :st, 0)"),
                          {"a": aid, "p": pid, "period": period, "day": day, "st": status})
            # the stops hang on the assignments (ON DELETE CASCADE) and a hazard found on a stop links to it:
            # rebuilding patrol_assignment with foreign keys on would delete them all
            c.execute(text("INSERT INTO site (id, name, category, status, attributes, grid_id, geom, minx, miny, "
                           "maxx, maxy) VALUES (1, '荆山检查站', 'checkpoint', 'normal', '{}', 1, :g, 113.3, 33.65, "
                           "113.3, 33.65)"), {"g": shapely.to_wkb(shapely.Point(113.3, 33.65))})
            for sid, aid in ((1, 1), (2, 2), (3, 3), (4, 5)):
                c.execute(text("INSERT INTO patrol_stop (id, assignment_id, seq, site_id) VALUES (:s, :a, 1, 1)"),
                          {"s": sid, "a": aid})
            c.execute(text("INSERT INTO hazard (id, found_on, source, description, grade, status, created_at, "
                           "updated_at, version, site_id, patrol_stop_id) VALUES (1, '2026-12-01', 'grid_patrol', "
                           "'灭火器过期', 'general', 'registered', '2026-12-01 10:00', '2026-12-01 10:00', 1, 1, 1)"))
    finally:
        engine.dispose()

    assert store.upgrade_project(project_url, backup=False) == ("0005", store.head_revision())
    query = "SELECT id, kind, period, person_id, status FROM patrol_assignment ORDER BY id"
    with store.open_project(project_url) as project, project.engine.connect() as c:
        after = [tuple(r) for r in c.execute(text(query))]
        assert after == [(1, "ranger", "2026-12-01", 1, "planned"), (2, "ranger", "2026-12-02", 1, "done"),
                         (3, "grid", "2026-W48", 2, "planned"), (4, "grid", "2026-12-01", 2, "planned"),
                         (5, "grid", None, 2, "done")]
        c.execute(text("INSERT INTO patrol_assignment (id, grid_id, person_id, planned_on, status, priority) "
                       "VALUES (6, 1, 2, '2026-12-03', 'planned', 0)"))   # the server default
        assert c.execute(text("SELECT kind FROM patrol_assignment WHERE id = 6")).scalar() == "grid"
        c.rollback()
        stops = "SELECT id, assignment_id FROM patrol_stop ORDER BY id"
        assert [tuple(r) for r in c.execute(text(stops))] == [(1, 1), (2, 2), (3, 3), (4, 5)]
        assert c.execute(text("SELECT patrol_stop_id FROM hazard WHERE id = 1")).scalar() == 1
        from gis.fire.ranger_rounds import ranger_assignments
        from gis.patrols.sheets import route_sheets

        with project.session() as s:
            assert [a.id for a in ranger_assignments(s, date(2026, 12, 1))] == [1]
            assert [x.assignment_id for x in route_sheets(s, "护林2026-12-01")] == [1]
            assert [x.assignment_id for x in route_sheets(s, "2026-12-01")] == [4]
        c.rollback()   # the downgrade's DDL waits for every open transaction
        store.migrate(project, "0005")   # and back: the prefix returns
        with project.engine.connect() as c2:
            back = [tuple(r) for r in c2.execute(text("SELECT id, period FROM patrol_assignment ORDER BY id"))]
            assert [tuple(r) for r in c2.execute(text(stops))] == [(1, 1), (2, 2), (3, 3), (4, 5)]
        assert back == [(1, "护林2026-12-01"), (2, "护林2026-12-02"), (3, "2026-W48"), (4, "2026-12-01"), (5, None)]
