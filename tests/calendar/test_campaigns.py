"""Campaign use cases (gis/stats/campaigns.py): checked writes, one transaction each, the Change they return."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from gis import store
from gis.model import Campaign, CampaignPhase
from gis.stats import calendar, campaigns
from gis.stats.campaigns import CampaignData, CampaignError, KpiChoice

KPIS = KpiChoice(names={"rectification_rate": "隐患整改率", "self_check_coverage": "企业自查自报覆盖率",
                        "overdue_count": "逾期隐患数"},
                 rates=frozenset({"rectification_rate", "self_check_coverage"}), known=True)
WINTER = {
    "name": "今冬明春专项整治", "document_no": "湛安委〔2026〕1号", "start": "2026-11-01", "end": "2027-06-30",
    "phases": [
        {"name": "动员部署", "start": date(2026, 11, 1), "end": date(2026, 11, 20)},
        {"name": "排查整治", "start": "2026-11-21", "end": "2027-01-31"},
        {"kind": "milestone", "name": "自查自报全覆盖", "date": "2026-12-31", "kpi": "self_check_coverage",
         "target": "100%"},
    ]}


def _count(project, model):
    with project.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_add_edit_delete_on_both_backends(new_project):
    project = new_project
    data = campaigns.from_mapping(WINTER)
    new_id, change = campaigns.add(project, data, KPIS)
    assert change.kinds == {"campaigns"} and change.ids_of("campaigns") == {new_id}
    [saved] = campaigns.listing(project)
    assert (saved.id, saved.name, saved.start_on, saved.end_on) == (new_id, "今冬明春专项整治", date(2026, 11, 1),
                                                                    date(2027, 6, 30))
    assert [(p.kind, p.name, p.start_on, p.end_on, p.kpi, p.target) for p in saved.phases] == [
        ("phase", "动员部署", date(2026, 11, 1), date(2026, 11, 20), None, None),
        ("phase", "排查整治", date(2026, 11, 21), date(2027, 1, 31), None, None),
        ("milestone", "自查自报全覆盖", None, date(2026, 12, 31), "self_check_coverage", 100.0)]
    # edit: phases replaced in the order given, the campaign renamed
    edited = campaigns.with_phases(saved, [saved.phases[2], saved.phases[0]])
    edited = CampaignData(**{**edited.__dict__, "name": "今冬明春安全生产专项整治"})
    change = campaigns.update(project, new_id, edited, KPIS)
    assert change.ids_of("campaigns") == {new_id}
    again = campaigns.get(project, new_id)
    assert again.name == "今冬明春安全生产专项整治" and [p.name for p in again.phases] == ["自查自报全覆盖", "动员部署"]
    assert _count(project, CampaignPhase) == 2
    # the calendar reads them
    items = calendar.load(project, date(2026, 12, 31), date(2026, 12, 31))
    assert [i.kind for i in items if i.campaign_id == new_id] == ["milestone"]
    campaigns.delete(project, new_id)
    assert campaigns.listing(project) == [] and _count(project, CampaignPhase) == 0


def _refused(data: dict, kpis=KPIS) -> list[str]:
    with pytest.raises(CampaignError) as e:
        campaigns.check(campaigns.from_mapping(data), kpis.ids, rates=kpis.rates)
    return e.value.keys


def _with_phase(**phase) -> dict:
    return {**WINTER, "phases": [phase]}


@pytest.mark.parametrize("data, keys", [
    ({**WINTER, "end": "2026-10-01", "phases": []}, ["end"]),
    ({**WINTER, "name": " "}, ["name"]),
    (_with_phase(name="排查", start="2026-10-20", end="2026-12-01"), ["phases[1].start"]),
    (_with_phase(name="排查", start="2027-06-01", end="2027-07-01"), ["phases[1].end"]),
    (_with_phase(name="排查", start="2026-12-05", end="2026-12-01"), ["phases[1].end"]),
    (_with_phase(kind="milestone", name="清零", date="2027-07-01", kpi="rectification_rate", target=100),
     ["phases[1].date"]),
    (_with_phase(kind="milestone", name="清零", date="2027-03-01", kpi="no_such_kpi", target=100), ["phases[1].kpi"]),
    (_with_phase(kind="milestone", name="清零", date="2027-03-01", kpi="rectification_rate", target=120),
     ["phases[1].target"]),
    (_with_phase(kind="milestone", name="清零", date="2027-03-01", kpi="rectification_rate"), ["phases[1].target"]),
    (_with_phase(kind="milestone", name="清零", date="2027-03-01", target=100), ["phases[1].kpi"]),
])
def test_rules_name_the_key(data, keys):
    assert _refused(data) == keys


def test_a_count_target_may_exceed_100_and_any_kpi_goes_without_definitions():
    ok = _with_phase(kind="milestone", name="逾期清零", date="2027-03-01", kpi="overdue_count", target=0)
    campaigns.check(campaigns.from_mapping(ok), KPIS.ids, rates=KPIS.rates)
    free = _with_phase(kind="milestone", name="清零", date="2027-03-01", kpi="anything", target=100)
    campaigns.check(campaigns.from_mapping(free), KpiChoice().ids)


@pytest.mark.parametrize("data, key", [
    ({**WINTER, "start": "2026-11-31"}, "start"),
    ({**WINTER, "colour": "red"}, "colour"),
    ({**WINTER, "phases": [{"name": "排查", "start": "2026-11-02"}]}, "phases[1].end"),
    ({**WINTER, "phases": [{"kind": "step", "name": "排查"}]}, "phases[1].kind"),
    ({**WINTER, "phases": [{"kind": "milestone", "name": "清零", "start": "2026-11-02", "date": "2026-11-03"}]},
     "phases[1].start"),
    ({**WINTER, "phases": [{"kind": "milestone", "name": "清零", "date": "2026-11-03", "target": "全部"}]},
     "phases[1].target"),
    ({**WINTER, "phases": "动员部署"}, "phases"),
])
def test_form_problems_name_the_key(data, key):
    with pytest.raises(CampaignError) as e:
        campaigns.from_mapping(data, "c.yaml")
    assert key in e.value.keys and f"c.yaml 中 {key}：" in e.value.message


def test_a_refused_write_leaves_the_project_unchanged(tmp_path):
    with store.create_project(tmp_path / "p.gridsafe") as project:
        first, _ = campaigns.add(project, campaigns.from_mapping(WINTER), KPIS)
        bad = campaigns.from_mapping(_with_phase(name="排查", start="2026-10-01", end="2026-12-01"))
        with pytest.raises(CampaignError):
            campaigns.add(project, bad, KPIS)
        with pytest.raises(CampaignError):
            campaigns.update(project, first, bad, KPIS)
        assert _count(project, Campaign) == 1 and _count(project, CampaignPhase) == 3
        assert campaigns.get(project, first).phases[0].name == "动员部署"
        with pytest.raises(campaigns.ValidationError, match="不存在"):
            campaigns.delete(project, 999)


def test_schedule_override_is_stored_checked_and_removed(tmp_path):
    with store.create_project(tmp_path / "p.gridsafe") as project:
        with pytest.raises(calendar.ScheduleError, match="reports.monthly.day"):
            calendar.set_overrides(project, {"reports": {"monthly": {"day": 0}}})
        assert calendar.set_overrides(project, {"reports": {"monthly": {"day": 20}}}).kinds == {"settings"}
        assert [i.on.day for i in calendar.load(project, date(2026, 12, 1), date(2026, 12, 31))
                if i.report == "monthly"] == [20]
        calendar.set_overrides(project, None)
        assert [i.on.day for i in calendar.load(project, date(2026, 12, 1), date(2026, 12, 31))
                if i.report == "monthly"] == [24]


def test_targets_are_checked_against_the_projects_kpi_definitions(tmp_path):
    with store.create_project(tmp_path / "p.gridsafe") as project:
        choice = campaigns.kpi_choice(project)
        assert choice.names["rectification_rate"] == "隐患整改率" and "rectification_rate" in choice.rates
        assert "overdue" in choice.names and "overdue" not in choice.rates
        for kpi, target, why in (("rectification", 100, "未知的指标“rectification”"),
                                 ("self_check_coverage", 101, "目标值 101 超出范围（0–100（百分比））")):
            data = campaigns.from_mapping(_with_phase(kind="milestone", name="节点", date="2027-03-01", kpi=kpi,
                                                      target=target))
            with pytest.raises(CampaignError, match=why):
                campaigns.add(project, data)
        assert _count(project, Campaign) == 0
        ok = campaigns.from_mapping(_with_phase(kind="milestone", name="逾期清零", date="2027-03-01", kpi="overdue",
                                                target=0))
        campaigns.add(project, ok)
        [item] = [i for i in calendar.load(project, date(2027, 3, 1), date(2027, 3, 1)) if i.kind == "milestone"]
        assert item.title == "今冬明春专项整治·节点：逾期清零（目标：逾期未整改 达到 0）"
