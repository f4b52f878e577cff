"""Roster grid (值班表): a fire season's shifts as people × days, or posts × days, in one table model.

Cells show where a person stands duty (or who stands a post); columns of 紧要期 days are shaded red and
重点时段 yellow as on the printed roster, weekends grey; ★ marks a manual shift and conflicts
(gis.fire.roster.conflict_shifts) are shown in strong red. Double-clicking a cell hands its shift to someone
else or adds one, through gis.fire.roster, refused with the conflict named. Regeneration (keeping manual
shifts) and the Excel/PDF exports run off the UI thread.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.files import ask_save_path
from desktop.i18n import error_text, vocab_lang
from desktop.tasks import Task, loading_here
from gis.errors import GridsafeError
from gis.fire import roster, roster_board
from gis.fire.duty_posts import Post, duty_config, shift_times
from gis.fire.key_periods import period_name
from gis.fire.roster_board import RosterData, ShiftInfo
from gis.fire.seasons import season_year

WEEKDAYS = "一二三四五六日"
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def weekday(d: date) -> str:
    """The day's short weekday name in the interface language: 四 / Thu."""
    return WEEKDAYS_EN[d.weekday()] if vocab_lang() == "en" else WEEKDAYS[d.weekday()]
SHADES = {"critical": QColor("#f4b6b6"), "key": QColor("#fff2b3"), "weekend": QColor("#e4e4e4")}
CONFLICT = QColor("#c0392b")
COL_WIDTH = 100
NO_INDEX = QModelIndex()
TODAY_FONT = QFont()
TODAY_FONT.setBold(True)


def short_place(place: str) -> str:
    """乔圪垱森林防火检查站 → 乔圪垱检查站: what fits a cell (the tooltip has the full name)."""
    return place.replace("森林防火", "")


