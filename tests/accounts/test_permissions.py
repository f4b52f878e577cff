"""gis.permissions as data: what the window and the CLI ask, and that it stays inside the database's grants."""
from __future__ import annotations

import pytest

from gis import permissions
from gis.permissions import Account, can


def test_every_action_writes_only_what_its_roles_are_granted():
    rules = permissions.rules()
    for name, spec in rules["actions"].items():
        for role in spec["roles"]:
            grants = rules["grants"][role]
            granted = set()
            for privilege in ("all", "insert", "update", "delete"):
                granted |= set(grants.get(privilege, []))
            if "*" in granted:
                assert not set(spec["writes"]) & set(grants.get("except", [])), (name, role)
            else:
                assert set(spec["writes"]) <= granted, (name, role, set(spec["writes"]) - granted)
        assert spec["scope"] in ("none", "area", "sector"), name
    assert set(rules["grants"]) == set(rules["roles"])
    assert set(rules["hazard_steps"].values()) <= set(rules["actions"])


MEMBER = Account("m1", "member", "410411003001001", area_name="曙光社区第1网格")
SECTOR = Account("s1", "sector", None, "gas")


@pytest.mark.parametrize("account, action, kw, allowed, words", [
    (None, "edit.geometry", {}, True, ""),                                            # SQLite: one user
    (Account("a", "admin"), "settings.edit", {}, True, ""),
    (Account("c", "command"), "settings.edit", {}, False, "修改项目设置需要管理员角色，当前账号为指挥中心"),
    (MEMBER, "edit.geometry", {}, False, "编辑地图图形需要指挥中心或管理员角色"),
    (MEMBER, "hazard.edit", {"area": "410411003001001"}, True, ""),
    (MEMBER, "hazard.edit", {"area": "410411003001002"}, False, "只能在区域 曙光社区第1网格（410411003001001）内修改隐患"),
    (MEMBER, "hazard.assign", {"area": "410411003001001"}, False, "交办隐患需要网格长或指挥中心或管理员角色"),
    (Account("v", "village", "410411003001"), "hazard.assign", {"area": "410411003001007"}, True, ""),
    (SECTOR, "hazard.accept", {"sector": "gas"}, True, ""),
    (SECTOR, "hazard.accept", {"sector": "fire"}, False, "只能办理“燃气”行业的隐患，此项属于“消防”"),
    (Account("r", "readonly"), "hazard.register", {}, False, "当前账号为只读"),
    (Account("x", None), "hazard.register", {}, False, "未在本项目登记账号"),
])
def test_can_says_why(account, action, kw, allowed, words):
    ok, why = can(account, action, **kw)
    assert ok is allowed and words in why and (why == "") is allowed


def test_a_member_of_one_grid_reads_its_village():
    assert permissions.reads_area(MEMBER) == "410411003001"
    assert permissions.reads_area(Account("v", "village", "410411003001")) == "410411003001"
    assert permissions.reads_area(Account("c", "command", "410411003001")) is None
