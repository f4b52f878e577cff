"""The dashboard (工作态势): the KPIs of resources/kpis.yaml for a period, in tiles, charts and a table by group.

Records are read once (gis.stats.records.load, off the UI thread with desktop.tasks.Latest) and again after a
change; a change of period, grouping or scope is evaluated on the UI thread from the loaded arrays
(gis.stats.compute). A click on a tile, a bar or a table cell emits `openMembers(Members)`: the records behind
exactly that number (compute.members); the feature opens the ledger / patrol list / register with them.
`choroplethRequested(kpi id)` asks for the KPI on the map (the feature draws it; `map_table` gives the values).
"""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import vocab_lang
from desktop.tasks import Latest, loading_named
from gis.patrols.periods import Period, parse_period
from gis.stats import charts as chartdata
from gis.stats import compute, kpis, records

PERIOD_KINDS = [("week", QT_TRANSLATE_NOOP("DashboardView", "周")),
                ("month", QT_TRANSLATE_NOOP("DashboardView", "月")),
                ("quarter", QT_TRANSLATE_NOOP("DashboardView", "季")),
                ("year", QT_TRANSLATE_NOOP("DashboardView", "年"))]
GROUPINGS = [("township", QT_TRANSLATE_NOOP("DashboardView", "乡镇")),
             ("village", QT_TRANSLATE_NOOP("DashboardView", "村")),
             ("grid", QT_TRANSLATE_NOOP("DashboardView", "网格")),
             ("sector", QT_TRANSLATE_NOOP("DashboardView", "行业")),
             ("person", QT_TRANSLATE_NOOP("DashboardView", "网格员"))]
BY_HEADER = {"township": QT_TRANSLATE_NOOP("DashboardView", "乡镇（街道）"),
             "village": QT_TRANSLATE_NOOP("DashboardView", "村（社区）"),
             "grid": QT_TRANSLATE_NOOP("DashboardView", "网格"),
             "sector": QT_TRANSLATE_NOOP("DashboardView", "行业"),
             "person": QT_TRANSLATE_NOOP("DashboardView", "网格员")}
DRILL = {"township": "village", "village": "grid"}     # a double-click on a group's name: the level below
TILE_COLUMNS = 6
# tile colours by standing against the target: (background, value colour)
GOOD = ("#e6f4ea", "#1b5e20")
NEAR = ("#fff4d6", "#8a5a00")
BAD = ("#fde4e1", "#b71c1c")
NEUTRAL = ("#eef2f7", "#1f3a5f")
NEAR_POINTS = 10.0      # a rate within this many points below its target is "near"
CELL_BAD = QColor("#fbe3e0")
CHART_MIN = (280, 230)      # a chart's smallest size: ten ranked names still read one under another
MIN_BODY_HEIGHT = 660       # tiles and two rows of charts; below this the dashboard scrolls (unless compact)
FIGURES_KEPT = 32           # periods × groupings × scopes computed since the last load, kept
# a dock too low for that (a 1366×768 laptop gives it ~260 px) is compact: one-line tiles in as many columns as fit,
# the charts in one row beside the table, so the table and the charts show without scrolling
COMPACT_BELOW = MIN_BODY_HEIGHT + 40
COMPACT_TILE_WIDTH = 170
COMPACT_CHART_MIN = (170, 96)


def period_of(kind: str, day: date) -> Period:
    """The period of `kind` (week, month, quarter, year) holding `day`."""
    if kind == "week":
        y, w, _ = day.isocalendar()
        return parse_period(f"{y}-W{w:02d}")
    if kind == "month":
        return parse_period(f"{day.year}-{day.month:02d}")
    if kind == "quarter":
        return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    return parse_period(str(day.year))


def standing(kpi: kpis.Kpi, value: float | None) -> str:
    """good | near | bad | neutral: a value against the KPI's target (rates: at or above; counts: at or below)."""
    if kpi.target is None or value is None:
        return "neutral"
    if kpi.is_rate:
        if value >= kpi.target:
            return "good"
        return "near" if value >= kpi.target - NEAR_POINTS else "bad"
    return "good" if value <= kpi.target else "bad"


