"""One dialog for each step of a tip-off after intake (核查交办, 核查结果, 反馈, 奖励, 办结): the fields the step needs,
the operator signs; a refusal (a step out of order, a bad amount …) is shown in the dialog and nothing is written."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from desktop.i18n import error_text, vocab_lang
from desktop.services import tipoffs as use
from gis import vocab
from gis.errors import GridsafeError
from gis.tipoffs.rules import action_label

STEPS = ("assign", "verify", "reply", "reward", "close")


class StepDialog(QDialog):
    saved = Signal(object)            # the Outcome: value (id, 编号, hazard id), change

    def __init__(self, project, step: str, row, operator: Callable[[], object | None], parent=None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.project, self.step, self.row, self.operator = project, step, row, operator
        self.outcome = None
        self.setWindowTitle(f"{action_label(step, vocab_lang())} — {row.code}")
        self.fields: dict[str, object] = {}
        form = QFormLayout()
        form.addRow(self.tr("举报"), QLabel(f"<b>{row.code}</b> {row.description[:60]}"))
        if step == "assign":
            box = QComboBox()
            for pid, name, on_grid in use.candidates(project, row.id):
                box.addItem(name + (self.tr("（本网格）") if on_grid else ""), pid)
            form.addRow(self.tr("核查人"), box)
            self.fields["assignee"] = box
            self.fields["note"] = QLineEdit()
            form.addRow(self.tr("交办说明"), self.fields["note"])
        elif step == "verify":
            box = QComboBox()
            for key, label in vocab.labels("tipoff_results", vocab_lang()).items():
                box.addItem(label, key)
            sector = QComboBox()
            sector.addItem(self.tr("（按附近场所）"), None)
            for key, label in vocab.labels("sectors", vocab_lang()).items():
                sector.addItem(label, key)
            self.fields.update(result=box, note=QPlainTextEdit(), sector=sector)
            self.fields["note"].setFixedHeight(60)
            form.addRow(self.tr("核查结果"), box)
            form.addRow(self.tr("核查情况"), self.fields["note"])
            form.addRow(self.tr("隐患行业领域"), sector)
            form.addRow("", QLabel(self.tr("属实、部分属实即在隐患台账登记一条来源为“群众举报”的隐患")))
        elif step == "reply":
            self.fields["text"] = QPlainTextEdit()
            self.fields["text"].setFixedHeight(80)
            form.addRow(self.tr("反馈内容"), self.fields["text"])
        elif step == "reward":
            d = today()
            on = QDateEdit(QDate(d.year, d.month, d.day))
            on.setCalendarPopup(True)
            on.setDisplayFormat("yyyy-MM-dd")
            self.fields.update(amount=QLineEdit(placeholderText=self.tr("元")), decided_by=QLineEdit(), decided_on=on)
            form.addRow(self.tr("奖励金额（元）"), self.fields["amount"])
            form.addRow(self.tr("决定人（单位）"), self.fields["decided_by"])
            form.addRow(self.tr("决定日期"), on)
        else:
            self.fields["note"] = QLineEdit()
            form.addRow(self.tr("办结说明"), self.fields["note"])
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def _value(self, name: str):
        w = self.fields[name]
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QDateEdit):
            q = w.date()
            return date(q.year(), q.month(), q.day())
        return w.text()

    def save(self) -> None:
        actor = self.operator()
        if actor is None:
            self.error.setText(self.tr("请先选择操作人"))
            self.error.show()
            return
        values = {name: self._value(name) for name in self.fields}
        if self.step == "reward" and not str(values["amount"]).strip():
            values["amount"] = None
        try:
            self.outcome = getattr(use, self.step)(self.project, self.row.id, actor=actor, **values)
        except GridsafeError as e:
            self.error.setText(error_text(e))
            self.error.show()
            return
        self.saved.emit(self.outcome)
        self.accept()
