"""管线安全分析 run dialog (like a QGIS processing dialog): the analysis date (default today) and whether it
is a dry run (试运行：只比对台账，不写入); 运行 accepts it. The feature runs the analysis off the UI thread."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)


class GasRunDialog(QDialog):
    def __init__(self, parent=None, on: date | None = None, dry_run: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("管线安全分析"))
        on = on or date.today()
        self.date = QDateEdit(QDate(on.year, on.month, on.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.dry = QCheckBox(self.tr("试运行（不写入台账）"))
        self.dry.setChecked(dry_run)
        about = QLabel(self.tr("分析燃气管线的占压、安全间距不足、第三方施工和高后果区，并核查学校周边禁止经营的场所和"
                               "危化企业外部安全防护距离内的防护目标。占压、安全间距不足和第三方施工登记为隐患（来源：管线安全分析），"
                               "周边两项登记为隐患（来源：周边安全距离分析）；已在台账的不重复登记，不再出现的只列出、不自动销号。"))
        about.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("分析日期"), self.date)
        form.addRow("", self.dry)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.run_button = self.buttons.addButton(self.tr("运行"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.run_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(about)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
        self.resize(420, self.sizeHint().height())

    def on(self) -> date:
        d = self.date.date()
        return date(d.year(), d.month(), d.day())

    def dry_run(self) -> bool:
        return self.dry.isChecked()
