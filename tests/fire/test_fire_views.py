"""The fire views: season calendar colours, coverage panel gaps, the 森林防火 menu in the main window."""
from __future__ import annotations

from datetime import date

from gis.fire import seasons as forestfire
from gis.model import Zone


def test_calendar_shows_spring_festival_as_key_period(fire_project, qtbot, monkeypatch):
    from desktop.views.fire.season import COLORS, FireSeasonView

    with fire_project.transaction() as s:
        forestfire.plan_season(s, 2026)
    view = FireSeasonView()
    qtbot.addWidget(view)
    view.year.setValue(2026)
    view.set_project(fire_project)
    assert view.color_of(date(2027, 2, 6)) == COLORS["key"]          # 春节, computed from the lunar calendar
    assert view.color_of(date(2027, 3, 1)) == COLORS["critical"]
    assert view.color_of(date(2026, 11, 20)) == COLORS["season"]
    assert any(view.periods.item(i).text().startswith("春节  2027-02-0") for i in range(view.periods.count()))
    view.period_name.setText("庙会")
    view.period_start.setDate(view.period_start.date().fromString("2026-11-25", "yyyy-MM-dd"))
    view.period_end.setDate(view.period_end.date().fromString("2026-11-26", "yyyy-MM-dd"))
    view.add.click()
    assert view.color_of(date(2026, 11, 25)) == COLORS["key"]
    view.start.setDate(view.start.date().fromString("2027-01-05", "yyyy-MM-dd"))   # a 2026 season must start in 2026
    view.end.setDate(view.end.date().fromString("2027-03-01", "yyyy-MM-dd"))
    from PySide6.QtWidgets import QMessageBox
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: shown.append(a[2])))
    view.save.click()
    assert shown and "2026 年度防火期应从 2026 年开始" in shown[0]


def test_coverage_panel_lists_the_crafted_gap(fire_project, qtbot):
    from desktop.views.fire.coverage import FireCoverageView

    with fire_project.transaction() as s:
        forestfire.plan_season(s, 2026)
        zone_id = s.query(Zone).filter_by(name="荆山林区").one().id
    view = FireCoverageView()
    qtbot.addWidget(view)
    view.set_project(fire_project)
    view.year.setValue(2026)
    view.check.click()
    texts = [view.list.item(i).text() for i in range(view.list.count())]
    assert any(t.startswith("森林防火区“荆山林区”有 ") for t in texts)
    with qtbot.waitSignal(view.gapChosen) as sig:
        view.list.setCurrentRow(next(i for i, t in enumerate(texts) if "荆山林区" in t))
    source, ref, bounds = sig.args
    assert source == "zones" and ref == zone_id and bounds[0] < bounds[2]
