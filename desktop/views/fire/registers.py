"""Forest-fire registers (登记簿): checkpoints (检查站: 一站一码, type, room, metal detector — edited in
place and saved in one transaction), outdoor-fire permits (野外用火审批: list, add, approve or refuse)
and the guardian register (监护人登记: personal fields masked unless 显示隐私信息 is ticked).
All rules and the masking are gis.fire.registers'; refusals show its Chinese reason."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text, vocab_label
from desktop.tasks import loading_here
from gis import vocab
from gis.errors import GridsafeError
from gis.fire import registers as fire_registers

CHECKPOINT_COLUMNS = (  # shown with self.tr in FireRegistersView
    QT_TRANSLATE_NOOP("FireRegistersView", "名称"), QT_TRANSLATE_NOOP("FireRegistersView", "一站一码"),
    QT_TRANSLATE_NOOP("FireRegistersView", "类型"), QT_TRANSLATE_NOOP("FireRegistersView", "检查用房"),
    QT_TRANSLATE_NOOP("FireRegistersView", "金属探测仪"), QT_TRANSLATE_NOOP("FireRegistersView", "地址"),
    QT_TRANSLATE_NOOP("FireRegistersView", "状态"),
)


# the registers' column names (gis/fire/registers.py's row keys), shown in the interface language
COLUMNS = frozenset((
    QT_TRANSLATE_NOOP("FireRegistersView", "一站一码"), QT_TRANSLATE_NOOP("FireRegistersView", "名称"),
    QT_TRANSLATE_NOOP("FireRegistersView", "类型"), QT_TRANSLATE_NOOP("FireRegistersView", "地址"),
    QT_TRANSLATE_NOOP("FireRegistersView", "检查用房"), QT_TRANSLATE_NOOP("FireRegistersView", "金属探测仪"),
    QT_TRANSLATE_NOOP("FireRegistersView", "经纬度"), QT_TRANSLATE_NOOP("FireRegistersView", "状态"),
    QT_TRANSLATE_NOOP("FireRegistersView", "申请人"), QT_TRANSLATE_NOOP("FireRegistersView", "联系电话"),
    QT_TRANSLATE_NOOP("FireRegistersView", "用火地点"), QT_TRANSLATE_NOOP("FireRegistersView", "用火日期"),
    QT_TRANSLATE_NOOP("FireRegistersView", "用火事由"), QT_TRANSLATE_NOOP("FireRegistersView", "防范措施"),
    QT_TRANSLATE_NOOP("FireRegistersView", "审批人"), QT_TRANSLATE_NOOP("FireRegistersView", "审批日期"),
    QT_TRANSLATE_NOOP("FireRegistersView", "村（社区）"), QT_TRANSLATE_NOOP("FireRegistersView", "被监护人"),
    QT_TRANSLATE_NOOP("FireRegistersView", "行为能力"), QT_TRANSLATE_NOOP("FireRegistersView", "住址"),
    QT_TRANSLATE_NOOP("FireRegistersView", "监护人"), QT_TRANSLATE_NOOP("FireRegistersView", "监护人电话"),
    QT_TRANSLATE_NOOP("FireRegistersView", "关系"), QT_TRANSLATE_NOOP("FireRegistersView", "监护措施"),
    QT_TRANSLATE_NOOP("FireRegistersView", "登记日期"),
))


def _fill(table: QTableWidget, rows: list[dict], columns: list[str] | None = None) -> None:
    columns = columns or (list(rows[0]) if rows else [])
    table.clear()
    table.setColumnCount(len(columns))
    table.setHorizontalHeaderLabels([QCoreApplication.translate("FireRegistersView", c) if c in COLUMNS else c
                                     for c in columns])
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, col in enumerate(columns):
            item = QTableWidgetItem(str(row.get(col, "")))
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


def _readonly_table() -> QTableWidget:
    t = QTableWidget()
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.horizontalHeader().setStretchLastSection(True)
    t.verticalHeader().setVisible(False)
    return t


class RecordDialog(QDialog):
    """A small form: labelled fields, OK/Cancel; values() reads them back as plain Python values."""

    def __init__(self, title: str, fields: list[tuple[str, str, QWidget]], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.fields = fields
        form = QFormLayout()
        for _key, label, widget in fields:
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)

    def widget(self, key: str) -> QWidget:
        return next(w for k, _label, w in self.fields if k == key)

    def values(self) -> dict:
        out = {}
        for key, _label, w in self.fields:
            if isinstance(w, QLineEdit):
                out[key] = w.text().strip()
            elif isinstance(w, QComboBox):
                out[key] = w.currentData()
            elif isinstance(w, QDateEdit):
                q = w.date()
                out[key] = date(q.year(), q.month(), q.day())
        return out


def _date_edit(d: date | None = None) -> QDateEdit:
    d = d or date.today()
    e = QDateEdit(QDate(d.year, d.month, d.day), calendarPopup=True)
    e.setDisplayFormat("yyyy-MM-dd")
    return e


class FireRegistersView(QWidget):
    changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.operator = None     # desktop.operator.Operator: approves when no other approver is named
        self.checkpoint_ids: list[int] = []
        self.permit_ids: list[int] = []
        self.tabs = QTabWidget()
        # checkpoints
        self.checkpoints = QTableWidget()
        self.checkpoints.verticalHeader().setVisible(False)
        self.checkpoints.horizontalHeader().setStretchLastSection(True)
        self.save_checkpoints = QPushButton(self.tr("保存检查站"))
        self.revert_checkpoints = QPushButton(self.tr("放弃修改"))
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(QLabel(self.tr("一站一码、类型、检查用房和金属探测仪可直接修改，点“保存检查站”一并保存。")))
        lay.addWidget(self.checkpoints, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.revert_checkpoints)
        row.addWidget(self.save_checkpoints)
        lay.addLayout(row)
        self.tabs.addTab(page, self.tr("检查站"))
        # permits
        self.permits = _readonly_table()
        self.approver = QLineEdit(placeholderText=self.tr("审批人姓名（空：操作人）"))
        self.add_permit = QPushButton(self.tr("新增申请…"))
        self.approve = QPushButton(self.tr("批准"))
        self.refuse = QPushButton(self.tr("不予批准"))
        self.revoke = QPushButton(self.tr("撤销"))
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(self.permits, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_permit)
        row.addStretch(1)
        for w in (QLabel(self.tr("审批人")), self.approver, self.approve, self.refuse, self.revoke):
            row.addWidget(w)
        lay.addLayout(row)
        self.tabs.addTab(page, self.tr("野外用火审批"))
        # guardians
        self.guardians = _readonly_table()
        self.show_private = QCheckBox(self.tr("显示隐私信息"))
        self.add_guardian = QPushButton(self.tr("登记…"))
        page = QWidget()
        lay = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("被监护人和监护人的个人信息默认隐藏，勾选“显示隐私信息”后显示。")))
        row.addStretch(1)
        row.addWidget(self.show_private)
        lay.addLayout(row)
        lay.addWidget(self.guardians, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.add_guardian)
        lay.addLayout(row)
        self.tabs.addTab(page, self.tr("监护人登记"))
        self.message = QLabel()     # a load that took too long says so here
        self.message.setWordWrap(True)
        self.message.hide()
        outer = QVBoxLayout(self)
        outer.addWidget(self.tabs)
        outer.addWidget(self.message)
        self.save_checkpoints.clicked.connect(self.save)
        self.revert_checkpoints.clicked.connect(self.load_checkpoints)
        self.add_permit.clicked.connect(self.ask_permit)
        self.approve.clicked.connect(lambda: self.decide("approved"))
        self.refuse.clicked.connect(lambda: self.decide("rejected"))
        self.revoke.clicked.connect(lambda: self.decide("revoked"))
        self.permits.itemSelectionChanged.connect(self._permit_buttons)
        self.show_private.toggled.connect(self.load_guardians)
        self.add_guardian.clicked.connect(self.ask_guardian)

    def set_project(self, project) -> None:
        self.project = project
        self.refresh()

    def refresh(self) -> None:
        self.message.clear()
        self.message.hide()
        what = QT_TRANSLATE_NOOP("Loads", "消防台账")
        with loading_here(self.project, what, self._say):    # a project that makes it endless: a message
            self.load_checkpoints()
            self.load_permits()
            self.load_guardians()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _write(self, fn, title: str) -> bool:
        try:
            self.project.write(fn)
        except GridsafeError as e:
            QMessageBox.warning(self, title, error_text(e))
            return False
        self.changed.emit()
        return True

    # --- checkpoints ------------------------------------------------------------------------------

    def load_checkpoints(self) -> None:
        t = self.checkpoints
        t.clear()
        t.setColumnCount(len(CHECKPOINT_COLUMNS))
        t.setHorizontalHeaderLabels([self.tr(c) for c in CHECKPOINT_COLUMNS])
        self.checkpoint_ids = []
        if self.project is None:
            t.setRowCount(0)
            return
        with self.project.session() as s:
            rows = [(x["id"], x["name"], x["code"], x["attributes"], x["address"],
                     vocab_label("site_statuses", x["status"])) for x in fire_registers.checkpoint_table(s)]
        t.setRowCount(len(rows))
        for r, (sid, name, code, attrs, address, status) in enumerate(rows):
            self.checkpoint_ids.append(sid)
            for c, text in ((0, name), (5, address), (6, status)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                t.setItem(r, c, item)
            code_item = QTableWidgetItem(code)
            code_item.setToolTip(self.tr("一站一码：留空表示未开通"))
            t.setItem(r, 1, code_item)
            kind = QComboBox()
            for key in vocab.keys("checkpoint_types"):
                kind.addItem(vocab_label("checkpoint_types", key), key)
            kind.setCurrentIndex(kind.findData(attrs.get("type", "fixed")))
            t.setCellWidget(r, 2, kind)
            for c, key in ((3, "room"), (4, "metal_detector")):
                item = QTableWidgetItem(self.tr("有"))
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setCheckState(Qt.CheckState.Checked if attrs.get(key) else Qt.CheckState.Unchecked)
                t.setItem(r, c, item)
        t.resizeColumnsToContents()
        t.setColumnWidth(1, max(t.columnWidth(1), 120))

    def checkpoint_values(self, row: int) -> dict:
        t = self.checkpoints
        return {"code": t.item(row, 1).text(), "kind": t.cellWidget(row, 2).currentData(),
                "room": t.item(row, 3).checkState() == Qt.CheckState.Checked,
                "metal_detector": t.item(row, 4).checkState() == Qt.CheckState.Checked}

    def save(self) -> bool:
        """All checkpoints in one transaction: one refusal and nothing is written."""
        values = [(sid, self.checkpoint_values(r)) for r, sid in enumerate(self.checkpoint_ids)]

        def write(s):
            for sid, v in values:
                fire_registers.update_checkpoint(s, sid, **v)

        if self._write(write, self.tr("无法保存检查站")):
            self.load_checkpoints()
            return True
        return False

    # --- permits ----------------------------------------------------------------------------------

    def load_permits(self) -> None:
        rows, self.permit_ids, statuses = [], [], []
        if self.project is not None:
            with self.project.session() as s:
                rows = fire_registers.permit_rows(s)
                found = fire_registers.permit_states(s)
                self.permit_ids, statuses = [f[0] for f in found], [f[1] for f in found]
        self.permit_statuses = statuses
        columns = ["状态", *(c for c in rows[0] if c != "状态")] if rows else ["状态", "申请人", "联系电话", "用火地点",
                                                                              "用火日期", "用火事由"]
        _fill(self.permits, rows, columns)
        self._permit_buttons()

    def current_permit(self) -> int | None:
        r = self.permits.currentRow()
        return self.permit_ids[r] if 0 <= r < len(self.permit_ids) and self.permits.selectedItems() else None

    def _permit_buttons(self) -> None:
        r = self.permits.currentRow()
        status = self.permit_statuses[r] if 0 <= r < len(self.permit_statuses) and self.permits.selectedItems() else None
        self.approve.setEnabled(status == "pending")
        self.refuse.setEnabled(status == "pending")
        self.revoke.setEnabled(status == "approved")

    def _villages(self) -> list[tuple[str, int | None]]:
        with self.project.session() as s:
            units = fire_registers.villages(s)
        return [(self.tr("（未指定）"), None), *[(n, i) for n, i in units]]

    def _village_combo(self) -> QComboBox:
        box = QComboBox()
        for name, uid in self._villages():
            box.addItem(name, uid)
        return box

    def permit_dialog(self) -> RecordDialog:
        return RecordDialog(self.tr("野外用火申请"), [
            ("applicant", self.tr("申请人"), QLineEdit()), ("phone", self.tr("联系电话"), QLineEdit()),
            ("village", self.tr("村（社区）"), self._village_combo()), ("place", self.tr("用火地点"), QLineEdit()),
            ("start", self.tr("开始日期"), _date_edit()), ("end", self.tr("结束日期"), _date_edit()),
            ("purpose", self.tr("用火事由"), QLineEdit()), ("measures", self.tr("防范措施"), QLineEdit()),
        ], self)

    def ask_permit(self) -> None:
        if self.project is None:
            return
        dlg = self.permit_dialog()
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.add_permit_record(dlg.values())

    def add_permit_record(self, v: dict) -> bool:
        def write(s):
            fire_registers.add_permit(s, v["applicant"], v["start"], v["end"], v["purpose"], phone=v["phone"] or None,
                                      place=v["place"] or None, measures=v["measures"] or None,
                                      village=v["village"])

        ok = self._write(write, self.tr("无法登记用火申请"))
        if ok:
            self.load_permits()
        return ok

    def decide(self, status: str) -> bool:
        pid = self.current_permit()
        if pid is None or self.project is None:
            return False
        approver = self.approver.text().strip()
        if not approver and self.operator is not None:   # nobody named: the operator signs (asked for if unset)
            actor = self.operator.require(self)
            if actor is None:
                return False
            approver = actor.name
        ok = self._write(lambda s: fire_registers.decide_permit(s, pid, status, approver, date.today()),
                         self.tr("无法审批"))
        if ok:
            row = self.permits.currentRow()
            self.load_permits()
            self.permits.selectRow(row)
        return ok

    # --- guardians --------------------------------------------------------------------------------

    def load_guardians(self) -> None:
        rows = []
        if self.project is not None:
            with self.project.session() as s:
                rows = fire_registers.guardian_rows(s, include_private=self.show_private.isChecked())
        _fill(self.guardians, rows, None if rows else ["村（社区）", "被监护人", "行为能力", "住址", "监护人", "监护人电话"])

    def guardian_dialog(self) -> RecordDialog:
        capacity = QComboBox()
        for key in vocab.keys("legal_capacities"):
            capacity.addItem(vocab_label("legal_capacities", key), key)
        return RecordDialog(self.tr("监护人登记"), [
            ("village", self.tr("村（社区）"), self._village_combo()), ("ward", self.tr("被监护人"), QLineEdit()),
            ("capacity", self.tr("行为能力"), capacity), ("address", self.tr("住址"), QLineEdit()),
            ("guardian", self.tr("监护人"), QLineEdit()), ("phone", self.tr("监护人电话"), QLineEdit()),
            ("relation", self.tr("关系"), QLineEdit()), ("measures", self.tr("监护措施"), QLineEdit()),
            ("registered_on", self.tr("登记日期"), _date_edit()),
        ], self)

    def ask_guardian(self) -> None:
        if self.project is None:
            return
        dlg = self.guardian_dialog()
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.add_guardian_record(dlg.values())

    def add_guardian_record(self, v: dict) -> bool:
        def write(s):
            fire_registers.add_guardian_record(
                s, v["ward"], v["capacity"], v["guardian"], guardian_phone=v["phone"] or None,
                village=v["village"], address=v["address"] or None,
                relation=v["relation"] or None, measures=v["measures"] or None, registered_on=v["registered_on"])

        ok = self._write(write, self.tr("无法登记"))
        if ok:
            self.load_guardians()
        return ok

