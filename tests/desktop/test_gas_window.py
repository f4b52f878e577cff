"""管线安全分析 in the window, on the demo township: the 燃气 menu's run dialog, a dry run that writes nothing,
the real run registering the findings (the hazard ledger and the hazard layer follow its Change), the findings
dock (rows, sorting, kind filter, double-click to the map and on to the hazard; the buffer checks between
sites too: 昌盛网吧 by 曙光小学, 宏达加油站 with a 托育 site inside its 400 m, 明达气体 without its distance),
a second run registering nothing new, and the lists exported from the window. Screens go to tests/_artifacts/
for review."""
from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, QPoint, Qt
from sqlalchemy import func, select

from gis.geo.crs import DISPLAY, STORAGE, transformer
from gis.model import Hazard
from tests.desktop.conftest import ARTIFACTS
from tests.windows import open_demo

ON = date(2026, 11, 22)          # the demo's today: two works are active then
SOURCE = "pipeline_analysis"
SOURCES = (SOURCE, "buffer_analysis")     # 管线安全分析, 周边安全距离分析


@pytest.fixture
def window(qtbot, monkeypatch, demo_copy):
    w = open_demo(qtbot, monkeypatch, demo_copy, (1600, 1000))
    yield w
    if w.project is not None:
        w.project.close()


def feature_of(w, name):
    from desktop.features import gas, hazards

    cls = {"gas": gas.GasFeature, "hazards": hazards.HazardFeature}[name]
    (feature,) = [f for f in w.features if isinstance(f, cls)]
    return feature


def menu_action(w, menu_title, text):
    (menu,) = [a.menu() for a in w.menuBar().actions() if a.text() == menu_title]
    (action,) = [a for a in menu.actions() if a.text() == text]
    return action


def gas_hazards(project) -> dict[str, int]:
    with project.session() as s:
        return dict(s.execute(select(Hazard.code, Hazard.id).where(Hazard.source.in_(SOURCES))).all())


def run_from_menu(w, qtbot, *, dry_run: bool):
    gas = feature_of(w, "gas")
    before = gas.analysed
    menu_action(w, "燃气(&G)", "管线安全分析…").trigger()
    dialog = gas.run_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.on() == date.today() and not dialog.dry_run()          # today, a real run, by default
    dialog.date.setDate(QDate(ON.year, ON.month, ON.day))
    dialog.grab().save(str(ARTIFACTS / "gas_run_dialog.png"))
    if dry_run:
        qtbot.mouseClick(dialog.dry, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.dry.height() // 2))  # the box
        assert dialog.dry_run()
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gas.task is None and gas.analysed is not before, timeout=30_000)
    assert gas.analysed.dry_run == dry_run
    return gas.findings


def table_texts(view, column: int) -> list[str]:
    return [view.proxy.index(i, column).data() for i in range(view.proxy.rowCount())]


