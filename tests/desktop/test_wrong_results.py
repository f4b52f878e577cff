"""Issue 19, "wrong results a user will not notice", as a user meets them on the demo: route sheets print what
the list shows (and say how many first, and offer the file), the 整改通知书 warns of a past deadline and gets
a file name of its own, the identify panel and 项目概况 show no stale data, signatures name the right person."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.windows import Answer, exported, open_demo


def feature(w, name):
    return next(f for f in w.features if type(f).__name__ == name)


@pytest.fixture
def window(qtbot, monkeypatch, demo_copy, settings):
    return open_demo(qtbot, monkeypatch, demo_copy)


# --- 打印路线单 -------------------------------------------------------------------------------------

def test_route_sheets_with_nothing_selected_print_the_period_shown_say_how_many_and_offer_the_file(
        qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    from desktop.services import patrols as service

    w, f = window, feature(window, "Patrols")
    f.show("assignments")
    view = f.assignments
    view.grid.setCurrentIndex(view.grid.findData(1))          # one grid: every period since July
    everything = len(view.rows)
    assert everything > 5
    view.period.setText("2026-W47")                            # typed, Enter not pressed: the list still shows all
    printed, opened, asked = [], [], []
    real = service.print_sheets

    def recording(project, path, *, assignment_ids, **kw):
        printed.append(list(assignment_ids))
        return real(project, path, assignment_ids=assignment_ids, **kw)

    monkeypatch.setattr(service, "print_sheets", recording)
    out = tmp_path / "周路线单.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (asked.append(a[2]) or str(out), ""))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    answer = Answer(qtbot, "Yes")
    qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.printing is None and bool(printed), timeout=60_000)
    (ids,) = printed
    with w.project.session() as s:
        from sqlalchemy import select

        from gis.model import PatrolAssignment
        week = set(s.scalars(select(PatrolAssignment.id).where(PatrolAssignment.grid_id == 1,
                                                               PatrolAssignment.period == "2026-W47")))
    assert week and set(ids) == week and len(ids) < everything          # the week shown, not every task
    (question,) = answer.texts                                           # asked before starting, with the count
    assert f"{len(week)} 张路线单" in question and "2026-W47" in question
    assert Path(asked[0]).name == "巡查路线单_2026-W47.pdf"
    assert out.exists()
    note = view.filter_note.text()
    assert "已打印" not in note and "已保存" in note and out.name in note and "/" not in note
    assert view.filter_note.toolTip() == str(out)                        # the whole path on hover
    view.grab().save(str(tmp_path / "assignments.png"))
    qtbot.mouseClick(view.open_file, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.open_folder, Qt.MouseButton.LeftButton)
    assert opened == [str(out), str(tmp_path)]


def test_route_sheets_are_not_printed_when_the_user_declines_the_count(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    view = feature(window, "Patrols").assignments
    feature(window, "Patrols").show("assignments")
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (asked.append(a) or "", ""))
    answer = Answer(qtbot, "No")
    qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
    assert answer.texts and f"{len(view.rows)} 张路线单" in answer.texts[0] and "全部时段" in answer.texts[0]
    assert not asked and view.printing is None


# --- 整改通知书 ---------------------------------------------------------------------------------------

def test_a_notice_past_its_deadline_warns_and_each_notice_has_its_own_file_in_the_last_folder(
        qtbot, window, tmp_path, monkeypatch, settings):
    from datetime import date

    from PySide6.QtWidgets import QFileDialog
    from sqlalchemy import select

    from gis.model import Hazard, HazardEvent

    w, f = window, feature(window, "HazardFeature")
    with w.project.session() as s:
        late = s.get(Hazard, 59)
        current = s.get(Hazard, 1493)
        assert late.deadline < date.today() <= current.deadline and "closed" not in (late.status, current.status)
        late_code, late_deadline, current_code = late.code, late.deadline, current.code
    starts, folder = [], tmp_path / "通知书"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, start, filt: (starts.append(start) or str(folder / Path(start).name),
                                                            "PDF 文件 (*.pdf)"))
    f.show_ledger()
    qtbot.waitUntil(lambda: f.ledger.select_hazard(59), timeout=30_000)
    declined = Answer(qtbot, "No")
    assert exported(qtbot, f.export("notice")) is None                  # the user thinks again: nothing happens
    days = (date.today() - late_deadline).days
    assert declined.texts == [f"隐患“{late_code}”的整改期限 {late_deadline:%Y-%m-%d} 已过 {days} 天。仍要打印整改通知书吗？"]
    assert not starts and not list(folder.iterdir())
    with w.project.session() as s:
        assert not s.scalars(select(HazardEvent).where(HazardEvent.hazard_id == 59,
                                                       HazardEvent.action == "notice")).all()
    confirmed = Answer(qtbot, "Yes")
    first = exported(qtbot, f.export("notice"))
    assert confirmed.texts and starts[0] == str(Path.home() / f"整改通知书_{late_code}_{date.today():%Y%m%d}.pdf")
    assert first == folder / f"整改通知书_{late_code}_{date.today():%Y%m%d}.pdf" and first.exists()
    assert f.ledger.select_hazard(1493)
    second = exported(qtbot, f.export("notice"))                       # not past: no question
    assert starts[1] == str(folder / f"整改通知书_{current_code}_{date.today():%Y%m%d}.pdf")   # the last folder
    assert second.exists() and first.exists() and second != first


# --- identify, 项目概况 ---------------------------------------------------------------------------------

def test_a_search_after_a_click_does_not_list_the_clicks_features_as_here(qtbot, window, tmp_path):
    w = window
    canvas, panel = w.canvas, w.identify_panel
    sites = w.stack.sources["sites"]
    canvas.zoom_to_feature("sites", 0, select=False)
    qtbot.wait(50)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.rect().center())
    qtbot.waitUntil(lambda: panel.current is not None)
    clicked = [panel.feature_name(h.source, h.index) for h in panel.hits]
    assert len(panel.hits) > 1 and any(t[0] == "此处其他要素" for t in panel.texts())
    far = len(sites) - 1                                          # the last site, far from the first
    name = panel.feature_name("sites", far)
    assert name not in clicked
    w.search.setText(name)
    qtbot.keyClick(w.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.current == ("sites", far))
    texts = panel.texts()
    assert not any(t[0] == "此处其他要素" for t in texts), texts
    assert not any(len(t) > 1 and t[1] in clicked for t in texts)


def test_project_overview_counts_follow_an_import(qtbot, window):
    """Already right (LazyDock follows every change kind): the counts refresh when an import announces its sites."""
    from sqlalchemy import select

    from gis.model import Site

    w = window
    w.overview_dock.show()
    w.overview_dock.raise_()
    view = w.overview

    def counts():
        tree = view.tree
        return {tree.topLevelItem(i).text(0): int(tree.topLevelItem(i).text(1)) for i in range(tree.topLevelItemCount())}

    qtbot.waitUntil(lambda: bool(counts()))
    before = counts()
    with w.project.transaction() as s:                   # what an import of two sites writes …
        first = s.scalars(select(Site).order_by(Site.id)).first()
        for n in (1, 2):
            s.add(Site(name=f"新导入场所{n}", category=first.category, sector=first.sector, geom=first.geom))
    next(f for f in w.features if type(f).__name__ == "DataFeature")._imported("sites")   # … and announces
    qtbot.waitUntil(lambda: counts() != before, timeout=10_000)
    changed = {k: (before[k], v) for k, v in counts().items() if before.get(k) != v}
    assert changed and all(new == old + 2 for old, new in changed.values()), changed


# --- signatures under the right person -------------------------------------------------------------------

def test_a_signature_role_the_operator_does_not_hold_is_confirmed_naming_person_and_role(qtbot, window):
    from sqlalchemy import select

    from gis.model import HazardEvent

    w, f = window, feature(window, "HazardFeature")
    form = f.open_hazard(59)
    assert form.actor_name() == w.operator.name and form.actor.currentData() == w.operator.person_id  # no default
    form.role.setCurrentIndex(form.role.findData("site_owner"))     # 业主: the operator is a 部门监管人员

    def signatures():
        with w.project.session() as s:
            return [(e.actor_name, e.actor_id, e.signature_role) for e in s.scalars(
                select(HazardEvent).where(HazardEvent.hazard_id == 59, HazardEvent.action == "sign"))]

    declined = Answer(qtbot, "No")
    qtbot.mouseClick(form.buttons["sign"], Qt.MouseButton.LeftButton)
    assert declined.texts and f"“{w.operator.name}”未登记为“业主”" in declined.texts[0]
    assert signatures() == [] and "没有签字" in form.message()
    confirmed = Answer(qtbot, "Yes")
    qtbot.mouseClick(form.buttons["sign"], Qt.MouseButton.LeftButton)
    assert confirmed.texts and signatures() == [(w.operator.name, w.operator.person_id, "site_owner")], form.message()
