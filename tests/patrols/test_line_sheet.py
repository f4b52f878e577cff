"""Route sheets of line patrols: the sheet data (pipeline, class, frequency, length, what lies along the route)
and the PDF (the generalised route sheet), on the line patrol scene."""
from __future__ import annotations

import pytest

from desktop.printing.batch import BatchRequest, print_sheets
from gis.patrols import lines
from gis.patrols.periods import parse_period
from gis.patrols.sheets import route_sheets
from tests.patrols import line_scene
from tests.patrols.line_scene import A, B
from tests.patrols.test_sheet_pdf import pdf_pages

DEC = parse_period("2026-12")


@pytest.fixture
def planned(tmp_path):
    from gis import store

    project = store.create_project(tmp_path / "巡线.gridsafe")
    with project.transaction() as s:
        line_scene.build(s)
    lines.plan(project, DEC)
    yield project
    project.close()


def test_sheet_data_of_a_line_patrol(planned):
    with planned.session() as s:
        sheets = route_sheets(s, DEC.label, kind="line")
    assert len(sheets) == 31 and all(sh.kind == "line" and sh.line is not None for sh in sheets)
    on_12th = next(sh for sh in sheets if sh.grid_code == B and sh.day.day == 12)
    ln = on_12th.line
    assert (ln.name, ln.class_label, ln.operator, round(ln.stretch_m), round(ln.pipeline_m)) == \
        ("主干管", "中压A", "县燃气公司", 900, 1800)
    assert ln.frequency == "每日（第三方施工（预警））"          # the works is active on the 12th
    assert [(st.name, st.category) for st in on_12th.stops] == [("雨污分流施工", "第三方施工（预警）")]
    assert on_12th.stops[0].checkpoints[0] == "核对施工许可与安全保护协议"
    assert "施工期 2026-12-10—2026-12-19" in on_12th.stops[0].address
    on_1st = next(sh for sh in sheets if sh.grid_code == B and sh.day.day == 1)
    assert on_1st.line.frequency.startswith("每周（中压A")
    in_a = next(sh for sh in sheets if sh.grid_code == A and sh.line.name == "主干管")
    assert [(st.name, st.category) for st in in_a.stops] == [("张庄小学", "高后果区Ⅰ级·特定场所")]
    assert in_a.title.startswith("主干管 巡线路线（张庄村第1网格") and in_a.period_zh == "管线巡线 2026年12月"
    yard = next(sh for sh in sheets if sh.line.name == "庭院管")
    assert yard.stops == [] and yard.length_m == 600.0


def test_sheet_data_of_a_line_patrol_in_english(planned):
    """What the sheet composes is English; the project's names, codes and operator stay as entered."""
    with planned.session() as s:
        sheets = route_sheets(s, DEC.label, kind="line", lang="en")
    on_12th = next(sh for sh in sheets if sh.grid_code == B and sh.day.day == 12)
    ln = on_12th.line
    assert (ln.name, ln.class_label, ln.operator) == ("主干管", "Medium pressure A", "县燃气公司")
    assert ln.frequency == "Daily (Third-party works (Warning))"
    assert [(st.name, st.category) for st in on_12th.stops] == [("雨污分流施工", "Third-party works (Warning)")]
    assert on_12th.stops[0].address.startswith("works 2026-12-10—2026-12-19")
    on_1st = next(sh for sh in sheets if sh.grid_code == B and sh.day.day == 1)
    assert on_1st.line.frequency == "Weekly (Medium pressure A)"
    in_a = next(sh for sh in sheets if sh.grid_code == A and sh.line.name == "主干管")
    assert [(st.name, st.category) for st in in_a.stops] == [("张庄小学", "High-consequence area level Ⅰ · specified site")]


def test_line_sheet_pdf(planned, tmp_path, qapp):
    with planned.session() as s:
        ids = [sh.assignment_id for sh in route_sheets(s, DEC.label, kind="line")
               if sh.grid_code == B and sh.day.day == 12 or sh.line.name == "庭院管"]
    out = tmp_path / "巡线.pdf"
    assert print_sheets(planned, BatchRequest(out=out, period=DEC.label, kind="line", assignment_ids=ids)) == [out]
    pages = pdf_pages(out)
    assert len(pages) == 3
    text = "\n".join(pages).replace(" ", "")
    assert text.count("燃气管线巡线路线单") == 3 and "主干管（中压A）" in text and "县燃气公司" in text
    # the frequency names the works rule (a long value wraps in its cell: pdftotext splits it)
    assert "沿线对象" in text and "雨污分流施工" in text and "每日（第三方施工（预" in text and "（预警）" in text
    assert "沿线没有第三方施工、高后果区特定场所和未销号隐患" in text       # the yard pipe's sheets
    assert "实际巡检长度" in text and "全程900米" in text and "全程600米" in text
    assert "巡查点数" not in text and "场所名称" not in text
