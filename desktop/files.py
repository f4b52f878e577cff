"""Saving files from the window: where a save dialog starts, and what the user is offered once a file is saved.

- `ask_save_path` opens the save dialog in the last folder the user saved to (that kind of file's folder when it
  has a key of its own, e.g. `hazards/last_folder`, `patrols/sheet_folder`; otherwise the last folder of any
  save; the home folder the first time) and remembers the folder chosen.
- `OpenButtons` (打开文件 / 打开所在文件夹, shown once something is saved) sits in a view next to its note;
  `tell_saved` says 已保存 in a message with the same two choices where there is no view to hold them.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QMessageBox, QPushButton, QWidget

from desktop import qsettings

FOLDER_KEY = "files/last_folder"   # the folder of the last file saved, whatever its kind


def tr(text: str) -> str:
    return QCoreApplication.translate("SavedFiles", text)


def last_folder(key: str | None = None) -> Path:
    """Where a save dialog starts: the folder remembered under `key`, else the last folder saved to, else home."""
    store = qsettings.settings()
    for k in (key, FOLDER_KEY):
        folder = store.value(k) if k else None
        if folder and Path(str(folder)).is_dir():
            return Path(str(folder))
    return Path.home()


def remember_folder(path: str | Path, key: str | None = None) -> None:
    """Remember the folder `path` was saved in, or `path` itself when it is a folder (under `key` too, if given)."""
    folder = str(Path(path) if Path(path).is_dir() else Path(path).parent)
    store = qsettings.settings()
    store.setValue(FOLDER_KEY, folder)
    if key:
        store.setValue(key, folder)


def ask_save_path(parent, title: str, name: str, filters: str, key: str | None = None) -> tuple[str, str]:
    """The save dialog, started in the last folder used with `name` proposed; returns (path or "", chosen filter)."""
    path, chosen = QFileDialog.getSaveFileName(parent, title, str(last_folder(key) / name), filters)
    if path:
        remember_folder(path, key)
    return path, chosen


def open_path(path: str | Path | None) -> None:
    """Open a saved file (or a folder) with the system's program for it."""
    if path:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class OpenButtons(QWidget):
    """打开文件 / 打开所在文件夹 for the files just saved (hidden until `set_files`)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.files: list[Path] = []
        self.open_file = QPushButton(tr("打开文件"))
        self.open_folder = QPushButton(tr("打开所在文件夹"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.open_file)
        layout.addWidget(self.open_folder)
        self.open_file.clicked.connect(lambda: open_path(self.files[0] if len(self.files) == 1 else None))
        self.open_folder.clicked.connect(lambda: open_path(self.files[0].parent if self.files else None))
        self.set_files([])

    def set_files(self, files) -> None:
        """The files saved: 打开文件 for one file, 打开所在文件夹 for any; none hides both."""
        self.files = [Path(f) for f in files]
        self.open_file.setVisible(len(self.files) == 1)
        self.open_folder.setVisible(bool(self.files))
        self.setVisible(bool(self.files))


def tell_saved(parent, title: str, text: str, path: str | Path) -> None:
    """Say a file was saved (`text` names it) and offer to open it or its folder (OpenButtons' two choices)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.NoButton, parent)
    open_file = box.addButton(tr("打开文件"), QMessageBox.ButtonRole.AcceptRole)
    open_folder = box.addButton(tr("打开所在文件夹"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is open_file:
        open_path(path)
    elif box.clickedButton() is open_folder:
        open_path(Path(path).parent)
