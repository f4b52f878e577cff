"""第三方施工登记: the register dock (table, status filter, search; 新建 / 编辑 / 删除 / 定位 / 状态) and the form
that edits one works (date pickers, the status vocabulary, its extent drawn on the map).

Lists and writes go through desktop/services/works.py (the checks of `import --layer works`); a refusal
keeps the form open with the reason under it and the field marked. Drawing is the feature's
(desktop/features/works.py): the view asks with newRequested / form.redrawRequested."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text, vocab_label
from desktop.services import works as use
from desktop.tasks import loading_here, loading_named
from gis import vocab
from gis.errors import GridsafeError
from gis.gas.works import WorksError, area_m2

STATUSES = tuple(vocab.labels("works_statuses"))          # planned, active, finished
COLUMNS = (  # (field, header) shown with self.tr in WorksRegisterView
    ("name", QT_TRANSLATE_NOOP("WorksRegisterView", "名称")),
    ("party", QT_TRANSLATE_NOOP("WorksRegisterView", "施工单位")),
    ("contact_name", QT_TRANSLATE_NOOP("WorksRegisterView", "联系人")),
    ("contact_phone", QT_TRANSLATE_NOOP("WorksRegisterView", "电话")),
    ("start_on", QT_TRANSLATE_NOOP("WorksRegisterView", "开工")),
    ("end_on", QT_TRANSLATE_NOOP("WorksRegisterView", "完工")),
    ("permit_no", QT_TRANSLATE_NOOP("WorksRegisterView", "许可/协议编号")),
    ("supervisor", QT_TRANSLATE_NOOP("WorksRegisterView", "监护人")),
    ("status", QT_TRANSLATE_NOOP("WorksRegisterView", "状态")),
)
STATUS_COLOURS = {"active": "#fdebd0", "planned": None, "finished": "#eeeeee"}
FORM_LABELS = {  # field → form label, shown with self.tr; the same words the import and the errors use
    "name": QT_TRANSLATE_NOOP("WorksForm", "名称"), "party": QT_TRANSLATE_NOOP("WorksForm", "施工单位"),
    "contact_name": QT_TRANSLATE_NOOP("WorksForm", "联系人"),
    "contact_phone": QT_TRANSLATE_NOOP("WorksForm", "联系电话"),
    "start_on": QT_TRANSLATE_NOOP("WorksForm", "开始日期"), "end_on": QT_TRANSLATE_NOOP("WorksForm", "结束日期"),
    "permit_no": QT_TRANSLATE_NOOP("WorksForm", "许可编号"), "supervisor": QT_TRANSLATE_NOOP("WorksForm", "监护人"),
    "status": QT_TRANSLATE_NOOP("WorksForm", "状态"), "note": QT_TRANSLATE_NOOP("WorksForm", "备注"),
    "geom": QT_TRANSLATE_NOOP("WorksForm", "施工范围"),
}
NO_DATE = QDate(2000, 1, 1)          # the date edits' minimum, shown as 未填


class WorksRegisterView(QWidget):
    """The register: one row per works, active first. Writes here are delete and status; the rest asks the
    feature (new: draw first; edit: the form)."""

    newRequested = Signal()
    editRequested = Signal(int)           # works id
    locateRequested = Signal(int)         # works id
    changed = Signal(object)              # gis.changes.Change of a write made here

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.rows: list = []
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("全部状态"), None)
        for key in STATUSES:
            self.status_filter.addItem(vocab_label("works_statuses", key), key)
        self.search = QLineEdit(placeholderText=self.tr("搜索名称、施工单位、联系人、电话、编号、监护人"))
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.message = QLabel()     # a load that took too long says so here
        self.message.setWordWrap(True)
        self.message.hide()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for _f, h in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSortingEnabled(False)
        self.new_button = QPushButton(self.tr("新建…"))
        self.new_button.setToolTip(self.tr("先在地图上绘制施工范围，再填写施工信息"))
        self.edit_button = QPushButton(self.tr("编辑…"))
        self.delete_button = QPushButton(self.tr("删除"))
        self.locate_button = QPushButton(self.tr("定位"))
        self.locate_button.setToolTip(self.tr("在地图上显示所选施工的范围"))
        self.status_button = QToolButton()
        self.status_button.setText(self.tr("状态"))
        self.status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.status_button)
        self.status_actions = {}
        for key in STATUSES:
            action = menu.addAction(self.tr("设为“{status}”").format(status=vocab_label("works_statuses", key)))
            action.triggered.connect(lambda _=False, k=key: self.set_status(k))
            self.status_actions[key] = action
        self.status_button.setMenu(menu)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("状态")))
        top.addWidget(self.status_filter)
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.delete_button, self.status_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.locate_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.message)
        lay.addLayout(buttons)

        self.status_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.search.textChanged.connect(lambda _t: self.refresh())
        self.table.itemSelectionChanged.connect(self._buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self._edit())
        self.new_button.clicked.connect(self.newRequested.emit)
        self.edit_button.clicked.connect(self._edit)
        self.delete_button.clicked.connect(self.delete)
        self.locate_button.clicked.connect(lambda: self.selected_id() is not None and
                                           self.locateRequested.emit(self.selected_id()))
        self._buttons()

    # --- content -----------------------------------------------------------------------------------
    def set_project(self, project) -> None:
        self.project = project
        self.refresh()

    def refresh(self, select: int | None = None) -> None:
        """Read the register again (filter and search applied), keeping or moving to the selected works."""
        keep = select if select is not None else self.selected_id()
        self.rows = []
        self.message.hide()
        if self.project is not None:
            what = QT_TRANSLATE_NOOP("Loads", "第三方施工")
            with loading_here(self.project, what, self._say):   # a project that makes it endless: a message
                self.rows = use.listing(self.project, status=self.status_filter.currentData(), text=self.search.text())
        t = self.table
        t.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            colour = STATUS_COLOURS.get(row.status)
            for c, (name, _h) in enumerate(COLUMNS):
                value = getattr(row, name)
                if name == "status":
                    text = vocab_label("works_statuses", value)
                elif isinstance(value, date):
                    text = value.isoformat()
                else:
                    text = value or ""
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                if colour:
                    item.setBackground(QColor(colour))
                t.setItem(r, c, item)
        t.resizeColumnsToContents()
        self.count.setText(self.tr("{n} 项").format(n=len(self.rows)) if self.message.isHidden() else "")
        if keep is not None:
            self.select(keep)
        self._buttons()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def select(self, works_id: int) -> bool:
        for r, row in enumerate(self.rows):
            if row.id == works_id:
                self.table.selectRow(r)
                self.table.scrollToItem(self.table.item(r, 0))
                return True
        self.table.clearSelection()
        return False

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[rows[0].row()].id if rows and rows[0].row() < len(self.rows) else None

    def selected_row(self):
        works_id = self.selected_id()
        return next((r for r in self.rows if r.id == works_id), None)

    def _buttons(self) -> None:
        row = self.selected_row()
        for b in (self.edit_button, self.delete_button, self.locate_button, self.status_button):
            b.setEnabled(row is not None)
        self.new_button.setEnabled(self.project is not None)
        self.locate_button.setEnabled(row is not None and row.bounds is not None)
        for key, action in self.status_actions.items():
            action.setEnabled(row is not None and row.status != key)

    def _edit(self) -> None:
        works_id = self.selected_id()
        if works_id is not None:
            self.editRequested.emit(works_id)

    # --- writes ------------------------------------------------------------------------------------
    def delete(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        try:
            with loading_named(self.project, QT_TRANSLATE_NOOP("Loads", "第三方施工")):   # on the UI thread: limited
                linked = len(use.record(self.project, row.id).linked_hazards)
        except GridsafeError as e:          # deleted meanwhile (another workstation), or read past the budget
            QMessageBox.warning(self, self.tr("无法删除"), error_text(e))
            return
        text = self.tr("删除第三方施工“{name}”？").format(name=row.name)
        if linked:
            text += "\n\n" + self.tr("有 {n} 条隐患关联此施工：隐患保留在台账中，但不再关联此施工。").format(n=linked)
        if QMessageBox.question(self, self.tr("删除施工"), text) != QMessageBox.StandardButton.Yes:
            return
        try:
            done = use.delete(self.project, row.id)
        except GridsafeError as e:
            QMessageBox.warning(self, self.tr("无法删除"), error_text(e))
            return
        self.changed.emit(done.change)
        self.refresh()

    def set_status(self, status: str) -> None:
        works_id = self.selected_id()
        if works_id is None:
            return
        try:
            done = use.set_status(self.project, works_id, status)
        except GridsafeError as e:
            QMessageBox.warning(self, self.tr("无法修改状态"), error_text(e))
            return
        self.changed.emit(done.change)
        self.refresh(select=works_id)


class _OptionalDate(QDateEdit):
    """A date picker that may be left empty (未填, its minimum); its calendar opens on this month then."""

    def mousePressEvent(self, e) -> None:
        if self.date() == NO_DATE:
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        super().mousePressEvent(e)


def _date_edit() -> QDateEdit:
    e = _OptionalDate(calendarPopup=True)
    e.setDisplayFormat("yyyy-MM-dd")
    e.setMinimumDate(NO_DATE)
    e.setSpecialValueText(QCoreApplication.translate("WorksForm", "未填"))
    e.setDate(NO_DATE)
    return e


def _set_date(edit: QDateEdit, d: date | None) -> None:
    edit.setDate(QDate(d.year, d.month, d.day) if d is not None else NO_DATE)


def _get_date(edit: QDateEdit) -> date | None:
    q = edit.date()
    return None if q == NO_DATE else date(q.year(), q.month(), q.day())


class WorksForm(QDialog):
    """One works' attributes and extent. `works_id` None: a new works (its extent drawn just before).
    Not modal, so the map stays usable; 重新绘制范围 asks the feature to draw (redrawRequested) and hands the
    result back through set_extent. Saving calls the use case; saved(Outcome) when written."""

    redrawRequested = Signal()
    saved = Signal(object)                # desktop.services.Outcome (value = works id)


    def __init__(self, project, works_id: int | None = None, extent=None, parent=None) -> None:
        super().__init__(parent)
        self.project = project
        self.works_id = works_id
        self.extent = extent                  # a new extent drawn here (None on edit: unchanged)
        self.setWindowTitle(self.tr("新建第三方施工") if works_id is None else self.tr("编辑施工信息"))
        self.setModal(False)
        self.name = QLineEdit()
        self.party = QLineEdit()
        self.contact_name = QLineEdit()
        self.contact_phone = QLineEdit()
        self.start_on = _date_edit()
        self.end_on = _date_edit()
        self.permit_no = QLineEdit(placeholderText=self.tr("施工许可或安全保护协议编号"))
        self.supervisor = QLineEdit(placeholderText=self.tr("燃气企业现场监护人"))
        self.status = QComboBox()
        for key in STATUSES:
            self.status.addItem(vocab_label("works_statuses", key), key)
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(60)
        self.extent_label = QLabel()
        self.redraw_button = QPushButton(self.tr("重新绘制范围…"))
        self.redraw_button.setToolTip(self.tr("在地图上重新绘制此施工的范围"))
        self.date_rows = {}
        for key, edit in (("start_on", self.start_on), ("end_on", self.end_on)):
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            clear = QToolButton(text=self.tr("清空"))
            clear.setToolTip(self.tr("不填此日期"))
            clear.clicked.connect(lambda _=False, e=edit: e.setDate(NO_DATE))
            row.addWidget(clear)
            self.date_rows[key] = row
        extent_row = QHBoxLayout()
        extent_row.addWidget(self.extent_label, 1)
        extent_row.addWidget(self.redraw_button)
        self.widgets = {"name": self.name, "party": self.party, "contact_name": self.contact_name,
                        "contact_phone": self.contact_phone, "start_on": self.start_on, "end_on": self.end_on,
                        "permit_no": self.permit_no, "supervisor": self.supervisor, "status": self.status,
                        "note": self.note, "geom": self.redraw_button}
        form = QFormLayout()
        for key, widget in self.widgets.items():
            if key == "geom":
                form.addRow(self.tr(FORM_LABELS[key]), extent_row)
            elif key in self.date_rows:
                form.addRow(self.tr(FORM_LABELS[key]), self.date_rows[key])
            else:
                form.addRow(self.tr(FORM_LABELS[key]) + ("*" if key == "name" else ""), widget)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.redraw_button.clicked.connect(self.redrawRequested.emit)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        if works_id is not None:
            rec = use.record(project, works_id)
            self._load(rec.values)
            self._show_extent(rec.extent, changed=False)
        else:
            self.start_on.setDate(QDate.currentDate())
            self._show_extent(extent, changed=False)
        self.setMinimumWidth(420)

    # --- values ------------------------------------------------------------------------------------
    def _load(self, values: dict) -> None:
        for key in ("name", "party", "contact_name", "contact_phone", "permit_no", "supervisor"):
            self.widgets[key].setText(values.get(key) or "")
        _set_date(self.start_on, values.get("start_on"))
        _set_date(self.end_on, values.get("end_on"))
        self.status.setCurrentIndex(max(0, self.status.findData(values.get("status") or "planned")))
        self.note.setPlainText(values.get("note") or "")

    def values(self) -> dict:
        out = {key: self.widgets[key].text().strip()
               for key in ("name", "party", "contact_name", "contact_phone", "permit_no", "supervisor")}
        out["start_on"] = _get_date(self.start_on)
        out["end_on"] = _get_date(self.end_on)
        out["status"] = self.status.currentData()
        out["note"] = self.note.toPlainText().strip()
        return out

    def set_extent(self, extent) -> None:
        """A newly drawn extent (lon/lat); saved with the attributes."""
        self.extent = extent
        self._show_extent(extent, changed=self.works_id is not None)
        self._mark([])

    def _show_extent(self, extent, changed: bool) -> None:
        if extent is None or extent.is_empty:
            self.extent_label.setText(self.tr("未绘制"))
            return
        text = self.tr("{n} 个顶点，约 {area} 平方米").format(
            n=sum(len(p.exterior.coords) - 1 for p in getattr(extent, "geoms", [extent])),
            area=f"{area_m2(extent):,.0f}")
        self.extent_label.setText(text + (self.tr("（已重新绘制，保存后生效）") if changed else ""))

    # --- saving ------------------------------------------------------------------------------------
    def _mark(self, fields: list[str]) -> None:
        for key, widget in self.widgets.items():
            widget.setStyleSheet("border: 1px solid #c0392b;" if key in fields else "")
        if fields:
            self.widgets[fields[0]].setFocus()

    def save(self, *, repair: bool = False, allow_outside: bool = False) -> bool:
        values = self.values()
        try:
            if self.works_id is None:
                done = use.add(self.project, values, self.extent, repair=repair, allow_outside=allow_outside)
            else:
                done = use.update(self.project, self.works_id, values, self.extent, repair=repair,
                                  allow_outside=allow_outside)
        except WorksError as e:
            if e.repairable and self._ask(self.tr("施工范围"), error_text(e) + "\n\n" + self.tr("自动修复后保存吗？")):
                return self.save(repair=True, allow_outside=allow_outside)
            if e.outside and self._ask(self.tr("施工范围"), error_text(e) + "\n\n" + self.tr("仍然保存吗？")):
                return self.save(repair=repair, allow_outside=True)
            self.error.setText(error_text(e))
            self.error.show()
            self._mark(e.fields)
            return False
        except GridsafeError as e:
            self.error.setText(error_text(e))
            self.error.show()
            return False
        self.error.hide()
        self._mark([])
        self.works_id = done.value
        self.saved.emit(done)
        self.accept()
        return True

    def _ask(self, title: str, text: str) -> bool:
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes
