"""Refusals made in gis/fire reach the English window in English (issue 19, "English that is whole"): the fire
season calendar refuses a season that ends before it starts, and a period outside the season."""
from __future__ import annotations

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.views.fire.season import FireSeasonView
from gis import store
from gis.fire import seasons as forestfire


def _click_and_read_warning(qtbot, button) -> list[str]:
    """Click `button`; the modal warning it opens is read and closed by a repeating timer."""
    seen: list[str] = []

    def poll():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.accept()

    timer = QTimer(interval=50)
    timer.timeout.connect(poll)
    timer.start()
    try:
        button.click()
        qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    finally:
        timer.stop()
    return seen


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_the_fire_season_calendar_refuses_in_english(qtbot, english, tmp_path):
    project = store.create_project(tmp_path / "f.gridsafe")
    try:
        view = FireSeasonView()
        qtbot.addWidget(view)
        view.year.setValue(2026)
        view.set_project(project)
        view.show()
        view.start.setDate(QDate(2027, 3, 1))
        view.end.setDate(QDate(2026, 11, 1))                     # ends before it starts
        shown = _click_and_read_warning(qtbot, view.save)
        expected = "The fire season's end date 2026-11-01 must be after its start date 2027-03-01"
        assert shown == [expected], shown
        assert view.status.text() == expected
        with project.session() as s:
            assert forestfire.find_season(s, 2026) is None       # nothing was written

        view.start.setDate(QDate(2026, 11, 1))
        view.end.setDate(QDate(2027, 4, 30))
        view.save.click()
        with project.session() as s:
            assert forestfire.find_season(s, 2026) is not None
        view.period_name.setText("庙会")
        view.period_start.setDate(QDate(2027, 6, 1))             # after the season
        view.period_end.setDate(QDate(2027, 6, 2))
        shown = _click_and_read_warning(qtbot, view.add)
        assert shown == ['Period "庙会" (2027-06-01 to 2027-06-02) lies outside the fire season '
                         "2026-11-01 to 2027-04-30"], shown
        assert not _has_chinese(shown[0].replace("庙会", ""))
    finally:
        project.close()
