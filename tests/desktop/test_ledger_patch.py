"""The hazard ledger follows a save by updating the changed rows (no model reset): new values shown, sort
and filters kept, the selection and scroll position kept; an insert appears, a delete disappears."""
from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from desktop.views.hazards.ledger import visible_rows
from gis.changes import Change
from gis.hazards import ledger
from gis.model import Hazard
from tests.windows import open_demo


def _feature(w):
    from desktop.features.hazards import HazardFeature

    (feature,) = [f for f in w.features if isinstance(f, HazardFeature)]
    return feature


class Signals:
    """What the ledger's model told its views."""

    NAMES = ("modelAboutToBeReset", "modelReset", "layoutChanged", "rowsInserted", "rowsRemoved", "rowsMoved",
             "dataChanged")

    def __init__(self, model) -> None:
        self.seen: dict[str, list] = {n: [] for n in self.NAMES}
        for n in self.NAMES:
            getattr(model, n).connect(lambda *a, n=n: self.seen[n].append(a))

    def clear(self) -> None:
        for v in self.seen.values():
            v.clear()

    def rows_of(self, name: str) -> list[int]:
        return [a[1] for a in self.seen[name]] if name != "dataChanged" else [a[0].row() for a in self.seen[name]]

    def resets(self) -> int:
        return len(self.seen["modelAboutToBeReset"]) + len(self.seen["modelReset"]) + len(self.seen["layoutChanged"])


def _shown_ids(view) -> list[int]:
    m = view.model
    return m.book.frame["id"].to_numpy()[m.rows].tolist()


def _expected_ids(view) -> list[int]:
    """What a whole read of the ledger would show under the view's filters and sort."""
    book = ledger.load(view.project, view.model.book.today)
    return book.frame["id"].to_numpy()[visible_rows(book, view.model.filters, view.model.sort_key)].tolist()


@pytest.fixture
def demo_window(qtbot, monkeypatch, demo_copy):
    w = open_demo(qtbot, monkeypatch, demo_copy)
    feature = _feature(w)
    feature.show_ledger()
    view = feature.ledger
    qtbot.waitUntil(lambda: view.model.book is not None and not view.is_loading(), timeout=30000)
    yield w, feature, view
    for form in list(feature.forms):
        form.close()
    w.close()


