"""The 操作日志 dock (issue 16): the audit trail — every insert, update and delete the database's triggers recorded,
whoever made it — filtered by period, author, table, record and action; the selected row's fields old → new below;
export of what the filters select to xlsx. Reads through desktop/services/audit.py, off the UI thread (Latest)."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.files import ask_save_path
from desktop.i18n import vocab_lang
from desktop.services import audit as use
from desktop.tasks import Latest, Task, budgeted
from desktop.views.tables import RowsModel, list_table
from gis.audit.authors import who_in
from gis.audit.log import ACTION_LABELS, Entry, Filter, action_label, table_label

NO_LIMIT = QDate(2000, 1, 1)   # a date edit at its minimum shows 不限


class AuditModel(RowsModel):
    HEADERS = (QT_TRANSLATE_NOOP("AuditView", "时间"), QT_TRANSLATE_NOOP("AuditView", "操作人"),
               QT_TRANSLATE_NOOP("AuditView", "操作"), QT_TRANSLATE_NOOP("AuditView", "数据表"),
               QT_TRANSLATE_NOOP("AuditView", "记录"), QT_TRANSLATE_NOOP("AuditView", "内容"),
               QT_TRANSLATE_NOOP("AuditView", "程序"))
    CONTEXT = "AuditView"

    @property
    def entries(self) -> list[Entry]:
        return self.rows

    def set_entries(self, entries: list[Entry]) -> None:
        self.beginResetModel()
        self.rows = entries
        self.endResetModel()

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        e = self.entries[index.row()]
        lang = vocab_lang()
        values = (f"{e.at:%Y-%m-%d %H:%M:%S}", who_in(e.who, lang), action_label(e.action, lang), table_label(e.table, lang),
                  e.record_id or "", e.summary(lang), e.application or "")
        return values[index.column()]


class AuditView(QWidget):
    """The 操作日志 dock's view."""

    loaded = Signal()          # a load has been shown (tests)
    exported = Signal(str)     # the path of an export written

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.loads = Latest(self)
        self.loads.succeeded.connect(self._loaded)
        self.loads.failed.connect(lambda message: self.summary.setText(self.tr("无法读取操作日志：") + message))

        self.since = self._date_edit(self.tr("从哪天起（含）"))
        self.until = self._date_edit(self.tr("到哪天止（含）"))
        self.user_box = QComboBox()
        self.user_box.setMinimumContentsLength(8)
        self.table_box = QComboBox()
        self.table_box.setMinimumContentsLength(8)
        self.record = QLineEdit(placeholderText=self.tr("记录编号"))
        self.record.setClearButtonEnabled(True)
        self.record.setMaximumWidth(110)
        self.action_box = QComboBox()
        self.action_box.addItem(self.tr("全部操作"), None)
        for key in ACTION_LABELS:
            self.action_box.addItem(action_label(key, vocab_lang()), key)
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.export_button = QPushButton(self.tr("导出 Excel…"))
        self.export_button.setToolTip(self.tr("把筛选出的全部操作记录（每个字段一行：原值、新值）导出为 xlsx"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)      # a long message (a load that took too long) wraps
        self.model = AuditModel(self)
        self.table = list_table(self.model, (140, 110, 48, 80, 56, 200, 70), stretch=5)
        self.detail_title = QLabel()
        self.detail = QTableWidget(0, 3)
        self.detail.setHorizontalHeaderLabels([self.tr("字段"), self.tr("原值"), self.tr("新值")])
        self.detail.verticalHeader().hide()
        self.detail.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.detail.horizontalHeader().resizeSection(0, 110)
        self.detail.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.detail.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("日期")))
        filters.addWidget(self.since)
        filters.addWidget(QLabel("–"))
        filters.addWidget(self.until)
        filters.addWidget(self.user_box)
        filters.addWidget(self.table_box)
        filters.addWidget(self.record)
        filters.addWidget(self.action_box)
        filters.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.export_button)
        lower = QWidget()
        below = QVBoxLayout(lower)
        below.setContentsMargins(0, 0, 0, 0)
        below.addWidget(self.detail_title)
        below.addWidget(self.detail, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        for box in (self.user_box, self.table_box, self.action_box):
            box.activated.connect(lambda _i: self.reload())
        for edit in (self.since, self.until):
            edit.dateChanged.connect(lambda _d: self.reload())
        self.record.returnPressed.connect(self.reload)
        self.record.textChanged.connect(lambda text: self.reload() if not text else None)
        self.refresh_button.clicked.connect(self.reload)
        self.export_button.clicked.connect(self.choose_export)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        self._fill_choices([], [])

    @staticmethod
    def tr_header(text: str) -> str:
        return QCoreApplication.translate("AuditView", text)

    def _date_edit(self, tip: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_LIMIT)
        edit.setSpecialValueText(self.tr("不限"))
        edit.setDate(NO_LIMIT)
        edit.setToolTip(tip)
        return edit

    # --- filters ------------------------------------------------------------------------------------------
    def _fill_choices(self, authors: list[str], tables: list[str]) -> None:
        lang = vocab_lang()
        for box, everything, items in ((self.user_box, self.tr("全部操作人"), [(who_in(a, lang), a) for a in authors]),
                                       (self.table_box, self.tr("全部数据表"), [(table_label(t, lang), t) for t in tables])):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(everything, None)
            for text, data in items:
                box.addItem(text, data)
            if current is not None and box.findData(current) < 0:
                box.addItem(table_label(current, lang) if box is self.table_box else who_in(current, lang), current)
            box.setCurrentIndex(max(box.findData(current), 0))
            box.blockSignals(False)

    @staticmethod
    def _day(edit: QDateEdit) -> date | None:
        d = edit.date()
        return None if d == NO_LIMIT else date(d.year(), d.month(), d.day())

    def current_filter(self) -> Filter:
        return Filter(since=self._day(self.since), until=self._day(self.until), user=self.user_box.currentData(),
                      table=self.table_box.currentData(), record_id=self.record.text().strip() or None,
                      action=self.action_box.currentData())

    def show_record(self, table: str, record_id: int | str) -> None:
        """Only the history of one record (identify's 操作记录), over all time, every author and action."""
        for box, value in ((self.user_box, None), (self.action_box, None)):
            box.setCurrentIndex(max(box.findData(value), 0))
        self.table_box.blockSignals(True)
        if self.table_box.findData(table) < 0:
            self.table_box.addItem(table_label(table, vocab_lang()), table)
        self.table_box.setCurrentIndex(self.table_box.findData(table))
        self.table_box.blockSignals(False)
        for edit in (self.since, self.until):
            edit.blockSignals(True)
            edit.setDate(NO_LIMIT)
            edit.blockSignals(False)
        self.record.blockSignals(True)
        self.record.setText(str(record_id))
        self.record.blockSignals(False)
        self.reload()

    # --- loading ------------------------------------------------------------------------------------------
    def set_project(self, project) -> None:
        self.project = project
        self.reload()

    def reload(self) -> None:
        if self.project is None:
            self.model.set_entries([])
            return
        project, flt = self.project, self.current_filter()
        self.summary.setText(self.tr("正在读取操作日志…"))
        self.loads.start(budgeted(project, QT_TRANSLATE_NOOP("Loads", "操作日志"),
                                  lambda _f: (use.entries(project, flt, limit=use.DEFAULT_LIMIT), use.choices(project))),
                         title="读取操作日志")

    def is_busy(self) -> bool:
        return self.loads.is_running()

    def _loaded(self, result) -> None:
        entries, (authors, tables) = result
        keep = self.selected()
        self._fill_choices(authors, tables)
        self.model.set_entries(entries)
        n = len(entries)
        more = self.tr("（只列出最新的 {n} 条，请缩小筛选范围）").format(n=n) if n >= use.DEFAULT_LIMIT else ""
        self.summary.setText(self.tr("共 {n} 条操作记录").format(n=n) + more)
        row = next((i for i, e in enumerate(entries) if keep is not None and e.id == keep.id), 0 if entries else None)
        if row is not None:
            self.table.selectRow(row)
        self._show_detail()
        self.loaded.emit()

    def selected(self) -> Entry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entries[rows[0].row()] if rows else None

    def _show_detail(self) -> None:
        e = self.selected()
        self.detail.setRowCount(0)
        if e is None:
            self.detail_title.setText("")
            return
        self.detail_title.setText(self.tr("{who} 于 {at} {action}{table} {id}").format(
            who=who_in(e.who, vocab_lang()), at=f"{e.at:%Y-%m-%d %H:%M:%S}", action=action_label(e.action, vocab_lang()),
            table=table_label(e.table, vocab_lang()), id=e.record_id or ""))
        changes = e.changes(vocab_lang())
        if e.bulk:
            self.detail_title.setText(self.detail_title.text() + "　" + self.tr(
                "（批量写入：各字段值见数据本身，未复制到日志）"))
        self.detail.setRowCount(len(changes))
        for r, c in enumerate(changes):
            for col, text in enumerate((c.label, c.old, c.new)):
                item = QTableWidgetItem(text)
                item.setToolTip(text if col else c.name)
                self.detail.setItem(r, col, item)

    # --- export -------------------------------------------------------------------------------------------
    def choose_export(self) -> None:
        if self.project is None:
            return
        path, _ = ask_save_path(self, self.tr("导出操作日志"), self.tr("操作日志.xlsx"), self.tr("Excel 表格 (*.xlsx)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> Task:
        project, flt = self.project, self.current_filter()
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        task = Task(lambda _f: use.export(project, flt, path), title="导出操作日志", parent=self)
        task.succeeded.connect(lambda out: (self.summary.setText(self.tr("已导出：{path}").format(path=out)),
                                            self.exported.emit(str(out))))
        task.failed.connect(lambda message: self.summary.setText(self.tr("导出失败：") + message))
        return task.start()
