"""The numbers of a periodic report (gis.stats.report.Report) as an xlsx: every table of the report as a sheet —
指标 (numerator, denominator, value as numbers), 分村（社区）/分乡镇/分网格, 分行业, 网格巡查, and the full lists of
重大隐患和挂牌督办 and 逾期隐患 (the report itself lists only the first of the overdue ones). Cells go through
gis.reports (text that looks like a formula stays text); saved whole or not at all (save_workbook)."""
from __future__ import annotations

from pathlib import Path

from gis.feedback import Feedback, ensure
from gis.stats.report import HazardRow, Report


def _number(v):
    return None if v is None else round(float(v), 2)


def _hazard_rows(rows: list[HazardRow]):
    for i, h in enumerate(rows, 1):
        yield [i, h.code, h.village, h.place, h.description, h.grade, h.status, h.found_on, h.deadline,
               h.days_overdue, h.supervision, h.supervising_unit]


HAZARD_HEADERS = ["序号", "编号", "村（社区）", "地点", "隐患描述", "等级", "状态", "发现日期", "整改期限", "逾期天数",
                  "督办级别", "督办单位"]
HAZARD_WIDTHS = [6, 20, 12, 26, 40, 10, 10, 12, 12, 9, 14, 24]


def write(rep: Report, out: str | Path, feedback: Feedback | None = None) -> Path:
    from openpyxl import Workbook

    from gis.reports.xlsx_sheet import save_workbook, write_table

    feedback = ensure(feedback)
    wb = Workbook()
    wb.remove(wb.active)
    sub = f"{rep.unit}    报告期：{rep.period_text}" + (f"    范围：编码 {rep.within} 以内" if rep.within else "")

    ws = wb.create_sheet("主要指标")
    write_table(ws, f"{rep.title} 主要指标", sub,
                ["指标", "分子", "分母", "本期值", "单位", "目标", "上期值", "较上期", "定义"],
                [20, 10, 10, 10, 7, 10, 10, 14, 60],
                ([k.name, k.numerator, k.denominator, _number(k.value), k.unit, k.target, k.previous, k.change,
                  k.definition] for k in rep.kpis))
    feedback.check()

    def group_sheet(name: str, first: str, kpis, rows, total=None):
        ws = wb.create_sheet(name)
        headers, widths = [first, "编码"], [18, 16]
        for k in kpis:
            if k.is_rate:
                headers += [f"{k.zh}（分子）", f"{k.zh}（分母）", f"{k.zh}（%）"]
                widths += [10, 10, 10]
            else:
                headers.append(k.zh)
                widths.append(10)

        def values(r):
            out = [r.name, r.key]
            for k in kpis:
                c = r.cells[k.id]
                out += [c.numerator, c.denominator, _number(c.value)] if k.is_rate else [c.numerator]
            return out

        write_table(ws, f"{rep.title} {name}", sub, headers, widths,
                    [values(r) for r in rows] + ([values(total)] if total is not None else []))

    group_sheet(f"分{rep.group_zh}", rep.group_zh, rep.group_kpis, rep.groups, rep.group_total)
    group_sheet("分行业", "行业", rep.sector_kpis, rep.sectors)
    feedback.check()
    ws = wb.create_sheet("网格巡查")
    write_table(ws, f"{rep.title} 网格巡查", sub, [rep.group_zh, "编码", "计划点位", "已录入结果", "巡查完成率"],
                [18, 16, 12, 12, 12],
                [[p.name, p.key, p.planned, p.recorded, p.coverage] for p in rep.patrol + [rep.patrol_total]])
    ws = wb.create_sheet("重大隐患和挂牌督办")
    write_table(ws, f"{rep.title} 重大隐患和挂牌督办", sub + f"    共 {len(rep.majors)} 处", HAZARD_HEADERS,
                HAZARD_WIDTHS, _hazard_rows(rep.majors))
    feedback.check()
    ws = wb.create_sheet("逾期隐患")
    write_table(ws, f"{rep.title} 逾期隐患", sub + f"    共 {len(rep.overdue)} 处", HAZARD_HEADERS, HAZARD_WIDTHS,
                _hazard_rows(rep.overdue))
    feedback.check()
    return save_workbook(wb, out, rep.title)
