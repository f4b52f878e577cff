"""Two users on one hazard: the second save is refused with the other's change shown, never overwritten."""
from __future__ import annotations

import pytest

from gis import hazards
from gis.errors import ConflictError
from gis.model import Hazard

from .conftest import five_ding, new_hazard, step


def test_second_form_save_is_refused_and_shows_the_other_change(world):
    hid = new_hazard(world)
    with world.session() as s:
        form_a = hazards.snapshot(s.get(Hazard, hid))
        form_b = dict(form_a)
    with world.transaction() as s:
        hazards.update(s, hid, {"measures": "清理通道"}, actor="刘芳", base=form_a)
    with world.transaction() as s, pytest.raises(ConflictError) as info:
        hazards.update(s, hid, {"measures": "另一个人的修改"}, actor="王建国", base=form_b)
    msg = info.value.message
    assert "在您打开之后已被他人修改，您的修改没有保存" in msg
    assert "最近一次：刘芳 于" in msg and "修改（整改措施：（空）→清理通道）" in msg
    assert "对方的修改：整改措施：“（空）”→“清理通道”" in msg
    with world.session() as s:
        h = s.get(Hazard, hid)
        assert (h.measures, h.version) == ("清理通道", 2)


def test_stale_transition_is_refused(world):
    hid = new_hazard(world)
    step(world, hid, "assign", changes=five_ding(world))
    with pytest.raises(ConflictError, match="最近一次：刘芳 于 .* 交办"):
        step(world, hid, "start", expected_version=1)
    with world.session() as s:
        assert s.get(Hazard, hid).status == "assigned"


def test_stale_object_in_a_long_session_is_caught_at_write(world):
    """A session that loaded the hazard earlier holds version 1; the database has moved on."""
    hid = new_hazard(world)
    with world.session() as a:
        held = a.get(Hazard, hid)  # held, so the session keeps version 1 in its identity map
        a.commit()
        with world.transaction() as b:
            hazards.update(b, hid, {"measures": "清理通道"}, actor="刘芳")
        with pytest.raises(ConflictError, match="对方的修改|最近一次：刘芳"):
            hazards.update(a, hid, {"measures": "我的修改"}, actor="王建国")
        a.rollback()
        assert held.version == 2  # after the rollback the session reloads the other writer's version
    with world.session() as s:
        assert s.get(Hazard, hid).measures == "清理通道"
