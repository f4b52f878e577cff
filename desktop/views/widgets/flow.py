"""A row of buttons that wraps onto more rows when its panel is narrower than the buttons (English texts are longer:
the identify panel's buttons side by side made the 要素详情 dock 636 px wide at least and squeezed the docks below)."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Widgets left to right, each row right-aligned, wrapped onto a new row where the next one does not fit; hidden
    widgets take no room. As narrow as its widest widget."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        shown = self._shown()
        if not shown:
            return QSize(0, 0)
        width = sum(i.sizeHint().width() for i in shown) + self._spacing * (len(shown) - 1)
        return QSize(width, max(i.sizeHint().height() for i in shown))

    def minimumSize(self) -> QSize:
        size = QSize(0, 0)
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        return size

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _place(self, rect: QRect, move: bool) -> int:
        """Lay the shown widgets out in rows within `rect` (moving them if `move`); returns the height used."""
        rows: list[list[QLayoutItem]] = []
        width = 0
        for item in self._shown():
            w = item.sizeHint().width()
            if rows and width + self._spacing + w <= rect.width():
                rows[-1].append(item)
                width += self._spacing + w
            else:
                rows.append([item])
                width = w
        y = rect.y()
        for row in rows:
            height = max(i.sizeHint().height() for i in row)
            if move:
                used = sum(i.sizeHint().width() for i in row) + self._spacing * (len(row) - 1)
                x = rect.x() + max(rect.width() - used, 0)
                for item in row:
                    hint = item.sizeHint()
                    item.setGeometry(QRect(QPoint(x, y), QSize(min(hint.width(), rect.width()), height)))
                    x += hint.width() + self._spacing
            y += height + self._spacing
        return max(y - rect.y() - self._spacing, 0)
