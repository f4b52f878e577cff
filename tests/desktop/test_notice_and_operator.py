"""The 整改通知书 printed from the window while the hazard's form is open, and who signs it: the
session's current operator (desktop/operator.py), never the last opened form or a placeholder."""
from __future__ import annotations

from sqlalchemy import select

from gis import hazards
from gis.model import Hazard, HazardEvent
from tests.windows import exported

from .test_hazard_ui import hazard_feature, window  # noqa: F401 (fixture)


def _hazard(project, description: str) -> int:
    with project.session() as s:
        return s.scalar(select(Hazard.id).where(Hazard.description == description))


def _notice_events(project, hid: int) -> list[HazardEvent]:
    with project.session() as s:
        return list(s.scalars(select(HazardEvent).where(HazardEvent.hazard_id == hid,
                                                        HazardEvent.action == "notice")))


def test_form_open_while_printing_its_notice_still_saves_and_views_hear_of_it(qtbot, window, tmp_path):  # noqa: F811
    w, feature = window, hazard_feature(window)
    w.operator.set(*_person(w.project, "刘芳"))
    hid = _hazard(w.project, "消防通道堵塞")
    form = feature.open_hazard(hid)
    heard = []
    w.events.changed.connect(heard.append)
    assert feature.ledger.select_hazard(hid)
    before = feature.ledger.model.book
    assert exported(qtbot, feature.export("notice", str(tmp_path / "通知书.pdf"), "pdf")) is not None
    assert any(c.touches("hazards") and hid in (c.ids_of("hazards") or ()) for c in heard), heard
    # the ledger reloads from the event (a new book), with nothing else asking it to
    qtbot.waitUntil(lambda: not feature.ledger.is_loading() and feature.ledger.model.book is not before,
                    timeout=20000)
    assert feature.ledger.current_hazard() == hid                     # still selected after the reload
    # the user's own notice is not "someone else's change": the open form saves
    form.measures.setPlainText("清理通道杂物并划线")
    assert form.save(), form.message()
    with w.project.session() as s:
        assert s.get(Hazard, hid).measures == "清理通道杂物并划线"


def test_form_with_unsaved_edits_keeps_them_when_the_notice_moves_its_version(qtbot, window, tmp_path):  # noqa: F811
    w, feature = window, hazard_feature(window)
    w.operator.set(*_person(w.project, "刘芳"))
    hid = _hazard(w.project, "消防通道堵塞")
    form = feature.open_hazard(hid)
    form.measures.setPlainText("先断气再整改")          # typed before printing, not yet saved
    assert feature.ledger.select_hazard(hid)
    assert exported(qtbot, feature.export("notice", str(tmp_path / "通知书.docx"), "docx")) is not None
    assert form.measures.toPlainText() == "先断气再整改"    # the edit survives the rebase
    assert any(e.action == "notice" for e in _history(w.project, hid))
    assert form.history.rowCount() == len(_history(w.project, hid))   # and the history shows the notice
    assert form.save(), form.message()


def test_a_real_conflict_is_still_refused_after_a_notice(qtbot, window, tmp_path):  # noqa: F811
    """Rebasing must not hide another writer's change to a field the user also edited."""
    w, feature = window, hazard_feature(window)
    w.operator.set(*_person(w.project, "刘芳"))
    hid = _hazard(w.project, "消防通道堵塞")
    form = feature.open_hazard(hid)
    form.measures.setPlainText("我的措施")
    with w.project.transaction() as s:               # someone else, not through this window
        hazards.update(s, hid, {"measures": "别人的措施"}, actor="王建国")
    assert feature.ledger.select_hazard(hid)
    assert exported(qtbot, feature.export("notice", str(tmp_path / "通知书.pdf"), "pdf")) is not None
    assert not form.save()
    assert "已被他人修改" in form.message() and "别人的措施" in form.message()


def test_notice_is_signed_by_the_operator_not_the_last_form(qtbot, window, tmp_path):  # noqa: F811
    w, feature = window, hazard_feature(window)
    w.operator.set(*_person(w.project, "王建国"))
    other = _hazard(w.project, "消防通道堵塞")
    last = feature.open_hazard(other)
    last.actor.setEditText("赵敏")                     # the last opened form names someone else
    hid = _hazard(w.project, "未安装燃气泄漏报警器")
    assert feature.ledger.select_hazard(hid)
    assert exported(qtbot, feature.export("notice", str(tmp_path / "通知书.pdf"), "pdf")) is not None
    (event,) = _notice_events(w.project, hid)
    assert event.actor_name == "王建国" and event.actor_id == _person(w.project, "王建国")[0]


def test_notice_without_an_operator_asks_for_one(qtbot, window, tmp_path, monkeypatch):  # noqa: F811
    from desktop import operator as operator_module

    w, feature = window, hazard_feature(window)
    w.operator.clear()
    asked = []

    def choose(parent, project, current=None):
        asked.append(project)
        return _person(project, "陈志强")

    monkeypatch.setattr(operator_module, "choose_person", choose)
    hid = _hazard(w.project, "未安装燃气泄漏报警器")
    assert feature.ledger.select_hazard(hid)
    assert exported(qtbot, feature.export("notice", str(tmp_path / "通知书.pdf"), "pdf")) is not None
    assert asked and w.operator.name == "陈志强"
    (event,) = _notice_events(w.project, hid)
    assert event.actor_name == "陈志强"

    w.operator.clear()
    monkeypatch.setattr(operator_module, "choose_person", lambda *a, **k: None)   # the user cancels
    other = _hazard(w.project, "消防通道堵塞")
    assert feature.ledger.select_hazard(other)
    assert exported(qtbot, feature.export("notice", str(tmp_path / "通知书2.pdf"), "pdf")) is None
    assert not _notice_events(w.project, other) and not (tmp_path / "通知书2.pdf").exists()


def _history(project, hid):
    with project.session() as s:
        return hazards.history(s, hid)


def _person(project, name: str) -> tuple[int, str]:
    from gis.model import Person

    with project.session() as s:
        return s.scalar(select(Person.id).where(Person.name == name)), name
