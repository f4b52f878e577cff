"""Enterprise self-check reports (gis.hazards.self_checks): record and refuse, list a period with 未上报 / 零报告,
import a 企业自查上报表 — every bad row named by file, row and field and nothing written — and the CLI.
The whole flow once on PostgreSQL too."""
from __future__ import annotations

import json
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select, update

from desktop.cli import main
from gis import store
from gis.hazards import self_checks as sc
from gis.io.errors import DataFileError, ImportRejected
from gis.model import SelfCheckReport, Site
from tests import smallworld

TODAY = date(2026, 12, 5)
NOV = (date(2026, 11, 1), date(2026, 11, 30))


def _build(project) -> dict[str, int]:
    with project.transaction() as s:
        w = smallworld.build(s)
        ids = {x.name: x.id for x in w["sites"]}
        s.add_all([Site(name="关停砖厂", category="industry_trade_enterprise", status="closed"),
                   Site(name="同名小卖部", category="small_premises"), Site(name="同名小卖部", category="small_premises")])
        s.execute(update(Site).where(Site.id == ids["鑫源机械加工厂"]).values(code="91410400MA00000001"))
        s.flush()
        ids.update({x.name: x.id for x in s.scalars(select(Site).where(Site.name == "关停砖厂"))})
    return ids


@pytest.fixture
def project(tmp_path):
    p = store.create_project(tmp_path / "p.gridsafe")
    p.sites = _build(p)
    yield p
    p.close()


def _count(project) -> int:
    with project.session() as s:
        return s.scalar(select(func.count()).select_from(SelfCheckReport))


def _record(project, site, day, found, **kw):
    return project.write(lambda s: sc.record(s, site, day, found, today=TODAY, **kw))


def _sheet(path, header, rows):
    wb = Workbook()
    wb.active.append(header)
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def _import(project, path, today=TODAY):
    parsed = sc.read_file(path)
    return project.write(lambda s: sc.import_parsed(s, parsed, recorded_by="刘芳", today=today))


def test_record_replaces_the_same_day_and_refuses_with_the_field(project):
    ids = project.sites
    done, change = _record(project, ids["鑫源机械加工厂"], date(2026, 11, 3), 0, reporter="赵敏", recorded_by="刘芳")
    assert done.created and change.kinds == {"self_check"} and change.ids_of("self_check") == {done.id}
    again, _ = _record(project, ids["鑫源机械加工厂"], date(2026, 11, 3), 2, reporter="赵敏")
    assert (again.id, again.created) == (done.id, False) and _count(project) == 1
    refusals = {
        (ids["荆山小学"], date(2026, 11, 3), 0): "场所类别为“学校”，不属于企业自查自报范围",
        (ids["关停砖厂"], date(2026, 11, 3), 0): "经营状态为“关闭”，不在企业自查自报范围内",
        (ids["老王家常菜馆"], date(2026, 12, 6), 0): "上报日期 2026-12-06 晚于今天（2026-12-05）",
        (ids["老王家常菜馆"], date(2026, 11, 3), -1): "发现隐患数不能为负数（-1）",
        (ids["老王家常菜馆"], date(2026, 11, 3), 1.5): "发现隐患数：“1.5”不是整数",
        (9999, date(2026, 11, 3), 0): "企业：场所（ID 9999）不存在",
    }
    for (site, day, found), message in refusals.items():
        with pytest.raises(sc.SelfCheckError, match=message.replace("(", r"\(").replace(")", r"\)")):
            _record(project, site, day, found)
    with pytest.raises(sc.SelfCheckError, match="上报人超过 50 个字"):
        _record(project, ids["老王家常菜馆"], date(2026, 11, 3), 0, reporter="张" * 51)
    assert _count(project) == 1
    with project.session() as s:
        assert sc.find_site(s, "91410400MA00000001").name == "鑫源机械加工厂"
        assert sc.find_site(s, "老王家常菜馆").id == ids["老王家常菜馆"]
        with pytest.raises(sc.SelfCheckError, match="有多家企业名为“同名小卖部”"):
            sc.find_site(s, "同名小卖部")
    project.write(lambda s: sc.delete(s, done.id))
    assert _count(project) == 0