def cell_text(kpi: kpis.Kpi, cell: compute.Cell) -> str:
    """"1093/1502" for a rate, the count for a count."""
    return f"{cell.numerator}/{cell.denominator}" if kpi.is_rate else f"{cell.numerator}"


class KpiTile(QFrame):
    """One KPI: name, value, numerator/denominator and target, coloured against the target; the definition
    on hover. A click asks for the records behind the number; the context menu offers the map."""

    clicked = Signal(str)
    mapRequested = Signal(str)

    def __init__(self, kpi: kpis.Kpi, parent=None) -> None:
        super().__init__(parent)
        self.kpi = kpi
        self.setObjectName(f"tile_{kpi.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.name = QLabel(kpi.name(vocab_lang()))
        self.value = QLabel("—")
        font = QFont(self.value.font())
        font.setPixelSize(26)
        font.setBold(True)
        self.value.setFont(font)
        self.detail = QLabel()
        self.target = QLabel()
        for w in (self.name, self.detail, self.target):
            w.setStyleSheet("color: #333;")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(8, 4, 8, 4)
        self.grid.setVerticalSpacing(0)
        self.grid.setHorizontalSpacing(8)          # compact: the name and the value apart
        self.grid.setColumnStretch(1, 1)
        self.compact: bool | None = None
        self.set_compact(False)
        self.setToolTip(kpi.formula(vocab_lang()))
        self.setMinimumWidth(150)
        self.standing: str | None = None

    def set_compact(self, compact: bool) -> None:
        """Compact: name and value on one line, the numbers behind a rate in the tooltip."""
        if compact == self.compact:
            return
        self.compact = compact
        for w in (self.name, self.value, self.detail, self.target):
            self.grid.removeWidget(w)
        font = QFont(self.value.font())
        font.setPixelSize(16 if compact else 26)
        self.value.setFont(font)
        self.grid.setContentsMargins(*((8, 2, 8, 2) if compact else (8, 4, 8, 4)))
        if compact:
            self.grid.addWidget(self.name, 0, 0, 1, 2)
            self.grid.addWidget(self.value, 0, 2, Qt.AlignmentFlag.AlignRight)
        else:
            self.grid.addWidget(self.name, 0, 0, 1, 3)
            self.grid.addWidget(self.value, 1, 0, 1, 3)
            self.grid.addWidget(self.detail, 2, 0)
            self.grid.addWidget(self.target, 2, 2)
        self.detail.setVisible(not compact)
        self.target.setVisible(not compact)
        self._tip()

    def _tip(self) -> None:
        extra = [self.detail.text()] if self.compact and self.detail.text() else []    # the target is in the formula
        self.setToolTip("\n".join([self.kpi.formula(vocab_lang()), *extra]))

    def show_cell(self, cell: compute.Cell) -> None:
        self.value.setText(kpis.format_value(self.kpi, cell.value))
        self.detail.setText(cell_text(self.kpi, cell) if self.kpi.is_rate else "")
        self.target.setText(self.tr("目标 {0}").format(kpis.format_value(self.kpi, self.kpi.target))
                            if self.kpi.target is not None else "")
        self._tip()
        now = standing(self.kpi, cell.value)
        if now != self.standing:            # a style sheet costs: set only when the colour changes
            bg, fg = {"good": GOOD, "near": NEAR, "bad": BAD, "neutral": NEUTRAL}[now]
            self.setStyleSheet(f"KpiTile {{ background: {bg}; border: 1px solid #c9ced6; border-radius: 4px; }}")
            self.value.setStyleSheet(f"color: {fg};")
            self.standing = now

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit(self.kpi.id)
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event) -> None:
        menu = QMenu(self)
        menu.addAction(self.tr("查看明细"), lambda: self.clicked.emit(self.kpi.id))
        menu.addAction(self.tr("在地图上显示"), lambda: self.mapRequested.emit(self.kpi.id))
        menu.exec(event.globalPos())


