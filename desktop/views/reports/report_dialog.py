"""生成报告 dialog: the kind (周报/月报/季报/年报), the period (the current one first, the ones before it listed,
any other typed as 2026-W49 / 2026-11 / 2026-Q4 / 2026), an optional unit or grid code, the formats (docx, PDF,
xlsx), the output folder and the template (empty: the project's, the user's or the built-in one). 生成 accepts
it when the period fits the kind and something is to be written; the feature runs the report off the UI thread."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text, vocab_lang
from gis.errors import GridsafeError
from gis.stats.report import (
    KIND_ZH,
    check_period,
    current_period,
    kind_label,
    period_name,
    previous_period,
)

RECENT = {"weekly": 12, "monthly": 12, "quarterly": 8, "yearly": 5}
# KIND_ZH's names, for translation (self.tr(zh) below)
KIND_NAMES = (QT_TRANSLATE_NOOP("ReportDialog", "周报"), QT_TRANSLATE_NOOP("ReportDialog", "月报"),
              QT_TRANSLATE_NOOP("ReportDialog", "季报"), QT_TRANSLATE_NOOP("ReportDialog", "年报"))


class ReportDialog(QDialog):
    def __init__(self, parent=None, *, today: date | None = None, folder: str | Path | None = None,
                 template: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("生成报告"))
        self.today = today or date.today()
        self.kind = QComboBox()
        for kind in KIND_ZH:
            self.kind.addItem(kind_label(kind, vocab_lang()), kind)
        self.period = QComboBox()
        self.period.setEditable(True)
        self.within = QLineEdit()
        self.within.setPlaceholderText(self.tr("全部（或填乡镇、村（社区）、网格编码）"))
        self.formats = {f: QCheckBox(t) for f, t in (("docx", "Word（.docx）"), ("pdf", "PDF"),
                                                     ("xlsx", self.tr("数据表（.xlsx）")))}
        self.formats["docx"].setChecked(True)
        self.formats["pdf"].setChecked(True)
        self.folder = QLineEdit(str(folder or Path.home()))
        self.template = QLineEdit(template)
        self.template.setPlaceholderText(self.tr("默认（项目设置、用户模板或内置模板）"))
        self.open_after = QCheckBox(self.tr("完成后打开文件夹"))
        self.open_after.setChecked(True)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)

        formats = QHBoxLayout()
        for box in self.formats.values():
            formats.addWidget(box)
        formats.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("报告类型"), self.kind)
        form.addRow(self.tr("报告期"), self.period)
        form.addRow(self.tr("统计范围"), self.within)
        form.addRow(self.tr("格式"), _wrap(formats))
        form.addRow(self.tr("输出文件夹"), self._with_button(self.folder, self._choose_folder))
        form.addRow(self.tr("报告模板"), self._with_button(self.template, self._choose_template))
        form.addRow("", self.open_after)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.run_button = self.buttons.addButton(self.tr("生成"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.run_button.setDefault(True)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(self._fill_periods)
        self.period.editTextChanged.connect(lambda _text: self.message.clear())
        self._fill_periods()
        self.resize(520, self.sizeHint().height())

    def _with_button(self, edit: QLineEdit, choose) -> QWidget:
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        button = QPushButton(self.tr("浏览…"))
        button.clicked.connect(choose)
        row.addWidget(button)
        return _wrap(row)

    def _choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("输出文件夹"), self.folder.text())
        if path:
            self.folder.setText(path)

    def _choose_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("报告模板"), self.template.text() or str(Path.home()),
                                              self.tr("Word 文档 (*.docx)"))
        if path:
            self.template.setText(path)

    def _fill_periods(self) -> None:
        kind = self.kind.currentData()
        self.period.clear()
        p = current_period(kind, self.today)
        for _ in range(RECENT[kind]):
            self.period.addItem(self.tr("{label}（{name}）").format(label=p.label, name=period_name(p, vocab_lang())),
                                p.label)
            p = previous_period(p)
        self.period.setCurrentIndex(0)

    # --- the choices --------------------------------------------------------------------------------
    def report_kind(self) -> str:
        return self.kind.currentData()

    def period_label(self) -> str:
        text = self.period.currentText().strip()
        return text.split("（")[0].strip()

    def chosen_formats(self) -> list[str]:
        return [f for f, box in self.formats.items() if box.isChecked()]

    def scope(self) -> str | None:
        return self.within.text().strip() or None

    def template_path(self) -> str | None:
        return self.template.text().strip() or None

    def output_folder(self) -> Path:
        return Path(self.folder.text().strip())

    def _accept(self) -> None:
        try:
            check_period(self.report_kind(), self.period_label())
        except GridsafeError as e:
            self.message.setText(error_text(e))
            return
        if not self.chosen_formats():
            self.message.setText(self.tr("请至少选择一种格式"))
            return
        if not self.folder.text().strip():
            self.message.setText(self.tr("请选择输出文件夹"))
            return
        template = self.template_path()
        if template and not Path(template).is_file():
            self.message.setText(self.tr("找不到报告模板 {0}").format(template))
            return
        self.accept()


def _wrap(layout) -> QWidget:
    w = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    w.setLayout(layout)
    return w
