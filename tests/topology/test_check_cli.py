"""`gridsafe check` on the demo: what it finds there, exit codes, --json, --fix."""
from __future__ import annotations

import json

import shapely
from sqlalchemy import select

from desktop.cli import main
from gis import store
from gis.model import AdminUnit, Grid


def test_demo_finds_only_service_pipelines_stopping_short(demo_file, capsys):
    """The demo's pipelines follow their roads ~5 m off (gis.demo.stages.networks): a village branch ends
    2.5–6.5 m from the main it leaves, and a hazardous road section lies 5.7 and 7.4 m off its roads. Grids
    tile their villages, every site is in a grid, codes are unique, geometries valid."""
    assert main(["check", str(demo_file), "--json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert {f["kind"] for f in found} == {"dangling_end"}
    assert {f["layer"] for f in found} == {"pipelines", "roads"}
    assert all(2.0 < f["distance_m"] < 10.0 and f["wkt"].startswith("POINT") for f in found)
    assert main(["check", str(demo_file), "--search", "2"]) == 0
    assert "未发现问题" in capsys.readouterr().out


def test_a_gap_is_found_measured_and_fixed(demo_copy, capsys):
    with store.open_project(demo_copy) as p, p.transaction() as s:
        grid = s.scalars(select(Grid).where(Grid.kind == "comprehensive").order_by(Grid.id).limit(1)).one()
        grid.geom = shapely.affinity.scale(grid.geom, 0.9, 0.9, origin=grid.geom.centroid)
        village = s.get(AdminUnit, grid.village_id)
        vid, vname, gid = village.id, village.name, grid.id
    assert main(["check", str(demo_copy), "--search", "2", "--json"]) == 1
    found = json.loads(capsys.readouterr().out)
    gaps = [f for f in found if f["kind"] == "gap"]
    assert len(gaps) == 1 and gaps[0]["id"] == vid and gaps[0]["layer"] == "villages" and gaps[0]["other_id"] == gid
    assert gaps[0]["area_m2"] > 1000 and vname in gaps[0]["message"]
    assert shapely.from_wkt(gaps[0]["wkt"]).geom_type == "Polygon"
    assert main(["check", str(demo_copy), "--search", "2"]) == 1
    out = capsys.readouterr().out
    assert "网格间空隙 1 处" in out and f"gap:{vid}" in out
    assert main(["check", str(demo_copy), "--search", "2", "--fix", f"gap:{vid}"]) == 0
    out = capsys.readouterr().out
    assert "已修复" in out and "未发现问题" in out


def test_fix_of_what_is_not_there_is_refused(demo_copy, capsys):
    assert main(["check", str(demo_copy), "--fix", "gap:999999"]) == 2
    assert "没有可修复的问题 gap:999999" in capsys.readouterr().err
    assert main(["check", str(demo_copy), "--fix", "nonsense"]) == 2
    assert "类型:编号" in capsys.readouterr().err
