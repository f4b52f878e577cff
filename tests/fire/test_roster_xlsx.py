"""The roster workbook read back with openpyxl."""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime

import openpyxl

from gis.fire import roster
from gis.fire import seasons as forestfire
from gis.fire.roster_xlsx import write_roster
from gis.fire.seasons import CriticalSpan
from gis.model import AdminUnit, Person
from tests.fire.conftest import person


def test_roster_workbook(fire_project, tmp_path):
    out = tmp_path / "值班表.xlsx"
    with fire_project.transaction() as s:
        season = forestfire.plan_season(s, 2026, start=date(2026, 12, 25), end=date(2027, 1, 10),
                                        critical=[CriticalSpan("元旦紧要期", date(2026, 12, 31), date(2027, 1, 2))])
        roster.generate(s, season)
        shift = next(sh for sh in roster.season_shifts(s, season)
                     if sh.post == "district_duty" and sh.starts_at == datetime(2027, 1, 5, 8))
        district = s.get(AdminUnit, shift.admin_unit_id)
        free = next(n for n in ("周大勇", "吴静", "郑海")
                    if roster.shift_on(s, season, person(s, n), date(2027, 1, 5), admin_unit=district) is None)
        roster.change_person(s, shift, person(s, free))
        write_roster(s, season, out)
        shifts = roster.season_shifts(s, season)
        names = {p.id: p.name for p in s.query(Person)}
        expected = Counter(names[sh.person_id] for sh in shifts)

    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["值班表", "排班明细", "值班统计"]
    grid = wb["值班表"]
    assert grid["A1"].value == "2026—2027年度森林防火期值班表"
    header = [c.value for c in grid[4]]
    assert header[:4] == ["姓名", "电话", "次数", "12/25\n五"]
    assert len(header) == 3 + 17
    rows = {r[0]: r for r in grid.iter_rows(min_row=5, values_only=True)}
    assert {k: v[2] for k, v in rows.items()} == dict(expected)
    col_jan5 = header.index("1/5\n二")
    assert rows[free][col_jan5] == "湛河区★"
    critical_cell = grid.cell(4, header.index("1/1\n五") + 1)
    assert critical_cell.fill.fgColor.rgb.endswith("F4B6B6")

    listing = list(wb["排班明细"].iter_rows(values_only=True))
    assert listing[0] == ("日期", "星期", "时段", "开始", "结束", "岗位", "地点", "姓名", "电话", "手工调整")
    assert len(listing) - 1 == len(shifts)
    assert ("2027-01-05", "星期二", "平时", "2027-01-05 08:00", "2027-01-06 08:00", "区级值班", "湛河区", free) == listing[
        next(i for i, r in enumerate(listing) if r[7] == free and r[0] == "2027-01-05")][:8]
    assert sum(1 for r in listing if r[9] == "是") == 1

    counts = {r[0]: r for r in wb["值班统计"].iter_rows(min_row=2, values_only=True)}
    assert {k: v[1] for k, v in counts.items()} == dict(expected)
