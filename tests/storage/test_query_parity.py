"""The read functions the views call (gis.hazards.links, gis.identify, the boards and lists) give the same,
right answers on SQLite and on PostgreSQL, without Qt."""
from __future__ import annotations

import pytest

from gis import hazards, repo, store
from gis.hazards import links
from gis.model import LineAsset, Person
from gis.patrols.queries import feature_filter
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
        out: dict = {"ids": ids}
        with project.session() as s:
            out["choices"] = {c: [text for _fid, text in links.choices(s, c)] for c in links.COLUMNS}
            out["people"] = [text for text, _pid in repo.person_choices(s)]
            out["photos"] = hazards.photos(s, ids["hazard"])
            out["link_of"] = [links.link_of(hazards.find(s, i)) for i in (ids["hazard"], ids["line_hazard"])]
            out["sector"] = links.site_sector(s, ids["site"])
            out["missing"] = hazards.find(s, 10_000)
    return out


@pytest.fixture(scope="module")
def results(tmp_path_factory, request):
    out = {"sqlite": exercise(str(tmp_path_factory.mktemp("parity") / "p.gridsafe"))}
    out["postgresql"] = exercise(request.getfixturevalue("pg_server").new_database())
    return out


@pytest.mark.parametrize("backend_name", ["sqlite", "postgresql"])
def test_query_answers(results, backend_name):
    r = results[backend_name]
    ids = r["ids"]
    choices = r["choices"]
    assert choices["site_id"] == ["宏达化工", "老王家常菜馆", "荆山小学", "鑫源机械加工厂"]
    assert choices["line_id"][0] == "工业路中压管线" and choices["line_id"][1].startswith("#")  # unnamed last
    assert choices["zone_id"] == ["荆山林区"]
    assert choices["grid_id"][0] == "410411003001001 张庄村第1网格" and len(choices["grid_id"]) == 8
    assert r["people"] == ["刘芳", "孙丽（荆山街道安监站）", "王建国", "赵敏", "陈志强"]
    assert r["photos"] == [("b.png", b"\x89PNG\r\n\x1a\nsecond"), ("a.png", b"\x89PNG\r\n\x1a\nfirst")]
    line_id = r["link_of"][1][1]
    assert r["link_of"][0][0] == "site_id" and r["link_of"][1] == ("line_id", line_id)
    assert r["sector"] == "gas" and r["missing"] is None


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
