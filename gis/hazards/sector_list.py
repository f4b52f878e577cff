"""安全生产专项整治清单 (xlsx): per sector, the 6-column form of seed 001 pre-filled from the checklist
(重点整治内容) and from the project's hazards recorded against each item (the other four columns)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from gis import hazards, repo, vocab
from gis.errors import ValidationError
from gis.feedback import Feedback, ensure
from gis.hazards import checklists, ledger
from gis.reports.xlsx_sheet import save_workbook, write_table
from gis.store import Project

WIDTHS = [6, 48, 40, 36, 14, 24]


def _lines(items: list[str]) -> str:
    return "\n".join(items)


def _numbered(values: list[str]) -> str:
    if len(values) == 1:
        return values[0]
    return _lines([f"{i}. {v}" for i, v in enumerate(values, start=1)])


def _cells(group: pd.DataFrame, grade_table: dict) -> tuple[str, str, str, str]:
    """The four filled columns for the hazards of one checklist row."""
    found, measures, deadlines, who = [], [], [], []
    for r in group.itertuples(index=False):
        state = vocab.label("hazard_statuses", r.status)
        grade = hazards.grade_label(r.grade, grade_table)
        where = f"{r.feature}：" if isinstance(r.feature, str) else ""
        found.append(f"{where}{r.description}（{grade}，{state}）")
        measures.append(r.measures if isinstance(r.measures, str) else "（未定）")
        deadlines.append(r.deadline.strftime("%Y-%m-%d") if not pd.isna(r.deadline) else "（未定）")
        unit = r.site_name if isinstance(r.site_name, str) else ""
        person = r.owner if isinstance(r.owner, str) else ""
        who.append(" ".join(x for x in (unit, person) if x) or "（未定）")
    return _numbered(found), _numbered(measures), _numbered(deadlines), _numbered(who)


def sector_rows(frame: pd.DataFrame, sector: str, grade_table: dict) -> list[tuple]:
    """Rows of one sector's list: every checklist item, then the sector's hazards recorded without one."""
    table = checklists.sector_table(sector)
    mine = frame[frame["sector"] == sector]
    by_item = {k: g for k, g in mine.groupby("checklist_item", observed=True, sort=False)}
    rows = []
    for it in table["items"]:
        group = by_item.get(it["id"])
        filled = _cells(group, grade_table) if group is not None else ("", "", "", "")
        rows.append((it["no"], it["text"], *filled))
    item_ids = {it["id"] for it in table["items"]}
    others = mine[~mine["checklist_item"].isin(item_ids)]
    if len(others):
        rows.append((len(rows) + 1, "其他（未对应清单条目的隐患）", *_cells(others, grade_table)))
    return rows


def build(project: Project, out: Path, *, sectors: list[str] | None = None, today: date | None = None,
          include_closed: bool = True, feedback: Feedback | None = None) -> dict[str, int]:
    """One sheet per sector (all 8 unless `sectors` names some). Returns rows written per sector. `feedback` may
    cancel until the file is written (then nothing is)."""
    known = [t["sector"] for t in checklists.sector_tables()]
    sectors = sectors or known
    bad = [s for s in sectors if s not in known]
    if bad:
        raise ValidationError(f"没有行业领域“{'、'.join(bad)}”的专项整治清单，可选："
                              + "、".join(f"{k}（{vocab.label('sectors', k)}）" for k in known),
                              en=f"There is no special rectification list for sector \"{', '.join(bad)}\"; choose "
                                 "from: " + ", ".join(f"{k} ({vocab.label('sectors', k, 'en')})" for k in known))
    feedback = ensure(feedback)
    feedback.progress(None, "读取隐患台账")
    frame = ledger.load_frame(project, detail=True, feedback=feedback)
    if not include_closed:
        frame = frame[frame["status"] != "closed"]
    with project.session() as s:
        grade_table = hazards.grades(s)
        unit = repo.get_setting(s, "name", project.name)
    wb = Workbook()
    wb.remove(wb.active)
    counts = {}
    when = (today or date.today()).isoformat()
    for k, sector in enumerate(sectors):
        feedback.step(k, len(sectors), vocab.label("sectors", sector))
        table = checklists.sector_table(sector)
        ws = wb.create_sheet(vocab.label("sectors", sector)[:31])
        title = f"{table['title'].removesuffix('方案')}安全生产专项整治清单"
        lead = f"    牵头单位：{table['lead_department']}" if table.get("lead_department") else ""
        counts[sector] = write_table(ws, title, f"填报单位：{unit}{lead}    日期：{when}", checklists.columns(),
                                     WIDTHS, sector_rows(frame, sector, grade_table),
                                     wrap=[False, True, True, True, True, True])
    feedback.check()
    save_workbook(wb, out)
    return counts
