"""工作提醒: the items whose reminder window is open (gis.stats.calendar.reminders), as a small non-modal
notice the user dismisses one by one or all at once. The feature remembers what was dismissed."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from desktop.i18n import vocab_lang
from gis.stats.calendar import DueItem


class ReminderPanel(QDialog):
    dismissed = Signal(list)             # keys of the reminders the user has seen
    calendarRequested = Signal(object)   # the day to show (datetime.date)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("工作提醒"))
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.Tool, True)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)   # a notice: the user's typing stays where it was
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.dismiss_button = QPushButton(self.tr("知道了"))
        self.dismiss_button.setToolTip(self.tr("不再提醒所选事项"))
        self.dismiss_all_button = QPushButton(self.tr("全部知道了"))
        self.open_button = QPushButton(self.tr("打开工作日历"))
        self.close_button = QPushButton(self.tr("稍后提醒"))
        self.close_button.setToolTip(self.tr("关闭，下次打开项目或明天再提醒"))
        buttons = QHBoxLayout()
        for b in (self.dismiss_button, self.dismiss_all_button, self.open_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addWidget(self.list, 1)
        lay.addLayout(buttons)
        self.items: list[DueItem] = []
        self.dismiss_button.clicked.connect(self._dismiss_selected)
        self.dismiss_all_button.clicked.connect(lambda: self._dismiss(self.items))
        self.open_button.clicked.connect(self._open_calendar)
        self.close_button.clicked.connect(self.hide)
        self.list.itemSelectionChanged.connect(
            lambda: self.dismiss_button.setEnabled(bool(self.list.selectedItems())))
        self.resize(460, 260)

    def show_items(self, items: list[DueItem], today) -> None:
        self.items = list(items)
        self.list.clear()
        for item in self.items:
            left = (item.on - today).days
            when = self.tr("今天到期") if left == 0 else self.tr("还有 {n} 天（{day}）").format(n=left, day=item.on)
            if item.at is not None:
                when += " " + item.at.strftime("%H:%M")
            row = QListWidgetItem(f"{when}　{item.text(vocab_lang())}")
            row.setData(Qt.ItemDataRole.UserRole, item.key)
            if left == 0:
                row.setForeground(Qt.GlobalColor.red)
            self.list.addItem(row)
        self.heading.setText(self.tr("以下 {n} 项工作已到提醒时间：").format(n=len(self.items)))
        self.dismiss_button.setEnabled(False)
        self.dismiss_all_button.setEnabled(bool(self.items))

    def keys(self) -> list[str]:
        return [i.key for i in self.items]

    def _dismiss_selected(self) -> None:
        keys = {row.data(Qt.ItemDataRole.UserRole) for row in self.list.selectedItems()}
        self._dismiss([i for i in self.items if i.key in keys])

    def _dismiss(self, items: list[DueItem]) -> None:
        if items:
            self.dismissed.emit([i.key for i in items])

    def _open_calendar(self) -> None:
        rows = self.list.selectedItems()
        key = rows[0].data(Qt.ItemDataRole.UserRole) if rows else None
        item = next((i for i in self.items if i.key == key), self.items[0] if self.items else None)
        self.calendarRequested.emit(None if item is None else item.on)

