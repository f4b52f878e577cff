"""A label that fits where there is little room (the status bar at 1366 px, issue 19): it asks for at most
`max_width` pixels, gives way down to `min_width`, and where its text does not fit shows it elided ("…") with the
whole text on hover. text() stays the whole text."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel, QSizePolicy, QStyleOption


class ElidedLabel(QLabel):
    def __init__(self, text: str = "", parent=None, *, max_width: int = 320, min_width: int = 60,
                 mode: Qt.TextElideMode = Qt.TextElideMode.ElideMiddle) -> None:
        super().__init__(text, parent)
        self.max_width, self.min_width, self.mode = max_width, min_width, mode
        self.tip = ""                     # a tooltip of the caller's own, shown under the whole text when elided
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def setToolTip(self, tip: str) -> None:
        self.tip = tip
        self._show_tip()

    def setText(self, text: str) -> None:
        super().setText(text)
        self.updateGeometry()
        self._show_tip()

    def full_width(self) -> int:
        return self.fontMetrics().horizontalAdvance(self.text()) + 2 * self.margin() + 4

    def is_elided(self) -> bool:
        return self.full_width() > self.contentsRect().width()

    def _show_tip(self) -> None:
        parts = ([self.text()] if self.text() and self.is_elided() and self.text() not in self.tip else []) + \
            ([self.tip] if self.tip else [])
        super().setToolTip("\n".join(parts))

    def sizeHint(self) -> QSize:
        return QSize(min(self.full_width(), self.max_width), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(min(self.full_width(), self.min_width), super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._show_tip()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        rect = self.contentsRect().adjusted(self.margin(), 0, -self.margin(), 0)
        text = self.fontMetrics().elidedText(self.text(), self.mode, rect.width())
        self.style().drawItemText(painter, rect, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), option.palette,
                                  self.isEnabled(), text, self.foregroundRole())
