"""A line patrol's result (巡线结果): the day it was done, the length walked (the whole route, or the part stated)
and a hazard found, as a dialog the 巡查 feature opens from the assignment list's 登记巡查结果… for a line patrol.
The feature writes it through desktop.services.line_patrols.record."""
from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from desktop.i18n import vocab_lang
from gis import vocab
from gis.patrols.results import FoundHazard


class LineResultDialog(QDialog):
    def __init__(self, assignment: dict, parent=None) -> None:
        super().__init__(parent)
        self.assignment = assignment
        a = assignment
        self.setWindowTitle(self.tr("登记巡线结果"))
        heading = QLabel(self.tr("任务 {id}：{line}，{grid}，{day}，{person}").format(
            id=a["id"], line=a["line_name"] or self.tr("（未命名管线）"), grid=a["grid_name"],
            day=f"{a['planned_on']:%Y-%m-%d}", person=a["person"]))
        heading.setWordWrap(True)
        self.done_on = QDateEdit(QDate(a["planned_on"].year, a["planned_on"].month, a["planned_on"].day))
        self.done_on.setCalendarPopup(True)
        self.done_on.setDisplayFormat("yyyy-MM-dd")
        self.length = QDoubleSpinBox()
        self.length.setDecimals(1)
        self.length.setRange(0.1, max(a["route_length_m"], 0.1))
        self.length.setSuffix(self.tr(" 米"))
        self.length.setValue(a["route_length_m"])
        self.hazard = QLineEdit()
        self.hazard.setPlaceholderText(self.tr("发现的隐患（可空）"))
        self.grade = QComboBox()
        for key, label in vocab.labels("hazard_grades", vocab_lang()).items():
            self.grade.addItem(label, key)
        form = QFormLayout()
        form.addRow(self.tr("完成日期"), self.done_on)
        form.addRow(self.tr("巡检长度"), self.length)
        form.addRow(self.tr("全程"), QLabel(self.tr("{m} 米").format(m=f"{a['route_length_m']:.1f}")))
        form.addRow(self.tr("发现隐患"), self.hazard)
        form.addRow(self.tr("隐患等级"), self.grade)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def result_values(self) -> dict:
        """What the form says, as desktop.services.line_patrols.record keywords."""
        text = self.hazard.text().strip()
        return {"done_on": self.done_on.date().toPython(), "patrolled_m": self.length.value(),
                "hazards": [FoundHazard(text, grade=self.grade.currentData())] if text else []}
