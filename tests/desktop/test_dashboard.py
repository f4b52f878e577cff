"""工作态势 in the window on the demo township: this month's figures as `gridsafe stats` counts them (and as plain
SQL counts them), the worst grid's overdue number clicked into the ledger, a bar of the sector chart clicked,
a KPI drawn on the map and a grid of it clicked, and the tiles following a new hazard."""
from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from gis.changes import Change
from gis.hazards import workflow
from gis.patrols.periods import parse_period
from gis.stats import compute, kpis, records
from tests.windows import open_demo

TODAY = date(2026, 11, 22)          # the demo's today
MONTH = parse_period("2026-11")
END = MONTH.end.isoformat()
OPEN_AT_END = f"h.found_on <= '{END}' AND (h.closed_on IS NULL OR h.closed_on > '{END}')"


@pytest.fixture
def window(qtbot, monkeypatch, demo_copy):
    monkeypatch.setattr("desktop.views.stats.dashboard.date", _Today)   # the dashboard's "this month"
    w = open_demo(qtbot, monkeypatch, demo_copy, (1400, 900), operator=False)
    yield w
    w.close()


class _Today(date):
    @classmethod
    def today(cls):
        return TODAY


def feature_of(w, name: str):
    return next(f for f in w.features if type(f).__name__ == name)


def sql(project, query: str) -> list[tuple]:
    with project.engine.connect() as c:
        return [tuple(r) for r in c.exec_driver_sql(query)]


def open_dashboard(qtbot, w):
    """From the 统计 menu, as a user does; returns the view once its records are loaded."""
    menu = next(a.menu() for a in w.menuBar().actions() if a.menu() is not None and a.text() == "统计(&S)")
    action = next(a for a in menu.actions() if a.text() == "工作态势")
    action.trigger()
    feature = feature_of(w, "Dashboard")
    view = feature.view
    qtbot.waitUntil(lambda: view.table is not None and not view.is_loading(), timeout=30000)
    return feature, view


def ledger_ids(qtbot, w) -> list[int]:
    ledger = feature_of(w, "HazardFeature").ledger
    qtbot.waitUntil(lambda: ledger.model.book is not None and not ledger.is_loading(), timeout=30000)
    return sorted(int(i) for i in ledger.model.book.frame["id"].to_numpy()[ledger.model.rows])


