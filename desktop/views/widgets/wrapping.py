"""Labels in an item tree that wrap onto more lines instead of being cut where the column is narrower than they are
(English in a laptop's side panel: the project overview, the layer panel)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView


class WrappingLabels(QStyledItemDelegate):
    """The first column's texts wrap at word boundaries; a row is as tall as its text needs at the column's
    width (QTreeView alone measures a row before it knows the width), and the rows are measured again when the
    column is resized."""

    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self.tree = tree
        self._pending = False
        tree.header().sectionResized.connect(lambda i, _old, _new: i == 0 and self._relayout_soon())
        tree.viewport().installEventFilter(self)   # a narrower or wider panel: the rows measured again

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize and event.size().width() != event.oldSize().width():
            self._relayout_soon()
        return False

    def _relayout_soon(self) -> None:
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self._relayout)   # with the delegate: not after the tree is gone

    def _relayout(self) -> None:
        self._pending = False
        if self.tree.itemDelegate() is self:
            self.tree.doItemsLayout()

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        if index.column() == 0:
            option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
            option.textElideMode = Qt.TextElideMode.ElideNone

    def text_width(self, option, index) -> int:
        """The width the text of `index` has in its column: the column less indentation, check box and icon."""
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        indent = self.tree.indentation() * (depth + (1 if self.tree.rootIsDecorated() else 0))
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.rect = QRect(0, 0, max(self.tree.columnWidth(0) - indent, 1), 10_000)
        style = self.tree.style()
        text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, self.tree)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, opt, self.tree) + 1
        return max(text.width() - 2 * margin, 40)

    def sizeHint(self, option, index) -> QSize:
        size = super().sizeHint(option, index)
        if index.column() != 0:
            return size
        font = index.data(Qt.ItemDataRole.FontRole) or option.font
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        lines = QFontMetrics(font).boundingRect(QRect(0, 0, self.text_width(option, index), 10_000),
                                                int(Qt.TextFlag.TextWordWrap), text)
        return QSize(size.width(), max(size.height(), lines.height() + 4))


def wrap_labels(tree: QTreeView) -> WrappingLabels:
    """Give `tree` wrapping first-column labels (WrappingLabels); returns the delegate."""
    tree.setWordWrap(True)
    tree.setUniformRowHeights(False)
    delegate = WrappingLabels(tree)
    tree.setItemDelegate(delegate)
    return delegate
