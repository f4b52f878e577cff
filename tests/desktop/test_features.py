"""Feature modules plug into the main window without editing it."""
from __future__ import annotations

import sys
import types

from desktop import features, main_window
from gis import store
from tests import smallworld


def test_feature_module_gets_menu_project_and_identify_links(qtbot, tmp_path, monkeypatch):
    seen = {"projects": [], "ledger": []}

    def install(window):
        menu = window.feature_menu("隐患(&Z)")
        menu.addAction("隐患台账")
        window.projectChanged.connect(lambda project, stack: seen["projects"].append(project.name))
        window.identify_panel.enable_link("ledger")
        window.identify_panel.ledgerRequested.connect(lambda source, index: seen["ledger"].append((source, index)))
        return "kept"

    module = types.ModuleType("tests_fake_feature")
    module.install = install
    monkeypatch.setitem(sys.modules, "tests_fake_feature", module)
    monkeypatch.setattr(features, "FEATURES", ["tests_fake_feature"])

    path = tmp_path / "w.gridsafe"
    with store.create_project(path) as p, p.transaction() as s:
        smallworld.build(s)
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    assert w.features == ["kept"]
    titles = [a.text() for a in w.menuBar().actions()]
    assert titles.index("隐患(&Z)") == titles.index("帮助(&H)") - 1
    assert w.feature_menu("隐患(&Z)") is w.feature_menu("隐患(&Z)")
    assert w.open_project(str(path))
    assert seen["projects"] == ["w"]
    panel = w.identify_panel
    assert not panel.ledger.isEnabled()          # nothing shown yet
    sites = w.stack.sources["sites"]
    row = int(list(sites.attrs["name"]).index("荆山小学"))
    panel.show_feature("sites", row)
    assert panel.ledger.isEnabled() and not panel.patrols.isEnabled()
    panel.ledger.click()
    assert seen["ledger"] == [("sites", row)]
    w.project.close()
