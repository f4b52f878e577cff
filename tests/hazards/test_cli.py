"""`gridsafe hazards list|export|escalate|transition`, run as a user runs them."""
from __future__ import annotations

import docx
import openpyxl

from desktop.cli import main
from gis import store
from gis.model import Person
from tests import smallworld


def _world(path):
    with store.create_project(path, name="测试街道") as p, p.transaction() as s:
        smallworld.build(s)
        s.add_all([Person(name=n) for n in ("孙业主", "周检查", "吴执法")])


def test_walk_a_hazard_through_the_loop(tmp_path, capsys):
    path = str(tmp_path / "w.gridsafe")
    _world(path)
    assert main(["hazards", "transition", path, "4", "assign", "--actor", "刘芳"]) == 2
    assert "五定未填全，缺少：整改责任人、整改措施、整改时限、整改完成人、整改验收人" in capsys.readouterr().err
    five = ["--set", "owner_id=4", "--set", "measures=清理通道", "--set", "deadline=2026-12-01",
            "--set", "executor_id=1", "--set", "acceptor_id=3"]
    assert main(["hazards", "transition", path, "4", "assign", "--actor", "刘芳", *five]) == 0
    out = capsys.readouterr().out
    assert "交办，当前状态“交办”" in out and "尚缺签字：业主自查认领签字" in out
    for action in ("start", "submit"):
        assert main(["hazards", "transition", path, "4", action, "--actor", "赵敏"]) == 0
    for role, name in (("site_owner", "孙业主"), ("township_inspector", "周检查"), ("bureau_inspector", "吴执法")):
        assert main(["hazards", "transition", path, "4", "sign", "--actor", name, "--role", role]) == 0
    assert main(["hazards", "transition", path, "4", "close", "--actor", "陈志强", "--role", "acceptor"]) == 0
    assert "当前状态“已销号”" in capsys.readouterr().out
    assert main(["hazards", "list", path, "--status", "closed"]) == 0
    out = capsys.readouterr().out
    assert "消防通道堵塞" in out and "共 2 条（全部 4 条）" in out


def test_list_filters_and_escalate(tmp_path, capsys):
    path = str(tmp_path / "w.gridsafe")
    _world(path)
    assert main(["hazards", "list", path, "--overdue", "--today", "2026-11-22"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split("\t")[-2:] == ["21天", "有限空间作业未审批"] and lines[-1] == "共 1 条（全部 4 条）"
    assert main(["hazards", "list", path, "--search", "管道", "--sector", "gas"]) == 0
    assert "共 1 条" in capsys.readouterr().out
    assert main(["hazards", "list", path, "--sort", "colour"]) == 2
    assert "不能按“colour”排序" in capsys.readouterr().err
    assert main(["hazards", "escalate", path, "--today", "2026-11-22"]) == 0
    out = capsys.readouterr().out
    assert "[预警] 逾期未整改：隐患 1（鑫源机械加工厂） 已逾期 21 天" in out and "预警合计：逾期未整改 1" in out


def test_exports(tmp_path, capsys):
    path = str(tmp_path / "w.gridsafe")
    _world(path)
    ledger_out, list_out, notice_out = tmp_path / "台账.xlsx", tmp_path / "清单.xlsx", tmp_path / "通知书.docx"
    assert main(["hazards", "export", path, "--kind", "ledger", str(ledger_out)]) == 0
    assert openpyxl.load_workbook(ledger_out).active.max_row == 3 + 4
    assert main(["hazards", "export", path, "--kind", "sector-list", str(list_out)]) == 0
    assert len(openpyxl.load_workbook(list_out).sheetnames) == 8
    assert main(["hazards", "export", path, "--kind", "notice", str(notice_out)]) == 2
    assert "--hazard" in capsys.readouterr().err
    assert main(["hazards", "export", path, "--kind", "notice", "--hazard", "2", "--actor", "刘芳",
                 str(notice_out)]) == 0
    assert "〔2026〕第1号" in capsys.readouterr().out
    assert docx.Document(str(notice_out)).paragraphs[0].text == "隐患整改通知书"
    assert main(["hazards", "export", path, "--kind", "notice", "--hazard", "YH-none", "--actor", "刘芳",
                 str(notice_out)]) == 2
    assert "找不到隐患“YH-none”" in capsys.readouterr().err
