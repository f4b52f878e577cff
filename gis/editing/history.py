"""The session's undo stack (pure Python, no Qt).

Why not QUndoStack: its push() runs redo() at once and assumes commands cannot fail, while ours are database
transactions that may be refused (a line that does not cross, a grid edited meanwhile by someone else) and must
then leave the stack as it was; this stack also serves the CLI and the gis-level tests without a QApplication.
The window's 编辑历史 dock shows `texts()` and calls `go_to(index)`.
"""
from __future__ import annotations

from gis.changes import Change


class UndoStack:
    def __init__(self) -> None:
        self.commands: list = []   # done commands, oldest first; those at index and after are undone (redo-able)
        self.index = 0
        self.listeners: list = []  # called with no argument after every change of the stack

    def _notify(self) -> None:
        for f in list(self.listeners):
            f()

    def run(self, command, project) -> Change:
        """Do `command` and push it (dropping what could be redone). A refused command pushes nothing."""
        change = command.do(project)
        del self.commands[self.index:]
        self.commands.append(command)
        self.index = len(self.commands)
        self._notify()
        return change

    def record(self, command) -> None:
        """Push a command already done elsewhere (its do() ran in a worker thread, e.g. a topology fix and the
        check after it in one task): undoable like one run here."""
        del self.commands[self.index:]
        self.commands.append(command)
        self.index = len(self.commands)
        self._notify()

    def can_undo(self) -> bool:
        return self.index > 0

    def can_redo(self) -> bool:
        return self.index < len(self.commands)

    def undo_text(self) -> str:
        return self.commands[self.index - 1].text if self.can_undo() else ""

    def redo_text(self) -> str:
        return self.commands[self.index].text if self.can_redo() else ""

    def undo(self, project) -> Change:
        if not self.can_undo():
            return Change.of()
        change = self.commands[self.index - 1].undo(project)
        self.index -= 1
        self._notify()
        return change

    def redo(self, project) -> Change:
        if not self.can_redo():
            return Change.of()
        change = self.commands[self.index].do(project)
        self.index += 1
        self._notify()
        return change

    def go_to(self, index: int, project) -> Change:
        """Undo or redo until `index` commands are done; stops at the first refusal (raised)."""
        change = Change.of()
        index = max(0, min(index, len(self.commands)))
        while self.index > index:
            change = change | self.undo(project)
        while self.index < index:
            change = change | self.redo(project)
        return change

    def texts(self) -> list[str]:
        return [c.text for c in self.commands]

    def clear(self) -> None:
        self.commands.clear()
        self.index = 0
        self._notify()
