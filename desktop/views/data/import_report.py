"""The outcome of an import as the user reads it: counts, the problems (file, row, field, reason) and
保存报告… to an xlsx workbook. Used by the import dialog's second step; `show_refusal` is the message box of an
import refused elsewhere in the window (人员名册 导入名册, 企业自查上报表) with 保存完整报告…. Every report is written
by `save_report` through ImportReport.to_xlsx, as the CLI's --report writes it."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.files import ask_save_path, tell_saved
from desktop.i18n import error_text, vocab_lang
from gis.errors import GridsafeError
from gis.io.errors import ImportRejected
from gis.io.report import KIND_LABELS, KIND_LABELS_EN, REJECTED, REPAIRED, ImportReport

KIND_COLORS = {REJECTED: "#c62828", REPAIRED: "#ef6c00"}
MAX_ROWS_SHOWN = 5000   # the saved workbook has them all


class ReportView(QWidget):
    HEADERS = (QT_TRANSLATE_NOOP("ReportView", "类型"), QT_TRANSLATE_NOOP("ReportView", "文件"),
               QT_TRANSLATE_NOOP("ReportView", "行号"), QT_TRANSLATE_NOOP("ReportView", "字段"),
               QT_TRANSLATE_NOOP("ReportView", "原因"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: ImportReport | None = None
        self.counts: dict[str, QLabel] = {}
        grid = QGridLayout()
        for col, (key, title) in enumerate((("read", self.tr("读取")), ("imported", self.tr("导入")),
                                            ("repaired", self.tr("修复")), ("rejected", self.tr("拒绝")),
                                            ("warnings", self.tr("提示")))):
            number = QLabel("–")
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            number.setStyleSheet("font-size: 20px; font-weight: bold;")
            caption = QLabel(title)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(number, 0, col)
            grid.addWidget(caption, 1, col)
            self.counts[key] = number
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in self.HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for i in range(4):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(self.tr("没有发现问题。"))
        self.empty.setStyleSheet("color: #2e7d32;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.details)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)

    def show_report(self, report: ImportReport | None) -> None:
        self.report = report
        r = report
        values = {"read": r.rows_read, "imported": r.imported, "repaired": len({i.row for i in r.repaired}),
                  "rejected": len(r.rejected_rows), "warnings": len(r.warnings)} if r else {}
        for key, label in self.counts.items():
            label.setText(f"{values[key]:,}" if r else "–")
        self.counts["rejected"].setStyleSheet(
            "font-size: 20px; font-weight: bold;" + (" color: #c62828;" if values.get("rejected") else ""))
        lines = r.details(vocab_lang()) if r else []   # the counts are above; file and layer in the title
        self.details.setText("\n".join(lines))
        row_header = self.tr("行号") if r is None or r.row_noun == "行" else self.tr("要素序号")
        self.table.setHorizontalHeaderItem(2, QTableWidgetItem(row_header))
        issues = r.issues[:MAX_ROWS_SHOWN] if r else []
        self.table.setRowCount(len(issues))
        lang = vocab_lang()
        kinds = KIND_LABELS_EN if lang == "en" else KIND_LABELS
        for row, issue in enumerate(issues):
            cells = (kinds[issue.kind], issue.file, "" if issue.row is None else str(issue.row),
                     issue.field_in(lang) or "", issue.reason_in(lang))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 0 and issue.kind in KIND_COLORS:
                    item.setForeground(QColor(KIND_COLORS[issue.kind]))
                if col == 4:
                    item.setToolTip(text)
                self.table.setItem(row, col, item)
        self.table.setVisible(bool(issues))
        self.empty.setVisible(r is not None and not issues)

    def save(self, path: str | Path | None = None) -> Path | None:
        """保存报告…: ask where (unless given), write the xlsx; returns the file written."""
        return save_report(self, self.report, path)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportRefusal", text)


def save_report(parent: QWidget, report: ImportReport | None, path: str | Path | None = None) -> Path | None:
    """Ask where (unless `path` is given) and write `report` as an xlsx workbook (ImportReport.to_xlsx: the cells
    through gis/reports/cells.py, the file whole or not at all through gis.atomic); the file written, or None."""
    if report is None:
        return None
    if path is None:
        stem = Path(report.file).stem
        chosen, _ = ask_save_path(parent, _tr("保存导入报告"), f"{_tr('导入报告')}_{stem}.xlsx",
                                  _tr("Excel 工作簿 (*.xlsx)"))
        if not chosen:
            return None
        path = chosen if chosen.lower().endswith(".xlsx") else chosen + ".xlsx"
    try:
        return report.to_xlsx(path, vocab_lang())
    except OSError as e:
        QMessageBox.warning(parent, _tr("无法保存报告"), _tr("无法写入 {path}：{reason}").format(
            path=path, reason=e.strerror or e))
        return None
    except GridsafeError as e:      # gis.atomic: the file cannot be replaced (open in Excel)
        QMessageBox.warning(parent, _tr("无法保存报告"), error_text(e))
        return None


def show_refusal(parent: QWidget, title: str, message: str, error: BaseException | None) -> Path | None:
    """An import refused: `message` (the first problems) in a warning; when `error` is an ImportRejected, a
    保存完整报告… button writes every problem to an xlsx (save_report) and offers to open it. The file written."""
    report = error.report if isinstance(error, ImportRejected) else None
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    save = box.addButton(_tr("保存完整报告…"), QMessageBox.ButtonRole.ActionRole) if report is not None else None
    if save is not None:
        save.setToolTip(_tr("把每一处问题（文件、行号、字段、原因）保存为 Excel 工作簿"))
    box.exec()
    if save is None or box.clickedButton() is not save:
        return None
    out = save_report(parent, report)
    if out is None:
        return None
    tell_saved(parent, title, _tr("完整的导入报告已保存：\n{path}").format(path=out), out)
    return out
