"""Loading the demo into a project, and the bulk loader underneath: all or nothing."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point, box
from sqlalchemy import func, select

from gis import repo, spatial, store
from gis.bulk import bulk_insert
from gis.demo.generate import generate
from gis.demo.load import load_demo, load_generated, read_gpkg
from gis.errors import ValidationError
from gis.model import Base, Grid, Hazard, Person, Site
from gis.paths import DEMO_DATA


@pytest.fixture(scope="module")
def demo_tables():
    return read_gpkg(DEMO_DATA / "demo.gpkg")


def row_counts(project) -> dict[str, int]:
    with project.session() as s:
        return {name: s.scalar(select(func.count()).select_from(t)) for name, t in Base.metadata.tables.items()
                if name not in ("project_setting", "audit_log")}   # (the audit holds the settings' creation)


@pytest.fixture
def sqlite_project(tmp_path):
    project = store.create_project(tmp_path / "demo.gridsafe")
    yield project
    project.close()


def test_load_demo_gives_the_same_counts(sqlite_project, demo_tables):
    counts = load_demo(sqlite_project)
    expected = {name: len(df) for name, df in demo_tables.items()}
    assert {k: counts[k] for k in expected} == expected
    in_db = row_counts(sqlite_project)
    # load adds what the app itself makes: the fire season (own tables), the line patrol history (gis/demo/line_history)
    assert in_db["patrol_assignment"] == expected["patrol_assignment"] + counts["line_patrol_planned"]
    assert in_db["hazard"] == expected["hazard"] + counts["line_patrol_hazard"]
    assert in_db["hazard_event"] == expected["hazard_event"] + counts["line_patrol_hazard"]   # 登记 each
    for table in ("patrol_assignment", "hazard", "hazard_event"):
        in_db[table] = expected[table]
    assert {k: in_db[k] for k in expected} == expected
    with sqlite_project.session() as s:
        assert repo.get_setting(s, "name") == "荆山街道安全生产网格（示例数据）"
        assert repo.get_setting(s, "is_demo") is True
        assert repo.get_setting(s, "county_code") == "410411"
        assert repo.get_setting(s, "project_crs") == "EPSG:4547"
        # cycles were closed after the referenced rows existed
        ent = s.scalars(select(Grid).where(Grid.kind == "enterprise")).all()
        assert ent and all(g.site_id is not None for g in ent)
        assert s.scalar(select(func.count()).select_from(Hazard).where(Hazard.patrol_stop_id.is_not(None))) > 0
        # geometry as the ORM would have written it, and the spatial index finds exactly the sites whose extent
        # meets a box (here grid 1's): not all of them, not none
        site = s.get(Site, 1)
        assert isinstance(site.geom, Point)
        box = s.get(Grid, 1).geom.bounds
        all_sites = s.execute(select(Site.id, Site.geom).where(Site.geom.is_not(None))).all()
        expected = {i for i, g in all_sites if shapely.intersects(shapely.box(*g.bounds), shapely.box(*box))}
        assert 0 < len(expected) < len(all_sites)
        assert set(spatial.ids_in_box(s, "site", box).tolist()) == expected
        grid = s.get(Grid, 1)
        assert grid.code == demo_tables["grid"].code.iloc[0] and grid.geom.equals(demo_tables["grid"].geometry.iloc[0])
        assert isinstance(site.attributes, dict)
    sqlite_project.close()
    reopened = store.open_project(sqlite_project.url.removeprefix("sqlite:///"))
    reopened.close()


def test_a_bad_column_leaves_the_project_empty(sqlite_project, demo_tables):
    tables = dict(demo_tables)
    tables["hazard_event"] = tables["hazard_event"].assign(signature="王建国")
    with pytest.raises(ValidationError) as err:
        load_generated(sqlite_project, tables)
    assert "hazard_event" in err.value.message and "signature" in err.value.message
    assert not any(row_counts(sqlite_project).values())
    with sqlite_project.session() as s:
        assert repo.get_setting(s, "is_demo") is None


def test_a_failure_midway_rolls_everything_back(sqlite_project, demo_tables):
    tables = dict(demo_tables)
    events = tables["hazard_event"]
    tables["hazard_event"] = pd.concat([events, events.iloc[:1]], ignore_index=True)  # duplicate id, last table
    with pytest.raises(ValidationError) as err:
        load_generated(sqlite_project, tables)
    assert "hazard_event" in err.value.message
    assert not any(row_counts(sqlite_project).values())


def test_demo_refuses_a_project_with_data(sqlite_project, demo_tables):
    small = {k: demo_tables[k] for k in ("admin_unit",)}
    load_generated(sqlite_project, small)
    with pytest.raises(ValidationError):
        load_generated(sqlite_project, small)
    assert row_counts(sqlite_project)["admin_unit"] == len(demo_tables["admin_unit"])


def test_make_demo_project(tmp_path):
    from gis.userdata import make_demo_project

    project = make_demo_project(tmp_path / "示例.gridsafe")
    try:
        assert row_counts(project)["hazard"] == 1500 + 2       # the generator's, and two found on line patrols
    finally:
        project.close()


# --- bulk_insert --------------------------------------------------------------------------------------

def test_bulk_insert_converts_values(sqlite_project):
    units = gpd.GeoDataFrame(
        {"id": [1, 2], "code": ["410411", "410411003"], "name": ["湛河区", "荆山街道"], "level": ["district", "township"],
         "kind": ["区", np.nan], "parent_id": [np.nan, 1.0]},
        geometry=[box(113.2, 33.6, 113.5, 33.8), None], crs="EPSG:4490")
    people = pd.DataFrame({"id": [1], "name": ["刘芳"], "phone": [np.nan]})
    sites = pd.DataFrame({"id": [1, 2], "name": ["荆山小学", "老王家常菜馆"], "category": ["school", "catering"],
                          "attributes": [{"students": 300}, None],
                          "geometry": [Point(113.3, 33.65), Point(113.31, 33.66)]})
    hazards = pd.DataFrame({"id": [1], "site_id": [1], "found_on": ["2026-11-02"], "source": ["grid_patrol"],
                            "description": ["消防通道堵塞"], "deadline": [pd.NaT], "version": [1],
                            "created_at": [pd.Timestamp("2026-11-02 09:30:00")]})
    with sqlite_project.transaction() as s:
        counts = bulk_insert(s, {"site": sites, "hazard": hazards, "admin_unit": units, "person": people})
    assert counts == {"admin_unit": 2, "person": 1, "site": 2, "hazard": 1}
    with sqlite_project.session() as s:
        from gis.model import AdminUnit

        town = s.get(AdminUnit, 2)
        assert town.kind is None and town.parent_id == 1 and town.geom is None
        district = s.get(AdminUnit, 1)
        assert district.geom.equals(box(113.2, 33.6, 113.5, 33.8))
        assert spatial.extent(s, "admin_unit") == pytest.approx((113.2, 33.6, 113.5, 33.8), abs=1e-5)
        assert s.get(Person, 1).phone is None
        assert s.get(Site, 1).attributes == {"students": 300}
        assert s.get(Site, 2).attributes == {} and s.get(Site, 2).status == "normal"  # NOT NULL defaults
        h = s.get(Hazard, 1)
        assert h.found_on == date(2026, 11, 2) and h.deadline is None
        assert h.created_at == datetime(2026, 11, 2, 9, 30) and h.status == "registered"


@pytest.mark.parametrize(("frames", "words"), [
    ({"nosuch": pd.DataFrame({"id": [1]})}, ["nosuch"]),
    ({"person": pd.DataFrame({"id": [1], "name": ["刘芳"], "mobile": ["13800000000"]})}, ["person", "mobile"]),
    ({"person": pd.DataFrame({"id": [1], "name": ["刘芳"], "geometry": [Point(0, 0)]})}, ["person", "geometry"]),
])
def test_bulk_insert_rejects_unknown_tables_and_columns(sqlite_project, frames, words):
    with pytest.raises(ValidationError) as err, sqlite_project.transaction() as s:
        bulk_insert(s, frames)
    assert all(w in err.value.message for w in words)
    assert not any(row_counts(sqlite_project).values())


def test_mini_scale_on_every_backend(new_project):
    """The county code path at a tiny scale, on SQLite and PostgreSQL; ids keep working afterwards."""
    tables = generate("mini")
    counts = load_generated(new_project, tables, scale="mini")
    assert counts["hazard"] == len(tables["hazard"])
    with new_project.transaction() as s:
        s.add(Person(name="新同事"))  # the id sequence moved past the loaded ids (PostgreSQL)
    with new_project.session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == len(tables["person"]) + 1
        g = s.get(Grid, 1)
        assert shapely.equals_exact(g.geom, tables["grid"].geometry.iloc[0], 0)


def test_demo_fire_season_is_planned_and_fully_staffed(sqlite_project):
    """The demo's season comes from the calendar rules and its roster has no gaps or conflicts."""
    from gis.fire import coverage as fire_coverage
    from gis.fire import roster
    from gis.fire import seasons as forestfire
    from gis.model import FireSeason

    load_demo(sqlite_project)
    with sqlite_project.session() as s:
        (season,) = s.scalars(select(FireSeason)).all()
        assert season.is_demo and season.name == "2026—2027年度森林防火期"
        periods = {p.name: (p.start_date, p.end_date) for p in season.periods}
        assert periods["春节"] == (date(2027, 2, 5), date(2027, 2, 12))  # lunar new year 2027-02-06
        assert periods["清明"][0] <= date(2027, 4, 5) <= periods["清明"][1]
        assert forestfire.find_season(s, 2026) is season
        assert roster.conflicts(s, season) == []
        assert len(roster.season_shifts(s, season)) > 1000
        gaps = fire_coverage.coverage(s, season)
        assert gaps == [], [g.description for g in gaps[:3]]


