"""Coverage panel (覆盖检查): the gaps of a fire season — forest zones outside every ranger area,
ranger areas without a ranger, checkpoints and duty posts understaffed in the critical periods —
listed; choosing one zooms the map to it and selects the zone or checkpoint concerned."""
from __future__ import annotations

from datetime import date

import numpy as np
import shapely
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import loading_here
from gis.fire import coverage as fire_coverage
from gis.fire import seasons as forestfire
from gis.geo.crs import DISPLAY, STORAGE, transform

SOURCE = {"zone_uncovered": "zones", "ranger_area_unstaffed": "zones", "shift_understaffed": "sites"}


class FireCoverageView(QWidget):
    gapChosen = Signal(str, object, object)   # source, feature id, bounds (EPSG:3857) or None

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.gaps: list[fire_coverage.Gap] = []
        self.year = QSpinBox(minimum=2000, maximum=2100, value=forestfire.season_year(date.today()))
        self.check = QPushButton(self.tr("检查覆盖"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        lay = QVBoxLayout(self)
        lay.addWidget(self.year)
        lay.addWidget(self.check)
        lay.addWidget(self.summary)
        lay.addWidget(self.list, 1)
        self.check.clicked.connect(self.refresh)
        self.list.currentRowChanged.connect(self._chosen)

    def set_project(self, project) -> None:
        self.project = project
        self.list.clear()
        self.summary.clear()

    def refresh(self) -> None:
        self.list.clear()
        self.gaps = []
        if self.project is None:
            return
        self.summary.clear()
        loaded, season = False, None
        what = QT_TRANSLATE_NOOP("Loads", "防火覆盖缺口")
        with loading_here(self.project, what, self.summary.setText), self.project.session() as s:
            season = forestfire.find_season(s, self.year.value())     # endless: a message in the summary line
            if season is not None:
                self.gaps = fire_coverage.coverage(s, season)
            loaded = True
        if not loaded:
            return
        if season is None:
            self.summary.setText(self.tr("还没有 {0} 年度的防火期").format(self.year.value()))
            return
        for g in self.gaps:
            item = QListWidgetItem(g.description)
            item.setData(Qt.ItemDataRole.UserRole, g.kind)
            self.list.addItem(item)
        self.summary.setText(self.tr("发现 {0} 处缺口").format(len(self.gaps)) if self.gaps
                             else self.tr("森林防火区均在护林员责任区内，紧要期每班均有人值守。"))

    def _chosen(self, row: int) -> None:
        if row < 0 or row >= len(self.gaps):
            return
        g = self.gaps[row]
        bounds = None
        if g.geom is not None:
            b = shapely.bounds(transform(np.array([g.geom], dtype=object), STORAGE, DISPLAY)[0])
            bounds = tuple(float(v) for v in b)
        self.gapChosen.emit(SOURCE.get(g.kind, ""), g.ref_id, bounds)
