"""The main window as a user meets it in tests: shown at a given size, a project opened."""
from __future__ import annotations


def open_window(qtbot, target, size: tuple[int, int] = (1400, 900)):
    """A shown MainWindow with `target` (a path or URL) open. Patch desktop.main_window.settings first
    where the test needs private settings."""
    from desktop import main_window

    w = main_window.MainWindow()
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    assert w.open_project(str(target))
    return w


def open_demo(qtbot, monkeypatch, path, size: tuple[int, int] = (1400, 900), *, operator: bool = True):
    """The window on a demo copy (`path`) with private settings and, with `operator`, the project's first person at
    the keyboard (desktop/operator.py)."""
    from sqlalchemy import select

    from gis.model import Person

    private_settings(monkeypatch)
    w = open_window(qtbot, path, size)
    if operator:
        with w.project.session() as s:
            pid, name = s.execute(select(Person.id, Person.name).order_by(Person.id).limit(1)).one()
        w.operator.set(pid, name)
    return w


def exported(qtbot, task, timeout: int = 30_000):
    """The file an export started from the window wrote (its task run through desktop/tasks.py, waited for here),
    or None when none was started or it did not succeed."""
    if task is None:
        return None
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=timeout)
    return task.result.path if task.outcome == "succeeded" else None


class Settings(dict):
    """QSettings' value/setValue over a dict: the user's settings, private to one test."""

    def value(self, key, default=None):
        return self.get(key, default)

    def setValue(self, key, value):
        self[key] = value


def private_settings(monkeypatch) -> Settings:
    """Give the window (and the basemap feature) settings of their own for this test; returns them."""
    from desktop import main_window
    from desktop.features import basemaps

    saved = Settings()
    monkeypatch.setattr(main_window, "settings", lambda: saved)
    monkeypatch.setattr(basemaps, "settings", lambda: saved)
    return saved


class Answer:
    """Answer the next modal message boxes as a user would (click a button by the start of its text, or a standard
    button), noting their texts; `shot(box)` is called on the first one when given (a screenshot). A box without
    the button asked for is noted in `missing` and closed with its first button (the test fails on `missing`, not
    on a timeout)."""

    def __init__(self, qtbot, *buttons, shot=None) -> None:
        from PySide6.QtCore import QTimer

        self.buttons, self.texts, self.shot, self.missing = list(buttons), [], shot, []
        self.timer = QTimer()
        self.timer.timeout.connect(self._poll)
        self.timer.start(50)
        self.qtbot = qtbot

    def _poll(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication, QMessageBox

        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible() and self.buttons:
            self.texts.append(box.text())
            if self.shot is not None:
                self.shot(box)
                self.shot = None
            label = self.buttons.pop(0)      # a button's text (its start), or a standard button
            button = box.button(label) if isinstance(label, QMessageBox.StandardButton) else \
                next((b for b in box.buttons() if b.text().replace("&", "").startswith(label)), None)
            if button is None:
                self.missing.append(label)
                button = box.buttons()[0]
            self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        if not self.buttons:
            self.timer.stop()
