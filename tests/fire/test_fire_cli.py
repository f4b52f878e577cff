"""`gridsafe fire …` as a planner runs it."""
from __future__ import annotations

import json

import openpyxl

from desktop.cli import main
from gis import store
from tests.fire import world


def _project(tmp_path):
    path = tmp_path / "林区.gridsafe"
    with store.create_project(path) as p, p.transaction() as s:
        world.build(s)
    return str(path)


def test_season_roster_assign_coverage(tmp_path, capsys):
    path = _project(tmp_path)
    assert main(["fire", "roster", path, "--season", "2026"]) == 2
    assert "还没有 2026 年度的防火期" in capsys.readouterr().err

    assert main(["fire", "season", path, "--year", "2026"]) == 0
    out = capsys.readouterr().out
    assert "2026—2027年度森林防火期：2026-10-01 至 2027-05-31（含示例值" in out
    assert "  重点时段  春节：2027-02-05 至 2027-02-12（按规则 lunar 1-1 -1..+6 计算）" in out.splitlines()
    assert "  紧要期  春季紧要期：2027-02-01 至 2027-04-30（示例）" in out.splitlines()

    args = ["fire", "season", path, "--year", "2026", "--start", "2026-11-01", "--end", "2027-03-31",
            "--critical", "春节紧要期:2027-02-01:2027-02-28"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "含示例值" not in out and "春节紧要期：2027-02-01 至 2027-02-28（手工设定）" in out
    assert "国庆" not in out

    xlsx = tmp_path / "roster.xlsx"
    assert main(["fire", "roster", path, "--season", "2026", "--from", "2026-11-01", "--export", str(xlsx)]) == 0
    out = capsys.readouterr().out
    assert "5 个值班岗位" in out and "无冲突" in out and "人手不足" not in out
    assert openpyxl.load_workbook(xlsx).sheetnames[0] == "值班表"

    assert main(["fire", "assign", path, "--season", "2026", "--person", "王建国", "--date", "2026-12-01",
                 "--place", "荆山检查站"]) == 0
    assert "已安排：王建国 2026-12-01 08:00–次日08:00 荆山检查站" in capsys.readouterr().out
    assert main(["fire", "assign", path, "--season", "2026", "--person", "王建国", "--date", "2026-12-01",
                 "--place", "湛河区"]) == 2
    assert capsys.readouterr().err.strip() == "错误：王建国 2026-12-01 08:00–次日08:00 已在 荆山检查站 值守"

    assert main(["fire", "unavailable", path, "--person", "林木森", "--from", "2026-12-10", "--to", "2026-12-12",
                 "--reason", "请假"]) == 0
    assert main(["fire", "roster", path, "--season", "2026", "--from", "2026-11-20"]) == 0
    out = capsys.readouterr().out
    assert "保留" in out and "无冲突" in out

    geojson = tmp_path / "gaps.geojson"
    assert main(["fire", "coverage", path, "--season", "2026", "--geojson", str(geojson)]) == 0
    out = capsys.readouterr().out
    assert "发现 1 处缺口" in out and "森林防火区“荆山林区”" in out
    data = json.loads(geojson.read_text(encoding="utf-8"))
    assert [f["properties"]["kind"] for f in data["features"]] == ["zone_uncovered"]
    assert data["features"][0]["geometry"]["type"] == "Polygon"


def test_unknown_names_are_reported(tmp_path, capsys):
    path = _project(tmp_path)
    assert main(["fire", "season", path, "--year", "2026"]) == 0
    capsys.readouterr()
    assert main(["fire", "assign", path, "--season", "2026", "--person", "无此人", "--date", "2026-12-01",
                 "--place", "荆山检查站"]) == 2
    assert "找不到人员：无此人" in capsys.readouterr().err
    assert main(["fire", "season", path, "--year", "2026", "--area", "999999"]) == 2
    assert "找不到代码为 999999 的行政区" in capsys.readouterr().err
    assert main(["fire", "season", path, "--year", "2026", "--critical", "2027-02-01"]) == 2
    assert "应写成" in capsys.readouterr().err