def double_click(qtbot, table, row: int, column: int = 0):
    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())   # as a hand does: press first
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_analysis_from_the_menu_into_the_ledger_and_the_findings_dock(window, qtbot, artifacts, tmp_path):
    w = window
    gas, hazards = feature_of(w, "gas"), feature_of(w, "hazards")
    ledger = hazards.ledger
    qtbot.waitUntil(lambda: not ledger.is_loading() and ledger.model.book is not None, timeout=30_000)
    ledger_before = len(ledger.model.book)
    layer_before = len(w.stack.sources["hazards"])
    assert gas_hazards(w.project) == {}

    # a dry run lists the findings and writes nothing
    view = run_from_menu(w, qtbot, dry_run=True)
    assert view.isVisible()
    kinds = table_texts(view, 0)
    assert (kinds.count("占压"), kinds.count("安全间距不足"), kinds.count("第三方施工"), kinds.count("高后果区")) \
        == (12, 3, 2, 6)
    assert (kinds.count("学校周边禁止经营"), kinds.count("危化企业外部安全防护距离")) == (1, 2)
    assert set(table_texts(view, 8)) == {"待登记（试运行）", "不登记（高后果区）", "不登记（参数不全）"}
    assert gas_hazards(w.project) == {}

    # the real run registers the 17 pipeline hazards and the 2 of the site checks; the ledger and the hazard
    # layer follow the announced change
    view = run_from_menu(w, qtbot, dry_run=False)
    registered = gas_hazards(w.project)
    assert len(registered) == 19
    assert sorted(c for c in table_texts(view, 9) if c) == sorted(registered)
    ledger_state = dict(zip(table_texts(view, 9), table_texts(view, 8), strict=True))
    assert {ledger_state[c] for c in registered} == {"新登记"}
    assert len(w.stack.sources["hazards"]) == layer_before + 19
    qtbot.waitUntil(lambda: not ledger.is_loading() and len(ledger.model.book) == ledger_before + 19, timeout=30_000)
    assert set(registered) <= set(ledger.model.book.frame["code"])
    assert "新登记 19 条隐患" in view.summary.text()
    assert "高后果区 6 处；学校周边禁止经营 1 处，危化企业外部安全防护距离内有防护目标 1 处。" in view.summary.text()
    assert "1 家危化企业未填外部安全防护距离" in view.summary.text()

    # the distances as the analysis measured them; sorting by distance puts the 0 m 占压 first, the
    # enterprise without its distance last
    rows = view.shown_rows()
    run = gas.analysed.run
    measured = [(run.site_findings if r.is_site else run.findings)[r.finding].distance_m for r in rows]
    assert [r.distance_m for r in rows] == measured
    view.table.horizontalHeader().setSortIndicator(4, Qt.SortOrder.AscendingOrder)
    distances = [r.distance_m for r in view.shown_rows()]
    assert distances[:-1] == sorted(distances[:-1]) and distances[0] == 0.0 and distances[-1] is None

    # filter by kind
    view.kind_box.setCurrentIndex(view.kind_box.findData("third_party_works"))
    assert table_texts(view, 0) == ["第三方施工", "第三方施工"]
    assert sorted(table_texts(view, 6)) == ["报警", "预警"]
    view.kind_box.setCurrentIndex(view.kind_box.findData("school_zone"))
    assert [table_texts(view, c) for c in (0, 1, 2, 3, 6, 7, 8)] == [
        ["学校周边禁止经营"], ["—"], ["—"], ["昌盛网吧 ↔ 曙光小学"], ["网吧"], ["一般隐患"], ["新登记"]]
    assert table_texts(view, 9) == [view.row_at(0).hazard_code] and view.row_at(0).hazard_code in registered
    view.kind_box.setCurrentIndex(view.kind_box.findData("external_distance"))
    ed = {view.proxy.index(i, 3).data(): [view.proxy.index(i, c).data() for c in (4, 5, 6, 8, 10)]
          for i in range(view.proxy.rowCount())}
    assert ed == {"宏达加油站 ↔ 裕丰课后托管中心": ["367.84", "400", "防护距离内", "新登记", ""],
                  "平顶山市明达气体有限公司": ["", "", "参数不全", "不登记（参数不全）", "参数不全（缺外部安全防护距离）"]}
    view.kind_box.setCurrentIndex(0)
    assert view.proxy.rowCount() == 26

    w.canvas.repaint()
    assert w.grab().save(str(artifacts / "gas_findings_window.png"))
    dock = gas.findings_dock
    dock.setFloating(True)          # the dock on its own, wide, for review
    dock.resize(1500, 520)
    qtbot.waitUntil(lambda: dock.width() >= 1200)
    assert dock.grab().save(str(artifacts / "gas_findings_dock.png"))
    view.table.scrollToBottom()                 # the site checks, last in the run's order
    assert dock.grab().save(str(artifacts / "gas_findings_dock_sites.png"))
    dock.setFloating(False)

    # a double-click shows the finding on the map: its hazard selected and identified, the map around it
    view.kind_box.setCurrentIndex(view.kind_box.findData("third_party_works"))
    row = view.row_at(0)
    double_click(qtbot, view.table, 0)
    hz = w.stack.sources["hazards"]
    shown = w.identify_panel.current
    assert shown is not None and shown[0] == "hazards" and int(hz.layer.ids[shown[1]]) == row.hazard_id
    x, y = transformer(STORAGE, DISPLAY).transform(row.lon, row.lat)
    v = w.canvas.view
    minx, miny, maxx, maxy = v.extent()
    works = w.stack.sources["works"]
    (selected,) = w.canvas.selection["works"]
    assert works.layer.ids[selected] == row.feature_id
    wx0, wy0, wx1, wy1 = works.feature_bounds[selected]
    assert minx < min(x, wx0) and max(x, wx1) < maxx and miny < min(y, wy0) and max(y, wy1) < maxy   # both in view
    assert v.resolution < 2.0                                    # a street scale, not the township
    assert w.stack.layer("gas_control").visible and w.stack.layer("gas_protection").visible
    qtbot.waitUntil(w.canvas._current, timeout=10_000)   # the map drawn for the new view (not the preview)
    w.canvas.repaint()
    assert w.grab().save(str(artifacts / "gas_finding_on_the_map.png"))
    # …where the identify panel's 隐患台账… opens that hazard
    qtbot.mouseClick(hazards.ledger_button, Qt.MouseButton.LeftButton)
    assert hazards.forms and hazards.forms[-1].hazard_id == row.hazard_id
    hazards.forms[-1].close()

    # a high-consequence finding is not a hazard: the special site is shown, with the pipeline its distance away
    view.kind_box.setCurrentIndex(view.kind_box.findData("high_consequence"))
    far = max(range(view.proxy.rowCount()), key=lambda i: view.row_at(i).distance_m)
    site = view.row_at(far)
    assert site.hazard_id is None and site.distance_m > 100
    double_click(qtbot, view.table, far)
    shown = w.identify_panel.current
    assert shown[0] == "sites" and int(w.stack.sources["sites"].layer.ids[shown[1]]) == site.feature_id
    minx, miny, maxx, maxy = w.canvas.view.extent()
    x, y = transformer(STORAGE, DISPLAY).transform(site.lon, site.lat)
    reach = site.distance_m * 1.2            # Web Mercator metres, at least, for that many ground metres
    assert minx < x - reach and x + reach < maxx and miny < y - reach and y + reach < maxy

    # a school-zone finding: its hazard (on the café) identified, the café and the school selected, both in view
    view.kind_box.setCurrentIndex(view.kind_box.findData("school_zone"))
    cafe = view.row_at(0)
    double_click(qtbot, view.table, 0)
    shown = w.identify_panel.current
    assert shown[0] == "hazards" and int(hz.layer.ids[shown[1]]) == cafe.hazard_id
    sites = w.stack.sources["sites"]
    assert sorted(int(sites.layer.ids[i]) for i in w.canvas.selection["sites"]) == sorted([cafe.site_id, cafe.feature_id])
    minx, miny, maxx, maxy = w.canvas.view.extent()
    for i in w.canvas.selection["sites"]:
        sx0, sy0, sx1, sy1 = sites.feature_bounds[i]
        assert minx < sx0 and sx1 < maxx and miny < sy0 and sy1 < maxy
    assert w.canvas.view.resolution < 2.0
    qtbot.waitUntil(w.canvas._current, timeout=10_000)
    w.canvas.repaint()
    assert w.grab().save(str(artifacts / "gas_school_zone_on_the_map.png"))
    # …and an enterprise without its external distance (no hazard, no other site): the enterprise itself
    view.kind_box.setCurrentIndex(view.kind_box.findData("external_distance"))
    (k,) = [i for i in range(view.proxy.rowCount()) if view.row_at(i).hazard_id is None]
    plant = view.row_at(k)
    double_click(qtbot, view.table, k)
    shown = w.identify_panel.current
    assert shown[0] == "sites" and int(sites.layer.ids[shown[1]]) == plant.site_id

    # a second run registers nothing new: every recorded finding is already open in the ledger
    view.kind_box.setCurrentIndex(0)
    view = run_from_menu(w, qtbot, dry_run=False)
    assert gas_hazards(w.project) == registered
    assert len(gas.analysed.summary.new) == 0 and len(gas.analysed.summary.still_open) == 19
    assert {s for s, c in zip(table_texts(view, 8), table_texts(view, 9), strict=True) if c} == {"已在台账"}
    with w.project.session() as s:
        assert s.scalar(select(func.count()).select_from(Hazard).where(Hazard.source == SOURCE)) == 17

    # the lists of the run on screen, from the window (off the UI thread)
    out = tmp_path / "燃气管线安全清单.xlsx"
    gas.export_lists(str(out))
    qtbot.waitUntil(lambda: gas.task is None, timeout=30_000)
    wb = load_workbook(out)
    assert wb.sheetnames == ["占压", "安全间距不足", "第三方施工", "高后果区", "学校周边禁止经营", "危化企业外部安全防护距离"]
    codes = [c for ws in wb.worksheets if ws.title != "高后果区" for c in _column(ws, "隐患编号") if c]
    assert sorted(codes) == sorted(registered)
    assert _column(wb["学校周边禁止经营"], "经营场所") == ["昌盛网吧"]
    assert set(_column(wb["占压"], "台账状态")) == {"已在台账"}


