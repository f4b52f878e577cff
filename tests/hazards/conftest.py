"""A small township with people named for every role of the hazard loop, on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

from gis import hazards
from gis.model import Person
from tests import smallworld

TODAY = smallworld.TODAY


@pytest.fixture
def world(new_project):
    with new_project.transaction() as s:
        w = smallworld.build(s)
        s.add_all([Person(name=n) for n in ("孙业主", "周检查", "吴执法", "郑监管")])
        s.flush()
        people = {p.name: p.id for p in s.query(Person)}
    new_project.people = people
    new_project.sites = {site.name: site.id for site in w["sites"]}
    return new_project


def five_ding(project, deadline="2026-12-15") -> dict:
    p = project.people
    return {"owner_id": p["赵敏"], "measures": "设置警示标志并清理通道", "deadline": deadline,
            "executor_id": p["王建国"], "acceptor_id": p["陈志强"]}


FIVE_LUOSHI = {"wls_measures": "停用受影响设备", "wls_responsibility": "企业主要负责人", "wls_funds": "5 万元",
               "wls_deadline": "2026-12-31", "wls_plan": "专项应急预案"}


def new_hazard(project, *, grade="general", site="鑫源机械加工厂", **kw) -> int:
    with project.transaction() as s:
        h = hazards.register(s, actor="刘芳", description=kw.pop("description", "配电箱未上锁"),
                             source=kw.pop("source", "grid_patrol"), site_id=project.sites[site], grade=grade,
                             found_on=kw.pop("found_on", TODAY), **kw)
        return h.id


SIGNERS = {"site_owner": "孙业主", "township_inspector": "周检查", "bureau_inspector": "吴执法"}


def sign_all(project, hazard_id: int) -> None:
    for role, name in SIGNERS.items():
        with project.transaction() as s:
            hazards.transition(s, hazard_id, "sign", actor=name, role=role)


def step(project, hazard_id: int, action: str, **kw):
    with project.transaction() as s:
        return hazards.transition(s, hazard_id, action, actor=kw.pop("actor", "刘芳"), **kw)
