"""The patrol planner: a period (day, week, month, quarter), the grids (all or some) and their members (all, or
those ticked: 生成计划 then re-plans only theirs and the list shows only theirs), 生成计划 off the UI thread; then
the period's assignments for review: choosing one shows its route on the map, and its stops can be dragged into
a new order, which is routed again and saved."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text, vocab_label, vocab_lang
from desktop.services import patrols as patrol_use
from desktop.tasks import Task, loading_here
from desktop.views.widgets.period_picker import QUICK, quick_period
from gis.errors import GridsafeError
from gis.patrols.edit import reorder_stops
from gis.patrols.periods import Period, parse_period
from gis.patrols.queries import assignment_rows, assignment_stops, members, patrol_grids

KINDS = [
    ("day", QT_TRANSLATE_NOOP("PatrolPlanner", "日")),
    ("week", QT_TRANSLATE_NOOP("PatrolPlanner", "周")),
    ("month", QT_TRANSLATE_NOOP("PatrolPlanner", "月")),
    ("quarter", QT_TRANSLATE_NOOP("PatrolPlanner", "季度")),
]


def period_for(kind: str, day: date) -> Period:
    if kind == "day":
        return parse_period(day.isoformat())
    if kind == "week":
        y, w, _ = day.isocalendar()
        return parse_period(f"{y}-W{w:02d}")
    if kind == "month":
        return parse_period(f"{day.year}-{day.month:02d}")
    return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")


class PatrolPlanner(QWidget):
    planned = Signal(object)              # desktop.services.Outcome: .value gis.patrols.planning.PlanResult, .change
    routeChosen = Signal(int)             # assignment id: show it on the map
    stopsReordered = Signal(int)          # assignment id

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.job: Task | None = None
        self.kind = QComboBox()
        for key, label in KINDS:
            self.kind.addItem(self.tr(label), key)
        self.kind.setCurrentIndex(1)
        self.day = QDateEdit(QDate.currentDate().addDays(7))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.period_label = QLabel()
        self.all_grids = QCheckBox(self.tr("全部网格"))
        self.all_grids.setChecked(True)
        self.grids = QListWidget()
        self.grids.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grids.setEnabled(False)
        self.members = QListWidget()         # ticked members: whose rounds are planned and listed
        self.members.setToolTip(self.tr("勾选的网格员：生成计划只为他们重排，下方任务也只列他们的"))
        self.generate = QPushButton(self.tr("生成计划"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.assignments = QListWidget()
        self.stops = QListWidget()
        self.stops.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.stops.setToolTip(self.tr("拖动站点调整巡查顺序，松开后重新计算路线并保存"))

        self.quick = QToolButton()           # 本周, 下周, 本月, 下月 (desktop/views/widgets/period_picker.py)
        self.quick.setText(self.tr("选择"))
        self.quick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        quick = QMenu(self.quick)
        for i, (label, _kind, _ahead) in enumerate(QUICK):
            quick.addAction(QCoreApplication.translate("PeriodPicker", label), lambda i=i: self.set_period(
                *quick_period(i, date.today())))
        self.quick.setMenu(quick)

        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.kind)
        row.addWidget(self.day, 1)
        row.addWidget(self.quick)
        form.addRow(self.tr("时段"), row)
        form.addRow("", self.period_label)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addLayout(form)
        tl.addWidget(self.all_grids)
        tl.addWidget(self.grids, 2)
        tl.addWidget(QLabel(self.tr("网格员（勾选以筛选）")))
        tl.addWidget(self.members, 1)
        tl.addWidget(self.generate)
        tl.addWidget(self.status)
        review = QWidget()
        rl = QVBoxLayout(review)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(QLabel(self.tr("本时段巡查任务（单击在地图上查看路线）")))
        rl.addWidget(self.assignments, 1)
        rl.addWidget(QLabel(self.tr("巡查点顺序（可拖动）")))
        rl.addWidget(self.stops, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(review)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)

        self.kind.currentIndexChanged.connect(self._period_changed)
        self.day.dateChanged.connect(self._period_changed)
        self.all_grids.toggled.connect(lambda on: self.grids.setEnabled(not on))
        self.grids.itemSelectionChanged.connect(self._show_members)
        self.members.itemChanged.connect(lambda _item: self.refresh())
        self.generate.clicked.connect(self.start)
        self.assignments.currentItemChanged.connect(self._assignment_chosen)
        self.stops.model().rowsMoved.connect(self._stops_moved)
        self._period_changed()

    # --- state ------------------------------------------------------------------------------------

    def set_period(self, kind: str, day: date) -> None:
        """Plan the period of `kind` containing `day` (the 选择 menu: 本周, 下周, 本月, 下月)."""
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self.day.setDate(QDate(day.year, day.month, day.day))

    @property
    def period(self) -> Period:
        return period_for(self.kind.currentData(), self.day.date().toPython())

    def set_project(self, project) -> None:
        self.project = project
        self.grids.clear()
        if project is None:
            return
        self.status.clear()
        with loading_here(project, QT_TRANSLATE_NOOP("Loads", "巡查网格和网格员"), self.status.setText):   # endless: a message
            with project.session() as s:
                for gid, code, name in patrol_grids(s):
                    item = QListWidgetItem(f"{code}  {name}")
                    item.setData(Qt.ItemDataRole.UserRole, (gid, code))
                    self.grids.addItem(item)
            self._show_members()
            self.refresh()

    def selected_grids(self) -> list[str] | None:
        if self.all_grids.isChecked():
            return None
        return [i.data(Qt.ItemDataRole.UserRole)[1] for i in self.grids.selectedItems()]

    def _period_changed(self) -> None:
        self.period_label.setText(self.period.name(vocab_lang()))
        self.refresh()

    def _show_members(self) -> None:
        self.members.clear()
        if self.project is None:
            return
        ids = None if self.all_grids.isChecked() else [i.data(Qt.ItemDataRole.UserRole)[0]
                                                      for i in self.grids.selectedItems()]
        self.members.blockSignals(True)
        with self.project.session() as s:
            for pid, name in members(s, ids):
                item = QListWidgetItem(name)
                item.setData(Qt.ItemDataRole.UserRole, pid)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
                self.members.addItem(item)
        self.members.blockSignals(False)
        self.refresh()

    def selected_members(self) -> list[int] | None:
        """The ticked members' ids; None when all are ticked (no filter)."""
        items = [self.members.item(i) for i in range(self.members.count())]
        ticked = [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]
        return None if len(ticked) == len(items) else ticked

    # --- planning ---------------------------------------------------------------------------------

    def start(self) -> None:
        if self.project is None or self.job is not None:
            return
        grids = self.selected_grids()
        if grids == []:
            QMessageBox.information(self, self.tr("生成计划"), self.tr("请选择要排计划的网格，或勾选“全部网格”"))
            return
        people = self.selected_members()
        if people == []:
            QMessageBox.information(self, self.tr("生成计划"), self.tr("请至少勾选一名网格员"))
            return
        self.generate.setEnabled(False)
        self.status.setText(self.tr("正在生成 {p} 的巡查计划…").format(p=self.period.name(vocab_lang())))
        project, period = self.project, self.period
        self.job = Task(lambda feedback: patrol_use.plan(project, period, grid_codes=grids, person_ids=people,
                                                         feedback=feedback),
                        title="生成巡查计划", parent=self)
        self.job.progressed.connect(self._progressed)
        self.job.succeeded.connect(self._planned)
        self.job.failed.connect(self._failed)
        self.job.finished.connect(self._job_done)
        self.job.start()

    def _progressed(self, _fraction, text: str) -> None:
        self.status.setText(self.tr("正在生成 {p} 的巡查计划…").format(p=self.period.name(vocab_lang())) + text)

    def _job_done(self) -> None:
        self.job = None
        self.generate.setEnabled(True)

    def _planned(self, outcome) -> None:
        result = outcome.value
        text = self.tr("{p}：生成巡查任务 {a} 个，站点 {n} 个，路线 {km:.1f} 公里").format(
            p=result.period.name(vocab_lang()), a=result.assignments, n=result.stops, km=result.length_m / 1000)
        if result.no_member:
            text += self.tr("；没有网格员的网格 {n} 个").format(n=len(result.no_member))
        self.status.setText(text)
        self.refresh()
        self.planned.emit(outcome)

    def _failed(self, message: str) -> None:
        self._job_done()          # usable again before the message box waits for the user
        self.status.setText("")
        QMessageBox.warning(self, self.tr("无法生成计划"), message)

    # --- review -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        keep = self.current_assignment()
        self.assignments.blockSignals(True)
        self.assignments.clear()
        self.assignments.blockSignals(False)
        self.stops.clear()
        if self.project is None:
            return
        rows = []
        with loading_here(self.project, QT_TRANSLATE_NOOP("Loads", "巡查任务"), self.status.setText):
            with self.project.session() as s:
                rows = assignment_rows(s, period=self.period.label)
        people = self.selected_members()
        if people is not None:
            rows = [r for r in rows if r["person_id"] in people]
        for r in rows:
            item = QListWidgetItem(f"{r['planned_on']:%m-%d} {r['grid_name']} {r['person']}" + self.tr(
                "（{n} 站，{km} 公里，{status}）").format(n=r["stops"], km=f"{r['length_km']:.1f}",
                                                     status=vocab_label("patrol_statuses", r["status"])))
            item.setData(Qt.ItemDataRole.UserRole, r["id"])
            self.assignments.addItem(item)
            if r["id"] == keep:       # after a reload the reviewed assignment stays chosen
                self.assignments.blockSignals(True)
                self.assignments.setCurrentItem(item)
                self.assignments.blockSignals(False)
                self._load_stops(keep)

    def current_assignment(self) -> int | None:
        item = self.assignments.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _assignment_chosen(self, item, _prev=None) -> None:
        self.stops.clear()
        if item is None or self.project is None:
            return
        aid = item.data(Qt.ItemDataRole.UserRole)
        self._load_stops(aid)
        self.routeChosen.emit(aid)

    def _load_stops(self, aid: int) -> None:
        self.stops.clear()
        with self.project.session() as s:
            for st in assignment_stops(s, aid)["stops"]:
                item = QListWidgetItem(f"{st['seq']}. {st['site_name']}")
                item.setData(Qt.ItemDataRole.UserRole, st["id"])
                self.stops.addItem(item)

    def stop_ids(self) -> list[int]:
        return [self.stops.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.stops.count())]

    def _stops_moved(self, *args) -> None:
        aid = self.current_assignment()
        if aid is None:
            return
        self.save_order(aid, self.stop_ids())

    def save_order(self, aid: int, stop_ids: list[int]) -> None:
        try:
            self.project.write(lambda s: reorder_stops(s, aid, stop_ids))
        except GridsafeError as e:
            QMessageBox.warning(self, self.tr("无法调整顺序"), error_text(e))
        self._load_stops(aid)
        self.stopsReordered.emit(aid)
