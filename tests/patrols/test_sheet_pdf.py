"""Route sheet PDFs: title, every stop, headers repeated on every page, real text (pdftotext); batch
one file vs per grid, and cancel."""
from __future__ import annotations

import subprocess
from datetime import date

import pytest
from sqlalchemy import select

from desktop.printing.batch import BatchRequest, print_sheets
from gis import store
from gis.feedback import Cancelled, Feedback
from gis.model import Grid, PatrolAssignment, PatrolStop, Site
from gis.patrols import planning
from gis.patrols.checkpoints import points_for
from gis.patrols.periods import parse_period
from tests.patrols import world

WEEK = parse_period("2026-W48")


def pdf_pages(path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [p for p in out.split("\f") if p.strip()]  # as a reader copies it: no normalising


@pytest.fixture
def planned(tmp_path):
    project = store.create_project(tmp_path / "p.gridsafe")
    with project.transaction() as s:
        world.build(s, extra_sites=6)
    planning.plan(project, WEEK)
    yield project
    project.close()


def test_sheet_has_title_stops_and_real_text(planned, tmp_path, qapp):
    out = tmp_path / "one.pdf"
    files = print_sheets(planned, BatchRequest(out=out, period=WEEK.label))
    assert files == [out]
    pages = pdf_pages(out)
    text = "\n".join(pages)
    assert "安全生产网格化巡查路线单" in text and "410411003001001" in text and "场所名称" in text
    with planned.session() as s:
        names = s.scalars(select(Site.name).join(PatrolStop, PatrolStop.site_id == Site.id)).all()
    assert names and all(n in text for n in names)
    assert "三查三签字" in text and "业主自查认领签字" in text
    assert "第1页共" in pages[0].replace(" ", "")


def test_long_table_repeats_headers_on_every_page(tmp_path, qapp):
    project = store.create_project(tmp_path / "long.gridsafe")
    with project.transaction() as s:
        w = world.build(s, extra_sites=40)
        a = PatrolAssignment(grid_id=w["grids"][world.GRID].id, person_id=w["second"].id, period=WEEK.label,
                             planned_on=date(2026, 11, 24), status="planned")
        s.add(a)
        s.flush()
        s.add_all([PatrolStop(assignment_id=a.id, seq=i + 1, site_id=site.id) for i, site in enumerate(w["extra"])])
    out = tmp_path / "long.pdf"
    print_sheets(project, BatchRequest(out=out, period=WEEK.label))
    pages = pdf_pages(out)
    assert len(pages) >= 3
    for i, page in enumerate(pages):
        assert "场所名称" in page and "检查要点" in page and "待复查隐患" in page
        assert f"第{i + 1}页共{len(pages)}页" in page.replace(" ", "")
    text = "\n".join(pages)
    assert all(f"张庄便利店{i + 1}号" in text for i in range(40))
    assert "续" in pages[1]
    project.close()


def test_batch_one_file_per_grid_and_cancel(planned, tmp_path, qapp):
    with planned.session() as s:
        grids = set(s.scalars(select(Grid.code).join(PatrolAssignment, PatrolAssignment.grid_id == Grid.id)))
    files = print_sheets(planned, BatchRequest(out=tmp_path / "grids", period=WEEK.label, one_file=False))
    assert len(files) == len(grids) and all(f.exists() and f.suffix == ".pdf" for f in files)
    assert all(any(code in f.name for f in files) for code in grids)
    assert all(not set('<>:"/\\|?*') & set(f.name) for f in files)
    single = print_sheets(planned, BatchRequest(out=tmp_path / "single", period=WEEK.label, one_file=True))
    assert len(single) == 1
    seen = []

    def report(fraction, text):   # the user cancels while the first sheet is being printed
        seen.append(text)
        if text.startswith("正在打印巡查路线单"):
            feedback.cancel()

    feedback = Feedback(report)
    with pytest.raises(Cancelled):
        print_sheets(planned, BatchRequest(out=tmp_path / "stop", period=WEEK.label, one_file=False),
                     feedback=feedback)
    assert seen[-1].startswith("正在打印巡查路线单 0/")              # stopped at the first sheet
    assert not list((tmp_path / "stop").glob("*.pdf"))          # nothing half-written is left


def test_checkpoints_by_category_then_sector():
    assert points_for("catering", "gas")[0] == "燃气泄漏报警器有效"
    assert 2 <= len(points_for("unknown", "fire")) <= 3
    assert points_for(None, None)                               # the general points
