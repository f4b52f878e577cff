"""The duty roster as an xlsx workbook: a people × days grid (值班表), the list of shifts (排班明细)
and the counts per person (值班统计). Critical days are shaded red, key days yellow, weekends grey.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from gis import vocab
from gis.fire.roster import place_of, season_shifts
from gis.fire.seasons import DayCalendar, season_periods
from gis.model import FireSeason, Person
from gis.reports.cells import append, put
from gis.reports.xlsx_sheet import save_workbook

WEEKDAYS = "一二三四五六日"
FILLS = {
    "critical": PatternFill("solid", fgColor="F4B6B6"),
    "key": PatternFill("solid", fgColor="FFF2B3"),
    "weekend": PatternFill("solid", fgColor="E4E4E4"),
}
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _day_fill(days: DayCalendar, d: date) -> PatternFill | None:
    kind = days.kind_of(d)
    if kind != "normal":
        return FILLS[kind]
    return FILLS["weekend"] if d.weekday() >= 5 else None


def write_roster(s: Session, season: FireSeason, path: str | Path) -> Path:
    path = Path(path)
    days = DayCalendar(season_periods(s, season))
    shifts = season_shifts(s, season)
    people = {p.id: p for p in s.query(Person).filter(Person.id.in_({sh.person_id for sh in shifts}))}
    places = {sh.id: place_of(s, sh) for sh in shifts}
    wb = Workbook()
    _grid(wb.active, season, days, shifts, people, places)
    _list(wb.create_sheet("排班明细"), days, shifts, people, places)
    _counts(wb.create_sheet("值班统计"), days, shifts, people)
    return save_workbook(wb, path)


def _grid(ws, season, days, shifts, people, places) -> None:
    ws.title = "值班表"
    n_days = (season.end_date - season.start_date).days + 1
    all_days = [season.start_date + timedelta(n) for n in range(n_days)]
    put(ws, 1, 1, f"{season.name}值班表{'（含示例数据）' if season.is_demo else ''}").font = Font(bold=True, size=14)
    ws.cell(2, 1, "底色：红＝紧要期，黄＝重点时段，灰＝周末；单元格为值班地点，★ 为手工调整")
    heads = ["姓名", "电话", "次数"]
    for c, h in enumerate(heads, 1):
        put(ws, 4, c, h)
    for i, d in enumerate(all_days):
        cell = ws.cell(4, len(heads) + 1 + i, f"{d.month}/{d.day}\n{WEEKDAYS[d.weekday()]}")
        cell.fill = _day_fill(days, d) or PatternFill()
    cells: dict[int, dict[date, list[str]]] = defaultdict(lambda: defaultdict(list))
    for sh in shifts:
        cells[sh.person_id][sh.starts_at.date()].append(places[sh.id] + ("★" if sh.manual else ""))
    order = sorted(cells, key=lambda pid: (people[pid].name, pid))
    for r, pid in enumerate(order, 5):
        put(ws, r, 1, people[pid].name)
        put(ws, r, 2, people[pid].phone or "")
        ws.cell(r, 3, sum(len(v) for v in cells[pid].values()))
        for d, texts in cells[pid].items():
            col = len(heads) + 1 + (d - season.start_date).days
            cell = put(ws, r, col, "、".join(texts))
            cell.fill = _day_fill(days, d) or PatternFill()
    for row in ws.iter_rows(min_row=4, max_row=4 + len(order), max_col=len(heads) + n_days):
        for cell in row:
            cell.border, cell.alignment = BOX, CENTER
    ws.column_dimensions["A"].width = 10
    ws.column_dimensions["B"].width = 14
    for i in range(n_days):
        ws.column_dimensions[get_column_letter(len(heads) + 1 + i)].width = 9
    ws.freeze_panes = ws.cell(5, len(heads) + 1)


def _list(ws, days, shifts, people, places) -> None:
    heads = ["日期", "星期", "时段", "开始", "结束", "岗位", "地点", "姓名", "电话", "手工调整"]
    append(ws, heads)
    for sh in shifts:
        d = sh.starts_at.date()
        append(ws, [
            d.isoformat(), f"星期{WEEKDAYS[d.weekday()]}", vocab.label("period_kinds", days.kind_of(d)),
            sh.starts_at.strftime("%Y-%m-%d %H:%M"), sh.ends_at.strftime("%Y-%m-%d %H:%M"),
            vocab.label("duty_posts", sh.post), places[sh.id], people[sh.person_id].name,
            people[sh.person_id].phone or "", "是" if sh.manual else "",
        ])
    for i, w in enumerate([12, 8, 10, 17, 17, 12, 16, 10, 14, 9], 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"


def _counts(ws, days, shifts, people) -> None:
    append(ws, ["姓名", "值班次数", "周末及节假日", "重点时段", "紧要期"])
    total, special, kinds = Counter(), Counter(), defaultdict(Counter)
    for sh in shifts:
        d = sh.starts_at.date()
        total[sh.person_id] += 1
        special[sh.person_id] += days.is_special(d)
        kinds[sh.person_id][days.kind_of(d)] += 1
    for pid in sorted(total, key=lambda p: (people[p].name, p)):
        append(ws, [people[pid].name, total[pid], special[pid], kinds[pid]["key"], kinds[pid]["critical"]])
    ws.column_dimensions["A"].width = 10
