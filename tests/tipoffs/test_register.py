"""The tip-off register on both backends: intake to a closed, linked hazard; refusals that change nothing;
masking; response times and overdue."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from desktop.services import tipoffs as svc
from gis.errors import ValidationError
from gis.hazards.workflow import Actor
from gis.model import Hazard, RoleAssignment, TipOff, TipOffEvent
from gis.tipoffs import register as reg
from gis.tipoffs.privacy import can_see_reporter, mask_contact
from tests import smallworld

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
T0 = datetime(2026, 11, 3, 9, 0)


@pytest.fixture
def world(new_project):
    with new_project.transaction() as s:
        w = smallworld.build(s)
        people = {p.name: p.id for p in w["people"]}
        # 陈志强 works in the command centre: he may see reporters
        s.add(RoleAssignment(person_id=people["陈志强"], role="command_center", admin_unit_id=w["west"].id))
    new_project.people = people
    return new_project


def _counts(project):
    with project.session() as s:
        return (s.scalar(select(func.count()).select_from(TipOff)), s.scalar(select(func.count()).select_from(Hazard)),
                s.scalar(select(func.count()).select_from(TipOffEvent)),
                [t.status for t in s.scalars(select(TipOff).order_by(TipOff.id))])


def test_tipoff_from_intake_to_closed_linked_hazard(world, tmp_path):
    photo = tmp_path / "现场.png"
    photo.write_bytes(PNG)
    who = Actor("王建国", world.people["王建国"])
    out = svc.receive(world, actor=who, channel="12345热线", description="工业路边有人占压燃气管道搭建彩钢房",
                      place=(113.221, 33.621), reporter_name="李小明", reporter_contact="138 1234 5678",
                      address="张庄村工业路", photo_files=[photo], received_at=T0)
    tid, code = out.value
    assert code == "JB2026-00001" and out.change.kinds == {"tipoffs"}
    svc.assign(world, code, actor=who, assignee="刘芳")
    out = svc.verify(world, code, actor=Actor("刘芳", world.people["刘芳"]), result="属实", note="现场确认")
    assert out.change.kinds == {"tipoffs", "hazards"}
    hazard_id = out.value[2]
    with world.session() as s:
        hazard = s.get(Hazard, hazard_id)
        assert (hazard.source, hazard.sector, hazard.status) == ("public_report", "industry_trade", "registered")
        assert hazard.grid_id == s.get(TipOff, tid).grid_id is not None
        assert code in hazard.description
        assert reg.tipoff_of_hazard(s, hazard_id).id == tid        # linked both ways
    svc.reply(world, code, actor=who, text="经核查属实，已责令整改")
    svc.reward(world, code, actor=who, amount="200", decided_by="荆山街道安委办")
    svc.close(world, code, actor=who)
    [row] = svc.rows(world)
    assert (row.status, row.hazard_id, row.reward_amount, row.reporter_contact, row.reporter_name) == \
        ("closed", hazard_id, 200.0, "138****5678", "李**")
    assert row.hours_to_verify is not None and row.hours_to_reply >= row.hours_to_verify
    [seen] = svc.rows(world, viewer=Actor("陈志强", world.people["陈志强"]))
    assert (seen.reporter_contact, seen.reporter_name) == ("13812345678", "李小明")
    steps = [(e.action, e.from_status, e.to_status) for e in svc.history(world, code)]
    assert steps == [("receive", None, "received"), ("assign", "received", "assigned"),
                     ("verify", "assigned", "verified"), ("hazard", None, None), ("reply", "verified", "replied"),
                     ("reward", "replied", "rewarded"), ("close", "rewarded", "closed")]
    assert svc.photos(world, code) == [("现场.png", PNG)]


def test_bad_input_and_steps_out_of_order_change_nothing(world):
    who = Actor("王建国", world.people["王建国"])
    before = _counts(world)
    for kw, words in (({"place": None}, "举报位置"), ({"received_at": datetime(2099, 1, 1)}, "晚于现在"), ({"reporter_contact": "abc123"}, "不是电话号码"),
                      ({"channel": "飞鸽传书"}, "举报渠道"), ({"place": (120.0, 40.0)}, "不在本项目的任何网格内"),
                      ({"description": "  "}, "举报内容")):
        args = {"channel": "电话", "description": "液化气瓶露天存放", "place": (113.33, 33.63), **kw}
        with pytest.raises(ValidationError, match=words):
            svc.receive(world, actor=who, **args)
    assert _counts(world) == before
    code = svc.receive(world, actor=who, channel="电话", description="液化气瓶露天存放", place=(113.33, 33.63)).value[1]
    before = _counts(world)
    with pytest.raises(ValidationError, match="不能核查结果"):
        svc.verify(world, code, actor=who, result="属实")
    with pytest.raises(ValidationError, match="不能反馈"):
        svc.reply(world, code, actor=who, text="已处理")
    svc.assign(world, code, actor=who, assignee=world.people["刘芳"])
    svc.verify(world, code, actor=who, result="不属实")          # no hazard
    svc.reply(world, code, actor=who, text="经核查不属实")
    with pytest.raises(ValidationError, match="不能奖励"):          # only a tip-off found true is rewarded
        svc.reward(world, code, actor=who, amount=100, decided_by="安委办")
    after = _counts(world)
    assert after[1] == before[1] and after[3] == ["replied"]


def test_overdue_and_filters(world):
    who = Actor("王建国", world.people["王建国"])
    svc.receive(world, actor=who, channel="微信/小程序", description="a", place=(113.33, 33.63), received_at=T0)
    svc.receive(world, actor=who, channel="现场", description="b", place=(113.33, 33.63),
                received_at=datetime(2026, 11, 20, 10))
    now = datetime(2026, 11, 30)
    assert [r.description for r in svc.rows(world, reg.Filter(overdue=True), now=now)] == ["a"]
    assert [r.description for r in svc.rows(world, reg.Filter(channels=("on_site",)), now=now)] == ["b"]
    assert [r.description for r in svc.rows(world, reg.Filter(end=T0.date()), now=now)] == ["a"]


def test_mask_contact():
    assert mask_contact("13812345678", False) == "138****5678"
    assert mask_contact("0371-12345678", False) == "0371****5678"
    assert mask_contact("张三", False) == "张**"
    assert mask_contact("张三", True) == "张三"
    assert mask_contact(None, False) == ""


def test_only_permitted_roles_see_reporters(world):
    with world.session() as s:
        assert can_see_reporter(s, Actor("陈志强", world.people["陈志强"]))
        assert not can_see_reporter(s, Actor("刘芳", world.people["刘芳"]))     # grid member
        assert not can_see_reporter(s, None) and not can_see_reporter(s, Actor("某人"))


def test_places_by_site_name_address_or_grid(world):
    with world.session() as s:
        found = reg.places(s, "工业路")
        assert [p.label for p in found] == ["鑫源机械加工厂（张庄村工业路1号）"]
        assert (round(found[0].lon, 3), round(found[0].lat, 3)) == (113.22, 33.62)
        assert any(p.label.startswith("张庄村第1网格") for p in reg.places(s, "张庄村第1"))
        assert reg.places(s, "  ") == [] and reg.places(s, "100%_") == []
