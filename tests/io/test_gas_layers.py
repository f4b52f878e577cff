"""Buildings (建筑物) and third-party works (第三方施工) imported through `gridsafe import --layer buildings|works`
from real files, on SQLite and PostgreSQL: Chinese field names mapped, vocabularies and dates converted,
bad rows refused with their row and field, nothing written."""
from __future__ import annotations

import json
from datetime import date

import geopandas as gpd
import pytest
from shapely.geometry import Point, Polygon, box
from sqlalchemy import select

from desktop.cli import main
from gis.layers import load_layer
from gis.model import Building, ThirdPartyWorks


def _square(x: float, y: float, d: float = 0.0004) -> Polygon:
    return box(x, y, x + d, y + d)


def _buildings_geojson(tmp_path):
    path = tmp_path / "建筑物.geojson"
    features = [
        {"type": "Feature", "geometry": _square(113.2150, 33.6150).__geo_interface__,
         "properties": {"名称": "张庄小学教学楼", "层数": 3, "用途": "学校", "地址": "张庄村东街1号", "结构": "砖混"}},
        {"type": "Feature", "geometry": _square(113.2160, 33.6150).__geo_interface__,
         "properties": {"名称": "民房", "层数": "2", "用途": "民房", "地址": None, "结构": "砖木"}},
        {"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": [
            [list(map(list, _square(113.3350, 33.6650).exterior.coords))]]},
         "properties": {"名称": "中心幼儿园", "层数": None, "用途": "幼儿园", "地址": "李楼社区中街", "结构": None}},
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
                    encoding="utf-8")
    return path


def _works_gpkg(tmp_path, rows, name="第三方施工.gpkg"):
    """rows: (工程名称, 状态, 开始日期, 结束日期, geometry)."""
    path = tmp_path / name
    df = gpd.GeoDataFrame({
        "工程名称": [r[0] for r in rows],
        "施工单位": ["县市政工程公司"] * len(rows),
        "联系人": ["王建国"] * len(rows),
        "联系电话": ["13800000001"] * len(rows),
        "开始日期": [r[2] for r in rows],
        "结束日期": [r[3] for r in rows],
        "许可编号": [f"燃护协〔2026〕{i + 1}号" for i in range(len(rows))],
        "监护人": ["李燃"] * len(rows),
        "状态": [r[1] for r in rows],
    }, geometry=[r[4] for r in rows], crs="EPSG:4490")
    df.to_file(path, driver="GPKG", layer="施工")
    return path


def test_buildings_import_from_geojson(world, project_url, tmp_path, capsys):
    assert main(["import", project_url, str(_buildings_geojson(tmp_path)), "--layer", "buildings"]) == 0
    assert "导入 3" in capsys.readouterr().out
    with world.session() as s:
        rows = {b.name: b for b in s.scalars(select(Building))}
    school, house, kindergarten = rows["张庄小学教学楼"], rows["民房"], rows["中心幼儿园"]
    assert (school.storeys, school.use, school.address) == (3, "school", "张庄村东街1号")
    assert (house.storeys, house.use) == (2, "residential")          # "2" as text, 民房 an alias of 住宅
    assert (kindergarten.storeys, kindergarten.use) == (None, "childcare")
    assert school.attributes == {"结构": "砖混"}
    assert school.geom.geom_type == "Polygon" and kindergarten.geom.geom_type == "MultiPolygon"
    assert school.geom.equals(_square(113.2150, 33.6150))
    layer = load_layer(world, "buildings")          # the map layer reads them back through its spatial SQL
    assert len(layer) == 3 and set(layer.attrs["use"]) == {"school", "residential", "childcare"}
    assert len(load_layer(world, "buildings", box=(113.21, 33.61, 113.22, 33.62))) == 2


def test_buildings_with_an_unknown_use_are_refused(world, project_url, tmp_path, capsys):
    path = tmp_path / "楼.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": _square(113.215, 33.615).__geo_interface__,
         "properties": {"名称": "甲楼", "层数": 2.5, "用途": "住宅"}},
        {"type": "Feature", "geometry": _square(113.216, 33.615).__geo_interface__,
         "properties": {"名称": "乙楼", "层数": 4, "用途": "宾馆"}},
    ]}, ensure_ascii=False), encoding="utf-8")
    assert main(["import", project_url, str(path), "--layer", "buildings"]) == 2
    err = capsys.readouterr().err
    assert "第1个要素 字段“层数”：“2.5”不是整数" in err
    assert "第2个要素 字段“用途”：“宾馆”不是有效的用途，可选：住宅、商业" in err
    with world.session() as s:
        assert s.query(Building).count() == 0


