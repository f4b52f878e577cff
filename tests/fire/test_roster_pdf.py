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