def test_a_period_lists_reported_zero_and_missing_enterprises(project):
    ids = project.sites
    _record(project, ids["鑫源机械加工厂"], date(2026, 11, 3), 0)
    _record(project, ids["老王家常菜馆"], date(2026, 11, 20), 2)
    _record(project, ids["老王家常菜馆"], date(2026, 11, 25), 0)
    _record(project, ids["宏达化工"], date(2026, 10, 31), 0)         # October: not in November
    with project.session() as s:
        listed_all = sc.enterprises(s, *NOV)
        missing = [e.name for e in sc.missing(s, *NOV)]
        october = {e.name: e.state for e in sc.enterprises(s, date(2026, 10, 1), date(2026, 10, 31))}
        listed = sc.reports(s, *NOV)
    # in scope: the enterprises, not the school, not the closed brickworks; suspended 宏达化工 is in scope
    assert sorted(e.name for e in listed_all) == sorted(["鑫源机械加工厂", "老王家常菜馆", "宏达化工", "同名小卖部",
                                                         "同名小卖部"])
    rows = {e.name: e for e in listed_all}
    assert rows["鑫源机械加工厂"].state == "zero" and rows["鑫源机械加工厂"].state_zh == "零报告"
    assert rows["老王家常菜馆"].state == "reported" and rows["老王家常菜馆"].hazards_found == 2
    assert rows["老王家常菜馆"].last.reported_on == date(2026, 11, 25)
    assert rows["宏达化工"].state == "missing" and rows["宏达化工"].village_name == "李楼社区"
    assert sorted(missing) == ["同名小卖部", "同名小卖部", "宏达化工"]
    assert october["宏达化工"] == "zero" and october["老王家常菜馆"] == "missing"
    assert [r.reported_on.day for r in listed] == [3, 20, 25]
    with project.session() as s, pytest.raises(sc.SelfCheckError, match="结束日期 2026-10-01 早于开始日期"):
        sc.enterprises(s, date(2026, 11, 1), date(2026, 10, 1))


def test_import_matches_code_then_name_and_updates_the_same_day(project, tmp_path):
    ids = project.sites
    _record(project, ids["鑫源机械加工厂"], date(2026, 11, 3), 0)
    path = _sheet(tmp_path / "11月企业自查上报表.xlsx",
                  ["序号", "单位名称", "社会信用代码", "自查日期", "隐患数量", "填报人", "备注"],
                  [[1, "（名称不一致也按代码）", "91410400MA00000001", "2026/11/3", 1, "赵敏", "更正"],
                   [2, "老王家常菜馆", None, "2026年11月20日", 0, "王老板", None],
                   [3, "宏达化工", "", date(2026, 11, 21), 3, None, "停产期间自查"]])
    summary, change = _import(project, path)
    assert (summary.rows, summary.created, summary.updated, summary.zero_reports, summary.enterprises) == (3, 2, 1, 1, 3)
    assert "新增上报 2 条，更新同日已有上报 1 条；其中零报告 1 条" in summary.text()
    assert change.kinds == {"self_check"} and len(change.ids_of("self_check")) == 3
    assert _count(project) == 3
    with project.session() as s:
        rows = {e.name: e for e in sc.enterprises(s, *NOV)}
    assert rows["鑫源机械加工厂"].hazards_found == 1 and rows["鑫源机械加工厂"].last.note == "更正"
    assert rows["宏达化工"].last.recorded_by == "刘芳" and rows["老王家常菜馆"].state == "zero"


