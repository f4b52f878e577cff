"""The 预警 panel: escalation alerts (overdue, shutdown, closure, zero report) with counts per rule.

The rules are evaluated off the UI thread; detail texts are written only for the rows painted
(gis.hazards.escalation.details), so tens of thousands of overdue hazards cost nothing until shown.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import vocab_lang
from desktop.tasks import Latest, budgeted
from desktop.views.tables import RowsModel, list_table
from gis import vocab
from gis.feedback import Feedback
from gis.hazards import escalation

LEVEL_COLORS = {"severe": QColor("#f8d0d0"), "warning": QColor("#fff0c2"), "notice": QColor("#e4eefc")}
HEADERS = [
    QT_TRANSLATE_NOOP("HazardAlertsPanel", "级别"),
    QT_TRANSLATE_NOOP("HazardAlertsPanel", "预警"),
    QT_TRANSLATE_NOOP("HazardAlertsPanel", "对象"),
    QT_TRANSLATE_NOOP("HazardAlertsPanel", "详情"),
    QT_TRANSLATE_NOOP("HazardAlertsPanel", "处置"),
]


def evaluate(project, today: date | None = None, feedback: Feedback | None = None) -> pd.DataFrame:
    with project.session() as s:
        return escalation.evaluate(s, today, feedback=feedback, lang=vocab_lang())


class AlertModel(RowsModel):
    HEADERS, CONTEXT = HEADERS, "HazardAlertsPanel"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.alerts = pd.DataFrame(columns=escalation.ALERT_COLUMNS)
        self.rows = pd.RangeIndex(0)
        self._details: dict[int, str] = {}

    def set_alerts(self, alerts: pd.DataFrame, label: str | None = None) -> None:
        self.beginResetModel()
        self.alerts = alerts
        self._details = {}
        self.rows = alerts.index[alerts["label"] == label] if label else alerts.index
        self.endResetModel()


    def detail(self, i: int) -> str:
        if i not in self._details:
            self._details[i] = escalation.details(self.alerts, [i], lang=vocab_lang())[0]
        return self._details[i]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        i = int(self.rows[index.row()])
        r = self.alerts.iloc[i]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            col = index.column()
            if col == 0:
                return vocab.label("alert_levels", r["level"], vocab_lang())
            if col == 1:
                return r["label"]
            if col == 2:
                code, site = r["hazard_code"], r["site_name"]
                return str(code) if isinstance(code, str) else (str(site) if isinstance(site, str) else "")
            if col == 3:
                return self.detail(i)
            return r["action"]
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 0:
            return QBrush(LEVEL_COLORS.get(r["level"], QColor("white")))
        return None

    def target(self, view_row: int) -> tuple[int | None, int | None]:
        """(hazard id, site id) of an alert row."""
        r = self.alerts.iloc[int(self.rows[view_row])]
        hid = None if pd.isna(r["hazard_id"]) else int(r["hazard_id"])
        sid = None if pd.isna(r["site_id"]) else int(r["site_id"])
        return hid, sid


class HazardAlertsPanel(QWidget):
    openHazard = Signal(int)
    showSite = Signal(int)
    evaluated = Signal(object)   # the alerts frame

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.today: date | None = None
        self.runs = Latest(self)          # 重新检查 while a check runs: the newer one wins
        self.runs.succeeded.connect(self._done)
        self.runs.failed.connect(self._failed)
        self.runs.finished.connect(self._ended)
        self.model = AlertModel(self)
        self.summary = QLabel(self.tr("打开项目后自动检查预警"))
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.rule_box = QComboBox()
        self.rule_box.addItem(self.tr("全部预警"), None)
        self.rule_box.currentIndexChanged.connect(lambda _i: self.model.set_alerts(self.model.alerts,
                                                                                    self.rule_box.currentData()))
        self.check_button = QPushButton(self.tr("重新检查"))
        self.check_button.clicked.connect(self.evaluate)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.table = list_table(self.model, (44, 96, 150, 420, 240), stretch=3, single=False)
        self.table.doubleClicked.connect(self._chosen)
        top = QHBoxLayout()
        top.addWidget(self.rule_box, 1)
        top.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.table, 1)

    def set_project(self, project) -> None:
        self.project = project
        self.evaluate()

    def evaluate(self) -> None:
        if self.project is None:
            return
        project, today = self.project, self.today
        self.progress.show()
        self.check_button.setEnabled(False)
        self.summary.setText(self.tr("正在检查预警规则…"))
        what = QT_TRANSLATE_NOOP("Loads", "预警检查")
        self.runs.start(budgeted(project, what, lambda feedback: evaluate(project, today, feedback)),
                        title="检查预警")

    def is_busy(self) -> bool:
        return self.runs.is_running()

    def _ended(self) -> None:
        self.progress.hide()
        self.check_button.setEnabled(True)

    def _done(self, alerts: pd.DataFrame) -> None:
        counts = escalation.summary(alerts)
        current = self.rule_box.currentData()
        self.rule_box.blockSignals(True)
        self.rule_box.clear()
        self.rule_box.addItem(self.tr("全部预警（{0}）").format(len(alerts)), None)
        for label, n in counts.items():
            self.rule_box.addItem(self.tr("{rule}（{n}）").format(rule=label, n=n), label)
        self.rule_box.setCurrentIndex(max(self.rule_box.findData(current), 0))
        self.rule_box.blockSignals(False)
        self.model.set_alerts(alerts, self.rule_box.currentData())
        if counts:
            parts = [f"{label} <b>{n:,}</b>" for label, n in counts.items()]
            self.summary.setText(self.tr("预警：{0}。双击一行查看。").format(self.tr("，").join(parts)))
        else:
            self.summary.setText(self.tr("没有预警"))
        self.evaluated.emit(alerts)

    def _failed(self, message: str) -> None:
        self.summary.setText(self.tr("无法检查预警：") + message)

    def counts(self) -> dict[str, int]:
        return escalation.summary(self.model.alerts)

    def _chosen(self, index) -> None:
        hid, sid = self.model.target(index.row())
        if hid is not None:
            self.openHazard.emit(hid)
        elif sid is not None:
            self.showSite.emit(sid)
