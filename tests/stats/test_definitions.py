"""resources/kpis.yaml is checked before anything is counted: each mistake a township could make editing it (or the
project setting over it) is refused with a message naming the KPI or condition and the key."""
from __future__ import annotations

import copy

import pytest

from gis.stats import kpis
from gis.stats.kpis import KpiError, parse


@pytest.fixture(scope="module")
def doc():
    return kpis.defaults_doc()


def test_the_shipped_definitions_load(doc):
    defs = parse(doc)
    assert defs.ids[:3] == ["rectification_rate", "on_time_rate", "overdue"]
    rate = defs["rectification_rate"]
    assert (rate.kind, rate.records, rate.target, rate.click) == ("rate", "hazards", 100.0, "shortfall")
    assert rate.formula() == "截至期末（含当日）已销号的隐患数 ÷ 截至期末登记的隐患数（目标 100%）"
    assert "self_check_coverage" in defs and "patrol_coverage" in defs
    with pytest.raises(KpiError, match="没有指标“nope”；可用的指标：rectification_rate"):
        defs["nope"]


def _broken(doc, edit) -> str:
    d = copy.deepcopy(doc)
    edit(d)
    with pytest.raises(KpiError) as e:
        parse(d)
    return str(e.value)


def _kpi(d, kpi_id):
    return next(k for k in d["kpis"] if k["id"] == kpi_id)


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["conditions"]["hazards"].update(bad={"found_at": {"le": "period_end"}}),
     "条件 hazards.bad：隐患没有列“found_at”"),
    (lambda d: d["conditions"]["hazards"].update(bad={"found_on": {"le": "yesterday"}}),
     "条件 hazards.bad：“found_on”要与 period_start、period_end、另一个日期列或日期比较，不能是“yesterday”"),
    (lambda d: d["conditions"]["hazards"].update(bad={"grade": {"le": "major"}}),
     "条件 hazards.bad：列“grade”不能用运算“le”"),
    (lambda d: d["conditions"]["hazards"].update(bad={"all": ["registered_by_end", "closed_by_nd"]}),
     "条件 hazards.bad：引用了不存在的条件“closed_by_nd”"),
    (lambda d: d["conditions"]["hazards"].update(a={"not": "b"}, b={"all": ["a"]}),
     "条件 hazards.a 引用了自己：a → b → a"),
    (lambda d: d["conditions"]["hazards"].update(bad={"source": {"in": "public_report"}}),
     "in 要写成文字的列表"),
    (lambda d: d["conditions"].update(people={}), "conditions 下没有“people”这类记录"),
    (lambda d: _kpi(d, "overdue").update(kind="ratio"), "指标 overdue：kind 应是 rate（比率）或 count（计数）"),
    (lambda d: _kpi(d, "rectification_rate").pop("denominator"), "指标 rectification_rate：比率指标要写 denominator"),
    (lambda d: _kpi(d, "overdue").update(numerator=["overdue_at_nd"]),
     "指标 overdue：numerator 中的条件“overdue_at_nd”不存在"),
    (lambda d: _kpi(d, "overdue").update(records="sites"), "指标 overdue：records 应是 hazards、stops、enterprises"),
    (lambda d: _kpi(d, "overdue").update(target="零"), "指标 overdue：target 要写一个数"),
    (lambda d: _kpi(d, "overdue").update(click="shortfall"), "计数指标只能是 numerator"),
    (lambda d: _kpi(d, "overdue").pop("definition"), "指标 overdue 缺少“definition”"),
    (lambda d: d["kpis"].append(copy.deepcopy(d["kpis"][0])), "指标 rectification_rate 写了两次"),
    (lambda d: d.update(enterprises={}), "enterprises.categories 要列出哪些场所类别算企业"),
])
def test_mistakes_are_named(doc, edit, message):
    assert message in _broken(doc, edit)


def test_override_merges_by_id(doc):
    defs = kpis.load(override={"kpis": [{"id": "overdue", "target": 5},
                                        {"id": "major_found", "zh": "新发现重大隐患", "kind": "count",
                                         "records": "hazards", "numerator": ["registered_in_period", "major"],
                                         "definition": "时段内登记的重大隐患数"}]})
    assert defs["overdue"].target == 5 and defs["overdue"].zh == "逾期未整改"
    assert defs.ids[-1] == "major_found"
    with pytest.raises(KpiError, match="项目设置 kpi_definitions：每个指标要有 id"):
        kpis.load(override={"kpis": [{"target": 1}]})


def test_the_docs_state_every_shipped_definition(doc):
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "kpis.md").read_text(encoding="utf-8")
    for k in parse(doc).kpis:
        assert f"| {k.zh} | `{k.id}` |" in text and k.definition in text, k.id
