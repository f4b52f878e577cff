"""The split preview (old code → new code for every grid of the village, before committing) and the edit history
list (the undo stack's texts; a click undoes or redoes to that row)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text

CHANGED = QColor("#fff3cd")


class RenumberPreview(QDialog):
    """原代码 → 新代码 (and names) of a village's grids; 确定 commits the edit."""

    def __init__(self, title: str, intro: str, plan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = QLabel(intro)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.table = QTableWidget(len(plan), 4)
        self.table.setHorizontalHeaderLabels([self.tr("原代码"), self.tr("新代码"), self.tr("原名称"), self.tr("新名称")])
        for row, r in enumerate(plan):
            cells = [r.old_code or self.tr("（新网格）"), r.new_code, r.old_name or "—", r.new_name]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if r.changed:
                    item.setBackground(QBrush(CHANGED))
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        changed = sum(1 for r in plan if r.old_code and r.old_code != r.new_code)
        note = QLabel(self.tr("共 {n} 个网格，{c} 个改号（原代码记入网格代码历史）；隐患、人员和巡查任务按网格身份保留，不随代码变化。")
                      .format(n=len(plan), c=changed))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(640, 120 + 30 * min(len(plan), 14))


class HistoryView(QListWidget):
    """The undo stack as a list: row 0 is the state before any edit, row k the state after the k-th edit; the
    current state is bold, undone edits grey. Clicking a row asks to go there (`goTo(k)`)."""

    goTo = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.itemClicked.connect(lambda item: self.goTo.emit(self.row(item)))

    def show_stack(self, texts: list[str], index: int) -> None:
        self.blockSignals(True)
        self.clear()
        for k, text in enumerate([self.tr("（打开项目时）"), *texts]):
            item = QListWidgetItem(text)
            font = item.font()
            font.setBold(k == index)
            item.setFont(font)
            if k > index:
                item.setForeground(QBrush(QColor("#999999")))
            self.addItem(item)
        self.setCurrentRow(index)
        self.blockSignals(False)


class SiteDialog(QDialog):
    """新增场所, first step: where — coordinates typed (CGCS2000 经纬度 or 3 度带高斯-克吕格 X/Y) or picked on the map
    (`pickRequested`; the feature hides the dialog while the user clicks and calls `set_lonlat`). `point()` gives the
    storage point or raises ValidationError in Chinese. The site's attributes follow in the layer's attribute form."""

    pickRequested = Signal()

    def __init__(self, near_lon: float, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import (
            QComboBox,
            QFormLayout,
            QHBoxLayout,
            QLineEdit,
            QPushButton,
        )

        super().__init__(parent)
        self.setWindowTitle(self.tr("新增场所 — 位置"))
        self.near_lon = near_lon
        form = QFormLayout(self)
        self.system = QComboBox()
        self.system.addItem(self.tr("CGCS2000 经纬度（度）"), "lonlat")
        self.system.addItem(self.tr("CGCS2000 3 度带高斯-克吕格（米）"), "gk3")
        form.addRow(self.tr("坐标系"), self.system)
        self.a, self.b = QLineEdit(), QLineEdit()
        self.a_label, self.b_label = QLabel(), QLabel()
        form.addRow(self.a_label, self.a)
        form.addRow(self.b_label, self.b)
        row = QHBoxLayout()
        self.pick = QPushButton(self.tr("在地图上点选…"))
        self.pick.clicked.connect(self.pickRequested)
        row.addWidget(self.pick)
        row.addStretch(1)
        form.addRow("", row)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(True)
        form.addRow(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("下一步：属性…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.system.currentIndexChanged.connect(self._labels)
        self._labels()
        self.setMinimumWidth(460)

    def _labels(self) -> None:
        gk = self.system.currentData() == "gk3"
        self.a_label.setText(self.tr("X（北坐标）") if gk else self.tr("经度"))
        self.b_label.setText(self.tr("Y（东坐标）") if gk else self.tr("纬度"))

    def set_lonlat(self, lon: float, lat: float) -> None:
        self.system.setCurrentIndex(0)
        self.a.setText(f"{lon:.7f}")
        self.b.setText(f"{lat:.7f}")

    def point(self):
        from gis.editing.coordinates import point_from

        return point_from(self.a.text(), self.b.text(), self.system.currentData(), self.near_lon)

    def _check(self) -> None:
        from gis.errors import ValidationError

        try:
            self.point()
        except ValidationError as e:
            self.error.setText(error_text(e))
            self.adjustSize()
            return
        self.accept()
