"""Attribute tables (gis.attributes): read as arrays, checked edits of one feature, new features."""
from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from shapely.geometry import LineString, Point, box
from sqlalchemy import select

from gis import attributes
from gis.errors import ValidationError
from gis.model import Grid, LineAsset, Site, ThirdPartyWorks
from tests import smallworld


@pytest.fixture
def world(new_project):
    with new_project.transaction() as s:
        built = smallworld.build(s)
        s.add(ThirdPartyWorks(name="工业路开挖", status="active", start_on=date(2026, 11, 1),
                              geom=box(113.30, 33.649, 113.301, 33.651)))
        ids = {"sites": [x.id for x in built["sites"]], "grid": built["grids"]["410411003001001"].id}
    return new_project, ids


def site(project, site_id) -> Site:
    with project.session() as s:
        return s.get(Site, site_id)


def test_read_update_insert_and_refusals(world):
    """On both backends: the table reads as arrays; an edit is checked, written in one transaction and
    returns what undo needs; a refused edit names the field and leaves the row as it was."""
    project, ids = world
    table = attributes.read(project, "sites")
    assert list(table.ids) == sorted(ids["sites"])
    row = table.row_of(ids["sites"][0])
    assert table.values["name"][row] == "鑫源机械加工厂"
    assert table.values["category"][row] == "industry_trade_enterprise"       # keys, labels are the view's
    assert table.values["grid"][row] == "410411003001003 张庄村第3网格"
    assert list(attributes.read(project, "pipelines").values["diameter_mm"]) == [200.0]
    works = attributes.read(project, "works")
    assert works.values["start_on"][0] == "2026-11-01" and works.values["end_on"][0] is None

    # a category picked by its label; the sector follows the category as an import's does
    old, change = attributes.update(project, "sites", ids["sites"][0], {"category": "餐饮"})
    assert old == {"category": "industry_trade_enterprise", "sector": "industry_trade"}
    assert change.kinds == {"sites"} and change.ids_of("sites") == {ids["sites"][0]}
    assert (site(project, ids["sites"][0]).category, site(project, ids["sites"][0]).sector) == ("catering", "gas")
    attributes.update(project, "sites", ids["sites"][0], old)                  # what an undo does
    assert site(project, ids["sites"][0]).category == "industry_trade_enterprise"

    refusals = [
        ("sites", {"category": "铁匠铺"}, "场所类别：“铁匠铺”不是有效的场所类别"),
        ("sites", {"name": "  "}, "“名称”不能为空"),
        ("sites", {"category": None}, "“场所类别”不能为空"),
        ("sites", {"nonsense": 1}, "没有字段“nonsense”"),
        ("grids", {"code": "410411003001009"}, "网格编码不能在此修改"),
        ("pipelines", {"diameter_mm": "二百"}, "管径（毫米）：“二百”不是数字"),
        ("pipelines", {"year_built": "2012.5"}, "建设年份：“2012.5”不是整数"),
        ("pipelines", {"last_inspected_on": "2026-13-01"}, "最近检测日期：“2026-13-01”不是有效的日期"),
        ("works", {"end_on": "2026-10-01"}, "结束日期 2026-10-01 早于开始日期 2026-11-01"),
    ]
    target = {"sites": ids["sites"][0], "grids": ids["grid"]}
    with project.session() as s:
        target["pipelines"] = s.scalar(select(LineAsset.id))
        target["works"] = s.scalar(select(ThirdPartyWorks.id))
    for layer, values, message in refusals:
        with pytest.raises(ValidationError, match=message):
            attributes.update(project, layer, target[layer], values)
    attributes.update(project, "sites", ids["sites"][1], {"code": "91410400MA00000001"})
    with pytest.raises(ValidationError, match="统一社会信用代码“91410400MA00000001”已被“老王家常菜馆”"):
        attributes.update(project, "sites", ids["sites"][0], {"code": "91410400MA00000001", "name": "新名"})
    with pytest.raises(ValidationError, match="没有 ID 为 .* 的要素"):
        attributes.update(project, "roads", target["pipelines"], {"name": "不是道路"})   # a pipeline is no road
    after = attributes.read(project, "sites")
    table.values["code"][table.row_of(ids["sites"][1])] = "91410400MA00000001"     # the one accepted
    for name in table.values:
        assert list(after.values[name]) == list(table.values[name]), name           # nothing of the refusals
    with project.session() as s:
        assert s.get(Grid, ids["grid"]).code == "410411003001001"

    # numbers and dates as typed
    attributes.update(project, "pipelines", target["pipelines"],
                      {"diameter_mm": "1,200", "last_inspected_on": "2026年3月5日", "year_built": 2013})
    with project.session() as s:
        line = s.get(LineAsset, target["pipelines"])
        assert (line.diameter_mm, line.last_inspected_on, line.year_built) == (1200.0, date(2026, 3, 5), 2013)

    # a new site placed by a point: its grid from its location, its sector from its category
    new_id, change = attributes.insert(project, "sites", {"name": "新开饭店", "category": "catering",
                                                          "contact_phone": 13900000000}, Point(113.21, 33.61))
    assert change.ids_of("sites") == {new_id}
    new = site(project, new_id)
    assert (new.name, new.category, new.sector, new.status, new.contact_phone) == \
        ("新开饭店", "catering", "gas", "normal", "13900000000")
    with project.session() as s:
        assert s.get(Grid, new.grid_id).code == "410411003001003"     # the south-west quarter of 张庄村
    assert new_id in attributes.read(project, "sites").ids


def test_insert_refusals(world):
    project, _ = world
    before = len(attributes.read(project, "sites"))
    cases = [
        ({"category": "catering"}, Point(113.21, 33.61), "缺少必填字段“名称”"),
        ({"name": "甲", "category": "铁匠铺"}, Point(113.21, 33.61), "场所类别：“铁匠铺”不是有效的场所类别"),
        ({"name": "甲", "category": "catering"}, None, "缺少位置"),
        ({"name": "甲", "category": "catering"}, LineAsset and LineString([(113.2, 33.6), (113.3, 33.6)]),
         "企业场所应为点、面，而不是线"),
        ({"name": "甲", "category": "catering"}, Point(10, 50), "位置超出中国范围"),
    ]
    for values, geom, message in cases:
        with pytest.raises(ValidationError, match=message):
            attributes.insert(project, "sites", values, geom)
    # both problems of one record, one line each
    with pytest.raises(ValidationError) as e:
        attributes.insert(project, "sites", {"category": "铁匠铺"}, Point(113.21, 33.61))
    assert e.value.message.splitlines() == ["缺少必填字段“名称”", "场所类别：“铁匠铺”不是有效的场所类别，可选：" +
                                            e.value.message.split("可选：")[1]]
    assert len(attributes.read(project, "sites")) == before
    # a pipeline gets its layer's kind
    new_id, _ = attributes.insert(project, "pipelines", {"name": "新管"},
                                  LineString([(113.21, 33.66), (113.25, 33.66)]))
    table = attributes.read(project, "pipelines")
    assert table.values["kind"][table.row_of(new_id)] == "gas_pipeline"
    assert np.isnan(table.values["diameter_mm"][table.row_of(new_id)])