def test_demo_has_buildings_and_works_for_the_gas_analyses(sqlite_project, demo_tables):
    """Issue 13: the loaded demo (read back through the model) gives every gas analysis something to find."""
    from gis.demo.world import TODAY
    from gis.gas import analysis as gas
    from gis.gas import rules as gas_rules
    from gis.model import Building, LineAsset, ThirdPartyWorks

    counts = load_demo(sqlite_project)
    assert counts["building"] == len(demo_tables["building"]) >= 300
    assert counts["third_party_works"] == len(demo_tables["third_party_works"]) >= 3
    with sqlite_project.session() as s:
        pipes = s.scalars(select(LineAsset).where(LineAsset.kind == "gas_pipeline").order_by(LineAsset.id)).all()
        blds = s.scalars(select(Building).order_by(Building.id)).all()
        works = s.scalars(select(ThirdPartyWorks).order_by(ThirdPartyWorks.id)).all()
        # the building R-tree finds exactly the footprints whose extent meets a box (~300 m around the first
        # works, beside a pipeline): compared with shapely over every building, some of them but not all
        x0, y0, x1, y1 = works[0].geom.bounds
        box = (x0 - 0.003, y0 - 0.003, x1 + 0.003, y1 + 0.003)
        expected = {b.id for b in blds if shapely.intersects(shapely.box(*b.geom.bounds), shapely.box(*box))}
        assert 5 < len(expected) < len(blds)
        assert set(spatial.ids_in_box(s, "building", box).tolist()) == expected
        rules = gas_rules.load_rules()
        params = gas_rules.pipeline_params(rules, [p.pressure_class for p in pipes],
                                           [p.outside_diameter_mm for p in pipes], [p.diameter_mm for p in pipes],
                                           [p.material for p in pipes])
        found = gas.analyse(
            rules, gas.Pipelines(np.array([p.geom for p in pipes], dtype=object), np.array([p.id for p in pipes]),
                                 params), TODAY,
            buildings=gas.Features(np.array([b.geom for b in blds], dtype=object), np.array([b.id for b in blds])),
            works=gas.Features(np.array([w.geom for w in works], dtype=object), np.array([w.id for w in works]),
                               start=np.array([w.start_on for w in works], dtype=object),
                               end=np.array([w.end_on for w in works], dtype=object),
                               status=np.array([w.status for w in works], dtype=object)))
    kinds = [f.kind for f in found]
    assert 5 <= kinds.count("occupation") <= 25 and kinds.count("clearance") >= 1
    assert sorted(f.level for f in found if f.kind == "third_party_works") == ["alarm", "warning"]


