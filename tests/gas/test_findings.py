"""Pipeline safety findings into the hazard ledger on both backends (issue 13's "done when"): a building
over a DN200 中压A pipeline and a works area across its control range become two hazards with the right kinds,
grades and distances, linked to the pipeline and to the building or works; a re-run adds nothing; a finding
that goes away is reported, not closed; a dry run writes nothing; `gridsafe gas analyse --json`.

Shapes are drawn in metres (tests.gas.test_analysis.geo: local Gauss-Krüger EPSG:4547, stored as lon/lat).
"""
from __future__ import annotations

import json
from datetime import date, timedelta

import shapely
from sqlalchemy import func, select

from desktop.services import gas as use
from gis.gas import findings
from gis.hazards import workflow
from gis.model import Building, Hazard, HazardEvent, LineAsset, ThirdPartyWorks
from tests.gas.test_analysis import HALF, geo

TODAY = date(2026, 12, 5)
OPERATOR = "王工"


def _populate(project):
    """DN200 中压A steel pipe along y = 0 (x 0–100 m); a building across it (x 40–50); works whose near side is
    3 m off the outer wall (inside the 5 m control range, outside the 0.5 m protection range), active today;
    finished works 1 m off the wall (not a finding). Returns (pipe, building, works) ids."""
    with project.transaction() as s:
        pipe = LineAsset(kind="gas_pipeline", name="建设路中压干管", pressure_class="medium_a", diameter_mm=200,
                         material="钢管", geom=geo(shapely.LineString([(0, 0), (100, 0)])))
        building = Building(name="幸福里3号楼", storeys=6, use="residential",
                            geom=geo(shapely.box(40, -5, 50, 5)))
        works = ThirdPartyWorks(name="建设路雨水管改造", party="某市政公司", status="active",
                                start_on=TODAY - timedelta(days=10), end_on=TODAY + timedelta(days=20),
                                geom=geo(shapely.box(60, -HALF - 3.0 - 8.0, 80, -HALF - 3.0)))
        done = ThirdPartyWorks(name="已完工沟槽", status="finished", start_on=TODAY - timedelta(days=60),
                               end_on=TODAY - timedelta(days=30), geom=geo(shapely.box(10, HALF + 1, 20, HALF + 4)))
        s.add_all([pipe, building, works, done])
        s.flush()
        return pipe.id, building.id, works.id


def _gas_hazards(project):
    with project.session() as s:
        return list(s.scalars(select(Hazard).where(Hazard.source == findings.SOURCE).order_by(Hazard.id)))


def _count(project, model):
    with project.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_building_over_pipe_and_works_in_control_range_enter_the_ledger(new_project):
    pipe, building, works = _populate(new_project)
    done = use.analyse(new_project, operator=OPERATOR, on=TODAY)
    summary = done.value.summary
    assert len(summary.new) == 2 and summary.still_open == [] and summary.disappeared == []
    assert done.change.kinds == {"hazards"}
    assert done.change.ids_of("hazards") == {e.hazard_id for e in summary.new}

    hazards = _gas_hazards(new_project)
    by_kind = {h.finding: h for h in hazards}
    assert sorted(by_kind) == ["occupation", "third_party_works"]
    occ, tpw = by_kind["occupation"], by_kind["third_party_works"]
    assert (occ.line_id, occ.building_id, occ.works_id) == (pipe, building, None)
    assert (tpw.line_id, tpw.building_id, tpw.works_id) == (pipe, None, works)
    assert occ.grade == "major" and tpw.grade == "general"       # 占压 on 中压A is a major hazard (rules)
    assert {h.source for h in hazards} == {"pipeline_analysis"} and {h.sector for h in hazards} == {"gas"}
    assert {h.status for h in hazards} == {"registered"} and {h.found_on for h in hazards} == {TODAY}
    assert occ.description.startswith("建筑物“幸福里3号楼”占压中压A燃气管道“建设路中压干管”，距管壁0米")
    assert tpw.description.startswith("第三方施工“建设路雨水管改造”进入中压A燃气管道“建设路中压干管”控制范围（预警），距管壁3米")

    found = {f.kind: f for f in done.value.run.findings}
    assert found["occupation"].distance_m == 0.0
    assert abs(found["third_party_works"].distance_m - 3.0) < 0.01
    # located on the feature, at its point nearest the pipe: on the building; 3 m south of the pipe on the works
    with new_project.session() as s:
        b = s.get(Building, building).geom
        w = s.get(ThirdPartyWorks, works).geom
        line = s.get(LineAsset, pipe).geom
        events = list(s.scalars(select(HazardEvent).where(HazardEvent.hazard_id.in_([occ.id, tpw.id]))))
    assert shapely.distance(occ.geom, b) < 1e-9 and shapely.intersects(shapely.buffer(occ.geom, 1e-7), line)
    assert shapely.distance(tpw.geom, w) < 1e-9
    assert [(e.action, e.actor_name) for e in events] == [("register", OPERATOR)] * 2


