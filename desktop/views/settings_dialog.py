"""设置 dialog: the interface language (applies from the next start)."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import LANGUAGES, save_language, saved_language, ui_language


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("设置"))
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(list(LANGUAGES).index(saved_language()))
        note = QLabel(self.tr("界面语言在重新启动 gridsafe 后生效。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555")
        form = QFormLayout()
        form.addRow(self.tr("界面语言"), self.language)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(340)

    def chosen_language(self) -> str:
        return self.language.currentData()

    def accept(self) -> None:
        save_language(self.chosen_language())
        super().accept()

    def restart_needed(self) -> bool:
        """True when the saved language differs from the one this session speaks."""
        return saved_language() != ui_language()
