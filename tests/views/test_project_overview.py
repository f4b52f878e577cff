"""The project overview lists every layer group with the project's counts."""
from __future__ import annotations

from desktop.views.map.project_overview import ProjectOverview
from gis import store
from tests import smallworld


def _rows(tree):
    out = {}
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        out[group.text(0)] = (group.text(1), {group.child(j).text(0): group.child(j).text(1)
                                              for j in range(group.childCount())})
    return out


def test_overview_counts(qtbot, tmp_path):
    with store.create_project(tmp_path / "w.gridsafe", name="测试街道") as p:
        with p.transaction() as s:
            smallworld.build(s)
        view = ProjectOverview()
        qtbot.addWidget(view)
        view.show_project(p)
    rows = _rows(view.tree)
    assert rows["隐患"] == ("4", {"登记": "1", "交办": "1", "整改中": "1", "已销号": "1", "逾期未销号": "1"})
    assert rows["行政区划与网格"][1]["综合网格"] == "8"
    assert rows["燃气管线"][1] == {"燃气管道（16.7 公里）": "1"}   # its length beside its name: no column of its own
    assert rows["人员与职责"][0] == "4"
    assert "测试街道" in view.heading.text() and "示例数据" not in view.heading.text()
