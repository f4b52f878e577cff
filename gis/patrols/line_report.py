"""巡检长度 report (semi-annual, or any period): patrolled length and coverage of the gas pipelines by pressure
class, by operator and by grid, planned against done line patrols, as xlsx (gis.reports.xlsx_sheet).

Per stretch (a pipeline's part in one grid, gis.patrols.lines): the patrols its rules require from the period's
first day up to the report day (the due days of gis.patrols.rules, running on from the last patrol before the
period), the line patrols planned and done in that time, and the length patrolled (what each result recorded).
A stretch is patrolled as often as its rule requires when the length patrolled ÷ its length ≥ the patrols
required (a half-length patrol counts as half a patrol). Coverage = the length of such stretches ÷ the total
length; gas pipeline outside every grid counts in the total and never as covered (nobody is assigned to it).
Completion (巡检完成率) is graded where coverage is all or nothing per stretch: the length patrolled, at most what
the rule requires of each stretch, ÷ the length the rules require (Σ required patrols × stretch length).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from gis import repo
from gis.model import PatrolAssignment
from gis.patrols import lines
from gis.patrols.periods import Period
from gis.store import Project

COVERAGE_NOTE = ("覆盖率 = 按规则频次完成巡检的管线长度 ÷ 管线总长度。管线按网格切分为管段；一个管段按巡线规则"
                 "（压力级制、高后果区、第三方施工在施期间，取最频繁者）自报告期首日起至统计日应巡 N 次（接续报告期前最后一次巡线推算）；"
                 "报告期内登记的巡检长度之和 ÷ 管段长度 ≥ N 时，该管段计为“按频次巡检”（巡检一半长度计半次）。"
                 "不在任何网格内的管线计入总长度，不计入按频次巡检。巡检长度为巡线结果登记的长度之和（同一管段多次巡检累计）。"
                 "巡检完成率 = 各管段巡检长度（不超过应巡长度）之和 ÷ 应巡长度之和，应巡长度 = 应巡次数 × 管段长度。")
GROUP_HEADERS = [("序号", 6), ("{group}", 26), ("管线长度(公里)", 13), ("应巡次数", 10), ("计划次数", 10),
                 ("完成次数", 10), ("巡检长度(公里)", 13), ("按频次巡检长度(公里)", 16), ("覆盖率(%)", 11),
                 ("巡检完成率(%)", 13)]
DETAIL_HEADERS = [("序号", 6), ("管线", 22), ("压力级制", 9), ("运营单位", 20), ("网格", 22), ("管段长度(米)", 12),
                  ("巡线频次", 30), ("高后果区", 9), ("第三方施工", 20), ("应巡次数", 9), ("计划次数", 9),
                  ("完成次数", 9), ("巡检长度(米)", 12), ("按频次", 8)]
SUMS = ["length_m", "required", "planned", "done", "patrolled_m", "covered_m", "required_m", "credited_m"]


@dataclass
class LengthReport:
    period: Period
    until: date
    stretches: pd.DataFrame      # one row per stretch (+ one per pipeline part outside the grids)
    by_class: pd.DataFrame
    by_operator: pd.DataFrame
    by_grid: pd.DataFrame
    total: dict

    @property
    def coverage(self) -> float:
        return self.total["coverage"]


def _group(st: pd.DataFrame, key: str, order: list | None = None) -> pd.DataFrame:
    g = st.groupby(key, sort=False)[SUMS].sum()
    if order is not None:
        g = g.reindex([k for k in order if k in g.index])
    g = g.reset_index().rename(columns={key: "group"})
    g["coverage"] = _ratio(g["covered_m"], g["length_m"])
    g["completion"] = _ratio(g["credited_m"], g["required_m"])
    return g


def _ratio(part: pd.Series, whole: pd.Series) -> np.ndarray:
    return np.where(whole > 0, part / whole.where(whole > 0, 1), np.nan)


def compute(s: Session, period: Period, *, until: date | None = None, today: date | None = None) -> LengthReport:
    """The report's figures for `period`, counted up to `until` (default: the period's end, or the day before
    `today` when the period is not over: today's patrols may still be under way)."""
    until = min(until or min(period.end, (today or date.today()) - timedelta(days=1)), period.end)
    if until < period.start:
        until = period.start - timedelta(days=1)     # nothing counted yet
    net = lines.load_network(s)
    st = net.stretches.copy()
    days = [d for d in period.days if d <= until]
    last = lines.last_patrols(s, period.start - timedelta(days=1))
    st["required"] = [len(lines.due_days(net, k, days, last.get((int(r.line_id), int(r.grid_id)))))
                      for k, r in enumerate(st.itertuples())]
    st["rule"] = [net.governing(k, days).text if days else net.base_rule(k).text for k in range(len(st))]
    planned = pd.DataFrame(s.execute(
        select(PatrolAssignment.line_id, PatrolAssignment.grid_id, PatrolAssignment.planned_on)
        .where(PatrolAssignment.kind == lines.KIND, PatrolAssignment.planned_on >= period.start,
               PatrolAssignment.planned_on <= until)).all(), columns=["line_id", "grid_id", "day"])
    done = lines.patrol_history(s, until, since=period.start)
    key = ["line_id", "grid_id"]
    st = st.merge(planned.groupby(key).size().rename("planned").reset_index(), on=key, how="left")
    st = st.merge(done.groupby(key).agg(done=("day", "size"), patrolled_m=("patrolled_m", "sum")).reset_index(),
                  on=key, how="left")
    for c in ("planned", "done"):
        st[c] = st[c].fillna(0).astype(int)
    st["patrolled_m"] = st["patrolled_m"].fillna(0.0).astype(float)
    # patrols of one (pipeline, grid) are shared by its parts in proportion to their lengths
    share = st["length_m"] / st.groupby(key)["length_m"].transform("sum")
    st["patrolled_m"] = st["patrolled_m"] * share
    # routes and results are stored to 0.1 m: allow that rounding on each required patrol
    st["covered"] = st["patrolled_m"] + 0.05 * st["required"] + 1e-6 >= st["required"] * st["length_m"]
    st["covered_m"] = np.where(st["covered"], st["length_m"], 0.0)
    st["required_m"] = st["required"] * st["length_m"]
    st["credited_m"] = np.minimum(st["patrolled_m"], st["required_m"])
    works = net.works.groupby("stretch")["name"].agg(lambda x: "、".join(sorted(set(x))))
    st["works"] = [works.get(k, "") for k in range(len(st))]
    pipes = net.pipes.set_index("line_id")
    st["pipe_name"] = pipes.loc[st["line_id"], "name"].fillna("").to_numpy() if len(st) else []
    st["class_zh"] = pipes.loc[st["line_id"], "class_zh"].to_numpy() if len(st) else []
    # what lies outside every grid: per pipeline, its length less its stretches'
    inside = st.groupby("line_id")["length_m"].sum()
    out = net.pipes.assign(length_m=net.pipes["length_m"] - net.pipes["line_id"].map(inside).fillna(0.0))
    out = out[out["length_m"] > 0.5]
    outside = pd.DataFrame({"line_id": out["line_id"], "grid_id": -1, "grid_code": "", "grid_name": lines.NO_GRID,
                            "length_m": out["length_m"], "class_key": out["class_key"], "operator": out["operator"],
                            "hca": [()] * len(out), "required": 0, "planned": 0, "done": 0, "patrolled_m": 0.0,
                            "covered": False, "covered_m": 0.0, "required_m": 0.0, "credited_m": 0.0, "works": "", "rule": "", "pipe_name": out["name"].fillna(""),
                            "class_zh": out["class_zh"]})
    allst = pd.concat([st, outside], ignore_index=True) if len(outside) else st
    allst["grid"] = np.where(allst["grid_code"] != "", allst["grid_name"] + "（" + allst["grid_code"] + "）",
                             lines.NO_GRID)
    class_order = [c.zh for c in net.gas.classes.values()]
    grid_order = sorted(set(allst["grid"]) - {lines.NO_GRID}) + [lines.NO_GRID]
    by_class = _group(allst, "class_zh", class_order)
    by_operator = _group(allst, "operator", sorted(set(allst["operator"])))
    by_grid = _group(allst, "grid", grid_order)
    tot = {c: float(allst[c].sum()) for c in SUMS}
    tot["coverage"] = tot["covered_m"] / tot["length_m"] if tot["length_m"] > 0 else float("nan")
    tot["completion"] = tot["credited_m"] / tot["required_m"] if tot["required_m"] > 0 else float("nan")
    return LengthReport(period, until, allst, by_class, by_operator, by_grid, tot)


