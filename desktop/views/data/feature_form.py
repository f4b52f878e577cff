"""The attribute form of a new feature, built from its layer's column spec (gis.attributes.TableSpec), and the
value editors it shares with the attribute table's cells: a drop-down of labels for a vocabulary, a date
picker that may stay empty, spin boxes for numbers, a line for text.

API for the editing tools: draw the feature, then

    form = FeatureForm("sites", attributes.spec("sites"), parent, geometry=point, project=project)
    if form.exec():                      # 保存 checks and inserts (gis.attributes.insert)
        new_id, change = form.inserted   # announce the change

Without `project` the form only checks the values (gis.attributes.check_record) and `values()` gives them
to the caller, who writes them. A refusal shows each message under the form (Chinese, naming the field) and
marks the fields; the form stays open.
"""
from __future__ import annotations

import math
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text, vocab_label, vocab_lang
from gis import attributes, vocab
from gis.errors import GridsafeError

NO_DATE = QDate(1900, 1, 1)          # a date editor's minimum, shown as 未填
NO_NUMBER = -1e9                     # a number editor's minimum, shown as 未填


def missing() -> str:
    """What an editor shows for no value (translated when asked: the translators are installed by then)."""
    return QCoreApplication.translate("FeatureForm", "未填")


def vocab_choices(column: attributes.Column) -> list[tuple[str, str]]:
    """(key, label in the interface language) of a vocabulary column's choices in its layer."""
    keys = column.choices or tuple(vocab.keys(column.vocab))
    return [(k, vocab_label(column.vocab, k)) for k in keys]


class _OptionalDate(QDateEdit):
    """A date picker that may be left empty (未填, its minimum); its calendar opens on this month then."""

    def mousePressEvent(self, e) -> None:
        if self.date() == NO_DATE:
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        super().mousePressEvent(e)


def editor_for(column: attributes.Column, parent: QWidget | None = None) -> QWidget:
    """The widget that edits a value of `column`."""
    if column.kind == "vocab":
        box = QComboBox(parent)
        if not column.required:
            box.addItem(missing(), None)
        for key, label in vocab_choices(column):
            box.addItem(label, key)
        box.setEditable(column.lenient)
        return box
    if column.kind == "date":
        e = _OptionalDate(parent, calendarPopup=True)
        e.setDisplayFormat("yyyy-MM-dd")
        e.setMinimumDate(NO_DATE)
        e.setSpecialValueText(missing())
        e.setDate(NO_DATE)
        return e
    if column.kind in ("int", "float"):
        e = QSpinBox(parent) if column.kind == "int" else QDoubleSpinBox(parent, decimals=2)
        e.setRange(int(NO_NUMBER) if column.kind == "int" else NO_NUMBER, 10 ** 9 - 1)
        e.setSpecialValueText(missing())
        e.setValue(e.minimum())
        return e
    return QLineEdit(parent)


def set_editor_value(editor: QWidget, column: attributes.Column, value) -> None:
    """Show `value` (a vocab key, an ISO date, a number or NaN, text or None) in an editor_for widget."""
    missing = value is None or (isinstance(value, float) and math.isnan(value))
    if isinstance(editor, QComboBox):
        i = editor.findData(value) if not missing else editor.findData(None)
        if i < 0 and not missing and column.lenient:
            editor.setEditText(str(value))
        else:
            editor.setCurrentIndex(max(i, 0))
    elif isinstance(editor, QDateEdit):
        editor.setDate(NO_DATE if missing else QDate.fromString(str(value)[:10], "yyyy-MM-dd"))
    elif isinstance(editor, (QSpinBox, QDoubleSpinBox)):
        editor.setValue(editor.minimum() if missing else value)
    else:
        editor.setText("" if missing else str(value))


def editor_value(editor: QWidget, column: attributes.Column):
    """What an editor_for widget holds, for gis.attributes (None when 未填)."""
    if isinstance(editor, QComboBox):
        if column.lenient and editor.currentText() != editor.itemText(editor.currentIndex()):
            return editor.currentText().strip() or None
        return editor.currentData()
    if isinstance(editor, QDateEdit):
        d = editor.date()
        return None if d == NO_DATE else date(d.year(), d.month(), d.day())
    if isinstance(editor, (QSpinBox, QDoubleSpinBox)):
        return None if editor.value() == editor.minimum() else editor.value()
    return editor.text().strip()


class FeatureForm(QDialog):
    """The attributes of a new feature of `layer`: one editor per editable column of `spec`, required ones
    marked with *. `initial`: values to start from (e.g. a category chosen before drawing); the layer's
    defaults (a site's status 正常, a works' 计划) otherwise."""

    def __init__(self, layer: str, spec: attributes.TableSpec, parent: QWidget | None = None, *,
                 geometry=None, project=None, initial: dict | None = None) -> None:
        super().__init__(parent)
        self.layer, self.spec, self.geometry, self.project = layer, spec, geometry, project
        self.inserted = None                      # (id, Change) after a save into `project`
        self.setWindowTitle(self.tr("新建要素 — {layer}").format(layer=spec.label_in(vocab_lang())))
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout()
        for c in spec.editable:
            editor = editor_for(c, self)
            editor.setObjectName(f"field_{c.name}")
            label = QLabel(c.label_in(vocab_lang()) + (" *" if c.required else ""))
            if c.required:
                label.setToolTip(self.tr("必填"))
            self.editors[c.name], self.labels[c.name] = editor, label
            form.addRow(label, editor)
        for name, value in {**spec.target.defaults, **(initial or {})}.items():
            if name not in self.editors:
                continue
            set_editor_value(self.editors[name], spec.column(name), value)
        self.note = QLabel(self.tr("* 为必填项"))
        self.note.setStyleSheet("color: #666;")
        self.error = QLabel()
        self.error.setObjectName("errors")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.note)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def values(self) -> dict:
        """{column: value} of the form's editors (vocab keys, dates, numbers, text; None when 未填)."""
        return {name: editor_value(e, self.spec.column(name)) for name, e in self.editors.items()}

    def _show(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        for name, label in self.labels.items():
            c = self.spec.column(name)
            bad = any(c.label in line for line in message.splitlines())
            label.setStyleSheet("color: #c0392b; font-weight: bold;" if bad else "")

    def save(self) -> bool:
        """Check (and with a project, insert) the feature; accept the dialog when it went in."""
        try:
            if self.project is None:
                attributes.check_record(self.spec, self.values())
            else:
                self.inserted = attributes.insert(self.project, self.layer, self.values(), self.geometry)
        except GridsafeError as e:
            self._show(error_text(e))
            first = next((n for n, lab in self.labels.items() if lab.styleSheet()), None)
            if first is not None:
                self.editors[first].setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        self._show("")
        self.accept()
        return True