def test_rerun_does_not_duplicate_and_reports_what_disappeared(new_project):
    _, building, _ = _populate(new_project)
    first = use.analyse(new_project, operator=OPERATOR, on=TODAY).value.summary
    codes = {e.kind: e.code for e in first.new}

    again = use.analyse(new_project, operator=OPERATOR, on=TODAY)
    assert again.value.summary.new == [] and again.change.kinds == frozenset()
    assert {e.kind: e.code for e in again.value.summary.still_open} == codes
    assert len(_gas_hazards(new_project)) == 2

    # the building is moved 1.2 m off the wall: no longer 占压 but 安全间距不足 (below 1.5, above the reduced 1.0)
    with new_project.transaction() as s:
        s.get(Building, building).geom = geo(shapely.box(40, HALF + 1.2, 50, HALF + 11.2))
    moved = use.analyse(new_project, operator=OPERATOR, on=TODAY).value
    s2 = moved.summary
    assert [(e.kind, e.code) for e in s2.disappeared] == [("occupation", codes["occupation"])]
    assert [e.kind for e in s2.still_open] == ["third_party_works"]
    assert [e.kind for e in s2.new] == ["clearance"]
    clearance = next(f for f in moved.run.findings if f.kind == "clearance")
    assert abs(clearance.distance_m - 1.2) < 0.01 and clearance.level == "below_minimum"
    statuses = {h.finding: h.status for h in _gas_hazards(new_project)}
    assert statuses == {"occupation": "registered", "third_party_works": "registered", "clearance": "registered"}

    # once the 占压 hazard is closed it is no longer reported; a closed finding that comes back is new again
    with new_project.transaction() as s:
        h = s.scalar(select(Hazard).where(Hazard.code == codes["occupation"]))
        h.status = "closed"
    assert use.analyse(new_project, operator=OPERATOR, on=TODAY).value.summary.disappeared == []


def test_works_outside_their_dates_are_not_findings(new_project):
    _populate(new_project)
    later = TODAY + timedelta(days=60)        # the works ended 40 days before
    summary = use.analyse(new_project, operator=OPERATOR, on=later).value.summary
    assert [e.kind for e in summary.new] == ["occupation"]


def test_dry_run_writes_nothing(new_project):
    _populate(new_project)
    before = (_count(new_project, Hazard), _count(new_project, HazardEvent))
    done = use.analyse(new_project, operator=OPERATOR, on=TODAY, dry_run=True)
    assert done.change.kinds == frozenset()
    assert sorted(e.kind for e in done.value.summary.new) == ["occupation", "third_party_works"]
    assert all(e.hazard_id is None for e in done.value.summary.new)
    assert (_count(new_project, Hazard), _count(new_project, HazardEvent)) == before == (0, 0)


