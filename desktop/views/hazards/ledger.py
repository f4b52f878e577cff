"""The hazard ledger (隐患台账) screen: a table model over gis.hazards.ledger's arrays, filters, search and sort.

The model shows row positions of a `gis.hazards.ledger.Ledger` (no widget per row): display texts are made
only for the cells painted. Loading runs off the UI thread with a busy bar and a cancel button. A save
updates only the rows of the hazards it changed (update_rows: read in the background, then row signals).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import vocab_lang
from desktop.tasks import Latest, loading_named
from gis import hazards, vocab
from gis.hazards import ledger

OVERDUE_BG = QColor("#f8d0d0")
OVERDUE_FG = QColor("#a00000")

# (key, header, sort column in the ledger frame or None)
COLUMNS = [
    ("code", QT_TRANSLATE_NOOP("HazardLedgerView", "编号"), "code"),
    ("status", QT_TRANSLATE_NOOP("HazardLedgerView", "状态"), "status"),
    ("grade", QT_TRANSLATE_NOOP("HazardLedgerView", "等级"), "grade"),
    ("sector", QT_TRANSLATE_NOOP("HazardLedgerView", "行业"), "sector"),
    ("grid", QT_TRANSLATE_NOOP("HazardLedgerView", "网格"), "grid_code"),
    ("feature", QT_TRANSLATE_NOOP("HazardLedgerView", "地点"), "feature"),
    ("found_on", QT_TRANSLATE_NOOP("HazardLedgerView", "发现日期"), "found_on"),
    ("deadline", QT_TRANSLATE_NOOP("HazardLedgerView", "整改时限"), "deadline"),
    ("owner", QT_TRANSLATE_NOOP("HazardLedgerView", "整改责任人"), "owner"),
    ("supervision", QT_TRANSLATE_NOOP("HazardLedgerView", "挂牌督办"), "supervision_level"),
    ("lacking", QT_TRANSLATE_NOOP("HazardLedgerView", "尚缺签字"), "lacking"),
    ("description", QT_TRANSLATE_NOOP("HazardLedgerView", "描述"), "description"),
]
KEYS = [c[0] for c in COLUMNS]
PATCH_LIMIT = 200     # a change of more hazards than this reads the ledger whole (a bulk import, a reconnect)


def display_columns(book: ledger.Ledger, grade_table: dict | None, lang: str) -> dict[str, np.ndarray]:
    """The coded columns as the labels shown, in `lang` (made with the ledger, off the UI thread)."""
    f = book.frame
    grades = {k: v[lang] for k, v in (grade_table or hazards.grades()).items()}
    return {
        "status": _labels(f["status"], vocab.labels("hazard_statuses", lang)),
        "grade": _labels(f["grade"], grades),
        "sector": _labels(f["sector"], vocab.labels("sectors", lang)),
        "supervision": _labels(f["supervision_level"], vocab.labels("supervision_levels", lang)),
    }


def grid_items(book: ledger.Ledger) -> list[tuple[str, str]]:
    """(label, code) of the grids the ledger's hazards lie in, for the grid filter."""
    pairs = book.frame[["grid_code", "grid_name"]].dropna().drop_duplicates().sort_values("grid_code")
    return [(f"{code} {name}", code) for code, name in pairs.itertuples(index=False)]


def _labels(categorical: pd.Series, table: dict[str, str]) -> np.ndarray:
    """Display text per row for a categorical column: one label per category, then a gather."""
    cats = [table.get(c, c) for c in categorical.cat.categories] + [""]
    return np.array(cats, dtype=object)[categorical.cat.codes.to_numpy()]


def visible_rows(book: ledger.Ledger | None, filters: dict, sort_key: tuple[str, bool] | None) -> np.ndarray:
    """The frame positions a table shows of `book` under `filters`, in `sort_key` order."""
    if book is None:
        return np.zeros(0, dtype=np.int64)
    rows = book.filter(**filters)
    if sort_key is not None:
        column, ascending = sort_key
        rows = book.sort(rows, column, ascending)
    return rows