def _km(m) -> float:
    return round(float(m) / 1000.0, 3)


def _pct(x) -> float | None:
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else round(100.0 * float(x), 1)


def _group_rows(g: pd.DataFrame, total: dict):
    for i, r in enumerate(g.itertuples(index=False)):
        yield (i + 1, r.group, _km(r.length_m), int(r.required), int(r.planned), int(r.done), _km(r.patrolled_m),
               _km(r.covered_m), _pct(r.coverage), _pct(r.completion))
    yield ("", "合计", _km(total["length_m"]), int(total["required"]), int(total["planned"]), int(total["done"]),
           _km(total["patrolled_m"]), _km(total["covered_m"]), _pct(total["coverage"]), _pct(total["completion"]))


def build(project: Project, period: Period, out: str | Path, *, until: date | None = None,
          today: date | None = None) -> LengthReport:
    """Write the 巡检长度 report of `period` to `out` (xlsx) and return its figures."""
    from openpyxl import Workbook

    from gis.reports.xlsx_sheet import save_workbook, write_table

    with project.session() as s:
        report = compute(s, period, until=until, today=today)
        unit = repo.get_setting(s, "name", project.name)
    when = (today or date.today()).isoformat()
    head = (f"单位：{unit}    报告期：{period.zh}（{period.start:%Y-%m-%d}—{period.end:%Y-%m-%d}）    "
            f"统计截至：{report.until:%Y-%m-%d}    导出日期：{when}    "
            f"管线总长 {_km(report.total['length_m'])} 公里，覆盖率 {_pct(report.coverage)}%，"
            f"巡检完成率 {_pct(report.total['completion'])}%")
    wb = Workbook()
    sheets = (("按压力级制", "压力级制", report.by_class), ("按运营单位", "运营单位", report.by_operator),
              ("按网格", "网格", report.by_grid))
    for n, (name, group, frame) in enumerate(sheets):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = name
        headers = [h.format(group=group) for h, _ in GROUP_HEADERS]
        count = write_table(ws, f"燃气管线巡检长度统计表（{name}）", head, headers, [w for _, w in GROUP_HEADERS],
                            _group_rows(frame, report.total))
        note_row = 3 + count + 2
        ws.cell(note_row, 1, "说明：" + COVERAGE_NOTE)
        ws.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=len(headers))
        from openpyxl.styles import Alignment
        ws.cell(note_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[note_row].height = 75
    ws = wb.create_sheet("管段明细")
    st = report.stretches
    rows = ((i + 1, r.pipe_name, r.class_zh, r.operator, r.grid, round(float(r.length_m), 1), r.rule,
             "、".join(r.hca), r.works, int(r.required), int(r.planned), int(r.done), round(float(r.patrolled_m), 1),
             "是" if r.covered else "否")
            for i, r in enumerate(st.itertuples(index=False)))
    write_table(ws, "燃气管线巡检长度明细（按管段）", head, [h for h, _ in DETAIL_HEADERS], [w for _, w in DETAIL_HEADERS],
                rows)
    save_workbook(wb, out, "燃气管线巡检长度统计表")
    return report
