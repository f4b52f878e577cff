"""The project event hub: what the window, its features and views listen to instead of reloading
everything (the napari/QGIS model: models emit, the Qt side subscribes).

    events.opened(project)      a project is open (after the previous one closed)
    events.closed()             the project was closed; drop everything shown from it
    events.changed(change)      a write committed: gis.changes.Change(kinds, ids)

Writers call `events.announce(Change.of("hazards", hazards=[id]))` after their transaction commits.
Announcements made while `events.batch()` is open are merged into one `changed`.
"""
from __future__ import annotations

from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal

from gis.changes import Change


class ProjectEvents(QObject):
    opened = Signal(object)    # gis.store.Project
    closed = Signal()
    changed = Signal(object)   # gis.changes.Change

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = None
        self._pending: Change | None = None
        self._depth = 0

    def open(self, project) -> None:
        if self.project is not None:
            self.close()
        self.project = project
        self.opened.emit(project)

    def close(self) -> None:
        if self.project is None:
            return
        self.project = None
        self._pending = None
        self.closed.emit()

    def announce(self, change: Change) -> None:
        if self._depth:
            self._pending = change if self._pending is None else self._pending | change
        else:
            self.changed.emit(change)

    @contextmanager
    def batch(self):
        self._depth += 1
        try:
            yield self
        finally:
            self._depth -= 1
            if not self._depth and self._pending is not None:
                change, self._pending = self._pending, None
                self.changed.emit(change)
