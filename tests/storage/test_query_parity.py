"""The read functions the views call (gis.hazards.links, gis.identify, the boards and lists) give the same,
right answers on SQLite and on PostgreSQL, without Qt."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from gis import hazards, identify, repo, store
from gis.fire import registers
from gis.fire.wall_map import areas
from gis.hazards import links
from gis.model import AdminUnit, LineAsset, PatrolAssignment, PatrolStop, Person, Zone
from gis.patrols.queries import assignment_rows, assignment_stops, assignments_of_stops, feature_filter, patrol_grids
from tests import smallworld


def exercise(url: str) -> dict:
    """Build the small world, then call every query; plain values out."""
    with store.create_project(url) as project:
        with project.transaction() as s:
            w = smallworld.build(s)
            s.add(Person(name="孙丽", unit="荆山街道安监站"))
            s.add(LineAsset(kind="road", name=None, geom=smallworld.LineString([(113.2, 33.61), (113.3, 33.61)])))
            first = w["hazards"][0]
            hazards.add_photo(s, first, "b.png", b"\x89PNG\r\n\x1a\nsecond")
            hazards.add_photo(s, first, "a.png", b"\x89PNG\r\n\x1a\nfirst")
            ids = {"hazard": first.id, "line_hazard": w["hazards"][2].id,
                   "site": w["sites"][1].id, "grid": w["sites"][1].grid_id}
            site0, grid1 = w["sites"][0], w["grids"]["410411003001001"]
            site0.contact_name, site0.contact_phone = "钱经理", "13911112222"
            route = PatrolAssignment(grid_id=grid1.id, person_id=w["people"][1].id, planned_on=date(2026, 11, 20),
                                     status="in_progress", period="2026-W47")
            s.add(route)
            s.flush()
            s.add_all([PatrolStop(assignment_id=route.id, seq=2, site_id=w["sites"][1].id),
                       PatrolStop(assignment_id=route.id, seq=1, site_id=site0.id,
                                  visited_at=datetime(2026, 11, 20, 9, 30), result="ok")])
            cp = registers.add_checkpoint(s, "荆山检查站", 113.22, 33.61, code="JS-01", address="荆山路口")
            permit = registers.add_permit(s, "张三", date(2026, 12, 1), date(2026, 12, 2), "烧除田埂杂草",
                                          village=w["west"].id)
            registers.decide_permit(s, permit.id, "approved", "刘芳", date(2026, 11, 28))
            registers.update_checkpoint(s, cp.id, kind="temporary", room=True, metal_detector=False, code="JS-02")
            ids.update(route=route.id, site0=site0.id, grid1=grid1.id, checkpoint=cp.id, permit=permit.id,
                       village=w["west"].id, pipeline=s.query(LineAsset).filter_by(kind="gas_pipeline").one().id,
                       zone=s.query(Zone).one().id)
        out: dict = {"ids": ids}
        with project.session() as s:
            out["choices"] = {c: [text for _fid, text in links.choices(s, c)] for c in links.COLUMNS}
            out["people"] = [text for text, _pid in repo.person_choices(s)]
            out["photos"] = hazards.photos(s, ids["hazard"])
            out["link_of"] = [links.link_of(hazards.find(s, i)) for i in (ids["hazard"], ids["line_hazard"])]
            out["sector"] = links.site_sector(s, ids["site"])
            out["missing"] = hazards.find(s, 10_000)
            out["facts"] = {name: vars(identify.facts(s, source, ids[key])) for name, source, key in (
                ("site", "sites", "site0"), ("grid", "grids", "grid1"), ("village", "villages", "village"),
                ("pipeline", "pipelines", "pipeline"), ("zone", "zones", "zone"), ("hazard", "hazards", "hazard"),
                ("route", "patrol_routes", "route"))}
            out["patrol_grids"] = patrol_grids(s)
            out["stops"] = assignment_stops(s, ids["route"])
            out["no_stops"] = assignment_stops(s, 10_000)
            stop_ids = [x["id"] for x in out["stops"]["stops"]]
            out["of_stops"] = [assignments_of_stops(s, stop_ids), assignments_of_stops(s, stop_ids[:1]),
                               assignments_of_stops(s, [10_000]), assignments_of_stops(s, stop_ids, chunk=1)]
            out["rows_of_ids"] = [[row["id"] for row in assignment_rows(s, assignment_ids=ids_)]
                                  for ids_ in ([ids["route"]], [], [ids["route"], 10_000])]
            out["areas"] = areas(s)
            out["villages"] = registers.villages(s)
            out["checkpoints"] = registers.checkpoint_table(s)
            out["permits"] = registers.permit_states(s)
            out["permit_village"] = s.get(registers.FirePermit, ids["permit"]).admin_unit_id
            out["unit_names"] = {u.id: u.name for u in s.query(AdminUnit)}
    return out


@pytest.fixture(scope="module")
def results(on_both_backends):
    return on_both_backends(exercise)


@pytest.mark.parametrize("backend_name", ["sqlite", "postgresql"])
def test_query_answers(results, backend_name):
    r = results[backend_name]
    ids = r["ids"]
    choices = r["choices"]
    assert choices["site_id"] == ["宏达化工", "老王家常菜馆", "荆山小学", "荆山检查站", "鑫源机械加工厂"]
    assert choices["line_id"][0] == "工业路中压管线" and choices["line_id"][1].startswith("#")  # unnamed last
    assert choices["zone_id"] == ["荆山林区"]
    assert choices["grid_id"][0] == "410411003001001 张庄村第1网格" and len(choices["grid_id"]) == 8
    assert r["people"] == ["刘芳", "孙丽（荆山街道安监站）", "王建国", "赵敏", "陈志强"]
    assert r["photos"] == [("b.png", b"\x89PNG\r\n\x1a\nsecond"), ("a.png", b"\x89PNG\r\n\x1a\nfirst")]
    line_id = r["link_of"][1][1]
    assert r["link_of"][0][0] == "site_id" and r["link_of"][1] == ("line_id", line_id)
    assert r["sector"] == "gas" and r["missing"] is None

    facts = r["facts"]
    site = facts["site"]
    assert site["hazard_counts"] == {"assigned": 1} and site["site_id"] == ids["site0"]
    assert site["people"][0] == ("contact", "钱经理", "13911112222")
    assert [p[:2] for p in site["people"]] == [("contact", "钱经理"), ("enterprise_principal", "赵敏"),
                                               ("village_cadre", "陈志强")]   # its grid has no members
    assert site["grid"][1:] == ("410411003001003", "张庄村第3网格")
    assert site["visits"] == [(datetime(2026, 11, 20, 9, 30), "ok")]
    grid = facts["grid"]
    assert grid["site_count"] == 0 and grid["assignments"] == [(date(2026, 11, 20), "in_progress")]
    assert grid["grid"][0] == ids["grid1"] and ("grid_member", "刘芳", "13800000001") in grid["people"]
    assert facts["village"]["people"] == [("village_cadre", "陈志强", "13800000002")]
    assert facts["pipeline"]["hazard_counts"] == {"closed": 1} and facts["zone"]["hazard_counts"] == {}
    hz = facts["hazard"]["hazard"]
    assert hz == {"description": "有限空间作业未审批", "found_on": date(2026, 10, 1), "source": "grid_patrol",
                  "site_name": "鑫源机械加工厂"}
    assert facts["hazard"]["site_id"] == ids["site0"] and facts["hazard"]["grid"] == site["grid"]
    assert facts["route"]["stops"] == [(1, "鑫源机械加工厂", datetime(2026, 11, 20, 9, 30), "ok"),
                                       (2, "老王家常菜馆", None, None)]

    assert [code for _i, code, _n in r["patrol_grids"]] == sorted(code for _i, code, _n in r["patrol_grids"])
    assert len(r["patrol_grids"]) == 8
    stops = r["stops"]
    assert stops["planned_on"] == date(2026, 11, 20) and r["no_stops"] is None
    assert [(x["seq"], x["site_name"], x["result"]) for x in stops["stops"]] == [
        (1, "鑫源机械加工厂", "ok"), (2, "老王家常菜馆", None)]
    # the patrol list behind the dashboard's stops: their assignments, nothing else
    assert r["of_stops"] == [[ids["route"]], [ids["route"]], [], [ids["route"]]]
    assert r["rows_of_ids"] == [[ids["route"]], [], [ids["route"]]]
    assert [(code, level) for code, _n, level in r["areas"]] == [
        ("410411", "district"), ("410411003", "township"), ("410411003001", "village"), ("410411003002", "village")]
    assert r["villages"] == [("张庄村", ids["village"]), ("李楼社区", r["villages"][1][1])]
    (cp,) = r["checkpoints"]
    assert (cp["id"], cp["name"], cp["code"], cp["address"], cp["status"]) == (
        ids["checkpoint"], "荆山检查站", "JS-02", "荆山路口", "normal")
    assert cp["attributes"] == {"type": "temporary", "room": True, "metal_detector": False}
    assert r["permits"] == [(ids["permit"], "approved")] and r["permit_village"] == ids["village"]


def test_sqlite_and_postgresql_agree(results):
    assert results["sqlite"] == results["postgresql"]


def test_layers_link_through_one_table():
    assert {links.column_of(x) for x in ("sites", "roads", "pipelines", "fire_lines", "zones", "grids")} \
        == set(links.COLUMNS)
    assert links.column_of("hazards") is None and links.column_of("patrol_routes") is None
    assert links.kind_label("line_id") == "线状设施" and links.kind_label("line_id", "en") == "Line asset"
    assert feature_filter("sites", 3) == {"site_id": 3} and feature_filter("grids", 4) == {"grid_id": 4}
    assert feature_filter("patrol_routes", 5) == {"assignment_id": 5}
    assert feature_filter("roads", 6) == {} and feature_filter("zones", 7) == {}
    assert feature_filter("pipelines", 8) == {"line_id": 8}        # its line patrols (巡线)
