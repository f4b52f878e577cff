"""Stage 13: a phased campaign (专项整治) with targets, for the work calendar (issue 14).

No random numbers, so every earlier table is unchanged: one campaign shaped on seed 002's master phases
(/work/shared/domain/notes-002.md: 动员部署 / 排查整治 / 集中攻坚 / 巩固提升) but dated around the demo's TODAY
(2026-11-22), with two dated targets (节点目标): enterprise self-check reports from every enterprise by the
end of the year, and every hazard found closed (销号) by the end of the push. The KPI ids are those of
resources/kpis.yaml (self_check_coverage, rectification_rate). Document number and dates are made up.
"""
from __future__ import annotations

from datetime import date

from gis.demo import names as N
from gis.demo.world import DEMO, World

NAME = "今冬明春安全生产专项整治行动"
START, END = date(2026, 11, 1), date(2027, 6, 30)
# (kind, name, start, end, kpi, target, note)
PHASES = (
    ("phase", "动员部署", date(2026, 11, 1), date(2026, 11, 20), None, None, "制定方案，召开动员会，明确责任分工"),
    ("phase", "排查整治", date(2026, 11, 21), date(2027, 1, 31), None, None, "企业自查自报，网格员逐企排查，建立三个清单"),
    ("milestone", "企业自查自报全覆盖", None, date(2026, 12, 31), "self_check_coverage", 100.0,
     "辖区生产经营单位100%完成自查自报（含零报告）"),
    ("phase", "集中攻坚", date(2027, 2, 1), date(2027, 4, 30), None, None, "重大隐患挂牌督办，逐项销号"),
    ("milestone", "排查隐患全部整改销号", None, date(2027, 4, 30), "rectification_rate", 100.0,
     "排查出的隐患100%整改销号"),
    ("phase", "巩固提升", date(2027, 5, 1), date(2027, 6, 30), None, None, "回头看，总结经验，建立长效机制"),
)


def build(world: World) -> None:
    world.campaigns = [{"id": 1, "name": NAME, "document_no": "湛安委〔2026〕18号",
                        "issuer": f"{N.DISTRICT['name']}安全生产委员会", "start_on": START, "end_on": END,
                        "note": f"参照种子002的五个阶段安排（{DEMO}）"}]
    world.campaign_phases = [
        {"id": i, "campaign_id": 1, "seq": i, "kind": kind, "name": name, "start_on": start, "end_on": end,
         "kpi": kpi, "target": target, "note": note}
        for i, (kind, name, start, end, kpi, target, note) in enumerate(PHASES, start=1)]
