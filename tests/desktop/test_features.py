"""Feature modules plug into the main window through the shell (desktop/shell.py) without editing it."""
from __future__ import annotations

import sys
import types

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop import features, main_window
from desktop.shell import LazyDock, WindowInterface
from gis import store
from gis.changes import Change
from tests import smallworld


def test_feature_module_gets_menu_lazy_dock_events_and_identify_action(qtbot, tmp_path, monkeypatch):
    seen = {"opened": [], "changed": [], "identify": [], "built": 0, "views": []}

    def make_view():
        seen["built"] += 1
        return QLabel("视图")

    def install(shell):
        assert isinstance(shell, WindowInterface)
        menu = shell.feature_menu("隐患(&Z)")
        menu.addAction("隐患台账")
        shell.events.opened.connect(lambda project: seen["opened"].append(project.name))
        shell.events.changed.connect(lambda change: seen["changed"].append(change.kinds))
        dock = shell.add_dock("台账", "fake_ledger", make_view, Qt.DockWidgetArea.BottomDockWidgetArea,
                              hidden=True, kinds=("hazards",),
                              on_open=lambda view, project: seen["views"].append(("open", project.name)),
                              on_change=lambda view, change: seen["views"].append(("change", change.kinds)))
        button = shell.add_identify_action("台账…", "此要素的台账", lambda source, row: seen["identify"].append(
            (source, row, shell.feature_name(source, row))))
        return {"dock": dock, "button": button}

    module = types.ModuleType("tests_fake_feature")
    module.install = install
    monkeypatch.setitem(sys.modules, "tests_fake_feature", module)
    monkeypatch.setattr(features, "FEATURES", ["tests_fake_feature"])

    path = tmp_path / "w.gridsafe"
    with store.create_project(path) as p, p.transaction() as s:
        smallworld.build(s)
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    (kept,) = w.features
    dock, button = kept["dock"], kept["button"]
    assert isinstance(dock, LazyDock) and dock.objectName() == "dock_fake_ledger"
    titles = [a.text() for a in w.menuBar().actions()]
    assert titles.index("隐患(&Z)") == titles.index("帮助(&H)") - 1
    assert w.feature_menu("隐患(&Z)") is w.feature_menu("隐患(&Z)")

    assert w.open_project(str(path))
    assert seen["opened"] == ["w"]
    assert seen["built"] == 0 and dock.widget() is None           # a hidden dock builds nothing
    w.events.announce(Change.of("hazards", hazards=[1]))
    assert seen["changed"] == [frozenset({"hazards"})] and seen["views"] == []

    dock.show()                                                    # first shown: built and shown the project
    qtbot.waitUntil(lambda: seen["built"] == 1)
    assert dock.widget() is not None and seen["views"] == [("open", "w")]
    w.events.announce(Change.of("hazards"))                        # on screen: updated at once
    assert seen["views"][-1] == ("change", frozenset({"hazards"}))
    w.events.announce(Change.of("patrols"))                        # a kind it does not show
    assert len(seen["views"]) == 2

    assert not button.isEnabled()                                  # nothing identified yet
    sites = w.stack.sources["sites"]
    row = int(list(sites.attrs["name"]).index("荆山小学"))
    w.identify_panel.show_feature("sites", row)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert seen["identify"] == [("sites", row, "荆山小学")]
    assert seen["built"] == 1
    w.close()
