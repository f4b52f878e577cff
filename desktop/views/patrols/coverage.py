"""巡查覆盖率 per grid for a period, as a table (gis.patrols.results.coverage)."""
from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text, vocab_lang
from desktop.views.widgets.period_picker import PeriodPicker
from gis.errors import GridsafeError
from gis.patrols.periods import parse_period
from gis.patrols.results import coverage

HEADERS = [
    QT_TRANSLATE_NOOP("CoverageView", "网格代码"),
    QT_TRANSLATE_NOOP("CoverageView", "网格名称"),
    QT_TRANSLATE_NOOP("CoverageView", "应巡场所"),
    QT_TRANSLATE_NOOP("CoverageView", "已巡场所"),
    QT_TRANSLATE_NOOP("CoverageView", "应巡站次"),
    QT_TRANSLATE_NOOP("CoverageView", "已巡站次"),
    QT_TRANSLATE_NOOP("CoverageView", "覆盖率"),
]


class CoverageView(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.period = PeriodPicker()   # typed (2026-W48, 2026-11) or picked (本周, 本月…, a calendar)
        self.period.setPlaceholderText(self.tr("时段，如 2026-W48、2026-11"))
        self.show_button = QPushButton(self.tr("统计"))
        self.total = QLabel()
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.table.verticalHeader().hide()
        top = QHBoxLayout()
        top.addWidget(self.period, 1)
        top.addWidget(self.show_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.total)
        layout.addWidget(self.table, 1)
        self.show_button.clicked.connect(self.refresh)
        self.period.editingFinished.connect(self.refresh)

    def set_project(self, project) -> None:
        self.project = project
        self.table.setRowCount(0)

    def refresh(self) -> None:
        if self.project is None or not self.period.text().strip():
            return
        try:
            period = parse_period(self.period.text())
        except GridsafeError as e:
            self.total.setText(error_text(e))
            return
        with self.project.session() as s:
            t = coverage(s, period)
        self.frame = t
        self.table.setRowCount(len(t))
        for i, r in enumerate(t.itertuples()):
            rate = "—" if math.isnan(r.rate) else f"{r.rate:.0%}"
            for j, v in enumerate([r.code, r.name, r.due_sites, r.visited_sites, r.due_visits, r.done_visits, rate]):
                self.table.setItem(i, j, QTableWidgetItem(str(v)))
        self.table.resizeColumnsToContents()
        due, done = int(t["due_visits"].sum()), int(t["done_visits"].sum())
        self.total.setText(self.tr("{p}：应巡 {due} 站次，已巡 {done} 站次，覆盖率 {r}").format(
            p=period.name(vocab_lang()), due=due, done=done, r=f"{done / due:.0%}" if due else "—"))