def test_dashboard_figures_click_through_map_and_updates(qtbot, window, artifacts, capsys):
    from desktop.cli import main

    w = window
    feature, view = open_dashboard(qtbot, w)
    assert view.period == MONTH                               # this month by default
    defs = kpis.load(w.project)
    recs = records.load(w.project)
    expected = compute.evaluate(recs, defs, MONTH)
    capsys.readouterr()
    assert main(["stats", str(w.project.url).removeprefix("sqlite:///"), "--period", "2026-11", "--json"]) == 0
    cli = {k["id"]: k["total"] for k in json.loads(capsys.readouterr().out)["kpis"]}
    for kpi in defs.kpis:
        tile, cell = view.tiles[kpi.id], expected.total(kpi.id)
        assert tile.value.text() == kpis.format_value(kpi, cell.value) == cli[kpi.id]["text"], kpi.id
        assert tile.toolTip().split("\n")[0] == kpi.formula()   # the definition on hover
        if kpi.is_rate:
            assert tile.detail.text() == f"{cell.numerator}/{cell.denominator}"
    # and as plain SQL counts them
    (registered, closed), = sql(w.project, f"SELECT count(*), count(CASE WHEN closed_on <= '{END}' THEN 1 END) "
                                           f"FROM hazard WHERE found_on <= '{END}'")
    (overdue,), = sql(w.project, f"SELECT count(*) FROM hazard h WHERE {OPEN_AT_END} AND h.deadline < '{END}'")
    assert view.tiles["rectification_rate"].detail.text() == f"{closed}/{registered}"
    assert view.tiles["overdue"].value.text() == str(overdue) and overdue > 0
    assert view.tiles["overdue"].standing == "bad"
    # a tile clicked: the hazards not rectified by the month's end
    qtbot.mouseClick(view.tiles["rectification_rate"], Qt.MouseButton.LeftButton)
    want = sorted(r[0] for r in sql(w.project, f"SELECT h.id FROM hazard h WHERE {OPEN_AT_END}"))
    assert ledger_ids(qtbot, w) == want and len(want) == registered - closed

    # by grid: the worst grid's overdue number, clicked, lists exactly its overdue hazards
    view.by_box.setCurrentIndex(view.by_box.findData("grid"))
    assert view.table.by == "grid" and len(view.table.groups) > 50
    table = view.table_view
    column = 1 + [k.id for k in defs.kpis].index("overdue")
    header = table.horizontalHeader()
    for _ in range(2):                                        # a header click sorts; the second reverses
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2,
                                    header.height() // 2))
        if view.model.sort_key == (column, False):
            break
    assert view.model.sort_key == (column, False)
    worst = view.model.group_at(0)
    counts = view.table.numerators["overdue"]
    assert counts[int(view.model.order[0])] == counts.max() > 0
    rect = table.visualRect(view.model.index(0, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    want = sorted(r[0] for r in sql(w.project, (
        f"SELECT h.id FROM hazard h LEFT JOIN site s ON s.id = h.site_id JOIN grid g "
        f"ON g.id = COALESCE(h.grid_id, s.grid_id) WHERE {OPEN_AT_END} AND h.deadline < '{END}' "
        f"AND g.code = '{worst.key}'")))
    assert len(want) == counts.max()
    assert ledger_ids(qtbot, w) == want
    ledger = feature_of(w, "HazardFeature").ledger
    assert worst.name in ledger.feature_label.text() and ledger.feature_label.isVisible()

    # a bar of the sector chart: that sector's overdue hazards
    n = next(i for i, c in enumerate(view.charts) if c.axis == "group" and c.by == "sector")
    chart, chart_view = view.charts[n], view.chart_views[n]
    k = int(np.argmax([v or 0 for v in chart.series[0].values]))
    assert chart.series[0].kpi == "overdue"
    qtbot.mouseClick(chart_view.viewport(), Qt.MouseButton.LeftButton,
                     pos=chart_view.point_of(k, 0))
    sector = chart.keys[k]
    want = sorted(r[0] for r in sql(w.project, (
        f"SELECT h.id FROM hazard h WHERE {OPEN_AT_END} AND h.deadline < '{END}' AND h.sector = '{sector}'")))
    assert ledger_ids(qtbot, w) == want and len(want) == chart.series[0].values[k]

    feature.dock.setFloating(True)
    feature.dock.resize(1400, 900)
    qtbot.wait(50)
    feature.dock.grab().save(str(artifacts / "dashboard_demo.png"))
    feature.dock.setFloating(False)

    # overdue on the map, by grid: the worst grid drawn in the worst class; a click on it opens its hazards
    view.map_box.setCurrentIndex(view.map_box.findData("overdue"))
    qtbot.mouseClick(view.map_button, Qt.MouseButton.LeftButton)
    stack, canvas = w.stack, w.canvas
    layer = stack.layer("kpi_choropleth")
    grids = stack.sources["grids"]
    row = int(np.flatnonzero(grids.attrs["code"].astype(str).to_numpy() == worst.key)[0])
    cls = int(layer.classes[row])
    assert cls == (4 if counts.max() > 10 else 3) and layer.style.categories[cls].label in ("10 以上", "6–10")
    legend = [label for label, _s in layer.style.legend()]
    assert legend == ["0", "1–2", "3–5", "6–10", "10 以上", "无数据"]
    for other in stack.vector_layers():
        if other.id != "kpi_choropleth":
            stack.set_visible(other.id, False)
    canvas.zoom_to_feature("grids", row, select=False)
    inside = shapely.point_on_surface(grids.geoms[row])
    fill = QColor(layer.style.categories[cls].symbol.fill)           # #aarrggbb over the map's background
    bg, a = canvas.renderer.background, fill.alphaF()
    want_rgb = [round(c * a + b * (1 - a)) for c, b in zip((fill.red(), fill.green(), fill.blue()),
                                                            (bg.red(), bg.green(), bg.blue()))]

    def off_by() -> int:       # the rendered colour inside the grid against the class's fill (a busy machine renders late)
        sx, sy = (float(v) for v in canvas.view.to_screen(inside.x, inside.y))
        image = canvas.grab().toImage()
        colour = QColor(image.pixel(round(sx * image.width() / canvas.width()),
                                    round(sy * image.height() / canvas.height())))
        return max(abs(x - y) for x, y in zip((colour.red(), colour.green(), colour.blue()), want_rgb))

    qtbot.waitUntil(lambda: off_by() <= 4, timeout=10_000)
    for other in stack.vector_layers():
        stack.set_visible(other.id, True)
    canvas.zoom_full()
    qtbot.wait(50)
    w.grab().save(str(artifacts / "dashboard_choropleth.png"))
    # a click on the grid on the map: identify shows it, 本指标明细… opens its overdue hazards
    for other in stack.vector_layers():
        if other.id not in ("kpi_choropleth",):
            stack.set_visible(other.id, False)
    canvas.zoom_to_feature("grids", row, select=False)
    qtbot.wait(50)
    sx, sy = (float(v) for v in canvas.view.to_screen(inside.x, inside.y))
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(sx), round(sy)))
    qtbot.waitUntil(lambda: w.identify_panel.current is not None)
    assert w.identify_panel.current == ("grids", row)
    button = feature.identify_button
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert ledger_ids(qtbot, w) == sorted(r for r in compute.members(
        recs, defs, "overdue", MONTH, group=worst.key, by="grid").ids.tolist())
    # the map follows the dashboard: another period redraws it with that period's values
    qtbot.mouseClick(view.prev_button, Qt.MouseButton.LeftButton)
    october = compute.evaluate(recs, defs, "2026-10", "grid")
    layer = stack.layer("kpi_choropleth")
    assert "2026年10月" in layer.title and view.period.label == "2026-10"
    assert layer.source.attrs["kpi_value"].iat[row] == october.cell("overdue", worst.key).value
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.unmap_button, Qt.MouseButton.LeftButton)
    assert "kpi_choropleth" not in [lay.id for lay in stack.layers]

    # a change: a hazard registered today reaches the tiles (records reloaded off the UI thread)
    before = int(view.table.total("registered").numerator)
    with w.project.transaction() as s:
        grid_id = sql(w.project, f"SELECT id FROM grid WHERE code = '{worst.key}'")[0][0]
        person = sql(w.project, "SELECT name FROM person ORDER BY id LIMIT 1")[0][0]
        h = workflow.register(s, actor=person, description="配电箱无防护", source="grid_patrol", found_on=TODAY,
                              grid_id=grid_id, sector="industry_trade")
        hid = h.id
    w.events.announce(Change.of("hazards", hazards=[hid]))
    qtbot.waitUntil(lambda: not view.is_loading() and view.table.total("registered").numerator == before + 1,
                    timeout=30000)
    assert view.tiles["registered"].value.text() == str(before + 1)


