"""`gridsafe calendar` and `gridsafe campaign`, run as a user runs them; and the demo's campaign."""
from __future__ import annotations

import json
from datetime import date

from desktop.cli import main
from gis import store
from gis.demo.load import read_gpkg
from gis.paths import DEMO_DATA
from gis.stats import campaigns

GOOD = """\
name: 燃气安全专项排查
document_no: 湛城管〔2026〕7号
start: 2026-12-01
end: 2027-02-28
phases:
  - {name: 全面排查, start: 2026-12-01, end: 2027-01-15}
  - {kind: milestone, name: 隐患清零, date: 2026-12-03, kpi: rectification_rate, target: 100}
"""


def test_campaign_add_list_and_calendar_json(tmp_path, capsys):
    path = tmp_path / "p.gridsafe"
    store.create_project(path).close()
    good = tmp_path / "campaign.yaml"
    good.write_text(GOOD, encoding="utf-8")
    assert main(["campaign", "add", str(path), "--file", str(good)]) == 0
    assert "已添加专项行动 [1] 燃气安全专项排查：2 个阶段和节点目标" in capsys.readouterr().out
    assert main(["campaign", "list", str(path), "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert listed["name"] == "燃气安全专项排查" and listed["document_no"] == "湛城管〔2026〕7号"
    assert [(p["kind"], p["name"], p["start"], p["end"], p["kpi"], p["target"]) for p in listed["phases"]] == [
        ("phase", "全面排查", "2026-12-01", "2027-01-15", None, None),
        ("milestone", "隐患清零", None, "2026-12-03", "rectification_rate", 100.0)]

    assert main(["calendar", str(path), "--from", "2026-11-30", "--to", "2026-12-04", "--today", "2026-12-01",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["from"], out["to"]) == ("2026-11-30", "2026-12-04")
    got = [(i["kind"], i["date"], i["time"], i["report"], i["period"], i["phase"], i["remind"]) for i in out["items"]]
    assert got == [
        ("phase_start", "2026-12-01", None, None, None, "全面排查", True),      # due today
        ("milestone", "2026-12-03", None, None, None, "隐患清零", True),        # in 2 days, lead 7
        ("report", "2026-12-04", "11:00", "weekly", "2026-W49", None, False),   # lead 1: from Thursday
    ]
    milestone = out["items"][1]
    assert milestone["target"] == 100.0 and milestone["campaign_id"] == 1 and milestone["lead_days"] == 7

    assert main(["calendar", str(path), "--from", "2026-12-01", "--to", "2026-12-04", "--today", "2026-12-03"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "工作日历 2026-12-01 至 2026-12-04（共 3 项；★ = 已到提醒期）"
    assert lines[3].startswith("★ 2026-12-04 周五 11:00  报告")


def test_a_bad_campaign_file_names_the_key_and_leaves_the_project_unchanged(tmp_path, capsys):
    path = tmp_path / "p.gridsafe"
    store.create_project(path).close()
    before = path.read_bytes()
    bad = tmp_path / "bad.yaml"
    for text, key in ((GOOD.replace("2027-01-15", "2027-03-15"), "phases[1].end"),
                      (GOOD.replace("2026-12-03", "2026-12-32"), "phases[2].date"),
                      (GOOD.replace("start: 2026-12-01\n", ""), "start")):
        bad.write_text(text, encoding="utf-8")
        assert main(["campaign", "add", str(path), "--file", str(bad)]) == 2
        err = capsys.readouterr().err
        assert f"{bad} 中 {key}：" in err, err
    assert path.read_bytes() == before
    with store.open_project(path, readonly=True) as project:
        assert campaigns.listing(project) == []


def test_the_demo_campaign_passes_the_checks():
    t = read_gpkg(DEMO_DATA / "demo.gpkg")
    c = t["campaign"].iloc[0]
    phases = [campaigns.PhaseData(kind=p.kind, name=p.name, start_on=p.start_on, end_on=p.end_on,
                                  kpi=p.kpi, target=None if p.target != p.target else p.target)
              for p in t["campaign_phase"].sort_values("seq").itertuples()]
    data = campaigns.CampaignData(name=c["name"], start_on=c.start_on, end_on=c.end_on, phases=tuple(phases))
    campaigns.check(data, {"rectification_rate", "self_check_coverage"}, rates={"rectification_rate",
                                                                               "self_check_coverage"})
    assert [p.name for p in phases if p.kind == "phase"] == ["动员部署", "排查整治", "集中攻坚", "巩固提升"]
    assert {(p.kpi, p.target) for p in phases if p.kind == "milestone"} == {("self_check_coverage", 100.0),
                                                                          ("rectification_rate", 100.0)}
    assert data.start_on <= date(2026, 11, 22) <= data.end_on     # running on the demo's today