def test_running_the_gas_analysis_on_the_demo_records_its_findings(sqlite_project):
    """What a new user sees after `gridsafe gas analyse` on the demo: 管线安全分析 hazards in the ledger, and a
    second run adds none."""
    from gis.demo.world import TODAY
    from gis.gas.findings import analyse_project, record

    load_demo(sqlite_project)
    run = analyse_project(sqlite_project, TODAY)
    with sqlite_project.transaction() as s:
        summary, _ = record(s, run, TODAY, "管线安全分析")
    kinds = {e.kind for e in summary.new}
    assert {"occupation", "clearance", "third_party_works", "school_zone", "external_distance"} <= kinds
    assert 14 <= len(summary.new) <= 42 and summary.incomplete == 1
    with sqlite_project.session() as s:
        recorded = s.scalar(select(func.count()).select_from(Hazard)
                            .where(Hazard.source.in_(["pipeline_analysis", "buffer_analysis"])))
    assert recorded == len(summary.new)
    with sqlite_project.transaction() as s:
        again, _ = record(s, analyse_project(sqlite_project, TODAY), TODAY, "管线安全分析")
    assert again.new == [] and len(again.still_open) == len(summary.new)


def test_demo_line_patrol_history(sqlite_project):
    """Issue 13: the demo's gas pipelines were patrolled over 2026H2 up to the day before TODAY, planned by the line
    rules; the 巡检长度 report has realistic figures, and two patrols found hazards linked to them."""
    from gis.demo.world import TODAY
    from gis.model import PatrolAssignment
    from gis.patrols import line_report
    from gis.patrols.periods import parse_period

    counts = load_demo(sqlite_project)
    assert counts["line_patrol_planned"] > 1000 and counts["line_patrol_hazard"] == 2
    with sqlite_project.session() as s:
        line = select(PatrolAssignment).where(PatrolAssignment.kind == "line")
        rows = s.scalars(line).all()
        done = [a for a in rows if a.status == "done"]
        assert len(done) == counts["line_patrol_done"] and max(a.patrolled_on for a in done) == TODAY - timedelta(days=1)
        assert all(0 < a.patrolled_m <= a.route_length_m for a in done)
        assert any(a.patrolled_m < a.route_length_m for a in done)                 # some walked only part
        assert any(a.status == "cancelled" for a in rows)                           # some missed
        found = s.scalars(select(Hazard).where(Hazard.source == "line_patrol")).all()
        assert len(found) == 2 and all(s.get(PatrolAssignment, h.patrol_assignment_id).line_id == h.line_id
                                       for h in found)
        report = line_report.compute(s, parse_period("2026H2"), today=TODAY)
    t = report.total
    assert report.until == TODAY - timedelta(days=1)
    assert 0.6 < report.coverage < 0.9 and 0.9 < t["done"] / t["required"] < 1.0
    assert set(report.by_class["group"]) == {"低压", "中压B", "中压A", "次高压B"}
