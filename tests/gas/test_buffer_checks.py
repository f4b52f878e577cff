"""The general buffer checks between sites (gis.gas.buffers): a banned business within 200 m of a school,
a protected target inside a hazardous-chemical enterprise's external safety distance (read from its
attribute; missing → 参数不全, listed), and both into the hazard ledger (source 周边安全距离分析) on both
backends, re-runs without duplicates, `gridsafe gas analyse --json`.

Drawn in local metres (tests.gas.test_analysis.geo), stored as lon/lat.
"""
from __future__ import annotations

import json
from datetime import date

import shapely
from sqlalchemy import select

from desktop.services import gas as use
from gis.gas import findings
from gis.gas.buffers import buffer_findings, buffer_rules
from gis.model import Hazard, Site
from tests.gas.test_analysis import LOCAL, RULES, geo

TODAY = date(2026, 12, 5)


def pt(x, y):
    return geo(shapely.Point(x, y))


def test_rules_list_the_banned_categories_and_grades():
    br = buffer_rules(RULES)
    assert br.banned == ("internet_cafe", "entertainment_venue", "lottery_shop") and br.school_distance_m == 200
    assert br.schools == ("school",) and br.distance_attribute == "external_safety_distance_m"
    assert (br.school_grade, br.hazchem_grade) == ("general", "major")


def test_school_zone_finds_banned_businesses_within_200_m_inclusive():
    sites = [("实验小学", "school", pt(0, 0)), ("极速网吧", "internet_cafe", pt(199.9, 0)),
             ("远处网吧", "internet_cafe", pt(200.1, 0)), ("好运彩票", "lottery_shop", pt(0, -150)),
             ("欢乐KTV", "entertainment_venue", pt(0, 199.99)), ("小饭馆", "catering", pt(10, 0))]
    names, cats, geoms = zip(*sites, strict=True)
    got = buffer_findings(RULES, geoms, [11, 12, 13, 14, 15, 16], names, cats, crs=LOCAL)
    assert [(f.kind, f.site_name, f.feature_name, f.level, round(f.distance_m, 2), f.grade) for f in got] == [
        ("school_zone", "极速网吧", "实验小学", "internet_cafe", 199.9, "general"),
        ("school_zone", "好运彩票", "实验小学", "lottery_shop", 150.0, "general"),
        ("school_zone", "欢乐KTV", "实验小学", "entertainment_venue", 199.99, "general")]
    assert {f.site_id for f in got} == {12, 14, 15} and {f.feature_id for f in got} == {11}


def test_external_distance_reads_the_enterprise_attribute_and_lists_a_missing_one():
    sites = [("化工厂", "hazchem_enterprise", pt(0, 0), {"external_safety_distance_m": 300}),
             ("镇中学", "school", pt(299, 0), {}), ("村委会", "village_committee", pt(0, 301), {}),
             ("幼儿园", "childcare_institution", pt(-100, 0), {}), ("商店", "small_premises", pt(10, 10), {}),
             ("农药厂", "hazchem_enterprise", pt(5000, 0), {"external_safety_distance_m": "不详"})]
    names, cats, geoms, attrs = zip(*sites, strict=True)
    got = buffer_findings(RULES, geoms, [1, 2, 3, 4, 5, 6], names, cats, attrs, crs=LOCAL)
    rows = [(f.site_name, f.feature_name, f.level, f.grade, None if f.distance_m is None else round(f.distance_m, 2),
             f.threshold_m) for f in got]
    assert rows == [("农药厂", None, "incomplete", None, None, None),
                    ("化工厂", "镇中学", "inside", "major", 299.0, 300.0),
                    ("化工厂", "幼儿园", "inside", "major", 100.0, 300.0)]
    assert got[0].note == "参数不全（缺外部安全防护距离）"


def _populate(project):
    with project.transaction() as s:
        rows = [Site(name="实验小学", category="school", geom=pt(0, 0)),
                Site(name="极速网吧", category="internet_cafe", geom=pt(120, 0)),
                Site(name="化工厂", category="hazchem_enterprise", geom=pt(3000, 0),
                     attributes={"external_safety_distance_m": 500}),
                Site(name="中心幼儿园", category="childcare_institution", geom=pt(3000, 400)),
                Site(name="农药厂", category="hazchem_enterprise", geom=pt(9000, 0))]
        s.add_all(rows)
        s.flush()
        return {r.name: r.id for r in rows}


def test_findings_enter_the_ledger_on_their_site_once(new_project):
    ids = _populate(new_project)
    done = use.analyse(new_project, operator="王工", on=TODAY)
    summary = done.value.summary
    assert sorted(e.kind for e in summary.new) == ["external_distance", "school_zone"] and summary.incomplete == 1
    with new_project.session() as s:
        hazards = {h.finding: h for h in s.scalars(select(Hazard).where(Hazard.source == findings.BUFFER_SOURCE))}
    sz, ed = hazards["school_zone"], hazards["external_distance"]
    assert (sz.site_id, sz.grade, ed.site_id, ed.grade) == (ids["极速网吧"], "general", ids["化工厂"], "major")
    assert sz.description.startswith("网吧“极速网吧”位于学校“实验小学”（120米）周边200米范围内")
    assert ed.description.startswith("危化企业“化工厂”外部安全防护距离500米内有防护目标“中心幼儿园”（400米）")
    assert done.change.ids_of("hazards") == {sz.id, ed.id}

    again = use.analyse(new_project, operator="王工", on=TODAY).value.summary
    assert again.new == [] and sorted(e.kind for e in again.still_open) == ["external_distance", "school_zone"]
    # the café closes and moves away: reported as gone, not closed
    with new_project.transaction() as s:
        s.get(Site, ids["极速网吧"]).geom = pt(900, 0)
    gone = use.analyse(new_project, operator="王工", on=TODAY).value.summary
    assert [(e.kind, e.feature_id) for e in gone.disappeared] == [("school_zone", ids["极速网吧"])]
    with new_project.session() as s:
        assert s.scalar(select(Hazard.status).where(Hazard.id == sz.id)) == "registered"


def test_cli_json_lists_them_with_the_common_keys(new_project, project_url, capsys):
    from desktop.cli import main

    ids = _populate(new_project)
    new_project.close()
    assert main(["gas", "analyse", project_url, "--date", TODAY.isoformat(), "--dry-run", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    got = sorted((r["kind"], r["site_id"], r["feature_name"], r["distance_m"], r["level"], r["ledger"]) for r in rows)
    assert got == [("external_distance", ids["化工厂"], "中心幼儿园", 400.0, "inside", "new"),
                   ("external_distance", ids["农药厂"], None, None, "incomplete", None),
                   ("school_zone", ids["极速网吧"], "实验小学", 120.0, "internet_cafe", "new")]
    assert all(r["pipeline_id"] is None for r in rows)
    assert main(["gas", "analyse", project_url, "--date", TODAY.isoformat(), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "学校周边禁止经营" in out and "极速网吧" in out and "参数不全" in out and "农药厂" in out
