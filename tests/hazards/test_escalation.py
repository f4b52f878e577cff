"""Escalation rules on crafted data: overdue, shutdown alert, closure proposal, zero report; thresholds editable."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from gis.errors import ValidationError
from gis.hazards import escalation

from .conftest import FIVE_LUOSHI, TODAY, five_ding, new_hazard, step

RULES = escalation.default_rules()
SITES = pd.DataFrame({"site_id": [1, 2, 3], "site_name": ["甲厂", "乙厂", "丙店"],
                      "category": ["industry_trade_enterprise", "hazchem_enterprise", "catering"],
                      "status": ["normal", "normal", "normal"], "grid_id": [10, 20, 30]})


def _actions(*rows):
    return pd.DataFrame.from_records([(s, TODAY - timedelta(days=d), k) for s, d, k in rows],
                                     columns=["site_id", "acted_on", "kind"])


def test_two_serious_violations_within_30_days_raise_a_shutdown_alert():
    actions = _actions((1, 0, "serious_violation"), (1, 29, "serious_violation"),   # site 1: both inside
                       (2, 5, "serious_violation"), (2, 30, "serious_violation"),   # site 2: one is 30 days ago
                       (3, 1, "penalty"), (3, 2, "penalty"))                        # site 3: penalties only
    out = escalation.repeated_actions("shutdown_alert", RULES["shutdown_alert"], actions, SITES, TODAY)
    assert out["site_id"].tolist() == [1]
    assert out.loc[0, "detail"] == "甲厂 近 30 天内严重违法行为 2 次（达到 2 次）"
    assert out.loc[0, "level"] == "severe"


def test_closure_needs_a_major_hazard_and_enough_penalties():
    actions = _actions(*[(1, d, "penalty") for d in (1, 50, 170)],          # 3 in 180 days
                       *[(2, d, "penalty") for d in (10, 200, 250, 300)],   # 1 in 180, 4 in 365
                       *[(3, d, "penalty") for d in (10, 20, 30, 40)])      # no major hazard
    majors = pd.Series([1, 2])
    out = escalation.major_hazard_with_penalties("closure_proposal", RULES["closure_proposal"], actions, SITES,
                                                 majors, TODAY)
    assert out["site_id"].tolist() == [1, 2]
    assert out.loc[0, "detail"] == "甲厂 存在未销号重大隐患，近 180 天行政处罚 3 次（≥3）"
    assert out.loc[1, "detail"] == "乙厂 存在未销号重大隐患，近 365 天行政处罚 4 次（≥4）"
    fewer = _actions(*[(1, d, "penalty") for d in (1, 50, 190)])
    assert escalation.major_hazard_with_penalties("c", RULES["closure_proposal"], fewer, SITES, majors, TODAY).empty


def test_zero_report_lists_enterprises_only():
    out = escalation.zero_hazards("zero_report", RULES["zero_report"], SITES, pd.Series([2]), TODAY)
    assert out["site_id"].tolist() == [1]  # 乙厂 reported; 丙店 is catering, not an enterprise category


def test_overdue_with_grace_and_grades():
    hz = pd.DataFrame({"hazard_id": [1, 2, 3], "hazard_code": ["YH1", None, "YH3"], "site_id": [1, 2, None],
                       "site_name": ["甲厂", "乙厂", None], "grid_id": [1, 2, 3], "grade": ["general", "major", "major"],
                       "deadline": [TODAY - timedelta(days=3), TODAY - timedelta(days=1), TODAY]})
    out = escalation.overdue("overdue", RULES["overdue"], hz, TODAY)
    assert out["detail"].tolist() == ["隐患 YH1（甲厂） 已逾期 3 天（整改时限 2026-11-19）",
                                      "隐患 2（乙厂） 已逾期 1 天（整改时限 2026-11-21）"]
    major = escalation.merge_rules({"overdue_major": {"grace_days": 2}})["overdue_major"]
    assert escalation.overdue("overdue_major", major, hz, TODAY).empty


def test_thresholds_are_checked_when_overridden():
    assert escalation.merge_rules({"shutdown_alert": {"count": 3}})["shutdown_alert"]["params"]["count"] == 3
    assert escalation.merge_rules({"zero_report": {"enabled": False}})["zero_report"]["enabled"] is False
    with pytest.raises(ValidationError, match="没有参数：limit"):
        escalation.merge_rules({"shutdown_alert": {"limit": 3}})
    with pytest.raises(ValidationError, match="未知的预警规则“fast”"):
        escalation.merge_rules({"fast": {}})


def test_evaluate_on_a_project(world):
    plant, cafe = world.sites["鑫源机械加工厂"], world.sites["老王家常菜馆"]
    major = new_hazard(world, grade="major")
    step(world, major, "assign", changes={**five_ding(world, deadline="2026-11-10"), **FIVE_LUOSHI})
    with world.transaction() as s:
        for days in (3, 20):
            escalation.record_action(s, site_id=plant, acted_on=TODAY - timedelta(days=days), kind="serious_violation")
        for days in (10, 60, 150):
            escalation.record_action(s, site_id=plant, acted_on=TODAY - timedelta(days=days), kind="penalty")
        escalation.record_action(s, site_id=cafe, acted_on=TODAY, kind="serious_violation")
        with pytest.raises(ValidationError, match="执法记录类别“fine”无效"):
            escalation.record_action(s, site_id=cafe, acted_on=TODAY, kind="fine")
    with world.session() as s:
        alerts = escalation.evaluate(s, TODAY)
        rows = sorted(zip(alerts["rule"], alerts["site_id"].astype("Int64"), strict=True))
        # the plant: two overdue hazards (smallworld's, due 2026-11-01, and the new major one, due
        # 2026-11-10), which is also an overdue major one; 2 serious violations in 30 days; a major hazard
        # with 3 penalties in 180 days. 宏达化工 is suspended, so its silence is no zero report.
        assert rows == sorted([("closure_proposal", plant), ("shutdown_alert", plant), ("overdue_major", plant),
                               ("overdue", plant), ("overdue", plant)])
        assert alerts["level"].iloc[0] == "severe"
        escalation.set_threshold(s, "shutdown_alert", count=1)
        again = escalation.evaluate(s, TODAY)
        assert {int(x) for x in again.loc[again["rule"] == "shutdown_alert", "site_id"]} == {plant, cafe}