class GroupTableModel(QAbstractTableModel):
    """Groups (rows) × KPIs (columns) of a compute.Table, shown by position: the texts are made only for the
    cells painted; sorting reorders an array of row positions."""

    NAME = 0

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.table: compute.Table | None = None
        self.order = np.zeros(0, np.int64)
        self.sort_key: tuple[int, bool] = (self.NAME, True)
        self._values: dict[str, np.ndarray] = {}
        self._bad: dict[str, np.ndarray] = {}

    def set_table(self, table: compute.Table | None) -> None:
        self.beginResetModel()
        self.table = table
        self._values, self._bad = {}, {}
        if table is not None:
            for kpi in table.kpis:
                v = table.values(kpi.id)
                self._values[kpi.id] = v
                if kpi.target is None:
                    self._bad[kpi.id] = np.zeros(len(v), bool)
                elif kpi.is_rate:
                    self._bad[kpi.id] = ~np.isnan(v) & (v < kpi.target)
                else:
                    self._bad[kpi.id] = v > kpi.target
        self.order = self._sorted()
        self.endResetModel()

    def kpi_at(self, column: int) -> kpis.Kpi | None:
        return self.table.kpis[column - 1] if self.table is not None and column > 0 else None

    def group_at(self, row: int) -> compute.Group:
        return self.table.groups[int(self.order[row])]

    def _sorted(self) -> np.ndarray:
        if self.table is None:
            return np.zeros(0, np.int64)
        n = len(self.table.groups)
        column, ascending = self.sort_key
        if column == self.NAME:
            keys = np.array([g.key for g in self.table.groups], dtype=object)
            order = np.argsort(keys, kind="stable")
            return order if ascending else order[::-1].copy()
        kpi = self.kpi_at(column)
        v = self._values[kpi.id]
        missing = np.isnan(v)
        key = np.where(missing, 0.0, v if ascending else -v)
        order = np.lexsort((np.arange(n), key, missing))      # no value last either way
        return order

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self.sort_key = (column, order == Qt.SortOrder.AscendingOrder)
        self.order = self._sorted()
        self.layoutChanged.emit()

    def rowCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if (parent is not None and parent.isValid()) or self.table is None else len(self.table.groups)

    def columnCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if (parent is not None and parent.isValid()) or self.table is None else 1 + len(self.table.kpis)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if self.table is None or orientation != Qt.Orientation.Horizontal:
            return None
        if section == self.NAME:
            if role == Qt.ItemDataRole.DisplayRole:
                return QCoreApplication.translate("DashboardView", BY_HEADER[self.table.by])
            return None
        kpi = self.table.kpis[section - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return kpi.name(vocab_lang())
        if role == Qt.ItemDataRole.ToolTipRole:
            return kpi.formula(vocab_lang())
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.table is None:
            return None
        i = int(self.order[index.row()])
        if index.column() == self.NAME:
            g = self.table.groups[i]
            if role == Qt.ItemDataRole.DisplayRole:
                return chartdata.group_name(self.table.by, g, vocab_lang())
            if role == Qt.ItemDataRole.ToolTipRole:
                return g.key or None
            return None
        kpi = self.table.kpis[index.column() - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            v = self._values[kpi.id][i]
            return kpis.format_value(kpi, None if np.isnan(v) else float(v))
        if role == Qt.ItemDataRole.ToolTipRole:
            num = int(self.table.numerators[kpi.id][i])
            if kpi.is_rate:
                return f"{num}/{int(self.table.denominators[kpi.id][i])}"
            return f"{num}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self._bad[kpi.id][i]:
            return QBrush(CELL_BAD)
        return None


class DashboardView(QWidget):
    """Period, grouping and scope choosers; KPI tiles; four charts; the table of groups."""

    openMembers = Signal(object)            # compute.Members: the records behind a number clicked
    choroplethRequested = Signal(str)       # a KPI id: show it on the map
    choroplethRemoved = Signal()
    updated = Signal()                      # figures recomputed (after a load or a change of choice)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.today: date | None = None      # None: the real today (tests pin a date)
        self.recs: records.Records | None = None
        self.defs: kpis.Definitions | None = None
        self.table: compute.Table | None = None
        self.charts: list[chartdata.Chart] = []
        self._figures: dict[tuple, tuple[compute.Table, list[chartdata.Chart]]] = {}   # (period, by, within) →
        self._trends: dict[tuple, list[chartdata.Chart]] = {}                         # (period, within) →
        self.period: Period = period_of("month", date.today())
        self.loads = Latest(self)
        self.loads.succeeded.connect(self._loaded)
        self.loads.failed.connect(self._failed)
        self.loads.finished.connect(lambda: self.busy.setVisible(False))

        # --- choosers ----------------------------------------------------------------------------
        self.kind_box = QComboBox()
        for key, text in PERIOD_KINDS:
            self.kind_box.addItem(self.tr(text), key)
        self.kind_box.setCurrentIndex(1)
        self.prev_button = QToolButton()
        self.prev_button.setText("◀")
        self.prev_button.setToolTip(self.tr("上一期"))
        self.next_button = QToolButton()
        self.next_button.setText("▶")
        self.next_button.setToolTip(self.tr("下一期"))
        self.period_label = QLabel()
        self.period_label.setMinimumWidth(230)
        self.period_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.period_label.font())
        font.setBold(True)
        self.period_label.setFont(font)
        self.current_button = QPushButton(self.tr("本期"))
        self.by_box = QComboBox()
        for key, text in GROUPINGS:
            self.by_box.addItem(self.tr(text), key)
        self.scope_box = QComboBox()
        self.scope_box.setMinimumWidth(180)
        self.map_box = QComboBox()
        self.map_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.map_button = QPushButton(self.tr("在地图上显示"))
        self.map_button.setToolTip(self.tr("按村或网格给地图着色（分组为乡镇或行业时按网格）"))
        self.unmap_button = QPushButton(self.tr("移除地图专题"))
        self.unmap_button.setEnabled(False)
        self.busy = QLabel(self.tr("正在读取数据…"))
        self.busy.setStyleSheet("color: #555;")
        self.busy.hide()
        self.message = QLabel()
        self.message.setStyleSheet("color: #a00000;")
        self.message.setWordWrap(True)   # a long message (a load past its budget) wraps, the dock keeps its width
        bar = QHBoxLayout()
        for w in (QLabel(self.tr("时段")), self.kind_box, self.prev_button, self.period_label, self.next_button,
                  self.current_button, QLabel(self.tr("分组")), self.by_box, QLabel(self.tr("范围")), self.scope_box,
                  self.busy, self.message):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (QLabel(self.tr("地图专题")), self.map_box, self.map_button, self.unmap_button):
            bar.addWidget(w)

        # --- tiles, charts, table -------------------------------------------------------------------
        self.tiles: dict[str, KpiTile] = {}
        self.tile_grid = QGridLayout()
        self.tile_grid.setSpacing(6)
        self.chart_views: list = []
        self.chart_grid = QGridLayout()
        self.chart_grid.setSpacing(4)
        charts = QWidget()
        charts.setLayout(self.chart_grid)
        self.model = GroupTableModel(self)
        self.table_view = QTableView()
        self.table_view.setModel(self.model)
        self.table_view.setSortingEnabled(True)
        self.table_view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table_view.setWordWrap(False)
        self.table_view.verticalHeader().setDefaultSectionSize(22)
        self.table_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table_view.verticalHeader().hide()
        self.table_view.horizontalHeader().setDefaultSectionSize(84)
        self.table_view.clicked.connect(self._cell_clicked)
        self.table_view.doubleClicked.connect(self._name_double_clicked)
        self.table_note = QLabel(self.tr("单击数字查看对应的记录；双击乡镇或村的名称看其下各村或网格"))
        self.table_note.setStyleSheet("color: #555;")
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.table_view, 1)
        rl.addWidget(self.table_note)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(charts)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([600, 400])
        # the figures scroll rather than squeeze when the dock is low (the map and the ledger share the window)
        self.body = body = QWidget()
        body.setMinimumHeight(MIN_BODY_HEIGHT)
        self.arranged: tuple[bool, int] | None = None      # (compact, tile columns) laid out
        bl = QVBoxLayout(body)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addLayout(self.tile_grid)
        bl.addWidget(self.splitter, 1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)

        self.kind_box.currentIndexChanged.connect(lambda _i: self.set_period(period_of(self.kind, self._anchor())))
        self.prev_button.clicked.connect(lambda: self.set_period(period_of(self.kind, self.period.start - timedelta(1))))
        self.next_button.clicked.connect(lambda: self.set_period(period_of(self.kind, self.period.end + timedelta(1))))
        self.current_button.clicked.connect(lambda: self.set_period(period_of(self.kind, self._today())))
        self.by_box.currentIndexChanged.connect(lambda _i: self.recompute())
        self.scope_box.currentIndexChanged.connect(lambda _i: self.recompute())
        self.map_button.clicked.connect(lambda: self.map_box.currentData() and
                                        self.choroplethRequested.emit(self.map_box.currentData()))
        self.unmap_button.clicked.connect(self.choroplethRemoved.emit)
        self._show_period()

    # --- state ---------------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return self.kind_box.currentData()

    @property
    def by(self) -> str:
        return self.by_box.currentData()

    @property
    def within(self) -> str | None:
        return self.scope_box.currentData()

    def _today(self) -> date:
        return self.today or date.today()

    def _anchor(self) -> date:
        """The day a change of period kind keeps: today when this period holds it, else the period's end."""
        return self._today() if self._today() in self.period else self.period.end

    def set_period(self, period: Period | str) -> None:
        self.period = parse_period(period) if isinstance(period, str) else period
        if self.period.kind != self.kind:
            i = self.kind_box.findData(self.period.kind)
            if i >= 0:
                self.kind_box.blockSignals(True)
                self.kind_box.setCurrentIndex(i)
                self.kind_box.blockSignals(False)
        self._show_period()
        self.recompute()

    def set_grouping(self, by: str) -> None:
        self.by_box.setCurrentIndex(self.by_box.findData(by))

    def _show_period(self) -> None:
        self.period_label.setText(self.period.name(vocab_lang()))
        tip = f"{self.period.start:%Y-%m-%d} — {self.period.end:%Y-%m-%d}"
        if self.period.start <= self._today() < self.period.end:      # counted as the records stand today
            tip += self.tr("（本期未结束，按今天 {0:%Y-%m-%d} 的情况统计）").format(self._today())
        self.period_label.setToolTip(tip)

    # --- loading -------------------------------------------------------------------------------------
    def set_project(self, project) -> None:
        self.project = project
        self.recs = None
        self.period = period_of(self.kind, self._today())
        self._show_period()
        self.reload()

    def reload(self) -> None:
        """Read the records again off the UI thread, then recompute (a load still running is dropped)."""
        if self.project is None:
            return
        project = self.project
        self.busy.show()

        def load(feedback):
            what = QT_TRANSLATE_NOOP("Loads", "工作态势数据")
            with loading_named(project, what):   # a project that makes it endless: a message, not a spinner
                return kpis.load(project), records.load(project, feedback)

        self.loads.start(load, title="读取工作态势数据")

    def is_loading(self) -> bool:
        return self.loads.is_running()

    def _failed(self, message: str) -> None:
        self.message.setText(self.tr("无法读取数据：") + message)

    def _loaded(self, result) -> None:
        defs, recs = result
        self.message.clear()
        first = self.defs is None or [k.id for k in defs.kpis] != [k.id for k in self.defs.kpis]
        self.defs, self.recs = defs, recs
        self._figures.clear()
        self._trends.clear()
        if first:
            self._build_tiles()
        self._fill_scopes()
        self.recompute()

    def _build_tiles(self) -> None:
        for tile in self.tiles.values():
            self.tile_grid.removeWidget(tile)
            tile.deleteLater()
        self.tiles = {}
        for n, kpi in enumerate(self.defs.kpis):
            tile = KpiTile(kpi)
            tile.clicked.connect(self.open_total)
            tile.mapRequested.connect(self.choroplethRequested.emit)
            self.tiles[kpi.id] = tile
            self.tile_grid.addWidget(tile, n // TILE_COLUMNS, n % TILE_COLUMNS)
        self.arrange(force=True)
        current = self.map_box.currentData()
        self.map_box.clear()
        for kpi in self.defs.kpis:
            self.map_box.addItem(kpi.name(vocab_lang()), kpi.id)
        self.map_box.setCurrentIndex(max(0, self.map_box.findData(current or "overdue")))

    def _fill_scopes(self) -> None:
        """The whole project, each township, and each village under it (codes from the loaded records)."""
        r = self.recs
        current = self.scope_box.currentData()
        self.scope_box.blockSignals(True)
        self.scope_box.clear()
        self.scope_box.addItem(self.tr("整个项目"), None)
        towns = sorted({int(t) for t in r.grid_township if t >= 0}, key=lambda u: str(r.unit_codes[u]))
        villages = sorted({int(v) for v in r.grid_village if v >= 0}, key=lambda u: str(r.unit_codes[u]))
        for t in towns:
            code = str(r.unit_codes[t])
            self.scope_box.addItem(str(r.unit_names[t]), code)
            for v in villages:
                if str(r.unit_codes[v]).startswith(code):
                    self.scope_box.addItem("　" + str(r.unit_names[v]), str(r.unit_codes[v]))
        i = self.scope_box.findData(current)
        self.scope_box.setCurrentIndex(max(i, 0))
        self.scope_box.blockSignals(False)

    # --- figures -------------------------------------------------------------------------------------
    def recompute(self) -> None:
        """Evaluate the KPIs for the chosen period, grouping and scope from the loaded records and show them.
        What was computed since the last load is kept (going back to a period or grouping shows it at once);
        the trends and the sectors do not depend on the grouping and are kept per period and scope."""
        if self.recs is None or self.defs is None:
            return
        key = (self.period.label, self.by, self.within)
        if key not in self._figures:
            if len(self._figures) > FIGURES_KEPT:
                self._figures.clear()
                self._trends.clear()
            table = compute.evaluate(self.recs, self.defs, self.period, self.by, self.within)
            base = self._trends.get(key[::2])
            if base is None:
                charts = chartdata.standard(self.recs, self.defs, table, self._today(), vocab_lang())
                self._trends[key[::2]] = charts[:3]
            else:
                charts = base + ([chartdata.ranking(table, chartdata.RANKED.get(self.by, "rectification_rate"),
                                                    lang=vocab_lang())]
                                 if self.by != "sector" else [])
            self._figures[key] = (table, charts)
        self.table, self.charts = self._figures[key]
        for kpi in self.defs.kpis:
            self.tiles[kpi.id].show_cell(self.table.total(kpi.id))
        self.model.set_table(self.table)
        self._fit_columns()
        self.table_view.horizontalHeader().setSortIndicator(self.model.sort_key[0], Qt.SortOrder.AscendingOrder
                                                            if self.model.sort_key[1] else Qt.SortOrder.DescendingOrder)
        self._show_charts()
        self.updated.emit()

    def _fit_columns(self) -> None:
        """Each column as wide as its header (the figures are shorter); the names' column wider."""
        header = self.table_view.horizontalHeader()
        metrics = header.fontMetrics()
        for c in range(self.model.columnCount()):
            text = self.model.headerData(c, Qt.Orientation.Horizontal) or ""
            header.resizeSection(c, max(metrics.horizontalAdvance(text) + 28, 150 if c == 0 else 64))

    def _show_charts(self) -> None:
        from desktop.charts import ChartView

        while len(self.chart_views) < len(self.charts):
            view = ChartView(font_px=12)
            view.setMinimumSize(*CHART_MIN)
            n = len(self.chart_views)
            view.clicked.connect(lambda key, kpi, n=n: self._chart_clicked(n, key, kpi))
            self.chart_views.append(view)
            self.chart_grid.addWidget(view, n // 2, n % 2)
            self.arranged = None
        for n, view in enumerate(self.chart_views):
            if n < len(self.charts):
                if view.chart != self.charts[n]:       # a chart is data: unchanged, not redrawn
                    view.set_chart(self.charts[n])
                view.show()
            else:
                view.hide()
        self.arrange()

    # --- layout --------------------------------------------------------------------------------------
    @property
    def compact(self) -> bool:
        return self.height() < COMPACT_BELOW

    def arrange(self, force: bool = False) -> None:
        """Tiles and charts laid out for the room there is: compact in a low dock (COMPACT_BELOW)."""
        compact = self.compact
        columns = max(1, (self.scroll.viewport().width() + 6) // (COMPACT_TILE_WIDTH + 6)) if compact else TILE_COLUMNS
        if not force and self.arranged == (compact, columns):
            return
        self.arranged = (compact, columns)
        for tile in self.tiles.values():
            self.tile_grid.removeWidget(tile)
        for n, tile in enumerate(self.tiles.values()):
            tile.set_compact(compact)
            self.tile_grid.addWidget(tile, n // columns, n % columns)
        shown = [v for v in self.chart_views if not v.isHidden()]
        for view in self.chart_views:
            self.chart_grid.removeWidget(view)
        for n, view in enumerate(self.chart_views):
            view.setMinimumSize(*(COMPACT_CHART_MIN if compact else CHART_MIN))
            self.chart_grid.addWidget(view, *((0, n) if compact else (n // 2, n % 2)))
        for c in range(max(self.chart_grid.columnCount(), 1)):      # the charts shown share the row equally
            self.chart_grid.setColumnStretch(c, 1 if compact and c < len(shown) else (1 if not compact and c < 2 else 0))
        self.body.setMinimumHeight(0 if compact else MIN_BODY_HEIGHT)    # compact: the tiles' and charts' own

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.arrange()

    # --- click-through -------------------------------------------------------------------------------
    def members(self, kpi_id: str, group: str | None = None, by: str | None = None,
                period: Period | None = None) -> compute.Members:
        """The records behind a number shown: the total of a KPI, or one group's (by the grouping `by`)."""
        return compute.members(self.recs, self.defs, kpi_id, period or self.period, group=group,
                               by=by if group is not None else None, within=self.within)

    def open_total(self, kpi_id: str) -> None:
        if self.recs is not None:
            self.openMembers.emit(self.members(kpi_id))

    def _cell_clicked(self, index: QModelIndex) -> None:
        kpi = self.model.kpi_at(index.column())
        if kpi is None or self.recs is None:
            return
        self.openMembers.emit(self.members(kpi.id, self.model.group_at(index.row()).key, self.by))

    def _name_double_clicked(self, index: QModelIndex) -> None:
        """A township's or village's name: the scope narrows to it and the table shows the level below."""
        if index.column() != GroupTableModel.NAME or self.by not in DRILL:
            return
        i = self.scope_box.findData(self.model.group_at(index.row()).key)
        if i < 0:
            return
        self.by_box.blockSignals(True)
        self.by_box.setCurrentIndex(self.by_box.findData(DRILL[self.by]))
        self.by_box.blockSignals(False)
        self.scope_box.setCurrentIndex(i)          # recomputes

    def _chart_clicked(self, n: int, key: str, kpi_id: str) -> None:
        if self.recs is None or n >= len(self.charts):
            return
        chart = self.charts[n]
        if chart.axis == "period":
            self.openMembers.emit(self.members(kpi_id, period=parse_period(key)))
        else:
            self.openMembers.emit(self.members(kpi_id, key, chart.by))

    # --- the map -------------------------------------------------------------------------------------
    def map_table(self) -> compute.Table | None:
        """Values for a map: the table by village or grid as chosen, else by grid."""
        if self.recs is None:
            return None
        if self.table is not None and self.table.by in ("village", "grid"):
            return self.table
        return compute.evaluate(self.recs, self.defs, self.period, "grid", self.within)

    def set_mapped(self, kpi_id: str | None) -> None:
        """The KPI the map shows (None: none): the remove button follows."""
        self.unmap_button.setEnabled(kpi_id is not None)
        if kpi_id is not None:
            self.map_box.setCurrentIndex(max(0, self.map_box.findData(kpi_id)))
