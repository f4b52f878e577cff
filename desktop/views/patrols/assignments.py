"""The assignment list: filter by period, grid, member and status (or by a feature from the identify
panel); print the selected route sheets (off the UI thread, with progress and cancel) or export them
as KML/KMZ/GPX/HTML for the phone; open result entry. Per assignment the stops verified / unverified / missed
by GPS tracks and photos (issue 17), and the chosen assignment's stops with their status below."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.files import OpenButtons, ask_save_path, last_folder, remember_folder
from desktop.i18n import error_text, vocab_label, vocab_lang
from desktop.tasks import Task, loading_here, progress_dialog
from desktop.views.patrols.evidence import StopStatusTable
from desktop.views.widgets.period_picker import PeriodPicker
from gis import vocab
from gis.errors import GridsafeError
from gis.patrols.evidence import assignment_counts
from gis.patrols.queries import assignment_rows, members, patrol_grids

HEADERS = [
    QT_TRANSLATE_NOOP("AssignmentList", "任务"),
    QT_TRANSLATE_NOOP("AssignmentList", "日期"),
    QT_TRANSLATE_NOOP("AssignmentList", "时段"),
    QT_TRANSLATE_NOOP("AssignmentList", "类型"),
    QT_TRANSLATE_NOOP("AssignmentList", "网格"),
    QT_TRANSLATE_NOOP("AssignmentList", "网格员"),
    QT_TRANSLATE_NOOP("AssignmentList", "站点"),
    QT_TRANSLATE_NOOP("AssignmentList", "已巡"),
    QT_TRANSLATE_NOOP("AssignmentList", "已核实"),
    QT_TRANSLATE_NOOP("AssignmentList", "未核实"),
    QT_TRANSLATE_NOOP("AssignmentList", "漏巡"),
    QT_TRANSLATE_NOOP("AssignmentList", "公里"),
    QT_TRANSLATE_NOOP("AssignmentList", "状态"),
]
# gis.patrols.rounds kinds as the list names them
KIND_LABELS = {
    "grid": QT_TRANSLATE_NOOP("AssignmentList", "网格巡查"),
    "ranger": QT_TRANSLATE_NOOP("AssignmentList", "护林巡护"),
    "line": QT_TRANSLATE_NOOP("AssignmentList", "管线巡线"),
}


class AssignmentList(QWidget):
    resultsRequested = Signal(int)      # assignment id
    routeChosen = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.stack = None
        self.printing: Task | None = None
        self.feature_filter: dict = {}
        self.feature_note = ""
        self.period = PeriodPicker()   # typed (2026-W48) or picked (本周, 下周…, a calendar)
        self.period.setPlaceholderText(self.tr("时段，如 2026-W48"))
        self.grid = QComboBox()
        self.member = QComboBox()
        self.kind = QComboBox()
        self.kind.addItem(self.tr("全部类型"), None)
        for key, label in KIND_LABELS.items():
            self.kind.addItem(self.tr(label), key)
        self.status = QComboBox()
        self.status.addItem(self.tr("全部状态"), None)
        for key, label in vocab.labels("patrol_statuses", vocab_lang()).items():
            self.status.addItem(label, key)
        self.filter_note = QLabel()
        self.clear_filter = QPushButton(self.tr("取消要素筛选"))
        self.clear_filter.hide()
        self.saved = OpenButtons()          # after printing: the PDF, or its folder (desktop/files.py)
        self.open_file, self.open_folder = self.saved.open_file, self.saved.open_folder
        self.shown_period: str | None = None    # the period the rows were loaded for
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.print_button = QPushButton(self.tr("打印路线单…"))
        self.export_format = QComboBox()
        for f in ("KML", "KMZ", "GPX", "HTML"):
            self.export_format.addItem(f, f.lower())
        self.export_button = QPushButton(self.tr("导出手机文件…"))
        self.results_button = QPushButton(self.tr("登记巡查结果…"))
        filters = QHBoxLayout()
        for w in (self.period, self.kind, self.grid, self.member, self.status):
            filters.addWidget(w)
        buttons = QHBoxLayout()
        for w in (self.print_button, self.export_format, self.export_button, self.results_button):
            buttons.addWidget(w)
        buttons.addStretch(1)
        note = QHBoxLayout()
        note.addWidget(self.filter_note, 1)
        note.addWidget(self.clear_filter)
        note.addWidget(self.saved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addLayout(note)
        self.message = QLabel()     # a load that took too long says so here
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        layout.addWidget(self.table, 3)
        self.stops = StopStatusTable()      # the chosen assignment's stops and what the evidence says (issue 17)
        layout.addWidget(self.stops, 2)
        layout.addLayout(buttons)
        self.period.editingFinished.connect(self.refresh)
        for c in (self.kind, self.grid, self.member, self.status):
            c.currentIndexChanged.connect(self.refresh)
        self.clear_filter.clicked.connect(lambda: self.filter_feature({}))
        self.print_button.clicked.connect(lambda: self.print_selected())
        self.export_button.clicked.connect(self.export_selected)
        self.results_button.clicked.connect(self._results)
        self.table.itemSelectionChanged.connect(self._chosen)

    def set_project(self, project, stack=None) -> None:
        self.project, self.stack = project, stack
        for combo in (self.grid, self.member):
            combo.blockSignals(True)
            combo.clear()
        self.grid.addItem(self.tr("全部网格"), None)
        self.member.addItem(self.tr("全部网格员"), None)
        if project is not None:
            with loading_here(project, QT_TRANSLATE_NOOP("Loads", "巡查网格和网格员"), self._say), project.session() as s:
                for gid, code, name in patrol_grids(s):
                    self.grid.addItem(f"{code} {name}", gid)
                for pid, name in members(s):
                    self.member.addItem(name, pid)
        for combo in (self.grid, self.member):
            combo.blockSignals(False)
        self.refresh()

    def filter_feature(self, where: dict, note: str = "") -> None:
        """Only the assignments touching a feature: {"site_id": …} | {"grid_id": …} | {"assignment_id": …}."""
        self.feature_filter = dict(where)
        self.feature_note = note
        self._note(note)
        self.clear_filter.setVisible(bool(where))
        if where:
            self.period.clear()
        self.refresh()

    def show_assignments(self, ids, note: str) -> None:
        """Exactly the assignments `ids` (e.g. those of the patrol stops behind a number of the dashboard):
        the other filters are cleared."""
        for combo in (self.kind, self.grid, self.member, self.status):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.filter_feature({"assignment_ids": [int(i) for i in ids]}, note)

    def period_text(self) -> str | None:
        return self.period.text().strip().upper() or None

    def refresh(self) -> None:
        self.table.setRowCount(0)
        self.rows = []
        self.shown_period = self.period_text()
        if self.project is None:
            return
        rows, checks = [], {}
        with loading_here(self.project, QT_TRANSLATE_NOOP("Loads", "巡查任务"), self._say), self.project.session() as s:
            rows = assignment_rows(s, period=self.shown_period,
                                   grid_id=self.grid.currentData(), person_id=self.member.currentData(),
                                   status=self.status.currentData(), kind=self.kind.currentData(),
                                   **self.feature_filter)
            checks = assignment_counts(s, [r["id"] for r in rows])
            self.message.hide()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            kind = self.tr(KIND_LABELS.get(r["kind"], r["kind"]))
            if r["line_name"]:
                kind += f"·{r['line_name']}"
            line = r["kind"] == "line"
            values = [r["id"], f"{r['planned_on']:%Y-%m-%d}", r["period"], kind, f"{r['grid_code']} {r['grid_name']}",
                      r["person"], "—" if line else r["stops"],
                      (f"{r['patrolled_km']:.2f}" if r["status"] == "done" else "—") if line else r["visited"],
                      *(("—",) * 3 if line else (checks[r["id"]][k] for k in ("verified", "unverified", "missed"))),
                      f"{r['length_km']:.1f}", vocab_label("patrol_statuses", r["status"])]
            for j, v in enumerate(values):
                item = QTableWidgetItem(str(v))
                item.setData(Qt.ItemDataRole.UserRole, r["id"])
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.rows[r]["id"] for r in rows]

    def _chosen(self) -> None:
        ids = self.selected_ids()
        self.stops.show_assignment(self.project, ids[0] if len(ids) == 1 else None)
        if len(ids) == 1:
            self.routeChosen.emit(ids[0])

    @property
    def last_files(self) -> list[Path]:
        """The files the last print saved (offered by 打开文件 / 打开所在文件夹)."""
        return self.saved.files

    def _results(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.resultsRequested.emit(ids[0])

    # --- printing and export ----------------------------------------------------------------------

    def shown_filters(self) -> str:
        """The filters of the list as the user sees them, e.g. "时段 2026-W48、网格 … "."""
        parts = [self.tr("时段 {p}").format(p=self.shown_period) if self.shown_period else self.tr("全部时段")]
        parts += [c.currentText() for c in (self.kind, self.grid, self.member, self.status) if c.currentIndex() > 0]
        if self.feature_filter and self.feature_note:
            parts.append(self.feature_note)
        return "、".join(parts)

    def print_selected(self, *, path: str | None = None, one_file: bool = True) -> Task | None:
        """The selected tasks' route sheets, or with nothing selected those the list shows (its period and
        filters: a period typed but not yet applied is applied first). Asked for a file, it says how many
        sheets it will print before starting; at the end it offers to open the PDF or its folder."""
        if self.printing is not None:
            return None
        if self.period_text() != self.shown_period:      # typed, Enter not pressed: print what is typed
            self.refresh()
        ids = self.selected_ids() or [r["id"] for r in self.rows]
        if not ids or self.project is None:
            QMessageBox.information(self, self.tr("打印路线单"), self.tr("没有可打印的巡查任务"))
            return None
        if path is None:
            which = (self.tr("所选的 {n} 个巡查任务").format(n=len(ids)) if self.selected_ids() else
                     self.tr("列表中的全部 {n} 个巡查任务（{f}）").format(n=len(ids), f=self.shown_filters()))
            answer = QMessageBox.question(
                self, self.tr("打印路线单"),
                self.tr("将为{w}生成 {n} 张路线单（PDF 文件），是否继续？").format(w=which, n=len(ids)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return None
            name = f"巡查路线单_{self.shown_period}.pdf" if self.shown_period and not self.selected_ids() \
                else "巡查路线单.pdf"
            path, _ = ask_save_path(self, self.tr("保存路线单 PDF"), name, "PDF (*.pdf)", "patrols/sheet_folder")
            if not path:
                return None
        self.saved.set_files([])
        from desktop.printing import stacks
        from desktop.services.patrols import print_sheets

        project = self.project
        stack = stacks.print_copy(self.stack) if self.stack is not None else None   # the task's own layers

        def work(feedback):
            return print_sheets(project, path, assignment_ids=ids, one_file=one_file, stack=stack, feedback=feedback)

        task = self.printing = Task(work, title="打印巡查路线单", parent=self)
        self.progress = progress_dialog(task, self, self.tr("正在打印巡查路线单…"))
        task.succeeded.connect(self._printed)
        task.cancelled.connect(lambda: self._print_cancelled(task.error))
        task.failed.connect(lambda m: QMessageBox.warning(self, self.tr("无法打印"), m))
        task.finished.connect(lambda: setattr(self, "printing", None))
        if stack is not None:
            task.finished.connect(lambda: stacks.close(stack))
        return task.start()

    def _print_cancelled(self, error) -> None:
        from gis.atomic import complete_files

        files = complete_files(error)
        if files:    # a batch of files per grid: the complete ones stay
            self.saved.set_files(files)
            folder = Path(files[0]).parent
            self._note(self.tr("已取消打印：已完成的 {n} 个文件保留在 {d}，未完成的没有留下").format(
                n=len(files), d=folder.name), folder)
        else:
            self._note(self.tr("已取消打印，没有留下文件"))

    def _printed(self, files) -> None:
        """Saved, not printed: say where, and offer to open the file (to print it) or its folder."""
        if len(files) == 1:
            self._note(self.tr("已保存路线单 PDF：{f}").format(f=Path(files[0]).name), files[0])
        else:
            folder = Path(files[0]).parent
            self._note(self.tr("已保存 {n} 个路线单 PDF 文件，在 {d}").format(n=len(files), d=folder.name), folder)
        self.saved.set_files(files)

    def _note(self, text: str, where: Path | str | None = None) -> None:
        """The line above the table: a feature filter, or what was saved (by name; the whole path on hover)."""
        self.filter_note.setText(text)
        self.filter_note.setToolTip(str(where) if where else "")

    def export_selected(self, *, folder: str | None = None) -> list[Path]:
        from desktop.services.patrols import export_route_files

        ids = self.selected_ids()
        if not ids or self.project is None:
            QMessageBox.information(self, self.tr("导出"), self.tr("请先选择巡查任务"))
            return []
        folder = folder or QFileDialog.getExistingDirectory(self, self.tr("选择导出文件夹"), str(last_folder()))
        if not folder:
            return []
        remember_folder(folder)
        fmt = self.export_format.currentData()
        try:
            files = export_route_files(self.project, folder, fmt, assignment_ids=ids)
        except (GridsafeError, OSError) as e:
            QMessageBox.warning(self, self.tr("无法导出"), error_text(e) if isinstance(e, GridsafeError) else str(e))
            return []
        self._note(self.tr("已导出 {n} 个文件到 {d}").format(n=len(files), d=Path(folder).name), folder)
        return files
