"""统计 → 生成报告… in the window on the demo township: the dialog offers the current week, refuses a month for a
weekly report, and with real clicks writes the week's report as docx, PDF and xlsx off the UI thread (the charts
drawn on the UI thread when the task asks), then opens the folder. 导出报告模板… saves the template."""
from __future__ import annotations

from datetime import date

import docx
from PySide6.QtCore import QPoint, Qt

from gis.stats.report_docx import SHIPPED
from tests.windows import open_demo


def _feature(w):
    from desktop.features.reports import ReportsFeature

    (feature,) = [f for f in w.features if isinstance(f, ReportsFeature)]
    return feature


def _action(w, menu_title, text):
    (menu,) = [a.menu() for a in w.menuBar().actions() if a.text() == menu_title]
    (action,) = [a for a in menu.actions() if a.text() == text]
    return action


def _click_box(qtbot, box):
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def test_report_from_the_menu(qtbot, tmp_path, monkeypatch, demo_copy, artifacts):
    import threading

    from desktop import charts
    from desktop.features import reports

    painted_on = []           # the charts are pyqtgraph widgets: drawn on the UI thread though the report is not
    paint = charts.paint
    monkeypatch.setattr(charts, "paint", lambda *a, **k: (painted_on.append(threading.current_thread()),
                                                           paint(*a, **k)))
    opened = []
    monkeypatch.setattr(reports.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    w = open_demo(qtbot, monkeypatch, demo_copy, (1400, 900), operator=False)
    feature = _feature(w)
    _action(w, "统计(&S)", "生成报告…").trigger()
    dialog = feature.dialog
    assert dialog is not None and dialog.isVisible()
    y, wk, _ = date.today().isocalendar()
    assert dialog.report_kind() == "weekly" and dialog.period_label() == f"{y}-W{wk:02d}"   # this week first
    assert dialog.chosen_formats() == ["docx", "pdf"]

    out = tmp_path / "out"           # typed: QTest types ASCII only
    dialog.folder.clear()
    qtbot.keyClicks(dialog.folder, str(out))
    dialog.period.setFocus()
    dialog.period.lineEdit().selectAll()
    qtbot.keyClicks(dialog.period.lineEdit(), "2026-11")
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "周报的时段应写成" in dialog.message.text()      # a month is not a week
    dialog.period.lineEdit().selectAll()
    qtbot.keyClicks(dialog.period.lineEdit(), "2026-W47")
    _click_box(qtbot, dialog.formats["xlsx"])
    assert dialog.chosen_formats() == ["docx", "pdf", "xlsx"]
    assert dialog.grab().save(str(artifacts / "report_dialog.png"))
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: feature.task is None and len(feature.written) == 3, timeout=60_000)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["周报_2026-W47.docx", "周报_2026-W47.pdf", "周报_2026-W47.xlsx"]
    d = docx.Document(out / "周报_2026-W47.docx")
    assert d.paragraphs[0].text == "荆山街道安全生产网格化管理工作周报（2026年第47周）"
    assert len(d.inline_shapes) == 4
    assert opened == [str(out)]
    assert painted_on and set(painted_on) == {threading.main_thread()}
    assert "周报（2026年第47周）" in w.statusBar().currentMessage()
    (menu,) = [a.menu() for a in w.menuBar().actions() if a.text() == "统计(&S)"]
    menu.popup(w.mapToGlobal(QPoint(300, 30)))
    qtbot.waitExposed(menu)
    assert menu.grab().save(str(artifacts / "report_menu.png"))
    menu.close()

    template = tmp_path / "模板.docx"
    assert feature.export_template(str(template)) == template
    assert template.read_bytes() == SHIPPED.read_bytes()
    w.close()
