"""`gridsafe tipoff`: add (bad input refused in Chinese, exit 2, nothing written), the steps to 办结, list --json with
the reporter masked unless --actor may see it."""
from __future__ import annotations

import json

from desktop.cli import main
from gis import store
from gis.model import RoleAssignment
from tests import smallworld


def test_tipoff_commands(tmp_path, capsys):
    path = str(tmp_path / "w.gridsafe")
    with store.create_project(path, name="测试街道") as p, p.transaction() as s:
        w = smallworld.build(s)
        s.add(RoleAssignment(person_id=w["people"][2].id, role="指挥中心", admin_unit_id=w["west"].id))   # 陈志强
    add = ["tipoff", "add", path, "--channel", "12345热线", "--description", "厂房内堆放大量油桶", "--actor", "王建国",
           "--contact", "13812345678", "--reporter", "李小明", "--received", "2026-11-02T09:30"]
    assert main([*add, "--at", "113.221"]) == 2
    assert "应写成 经度,纬度" in capsys.readouterr().err
    assert main([*add, "--at", "113.221,33.621", "--contact", "12345abc"]) == 2
    assert "不是电话号码" in capsys.readouterr().err
    assert main(["tipoff", "list", path, "--json"]) == 0 and json.loads(capsys.readouterr().out) == []
    assert main([*add, "--at", "113.221,33.621"]) == 0
    assert "已受理举报 JB2026-00001" in capsys.readouterr().out
    assert main(["tipoff", "reply", path, "JB2026-00001", "--text", "已处理"]) == 2
    assert "不能反馈" in capsys.readouterr().err
    assert main(["tipoff", "assign", path, "JB2026-00001", "--to", "刘芳"]) == 0
    assert "JB2026-00001：核查交办已登记" in capsys.readouterr().out
    assert main(["tipoff", "verify", path, "JB2026-00001", "--result", "属实", "--json"]) == 0
    linked = json.loads(capsys.readouterr().out)
    assert linked["hazard_code"] and linked["hazard_id"]
    assert main(["tipoff", "reply", path, "JB2026-00001", "--text", "已责令整改"]) == 0
    assert main(["tipoff", "reward", path, "JB2026-00001", "--amount", "-5", "--by", "安委办"]) == 2
    assert "不能为负数" in capsys.readouterr().err
    assert main(["tipoff", "reward", path, "JB2026-00001", "--amount", "300", "--by", "安委办"]) == 0
    assert main(["tipoff", "close", path, "JB2026-00001"]) == 0
    capsys.readouterr()
    assert main(["tipoff", "list", path, "--json", "--status", "已办结"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["status"], row["reward_amount"], row["hazard_id"]) == ("closed", 300.0, linked["hazard_id"])
    assert (row["reporter_name"], row["reporter_contact"]) == ("李**", "138****5678")
    assert main(["tipoff", "list", path, "--json", "--actor", "陈志强"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["reporter_name"], row["reporter_contact"]) == ("李小明", "13812345678")
