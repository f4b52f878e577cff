"""A period field: typed as before (2026-W48, 2026-11, 2026-Q4…) or picked — 本周, 下周, 本月, 下月, or the week or
month containing a date chosen on a calendar (the 选择 button beside the field).

It answers like the QLineEdit it replaces: text(), setText(), clear(), setPlaceholderText(), and `editingFinished`
(also when a period is picked), so a view keeps reading the period as text (gis.patrols.periods.parse_period).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

# the quick choices: (label, kind, how far from today), for the picker's menu and the patrol planner's
QUICK = (
    (QT_TRANSLATE_NOOP("PeriodPicker", "本周"), "week", 0),
    (QT_TRANSLATE_NOOP("PeriodPicker", "下周"), "week", 1),
    (QT_TRANSLATE_NOOP("PeriodPicker", "本月"), "month", 0),
    (QT_TRANSLATE_NOOP("PeriodPicker", "下月"), "month", 1),
)


def quick_period(i: int, today: date) -> tuple[str, date]:
    """QUICK[i] as (kind, a day in that period) from `today`."""
    _label, kind, ahead = QUICK[i]
    return kind, (today + timedelta(days=7 * ahead) if kind == "week" else next_month(today) if ahead else today)


def label_of(kind: str, day: date) -> str:
    """The period of `kind` ("week" or "month") containing `day`, as typed: 2026-W48, 2026-11."""
    return week_of(day) if kind == "week" else month_of(day)


def week_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_of(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


class PeriodPicker(QWidget):
    editingFinished = Signal()   # typed and confirmed (Enter, or focus left), or picked

    def __init__(self, parent: QWidget | None = None, *, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self._today = today
        self.edit = QLineEdit()
        self.edit.setMinimumWidth(90)
        self.button = QToolButton()
        self.button.setText(self.tr("选择"))
        self.button.setToolTip(self.tr("选择时段：本周、下周、本月、下月，或在日历上选日期"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self)
        for i, (label, _kind, _days) in enumerate(QUICK):
            self.menu.addAction(self.tr(label), lambda i=i: self.pick(label_of(*quick_period(i, self._today()))))
        self.menu.addSeparator()
        self.menu.addAction(self._calendar_action())
        self.menu.aboutToShow.connect(self._calendar_today)
        self.button.setMenu(self.menu)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        self.edit.editingFinished.connect(self.editingFinished)
        self.setFocusProxy(self.edit)

    def _calendar_action(self) -> QWidgetAction:
        box = QWidget()
        self.by_week = QRadioButton(self.tr("所在周"))
        self.by_month = QRadioButton(self.tr("所在月"))
        self.by_week.setChecked(True)
        group = QButtonGroup(box)
        group.addButton(self.by_week)
        group.addButton(self.by_month)
        kinds = QHBoxLayout()
        kinds.addWidget(self.by_week)
        kinds.addWidget(self.by_month)
        kinds.addStretch(1)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._date_chosen)
        self.calendar.activated.connect(self._date_chosen)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 2, 6, 6)
        layout.addLayout(kinds)
        layout.addWidget(self.calendar)
        action = QWidgetAction(self.menu)
        action.setDefaultWidget(box)
        return action

    def _calendar_today(self) -> None:
        t = self._today()
        self.calendar.setSelectedDate(QDate(t.year, t.month, t.day))

    def _date_chosen(self, day: QDate) -> None:
        d = day.toPython()
        self.menu.close()
        self.pick(label_of("month" if self.by_month.isChecked() else "week", d))

    def pick(self, text: str) -> None:
        """Show `text` (a period label) and say so, as if typed and confirmed."""
        self.edit.setText(text)
        self.editingFinished.emit()

    # --- what a QLineEdit answers -----------------------------------------------------------------
    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:   # noqa: N802 (Qt's name)
        self.edit.setText(text)

    def clear(self) -> None:
        self.edit.clear()

    def setPlaceholderText(self, text: str) -> None:   # noqa: N802 (Qt's name)
        self.edit.setPlaceholderText(text)