class RosterModel(QAbstractTableModel):
    """Rows are people (mode "people") or posts (mode "posts"); columns are the season's days."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.data_: RosterData | None = None
        self.mode = "posts"
        self.rows: list = []
        self.cells: dict[tuple[int, int], list[ShiftInfo]] = {}
        self.counts: dict = {}
        self.col_of: dict[date, int] = {}

    def set_roster(self, data: RosterData | None, mode: str | None = None) -> None:
        self.beginResetModel()
        self.data_ = data
        self.mode = mode or self.mode
        self.cells, self.counts = defaultdict(list), defaultdict(int)
        if data is None:
            self.rows, self.col_of = [], {}
        else:
            self.col_of = {d: i for i, d in enumerate(data.days)}
            self.rows = data.people if self.mode == "people" else [p.key for p in data.posts]
            row_of = {k: i for i, k in enumerate(self.rows)}
            for sh in data.shifts:
                key = sh.person_id if self.mode == "people" else sh.post_key
                r, c = row_of.get(key), self.col_of.get(sh.starts_at.date())
                if r is None:      # a post no longer in the season (e.g. a closed checkpoint) gets a row
                    r = row_of[key] = len(self.rows)
                    self.rows.append(key)
                if c is not None:
                    self.cells[(r, c)].append(sh)
                self.counts[key] += 1
        self.endResetModel()

    # --- what a cell is ---------------------------------------------------------------------------

    def day(self, col: int) -> date:
        return self.data_.days[col]

    def row_name(self, row: int) -> str:
        key = self.rows[row]
        if self.mode == "people":
            return self.data_.names.get(key, str(key))
        return next((p.place for p in self.data_.posts if p.key == key), "")

    def period_names(self, d: date) -> str:
        """The key and critical periods of a day (春节、春季紧要期), in the interface language."""
        lang = vocab_lang()
        return ("、" if lang == "zh" else ", ").join(period_name(n, lang) for n in self.data_.period_names.get(d, []))

    def shifts_at(self, row: int, col: int) -> list[ShiftInfo]:
        return self.cells.get((row, col), [])

    def cell_text(self, row: int, col: int) -> str:
        out = []
        for sh in self.shifts_at(row, col):
            text = short_place(sh.place) if self.mode == "people" else self.data_.names.get(sh.person_id, "?")
            out.append(text + ("★" if sh.manual else ""))
        return (", " if vocab_lang() == "en" else "、").join(out)

    # --- Qt model ---------------------------------------------------------------------------------

    def rowCount(self, parent=NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=NO_INDEX) -> int:
        return 0 if parent.isValid() or self.data_ is None else len(self.data_.days)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.data_ is None:
            return None
        r, c = index.row(), index.column()
        shifts = self.shifts_at(r, c)
        conflict = next((self.data_.conflict_of[sh.id] for sh in shifts if sh.id in self.data_.conflict_of), None)
        if role == Qt.ItemDataRole.DisplayRole:
            return ("⚠" if conflict else "") + self.cell_text(r, c)
        if role == Qt.ItemDataRole.BackgroundRole:
            if conflict:
                return CONFLICT
            d = self.day(c)
            kind = self.data_.kinds.get(d, "normal")
            return SHADES.get(kind) or (SHADES["weekend"] if d.weekday() >= 5 else None)
        if role == Qt.ItemDataRole.ForegroundRole and conflict:
            return QColor("white")
        if role == Qt.ItemDataRole.ToolTipRole:
            d = self.day(c)
            day = d.strftime("%A") if vocab_lang() == "en" else f"星期{WEEKDAYS[d.weekday()]}"
            lines = [f"{d:%Y-%m-%d} {day} {self.period_names(d)}".rstrip()]
            manual = self.tr("（手工调整）")
            for sh in shifts:
                lines.append(f"{self.data_.names.get(sh.person_id, '?')}  {sh.place}  "
                             f"{roster.interval_text(sh.starts_at, sh.ends_at, vocab_lang())}{manual if sh.manual else ''}")
            if conflict:
                lines.append(self.tr("冲突：") + conflict)
            lines.append(self.tr("双击安排或调换"))
            return "\n".join(lines)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if self.data_ is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            d = self.data_.days[section]
            if role == Qt.ItemDataRole.DisplayRole:
                mark = {"critical": self.tr("紧"), "key": self.tr("重")}.get(self.data_.kinds.get(d, ""), "")
                return f"{d.month}/{d.day}\n{weekday(d)}{mark}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{d:%Y-%m-%d} {self.period_names(d)}".rstrip()
            if role == Qt.ItemDataRole.FontRole and d == date.today():
                return TODAY_FONT
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            name = self.row_name(section)
            return f"{name}（{self.counts.get(self.rows[section], 0)}）" if self.mode == "people" else name
        if role == Qt.ItemDataRole.ToolTipRole and self.mode == "people":
            return self.tr("{0}：本防火期值班 {1} 次").format(self.row_name(section), self.counts.get(self.rows[section], 0))
        return None


@dataclass(frozen=True)
class Choice:
    """One thing the planner can do in a cell: hand a shift over, or add a shift."""

    op: str  # change | add
    label: str
    shift_id: int | None = None
    post_key: tuple | None = None
    person_id: int | None = None  # fixed person (people mode, adding)
    starts_at: datetime | None = None
    ends_at: datetime | None = None


class ShiftEditDialog(QDialog):
    """What to do in a cell (交给他人 / 加派) and to whom or where."""

    def __init__(self, title: str, choices: list[Choice], options, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.choices, self.options = choices, options   # options(choice) → [(label, value)]
        self.action = QComboBox()
        for c in choices:
            self.action.addItem(c.label)
        self.target = QComboBox()
        self.target.setMinimumWidth(280)
        self.hint = QLabel(self.tr("★ 手工调整在重新生成值班表时保留"))
        form = QFormLayout()
        form.addRow(self.tr("操作"), self.action)
        form.addRow(self.tr("人员或岗位"), self.target)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.hint)
        lay.addWidget(buttons)
        self.action.currentIndexChanged.connect(self._fill)
        self._fill()

    def _fill(self) -> None:
        self.target.clear()
        for label, value in self.options(self.choices[self.action.currentIndex()]):
            self.target.addItem(label, value)

    def select(self, action: int, value) -> None:
        self.action.setCurrentIndex(action)
        self.target.setCurrentIndex(self.target.findData(value))

    def result_choice(self) -> tuple[Choice, object]:
        return self.choices[self.action.currentIndex()], self.target.currentData()


class RosterGridView(QWidget):
    changed = Signal()            # the roster was written (edit or regeneration)
    generated = Signal(object)    # regeneration finished: summary text
    exported = Signal(str)        # a file was written

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self._cfg: dict | None = None
        self.job: Task | None = None
        self.cancellable = False
        today = date.today()
        self.year = QSpinBox(minimum=2000, maximum=2100, value=season_year(today))
        self.by_people, self.by_posts = QRadioButton(self.tr("按人员")), QRadioButton(self.tr("按岗位"))
        self.by_posts.setChecked(True)   # like the printed 值班表: who stands each post each day
        group = QButtonGroup(self)
        group.addButton(self.by_people)
        group.addButton(self.by_posts)
        self.find = QLineEdit(placeholderText=self.tr("查找人员或岗位"))
        self.find.setClearButtonEnabled(True)
        self.goto = QDateEdit(calendarPopup=True)
        self.goto.setDisplayFormat("yyyy-MM-dd")
        self.regen_from = QDateEdit(calendarPopup=True)
        self.regen_from.setDisplayFormat("yyyy-MM-dd")
        self.regenerate = QPushButton(self.tr("重新生成（保留手工调整）"))
        self.export_xlsx = QPushButton(self.tr("导出 Excel"))
        self.print_pdf = QPushButton(self.tr("打印 PDF"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.stop = QPushButton(self.tr("取消"))
        self.model = RosterModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setDefaultSectionSize(COL_WIDTH)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setWordWrap(False)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.legend = QLabel(self.tr("底色：") + "".join(
            f'<span style="background:{c}">&nbsp;{t}&nbsp;</span> ' for c, t in (
                (SHADES["critical"].name(), self.tr("紧要期")), (SHADES["key"].name(), self.tr("重点时段")),
                (SHADES["weekend"].name(), self.tr("周末")),
                (CONFLICT.name(), '<span style="color:white">' + self.tr("⚠ 冲突") + "</span>")))
            + self.tr("；★ 手工调整；双击单元格安排或调换"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        for w in (QLabel(self.tr("年度")), self.year, self.by_posts, self.by_people, self.find,
                  QLabel(self.tr("定位到")), self.goto):
            top.addWidget(w)
        top.addStretch(1)
        bottom = QHBoxLayout()
        for w in (QLabel(self.tr("自")), self.regen_from, self.regenerate, self.progress, self.stop):
            bottom.addWidget(w)
        bottom.addStretch(1)
        bottom.addWidget(self.export_xlsx)
        bottom.addWidget(self.print_pdf)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.legend)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.status)
        lay.addLayout(bottom)
        self._busy(False)
        self.year.valueChanged.connect(self.refresh)
        self.by_people.toggled.connect(lambda: self.model.set_roster(self.model.data_, self._mode()) or self._filter())
        self.find.textChanged.connect(self._filter)
        self.goto.dateChanged.connect(lambda q: self.scroll_to(date(q.year(), q.month(), q.day())))
        self.table.doubleClicked.connect(self.edit)
        self.regenerate.clicked.connect(self.start_generate)
        self.stop.clicked.connect(self.cancel)
        self.export_xlsx.clicked.connect(self.ask_export_xlsx)
        self.print_pdf.clicked.connect(self.ask_print_pdf)

    # --- loading ----------------------------------------------------------------------------------

    def _mode(self) -> str:
        return "people" if self.by_people.isChecked() else "posts"

    def set_project(self, project) -> None:
        self.project = project
        self._cfg = None
        self.refresh()

    def refresh(self) -> None:
        data, loaded = None, self.project is None
        if self.project is not None:
            what = QT_TRANSLATE_NOOP("Loads", "值班表")
            with loading_here(self.project, what, self.status.setText), self.project.session() as s:   # endless
                season_id = roster_board.season_id_of_year(s, self.year.value())
                data = roster_board.load(s, season_id) if season_id is not None else None
                loaded = True
        self.model.set_roster(data, self._mode())
        self._filter()
        if not loaded:     # the load took too long: the status line says so, the grid stays empty
            return
        if data is None:
            self.status.setText(self.tr("还没有 {0} 年度的防火期：请先在“防火期日历”中设置。").format(self.year.value()))
            return
        first, last = data.days[0], data.days[-1]
        today = min(max(date.today(), first), last)
        for edit in (self.goto, self.regen_from):
            edit.blockSignals(True)
            edit.setDateRange(QDate(first.year, first.month, first.day), QDate(last.year, last.month, last.day))
            edit.setDate(QDate(today.year, today.month, today.day))
            edit.blockSignals(False)
        self.scroll_to(today)
        text = self.tr("{0}：{1} 班，{2} 人").format(data.title_in(vocab_lang()), len(data.shifts), len(data.people))
        if data.conflicts:
            more = "" if len(data.conflicts) <= 5 else self.tr("……另有 {0} 处").format(len(data.conflicts) - 5)
            text += self.tr("；冲突 {0} 处：").format(len(data.conflicts)) + "；".join(data.conflicts[:5]) + more
        else:
            text += self.tr("；无冲突")
        self.status.setText(text)

    def _filter(self) -> None:
        needle = self.find.text().strip()
        for r in range(self.model.rowCount()):
            self.table.setRowHidden(r, bool(needle) and needle not in self.model.row_name(r))

    def scroll_to(self, day: date) -> None:
        col = self.model.col_of.get(day)
        if col is not None and self.model.rowCount():
            row = next((r for r in range(self.model.rowCount()) if not self.table.isRowHidden(r)), 0)
            self.table.scrollTo(self.model.index(row, col))
            self.table.horizontalScrollBar().setValue(self.table.horizontalHeader().sectionPosition(col) - COL_WIDTH)

    def find_cell(self, row_name: str, day: date) -> QModelIndex:
        """The cell of a person (or post) on a day."""
        for r in range(self.model.rowCount()):
            if self.model.row_name(r) == row_name:
                return self.model.index(r, self.model.col_of[day])
        return QModelIndex()

    # --- editing ----------------------------------------------------------------------------------

    def duty_config(self) -> dict:
        if self._cfg is None:
            with self.project.session() as s:
                self._cfg = duty_config(s)
        return self._cfg

    def choices(self, index: QModelIndex) -> list[Choice]:
        m, data = self.model, self.model.data_
        r, c = index.row(), index.column()
        day = m.day(c)
        out = []
        for sh in m.shifts_at(r, c):
            who = data.names.get(sh.person_id, "?")
            out.append(Choice("change", self.tr("把 {0} 在 {1} 的班次交给…").format(who, sh.place), shift_id=sh.id,
                              post_key=sh.post_key, starts_at=sh.starts_at, ends_at=sh.ends_at))
        cfg = self.duty_config()
        lang = vocab_lang()
        if m.mode == "people":
            pid = m.rows[r]
            for start, end in roster_board.day_times(cfg, data.posts, day):
                out.append(Choice("add", self.tr("给 {0} 加一个班（{1}）…").format(
                    data.names.get(pid, "?"), roster.interval_text(start, end, lang)), person_id=pid, starts_at=start,
                    ends_at=end))
        else:
            post = next((p for p in data.posts if p.key == m.rows[r]), None)
            if post is not None:
                for start, end in shift_times(cfg, post.post, day):
                    out.append(Choice("add", self.tr("在 {0} 加派一人（{1}）…").format(
                        post.place, roster.interval_text(start, end, lang)), post_key=post.key, starts_at=start,
                        ends_at=end))
        return out

    def options(self, choice: Choice) -> list[tuple[str, object]]:
        """People to hand a shift to / add at a post (the post's own pool first), or posts for a person."""
        data = self.model.data_
        if choice.op == "add" and choice.person_id is not None:   # posts, by their index in data.posts
            return [(f"{data.posts[i].place}（{_post_label(data.posts[i])}）"
                     + ("" if own else self.tr("（非本岗位人员）")), i)
                    for i, own in roster_board.posts_for(data, self.duty_config(), choice.person_id, choice.starts_at)]
        out = []
        current = roster_board.current_person(data, choice.shift_id)
        for pid, own, busy in roster_board.people_for(data, choice.post_key, choice.starts_at, choice.ends_at,
                                                      current):
            label = data.names[pid] + ("" if own else self.tr("（非本岗位人员）"))
            if busy:
                label += self.tr("（已排 {0}）").format("、".join(busy))
            out.append((label, pid))
        return out

    def edit(self, index: QModelIndex) -> None:
        if not index.isValid() or self.job is not None:
            return
        choices = self.choices(index)
        if not choices:
            return
        day = self.model.day(index.column())
        dlg = ShiftEditDialog(self.tr("{0} {1:%Y-%m-%d}").format(self.model.row_name(index.row()), day),
                              choices, self.options, self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        choice, value = dlg.result_choice()
        if value is not None:
            self.apply(choice, value)

    def apply(self, choice: Choice, value) -> bool:
        """Write one manual change in one transaction; a refusal shows the conflict and writes nothing."""
        def unit(s) -> None:
            if choice.op == "change":
                roster_board.change_person(s, choice.shift_id, value)
            else:
                person_id, post_key = (choice.person_id, self.model.data_.posts[value].key) \
                    if choice.person_id is not None else (value, choice.post_key)
                roster_board.add_shift(s, self.model.data_.season_id, person_id, post_key,
                                       choice.starts_at, choice.ends_at)

        try:
            self.project.write(unit)
        except GridsafeError as e:
            QMessageBox.warning(self, self.tr("无法安排"), error_text(e))
            return False
        self.refresh()
        self.changed.emit()
        return True

    # --- regeneration and exports, off the UI thread ------------------------------------------------

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.stop.setVisible(busy and self.cancellable)
        self.stop.setEnabled(True)
        for w in (self.regenerate, self.export_xlsx, self.print_pdf, self.year):
            w.setEnabled(not busy)

    def _run(self, fn, done, *, cancellable: bool = False, text: str = "", title: str = "") -> None:
        """fn(feedback) on a worker thread; `done(result)` back on this one."""
        if self.project is None or self.model.data_ is None or self.job is not None:
            return
        self.job = Task(fn, title=title, parent=self)
        self.cancellable = cancellable
        self.job.progressed.connect(lambda _f, t: self.status.setText(text + " " + t))
        self.job.succeeded.connect(done)
        self.job.failed.connect(self._failed)
        self.job.cancelled.connect(lambda: self.status.setText(self.tr("已取消：值班表没有改动")))
        self.job.finished.connect(self._job_done)
        self._busy(True)
        self.status.setText(text)
        self.job.start()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.stop.setEnabled(False)

    def _job_done(self) -> None:
        self.job = None
        self._busy(False)

    def _failed(self, message: str) -> None:
        self._job_done()          # usable again before the message box waits for the user
        self.status.setText(message)
        QMessageBox.warning(self, self.tr("未完成"), message)

    def start_generate(self) -> None:
        if self.model.data_ is None:
            return
        project, season_id = self.project, self.model.data_.season_id
        q = self.regen_from.date()
        start = date(q.year(), q.month(), q.day())

        def work(feedback):
            def unit(s):   # a cancel before the commit rolls everything back
                result = roster_board.regenerate(s, season_id, start=start, feedback=feedback)
                return result.created, result.kept, result.removed, result.shortfall_texts()

            return project.write(unit)

        self._run(work, self._generated, cancellable=True, title="重新生成值班表",
                  text=self.tr("正在重新生成 {0} 起的值班表（手工调整的班次保留）…").format(start))

    def _generated(self, result) -> None:
        created, kept, removed, short = result
        self.refresh()
        text = self.tr("已重新生成：新排 {0} 班，保留 {1} 班（已过去或手工调整），替换 {2} 班").format(created, kept, removed)
        if short:
            text += self.tr("；人手不足 {0} 班：").format(len(short)) + "；".join(short[:3])
        self.status.setText(text + "。 " + self.status.text())
        self.changed.emit()
        self.generated.emit(text)

    def export_to(self, path: str, kind: str) -> None:
        project, season_id = self.project, self.model.data_.season_id

        def work(feedback):
            from desktop.services.fire import export_roster

            return str(export_roster(project, season_id, path, kind))

        def done(written: str) -> None:
            self.status.setText(self.tr("已导出：{0}").format(written))
            self.exported.emit(written)

        self._run(work, done, text=self.tr("正在导出 {0} …").format(path), title="导出值班表")

    def ask_export_xlsx(self) -> None:
        if self.model.data_ is not None:
            path, _ = ask_save_path(self, self.tr("导出 Excel 值班表"), f"{self.model.data_.title}.xlsx", "Excel (*.xlsx)")
            if path:
                self.export_to(path, "xlsx")

    def ask_print_pdf(self) -> None:
        if self.model.data_ is not None:
            path, _ = ask_save_path(self, self.tr("打印值班表（PDF）"), f"{self.model.data_.title}.pdf", "PDF (*.pdf)")
            if path:
                self.export_to(path, "pdf")


def _post_label(post: Post) -> str:
    from gis import vocab

    return vocab.label("duty_posts", post.post, vocab_lang())
