"""The campaign editor: a campaign's fields and a table of its phases (阶段: start–end) and milestones
(节点目标: one date), each with an optional KPI target. Not modal. 保存 checks through
gis.stats.campaigns (the same rules as `gridsafe campaign add`); a refusal keeps the dialog open with the
reasons under it and the offending fields and cells marked; saved(Change) once written."""
from __future__ import annotations

import re
from datetime import date, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.i18n import error_text, vocab_lang
from gis.errors import GridsafeError
from gis.stats import campaigns
from gis.stats.campaigns import CampaignData, CampaignError, KpiChoice, PhaseData

# table columns: (key in the campaign file, header)
COLUMNS = (
    ("kind", QT_TRANSLATE_NOOP("CampaignDialog", "类型")),
    ("name", QT_TRANSLATE_NOOP("CampaignDialog", "名称")),
    ("start", QT_TRANSLATE_NOOP("CampaignDialog", "开始")),
    ("end", QT_TRANSLATE_NOOP("CampaignDialog", "结束 / 到期")),
    ("kpi", QT_TRANSLATE_NOOP("CampaignDialog", "指标")),
    ("target", QT_TRANSLATE_NOOP("CampaignDialog", "目标值")),
    ("note", QT_TRANSLATE_NOOP("CampaignDialog", "备注")),
)
COL = {key: i for i, (key, _h) in enumerate(COLUMNS)}
KINDS = (("phase", QT_TRANSLATE_NOOP("CampaignDialog", "阶段")),
         ("milestone", QT_TRANSLATE_NOOP("CampaignDialog", "节点目标")))
FIELD_LABELS = {"name": QT_TRANSLATE_NOOP("CampaignDialog", "名称"),
                "document_no": QT_TRANSLATE_NOOP("CampaignDialog", "文号"),
                "issuer": QT_TRANSLATE_NOOP("CampaignDialog", "印发单位"),
                "start": QT_TRANSLATE_NOOP("CampaignDialog", "开始日期"),
                "end": QT_TRANSLATE_NOOP("CampaignDialog", "结束日期"),
                "note": QT_TRANSLATE_NOOP("CampaignDialog", "备注")}
BAD = QColor("#f4cccc")
PHASE_KEY = re.compile(r"phases\[(\d+)\]\.(\w+)")


