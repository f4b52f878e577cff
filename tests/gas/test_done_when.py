"""Issue 13's "done when", the way a user does it, into a new project: import a gas pipeline, a building
footprint over it and a works polygon across its control range from files (`gridsafe import`), run
`gridsafe gas analyse`, and find both in the ledger, in the lists (`gridsafe gas lists`) and on the map's layers, with the distances drawn in metres (local Gauss-Krüger frame, stored as lon/lat)."""
from __future__ import annotations

import json
from datetime import date

import pytest
import shapely
from openpyxl import load_workbook
from sqlalchemy import select

from desktop.cli import main
from gis import gasmap, layers
from gis.model import Building, Hazard, LineAsset, ThirdPartyWorks
from tests.gas.test_analysis import geo

ON = date(2026, 12, 5)
OD = 0.2191                         # DN200 steel: outside diameter 219.1 mm
WALL = OD / 2


def _write(path, features):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": shapely.geometry.mapping(geo(g)), "properties": p} for g, p in features]},
        ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def imported(new_project, project_url, tmp_path, capsys):
    """The user's three files imported into the township: a DN200 中压A pipe along y = 0 (0–120 m); a house whose
    footprint reaches 0.3 m past the outer wall (inside the 0.5 m protection range); works whose near edge is
    2.5 m off the wall (inside the 5 m control range, outside the protection range), active today."""
    url = project_url
    pipe = _write(tmp_path / "燃气管线.geojson", [(shapely.LineString([(0, 0), (120, 0)]), {
        "管线名称": "建设路中压管道", "压力级制": "中压A", "管径": 200, "材质": "钢管"})])
    house = _write(tmp_path / "建筑物.geojson", [(shapely.box(30, -(WALL - 0.3) - 8, 40, -(WALL - 0.3)), {
        "名称": "建设路12号民房", "层数": 2, "用途": "民房"})])
    works = _write(tmp_path / "第三方施工.geojson", [(shapely.box(70, WALL + 2.5, 90, WALL + 12), {
        "工程名称": "建设路通信管道施工", "施工单位": "县通信工程公司", "开始日期": "2026-12-01",
        "结束日期": "2026-12-31", "状态": "施工中"})])
    for path, layer in ((pipe, "pipelines"), (house, "buildings"), (works, "works")):
        assert main(["import", url, str(path), "--layer", layer]) == 0, capsys.readouterr()
    capsys.readouterr()
    return url


def test_building_and_works_found_in_ledger_lists_and_on_the_map(imported, new_project, tmp_path, capsys):
    assert main(["gas", "analyse", imported, "--date", ON.isoformat(), "--actor", "王工", "--json"]) == 0
    found = {r["kind"]: r for r in json.loads(capsys.readouterr().out) if r.get("pipeline_name") == "建设路中压管道"}
    assert set(found) == {"occupation", "third_party_works"}
    occupation, works = found["occupation"], found["third_party_works"]
    assert occupation["feature_name"] == "建设路12号民房" and occupation["distance_m"] == pytest.approx(0.0, abs=0.01)
    assert occupation["grade"] == "major" and occupation["ledger"] == "new"
    assert works["feature_name"] == "建设路通信管道施工" and works["distance_m"] == pytest.approx(2.5, abs=0.01)
    assert works["level"] == "warning" and works["ledger"] == "new"

    with new_project.session() as s:
        pipe = s.scalar(select(LineAsset).where(LineAsset.name == "建设路中压管道"))
        house = s.scalar(select(Building).where(Building.name == "建设路12号民房"))
        site = s.scalar(select(ThirdPartyWorks).where(ThirdPartyWorks.name == "建设路通信管道施工"))
        hazards = {h.finding: h for h in s.scalars(select(Hazard).where(Hazard.line_id == pipe.id))}
    assert set(hazards) == {"occupation", "third_party_works"}
    assert hazards["occupation"].building_id == house.id and hazards["occupation"].grade == "major"
    assert hazards["third_party_works"].works_id == site.id
    assert hazards["occupation"].source == "pipeline_analysis"
    codes = {k: h.code for k, h in hazards.items()}

    out = tmp_path / "清单.xlsx"
    assert main(["gas", "lists", imported, "--out", str(out), "--date", ON.isoformat()]) == 0
    book = load_workbook(out)

    def row_of(sheet, name):
        ws = book[sheet]
        header = next(r for r in ws.iter_rows(values_only=True) if r and "序号" in r)
        rows = [dict(zip(header, r)) for r in ws.iter_rows(values_only=True) if r and name in r]
        assert len(rows) == 1, (sheet, rows)
        return rows[0]

    r = row_of("占压", "建设路12号民房")
    assert r["管线名称"] == "建设路中压管道" and r["隐患编号"] == codes["occupation"] and r["距管壁(米)"] == 0
    r = row_of("第三方施工", "建设路通信管道施工")
    assert r["隐患编号"] == codes["third_party_works"] and r["距管壁(米)"] == pytest.approx(2.5, abs=0.01)
    assert r["施工单位"] == "县通信工程公司" and r["规定距离(米)"] == 5

    # the map: both hazards on the hazard layer, at the point of the feature nearest the pipe
    hazard_layer = layers.load_layer(new_project, "hazards")
    at = {int(i): g for i, g in zip(hazard_layer.ids, hazard_layer.geoms)}
    for kind, feature in (("occupation", house.geom), ("third_party_works", site.geom)):
        point = at[hazards[kind].id]
        assert shapely.distance(point, feature) < 1e-7, kind
    ranges = gasmap.gas_control(new_project)
    assert len(ranges) >= 1 and shapely.intersects(ranges.geoms, site.geom).any()
