"""隐患排查治理台账 (xlsx): every hazard with its 五定, state, overdue days and lacking signatures."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook

from gis import hazards, repo, vocab
from gis.hazards import checklists, ledger
from gis.reports.xlsx_sheet import save_workbook, write_table
from gis.store import Project

HEADERS = [
    ("序号", 6), ("隐患编号", 14), ("发现日期", 11), ("发现人", 9), ("隐患来源", 10), ("行业领域", 10),
    ("所在网格", 17), ("隐患地点", 18), ("隐患描述", 36), ("隐患等级", 9), ("清单条目", 20),
    ("整改责任人", 10), ("整改措施", 30), ("整改时限", 11), ("整改完成人", 10), ("整改验收人", 10),
    ("挂牌督办", 14), ("状态", 9), ("逾期天数", 8), ("销号日期", 11), ("尚缺签字", 24),
]


def _dates(series: pd.Series) -> list:
    return [None if pd.isna(v) else v.date() for v in series]


def build(project: Project, out: Path, *, rows: np.ndarray | None = None, today: date | None = None,
          book: ledger.Ledger | None = None) -> int:
    """Write the ledger (all rows, or the given row positions of `book`) to `out`. Returns rows written."""
    book = book or ledger.load(project, today, detail=True)
    rows = book.filter() if rows is None else rows
    f = book.frame.iloc[rows]
    with project.session() as s:
        grade_table = hazards.grades(s)
        unit = repo.get_setting(s, "name", project.name)
    if book.signatures is None:
        book.load_signatures(project)
    labels = {name: vocab.labels(name) for name in ("hazard_sources", "sectors", "hazard_statuses",
                                                    "supervision_levels")}
    found, deadline, closed = _dates(f["found_on"]), _dates(f["deadline"]), _dates(f["closed_on"])
    overdue_days = book.overdue_days[rows]

    def item_text(item_id):
        it = checklists.item(item_id)
        return f"{item_id} {checklists.short_text(it, 24)}" if it else ""

    def txt(v) -> str:
        return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)

    def lab(name, v):
        return labels[name].get(v, v) if txt(v) else ""

    def grid_text(code, name):
        return "" if pd.isna(code) else f"{name}（{code}）"

    table_rows = (
        (i + 1, r.code, found[i], r.found_by, lab("hazard_sources", r.source), lab("sectors", r.sector),
         grid_text(r.grid_code, r.grid_name), r.feature, r.description,
         hazards.grade_label(r.grade, grade_table), item_text(r.checklist_item), r.owner, r.measures, deadline[i],
         r.executor, r.acceptor,
         " ".join(x for x in (lab("supervision_levels", r.supervision_level), txt(r.supervising_unit)) if x),
         lab("hazard_statuses", r.status), int(overdue_days[i]) or None, closed[i],
         book.lacking(int(rows[i])))
        for i, r in enumerate(f.itertuples(index=False))
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "隐患台账"
    when = (today or date.today()).isoformat()
    n = write_table(ws, "隐患排查治理台账", f"单位：{unit}    导出日期：{when}    共 {len(f)} 条",
                    [h for h, _ in HEADERS], [w for _, w in HEADERS], table_rows)
    save_workbook(wb, out, "隐患排查治理台账")
    return n