def _date_edit(d: date) -> QDateEdit:
    edit = QDateEdit(QDate(d.year, d.month, d.day), calendarPopup=True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class CampaignDialog(QDialog):
    saved = Signal(object)                 # gis.changes.Change

    def __init__(self, project, campaign: CampaignData | None, kpis: KpiChoice, parent=None, *,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.campaign_id = None if campaign is None else campaign.id
        self.kpis = kpis
        self.setWindowTitle(self.tr("新建专项行动") if campaign is None else self.tr("编辑专项行动"))
        self.setModal(False)
        today = today or date.today()
        c = campaign or CampaignData(name="", start_on=today, end_on=today + timedelta(days=90))
        self.name = QLineEdit(c.name, placeholderText=self.tr("如 今冬明春安全生产专项整治行动"))
        self.document_no = QLineEdit(c.document_no or "", placeholderText=self.tr("文号，如 湛安委〔2026〕18号"))
        self.issuer = QLineEdit(c.issuer or "", placeholderText=self.tr("印发单位"))
        self.start = _date_edit(c.start_on)
        self.end = _date_edit(c.end_on)
        self.note = QPlainTextEdit(c.note or "")
        self.note.setFixedHeight(48)
        self.fields = {"name": self.name, "document_no": self.document_no, "issuer": self.issuer,
                       "start": self.start, "end": self.end, "note": self.note}
        form = QFormLayout()
        span = QHBoxLayout()
        span.addWidget(self.start)
        span.addWidget(QLabel(self.tr("至")))
        span.addWidget(self.end)
        span.addStretch(1)
        form.addRow(self.tr("名称*"), self.name)
        form.addRow(self.tr("文号"), self.document_no)
        form.addRow(self.tr("印发单位"), self.issuer)
        form.addRow(self.tr("起止日期*"), span)
        form.addRow(self.tr("备注"), self.note)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for _k, h in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL["name"], QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL["note"], QHeaderView.ResizeMode.Stretch)
        for key, width in (("kind", 84), ("start", 96), ("end", 96), ("kpi", 150), ("target", 64)):
            self.table.setColumnWidth(COL[key], width)
        self.table.verticalHeader().setDefaultSectionSize(26)
        for p in c.phases:
            self.add_row(p)
        self.add_phase_button = QPushButton(self.tr("添加阶段"))
        self.add_milestone_button = QPushButton(self.tr("添加节点目标"))
        self.remove_button = QPushButton(self.tr("删除所选"))
        self.up_button = QPushButton(self.tr("上移"))
        self.down_button = QPushButton(self.tr("下移"))
        row_buttons = QHBoxLayout()
        for b in (self.add_phase_button, self.add_milestone_button, self.remove_button, self.up_button,
                  self.down_button):
            row_buttons.addWidget(b)
        row_buttons.addStretch(1)
        hint = QLabel(self.tr("日期写作 2026-12-05；节点目标只填“结束 / 到期”；有目标值时须选指标（比率为百分数 0–100）。"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(QLabel(self.tr("阶段和节点目标")))
        lay.addWidget(self.table, 1)
        lay.addLayout(row_buttons)
        lay.addWidget(hint)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.add_phase_button.clicked.connect(lambda: self._add_new("phase"))
        self.add_milestone_button.clicked.connect(lambda: self._add_new("milestone"))
        self.remove_button.clicked.connect(self._remove)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.resize(860, 560)

    # --- rows ------------------------------------------------------------------------------------------------
    def _kpi_box(self, kpi: str | None) -> QComboBox:
        box = QComboBox()
        box.setEditable(not self.kpis.known)       # without KPI definitions any id may be typed
        box.addItem(self.tr("（无）"), None)
        for kid in self.kpis.names:
            box.addItem(self.kpis.name(kid, vocab_lang()), kid)
            box.setItemData(box.count() - 1, kid, Qt.ItemDataRole.ToolTipRole)
        if kpi and box.findData(kpi) < 0:
            box.addItem(kpi, kpi)
        box.setCurrentIndex(max(0, box.findData(kpi)) if kpi else 0)
        return box

    def add_row(self, p: PhaseData | None = None, kind: str = "phase") -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        kind_box = QComboBox()
        for key, label in KINDS:
            kind_box.addItem(self.tr(label), key)
        kind_box.setCurrentIndex(kind_box.findData(p.kind if p else kind))
        self.table.setCellWidget(row, COL["kind"], kind_box)
        self.table.setCellWidget(row, COL["kpi"], self._kpi_box(p.kpi if p else None))
        values = {"name": p.name if p else "", "start": str(p.start_on) if p and p.start_on else "",
                  "end": str(p.end_on) if p else "", "target": f"{p.target:g}" if p and p.target is not None else "",
                  "note": (p.note or "") if p else ""}
        for key, text in values.items():
            self.table.setItem(row, COL[key], QTableWidgetItem(text))
        kind_box.currentIndexChanged.connect(lambda _i, box=kind_box: self._kind_changed(box))
        self._kind_changed(kind_box)
        return row

    def _row_of(self, widget) -> int:
        for row in range(self.table.rowCount()):
            if self.table.cellWidget(row, COL["kind"]) is widget:
                return row
        return -1

    def _kind_changed(self, box: QComboBox) -> None:
        row = self._row_of(box)
        start = self.table.item(row, COL["start"])
        if start is None:
            return
        milestone = box.currentData() == "milestone"
        flags = start.flags()
        start.setFlags(flags & ~Qt.ItemFlag.ItemIsEditable if milestone else flags | Qt.ItemFlag.ItemIsEditable)
        if milestone:
            start.setText("")
        start.setBackground(QBrush(QColor("#eeeeee")) if milestone else QBrush())

    def _add_new(self, kind: str) -> None:
        row = self.add_row(kind=kind)
        self.table.setCurrentCell(row, COL["name"])
        self.table.editItem(self.table.item(row, COL["name"]))

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def _move(self, step: int) -> None:
        row = self.table.currentRow()
        other = row + step
        if row < 0 or not 0 <= other < self.table.rowCount():
            return
        phases = self.phase_values()
        phases[row], phases[other] = phases[other], phases[row]
        self._set_rows(phases)
        self.table.setCurrentCell(other, COL["name"])

    def _set_rows(self, phases: list[dict]) -> None:
        self.table.setRowCount(0)
        for values in phases:
            row = self.add_row(kind=values["kind"])
            self.table.cellWidget(row, COL["kpi"]).setCurrentIndex(
                max(0, self.table.cellWidget(row, COL["kpi"]).findData(values.get("kpi"))))
            for key in ("name", "start", "end", "target", "note"):
                self.table.item(row, COL[key]).setText(values.get(key) or "")

    # --- values --------------------------------------------------------------------------------------------
    def _kpi_of(self, row: int) -> str | None:
        box = self.table.cellWidget(row, COL["kpi"])
        text = box.currentText().strip()
        if box.isEditable() and text != box.itemText(box.currentIndex()):
            return text or None                   # typed (no KPI definitions to choose from)
        return box.currentData()

    def phase_values(self) -> list[dict]:
        """The table's rows as the campaign file writes phases (text as typed)."""
        out = []
        for row in range(self.table.rowCount()):
            kind = self.table.cellWidget(row, COL["kind"]).currentData()
            values = {"kind": kind, **{k: self.table.item(row, COL[k]).text().strip()
                                       for k in ("name", "start", "end", "target", "note")}}
            values["kpi"] = self._kpi_of(row)
            out.append(values)
        return out

    def mapping(self) -> dict:
        """The dialog's campaign as the campaign file writes it (gis.stats.campaigns.from_mapping)."""
        phases = []
        for v in self.phase_values():
            p = {"kind": v["kind"], "name": v["name"], "end" if v["kind"] == "phase" else "date": v["end"] or None,
                 "kpi": v["kpi"], "target": v["target"] or None, "note": v["note"] or None}
            if v["kind"] == "phase":
                p["start"] = v["start"] or None
            phases.append(p)
        q = lambda e: e.date().toString("yyyy-MM-dd")
        return {"name": self.name.text(), "document_no": self.document_no.text() or None,
                "issuer": self.issuer.text() or None, "start": q(self.start), "end": q(self.end),
                "note": self.note.toPlainText().strip() or None, "phases": phases}

    # --- saving ----------------------------------------------------------------------------------------------
    def _clear_marks(self) -> None:
        for w in self.fields.values():
            w.setStyleSheet("")
        for row in range(self.table.rowCount()):
            for key in ("name", "start", "end", "target", "note"):
                item = self.table.item(row, COL[key])
                if item.flags() & Qt.ItemFlag.ItemIsEditable:
                    item.setBackground(QBrush())
            for key in ("kind", "kpi"):
                self.table.cellWidget(row, COL[key]).setStyleSheet("")

    def _mark(self, keys: list[str]) -> None:
        for key in keys:
            if key in self.fields:
                self.fields[key].setStyleSheet("background: #f4cccc;")
                continue
            m = PHASE_KEY.fullmatch(key)
            if not m:
                continue
            row, col = int(m[1]) - 1, COL.get("end" if m[2] == "date" else m[2])
            if col is None or row >= self.table.rowCount():
                continue
            widget = self.table.cellWidget(row, col)
            if widget is not None:
                widget.setStyleSheet("background: #f4cccc;")
            else:
                self.table.item(row, col).setBackground(QBrush(BAD))

    def where(self, key: str) -> str:
        """A key of the campaign file as the dialog names it: 名称, 第 2 行“结束 / 到期” …"""
        m = PHASE_KEY.fullmatch(key)
        if m:
            col = "end" if m[2] == "date" else m[2]
            header = self.tr(COLUMNS[COL[col]][1]) if col in COL else col
            return self.tr("阶段和节点目标第 {row} 行“{column}”").format(row=m[1], column=header)
        return self.tr(FIELD_LABELS[key]) if key in FIELD_LABELS else key

    def save(self) -> None:
        self._clear_marks()
        try:
            data = campaigns.from_mapping(self.mapping())
            if self.campaign_id is None:
                self.campaign_id, change = campaigns.add(self.project, data, self.kpis)
            else:
                change = campaigns.update(self.project, self.campaign_id, data, self.kpis)
        except CampaignError as e:
            self._mark(e.keys)
            self._show_error("\n".join(self.tr("{0}：{1}").format(self.where(key), why)
                                        for key, why in e.reasons(vocab_lang())))
            return
        except GridsafeError as e:
            self._show_error(error_text(e))
            return
        self.error.hide()
        self.saved.emit(change)
        self.accept()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