def test_one_transaction_a_failure_records_nothing(new_project, monkeypatch):
    _populate(new_project)
    calls = []
    real = workflow.register

    def fail_second(*a, **kw):
        calls.append(kw["finding"])
        if len(calls) == 2:
            raise RuntimeError("写入中断")
        return real(*a, **kw)

    monkeypatch.setattr(workflow, "register", fail_second)
    try:
        use.analyse(new_project, operator=OPERATOR, on=TODAY)
    except RuntimeError:
        pass
    else:
        raise AssertionError("the second registration should have failed")
    assert _count(new_project, Hazard) == 0


def test_deleting_the_building_keeps_the_hazard_and_reports_it_gone(new_project):
    _, building, _ = _populate(new_project)
    use.analyse(new_project, operator=OPERATOR, on=TODAY)
    with new_project.transaction() as s:
        s.delete(s.get(Building, building))
    gone = use.analyse(new_project, operator=OPERATOR, on=TODAY).value.summary.disappeared
    assert [e.kind for e in gone] == ["occupation"]
    assert [h.building_id for h in _gas_hazards(new_project) if h.finding == "occupation"] == [None]


def test_cli_json_and_dry_run(new_project, project_url, capsys):
    from desktop.cli import main

    pipe, _, _ = _populate(new_project)
    new_project.close()
    assert main(["gas", "analyse", project_url, "--date", TODAY.isoformat(), "--dry-run", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted((r["kind"], r["pipeline_id"], r["feature_name"]) for r in rows) == [
        ("occupation", pipe, "幸福里3号楼"), ("third_party_works", pipe, "建设路雨水管改造")]
    for r in rows:
        assert {"kind", "pipeline_id", "feature_name", "distance_m", "level", "grade", "incomplete"} <= set(r)
        assert r["ledger"] == "new" and r["hazard_code"] is None and r["incomplete"] == []
    assert {r["kind"]: r["distance_m"] for r in rows}["occupation"] == 0.0
    assert abs({r["kind"]: r["distance_m"] for r in rows}["third_party_works"] - 3.0) < 0.01

    assert main(["gas", "analyse", project_url, "--date", TODAY.isoformat(), "--actor", OPERATOR]) == 0
    out = capsys.readouterr().out
    assert "新登记 2 条隐患" in out and "幸福里3号楼" in out and "占压" in out and "预警" in out
    assert main(["gas", "analyse", project_url, "--date", TODAY.isoformat(), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["ledger"] for r in rows} == {"open"} and all(r["hazard_code"].startswith("YH2026-") for r in rows)


def test_the_ledger_shows_them_on_the_pipeline(new_project):
    from gis.hazards import ledger

    pipe, _, _ = _populate(new_project)
    codes = {e.code for e in use.analyse(new_project, operator=OPERATOR, on=TODAY).value.summary.new}
    book = ledger.load(new_project, TODAY)
    rows = book.filter(feature=("line_id", pipe))
    assert set(book.frame.iloc[rows]["code"]) == codes
    assert set(book.frame.iloc[rows]["feature"]) == {"建设路中压干管"}


def test_pipeline_without_class_or_diameter_is_analysed_with_defaults_and_says_so(new_project):
    with new_project.transaction() as s:
        pipe = LineAsset(kind="gas_pipeline", name=None, geom=geo(shapely.LineString([(0, 0), (100, 0)])))
        s.add_all([pipe, Building(name=None, geom=geo(shapely.box(40, HALF + 0.3, 50, HALF + 8)))])
        s.flush()
        pipe_id = pipe.id
    done = use.analyse(new_project, operator=OPERATOR, on=TODAY).value
    [f] = done.run.findings
    assert f.kind == "occupation" and f.incomplete == ("压力级制", "外径") and abs(f.distance_m - 0.3) < 0.01
    [h] = _gas_hazards(new_project)
    assert h.line_id == pipe_id
    assert h.description.startswith("建筑物（未命名，编号 1）占压中压A燃气管道（编号 1），距管壁0.3米")
    assert "参数不全（压力级制、外径按默认值）" in h.description
