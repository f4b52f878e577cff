"""工作日历: report due dates and campaign phases marked on a month calendar (bold, coloured by kind), the
items of the month shown listed under it (those of the selected day selected), and the campaigns with
their phases and targets (新建 / 编辑 / 删除).

Reads gis.stats.calendar.read(project) once per refresh (three small queries); paging through months
computes from that in memory. Writes: 删除 here (confirmed), 新建/编辑 through the feature's dialog
(newRequested / editRequested); every write is announced through `changed`."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text, vocab_lang
from desktop.tasks import loading_here
from gis.errors import GridsafeError
from gis.stats import calendar, campaigns

# item kind → (colour, legend label); a day with several kinds shows the first of PRIORITY
COLOURS = {"milestone": "#f6b26b", "report": "#9fc5e8", "phase_start": "#b6d7a8", "phase_end": "#b6d7a8"}
PRIORITY = ("milestone", "report", "phase_end", "phase_start")
KIND_LABELS = {
    "report": QT_TRANSLATE_NOOP("CalendarView", "报告"),
    "phase_start": QT_TRANSLATE_NOOP("CalendarView", "阶段开始"),
    "phase_end": QT_TRANSLATE_NOOP("CalendarView", "阶段结束"),
    "milestone": QT_TRANSLATE_NOOP("CalendarView", "节点目标"),
}
WEEKDAYS = (QT_TRANSLATE_NOOP("CalendarView", "周一"), QT_TRANSLATE_NOOP("CalendarView", "周二"),
            QT_TRANSLATE_NOOP("CalendarView", "周三"), QT_TRANSLATE_NOOP("CalendarView", "周四"),
            QT_TRANSLATE_NOOP("CalendarView", "周五"), QT_TRANSLATE_NOOP("CalendarView", "周六"),
            QT_TRANSLATE_NOOP("CalendarView", "周日"))


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def month_span(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    return first, date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


class CalendarView(QWidget):
    newRequested = Signal()
    editRequested = Signal(int)          # campaign id
    changed = Signal(object)             # gis.changes.Change of a write made here (delete)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.data: calendar.Calendar | None = None
        self.items: list[calendar.DueItem] = []       # the shown month's
        self.tabs = QTabWidget()
        # --- the calendar tab
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.legend = QLabel(self.tr("图例：") + "".join(
            f'<span style="background:{COLOURS[k]}">&nbsp;{text}&nbsp;</span> '
            for k, text in (("report", self.tr("报告截止")), ("phase_start", self.tr("阶段开始/结束")),
                            ("milestone", self.tr("节点目标")))))
        self.month_label = QLabel()
        self.list = QTreeWidget()
        self.list.setHeaderLabels([self.tr("日期"), self.tr("截止"), self.tr("类型"), self.tr("事项")])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setWordWrap(True)
        self.list.setColumnWidth(0, 92)
        self.list.setColumnWidth(1, 46)
        self.list.setColumnWidth(2, 64)
        self.status = QLabel()
        self.status.setWordWrap(True)
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(self.legend)
        lay.addWidget(self.calendar, 3)
        lay.addWidget(self.month_label)
        lay.addWidget(self.list, 2)
        self.tabs.addTab(page, self.tr("日历"))
        # --- the campaigns tab
        self.campaigns = QTreeWidget()
        self.campaigns.setHeaderLabels([self.tr("专项行动 / 阶段"), self.tr("起止"), self.tr("目标")])
        self.new_button = QPushButton(self.tr("新建…"))
        self.edit_button = QPushButton(self.tr("编辑…"))
        self.delete_button = QPushButton(self.tr("删除"))
        buttons = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        page2 = QWidget()
        lay2 = QVBoxLayout(page2)
        lay2.addWidget(self.campaigns, 1)
        lay2.addLayout(buttons)
        self.tabs.addTab(page2, self.tr("专项行动"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(self.tabs, 1)
        outer.addWidget(self.status)
        self.calendar.currentPageChanged.connect(lambda _y, _m: self.show_month())
        self.calendar.selectionChanged.connect(self._select_day)
        self.campaigns.itemSelectionChanged.connect(self._enable)
        self.campaigns.itemDoubleClicked.connect(lambda *_: self._edit())
        self.new_button.clicked.connect(self.newRequested)
        self.edit_button.clicked.connect(self._edit)
        self.delete_button.clicked.connect(self._delete)
        self._enable()

    # --- data --------------------------------------------------------------------------------------------
    def set_project(self, project) -> None:
        self.project = project
        self.refresh()

    def refresh(self) -> None:
        self.data = None
        self.status.clear()
        if self.project is not None:
            try:
                what = QT_TRANSLATE_NOOP("Loads", "工作日历")
                with loading_here(self.project, what, self.status.setText):   # endless: a message
                    self.data = calendar.read(self.project)
            except GridsafeError as e:           # a bad report_schedule setting: say which key
                self.status.setText(error_text(e))
        self._fill_campaigns()
        self.show_month()

    # --- the month -----------------------------------------------------------------------------------------
    def show_month(self) -> None:
        cal = self.calendar
        cal.setDateTextFormat(QDate(), QTextCharFormat())      # clears every marked day
        self.list.clear()
        year, month = cal.yearShown(), cal.monthShown()
        self.items = [] if self.data is None else self.data.items(*month_span(year, month))
        by_day: dict[date, list[calendar.DueItem]] = {}
        for item in self.items:
            by_day.setdefault(item.on, []).append(item)
        for day, items in by_day.items():
            kinds = {i.kind for i in items}
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setBackground(QColor(COLOURS[next(k for k in PRIORITY if k in kinds)]))
            fmt.setToolTip("\n".join(i.text(vocab_lang()) for i in items))
            cal.setDateTextFormat(qdate(day), fmt)
        for item in self.items:
            row = QTreeWidgetItem([f"{item.on:%m-%d} {self.tr(WEEKDAYS[item.on.weekday()])}",
                                   f"{item.at:%H:%M}" if item.at else "", self.tr(KIND_LABELS[item.kind]),
                                   item.name(vocab_lang())])
            row.setData(0, Qt.ItemDataRole.UserRole, item.on.isoformat())
            row.setData(3, Qt.ItemDataRole.UserRole, item.key)
            row.setToolTip(3, item.text(vocab_lang()) + (f"\n{self.tr('提前 {n} 天提醒').format(n=item.lead_days)}"))
            row.setBackground(2, QBrush(QColor(COLOURS[item.kind])))
            self.list.addTopLevelItem(row)
        self.month_label.setText(self.tr("{year}年{month}月：{n} 项").format(year=year, month=month, n=len(self.items)))
        self._select_day()

    def marked_days(self) -> list[date]:
        """The days of the shown month that are marked (have items)."""
        return sorted({i.on for i in self.items})

    def day_items(self, day: date) -> list[calendar.DueItem]:
        return [i for i in self.items if i.on == day]

    def selected_titles(self) -> list[str]:
        """The full titles of the list's selected items (the list shows each item's shorter label)."""
        keys = {row.data(3, Qt.ItemDataRole.UserRole) for row in self.list.selectedItems()}
        return [i.text(vocab_lang()) for i in self.items if i.key in keys]

    def _select_day(self) -> None:
        day = pydate(self.calendar.selectedDate()).isoformat()
        self.list.clearSelection()
        first = None
        for n in range(self.list.topLevelItemCount()):
            row = self.list.topLevelItem(n)
            if row.data(0, Qt.ItemDataRole.UserRole) == day:
                row.setSelected(True)
                first = first or row
        if first is not None:
            self.list.scrollToItem(first, QAbstractItemView.ScrollHint.PositionAtTop)

    def go_to(self, day: date) -> None:
        self.calendar.setSelectedDate(qdate(day))
        self.calendar.setCurrentPage(day.year, day.month)

    # --- campaigns -----------------------------------------------------------------------------------------
    def _fill_campaigns(self) -> None:
        self.campaigns.clear()
        kpis = self.data.kpis if self.data is not None else None
        rates = self.data.kpis.rates if self.data is not None else frozenset()
        for c in (self.data.campaigns if self.data is not None else []):
            top = QTreeWidgetItem([c.name, f"{c.start_on} — {c.end_on}", ""])
            top.setToolTip(0, "\n".join(x for x in (c.name, c.document_no, c.issuer, c.note) if x))
            top.setData(0, Qt.ItemDataRole.UserRole, c.id)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for p in c.phases:
                span = str(p.end_on) if p.start_on is None else f"{p.start_on} — {p.end_on}"
                target = (f"{kpis.name(p.kpi, vocab_lang())} ≥ {p.target:g}{'%' if p.kpi in rates else ''}"
                          if p.kpi and p.target is not None else "")
                child = QTreeWidgetItem([("◆ " if p.kind == "milestone" else "") + p.name, span, target])
                child.setToolTip(2, target)
                child.setData(0, Qt.ItemDataRole.UserRole, c.id)
                top.addChild(child)
            self.campaigns.addTopLevelItem(top)
            top.setExpanded(True)
        for col in range(3):
            self.campaigns.resizeColumnToContents(col)
        self._enable()

    def selected_campaign(self) -> int | None:
        items = self.campaigns.selectedItems()
        return None if not items else int(items[0].data(0, Qt.ItemDataRole.UserRole))

    def _enable(self) -> None:
        chosen = self.selected_campaign() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        self.new_button.setEnabled(self.project is not None)

    def _edit(self) -> None:
        cid = self.selected_campaign()
        if cid is not None:
            self.editRequested.emit(cid)

    def _delete(self) -> None:
        cid = self.selected_campaign()
        if cid is None or self.data is None:
            return
        name = next(c.name for c in self.data.campaigns if c.id == cid)
        answer = QMessageBox.question(self, self.tr("删除专项行动"),
                                      self.tr("删除专项行动“{name}”及其全部阶段和节点目标？").format(name=name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            change = campaigns.delete(self.project, cid)
        except GridsafeError as e:
            QMessageBox.warning(self, self.tr("无法删除"), error_text(e))
            return
        self.changed.emit(change)
