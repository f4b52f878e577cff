"""群众举报 list: the tip-offs filtered by status, channel, period (by the day received) and 逾期, with the selected
one's details and history, and a button for each step (enabled when the rules allow it for the selected tip-off).

Loads run off the UI thread (desktop/tasks.Latest). Reporters come masked unless the operator may see them (the
service decides: gis.tipoffs.privacy.can_see_reporter). `show_ids(ids, title)` narrows the list to exactly those
tip-offs (the dashboard's tip-off numbers) until `clear_filter()`. Writes are the step dialogs' (steps.py) and the
intake form's (intake.py); `changed` carries their Change, `intakeRequested` asks the feature for the form (it
needs the map), `openHazard(id)` the ledger, `showOnMap(lon, lat)` the map."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text, vocab_label, vocab_lang
from desktop.services import tipoffs as use
from desktop.tasks import Latest, budgeted
from desktop.views.hazards.self_checks import month_periods
from desktop.views.tables import RowsModel, list_table
from desktop.views.tipoffs.steps import STEPS, StepDialog
from gis import vocab
from gis.errors import GridsafeError
from gis.patrols.periods import parse_period
from gis.tipoffs.rules import action_label, refusal

COLUMNS = (
    QT_TRANSLATE_NOOP("TipOffModel", "编号"),
    QT_TRANSLATE_NOOP("TipOffModel", "受理时间"),
    QT_TRANSLATE_NOOP("TipOffModel", "渠道"),
    QT_TRANSLATE_NOOP("TipOffModel", "状态"),
    QT_TRANSLATE_NOOP("TipOffModel", "网格"),
    QT_TRANSLATE_NOOP("TipOffModel", "举报人"),
    QT_TRANSLATE_NOOP("TipOffModel", "联系电话"),
    QT_TRANSLATE_NOOP("TipOffModel", "举报内容"),
    QT_TRANSLATE_NOOP("TipOffModel", "核查人"),
    QT_TRANSLATE_NOOP("TipOffModel", "核查结果"),
    QT_TRANSLATE_NOOP("TipOffModel", "关联隐患"),
    QT_TRANSLATE_NOOP("TipOffModel", "反馈用时（时）"),
)
OVERDUE = QColor("#f8d7d3")


def _hours(v: float | None) -> str:
    return "" if v is None else f"{v:.1f}"


class TipOffModel(RowsModel):
    HEADERS, CONTEXT = COLUMNS, "TipOffModel"

    def set_rows(self, rows: list[use.Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()


    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole and r.overdue and index.column() == 3:
            return QBrush(OVERDUE)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        status = vocab_label("tipoff_statuses", r.status)
        if r.overdue:
            status += QCoreApplication.translate("TipOffModel", "（逾期）")
        values = (r.code, f"{r.received_at:%Y-%m-%d %H:%M}", vocab_label("tipoff_channels", r.channel), status, r.grid,
                  r.reporter_name, r.reporter_contact, r.description, r.assignee,
                  vocab_label("tipoff_results", r.verify_result) if r.verify_result else "", r.hazard_code or "",
                  _hours(r.hours_to_reply))
        return values[index.column()]


class TipOffView(QWidget):
    changed = Signal(object)          # gis.changes.Change of a write made here
    loaded = Signal()
    intakeRequested = Signal()
    openHazard = Signal(int)
    showOnMap = Signal(float, float)

    def __init__(self, parent=None, *, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.project = None
        self.today = today
        self.operator: Callable[[QWidget], object | None] = lambda _parent: None   # the feature sets both
        self.viewer: Callable[[], object | None] = lambda: None
        self._only: tuple[int, ...] | None = None
        self.all_rows: list[use.Row] = []
        self.loads = Latest(self)
        self.loads.succeeded.connect(self._loaded)
        self.loads.failed.connect(lambda message: self.summary.setText(self.tr("无法读取群众举报：") + message))

        self.status_box = QComboBox()
        self.status_box.addItem(self.tr("全部状态"), None)
        self.status_box.addItem(self.tr("未办结"), "open")
        for key, label in vocab.labels("tipoff_statuses", vocab_lang()).items():
            self.status_box.addItem(label, key)
        self.channel_box = QComboBox()
        self.channel_box.addItem(self.tr("全部渠道"), None)
        for key, label in vocab.labels("tipoff_channels", vocab_lang()).items():
            self.channel_box.addItem(label, key)
        self.period_box = QComboBox()
        self.period_box.setEditable(True)
        self.period_box.setToolTip(self.tr("受理时段：选择月份，或输入 2026-W48、2026-Q4、2026 后回车"))
        self.period_box.addItem(self.tr("全部时段"), None)
        for p in month_periods(today()):
            self.period_box.addItem(p.label, p.label)
        self.overdue_box = QCheckBox(self.tr("只看逾期"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)      # a long message (a load that took too long) wraps
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.only_label = QLabel()
        self.only_label.setStyleSheet("QLabel { background: #fff3c4; padding: 2px 6px; }")
        self.only_clear = QToolButton()
        self.only_clear.setText(self.tr("显示全部"))
        self.only_bar = QWidget()
        self.only_bar.hide()
        self.model = TipOffModel(self)
        self.table = list_table(self.model, (100, 110, 80, 96, 190, 56, 96, 260, 60, 64, 140, 90))
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(self._link)
        self.photos = QListWidget()                   # the reporter's photos of the selected tip-off
        self.photos.setViewMode(QListWidget.ViewMode.IconMode)
        self.photos.setIconSize(QSize(56, 56))
        self.photos.setFixedHeight(80)
        self.photos.hide()
        self.intake_button = QPushButton(self.tr("受理举报…"))
        self.step_buttons = {step: QPushButton(action_label(step, vocab_lang()) + "…") for step in STEPS}
        self.hazard_button = QPushButton(self.tr("查看隐患"))
        self.map_button = QPushButton(self.tr("在地图上显示"))

        top = QHBoxLayout()
        for w in (self.status_box, self.channel_box, QLabel(self.tr("受理时段")), self.period_box, self.overdue_box):
            top.addWidget(w)
        top.addStretch(1)
        only = QHBoxLayout(self.only_bar)
        only.setContentsMargins(0, 0, 0, 0)
        only.addWidget(self.only_label, 1)
        only.addWidget(self.only_clear)
        split = QSplitter(Qt.Orientation.Horizontal)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.details, 1)
        side_layout.addWidget(self.photos)
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.intake_button)
        for b in self.step_buttons.values():
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.hazard_button)
        buttons.addWidget(self.map_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.only_bar)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        for box in (self.status_box, self.channel_box):
            box.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.period_box.activated.connect(lambda _i: self.apply_filters())
        self.period_box.lineEdit().returnPressed.connect(self.apply_filters)
        self.overdue_box.toggled.connect(lambda _c: self.apply_filters())
        self.only_clear.clicked.connect(self.clear_filter)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.intake_button.clicked.connect(self.intakeRequested)
        for step, b in self.step_buttons.items():
            b.clicked.connect(lambda _c=False, step=step: self.run_step(step))
        self.hazard_button.clicked.connect(lambda: self.selected() and self.openHazard.emit(self.selected().hazard_id))
        self.map_button.clicked.connect(self._show_on_map)
        self._selected()

    # --- loading ----------------------------------------------------------------------------------------
    def set_project(self, project) -> None:
        self.project = project
        self.reload()

    def reload(self) -> None:
        if self.project is None:
            self.all_rows = []
            self.model.set_rows([])
            return
        project, viewer = self.project, self.viewer()
        self.summary.setText(self.tr("正在读取群众举报…"))
        what = QT_TRANSLATE_NOOP("Loads", "群众举报")
        self.loads.start(budgeted(project, what, lambda _feedback: use.rows(project, viewer=viewer)),
                         title="读取群众举报")

    def is_busy(self) -> bool:
        return self.loads.is_running()

    def _loaded(self, rows: list) -> None:
        keep = self.selected()
        self.all_rows = rows
        self.apply_filters()
        if keep is not None:
            self.select(keep.id)
        self.loaded.emit()

    # --- filters ----------------------------------------------------------------------------------------
    def _period(self):
        text = self.period_box.currentText().strip()
        if self.period_box.currentData() is None and text == self.period_box.itemText(0):
            return None
        try:
            return parse_period(text)
        except GridsafeError as e:
            self.summary.setText(error_text(e))
            raise

    def apply_filters(self) -> None:
        try:
            period = self._period()
        except GridsafeError:
            return
        status, channel = self.status_box.currentData(), self.channel_box.currentData()
        overdue, only = self.overdue_box.isChecked(), self._only
        shown = []
        for r in self.all_rows:
            if only is not None and r.id not in only:
                continue
            if status == "open" and r.status == "closed" or status not in (None, "open") and r.status != status:
                continue
            if channel is not None and r.channel != channel:
                continue
            if period is not None and not period.start <= r.received_at.date() <= period.end:
                continue
            if overdue and not r.overdue:
                continue
            shown.append(r)
        self.model.set_rows(shown)
        n_overdue = sum(r.overdue for r in shown)
        replied = [r.hours_to_reply for r in shown if r.hours_to_reply is not None]
        mean = f"{sum(replied) / len(replied):.1f}" if replied else "—"
        self.summary.setText(self.tr(
            "举报 <b>{n}</b> 条，未办结 <b>{open}</b> 条，逾期未反馈 <b style='color:#c0392b'>{late}</b> 条，"
            "核查属实 <b>{true}</b> 条；受理到反馈平均 <b>{mean}</b> 小时").format(
            n=len(shown), open=sum(r.status != "closed" for r in shown), late=n_overdue,
            true=sum(r.verify_result in ("confirmed", "partial") for r in shown), mean=mean))
        self._selected()

    def show_ids(self, ids: Iterable[int], title: str) -> None:
        """Exactly these tip-offs (the other filters cleared), under `title`."""
        self._only = tuple(int(i) for i in ids)
        for box in (self.status_box, self.channel_box, self.period_box):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.overdue_box.blockSignals(True)
        self.overdue_box.setChecked(False)
        self.overdue_box.blockSignals(False)
        self.only_label.setText(self.tr("仅显示：{title}（{n} 条）").format(title=title, n=len(self._only)))
        self.only_bar.show()
        self.apply_filters()

    def clear_filter(self) -> None:
        self._only = None
        self.only_bar.hide()
        self.apply_filters()

    def shown_ids(self) -> list[int]:
        return [r.id for r in self.model.rows]

    # --- selection and details --------------------------------------------------------------------------
    def selected(self) -> use.Row | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows and rows[0].row() < len(self.model.rows) else None

    def select(self, tipoff_id: int) -> bool:
        for i, r in enumerate(self.model.rows):
            if r.id == tipoff_id:
                self.table.selectRow(i)
                self.table.scrollTo(self.model.index(i, 0))
                return True
        return False

    def _selected(self) -> None:
        r = self.selected()
        self.intake_button.setEnabled(self.project is not None)
        for step, b in self.step_buttons.items():
            why = (refusal(step, r.status, r.verify_result, vocab_lang()) if r is not None
                   else self.tr("请先选择一条举报"))
            b.setEnabled(why is None)
            b.setToolTip(why or "")
        self.hazard_button.setEnabled(r is not None and r.hazard_id is not None)
        self.map_button.setEnabled(r is not None and r.lon is not None)
        self.details.setHtml(self._details(r) if r is not None else "")
        self._show_photos(r)

    def _show_photos(self, r: use.Row | None) -> None:
        self.photos.clear()
        pictures = use.photos(self.project, r.id) if r is not None and self.project is not None else []
        for name, data in pictures:
            pixmap = QPixmap()
            pixmap.loadFromData(data)
            item = QListWidgetItem(QIcon(pixmap.scaled(56, 56, Qt.AspectRatioMode.KeepAspectRatio,
                                                       Qt.TransformationMode.SmoothTransformation)), name)
            item.setToolTip(name)
            self.photos.addItem(item)
        self.photos.setVisible(bool(pictures))

    def _details(self, r: use.Row) -> str:
        rows = [(self.tr("编号"), r.code), (self.tr("渠道"), vocab_label("tipoff_channels", r.channel)),
                (self.tr("受理时间"), f"{r.received_at:%Y-%m-%d %H:%M}"),
                (self.tr("举报人"), f"{r.reporter_name} {r.reporter_contact}".strip() or self.tr("匿名")),
                (self.tr("地址"), r.address), (self.tr("网格"), r.grid), (self.tr("举报内容"), r.description),
                (self.tr("状态"), vocab_label("tipoff_statuses", r.status)), (self.tr("核查人"), r.assignee)]
        if r.verify_result:
            rows.append((self.tr("核查结果"), vocab_label("tipoff_results", r.verify_result)))
        if r.hazard_id is not None:
            rows.append((self.tr("关联隐患"), f"<a href='hazard:{r.hazard_id}'>{r.hazard_code}</a>"))
        if r.reply:
            rows.append((self.tr("反馈"), r.reply))
        if r.reward_amount is not None:
            rows.append((self.tr("奖励"), self.tr("{0:g} 元").format(r.reward_amount)))
        for label, hours in ((self.tr("受理→核查"), r.hours_to_verify), (self.tr("受理→反馈"), r.hours_to_reply)):
            if hours is not None:
                rows.append((label, self.tr("{0} 小时").format(_hours(hours))))
        html = "<table>" + "".join(f"<tr><td style='color:#666;padding-right:6px'>{k}</td><td>{v}</td></tr>"
                                   for k, v in rows if v) + "</table>"
        try:
            events = use.history(self.project, r.id) if self.project is not None else []
        except GridsafeError:
            events = []
        if events:
            html += "<p><b>" + self.tr("办理记录") + "</b></p><ol>" + "".join(
                f"<li>{e.describe()}</li>" for e in events) + "</ol>"
        return html

    def _link(self, url) -> None:
        text = url.toString()
        if text.startswith("hazard:"):
            self.openHazard.emit(int(text.split(":", 1)[1]))

    def _show_on_map(self) -> None:
        r = self.selected()
        if r is not None and r.lon is not None:
            self.showOnMap.emit(r.lon, r.lat)

    # --- steps ------------------------------------------------------------------------------------------
    def _actor(self):
        return self.operator(self)

    def run_step(self, step: str) -> StepDialog | None:
        r = self.selected()
        if self.project is None or r is None:
            return None
        dialog = StepDialog(self.project, step, r, self._actor, self, today=self.today)
        dialog.saved.connect(lambda outcome: self.changed.emit(outcome.change))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


