"""企业自查上报: the enterprises in scope with their self-check reports in a period (已上报 / 零报告 / 未上报), filtered
by village or grid, state and text; record a report for the selected enterprise (SelfCheckForm) and import a
企业自查上报表 (xlsx/csv).

Loads run off the UI thread (desktop/tasks.Latest: a newer load drops the older one); filters work on the loaded
list. `show_sites(site_ids, title)` narrows the list to exactly those enterprises (the dashboard's "self-check
coverage" and "zero-report enterprises" numbers), with the title shown over the list until `clear_filter()`.
Writes go through desktop/services/self_checks.py and are announced with `changed` (kind self_check); the
feature reloads the view on that change."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text, vocab_label, vocab_lang
from desktop.services import self_checks as use
from desktop.tasks import Latest, Task, budgeted, progress_dialog
from desktop.views.data.import_report import show_refusal
from desktop.views.tables import RowsModel, list_table
from gis.errors import GridsafeError
from gis.hazards.self_checks import STATES
from gis.patrols.periods import Period, parse_period

COLUMNS = (
    QT_TRANSLATE_NOOP("SelfCheckModel", "状态"),
    QT_TRANSLATE_NOOP("SelfCheckModel", "企业名称"),
    QT_TRANSLATE_NOOP("SelfCheckModel", "统一社会信用代码"),
    QT_TRANSLATE_NOOP("SelfCheckModel", "类别"),
    QT_TRANSLATE_NOOP("SelfCheckModel", "村（社区）"),
    QT_TRANSLATE_NOOP("SelfCheckModel", "网格"),
    QT_TRANSLATE_NOOP("SelfCheckModel", "上报次数"),
    QT_TRANSLATE_NOOP("SelfCheckModel", "发现隐患数"),
    QT_TRANSLATE_NOOP("SelfCheckModel", "最近上报"),
    QT_TRANSLATE_NOOP("SelfCheckModel", "上报人"),
)
STATE_NAMES = {"reported": QT_TRANSLATE_NOOP("SelfCheckModel", "已上报"),
               "zero": QT_TRANSLATE_NOOP("SelfCheckModel", "零报告"),
               "missing": QT_TRANSLATE_NOOP("SelfCheckModel", "未上报")}
STATE_COLOURS = {"reported": QColor("#e3f4e1"), "zero": QColor("#e4eefc"), "missing": QColor("#f8d7d3")}
MONTHS_BACK = 12           # the period chooser lists this many months before the current one


def state_name(state: str) -> str:
    return QCoreApplication.translate("SelfCheckModel", STATE_NAMES[state])


class SelfCheckModel(RowsModel):
    """The loaded enterprises (gis.hazards.self_checks.Enterprise) shown through a list of row numbers."""

    HEADERS, CONTEXT = COLUMNS, "SelfCheckModel"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.enterprises: list = []

    def set_rows(self, enterprises: list, rows: list[int]) -> None:
        self.beginResetModel()
        self.enterprises, self.rows = enterprises, rows
        self.endResetModel()


    def enterprise(self, row: int):
        return self.enterprises[self.rows[row]]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        e = self.enterprise(index.row())
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 0:
            return QBrush(STATE_COLOURS[e.state])
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        last = e.last
        values = (state_name(e.state), e.name, e.code or "", vocab_label("site_categories", e.category),
                  e.village_name or "", e.grid_name or "", len(e.reports) or "", e.hazards_found if e.reports else "",
                  last.reported_on.isoformat() if last else "", (last.reporter or "") if last else "")
        value = values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0 and e.reports:
            return "\n".join(f"{r.reported_on.isoformat()}  {r.hazards_found}" + (f"  {r.reporter}" if r.reporter else "")
                             for r in e.reports)
        return value if isinstance(value, str) else str(value)


def month_periods(today: date, back: int = MONTHS_BACK) -> list[Period]:
    """The current month and `back` months before it, newest first."""
    out, y, m = [], today.year, today.month
    for _ in range(back + 1):
        out.append(parse_period(f"{y}-{m:02d}"))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out


class SelfCheckView(QWidget):
    """The 企业自查上报 dock's view."""

    changed = Signal(object)          # gis.changes.Change of a write made here
    loaded = Signal()                 # a load has been shown (tests, the dashboard)

    def __init__(self, parent=None, *, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.project = None
        self.today = today
        self.operator: Callable[[QWidget], str | None] = lambda _parent: None   # the feature sets it
        self.period: Period = parse_period(f"{today():%Y-%m}")
        self.enterprises: list = []
        self._only: frozenset[int] | None = None       # show_sites
        self.loads = Latest(self)
        self.loads.succeeded.connect(self._loaded)
        self.loads.failed.connect(self._failed)

        self.period_box = QComboBox()
        self.period_box.setEditable(True)
        self.period_box.setToolTip(self.tr("选择月份，或输入 2026-W48（周）、2026-Q4（季度）、2026H2（半年）后回车"))
        for p in month_periods(today()):
            self.period_box.addItem(p.label, p.label)
        self.period_box.setCurrentIndex(0)
        self.area_box = QComboBox()
        self.area_box.setMinimumContentsLength(12)
        self.area_box.addItem(self.tr("全部村（社区）和网格"), None)
        self.state_box = QComboBox()
        self.state_box.addItem(self.tr("全部状态"), None)
        for s in STATES:
            self.state_box.addItem(state_name(s), s)
        self.search = QLineEdit(placeholderText=self.tr("搜索企业名称、代码"))
        self.search.setClearButtonEnabled(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)      # a long message (a load that took too long) wraps
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.only_label = QLabel()
        self.only_label.setStyleSheet("QLabel { background: #fff3c4; padding: 2px 6px; }")
        self.only_clear = QToolButton()
        self.only_clear.setText(self.tr("显示全部"))
        self.only_bar = QWidget()            # shown while show_sites narrows the list
        self.only_bar.hide()
        self.model = SelfCheckModel(self)
        self.table = list_table(self.model, (60, 220, 130, 80, 90, 120, 64, 72, 86, 70), stretch=1)
        self.record_button = QPushButton(self.tr("登记上报…"))
        self.record_button.setToolTip(self.tr("为所选企业登记一次自查上报（未发现隐患填 0，即零报告）"))
        self.import_button = QPushButton(self.tr("导入上报表…"))
        self.import_button.setToolTip(self.tr("导入企业自查上报表（xlsx 或 csv）：企业名称或统一社会信用代码、上报日期、"
                                              "发现隐患数、上报人、备注；有任何一行不合格则全部不导入"))

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("时段")))
        top.addWidget(self.period_box)
        top.addWidget(self.area_box)
        top.addWidget(self.state_box)
        top.addWidget(self.search, 1)
        only = QHBoxLayout(self.only_bar)
        only.setContentsMargins(0, 0, 0, 0)
        only.addWidget(self.only_label, 1)
        only.addWidget(self.only_clear)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.only_bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.period_box.activated.connect(lambda _i: self._period_chosen())
        self.period_box.lineEdit().returnPressed.connect(self._period_chosen)
        self.area_box.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.state_box.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.search.textChanged.connect(lambda _t: self.apply_filters())
        self.only_clear.clicked.connect(self.clear_filter)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        self.table.doubleClicked.connect(lambda _i: self.record_selected())
        self.record_button.clicked.connect(self.record_selected)
        self.import_button.clicked.connect(self.choose_import)
        self._buttons()

    # --- loading ---------------------------------------------------------------------------------------
    def set_project(self, project) -> None:
        self.project = project
        self.reload()

    def set_period(self, period: Period | str) -> None:
        """Show this period (a Period or its text: 2026-11, 2026-W48, 2026-Q4 …) and reload."""
        self.period = parse_period(period) if isinstance(period, str) else period
        i = self.period_box.findData(self.period.label)
        if i < 0:
            self.period_box.addItem(self.period.label, self.period.label)
            i = self.period_box.count() - 1
        self.period_box.blockSignals(True)
        self.period_box.setCurrentIndex(i)
        self.period_box.blockSignals(False)
        self.reload()

    def _period_chosen(self) -> None:
        text = self.period_box.currentText().strip()
        try:
            period = parse_period(text)
        except GridsafeError as e:
            self.summary.setText(error_text(e))
            return
        if period != self.period:
            self.set_period(period)

    def reload(self) -> None:
        if self.project is None:
            self.model.set_rows([], [])
            return
        project, period = self.project, self.period
        self.summary.setText(self.tr("正在读取 {period} 的企业自查上报…").format(period=period.name(vocab_lang())))
        what = QT_TRANSLATE_NOOP("Loads", "企业自查上报")
        self.loads.start(budgeted(project, what, lambda _feedback: use.enterprises(project, period.start,
                                                                                             period.end)),
                         title="读取企业自查上报")

    def is_busy(self) -> bool:
        return self.loads.is_running()

    def _loaded(self, enterprises: list) -> None:
        keep = self.selected_site()
        self.enterprises = enterprises
        self._fill_areas()
        self.apply_filters()
        if keep is not None:
            self.select_site(keep)
        self.loaded.emit()

    def _failed(self, message: str) -> None:
        self.summary.setText(self.tr("无法读取企业自查上报：") + message)

    def _fill_areas(self) -> None:
        current = self.area_box.currentData()
        villages: dict[int, str] = {}
        grids: dict[int, list[tuple[str, int, str]]] = {}
        for e in self.enterprises:
            if e.village_id is not None:
                villages.setdefault(e.village_id, e.village_name or "")
                grids.setdefault(e.village_id, [])
                if e.grid_id is not None and all(g[1] != e.grid_id for g in grids[e.village_id]):
                    grids[e.village_id].append((e.grid_code or "", e.grid_id, e.grid_name or ""))
        self.area_box.blockSignals(True)
        self.area_box.clear()
        self.area_box.addItem(self.tr("全部村（社区）和网格"), None)
        for vid, vname in villages.items():
            self.area_box.addItem(vname, ("village", vid))
            for _code, gid, gname in sorted(grids[vid]):
                self.area_box.addItem("　" + gname, ("grid", gid))
        self.area_box.setCurrentIndex(max(self.area_box.findData(current), 0))
        self.area_box.blockSignals(False)

    # --- filters ---------------------------------------------------------------------------------------
    def apply_filters(self) -> None:
        """The list: show_sites' enterprises (or all), of the chosen village or grid, in the chosen state,
        matching the search text. The summary counts the enterprises of the area (before state and text)."""
        area, state = self.area_box.currentData(), self.state_box.currentData()
        text = self.search.text().strip().lower()
        only = self._only
        base, rows = [], []
        for i, e in enumerate(self.enterprises):
            if only is not None and e.site_id not in only:
                continue
            if area is not None and (e.village_id if area[0] == "village" else e.grid_id) != area[1]:
                continue
            base.append(i)
            if state is not None and e.state != state:
                continue
            if text and text not in e.name.lower() and text not in (e.code or "").lower():
                continue
            rows.append(i)
        self.model.set_rows(self.enterprises, rows)
        self._summarise(base, len(rows))
        self._buttons()

    def _summarise(self, base: list[int], shown: int) -> None:
        n = {s: 0 for s in STATES}
        for i in base:
            n[self.enterprises[i].state] += 1
        total = len(base)
        with_report = n["reported"] + n["zero"]
        cover = f"{100.0 * with_report / total:.1f}%" if total else "—"
        self.summary.setText(self.tr(
            "{period}：企业 <b>{total}</b> 家，已上报 <b>{reported}</b> 家（其中零报告 {zero} 家），"
            "未上报 <b style='color:#c0392b'>{missing}</b> 家；自查覆盖率 <b>{cover}</b>。列表显示 {shown} 家").format(
            period=self.period.name(vocab_lang()), total=f"{total:,}", reported=f"{with_report:,}", zero=f"{n['zero']:,}",
            missing=f"{n['missing']:,}", cover=cover, shown=f"{shown:,}"))

    def show_sites(self, site_ids: Iterable[int], title: str, period: Period | str | None = None) -> None:
        """Show exactly these enterprises (the other filters are cleared), with `title` over the list; with
        `period`, of that period."""
        self._only = frozenset(int(i) for i in site_ids)
        self.only_label.setText(self.tr("仅显示：") + title)
        self.only_bar.show()
        for box in (self.area_box, self.state_box):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        if period is not None and (parse_period(period) if isinstance(period, str) else period) != self.period:
            self.set_period(period)
        else:
            self.apply_filters()

    def clear_filter(self) -> None:
        """Back from show_sites to every enterprise in scope."""
        self._only = None
        self.only_bar.hide()
        self.apply_filters()

    def shown_sites(self) -> list[int]:
        return [self.enterprises[i].site_id for i in self.model.rows]

    # --- selection ---------------------------------------------------------------------------------
    def selected_site(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.enterprise(rows[0].row()).site_id if rows and rows[0].row() < len(self.model.rows) else None

    def select_site(self, site_id: int) -> bool:
        for r in range(len(self.model.rows)):
            if self.model.enterprise(r).site_id == site_id:
                self.table.selectRow(r)
                self.table.scrollTo(self.model.index(r, 0))
                return True
        return False

    def _buttons(self) -> None:
        self.record_button.setEnabled(self.project is not None and self.selected_site() is not None)
        self.import_button.setEnabled(self.project is not None)

    # --- writes --------------------------------------------------------------------------------------
    def record_selected(self) -> SelfCheckForm | None:
        rows = self.table.selectionModel().selectedRows()
        if self.project is None or not rows:
            return None
        e = self.model.enterprise(rows[0].row())
        day = min(self.today(), self.period.end)
        form = SelfCheckForm(self.project, e, day, self.today(), lambda: self.operator(self), self)
        form.saved.connect(self.changed.emit)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.open()
        return form

    def choose_import(self) -> None:
        if self.project is None:
            return
        path, _f = QFileDialog.getOpenFileName(self, self.tr("导入企业自查上报表"), "",
                                               self.tr("表格（*.xlsx *.csv）"))
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> Task | None:
        """Import a 上报表 off the UI thread; the result (or every problem) is shown in a message box."""
        operator = self.operator(self)
        if operator is None or self.project is None:
            return None
        project, today = self.project, self.today()
        task = Task(lambda _feedback: use.import_file(project, path, operator=operator, today=today),
                    title="导入企业自查上报表", parent=self)
        progress_dialog(task, self, self.tr("正在导入企业自查上报表…"))
        task.succeeded.connect(lambda outcome: (self.changed.emit(outcome.change),
                                                QMessageBox.information(self, self.tr("导入企业自查上报表"),
                                                                        outcome.value.text())))
        task.failed.connect(lambda message: show_refusal(self, self.tr("导入企业自查上报表"), message, task.error))
        return task.start()


class SelfCheckForm(QDialog):
    """One enterprise's self-check report: date, hazards found (0 = 零报告), reporter, note."""

    saved = Signal(object)            # the Change

    def __init__(self, project, enterprise, day: date, today: date, operator: Callable[[], str | None],
                 parent=None) -> None:
        super().__init__(parent)
        self.project = project
        self.enterprise = enterprise
        self.operator = operator
        self.outcome = None
        self.setWindowTitle(self.tr("登记企业自查上报"))
        self.site_label = QLabel(f"<b>{enterprise.name}</b>" + (f"（{enterprise.code}）" if enterprise.code else ""))
        self.date_edit = QDateEdit(QDate(day.year, day.month, day.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.found = QSpinBox()
        self.found.setRange(0, 9999)
        self.found.setSuffix(self.tr(" 处"))
        self.zero_hint = QLabel()
        self.reporter = QLineEdit()
        self.note = QLineEdit()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout()
        form.addRow(self.tr("企业"), self.site_label)
        form.addRow(self.tr("上报日期"), self.date_edit)
        found_row = QHBoxLayout()
        found_row.addWidget(self.found)
        found_row.addWidget(self.zero_hint, 1)
        form.addRow(self.tr("发现隐患数"), found_row)
        form.addRow(self.tr("上报人"), self.reporter)
        form.addRow(self.tr("备注"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.found.valueChanged.connect(self._hint)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._hint()

    def _hint(self) -> None:
        self.zero_hint.setText(self.tr("零报告（未发现隐患）") if self.found.value() == 0 else "")

    def save(self) -> None:
        operator = self.operator()
        if operator is None:
            self.error.setText(self.tr("请先选择操作人"))
            self.error.show()
            return
        d = self.date_edit.date()
        try:
            self.outcome = use.record(self.project, self.enterprise.site_id, date(d.year(), d.month(), d.day()),
                                      self.found.value(), reporter=self.reporter.text(), note=self.note.text(),
                                      operator=operator)
        except GridsafeError as e:
            self.error.setText(error_text(e))
            self.error.show()
            return
        self.saved.emit(self.outcome.change)
        self.accept()