def test_a_bad_sheet_names_every_bad_row_and_writes_nothing(project, tmp_path):
    _record(project, project.sites["老王家常菜馆"], date(2026, 11, 1), 0)
    before = _count(project)
    path = _sheet(tmp_path / "错表.xlsx", ["企业名称", "统一社会信用代码", "上报日期", "发现隐患数", "上报人"], [
        ["老王家常菜馆", None, "2026-11-05", 0, "王"],                    # row 2: good
        ["荆山小学", None, "2026-11-05", 0, None],                        # 3: not an enterprise
        ["不存在的厂", None, "2026-11-05", 0, None],                      # 4: unknown
        ["老王家常菜馆", None, "2026-12-24", 0, None],                    # 5: future
        ["老王家常菜馆", None, "2026-11-06", -2, None],                   # 6: negative
        ["老王家常菜馆", None, "2026-11-07", "两处", None],               # 7: not a number
        ["老王家常菜馆", None, "2026-11-08", None, None],                 # 8: blank count
        ["老王家常菜馆", None, "2026-11-05", 1, None],                    # 9: same enterprise and day as row 2
        ["鑫源机械加工厂", "91410400MA99999999", "2026-11-05", 0, None],  # 10: code and name disagree
        ["同名小卖部", None, "2026-11-05", 0, None],                      # 11: ambiguous name
        ["关停砖厂", None, "2026-11-05", 0, None],                        # 12: closed
        ["老王家常菜馆", None, "2026-13-01", 0, None],                    # 13: no such date
        [None, None, "2026-11-05", 0, None],                              # 14: no enterprise
    ])
    with pytest.raises(ImportRejected) as e:
        _import(project, path)
    issues = {(i.row, i.field): i.reason for i in e.value.report.rejected}
    assert sorted({row for row, _f in issues}) == list(range(3, 15))
    expected = {
        (3, "企业名称"): "场所类别为“学校”",
        (4, "企业名称"): "项目中找不到名称“不存在的厂”对应的企业",
        (5, "上报日期"): "晚于今天（2026-12-05）",
        (6, "发现隐患数"): "不能为负数（-2）",
        (7, "发现隐患数"): "“两处”不是数字",
        (8, "发现隐患数"): "缺少发现隐患数（零报告请填 0）",
        (9, "企业名称"): "与第2行是同一企业（“老王家常菜馆”）同一天的上报，重复",
        (10, "统一社会信用代码"): "“91410400MA99999999”在项目中找不到；名为“鑫源机械加工厂”的企业的代码是“91410400MA00000001”",
        (11, "企业名称"): "项目中有 2 家企业名为“同名小卖部”",
        (12, "企业名称"): "经营状态为“关闭”",
        (13, "上报日期"): "“2026-13-01”不是有效的日期",
        (14, "企业名称"): "缺少企业名称或统一社会信用代码",
    }
    for key, text in expected.items():
        assert text in issues[key], (key, issues.get(key))
    message = str(e.value)
    assert message.startswith("文件 错表.xlsx 有 12 行数据未通过检查，未导入任何数据：")
    assert "错表.xlsx 第3行 字段“企业名称”：“荆山小学”场所类别为“学校”" in message
    assert _count(project) == before


