"""Run by test_map_usability.py in a Qt whose one screen is a 1366×768 laptop's less a 40 px taskbar (as
fit_screens.py): the 工作态势 dock shows its table and charts without scrolling, the status bar's labels fit.
Not collected on its own (no test_ prefix). GRIDSAFE_FIT_DEMO: a demo project made by the calling process (read only)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from tests.desktop.fit_screens import _screen, _window

ARTIFACTS = Path(__file__).resolve().parents[1] / "_artifacts"
SIZE = os.environ.get("GRIDSAFE_FIT_SCREEN", "")


@pytest.fixture
def demo(request):
    return os.environ.get("GRIDSAFE_FIT_DEMO") or request.getfixturevalue("demo_file")


def test_status_bar_and_dashboard_fit(qtbot, monkeypatch, demo):
    from PySide6.QtWidgets import QLabel

    assert QApplication.primaryScreen().geometry() == _screen(), "run through test_map_usability.py"
    w = _window(qtbot, monkeypatch, demo)
    qtbot.mouseMove(w.canvas, w.canvas.rect().center())          # the position shows
    bar = w.statusBar()
    qtbot.wait(50)
    ARTIFACTS.mkdir(exist_ok=True)
    bar.grab().save(str(ARTIFACTS / f"m-fit-{SIZE}-statusbar.png"))
    permanent = [c for c in bar.findChildren(QWidget) if c.parent() is bar and c.isVisible() and c.x() > 0]
    problems = []
    for c in permanent:
        text = c.text() if isinstance(c, (QLabel, QAbstractButton)) else ""
        need = c.fontMetrics().horizontalAdvance(text) if text else 0
        elided = getattr(c, "is_elided", lambda: False)()
        if need > c.contentsRect().width() and not (elided and text in c.toolTip()):
            problems.append(f"“{text}” {c.width()} px, needs {need}")
    assert not problems, "状态栏文字被截断：" + "；".join(problems)
    room = min(c.x() for c in permanent)      # what a message (工作提醒：…, 已保存…) has on the left
    assert room >= 380, f"状态栏消息只有 {room} px"

    # 统计 → 工作态势
    feature = next(f for f in w.features if type(f).__name__ == "Dashboard")
    feature.show()
    view = feature.view
    qtbot.waitUntil(lambda: view.table is not None and not view.is_loading(), timeout=30000)
    qtbot.wait(100)
    w.grab().save(str(ARTIFACTS / f"m-fit-{SIZE}-dashboard.png"))
    # the table and the charts show without scrolling, beside each other under one-line tiles
    assert not view.scroll.verticalScrollBar().isVisible(), "工作态势需要滚动才能看到表格和图表"
    port = view.scroll.viewport()

    def seen(widget) -> bool:
        return widget.isVisible() and port.rect().contains(QRect(widget.mapTo(port, QPoint(0, 0)), widget.size()))
    assert seen(view.table_view) and view.table_view.viewport().height() >= 40
    charts = [v for v in view.chart_views if not v.isHidden()]
    assert charts and all(seen(v) and v.height() >= 100 for v in charts)
    assert all(seen(tile) and tile.compact for tile in view.tiles.values())


