"""`gridsafe check` on the demo: what it finds there, exit codes, --json, --fix."""
from __future__ import annotations

import json

import pytest
import shapely
import shapely.ops
from sqlalchemy import select

from desktop.cli import main
from gis import store, topology
from gis.model import AdminUnit, Grid


def test_the_demo_is_clean_and_a_pipe_end_cut_short_is_found(demo_file, demo_copy, capsys):
    """The demo's pipelines follow their roads ~5 m off, and their ends are joined onto the pipe they meet
    (gis.demo.stages.networks.join_ends): grids tile their villages, every site is in a grid, codes are unique,
    geometries valid, no line stops short. Cut a pipe's end back 4 m and the check finds it, measured."""
    from gis.geo.crs import measure_crs, transform
    from gis.model import LineAsset

    assert main(["check", str(demo_file), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    with store.open_project(demo_copy) as p, p.transaction() as s:
        pipes = s.scalars(select(LineAsset).where(LineAsset.kind == "gas_pipeline").order_by(LineAsset.id)).all()
        branch = next(ln for ln in pipes if "村内燃气管道" in ln.name)
        crs = measure_crs(shapely.get_coordinates(branch.geom)[:, 0])
        metric = transform(branch.geom, "EPSG:4490", crs)
        branch.geom = transform(shapely.ops.substring(metric, 0, metric.length - 4.0), crs, "EPSG:4490")
        bid = branch.id
        end = shapely.get_point(transform(branch.geom, "EPSG:4490", crs), -1)
        others = transform(shapely.union_all([ln.geom for ln in pipes if ln.id != bid]), "EPSG:4490", crs)
        gap = float(shapely.distance(end, others))          # how far the cut end now stops short, measured here
    assert main(["check", str(demo_copy), "--json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert [(f["kind"], f["layer"], f["id"]) for f in found] == [("dangling_end", "pipelines", bid)]
    # the setup really left a gap the check must see: past its tolerance, no farther than the 4 m cut (an end
    # joined at an angle stops short by less than the cut; a centimetre for the round trip through degrees)
    assert topology.TOLERANCE_M < gap <= 4.0 + 0.01
    assert found[0]["distance_m"] == pytest.approx(gap, abs=0.05)     # and it is measured as the test measured it


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