def test_files_that_cannot_be_a_sheet_are_refused_by_gis_io(project, tmp_path):
    no_columns = _sheet(tmp_path / "缺列.xlsx", ["企业名称", "发现隐患数"], [["老王家常菜馆", 0]])
    with pytest.raises(DataFileError, match="文件 缺列.xlsx 中没有“上报日期”列，现有表头：企业名称、发现隐患数"):
        sc.read_file(no_columns)
    no_site = _sheet(tmp_path / "无企业.xlsx", ["日期", "隐患数"], [["2026-11-01", 0]])
    with pytest.raises(DataFileError, match="没有“企业名称”或“统一社会信用代码”列"):
        sc.read_file(no_site)
    fake = tmp_path / "假表.xlsx"
    fake.write_text("企业名称,上报日期\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="假表.xlsx 的内容不是 Excel（xlsx）"):
        sc.read_file(fake)
    csv = tmp_path / "上报.csv"
    csv.write_bytes("企业名称,上报日期,发现隐患数\n老王家常菜馆,2026-11-09,0\n".encode("gbk"))
    summary, _ = _import(project, csv)
    assert summary.created == 1 and summary.zero_reports == 1


def test_cli_record_import_and_list(project, tmp_path, capsys):
    path = str(tmp_path / "p.gridsafe")
    assert main(["selfcheck", "record", path, "--site", "老王家常菜馆", "--date", "2026-11-10", "--found", "0",
                 "--reporter", "王老板", "--today", "2026-12-05", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["created"] and out["site_name"] == "老王家常菜馆" and out["hazards_found"] == 0
    assert main(["selfcheck", "record", path, "--site", "荆山小学", "--date", "2026-11-10", "--found", "0"]) == 2
    assert "不属于企业自查自报范围" in capsys.readouterr().err
    bad = _sheet(tmp_path / "错.xlsx", ["企业名称", "上报日期", "发现隐患数"], [["宏达化工", "2026-11-12", -1]])
    assert main(["selfcheck", "import", path, str(bad), "--today", "2026-12-05"]) == 2
    assert "错.xlsx 第2行 字段“发现隐患数”：发现隐患数不能为负数（-1）" in capsys.readouterr().err
    good = _sheet(tmp_path / "好.xlsx", ["企业名称", "上报日期", "发现隐患数"], [["宏达化工", "2026-11-12", 2]])
    assert main(["selfcheck", "import", path, str(good), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["created"] == 1
    assert main(["selfcheck", "list", path, "--period", "2026-11", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert (listed["enterprises"], listed["with_report"], listed["zero_reports"], listed["missing"]) == (5, 2, 1, 3)
    assert listed["coverage"] == 40.0
    states = {r["name"]: r["state"] for r in listed["rows"]}
    assert states["老王家常菜馆"] == "zero" and states["宏达化工"] == "reported"
    assert main(["selfcheck", "list", path, "--period", "2026-11", "--missing", "--json"]) == 0
    missing = json.loads(capsys.readouterr().out)["rows"]
    assert sorted(r["name"] for r in missing) == ["同名小卖部", "同名小卖部", "鑫源机械加工厂"]
    assert all(r["reports"] == [] and r["state_zh"] == "未上报" for r in missing)
    assert main(["selfcheck", "list", path, "--period", "2026-11"]) == 0
    assert "范围内企业 5 家：已上报 2 家（其中零报告 1 家），未上报 3 家；企业自查覆盖率 40.0%" in capsys.readouterr().out


def test_the_flow_on_both_backends(world, tmp_path):
    """world: the small township on SQLite and on PostgreSQL (tests/hazards/conftest.py)."""
    ids = world.sites
    world.write(lambda s: sc.record(s, ids["老王家常菜馆"], date(2026, 11, 2), 0, today=TODAY))
    path = _sheet(tmp_path / "表.xlsx", ["企业名称", "上报日期", "发现隐患数"],
                  [["鑫源机械加工厂", "2026-11-04", 1], ["老王家常菜馆", "2026-11-02", 3]])
    summary, _ = _import(world, path)
    assert (summary.created, summary.updated) == (1, 1)
    bad = _sheet(tmp_path / "坏.xlsx", ["企业名称", "上报日期", "发现隐患数"],
                 [["宏达化工", "2026-11-04", 1], ["荆山小学", "2026-11-04", 0]])
    with pytest.raises(ImportRejected, match="坏.xlsx 第3行 字段“企业名称”"):
        _import(world, bad)
    with world.session() as s:
        rows = {e.name: (e.state, e.hazards_found) for e in sc.enterprises(s, *NOV)}
        assert s.scalar(select(func.count()).select_from(SelfCheckReport)) == 2
    assert rows == {"鑫源机械加工厂": ("reported", 1), "老王家常菜馆": ("reported", 3), "宏达化工": ("missing", 0)}


def test_the_project_kpi_definitions_decide_the_scope(project):
    """A project whose KPI definitions (setting kpi_definitions, gis.stats.kpis) count only catering: the use
    cases list and accept only catering, as the dashboard counts."""
    from desktop.services import self_checks as use
    from gis import repo

    assert use.scope_of(project) == sc.Scope.default()
    with project.transaction() as s:
        repo.set_setting(s, "kpi_definitions", {"enterprises": {"categories": ["catering"], "exclude_status": []}})
    assert use.scope_of(project) == sc.Scope(("catering",), ())
    assert [e.name for e in use.enterprises(project, *NOV)] == ["老王家常菜馆"]
    with pytest.raises(sc.SelfCheckError, match="场所类别为“工贸企业”，不属于企业自查自报范围（餐饮）"):
        use.record(project, "鑫源机械加工厂", date(2026, 11, 3), 0, operator="刘芳", today=TODAY)
    assert use.record(project, "老王家常菜馆", date(2026, 11, 3), 0, operator="刘芳", today=TODAY).value.created
