"""拓扑检查 dock: the findings of the last check (gis.topology.Result) as a sortable table, filtered by kind,
with the fixes that apply to the selected finding as buttons.

The view is given the result and reads nothing itself. A double-click asks the feature to show the finding on
the map (findingChosen); a fix button asks it to apply that fix (fixRequested: the finding and the action key
of gis.topology_check.ACTIONS); 重新检查 is the feature's too.
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
    QVBoxLayout,
    QWidget,
)

from gis.topology import KINDS, actions

CONTEXT = "TopologyView"
HEADERS = [
    QT_TRANSLATE_NOOP("TopologyView", "类型"),
    QT_TRANSLATE_NOOP("TopologyView", "图层"),
    QT_TRANSLATE_NOOP("TopologyView", "要素"),
    QT_TRANSLATE_NOOP("TopologyView", "面积(平方米)"),
    QT_TRANSLATE_NOOP("TopologyView", "距离(米)"),
    QT_TRANSLATE_NOOP("TopologyView", "说明"),
]
KIND_TEXT = {
    "gap": QT_TRANSLATE_NOOP("TopologyView", "网格间空隙"),
    "overlap": QT_TRANSLATE_NOOP("TopologyView", "网格重叠"),
    "outside_village": QT_TRANSLATE_NOOP("TopologyView", "网格超出村界"),
    "site_outside": QT_TRANSLATE_NOOP("TopologyView", "场所不在网格内"),
    "invalid": QT_TRANSLATE_NOOP("TopologyView", "几何无效"),
    "duplicate_code": QT_TRANSLATE_NOOP("TopologyView", "代码重复"),
    "dangling_end": QT_TRANSLATE_NOOP("TopologyView", "线路悬挂端点"),
}
LAYER_TEXT = {
    "villages": QT_TRANSLATE_NOOP("TopologyView", "村（社区）"),
    "grids": QT_TRANSLATE_NOOP("TopologyView", "网格"),
    "sites": QT_TRANSLATE_NOOP("TopologyView", "场所"),
    "pipelines": QT_TRANSLATE_NOOP("TopologyView", "燃气管线"),
    "roads": QT_TRANSLATE_NOOP("TopologyView", "道路"),
}
ACTION_TEXT = {   # gis.topology_check.ACTIONS
    "close_gap": QT_TRANSLATE_NOOP("TopologyView", "并入相邻网格"),
    "remove_overlap": QT_TRANSLATE_NOOP("TopologyView", "消除重叠"),
    "clip_to_village": QT_TRANSLATE_NOOP("TopologyView", "裁剪到村界"),
    "repair": QT_TRANSLATE_NOOP("TopologyView", "修复几何"),
}
ACTION_TIP = {
    "close_gap": QT_TRANSLATE_NOOP("TopologyView", "把空隙并入与它共边最长的网格"),
    "remove_overlap": QT_TRANSLATE_NOOP("TopologyView", "从重叠部分占其面积比例较小的网格中减去重叠部分（比例相同时减去后建的网格）"),
    "clip_to_village": QT_TRANSLATE_NOOP("TopologyView", "去掉网格超出所属村（社区）的部分"),
    "repair": QT_TRANSLATE_NOOP("TopologyView", "修复无效几何，保留面状部分"),
}
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1   # column 0: the gis.topology.Finding
KIND_ROLE = Qt.ItemDataRole.UserRole + 2      # column 0: its kind, for the filter
SORT_ROLE = Qt.ItemDataRole.UserRole + 3      # every column: what it sorts by


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _item(text: str, sort=None) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setData(text if sort is None else sort, SORT_ROLE)
    return item


def _number(v: float | None) -> QStandardItem:
    item = _item("" if v is None else f"{v:,.1f}", float("inf") if v is None else v)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class TopologyView(QWidget):
    findingChosen = Signal(object)          # gis.topology.Finding (double-click)
    fixRequested = Signal(object, str)      # the finding, the action key
    runRequested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.result = None
        self.summary = QLabel(self.tr("尚未检查。点“重新检查”检查网格、场所和线路的拓扑。"))
        self.summary.setWordWrap(True)
        self.kind_box = QComboBox()
        self.kind_box.addItem(self.tr("全部类型"), None)
        for kind in KINDS:
            self.kind_box.addItem(tr(KIND_TEXT[kind]), kind)
        self.run_button = QPushButton(self.tr("重新检查"))

        self.model = QStandardItemModel(0, len(HEADERS), self)
        self.model.setHorizontalHeaderLabels([tr(h) for h in HEADERS])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterRole(KIND_ROLE)
        self.proxy.setFilterKeyColumn(0)
        t = self.table = QTableView()
        t.setModel(self.proxy)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.verticalHeader().hide()
        t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 8)
        t.horizontalHeader().setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        t.setSortingEnabled(True)
        t.sortByColumn(-1, Qt.SortOrder.AscendingOrder)     # the check's order until a header is clicked
        t.doubleClicked.connect(self._chosen)
        t.selectionModel().currentRowChanged.connect(lambda *_: self._show_actions())

        self.fix_buttons: dict[str, QPushButton] = {}
        fixes = QHBoxLayout()
        self.fix_label = QLabel(self.tr("修复所选："))
        fixes.addWidget(self.fix_label)
        for key, text in ACTION_TEXT.items():
            b = self.fix_buttons[key] = QPushButton(tr(text))
            b.setToolTip(tr(ACTION_TIP[key]))
            b.clicked.connect(lambda _=False, k=key: self._fix(k))
            fixes.addWidget(b)
        self.no_fix = QLabel(self.tr("（所选问题需手工处理）"))
        fixes.addWidget(self.no_fix)
        fixes.addStretch(1)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("类型")))
        top.addWidget(self.kind_box)
        top.addStretch(1)
        top.addWidget(self.run_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addLayout(fixes)
        self.kind_box.currentIndexChanged.connect(self._filter)
        self.run_button.clicked.connect(self.runRequested)
        self._show_actions()

    # --- showing a result ----------------------------------------------------------------------------
    def clear(self) -> None:
        self.result = None
        self.model.removeRows(0, self.model.rowCount())
        self.summary.setText(self.tr("尚未检查。点“重新检查”检查网格、场所和线路的拓扑。"))
        self._show_actions()

    def set_result(self, result) -> None:
        """Show a gis.topology.Result (the selection stays on the same finding when it is still there)."""
        keep = self.current()
        keep = keep.key if keep is not None else None
        self.result = result
        self.table.setSortingEnabled(False)
        self.model.removeRows(0, self.model.rowCount())
        for f in result.findings:
            first = _item(tr(KIND_TEXT[f.kind]))
            first.setData(f, FINDING_ROLE)
            first.setData(f.kind, KIND_ROLE)
            message = _item(f.message)
            message.setToolTip(f.message)
            self.model.appendRow([first, _item(tr(LAYER_TEXT.get(f.layer, f.layer))), _item(f.label or str(f.id)),
                                  _number(f.area_m2), _number(f.distance_m), message])
        self.table.setSortingEnabled(True)
        self.table.resizeColumnsToContents()
        if result.clean:
            self.summary.setText(self.tr("拓扑检查未发现问题。"))
        else:
            counts = self.tr("，").join(tr(KIND_TEXT[k]) + f" {n}" for k, n in result.counts().items())
            self.summary.setText(self.tr("发现 {0} 处问题：{1}。双击一行在地图上查看。").format(len(result.findings), counts))
        if keep is not None:
            for r in range(self.proxy.rowCount()):
                if self.finding_at(r).key == keep:
                    self.table.selectRow(r)
                    break
        self._show_actions()

    def finding_at(self, proxy_row: int):
        return self.proxy.index(proxy_row, 0).data(FINDING_ROLE)

    def row_of(self, kind: str, fid: int) -> int | None:
        """The proxy row of the first finding of `kind` on feature `fid`, or None."""
        for r in range(self.proxy.rowCount()):
            f = self.finding_at(r)
            if f.kind == kind and f.id == fid:
                return r
        return None

    def current(self):
        idx = self.table.currentIndex()
        return self.finding_at(idx.row()) if idx.isValid() else None

    # --- reacting ----------------------------------------------------------------------------------------
    def _filter(self) -> None:
        kind = self.kind_box.currentData()
        self.proxy.setFilterFixedString(kind or "")
        self._show_actions()

    def _chosen(self, index) -> None:
        f = self.finding_at(index.row())
        if f is not None:
            self.findingChosen.emit(f)

    def _show_actions(self) -> None:
        f = self.current()
        applies = set(actions(f)) if f is not None else set()
        for key, button in self.fix_buttons.items():
            button.setVisible(key in applies)
        self.no_fix.setVisible(f is not None and not applies)
        self.fix_label.setVisible(f is not None)

    def _fix(self, key: str) -> None:
        f = self.current()
        if f is not None:
            self.fixRequested.emit(f, key)
