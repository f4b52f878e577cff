"""The demo's tip-offs (stage tipoffs): every public-report hazard of the ledger came from one, linked; the histories
follow resources/tipoff_rules.yaml step by step; places lie in their grids; the dashboard counts them."""
from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select

from gis import repo
from gis.model import Hazard, TipOff, TipOffEvent
from gis.stats import compute, kpis, records
from gis.tipoffs import rules as R


def test_demo_tipoffs_follow_the_rules_and_link_hazards(demo_file):
    from gis import store

    with store.open_project(demo_file, readonly=True) as project, project.session() as s:
        tips = list(s.scalars(select(TipOff).order_by(TipOff.id)))
        public = set(s.scalars(select(Hazard.id).where(Hazard.source == "public_report")))
        linked = Counter(t.hazard_id for t in tips if t.hazard_id is not None)
        assert set(linked) == public and set(linked.values()) == {1}
        assert {t.verify_result for t in tips if t.hazard_id} <= set(R.rules().hazard_results)
        assert {t.status for t in tips} >= {"received", "assigned", "closed"}
        assert any(t.status == "rewarded" or t.reward_amount for t in tips)
        for t in tips[::7]:
            assert repo.grid_at(s, t.geom.x, t.geom.y).id == t.grid_id
        events = s.execute(select(TipOffEvent.tipoff_id, TipOffEvent.action, TipOffEvent.from_status,
                                  TipOffEvent.to_status, TipOffEvent.at).order_by(TipOffEvent.tipoff_id,
                                                                                  TipOffEvent.seq)).all()
    by_tip: dict[int, list] = {}
    for tid, action, frm, to, at in events:
        by_tip.setdefault(tid, []).append((action, frm, to, at))
    status = {t.id: t for t in tips}
    for tid, steps in by_tip.items():
        assert steps[0][:3] == ("receive", None, "received")
        current, last = "received", steps[0][3]
        for action, frm, to, at in steps[1:]:
            assert at >= last
            last = at
            if action == "hazard":
                continue
            assert frm == current and R.refusal(action, current, status[tid].verify_result) is None, (tid, action)
            current = to
        assert current == status[tid].status
    with store.open_project(demo_file, readonly=True) as project:
        table = compute.evaluate(records.load(project, today=date(2026, 11, 22)), kpis.load(project), "2026")
    assert table.total("tipoffs_received").numerator == len(tips)
    assert 0 < table.total("tipoffs_replied_on_time").numerator < table.total("tipoffs_verified").numerator
