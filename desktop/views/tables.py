"""What the register screens' tables share (the tip-off register, the audit log, self-check reports, escalation
alerts): a read-only model of `rows` under translated column headers, and a table view set up as a list — whole
rows selected, one line each, no row numbers."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


class RowsModel(QAbstractTableModel):
    """Subclasses set HEADERS (source strings), CONTEXT (their translation context) and give data()."""

    HEADERS: tuple[str, ...] | list[str] = ()
    CONTEXT = ""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list = []

    def rowCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(self.CONTEXT, self.HEADERS[section])
        return None


def list_table(model, widths: tuple[int, ...] = (), stretch: int | None = None, *, single: bool = True) -> QTableView:
    """A table view of `model` as the registers show theirs: `widths` per column, `stretch` the column that takes the
    room left (None: the last)."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(22)
    header = table.horizontalHeader()
    for column, width in enumerate(widths):
        header.resizeSection(column, width)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table