def test_works_import_from_geopackage(world, project_url, tmp_path, capsys):
    path = _works_gpkg(tmp_path, [
        ("荆山路燃气管道旁排水管施工", "施工中", "2026-11-20", "2026/12/31", _square(113.385, 33.685, 0.002)),
        ("李楼社区道路开挖", "", "2027年1月5日", None, _square(113.335, 33.665, 0.001)),
        ("张庄村光缆敷设", "已完工", "20260901", "2026-09-30", _square(113.215, 33.615, 0.001)),
    ])
    assert main(["import", project_url, str(path), "--layer", "works"]) == 0
    assert "导入 3" in capsys.readouterr().out
    with world.session() as s:
        rows = {w.name: w for w in s.scalars(select(ThirdPartyWorks))}
    active, planned, done = rows["荆山路燃气管道旁排水管施工"], rows["李楼社区道路开挖"], rows["张庄村光缆敷设"]
    assert (active.status, active.start_on, active.end_on) == ("active", date(2026, 11, 20), date(2026, 12, 31))
    assert (planned.status, planned.start_on, planned.end_on) == ("planned", date(2027, 1, 5), None)  # the default
    assert (done.status, done.start_on) == ("finished", date(2026, 9, 1))
    assert (active.party, active.contact_name, active.contact_phone, active.supervisor, active.permit_no) == \
        ("县市政工程公司", "王建国", "13800000001", "李燃", "燃护协〔2026〕1号")
    assert active.attributes == {}
    layer = load_layer(world, "works")
    assert len(layer) == 3 and set(layer.attrs["status"]) == {"active", "planned", "finished"}


def test_works_with_a_bad_date_or_a_point_are_refused_and_nothing_is_written(world, project_url, tmp_path, capsys):
    path = _works_gpkg(tmp_path, [
        ("正常的施工", "施工中", "2026-11-20", "2026-12-31", _square(113.385, 33.685, 0.002)),
        ("日期写错的施工", "施工中", "2026-02-30", "2026-03-31", _square(113.335, 33.665, 0.001)),
        ("只有一个点的施工", "未开工", "2026-12-01", "2026-12-10", Point(113.215, 33.615)),
        ("先完工后开工", "已完工", "2026-10-01", "2026-09-30", _square(113.216, 33.616, 0.001)),
    ])
    assert main(["import", project_url, str(path), "--layer", "works"]) == 2
    err = capsys.readouterr().err
    assert "有 3 个要素数据未通过检查，未导入任何数据" in err
    assert "第2个要素 字段“开始日期”：“2026-02-30”不是有效的日期" in err
    assert "第3个要素 字段“几何”：几何类型为点（Point），图层“第三方施工”只接受面" in err
    assert "第4个要素 字段“结束日期”：结束日期 2026-09-30 早于开始日期 2026-10-01" in err
    with world.session() as s:
        assert s.query(ThirdPartyWorks).count() == 0


@pytest.mark.parametrize("layer", ["buildings", "works"])
def test_the_new_layers_are_import_targets_of_the_cli(layer, capsys):
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    assert layer in capsys.readouterr().out


def test_works_exported_and_imported_into_another_project_keep_their_values(world, project_url, tmp_path, capsys):
    from gis import store

    path = _works_gpkg(tmp_path, [
        ("荆山路燃气管道旁排水管施工", "施工中", "2026-11-20", "2026-12-31", _square(113.385, 33.685, 0.002)),
        ("李楼社区道路开挖", "未开工", "2027-01-05", None, _square(113.335, 33.665, 0.001)),
    ])
    assert main(["import", project_url, str(path), "--layer", "works"]) == 0
    exported = tmp_path / "导出.gpkg"
    assert main(["export", project_url, "--layer", "works", str(exported)]) == 0
    other = tmp_path / "另一个.gridsafe"
    store.create_project(other).close()
    assert main(["import", str(other), str(exported), "--layer", "works"]) == 0
    capsys.readouterr()

    def rows(project):
        with project.session() as s:
            return sorted((w.name, w.party, w.status, w.start_on, w.end_on, w.permit_no, w.supervisor, w.geom.wkb)
                          for w in s.scalars(select(ThirdPartyWorks)))

    with store.open_project(other) as copy:
        assert rows(copy) == rows(world)


def test_pipelines_carry_outside_diameter_depth_last_inspection_and_every_pressure_class(world, project_url, tmp_path,
                                                                                       capsys):
    from gis.model import LineAsset

    path = tmp_path / "管线.geojson"
    classes = ["低压", "中压B", "中压A", "次高压B", "次高压A", "高压B", "高压A"]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[113.21, 33.61 + i * 0.01],
                                                                              [113.25, 33.61 + i * 0.01]]},
         "properties": {"管线名称": f"{c}管道", "压力级制": c, "管径": 200, "外径": 219, "埋深": 1.2,
                        "最近检测日期": "2026-06-30"}} for i, c in enumerate(classes)]}, ensure_ascii=False),
        encoding="utf-8")
    assert main(["import", project_url, str(path), "--layer", "pipelines"]) == 0
    capsys.readouterr()
    with world.session() as s:
        got = {p.name: p for p in s.scalars(select(LineAsset).where(LineAsset.name.like("%压%管道")))}
    assert [got[f"{c}管道"].pressure_class for c in classes] == \
        ["low", "medium_b", "medium_a", "high_b", "high_a", "very_high_b", "very_high_a"]
    p = got["中压A管道"]
    assert (p.diameter_mm, p.outside_diameter_mm, p.depth_m, p.last_inspected_on) == (200, 219, 1.2, date(2026, 6, 30))
    assert p.attributes == {}
