"""`gridsafe audit`, run as a user runs it: a hazard step taken with --actor appears with its author and its old
and new values; filters by user, table (Chinese name too), record and day."""
from __future__ import annotations

import json
from datetime import date, timedelta

import openpyxl

from desktop.cli import main
from gis import store
from tests import smallworld


def test_audit_lists_a_hazard_step_with_its_author(tmp_path, capsys):
    path = str(tmp_path / "w.gridsafe")
    with store.create_project(path, name="测试街道") as p, p.transaction() as s:
        smallworld.build(s)
    five = ["--set", "owner_id=1", "--set", "measures=清理通道", "--set", "deadline=2026-12-01",
            "--set", "executor_id=1", "--set", "acceptor_id=2"]
    assert main(["hazards", "transition", path, "4", "assign", "--actor", "刘芳", *five]) == 0
    capsys.readouterr()

    assert main(["audit", path, "--table", "隐患", "--id", "4", "--user", "刘芳", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["action"] for r in rows] == ["update"]
    (row,) = rows
    assert (row["who"], row["operator"], row["table"], row["record_id"]) == ("刘芳", "刘芳", "hazard", "4")
    assert row["new"]["measures"] == "清理通道" and row["old"]["measures"] is None
    assert row["new"]["status"] == "assigned" and "status" in row["old"]

    assert main(["audit", path, "--user", "刘芳"]) == 0   # the hazard and its event, in words
    out = capsys.readouterr().out
    assert "刘芳  修改  隐患 4" in out and "整改措施：（空） → 清理通道" in out and "刘芳  新增  隐患履历" in out

    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert main(["audit", path, "--since", tomorrow, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["audit", path, "--until", date.today().isoformat(), "--since", tomorrow]) == 2
    assert "早于" in capsys.readouterr().err

    assert main(["audit", path, "--table", "隐患台账"]) == 2
    assert "--table 隐患台账：没有这个数据表。可用：" in capsys.readouterr().err

    out_xlsx = tmp_path / "日志.xlsx"
    assert main(["audit", path, "--user", "刘芳", "--xlsx", str(out_xlsx)]) == 0
    sheet = openpyxl.load_workbook(out_xlsx).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0][:3] == ["序号", "时间", "操作人"]
    assert ["刘芳", "gridsafe", "隐患", "4", "修改", "整改措施", "（空）", "清理通道"] in [[c or "" for c in v[2:]] for v in values]
