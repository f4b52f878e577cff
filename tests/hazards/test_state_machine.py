"""The closed loop 登记 → 交办 → 整改中 → 待验收 → 已销号: every step allowed, and refused with its reason."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from gis import hazards, repo
from gis.errors import ValidationError
from gis.hazards import signoff
from gis.model import Hazard, HazardEvent

from .conftest import FIVE_LUOSHI, TODAY, five_ding, new_hazard, sign_all, step


def _state(project, hid):
    with project.session() as s:
        h = s.get(Hazard, hid)
        n = s.scalar(select(func.count()).select_from(HazardEvent).where(HazardEvent.hazard_id == hid))
        return h.status, h.version, n


def test_general_hazard_full_loop(world):
    hid = new_hazard(world)
    assert _state(world, hid) == ("registered", 1, 1)
    step(world, hid, "assign", changes=five_ding(world), note="限期整改")
    step(world, hid, "start", actor="王建国", role="executor")
    step(world, hid, "submit", actor="王建国", role="executor")
    sign_all(world, hid)
    step(world, hid, "close", actor="刘芳")
    with world.session() as s:
        h = s.get(Hazard, hid)
        assert (h.status, h.closed_on, h.version) == ("closed", date.today(), 8)
        events = hazards.history(s, hid)
    assert [(e.seq, e.action, e.from_status, e.to_status) for e in events] == [
        (1, "register", None, "registered"),
        (2, "assign", "registered", "assigned"),
        (3, "start", "assigned", "rectifying"),
        (4, "submit", "rectifying", "pending_acceptance"),
        (5, "sign", "pending_acceptance", "pending_acceptance"),
        (6, "sign", "pending_acceptance", "pending_acceptance"),
        (7, "sign", "pending_acceptance", "pending_acceptance"),
        (8, "close", "pending_acceptance", "closed"),
    ]
    assert events[1].note.startswith("限期整改；整改责任人：（空）→赵敏")
    assert [e.signature_role for e in events[4:7]] == ["site_owner", "township_inspector", "bureau_inspector"]
    assert events[4].actor_name == "孙业主" and events[4].actor_id == world.people["孙业主"]


def _refused(project, hid, action, match, **kw):
    before = _state(project, hid)
    with pytest.raises(ValidationError, match=match) as info:
        step(project, hid, action, **kw)
    assert _state(project, hid) == before  # nothing written: no event, no version bump
    return info.value.message


def test_assign_without_five_ding_names_the_missing_fields(world):
    hid = new_hazard(world)
    msg = _refused(world, hid, "assign", "五定未填全", changes={"measures": "清理"})
    assert msg.endswith("缺少：整改责任人、整改时限、整改完成人、整改验收人")
    assert "五落实" not in msg


def test_major_hazard_needs_five_luoshi_to_be_assigned(world):
    hid = new_hazard(world, grade="major")
    msg = _refused(world, hid, "assign", "重大隐患须五落实", changes=five_ding(world))
    assert "缺少：五落实·措施、五落实·责任、五落实·资金、五落实·时限、五落实·预案" in msg
    step(world, hid, "assign", changes={**five_ding(world), **FIVE_LUOSHI})
    assert _state(world, hid)[0] == "assigned"


def _to_pending(project, hid, grade_major=False):
    changes = {**five_ding(project), **(FIVE_LUOSHI if grade_major else {})}
    step(project, hid, "assign", changes=changes)
    step(project, hid, "start")
    step(project, hid, "submit")


def test_major_hazard_closes_only_with_the_acceptor_signing(world):
    hid = new_hazard(world, grade="major")
    _to_pending(world, hid, grade_major=True)
    sign_all(world, hid)
    _refused(world, hid, "close", "重大隐患验收销号须由整改验收人验收签字", actor="刘芳")
    msg = _refused(world, hid, "close", "整改验收人“陈志强”签字", actor="刘芳", role="acceptor")
    assert "“刘芳”不是整改验收人" in msg
    step(world, hid, "close", actor="陈志强", role="acceptor")
    assert _state(world, hid)[0] == "closed"


def test_close_waits_for_the_signoff_chain(world):
    hid = new_hazard(world)
    _to_pending(world, hid)
    msg = _refused(world, hid, "close", "三查三签字未完成")
    assert msg.endswith("尚缺：业主自查认领签字、乡办属地检查签字、行业局委执法核查签字")
    step(world, hid, "sign", actor="孙业主", role="site_owner")
    assert _refused(world, hid, "close", "尚缺").endswith("尚缺：乡办属地检查签字、行业局委执法核查签字")
    with world.session() as s:
        assert hazards.lacking_signatures(s, s.get(Hazard, hid)) == ["乡办属地检查签字", "行业局委执法核查签字"]


@pytest.mark.parametrize("action, status, expected", [
    ("start", "registered", "当前状态为“登记”，不能开始整改；当前可以：交办"),
    ("submit", "assigned", "当前状态为“交办”，不能整改完成，提请验收；当前可以：开始整改"),
    ("close", "rectifying", "当前状态为“整改中”，不能验收销号；当前可以：整改完成，提请验收"),
    ("reject", "assigned", "不能验收不合格退回"),
    ("assign", "pending_acceptance", "当前可以：验收不合格退回、验收销号"),
])
def test_steps_out_of_order_are_refused(world, action, status, expected):
    hid = new_hazard(world)
    path = ["assign", "start", "submit"]
    for a in path[: path.index({"registered": "x", "assigned": "assign", "rectifying": "start",
                                "pending_acceptance": "submit"}[status]) + 1] if status != "registered" else []:
        step(world, hid, a, changes=five_ding(world) if a == "assign" else None)
    assert _state(world, hid)[0] == status
    assert expected in _refused(world, hid, action, "不能")


def test_reject_needs_a_reason_and_returns_to_rectifying(world):
    hid = new_hazard(world)
    _to_pending(world, hid)
    _refused(world, hid, "reject", "验收不合格退回须写明原因")
    step(world, hid, "reject", actor="陈志强", role="acceptor", note="警示标志未设置")
    assert _state(world, hid)[0] == "rectifying"
    step(world, hid, "submit")
    assert _state(world, hid)[0] == "pending_acceptance"


def test_closed_hazard_accepts_no_more_steps(world):
    hid = new_hazard(world)
    _to_pending(world, hid)
    sign_all(world, hid)
    step(world, hid, "close")
    assert "流程已结束" in _refused(world, hid, "reject", "已销号", note="x")
    with world.transaction() as s, pytest.raises(ValidationError, match="已销号，不能再修改"):
        hazards.update(s, hid, {"measures": "改"}, actor="刘芳")
    step(world, hid, "note", note="回头看：已复查")  # remarks are still allowed
    assert _state(world, hid)[0] == "closed"


def test_unknown_action_and_missing_hazard(world):
    hid = new_hazard(world)
    assert "可选：assign（交办）" in _refused(world, hid, "approve", "未知的操作")
    with pytest.raises(ValidationError, match="找不到编号为 9999 的隐患"):
        step(world, 9999, "start")


def test_signatures_go_in_order_once_each(world):
    hid = new_hazard(world)
    assert "当前应完成“业主自查认领签字”" in _refused(world, hid, "sign", "须按顺序签字", actor="吴执法",
                                                   role="bureau_inspector")
    step(world, hid, "sign", actor="孙业主", role="site_owner")
    _refused(world, hid, "sign", "“业主”已经签过字", actor="孙业主", role="site_owner")
    _refused(world, hid, "sign", "不在本项目的签字流程", actor="郑监管", role="regulator")
    _refused(world, hid, "sign", "须注明签字身份", actor="郑监管")


def test_variant_b_chain_with_five_signers(world):
    with world.transaction() as s:
        repo.set_setting(s, signoff.SETTING, {"chain": "sector_supervision"})
    hid = new_hazard(world)
    _to_pending(world, hid)
    for role in ("enterprise_principal", "safety_officer"):
        step(world, hid, "sign", actor="赵敏", role=role)
    msg = _refused(world, hid, "close", "三查三签字未完成")
    assert msg.endswith("尚缺：企业自查（分管负责人）、政府分包企业领导复查、部门监管人员核查")
    _refused(world, hid, "sign", "当前应完成“企业自查”（分管负责人）", actor="郑监管", role="regulator")
    for role in ("deputy_principal", "assigned_leader", "regulator"):
        step(world, hid, "sign", actor="郑监管", role=role)
    step(world, hid, "close")
    assert _state(world, hid)[0] == "closed"


def test_chain_limited_to_major_grades(world):
    with world.transaction() as s:
        repo.set_setting(s, signoff.SETTING, {"chain": "township_sweep", "grades": ["major"]})
    general = new_hazard(world)
    _to_pending(world, general)
    step(world, general, "close")
    major = new_hazard(world, grade="major")
    _to_pending(world, major, grade_major=True)
    _refused(world, major, "close", "三查三签字未完成", actor="陈志强", role="acceptor")


def test_project_grades_are_configurable(world):
    with world.transaction() as s:
        hazards.set_grades(s, [{"key": "general", "zh": "一般隐患"}, {"key": "larger", "zh": "较大隐患"},
                               {"key": "major", "zh": "重大隐患", "major": True},
                               {"key": "critical", "zh": "特别重大隐患", "major": True}])
    hid = new_hazard(world, grade="critical")
    _refused(world, hid, "assign", "重大隐患须五落实", changes=five_ding(world))
    new_hazard(world, grade="larger")
    with world.transaction() as s, pytest.raises(ValidationError, match="“larger”已有隐患在用"):
        hazards.set_grades(s, [{"key": "general", "zh": "一般隐患"}, {"key": "major", "zh": "重大", "major": True},
                               {"key": "critical", "zh": "特别重大", "major": True}])
    with pytest.raises(ValidationError, match="隐患等级“extreme”无效，可选：一般隐患、较大隐患、重大隐患、特别重大隐患"):
        new_hazard(world, grade="extreme")


def test_events_are_appended_never_rewritten(world):
    hid = new_hazard(world)
    with world.session() as s:
        first = [(e.id, e.action, e.at, e.note) for e in hazards.history(s, hid)]
    _to_pending(world, hid)
    with world.session() as s:
        events = hazards.history(s, hid)
        assert [(e.id, e.action, e.at, e.note) for e in events[:1]] == first
        events[1].note = "改写"
        with pytest.raises(DBAPIError, match="append-only"):
            s.commit()


def test_overdue_is_derived():
    assert hazards.is_overdue("rectifying", date(2026, 11, 1), TODAY)
    assert not hazards.is_overdue("closed", date(2026, 11, 1), TODAY)
    assert not hazards.is_overdue("assigned", TODAY, TODAY)
    assert not hazards.is_overdue("registered", None, TODAY)


@pytest.mark.parametrize("action", list(hazards.rules()["actions"]))
@pytest.mark.parametrize("status", hazards.rules()["states"])
def test_pure_rules_allow_each_action_only_from_its_states(action, status):
    """With every field filled, the right person and a note, only the `from` states decide."""
    values = {f: "x" for f in hazards.rules()["fields"]}
    attempt = hazards.Attempt(action=action, status=status, major=False, values=values, note="原因",
                              role="site_owner" if action == "sign" else None,
                              chain=signoff.make_chain(None), grade="general",
                              signed=frozenset() if action == "sign" else frozenset(signoff.make_chain(None).roles))
    allowed = status in hazards.rules()["actions"][action]["from"]
    assert (hazards.refusals(attempt) == []) == allowed
