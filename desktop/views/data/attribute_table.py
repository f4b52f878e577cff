"""The attribute table of one map layer (属性表), as in QGIS: every feature a row, filter by text in all or one
column, sort by a header click, edit cells (vocabularies as drop-downs of labels, date pickers, spin boxes),
只显示选中, 缩放至选中, and the selection shared with the map both ways.

The model sits on the arrays of gis.attributes.AttributeTable: no Python object per row is built up front; a
cell's text is made when Qt paints it, sorting and filtering are numpy over whole columns. A cell edit goes
through `commit(id, column, value)` (the feature calls gis.attributes.update and announces the Change); a
refusal is shown and the cell keeps its value. The map side is given as a MapLink (selected ids of the layer,
select ids, zoom to ids): the view knows nothing of the canvas.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import Protocol

import numpy as np
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QSignalBlocker,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text, vocab_label, vocab_lang
from desktop.tasks import Latest, budgeted
from desktop.views.data.feature_form import (
    editor_for,
    editor_value,
    set_editor_value,
    vocab_choices,
)
from gis import attributes
from gis.errors import GridsafeError

ID_ROLE = Qt.ItemDataRole.UserRole
READ_ONLY_TEXT = QColor("#6b6b6b")     # cells not edited here (a site's grid, a grid's code)


class MapLink(Protocol):
    def selected_ids(self) -> np.ndarray: ...            # this layer's features selected on the map
    def select_ids(self, ids: np.ndarray) -> None: ...   # select them on the map (this layer's only)
    def zoom_to_ids(self, ids: np.ndarray) -> None: ...


def _texts(table: attributes.AttributeTable, c: attributes.Column) -> np.ndarray:
    """The column as shown (str per row): labels for vocab keys, numbers without noise, "" for missing."""
    values = table.values[c.name]
    if c.kind in ("int", "float"):
        out = np.full(len(values), "", dtype=object)
        ok = ~np.isnan(values)
        fmt = (lambda v: str(int(v))) if c.kind == "int" else (lambda v: f"{v:g}")
        out[ok] = [fmt(v) for v in values[ok]]
        return out
    if c.kind == "vocab":
        keys, inverse = np.unique(np.where(values == None, "", values).astype(str), return_inverse=True)
        labels = np.array([vocab_label(c.vocab, k) if k else "" for k in keys], dtype=object)
        return labels[inverse.reshape(-1)]
    return np.where(values == None, "", values).astype(object)


class AttributeModel(QAbstractTableModel):
    """Rows = `order` (indices into the table's arrays: filtered and sorted); columns = the spec's."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.table: attributes.AttributeTable | None = None
        self.columns: tuple[attributes.Column, ...] = ()
        self.order = np.zeros(0, dtype=np.int64)
        self._texts: dict[str, np.ndarray] = {}       # column → shown text per table row, made when first needed
        self._lower: dict[str, np.ndarray] = {}       # … lower-cased, for the filter
        self.commit: Callable[[int, str, object], bool] | None = None
        self.read_only = ""          # why no cell may be edited (the account's role), "" = editable

    # --- content -------------------------------------------------------------------------------
    def set_table(self, table: attributes.AttributeTable, order: np.ndarray, texts: dict | None = None) -> None:
        self.beginResetModel()
        self.table, self.columns = table, table.spec.columns
        self.order = order
        self._texts = dict(texts or {})
        self._lower.clear()
        self.endResetModel()

    def set_order(self, order: np.ndarray) -> None:
        self.layoutAboutToBeChanged.emit()
        self.order = order
        self.layoutChanged.emit()

    def texts(self, name: str) -> np.ndarray:
        if name not in self._texts:
            self._texts[name] = _texts(self.table, self.table.spec.column(name))
        return self._texts[name]

    def lower(self, name: str) -> np.ndarray:
        if name not in self._lower:
            self._lower[name] = np.char.lower(self.texts(name).astype(str))
        return self._lower[name]

    def rows_changed(self, rows: np.ndarray) -> None:
        """Table rows `rows` were replaced: forget their texts and repaint them."""
        self._texts.clear()
        self._lower.clear()
        shown = np.flatnonzero(np.isin(self.order, rows))
        if len(shown):
            self.dataChanged.emit(self.index(int(shown.min()), 0),
                                  self.index(int(shown.max()), len(self.columns) - 1))

    # --- Qt ------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.order)

    def columnCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            c = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return c.label_in(vocab_lang()) + ("*" if c.required and c.editable else "")
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.read_only or c.why_read_only or (self.tr("必填") if c.required else None)
        elif role == Qt.ItemDataRole.DisplayRole:
            return str(int(self.table.ids[self.order[section]]))
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, c = int(self.order[index.row()]), self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts(c.name)[row]
        if role == Qt.ItemDataRole.EditRole:
            return self.table.values[c.name][row]
        if role == ID_ROLE:
            return int(self.table.ids[row])
        if role == Qt.ItemDataRole.ForegroundRole and not c.editable:
            return READ_ONLY_TEXT
        if role == Qt.ItemDataRole.ToolTipRole and self.read_only:
            return self.read_only
        if role == Qt.ItemDataRole.TextAlignmentRole and c.kind in ("int", "float"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: QModelIndex):
        flags = super().flags(index)
        if (index.isValid() and self.columns[index.column()].editable and self.commit is not None
                and not self.read_only):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or self.commit is None or self.read_only:
            return False
        row, c = int(self.order[index.row()]), self.columns[index.column()]
        value = None if isinstance(value, str) and not value.strip() else value
        old = self.table.values[c.name][row]
        same = (old is None and value is None) or (
            isinstance(old, float) and math.isnan(old) and value is None) or old == value
        if same or (c.kind == "date" and value is not None and str(value) == old):
            return False
        return self.commit(int(self.table.ids[row]), c.name, value)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sort the shown rows by a column: numbers by value (missing last), the rest by the text shown."""
        if self.table is None or column < 0:
            return
        c = self.columns[column]
        if c.kind in ("int", "float"):
            keys = self.table.values[c.name][self.order]
            idx = np.argsort(np.where(np.isnan(keys), np.inf, keys), kind="stable")
        else:
            keys = self.texts(c.name)[self.order].astype(str)
            idx = np.argsort(keys, kind="stable")
        if order == Qt.SortOrder.DescendingOrder:
            idx = idx[::-1]
        self.set_order(self.order[idx])


class CellDelegate(QStyledItemDelegate):
    """Cells edited with the editors of the feature form (feature_form.editor_for)."""

    def createEditor(self, parent, option, index):
        c = index.model().columns[index.column()]
        editor = editor_for(c, parent)
        if isinstance(editor, QComboBox):
            editor.setObjectName("cell_combo")
            if not c.lenient:           # a value picked is the edit: write it and close the editor
                editor.activated.connect(lambda _i, e=editor: (self.commitData.emit(e), self.closeEditor.emit(e)))
        return editor

    def setEditorData(self, editor, index) -> None:
        c = index.model().columns[index.column()]
        set_editor_value(editor, c, index.data(Qt.ItemDataRole.EditRole))
        if isinstance(editor, QComboBox) and not c.lenient:
            QTimer.singleShot(0, editor.showPopup)     # one click opens the list, as in QGIS's value map

    def setModelData(self, editor, model, index) -> None:
        c = model.columns[index.column()]
        model.setData(index, editor_value(editor, c), Qt.ItemDataRole.EditRole)


class AttributeTableView(QWidget):
    """One layer's attribute table. `set_table` shows rows; `link` (MapLink) syncs the selection;
    `commit(id, column, value) -> bool` writes an edit (None: read only)."""

    def __init__(self, layer: str, parent=None) -> None:
        super().__init__(parent)
        self.layer = layer
        self.spec = attributes.spec(layer)
        self.link: MapLink | None = None
        self.commit: Callable[[int, str, object], None] | None = None
        self.table: attributes.AttributeTable | None = None
        self._syncing = False
        self.loads = Latest(self)                      # a reload drops the read still running
        self.loads.succeeded.connect(lambda read: self.set_table(*read))
        self.loads.failed.connect(self.say)
        self.model = AttributeModel(self)
        self.model.commit = self._commit
        self.filter_text = QLineEdit(placeholderText=self.tr("筛选：输入文字"), clearButtonEnabled=True)
        self.filter_column = QComboBox()
        self.filter_column.addItem(self.tr("所有字段"), None)
        for c in self.spec.columns:
            self.filter_column.addItem(c.label_in(vocab_lang()), c.name)
        self.filter_value = QComboBox()              # a vocab column's value, instead of typed text
        self.filter_value.hide()
        self.only_selected = QCheckBox(self.tr("只显示选中"))
        self.zoom_button = QPushButton(self.tr("缩放至选中"))
        self.clear_button = QPushButton(self.tr("取消选择"))
        self.count = QLabel()
        self.count.setWordWrap(True)                 # a load that took too long says so here, at length
        self.read_only_note = QLabel()               # why the cells cannot be edited (the account's role)
        self.read_only_note.setObjectName("read_only_note")
        self.read_only_note.setWordWrap(True)
        self.read_only_note.hide()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(CellDelegate(self.view))
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # a double-click or F2 edits (a click only selects: rows are clicked to select features on the map)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setResizeContentsPrecision(200)   # column widths from 200 rows, not 1,000
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.setAlternatingRowColors(True)
        self.view.selectionModel().selectionChanged.connect(self._rows_selected)
        self._filter_timer = QTimer(self, singleShot=True, interval=200)   # filter once typing pauses
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_text.textChanged.connect(lambda _t: self._filter_timer.start())
        self.filter_text.returnPressed.connect(self.apply_filter)
        self.filter_column.currentIndexChanged.connect(self._column_chosen)
        self.filter_value.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.only_selected.toggled.connect(lambda _on: self.apply_filter())
        self.zoom_button.clicked.connect(self.zoom_to_selected)
        self.clear_button.clicked.connect(lambda: self.select_ids(np.zeros(0, dtype=np.int64), to_map=True))
        bar = QHBoxLayout()
        bar.addWidget(self.filter_column)
        bar.addWidget(self.filter_text, 1)
        bar.addWidget(self.filter_value, 1)
        bar.addWidget(self.only_selected)
        bar.addWidget(self.zoom_button)
        bar.addWidget(self.clear_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(bar)
        lay.addWidget(self.read_only_note)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.count)
        self._selected = np.zeros(0, dtype=np.int64)     # ids selected (this table and the map agree on them)
        self._vocab_filter = False                       # filtering a vocabulary column by a value picked
        self._show_count()

    # --- content -------------------------------------------------------------------------------
    def load(self, project, read: Callable[[], attributes.AttributeTable]) -> None:
        """Read `project`'s table off the UI thread (desktop.tasks) and show it when read. A load after an open:
        time-limited (desktop.tasks.budgeted), a project that makes it endless says so in the count line."""
        self.count.setText(self.tr("正在读取属性表…"))
        def work(_feedback):
            table = read()
            return table, {c.name: _texts(table, c) for c in table.spec.columns}   # the cells' texts, made here too

        self.loads.start(budgeted(project, QT_TRANSLATE_NOOP("Loads", "属性表"), work), title=self.tr("读取属性表"))

    def set_table(self, table: attributes.AttributeTable, texts: dict[str, np.ndarray] | None = None) -> None:
        """Show a freshly read table (filter, sort and the map's selection kept); `texts`: the cells' texts
        when already made."""
        first = self.table is None
        self.table = table
        self.model.set_table(table, np.arange(len(table)), texts)
        self.apply_filter()
        if first:
            self.view.resizeColumnsToContents()
            room = self.fontMetrics().horizontalAdvance("2026-12-31") + 40    # a date picker or a drop-down fits
            for i, c in enumerate(self.spec.columns):
                width = min(self.view.columnWidth(i), 260)
                self.view.setColumnWidth(i, max(width, room) if c.kind in ("date", "vocab") and c.editable else width)
        self.map_selection_changed()

    def clear(self) -> None:
        """No table (the project closed)."""
        self.loads.cancel()
        self.table = None
        self._selected = np.zeros(0, dtype=np.int64)
        self.model.beginResetModel()
        self.model.table, self.model.order = None, np.zeros(0, dtype=np.int64)
        self.model.endResetModel()
        self._show_count()

    def say(self, message: str) -> None:
        """A message in the count line (a read that failed or took too long); the next count replaces it."""
        self.count.setText(message)

    def patch(self, fresh: attributes.AttributeTable, ids) -> None:
        """Rows `ids` read again (`fresh` holds those still in the layer): a row's values replaced in place;
        rows added or gone mean the table must be read whole (returns without change; see needs_reload)."""
        if self.table is None:
            return
        rows = np.array([self.table.row_of(int(i)) for i in fresh.ids])
        if len(fresh) != len(ids) or any(r is None for r in rows):
            raise LookupError("rows added or removed")
        rows = rows.astype(np.int64)
        for name, values in fresh.values.items():
            self.table.values[name][rows] = values
        self.model.rows_changed(rows)
        self._show_count()             # current again (after a re-read that took too long said otherwise)

    # --- filter and sort -----------------------------------------------------------------------
    def _column_chosen(self) -> None:
        name = self.filter_column.currentData()
        c = self.spec.column(name) if name else None
        vocab_column = c is not None and c.kind == "vocab" and not c.lenient
        with QSignalBlocker(self.filter_value):
            self.filter_value.clear()
            if vocab_column:
                self.filter_value.addItem(self.tr("（全部）"), None)
                self.filter_value.addItem(self.tr("（未填）"), "")
                for key, label in vocab_choices(c):
                    self.filter_value.addItem(label, key)
        self._vocab_filter = vocab_column
        self.filter_value.setVisible(vocab_column)
        self.filter_text.setVisible(not vocab_column)
        self.apply_filter()

    def mask(self) -> np.ndarray:
        """Which rows of the table the filter lets through."""
        n = len(self.table)
        keep = np.ones(n, dtype=bool)
        name = self.filter_column.currentData()
        if self._vocab_filter:
            key = self.filter_value.currentData()
            if key is not None:
                values = self.table.values[name]
                keep &= (values == None) if key == "" else (values == key)
        else:
            text = self.filter_text.text().strip().lower()
            if text:
                names = [name] if name else [c.name for c in self.spec.columns]
                hit = np.zeros(n, dtype=bool)
                for col in names:
                    hit |= np.char.find(self.model.lower(col), text) >= 0
                hit |= np.char.find(self.table.ids.astype(str), text) >= 0 if not name else False
                keep &= hit
        if self.only_selected.isChecked():
            keep &= np.isin(self.table.ids, self._selected)
        return keep

    def apply_filter(self) -> None:
        if self.table is None:
            return
        order = np.flatnonzero(self.mask())
        self.model.set_order(order)
        header = self.view.horizontalHeader()
        if header.sortIndicatorSection() >= 0:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._show_selection()
        self._show_count()

    def _show_count(self) -> None:
        total = len(self.table) if self.table is not None else 0
        self.count.setText(self.tr("共 {total} 条，显示 {shown} 条，已选 {sel} 条").format(
            total=f"{total:,}", shown=f"{len(self.model.order):,}", sel=f"{len(self._selected):,}"))

    # --- selection -----------------------------------------------------------------------------
    def selected_ids(self) -> np.ndarray:
        return self._selected

    def _rows_selected(self, *_args) -> None:
        if self._syncing or self.table is None:
            return
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        ids = np.sort(self.table.ids[self.model.order[np.array(rows, dtype=np.int64)]]) if rows else \
            np.zeros(0, dtype=np.int64)
        hidden = self._selected[~np.isin(self._selected, self.table.ids[self.model.order])]
        self._selected = np.union1d(ids, hidden) if not self.only_selected.isChecked() else ids
        self._show_count()
        if self.link is not None:
            self._syncing = True
            try:
                self.link.select_ids(self._selected)
            finally:
                self._syncing = False

    def map_selection_changed(self) -> None:
        """The map's selection changed: select the same features here."""
        if self._syncing or self.link is None:
            return
        self.select_ids(self.link.selected_ids(), to_map=False)

    def select_ids(self, ids, *, to_map: bool) -> None:
        self._selected = np.unique(np.asarray(ids, dtype=np.int64))
        if self.only_selected.isChecked():
            self.apply_filter()
        else:
            self._show_selection()
            self._show_count()
        if to_map and self.link is not None:
            self._syncing = True
            try:
                self.link.select_ids(self._selected)
            finally:
                self._syncing = False

    def _show_selection(self) -> None:
        """Select the rows of self._selected in the view (runs of adjacent rows as one range)."""
        if self.table is None:
            return
        shown = np.flatnonzero(np.isin(self.table.ids[self.model.order], self._selected))
        selection = QItemSelection()
        if len(shown):
            breaks = np.flatnonzero(np.diff(shown) > 1)
            starts = np.r_[shown[0], shown[breaks + 1]]
            ends = np.r_[shown[breaks], shown[-1]]
            last = self.model.columnCount() - 1
            for a, b in zip(starts, ends, strict=True):
                selection.select(self.model.index(int(a), 0), self.model.index(int(b), last))
        self._syncing = True
        try:
            self.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self._syncing = False
        if len(shown) and self.view.isVisible():
            self.view.scrollTo(self.model.index(int(shown[0]), 0))

    def zoom_to_selected(self) -> None:
        if self.link is not None and len(self._selected):
            self.link.zoom_to_ids(self._selected)

    # --- editing -------------------------------------------------------------------------------
    def set_editable(self, ok: bool, why: str = "") -> None:
        """Cells editable or not (the open project's account may not edit attributes: `why` says so above the
        table and in every cell's tooltip)."""
        why = "" if ok else (why or self.tr("此属性表只读"))
        if why == self.model.read_only:
            return
        self.model.read_only = why
        self.read_only_note.setText(self.tr("只读：{why}").format(why=why))
        self.read_only_note.setVisible(bool(why))
        if self.model.rowCount():
            self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)

    def _commit(self, feature_id: int, column: str, value) -> bool:
        if self.commit is None:
            return False
        try:
            self.commit(feature_id, column, value)
        except GridsafeError as e:
            QMessageBox.warning(self, self.tr("不能修改"), error_text(e))
            return False
        return True
