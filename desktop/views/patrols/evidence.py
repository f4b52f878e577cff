"""Patrol evidence in the window (issue 17): the stops of an assignment with what the GPS tracks and photos say
about them (shown under the assignment list), and the dialog of 巡查 → 导入轨迹和照片… (files or a folder, for a
member and period or for one assignment, the tolerance and the datum)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.i18n import vocab_label
from gis.patrols import evidence

STOP_HEADERS = [
    QT_TRANSLATE_NOOP("StopStatusTable", "站序"),
    QT_TRANSLATE_NOOP("StopStatusTable", "场所"),
    QT_TRANSLATE_NOOP("StopStatusTable", "核实结果"),
    QT_TRANSLATE_NOOP("StopStatusTable", "到达时间"),
    QT_TRANSLATE_NOOP("StopStatusTable", "停留"),
    QT_TRANSLATE_NOOP("StopStatusTable", "最近距离"),
    QT_TRANSLATE_NOOP("StopStatusTable", "照片"),
]
STATUS_COLORS = {"verified": "#1a9850", "missed": "#d73027", "unverified": "#e08214", "planned": "#737373"}
DATUMS = {"auto": QT_TRANSLATE_NOOP("EvidenceImport", "自动检测（无法确定时不导入）"),
          "wgs84": QT_TRANSLATE_NOOP("EvidenceImport", "WGS-84（GPS 原始坐标）"),
          "gcj02": QT_TRANSLATE_NOOP("EvidenceImport", "GCJ-02（火星坐标，将换算）")}


class StopStatusTable(QTableWidget):
    """One assignment's stops: number, site, status (已核实/漏巡/未核实/无记录), arrival, dwell, closest approach, photos."""

    def __init__(self, parent=None) -> None:
        super().__init__(0, len(STOP_HEADERS), parent)
        self.setHorizontalHeaderLabels([self.tr(h) for h in STOP_HEADERS])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().hide()
        self.rows: list[dict] = []

    def show_assignment(self, project, assignment_id: int | None) -> None:
        self.rows = []
        if project is not None and assignment_id is not None:
            with project.session() as s:
                self.rows = evidence.stop_statuses(s, None, None, assignment_id=assignment_id)
        self.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            dwell = self.tr("{0} 分").format(f"{r['dwell_s'] / 60:.0f}") if r["dwell_s"] else "—"
            values = [r["stop_seq"], r["site_name"], vocab_label("patrol_check_statuses", r["status"]),
                      f"{r['arrived_at']:%H:%M:%S}" if r["arrived_at"] else "—", dwell,
                      self.tr("{0} 米").format(f"{r['distance_m']:.0f}") if r["distance_m"] is not None else "—",
                      len(r["evidence"]) or "—"]
            for j, v in enumerate(values):
                item = QTableWidgetItem(str(v))
                item.setData(Qt.ItemDataRole.UserRole, r["stop_id"])
                if j == 2:
                    item.setForeground(QBrush(QColor(STATUS_COLORS[r["status"]])))
                self.setItem(i, j, item)
        self.resizeColumnsToContents()

    def status_of(self, seq: int) -> str | None:
        return next((r["status"] for r in self.rows if r["stop_seq"] == seq), None)


class EvidenceImportDialog(QDialog):
    """Files or folders, whose (a member and a period, or an assignment), tolerance and datum."""

    def __init__(self, members: list[tuple[int, str]], *, period: str = "", assignment_id: int | None = None,
                 tolerance_m: float = evidence.DEFAULT_TOLERANCE_M, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入轨迹和照片"))
        self.files = QListWidget()
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        add_files = QPushButton(self.tr("添加文件…"))
        add_folder = QPushButton(self.tr("添加文件夹…"))
        remove = QPushButton(self.tr("移除"))
        self.by_member = QRadioButton(self.tr("按网格员和时段"))
        self.by_assignment = QRadioButton(self.tr("按巡查任务"))
        self.member = QComboBox()
        self.member.addItem(self.tr("按文件名或文件夹名中的姓名"), None)
        for pid, name in members:
            self.member.addItem(name, pid)
        self.period = QLineEdit(period)
        self.period.setPlaceholderText(self.tr("时段，如 2026-W48、2026-11 或 2026-11-23"))
        self.assignment = QSpinBox()
        self.assignment.setRange(1, 2**31 - 1)
        if assignment_id is not None:
            self.assignment.setValue(assignment_id)
        self.tolerance = QDoubleSpinBox()
        self.tolerance.setRange(1, 1000)
        self.tolerance.setDecimals(0)
        self.tolerance.setSuffix(self.tr(" 米"))
        self.tolerance.setValue(tolerance_m)
        self.datum = QComboBox()
        for key, label in DATUMS.items():
            self.datum.addItem(QCoreApplication.translate("EvidenceImport", label), key)
        self.note = QLabel(self.tr("轨迹：GPX、奥维互动地图 KML/KMZ（需带时间）；照片：带 GPS 位置和拍摄时间的 JPEG。"
                                   "文件夹中的文件一并导入。"))
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("导入并核实"))
        row = QHBoxLayout()
        for w in (add_files, add_folder, remove):
            row.addWidget(w)
        row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.by_member)
        form.addRow(self.tr("网格员"), self.member)
        form.addRow(self.tr("时段"), self.period)
        form.addRow(self.by_assignment)
        form.addRow(self.tr("任务编号"), self.assignment)
        form.addRow(self.tr("核实距离"), self.tolerance)
        form.addRow(self.tr("轨迹坐标系"), self.datum)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.files, 1)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addWidget(buttons)
        (self.by_assignment if assignment_id is not None else self.by_member).setChecked(True)
        self.by_member.toggled.connect(self._scope)
        self._scope()
        add_files.clicked.connect(self._add_files)
        add_folder.clicked.connect(self._add_folder)
        remove.clicked.connect(lambda: [self.files.takeItem(self.files.row(i)) for i in self.files.selectedItems()])
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.resize(520, 480)

    def _scope(self) -> None:
        member = self.by_member.isChecked()
        for w in (self.member, self.period):
            w.setEnabled(member)
        self.assignment.setEnabled(not member)

    def add_paths(self, paths) -> None:
        known = set(self.paths())
        for p in paths:
            if str(p) not in known:
                self.files.addItem(str(p))

    def paths(self) -> list[str]:
        return [self.files.item(i).text() for i in range(self.files.count())]

    def _add_files(self) -> None:
        found, _ = QFileDialog.getOpenFileNames(self, self.tr("选择轨迹和照片"), str(Path.home()),
                                                self.tr("轨迹和照片 (*.gpx *.kml *.kmz *.jpg *.jpeg)"))
        self.add_paths(found)

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择文件夹"), str(Path.home()))
        if folder:
            self.add_paths([folder])

    def _accept(self) -> None:
        if not self.paths():
            self.note.setText(self.tr("请先添加轨迹或照片文件（或文件夹）"))
            return
        if self.by_member.isChecked() and not self.period.text().strip():
            self.note.setText(self.tr("请填写时段，如 2026-W48"))
            return
        self.accept()

    def values(self) -> dict:
        """Keywords for desktop.services.evidence.verify."""
        member = self.by_member.isChecked()
        return {"paths": self.paths(), "period": self.period.text().strip().upper() if member else None,
                "person": self.member.currentData() if member else None,
                "assignment_id": None if member else self.assignment.value(),
                "tolerance_m": self.tolerance.value(), "datum": self.datum.currentData()}
