"""管线安全分析 findings dock: the last run's findings as a sortable table (filter by kind): the pipeline findings
and the buffer checks between sites (学校周边禁止经营, 危化企业外部安全防护距离: no pipeline, the two sites as
the object), and the open hazards of sources 管线安全分析 / 周边安全距离分析 the run did not find again (listed,
never closed: 销号 needs a person).

The view is given the use case's result (desktop.services.gas.Analysed) and reads nothing itself. A
double-click asks the feature to show the finding on the map (findingChosen, the gis.gas.lists.Row) or a
disappeared hazard (hazardChosen, its id); 重新分析… and 导出清单… are the feature's too.
"""
from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import vocab_label
from gis.gas.findings import metres
from gis.gas.lists import KINDS

HEADERS = [
    QT_TRANSLATE_NOOP("GasFindingsView", "类型"),
    QT_TRANSLATE_NOOP("GasFindingsView", "管线"),
    QT_TRANSLATE_NOOP("GasFindingsView", "压力级制"),
    QT_TRANSLATE_NOOP("GasFindingsView", "对象"),
    QT_TRANSLATE_NOOP("GasFindingsView", "距离(米)"),
    QT_TRANSLATE_NOOP("GasFindingsView", "规定距离(米)"),
    QT_TRANSLATE_NOOP("GasFindingsView", "级别"),
    QT_TRANSLATE_NOOP("GasFindingsView", "隐患等级"),
    QT_TRANSLATE_NOOP("GasFindingsView", "台账"),
    QT_TRANSLATE_NOOP("GasFindingsView", "隐患编号"),
    QT_TRANSLATE_NOOP("GasFindingsView", "备注"),
]
GONE_HEADERS = [
    QT_TRANSLATE_NOOP("GasFindingsView", "隐患编号"),
    QT_TRANSLATE_NOOP("GasFindingsView", "类型"),
    QT_TRANSLATE_NOOP("GasFindingsView", "隐患描述"),
]
KIND_TEXT = {
    "occupation": QT_TRANSLATE_NOOP("GasFindingsView", "占压"),
    "clearance": QT_TRANSLATE_NOOP("GasFindingsView", "安全间距不足"),
    "third_party_works": QT_TRANSLATE_NOOP("GasFindingsView", "第三方施工"),
    "high_consequence": QT_TRANSLATE_NOOP("GasFindingsView", "高后果区"),
    "school_zone": QT_TRANSLATE_NOOP("GasFindingsView", "学校周边禁止经营"),
    "external_distance": QT_TRANSLATE_NOOP("GasFindingsView", "危化企业外部安全防护距离"),
}
LEDGER_TEXT = {   # gis.gas.lists.Row.ledger_state
    "new": QT_TRANSLATE_NOOP("GasFindingsView", "新登记"),
    "pending": QT_TRANSLATE_NOOP("GasFindingsView", "待登记（试运行）"),
    "open": QT_TRANSLATE_NOOP("GasFindingsView", "已在台账"),
    "area": QT_TRANSLATE_NOOP("GasFindingsView", "不登记（高后果区）"),
    "incomplete": QT_TRANSLATE_NOOP("GasFindingsView", "不登记（参数不全）"),
}
LEVEL_TEXT = (   # the levels gis.gas.lists.level_label / site_level_label give (报警/预警 from the rules file;
                 # a school_zone's is the business's category, translated as vocabulary), for translation
    QT_TRANSLATE_NOOP("GasFindingsView", "占压"),
    QT_TRANSLATE_NOOP("GasFindingsView", "小于最小净距"),
    QT_TRANSLATE_NOOP("GasFindingsView", "小于折减后最小净距"),
    QT_TRANSLATE_NOOP("GasFindingsView", "报警"),
    QT_TRANSLATE_NOOP("GasFindingsView", "预警"),
    QT_TRANSLATE_NOOP("GasFindingsView", "Ⅰ级"),
    QT_TRANSLATE_NOOP("GasFindingsView", "Ⅱ级"),
    QT_TRANSLATE_NOOP("GasFindingsView", "Ⅲ级"),
    QT_TRANSLATE_NOOP("GasFindingsView", "防护距离内"),
    QT_TRANSLATE_NOOP("GasFindingsView", "参数不全"),
)
PART_TEXT = {"压力级制": QT_TRANSLATE_NOOP("GasFindingsView", "压力级制"),
             "外径": QT_TRANSLATE_NOOP("GasFindingsView", "外径"),
             "外部安全防护距离": QT_TRANSLATE_NOOP("GasFindingsView", "外部安全防护距离")}
