"""Ledger load and escalation evaluation hear of a Feedback: progress per rule, cancel between reads."""
from __future__ import annotations

from datetime import date

import pytest

from gis.feedback import Cancelled, Feedback
from gis.hazards import escalation, ledger

TODAY = date(2026, 11, 20)


def test_escalation_reports_each_rule_and_stops_when_cancelled(world):
    seen = []
    with world.session() as s:
        alerts = escalation.evaluate(s, TODAY, feedback=Feedback(lambda f, t: seen.append(t)))
        enabled = [k for k, r in escalation.project_rules(s).items() if r.get("enabled", True)]
        assert seen == [f"正在检查预警规则 {i}/{len(enabled)}" for i in range(len(enabled))]
        assert len(alerts)

        def cancel_at_second_rule(fraction, text):
            if text.startswith("正在检查预警规则 1/"):
                feedback.cancel()

        feedback = Feedback(cancel_at_second_rule)
        with pytest.raises(Cancelled):
            escalation.evaluate(s, TODAY, feedback=feedback)


def test_a_cancelled_ledger_load_stops(world):
    assert len(ledger.load(world, TODAY, feedback=Feedback())) > 0
    feedback = Feedback()
    feedback.cancel()
    with pytest.raises(Cancelled):
        ledger.load(world, TODAY, feedback=feedback)