def _column(ws, header: str) -> list:
    headers = [c.value for c in ws[3]]
    col = headers.index(header) + 1
    return [ws.cell(r, col).value for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value is not None]


def test_a_disappeared_finding_is_listed_not_closed(window, qtbot):
    """A building over a pipeline is registered, then removed: the next run lists its open hazard under 未再发现;
    the hazard stays open; a double-click on it shows it on the map."""
    from gis.model import Building

    w = window
    gas = feature_of(w, "gas")
    run_from_menu(w, qtbot, dry_run=False)
    rows = gas.analysed.rows()
    occ = rows[0]
    assert occ.kind == "occupation" and occ.hazard_id is not None
    on_it = sorted(r.hazard_id for r in rows if r.kind in ("occupation", "clearance") and r.feature_id == occ.feature_id)
    with w.project.transaction() as s:
        s.delete(s.get(Building, occ.feature_id))
    view = run_from_menu(w, qtbot, dry_run=False)
    assert sorted(g.hazard_id for g in view.gone) == on_it
    assert view.tabs.tabText(1) == f"未再发现 ({len(on_it)})"
    assert view.gone_model.index(0, 0).data() == next(g.hazard_code for g in view.gone)
    with w.project.session() as s:
        assert s.get(Hazard, occ.hazard_id).status == "registered"
    view.tabs.setCurrentIndex(1)
    double_click(qtbot, view.gone_table, 0)
    shown = w.identify_panel.current
    assert shown[0] == "hazards" and int(w.stack.sources["hazards"].layer.ids[shown[1]]) == occ.hazard_id
    assert np.isfinite(w.canvas.view.cx)