NONE = "—"        # a site row's pipeline and pressure class
ROW_ROLE = Qt.ItemDataRole.UserRole + 1       # column 0: the gis.gas.lists.Row
KIND_ROLE = Qt.ItemDataRole.UserRole + 2      # column 0: its kind, for the filter
SORT_ROLE = Qt.ItemDataRole.UserRole + 3      # every column: what it sorts by (numbers as numbers)
DISTANCE, THRESHOLD = 4, 5


def tr(text: str) -> str:
    return QCoreApplication.translate("GasFindingsView", text)


def _item(text: str, sort=None) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setData(text if sort is None else sort, SORT_ROLE)
    return item


def _name(name: str | None, fid: int) -> str:
    return name if name else tr("（未命名，编号 {0}）").format(fid)


def _metres(v: float | None) -> QStandardItem:
    """A distance cell, right-aligned, sorting as a number (a missing one last)."""
    item = _item("" if v is None else metres(v), float("inf") if v is None else v)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class GasFindingsView(QWidget):
    findingChosen = Signal(object)       # gis.gas.lists.Row (double-click)
    hazardChosen = Signal(int)           # a disappeared hazard's id (double-click)
    runRequested = Signal()
    exportRequested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.analysed = None
        self.rows: list = []
        self.gone: list = []
        self.summary = QLabel(self.tr("尚未分析。点“运行分析…”分析燃气管线。"))
        self.summary.setWordWrap(True)
        self.kind_box = QComboBox()
        self.kind_box.addItem(self.tr("全部类型"), None)
        for kind in KINDS:
            self.kind_box.addItem(tr(KIND_TEXT[kind]), kind)
        self.run_button = QPushButton(self.tr("运行分析…"))
        self.export_button = QPushButton(self.tr("导出清单…"))
        self.export_button.setEnabled(False)

        self.model = QStandardItemModel(0, len(HEADERS), self)
        self.model.setHorizontalHeaderLabels([tr(h) for h in HEADERS])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterRole(KIND_ROLE)
        self.proxy.setFilterKeyColumn(0)
        self.table = self._table(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)   # the run's order until a header is clicked
        self.table.doubleClicked.connect(self._chosen)

        self.gone_model = QStandardItemModel(0, len(GONE_HEADERS), self)
        self.gone_model.setHorizontalHeaderLabels([tr(h) for h in GONE_HEADERS])
        self.gone_table = self._table(self.gone_model)
        self.gone_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.gone_table.doubleClicked.connect(self._gone_chosen)
        self.gone_note = QLabel(self.tr("以下隐患仍在台账中未销号，但本次分析未再发现：请现场核实后按程序办理，系统不自动销号。"))
        self.gone_note.setWordWrap(True)
        gone_page = QWidget()
        gl = QVBoxLayout(gone_page)
        gl.setContentsMargins(0, 0, 0, 0)
        gl.addWidget(self.gone_note)
        gl.addWidget(self.gone_table, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, self.tr("本次发现"))
        self.tabs.addTab(gone_page, self.tr("未再发现"))

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("类型")))
        top.addWidget(self.kind_box)
        top.addStretch(1)
        top.addWidget(self.run_button)
        top.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.tabs, 1)

        self.kind_box.currentIndexChanged.connect(self._filter)
        self.run_button.clicked.connect(self.runRequested)
        self.export_button.clicked.connect(self.exportRequested)

    @staticmethod
    def _table(model) -> QTableView:
        table = QTableView()
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)   # compact rows
        table.horizontalHeader().setStretchLastSection(True)
        return table

    # --- showing a run -----------------------------------------------------------------------------
    def clear(self) -> None:
        self.analysed, self.rows, self.gone = None, [], []
        self.model.removeRows(0, self.model.rowCount())
        self.gone_model.removeRows(0, self.gone_model.rowCount())
        self.summary.setText(self.tr("尚未分析。点“运行分析…”分析燃气管线。"))
        self.export_button.setEnabled(False)
        self.tabs.setTabText(1, self.tr("未再发现"))

    def set_result(self, analysed) -> None:
        """Show a run (desktop.services.gas.Analysed): its findings and the disappeared hazards."""
        self.analysed = analysed
        self.rows, self.gone = analysed.rows(), analysed.disappeared()
        self.table.setSortingEnabled(False)
        self.model.removeRows(0, self.model.rowCount())
        for r in self.rows:
            self.model.appendRow(self._cells(r))
        self.table.setSortingEnabled(True)
        self.proxy.sort(-1)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.gone_model.removeRows(0, self.gone_model.rowCount())
        for g in self.gone:
            code = _item(g.hazard_code or str(g.hazard_id))
            code.setData(g.hazard_id, ROW_ROLE)
            self.gone_model.appendRow([code, _item(tr(KIND_TEXT.get(g.kind, g.kind))), _item(g.description)])
        self.table.resizeColumnsToContents()
        self.gone_table.resizeColumnToContents(0)
        self.gone_table.resizeColumnToContents(1)
        self.tabs.setTabText(1, self.tr("未再发现 ({0})").format(len(self.gone)))
        self.export_button.setEnabled(True)
        self._summarise()

    def _cells(self, r) -> list[QStandardItem]:
        kind = _item(tr(KIND_TEXT[r.kind]), KINDS.index(r.kind))
        kind.setData(r, ROW_ROLE)
        kind.setData(r.kind, KIND_ROLE)
        parts = "、".join(tr(PART_TEXT.get(p, p)) for p in r.incomplete)
        if r.is_site:            # a buffer check between two sites: no pipeline; the object is both sites
            pipe, cls = _item(NONE, ""), NONE
            what = _name(r.site_name, r.site_id)
            if r.feature_id is not None:
                what = self.tr("{0} ↔ {1}").format(what, _name(r.feature_name, r.feature_id))
            level = vocab_label("site_categories", r.level) if r.kind == "school_zone" else tr(r.level_zh)
            note = self.tr("参数不全（缺{0}）").format(parts) if r.incomplete else ""
        else:
            pipe = _item(_name(r.pipeline_name, r.pipeline_id))
            cls = vocab_label("pressure_classes", r.pressure_class)
            if "压力级制" in r.incomplete:
                cls = self.tr("{0}（默认）").format(cls)
            what = _name(r.feature_name, r.feature_id)
            level = tr(r.level_zh)
            note = self.tr("参数不全（{0}按默认值）").format(parts) if r.incomplete else ""
        ledger = _item(tr(LEDGER_TEXT[r.ledger_state]))
        return [kind, pipe, _item(cls), _item(what), _metres(r.distance_m), _metres(r.threshold_m), _item(level),
                _item(vocab_label("hazard_grades", r.grade) if r.grade else ""), ledger, _item(r.hazard_code or ""),
                _item(note)]

    def _summarise(self) -> None:
        a = self.analysed
        s, rows = a.summary, self.rows
        counts = {k: sum(1 for r in rows if r.kind == k and r.ledger_state != "incomplete") for k in KINDS}
        incomplete = sum(1 for r in rows if r.ledger_state == "incomplete")
        found = self.tr("{on}：占压 {occ} 处，安全间距不足 {cl} 处，第三方施工 {tpw} 处，高后果区 {hca} 处；"
                        "学校周边禁止经营 {sz} 处，危化企业外部安全防护距离内有防护目标 {ed} 处。").format(
            on=a.run.on.isoformat(), occ=counts["occupation"], cl=counts["clearance"],
            tpw=counts["third_party_works"], hca=counts["high_consequence"], sz=counts["school_zone"],
            ed=counts["external_distance"])
        if incomplete:
            found += self.tr("{0} 家危化企业未填外部安全防护距离，无法核查（参数不全）。").format(incomplete)
        if a.dry_run:
            ledger = self.tr("试运行，未写入台账：将新登记 {0} 条隐患，已在台账 {1} 条。").format(
                len(s.new), len(s.still_open))
        else:
            ledger = self.tr("新登记 {0} 条隐患，已在台账 {1} 条。").format(len(s.new), len(s.still_open))
        gone = self.tr("台账中 {0} 条本次未再发现（未自动销号）。").format(len(s.disappeared)) if s.disappeared else ""
        self.summary.setText(found + ledger + gone)

    # --- choosing -----------------------------------------------------------------------------------
    def _filter(self) -> None:
        kind = self.kind_box.currentData()
        self.proxy.setFilterFixedString(kind or "")

    def shown_rows(self) -> list:
        """The findings as the table shows them (filtered, sorted)."""
        return [self.proxy.index(i, 0).data(ROW_ROLE) for i in range(self.proxy.rowCount())]

    def row_at(self, view_row: int):
        return self.proxy.index(view_row, 0).data(ROW_ROLE)

    def _chosen(self, index) -> None:
        row = self.row_at(index.row())
        if row is not None:
            self.findingChosen.emit(row)

    def _gone_chosen(self, index) -> None:
        hid = self.gone_model.index(index.row(), 0).data(ROW_ROLE)
        if hid is not None:
            self.hazardChosen.emit(int(hid))