def test_a_save_updates_the_changed_rows_in_place(qtbot, demo_window, artifacts):
    w, feature, view = demo_window
    table, model = view.table, view.model
    signals = Signals(model)
    assert model.sort_key == ("deadline", True) and model.rowCount() > 100      # 未销号, by deadline
    table.scrollTo(model.index(150, 0), table.ScrollHint.PositionAtTop)
    selected_row = 155
    table.selectRow(selected_row)
    selected = view.current_hazard()
    scroll = table.verticalScrollBar().value()
    assert scroll > 0

    def settled():
        qtbot.waitUntil(lambda: not view.is_loading(), timeout=20000)

    # 1. the selected hazard's description, saved through its form: the row repaints, nothing resets
    form = feature.open_hazard(selected)
    form.description.setPlainText("补丁测试：消防通道堵塞")
    signals.clear()
    QTest.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.hazard_id == selected, form.message()
    settled()
    assert signals.resets() == 0
    assert signals.rows_of("dataChanged") == [selected_row]
    assert not signals.seen["rowsInserted"] and not signals.seen["rowsRemoved"] and not signals.seen["rowsMoved"]
    assert model.row_texts(selected_row)["描述"] == "补丁测试：消防通道堵塞"
    assert view.current_hazard() == selected and table.verticalScrollBar().value() == scroll
    form.close()

    # 2. another workstation moves a hazard's deadline far out: that row moves (before those without a
    # deadline, which sort last), the rest stay sorted
    other = _shown_ids(view)[10]
    with w.project.transaction() as s:
        s.get(Hazard, other).deadline = date(2099, 1, 1)
    signals.clear()
    w.events.announce(dataclasses.replace(Change.of("hazards", hazards=[other]), remote=True))
    settled()
    assert signals.resets() == 0 and len(signals.seen["rowsMoved"]) == 1
    assert _shown_ids(view).index(other) > 200 and _shown_ids(view) == _expected_ids(view)
    deadlines = model.book.frame["deadline"].to_numpy()[model.rows]
    assert (np.diff(deadlines[~np.isnat(deadlines)].astype(np.int64)) >= 0).all()
    assert view.current_hazard() == selected and table.verticalScrollBar().value() == scroll

    # 3. filtered to one sector: a hazard moved to another sector leaves; one written elsewhere (a bare row,
    # no history yet) comes in, and disappears when it is deleted
    view.sector_box.setCurrentIndex(view.sector_box.findData("gas"))
    gas = _shown_ids(view)
    leaving = gas[0]
    with w.project.transaction() as s:
        s.get(Hazard, leaving).sector = "fire"
        bare = Hazard(found_on=date(2026, 5, 1), source="inspection", sector="gas", description="补丁测试：另一台电脑登记",
                      status="registered", grade="general", deadline=date(2026, 5, 20))
        s.add(bare)
        s.flush()
        bare = bare.id
    signals.clear()
    w.events.announce(dataclasses.replace(Change.of("hazards", hazards=[leaving, bare]), remote=True))
    settled()
    assert signals.resets() == 0 and signals.rows_of("rowsRemoved") == [0] and len(signals.seen["rowsInserted"]) == 1
    assert _shown_ids(view) == _expected_ids(view) and leaving not in _shown_ids(view) and bare in _shown_ids(view)
    with w.project.transaction() as s:
        s.delete(s.get(Hazard, bare))
    signals.clear()
    w.events.announce(dataclasses.replace(Change.of("hazards", hazards=[bare]), remote=True))
    settled()
    assert signals.resets() == 0 and len(signals.seen["rowsRemoved"]) == 1 and not signals.seen["rowsInserted"]
    assert _shown_ids(view) == [i for i in gas if i != leaving] == _expected_ids(view)
    assert bare not in model.book.frame["id"].tolist()

    # 4. a new hazard saved through the form appears in its place, selected
    frame = model.book.frame
    site = int(frame["site_id"].to_numpy()[np.isin(frame["id"].to_numpy(), gas) & (frame["site_id"].to_numpy() > 0)][0])
    form = feature.new_hazard(link=("site_id", site))
    form.sector.setCurrentIndex(form.sector.findData("gas"))
    form.description.setPlainText("补丁测试：新登记的燃气隐患")
    signals.clear()
    QTest.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.hazard_id is not None, form.message()
    settled()
    assert signals.resets() == 0 and len(signals.seen["rowsInserted"]) == 1
    assert form.hazard_id in _shown_ids(view) and _shown_ids(view) == _expected_ids(view)
    assert view.current_hazard() == form.hazard_id
    row = _shown_ids(view).index(form.hazard_id)
    assert model.row_texts(row)["描述"] == "补丁测试：新登记的燃气隐患"
    assert view.count.text().startswith(f"共 {len(gas)} 条")      # one left, one came
    form.close()
    table.scrollTo(model.index(row, 0))
    assert view.grab().save(str(artifacts / "ledger_after_patch.png"))


def test_a_change_without_ids_or_of_names_reads_the_ledger_whole(qtbot, demo_window):
    w, feature, view = demo_window
    signals = Signals(view.model)
    w.events.announce(Change.of("hazards"))                 # ids unknown
    qtbot.waitUntil(lambda: not view.is_loading(), timeout=20000)
    assert len(signals.seen["modelReset"]) == 1
    signals.clear()
    with w.project.session() as s:
        hid = s.scalar(select(Hazard.id).order_by(Hazard.id))
    w.events.announce(Change.of("hazards", "sites", hazards=[hid]))   # a site renamed: many rows show it
    qtbot.waitUntil(lambda: not view.is_loading(), timeout=20000)
    assert len(signals.seen["modelReset"]) == 1
    signals.clear()
    view.update_rows(range(1, 1000))                          # more than PATCH_LIMIT hazards
    qtbot.waitUntil(lambda: not view.is_loading(), timeout=20000)
    assert len(signals.seen["modelReset"]) == 1
