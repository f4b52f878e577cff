"""The 巡检长度 report on the hand-made scene (tests/patrols/line_scene.py) with known lengths and patrols."""
from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from gis.model import PatrolAssignment
from gis.patrols import line_report, lines
from gis.patrols.periods import parse_period
from tests.patrols import line_scene
from tests.patrols.line_scene import B

DEC = parse_period("2026-12")


@pytest.fixture
def patrolled(new_project):
    """December planned; main in A patrolled every time (16), main in B 12 of 13, the yard pipe twice at half
    length; nothing in C (nobody there) and nothing outside the grids."""
    with new_project.transaction() as s:
        w = line_scene.build(s)
    lines.plan(new_project, DEC)
    with new_project.transaction() as s:
        rows = s.scalars(select(PatrolAssignment).where(PatrolAssignment.kind == "line")
                         .order_by(PatrolAssignment.planned_on, PatrolAssignment.id)).all()
        main_b = [a for a in rows if a.line_id == w["pipes"]["main"] and a.grid_id == w["grids"][B].id]
        for a in rows:
            if a.line_id == w["pipes"]["yard"]:
                lines.record_patrol(s, a.id, done_on=a.planned_on, patrolled_m=300)
            elif a.line_id == w["pipes"]["main"] and a is not main_b[-1]:
                lines.record_patrol(s, a.id, done_on=a.planned_on)
    return new_project, w


def test_figures_by_class_operator_and_grid(patrolled):
    project, _w = patrolled
    with project.session() as s:
        r = line_report.compute(s, DEC, until=date(2026, 12, 31))
    assert round(r.total["length_m"], 3) == 3700.0
    assert round(r.total["covered_m"], 3) == 900.0 and round(r.coverage, 4) == round(900 / 3700, 4)
    assert (r.total["required"], r.total["planned"], r.total["done"]) == (16 + 13 + 2 + 5, 31, 16 + 12 + 2)
    assert round(r.total["patrolled_m"], 3) == 16 * 900 + 12 * 900 + 2 * 300
    # completion counts each stretch's patrolled length up to what its rule requires: the yard pipe's two
    # half-length patrols are half of its two required, the north pipe's five required are all missing
    required_m = 16 * 900 + 13 * 900 + 2 * 600 + 5 * 800
    assert r.total["completion"] == pytest.approx((16 * 900 + 12 * 900 + 2 * 300) / required_m)
    assert r.by_grid.set_index("group")["completion"].to_dict()["张庄村第3网格（410411003001003）"] == 0.0

    def table(frame):
        return {row.group: (round(row.length_m, 3), round(row.covered_m, 3), int(row.required), int(row.done))
                for row in frame.itertuples()}

    assert table(r.by_class) == {"低压": (600.0, 0.0, 2, 2), "中压B": (800.0, 0.0, 5, 0),
                                 "中压A": (1800.0, 900.0, 29, 28), "次高压B": (500.0, 0.0, 0, 0)}
    assert list(r.by_class["group"]) == ["低压", "中压B", "中压A", "次高压B"]        # in class order
    assert table(r.by_operator) == {"县燃气公司": (3100.0, 900.0, 34, 28), "燃气二公司": (600.0, 0.0, 2, 2)}
    grids = table(r.by_grid)
    assert grids["张庄村第1网格（410411003001001）"] == (1500.0, 900.0, 18, 18)
    assert grids["张庄村第2网格（410411003001002）"] == (900.0, 0.0, 13, 12)
    assert grids["张庄村第3网格（410411003001003）"] == (800.0, 0.0, 5, 0)
    assert grids[lines.NO_GRID] == (500.0, 0.0, 0, 0)


def test_until_counts_only_the_days_so_far(patrolled):
    project, _w = patrolled
    with project.session() as s:
        r = line_report.compute(s, DEC, until=date(2026, 12, 9))
    # main A: Dec 1, 3, 5, 7, 9; main B: Dec 1, 8; yard: Dec 1; north: Dec 1, 8
    assert r.total["required"] == 5 + 2 + 1 + 2
    # the yard pipe: one half-length patrol of one required is not enough; main A and B are covered so far
    assert round(r.total["covered_m"], 3) == 1800.0


def test_xlsx_in_house_style_with_the_coverage_note(patrolled, tmp_path):
    project, _w = patrolled
    out = tmp_path / "巡检长度.xlsx"
    line_report.build(project, DEC, out, until=date(2026, 12, 31), today=date(2027, 1, 2))
    wb = load_workbook(out)
    assert wb.sheetnames == ["按压力级制", "按运营单位", "按网格", "管段明细"]
    ws = wb["按网格"]
    assert ws["A1"].value == "燃气管线巡检长度统计表（按网格）" and ws.freeze_panes == "A4"
    assert [c.value for c in ws[3]][:3] == ["序号", "网格", "管线长度(公里)"]
    body = [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_row=8)]
    assert body[0][1:] == ["张庄村第1网格（410411003001001）", 1.5, 18, 18, 18, 15.0, 0.9, 60.0,
                           round(100 * (16 * 900 + 2 * 300) / (16 * 900 + 2 * 600), 1)]
    assert body[3][1] == lines.NO_GRID and body[3][9] is None        # nothing required outside the grids
    assert body[4][1] == "合计" and body[4][8] == 24.3 and body[4][9] == 82.4
    note = [c.value for row in ws.iter_rows(min_row=9) for c in row if c.value]
    assert note and note[0].startswith("说明：覆盖率 = 按规则频次完成巡检的管线长度 ÷ 管线总长度")
    detail = wb["管段明细"]
    assert detail.max_row == 3 + 5 and "2026年12月" in wb["按压力级制"]["A2"].value


def test_a_period_not_over_counts_up_to_yesterday(patrolled):
    project, _w = patrolled
    with project.session() as s:
        r = line_report.compute(s, DEC, today=date(2026, 12, 10))
    assert r.until == date(2026, 12, 9)
    assert r.total["required"] == 5 + 2 + 1 + 2        # as counted up to the 9th (see above)