def test_scope_stops_and_enterprises(qtbot, window):
    w = window
    feature, view = open_dashboard(qtbot, w)
    # another statistics feature asking for the menu by its plain title gets this one (工作日历 beside 工作态势)
    menus = len(w.menuBar().actions())
    assert feature.action in w.shell.feature_menu("统计").actions() and len(w.menuBar().actions()) == menus
    # a double-click on a township's name: its villages; on a village's: its grids, the tiles counting only them
    view.by_box.setCurrentIndex(view.by_box.findData("township"))
    table = view.table_view

    def double_click_first_name() -> None:     # as a mouse does it: press, release, then the double click
        pos = table.visualRect(view.model.index(0, 0)).center()
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)

    double_click_first_name()
    assert view.by == "village" and view.within == view.model.table.within == view.scope_box.itemData(1)
    village = view.model.group_at(0)
    double_click_first_name()
    code = village.key
    assert view.by == "grid" and view.within == code and view.scope_box.currentText() == "　" + village.name
    assert all(g.key.startswith(code) for g in view.table.groups)
    inside = compute.evaluate(view.recs, view.defs, MONTH, within=code)
    assert view.within == code and view.table.within == code
    for kpi in view.defs.kpis:
        assert view.tiles[kpi.id].value.text() == kpis.format_value(kpi, inside.total(kpi.id).value)
    (n,), = sql(w.project, f"SELECT count(*) FROM hazard h LEFT JOIN site s ON s.id = h.site_id JOIN grid g "
                           f"ON g.id = COALESCE(h.grid_id, s.grid_id) WHERE {OPEN_AT_END} "
                           f"AND h.deadline < '{END}' AND g.code LIKE '{code}%'")
    assert view.tiles["overdue"].value.text() == str(n)
    view.scope_box.setCurrentIndex(0)

    # enterprises that did not report: exactly those in the self-check register, for the dashboard's period
    qtbot.mouseClick(view.tiles["self_check_coverage"], Qt.MouseButton.LeftButton)
    cats = ",".join(f"'{c}'" for c in view.defs.enterprise_categories)
    start, end = view.period.start.isoformat(), view.period.end.isoformat()
    want = {r[0] for r in sql(w.project, f"SELECT id FROM site WHERE category IN ({cats}) AND status <> 'closed' "
                                         f"AND id NOT IN (SELECT site_id FROM self_check_report "
                                         f"WHERE reported_on BETWEEN '{start}' AND '{end}')")}
    register = w.shell.dock("self_checks").view()
    qtbot.waitUntil(lambda: set(register.shown_sites()) == want, timeout=10_000)
    assert 0 < len(want) < 530

    # patrol stops: their assignments in the patrol list
    view.set_period("2026-W47")
    view.by_box.setCurrentIndex(view.by_box.findData("grid"))
    planned = view.table.denominators["patrol_coverage"]
    g = view.table.groups[int(np.argmax(planned))]
    members = compute.members(view.recs, view.defs, "patrol_coverage", view.period, group=g.key, by="grid",
                              part="denominator")
    assert len(members.ids) == planned.max() > 0
    feature.show_stops(members.ids, members.title)
    listing = feature_of(w, "Patrols").assignments
    ids = ",".join(str(int(i)) for i in members.ids)
    want = sorted(r[0] for r in sql(w.project, f"SELECT DISTINCT assignment_id FROM patrol_stop WHERE id IN ({ids})"))
    assert sorted(r["id"] for r in listing.rows) == want and listing.clear_filter.isVisible()