@dataclass
class Patched:
    """A background patch's result: `base` with hazards `ids` read again (see HazardLedgerView.update_rows)."""
    base: ledger.Ledger
    book: ledger.Ledger
    ids: frozenset[int]
    display: dict[str, np.ndarray]
    grids: list[tuple[str, str]]
    filters: dict
    sort_key: tuple[str, bool] | None
    rows: np.ndarray


def _text(v) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


class LedgerModel(QAbstractTableModel):
    """Rows of a Ledger after filter and sort; `rows` are positions in its frame."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.book: ledger.Ledger | None = None
        self.rows = np.zeros(0, dtype=np.int64)
        self.filters: dict = {}
        self.sort_key: tuple[str, bool] | None = ("deadline", True)
        self._display: dict[str, np.ndarray] = {}

    # --- data in ----------------------------------------------------------------------------------
    def set_ledger(self, book: ledger.Ledger | None, grade_table: dict | None = None,
                   display: dict[str, np.ndarray] | None = None) -> None:
        """`display`: the label columns from display_columns(), when the loader made them off the UI thread."""
        self.beginResetModel()
        self.book = book
        self._display = {}
        if book is not None:
            self._display = display if display is not None else display_columns(book, grade_table, vocab_lang())
        self.rows = self._compute()
        self.endResetModel()

    def set_filters(self, **filters) -> None:
        self.filters = {k: v for k, v in filters.items() if v not in (None, "", [])}
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self.rows = self._compute()
        self.endResetModel()

    def _compute(self) -> np.ndarray:
        return visible_rows(self.book, self.filters, self.sort_key)

    def patch(self, book: ledger.Ledger, display: dict[str, np.ndarray], ids, rows: np.ndarray | None = None) -> bool:
        """Show `book`, which differs from the shown ledger only in hazards `ids` (Ledger.patched): the
        rows of those hazards are removed, moved, inserted and repainted (row signals, not a reset), so
        the view keeps its selection and scroll position. `rows`: the visible rows of `book` under the
        model's filters and sort, when computed off the UI thread. Returns False when it had to reset
        (rows other than `ids` would move: the shown ledger was not the one patched)."""
        if rows is None:
            rows = visible_rows(book, self.filters, self.sort_key)
        changed = np.fromiter((int(i) for i in ids), dtype=np.int64)
        old_ids = self.book.frame["id"].to_numpy()[self.rows] if self.book is not None else np.zeros(0, np.int64)
        new_ids = book.frame["id"].to_numpy()[rows]
        old_changed, new_changed = np.isin(old_ids, changed), np.isin(new_ids, changed)
        if self.book is None or not np.array_equal(old_ids[~old_changed], new_ids[~new_changed]):
            self.set_ledger(book, display=display)
            return False
        root = QModelIndex()
        target = {int(i): k for k, i in zip(np.flatnonzero(new_changed).tolist(), new_ids[new_changed].tolist())}
        # 1. rows that leave (deleted, or no longer passing the filters), with the old ledger still shown
        for p in np.flatnonzero(old_changed)[::-1].tolist():
            if int(old_ids[p]) not in target:
                self.beginRemoveRows(root, p, p)
                self.rows = np.delete(self.rows, p)
                old_ids = np.delete(old_ids, p)
                self.endRemoveRows()
        # 2. the new ledger: the same hazards in the same rows, their positions in its frame
        frame_ids = book.frame["id"].to_numpy()
        self.book, self._display = book, display
        current = old_ids
        self.rows = np.searchsorted(frame_ids, current)
        # 3. in the order they take in the new rows, each changed hazard moves (or comes in) just after the
        # nearest row above it that is already where it belongs: unchanged rows keep their order (checked)
        settled = ~np.isin(new_ids, changed)
        shown = set(current[np.isin(current, changed)].tolist())      # the changed hazards already in rows
        for k in sorted(target.values()):
            hid = int(new_ids[k])
            above = np.flatnonzero(settled[:k])
            to = int(np.flatnonzero(current == new_ids[above[-1]])[0]) + 1 if len(above) else 0
            if hid in shown:
                at = int(np.flatnonzero(current == hid)[0])
                if to != at:
                    self.beginMoveRows(root, at, at, root, to)
                    current = np.insert(np.delete(current, at), to - (to > at), hid)
                    self.rows = np.searchsorted(frame_ids, current)
                    self.endMoveRows()
            else:
                self.beginInsertRows(root, to, to)
                current = np.insert(current, to, hid)
                self.rows = np.searchsorted(frame_ids, current)
                self.endInsertRows()
            settled[k] = True
        self.rows = rows
        last = self.columnCount() - 1
        for k in sorted(target.values()):
            self.dataChanged.emit(self.index(k, 0), self.index(k, last))
        return True

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][2]
        if key is None or self.book is None:
            return
        self.sort_key = (key, order == Qt.SortOrder.AscendingOrder)
        self.refresh()

    # --- Qt model -------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("HazardLedgerView", COLUMNS[section][1])
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.book is None:
            return None
        i = int(self.rows[index.row()])
        key = KEYS[index.column()]
        overdue = bool(self.book.overdue[i])
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(i, key)
        if role == Qt.ItemDataRole.BackgroundRole and overdue and key in ("status", "deadline"):
            return QBrush(OVERDUE_BG)
        if role == Qt.ItemDataRole.ForegroundRole and overdue and key in ("code", "status", "deadline"):
            return QBrush(OVERDUE_FG)
        return None

    def text(self, i: int, key: str) -> str:
        """The cell text of frame row `i` (also used by tests and copy)."""
        f = self.book.frame
        if key == "status":
            text = self._display["status"][i]
            return QCoreApplication.translate("HazardLedgerView", "{status}·逾期{n}天").format(
                status=text, n=self.book.overdue_days[i]) if self.book.overdue[i] else text
        if key in ("grade", "sector", "supervision"):
            return self._display[key][i]
        if key == "grid":
            return _text(f["grid_name"].iat[i]) if "grid_name" in f else _text(f["grid_code"].iat[i])
        if key in ("found_on", "deadline"):
            v = f[key].iat[i]
            return "" if pd.isna(v) else v.strftime("%Y-%m-%d")
        if key == "lacking":
            return self.book.lacking(i)
        return _text(f[key].iat[i])

    def hazard_id(self, view_row: int) -> int:
        return int(self.book.frame["id"].iat[int(self.rows[view_row])])

    def row_texts(self, view_row: int) -> dict[str, str]:
        i = int(self.rows[view_row])
        return {header: self.text(i, key) for key, header, _ in COLUMNS}


class HazardLedgerView(QWidget):
    """Filters and search above the table; buttons to open, show on the map, add and export."""

    openHazard = Signal(int)            # hazard id: open its form
    showOnMap = Signal(int)             # hazard id
    newHazardRequested = Signal()
    exportRequested = Signal(str)       # "ledger" | "sector-list" | "notice-docx" | "notice-pdf"
    loaded = Signal(int)                # rows in the ledger after a load

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.today = None                      # None: the real today (tests pin a date)
        self.model = LedgerModel(self)
        self.loads = Latest(self)              # a reload drops the load still running
        self._select: int | None = None
        self.loads.progressed.connect(lambda _f, text: self.progress_text.setText(text))
        self.loads.succeeded.connect(self._loaded)
        self.loads.failed.connect(self._failed)
        self.loads.finished.connect(self._load_ended)
        self._feature: tuple[str, int] | None = None
        self._ids: tuple[int, ...] | None = None      # show_ids: exactly these hazards
        self._patching: frozenset[int] = frozenset()  # hazards the running patch reads again (update_rows)
        self._grade_table: dict | None = None

        self.status_box = QComboBox()
        self.grade_box = QComboBox()
        self.sector_box = QComboBox()
        self.grid_box = QComboBox()
        self._grid_items: list[tuple[str, str]] = []    # what grid_box lists after its empty first item
        self.grid_box.setEditable(True)
        self.grid_box.lineEdit().setPlaceholderText(self.tr("全部网格（可输入代码前缀）"))
        self.grid_box.setMinimumWidth(170)
        self.overdue_box = QComboBox()
        self.overdue_box.addItem(self.tr("逾期：全部"), None)
        self.overdue_box.addItem(self.tr("仅逾期"), True)
        self.overdue_box.addItem(self.tr("未逾期"), False)
        self.supervised = QCheckBox(self.tr("挂牌督办"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("检索编号、描述、地点、责任人…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(200)
        self._fill_fixed_boxes()

        self.feature_label = QLabel()
        self.feature_label.setStyleSheet("QLabel { background: #fff3c4; padding: 2px 6px; }")
        self.feature_clear = QToolButton()
        self.feature_clear.setText("×")
        self.feature_clear.setToolTip(self.tr("不再只看这个要素的隐患"))
        self.feature_clear.clicked.connect(self.clear_feature)
        self.feature_label.hide()
        self.feature_clear.hide()

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(KEYS.index("deadline"), Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        for key, width in (("code", 150), ("status", 116 if vocab_lang() == "zh" else 265), ("grade", 56), ("sector", 80), ("grid", 120),
                           ("feature", 140), ("found_on", 86), ("deadline", 86), ("owner", 80),
                           ("supervision", 70), ("lacking", 160)):
            column = KEYS.index(key)     # never narrower than the header (English headers are longer)
            header.resizeSection(column, max(width, header.sectionSizeHint(column)))
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda index: self.openHazard.emit(self.model.hazard_id(index.row())))

        self.count = QLabel()
        self.count.setMinimumWidth(300)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress_text = QLabel()
        self.cancel = QPushButton(self.tr("取消"))
        self.cancel.clicked.connect(self.cancel_load)
        for w in (self.progress, self.progress_text, self.cancel):
            w.hide()

        self.open_button = QPushButton(self.tr("打开"))
        self.map_button = QPushButton(self.tr("在地图上显示"))
        self.new_button = QPushButton(self.tr("新增隐患…"))
        self.export_button = QPushButton(self.tr("导出台账…"))
        self.notice_button = QPushButton(self.tr("整改通知书…"))
        self.open_button.clicked.connect(lambda: self._with_current(self.openHazard.emit))
        self.map_button.clicked.connect(lambda: self._with_current(self.showOnMap.emit))
        self.new_button.clicked.connect(self.newHazardRequested.emit)
        self.export_button.clicked.connect(lambda: self.exportRequested.emit("ledger"))
        self.notice_button.clicked.connect(lambda: self.exportRequested.emit("notice"))
        self.message = QLabel()
        self.message.setStyleSheet("color: #a00000")
        self.message.setWordWrap(True)   # a long message (a load past its budget) wraps, the dock keeps its width

        filters = QHBoxLayout()
        for w in (self.status_box, self.grade_box, self.sector_box, self.grid_box, self.overdue_box,
                  self.supervised, self.search, self.feature_label, self.feature_clear):
            filters.addWidget(w)
        filters.addStretch(1)
        bottom = QHBoxLayout()
        for w in (self.count, self.progress, self.progress_text, self.cancel, self.message):
            bottom.addWidget(w)
        bottom.addStretch(1)
        for w in (self.open_button, self.map_button, self.new_button, self.notice_button, self.export_button):
            bottom.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        for box in (self.status_box, self.grade_box, self.sector_box, self.overdue_box):
            box.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.grid_box.currentTextChanged.connect(lambda _t: self._search_timer.start())
        self.supervised.toggled.connect(lambda _b: self.apply_filters())
        self._update_buttons()
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)

    def _fill_fixed_boxes(self) -> None:
        self.status_box.addItem(self.tr("状态：全部"), None)
        self.status_box.addItem(self.tr("未销号"), [s for s in hazards.rules()["open_states"]])
        for k, v in vocab.labels("hazard_statuses", vocab_lang()).items():
            self.status_box.addItem(v, k)
        self.status_box.setCurrentIndex(1)   # the working ledger: hazards not yet closed
        self.sector_box.addItem(self.tr("行业：全部"), None)
        for k, v in vocab.labels("sectors", vocab_lang()).items():
            self.sector_box.addItem(v, k)
        self._fill_grades(hazards.grades())

    def _fill_grades(self, table: dict) -> None:
        current = self.grade_box.currentData()
        self.grade_box.blockSignals(True)
        self.grade_box.clear()
        self.grade_box.addItem(self.tr("等级：全部"), None)
        for k, v in table.items():
            self.grade_box.addItem(v[vocab_lang()], k)
        i = self.grade_box.findData(current)
        self.grade_box.setCurrentIndex(max(i, 0))
        self.grade_box.blockSignals(False)

    def _fill_grids(self, items: list[tuple[str, str]]) -> None:
        if items == self._grid_items:      # a save seldom changes the grids: thousands of items at county scale
            return
        self._grid_items = items
        text = self.grid_box.currentText()
        self.grid_box.blockSignals(True)
        self.grid_box.clear()
        self.grid_box.addItem("", None)
        for label, code in items:
            self.grid_box.addItem(label, code)
        self.grid_box.setEditText(text)
        self.grid_box.blockSignals(False)

    # --- loading ------------------------------------------------------------------------------------
    def set_project(self, project) -> None:
        self.project = project
        self.reload()

    def reload(self, select: int | None = None) -> None:
        """Read the ledger again in the background; then select hazard `select` (e.g. the one just saved)."""
        if self.project is None:
            return
        project, today = self.project, self.today
        self._select = select   # the load that wins selects what its reload asked for
        self._patching = frozenset()
        for w in (self.progress, self.progress_text, self.cancel):
            w.show()
        self.progress_text.setText(self.tr("正在读取隐患…"))
        lang = vocab_lang()

        def load(feedback):   # off the UI thread: the ledger, and what the table and filters show of it
            what = QT_TRANSLATE_NOOP("Loads", "隐患台账")
            with loading_named(project, what):   # a project that makes it endless: a message, not a spinner
                book, grade_table = ledger.load_for_display(project, feedback, today)
            book.lang = lang
            return book, grade_table, display_columns(book, grade_table, lang), grid_items(book)

        self.loads.start(load, title="读取隐患台账")

    def cancel_load(self) -> None:
        if self.loads.is_running():
            self.loads.cancel()
            self.message.setText(self.tr("已取消读取隐患台账"))

    def is_loading(self) -> bool:
        return self.loads.is_running()

    def _load_ended(self) -> None:
        for w in (self.progress, self.progress_text, self.cancel):
            w.hide()

    def update_rows(self, ids, select: int | None = None) -> None:
        """Hazards `ids` changed (a save announced them): read only those again in the background and
        update their rows in the table (Ledger.patched, LedgerModel.patch) — the table keeps its sort,
        filters, selection and scroll position. Then select hazard `select`, if given. Reads the ledger
        whole instead when it has none yet, a whole read is under way, the day changed (what is overdue)
        or more than PATCH_LIMIT hazards changed."""
        if self.project is None:
            return
        book = self.model.book
        ids = frozenset(int(i) for i in ids) | self._patching     # a patch still running: read its ids too
        if not ids:
            return
        whole_load = self.loads.is_running() and not self._patching
        if (book is None or whole_load or len(ids) > PATCH_LIMIT
                or (self.today or date.today()) != book.today or self._grade_table is None):
            self.reload(select=select if select is not None else self.current_hazard())
            return
        self._select = select
        self._patching = ids
        project, filters, sort_key = self.project, dict(self.model.filters), self.model.sort_key
        grade_table, lang = self._grade_table, book.lang

        def patch(feedback):     # off the UI thread: the changed rows, then what the table shows of them
            new = book.patched(project, ids, feedback)
            rows = visible_rows(new, filters, sort_key)
            return Patched(book, new, ids, display_columns(new, grade_table, lang), grid_items(new),
                           filters, sort_key, rows)

        self.loads.start(patch, title="更新隐患台账")

    def _loaded(self, result) -> None:
        if isinstance(result, Patched):
            self._patched(result)
            return
        self._patching = frozenset()
        book, grade_table, display, grids = result
        select, self._select = self._select, None
        self.message.clear()
        self._fill_grades(grade_table)
        self._fill_grids(grids)
        self.model.filters = self._filters()
        self._grade_table = grade_table
        self.model.set_ledger(book, grade_table, display)
        self._show_count()
        if select is not None:
            self.select_hazard(select)
        self.loaded.emit(len(book))

    def _patched(self, done: Patched) -> None:
        select, self._select = self._select, None
        self._patching = frozenset()
        if done.base is not self.model.book:       # a whole read replaced the ledger meanwhile: it is current
            return
        self.message.clear()
        self._fill_grids(done.grids)
        same_view = done.filters == self.model.filters and done.sort_key == self.model.sort_key
        self.model.patch(done.book, done.display, done.ids, done.rows if same_view else None)
        self._show_count()
        if select is not None:
            self.select_hazard(select)
        self.loaded.emit(len(done.book))

    def _failed(self, message: str) -> None:
        self.message.setText(self.tr("无法读取隐患台账：") + message)

    # --- filters ------------------------------------------------------------------------------------
    def _filters(self) -> dict:
        text = self.grid_box.currentText().strip()
        i = self.grid_box.findText(text)
        grid = self.grid_box.itemData(i) if i > 0 else (text.split(" ")[0] or None)
        return {"status": self.status_box.currentData(), "grade": self.grade_box.currentData(),
                "sector": self.sector_box.currentData(), "grid": grid, "overdue": self.overdue_box.currentData(),
                "supervised": True if self.supervised.isChecked() else None, "text": self.search.text().strip(),
                "feature": self._feature, "ids": self._ids}

    def apply_filters(self) -> None:
        self.model.set_filters(**self._filters())
        self._show_count()

    def show_feature(self, column: str, feature_id: int, title: str) -> None:
        """Only the hazards of one map feature (column: site_id | line_id | zone_id | grid_id)."""
        self._feature = (column, int(feature_id))
        self._ids = None
        self.feature_label.setText(self.tr("仅显示：") + title)
        self.feature_label.show()
        self.feature_clear.show()
        self.apply_filters()

    def show_ids(self, ids, title: str) -> None:
        """Exactly the hazards `ids` (e.g. those behind a number of the dashboard): the other filters are
        cleared, so what is listed is that number."""
        for box in (self.status_box, self.grade_box, self.sector_box, self.overdue_box):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        for w in (self.grid_box, self.search, self.supervised):
            w.blockSignals(True)
        self.grid_box.setEditText("")
        self.search.clear()
        self.supervised.setChecked(False)
        for w in (self.grid_box, self.search, self.supervised):
            w.blockSignals(False)
        self._search_timer.stop()
        self._feature = None
        self._ids = tuple(int(i) for i in ids)
        self.feature_label.setText(self.tr("仅显示：{title}（{n} 条）").format(title=title, n=f"{len(self._ids):,}"))
        self.feature_label.show()
        self.feature_clear.show()
        self.apply_filters()

    def clear_feature(self) -> None:
        self._feature = None
        self._ids = None
        self.feature_label.hide()
        self.feature_clear.hide()
        self.apply_filters()

    def _show_count(self) -> None:
        book = self.model.book
        if book is None:
            self.count.setText("")
            return
        shown = len(self.model.rows)
        overdue = int(book.overdue[self.model.rows].sum()) if shown else 0
        self.count.setText(self.tr("共 {0} 条（全部 {1} 条），其中逾期 {2} 条").format(
            f"{shown:,}", f"{len(book):,}", f"{overdue:,}"))

    # --- selection ----------------------------------------------------------------------------------
    def current_hazard(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.hazard_id(rows[0].row()) if rows else None

    def select_hazard(self, hazard_id: int) -> bool:
        if self.model.book is None:
            return False
        ids = self.model.book.frame["id"].to_numpy()[self.model.rows]
        hit = np.flatnonzero(ids == hazard_id)
        if not len(hit):
            return False
        index = self.model.index(int(hit[0]), 0)
        self.table.selectRow(int(hit[0]))
        self.table.scrollTo(index)
        return True

    def _with_current(self, fn) -> None:
        hid = self.current_hazard()
        if hid is None:
            self.message.setText(self.tr("请先在表中选中一条隐患"))
            return
        self.message.clear()
        fn(hid)

    def _update_buttons(self) -> None:
        has = self.table.selectionModel() is not None and bool(self.table.selectionModel().selectedRows())
        for b in (self.open_button, self.map_button, self.notice_button):
            b.setEnabled(has)
        for b in (self.new_button, self.export_button):
            b.setEnabled(self.project is not None)
