"""A route sheet printed in the English interface: the vocabulary on it (a stop's category and sector, the start
when it is no site) is English; the project's own data (names, addresses) stays as entered."""
from __future__ import annotations

import subprocess

from sqlalchemy import select

from desktop.printing.batch import BatchRequest, print_sheets
from gis import vocab
from gis.model import PatrolAssignment, PatrolStop, Site
from tests.patrols.test_sheet_pdf import WEEK, planned  # noqa: F401 — the fixture


def test_an_english_sheet_names_categories_sectors_and_start_in_english(planned, tmp_path, english):  # noqa: F811
    from datetime import date

    from gis.hazards import workflow

    with planned.transaction() as s:          # routes that start at no site: they start from the grid's centre
        for a in s.scalars(select(PatrolAssignment)):
            a.start_site_id = None
        site = s.scalar(select(PatrolStop.site_id).limit(1))     # an open hazard at a stop, to recheck there
        workflow.register(s, actor="测试", description="消防通道堆放货物", source="grid_patrol", site_id=site,
                          grade="general", found_on=date(2026, 11, 20), deadline=date(2026, 12, 31))
    out = tmp_path / "sheets.pdf"
    print_sheets(planned, BatchRequest(out=out, period=WEEK.label))
    # in reading order (a cell's wrapped lines follow each other), whitespace as single spaces
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout.split())
    with planned.session() as s:
        stops = s.execute(select(Site.name, Site.category, Site.sector)
                          .join(PatrolStop, PatrolStop.site_id == Site.id)).all()
    assert stops
    for name, category, sector in stops:
        assert name in text                                             # data as entered
        assert vocab.label("site_categories", category, "en") in text
        if sector:
            assert f"({vocab.label('sectors', sector, 'en')})" in text
            assert f"（{vocab.label('sectors', sector, 'zh')}）" not in text   # the checklist items quote it
    assert "Start/end Grid centre" in text and "网格中心" not in text
    assert "(General, due 2026-12-31)" in text and "一般隐患" not in text and "期限" not in text   # the text wraps


def test_an_english_gas_line_sheet_says_its_class_frequency_and_what_lies_along_in_english(tmp_path, english):
    from gis import store
    from gis.patrols import lines
    from gis.patrols.sheets import route_sheets
    from tests.patrols import line_scene
    from tests.patrols.line_scene import B
    from tests.patrols.test_line_sheet import DEC

    project = store.create_project(tmp_path / "line.gridsafe")
    with project.transaction() as s:
        line_scene.build(s)
    lines.plan(project, DEC)
    with project.session() as s:
        ids = [sh.assignment_id for sh in route_sheets(s, DEC.label, kind="line")
               if sh.grid_code == B and sh.day.day == 12]
    out = tmp_path / "line.pdf"
    print_sheets(project, BatchRequest(out=out, period=DEC.label, kind="line", assignment_ids=ids))
    project.close()
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "主干管 (Medium pressure A)" in text and "县燃气公司" in text                    # the project's names as entered
    assert "Daily (Third-party" in text and "works (Warning))" in text   # the frequency wraps in its cell
    assert "Third-party works (Warning)" in text and "works 2026-12-10" in text
    assert text.count("Medium pressure A") == 2                              # the pipeline's class and the legend's
    for chinese in ("中压", "第三方施工", "施工期", "每日", "预警"):
        assert chinese not in text, chinese
