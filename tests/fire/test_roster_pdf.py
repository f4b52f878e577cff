"""The printable roster PDF: Chinese as real text (pdftotext), one row per day, pages numbered."""
from __future__ import annotations

import subprocess
from datetime import date

from desktop.cli import main
from gis import store
from gis.fire import roster
from gis.fire import seasons as forestfire
from gis.fire.roster_table import daily_table
from gis.fire.seasons import CriticalSpan
from tests.fire import world


def _text(pdf) -> str:
    """The text as a reader copies it: no normalising, so radicals in place of 火 or 页 would fail."""
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_daily_table_and_pdf(tmp_path, qapp):
    path = tmp_path / "p.gridsafe"
    with store.create_project(path) as p, p.transaction() as s:
        world.build(s)
        season = forestfire.plan_season(s, 2026, start=date(2026, 12, 1), end=date(2027, 1, 31),
                                        critical=[CriticalSpan("元旦紧要期", date(2026, 12, 31), date(2027, 1, 3))])
        roster.generate(s, season)
        table = daily_table(s, season)
    assert table.columns == ["日期", "星期", "时段", "湛河区", "荆山街道", "张庄村", "张庄临时检查站", "荆山检查站"]
    assert len(table.rows) == 62 and table.kinds[31] == "critical"
    assert table.rows[31][:3] == ["2027-01-01", "五", "元旦紧要期、元旦"]
    assert len(table.rows[31][3].split("、")) == 2  # two on district duty in the critical period
    pdf = tmp_path / "值班表.pdf"
    assert main(["fire", "roster", str(path), "--season", "2026", "--show", "--pdf", str(pdf)]) == 0
    text = _text(pdf)
    assert "2026—2027年度森林防火期值班表" in text
    assert "荆山检查站" in text and "张庄临时检查站" in text and "第 3 页，共 3 页" in text
    assert table.rows[31][3].split("、")[0] in text


def _words(pdf, page: int = 1) -> list[tuple[float, float, str]]:
    """(x centre, y centre, text) of each word on a page, in points (pdftotext -bbox)."""
    import re

    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [((float(a) + float(c)) / 2, (float(b) + float(d)) / 2, t) for a, b, c, d, t in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


def test_demo_roster_pdf_prints_every_name_and_header_whole_in_its_cell(demo_file, tmp_path, qapp):
    """Issue 19: the demo's 16 posts clipped names ("利、宋") and headers ("临时检"). Every header and every cell of
    the first page reads whole inside its own cell (pdftotext's words by position), and every name whole."""
    from PySide6.QtGui import QPdfWriter

    from desktop.printing import roster_pdf
    from desktop.services.fire import export_roster
    from gis.model import FireSeason

    project = store.open_project(demo_file)
    try:
        with project.session() as s:
            season = s.query(FireSeason).order_by(FireSeason.id).first()
            table = daily_table(s, season)
        pdf = export_roster(project, season.id, tmp_path / "值班表.pdf")      # 防火 → 值班表 → 打印 PDF
    finally:
        project.close()
    assert len(table.columns) >= 19 and any("、" in v for r in table.rows for v in r[3:])
    writer = QPdfWriter(str(tmp_path / "metrics.pdf"))
    writer.setResolution(roster_pdf.DPI)
    lay = roster_pdf.layout(table, (297 - 24) * roster_pdf.MM, writer)
    pt = 72 / roster_pdf.DPI                                      # device units → points; the page margin is 12 mm
    left = top = 12 * 72 / 25.4
    edges = [left + sum(lay.widths[:i]) * pt for i in range(len(lay.widths) + 1)]
    words = _words(pdf)

    def cell_text(column: int, y0: float, y1: float) -> str:
        inside = [(y, x, t) for x, y, t in words if edges[column] < x < edges[column + 1] and y0 < y < y1]
        return "".join(t for _, _, t in sorted(inside))

    y = top + roster_pdf.TITLE_H * pt
    rows = [table.columns] + table.rows
    heights = [lay.height(lay.header)] + [lay.height(c) for c in lay.rows]
    checked, used, room = 0, 0.0, (210 - 24) * roster_pdf.MM - roster_pdf.TITLE_H - roster_pdf.FOOTER_H
    for values, h in zip(rows, heights, strict=False):
        used += h
        if used > room:                                         # the first page's rows
            break
        for c, value in enumerate(values):
            assert cell_text(c, y, y + h * pt) == value.replace(" ", ""), (c, value)
        y += h * pt
        checked += 1
    assert checked >= 15
    text = _text(pdf)
    names = {n for r in table.rows[:checked - 1] for v in r[3:] for n in v.split("、") if n}
    assert names and all(n.rstrip("★") in text for n in names)
    for h in table.columns:
        assert h in text.replace("\n", "") or all(part in text for part in lay.header[table.columns.index(h)])
