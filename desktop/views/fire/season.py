"""Season calendar (防火期日历): the fire season, its critical periods (紧要期) and key periods (重点时段)
in colour on a month calendar; the season's dates editable; a one-off period added by hand. Key
periods follow the rules of gis.fire.key_periods (lunar dates computed, not typed)."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Signal
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text, vocab_lang
from desktop.tasks import loading_here
from gis.errors import GridsafeError
from gis.fire import seasons as forestfire
from gis.fire.key_periods import period_name

COLORS = {"season": QColor("#d9f0d3"), "critical": QColor("#f4a582"), "key": QColor("#fddc5c")}


def _q(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _d(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class FireSeasonView(QWidget):
    seasonChanged = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.today = date.today()
        self.this_season = forestfire.season_year(self.today)
        self.year = QSpinBox(minimum=2000, maximum=2100, value=self.this_season)
        self.start, self.end = QDateEdit(calendarPopup=True), QDateEdit(calendarPopup=True)
        self.save = QPushButton(self.tr("保存防火期"))
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.periods = QListWidget()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.period_name = QLineEdit(placeholderText=self.tr("时段名称，如 庙会"))
        self.period_kind = QComboBox()
        self.period_kind.addItem(self.tr("重点时段"), "key")
        self.period_kind.addItem(self.tr("紧要期"), "critical")
        self.period_start, self.period_end = QDateEdit(calendarPopup=True), QDateEdit(calendarPopup=True)
        self.add = QPushButton(self.tr("添加时段"))
        for edit in (self.start, self.end, self.period_start, self.period_end):
            edit.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout()
        form.addRow(self.tr("年度"), self.year)
        row = QHBoxLayout()
        for w in (self.start, QLabel(self.tr("至")), self.end, self.save):
            row.addWidget(w)
        form.addRow(self.tr("防火期"), row)
        add = QHBoxLayout()
        for w in (self.period_name, self.period_kind, self.period_start, self.period_end, self.add):
            add.addWidget(w)
        legend = QLabel(self.tr("图例：") + "".join(
            f'<span style="background:{COLORS[k].name()}">&nbsp;{t}&nbsp;</span> '
            for k, t in (("season", self.tr("防火期")), ("critical", self.tr("紧要期")), ("key", self.tr("重点时段"))))
        )
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(legend)
        lay.addWidget(self.calendar, 2)
        lay.addWidget(self.periods, 1)
        lay.addLayout(add)
        lay.addWidget(self.status)
        self.year.valueChanged.connect(self.refresh)
        self.save.clicked.connect(self.save_season)
        self.add.clicked.connect(self.add_period)

    def set_project(self, project) -> None:
        self.project = project
        self.refresh()

    def _season(self, s):
        return forestfire.find_season(s, self.year.value())

    def refresh(self) -> None:
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())   # clear all
        self.periods.clear()
        if self.project is None:
            return
        loaded, read = False, None
        what = QT_TRANSLATE_NOOP("Loads", "防火期")
        with loading_here(self.project, what, self.status.setText), self.project.session() as s:   # endless: a message
            season = self._season(s)
            if season is not None:
                read = season.start_date, season.end_date, season.is_demo, forestfire.season_periods(s, season)
            loaded = True
        for button in (self.save, self.add):   # not over a season that could not be read
            button.setEnabled(loaded)
        if not loaded:     # the load took too long: the status line says so
            return
        if read is None:
            self.status.setText(self.tr("还没有这一年度的防火期：设置日期后点“保存防火期”。"))
            a, b = forestfire.default_dates(self.year.value())
            self.start.setDate(_q(a))
            self.end.setDate(_q(b))
            self._show_page(a)
            return
        a, b, demo, periods = read
        self.start.setDate(_q(a))
        self.end.setDate(_q(b))
        first = self.today if a <= self.today <= b else a     # a period added by hand: from today in this season
        self.period_start.setDate(_q(first))
        self.period_end.setDate(_q(first))
        self._paint(a, b, COLORS["season"])
        for kind in ("critical", "key"):          # key periods drawn last: they are the more specific
            for p in periods:
                if p.kind == kind:
                    self._paint(p.start, p.end, COLORS[kind], period_name(p.name, vocab_lang()))
        to = self.tr("至")
        for p in periods:
            how = self.tr("手工") if p.rule is None else (self.tr("示例") if p.rule == forestfire.DEMO_RULE
                                                         else self.tr("按规则计算"))
            span = f"{p.start}" if p.start == p.end else f"{p.start} {to} {p.end}"
            self.periods.addItem(self.tr("{name}  {span}（{how}）").format(name=period_name(p.name, vocab_lang()),
                                                                         span=span, how=how))
        self._show_page(a)
        self.status.setText(self.tr("防火期 {0} 至 {1}").format(a, b) + (self.tr("（含示例值，请按本地规定修改）") if demo else ""))

    def _show_page(self, start: date) -> None:
        """This season's calendar opens on today's month; another year's on its season's first month."""
        shown = self.today if self.year.value() == self.this_season else start
        self.calendar.setCurrentPage(shown.year, shown.month)
        if shown == self.today:
            self.calendar.setSelectedDate(_q(self.today))

    def _paint(self, a: date, b: date, color: QColor, tip: str | None = None) -> None:
        fmt = QTextCharFormat()
        fmt.setBackground(color)
        if tip:
            fmt.setToolTip(tip)
        d = _q(a)
        while d <= _q(b):
            self.calendar.setDateTextFormat(d, fmt)
            d = d.addDays(1)

    def color_of(self, day: date) -> QColor:
        return self.calendar.dateTextFormat(_q(day)).background().color()

    def _write(self, fn) -> bool:
        try:
            self.project.write(fn)
        except GridsafeError as e:
            QMessageBox.warning(self, self.tr("无法保存"), error_text(e))
            self.status.setText(error_text(e))
            return False
        self.refresh()
        self.seasonChanged.emit()
        return True

    def save_season(self) -> None:
        self._write(lambda s: forestfire.plan_season(s, self.year.value(), start=_d(self.start.date()),
                                                     end=_d(self.end.date())))

    def add_period(self) -> None:
        name = self.period_name.text().strip()
        if not name:
            self.status.setText(self.tr("请填写时段名称"))
            return

        def add(s):
            season = self._season(s)
            if season is None:
                raise GridsafeError(self.tr("请先保存防火期"))
            forestfire.add_period(s, season, name, _d(self.period_start.date()), _d(self.period_end.date()),
                                  self.period_kind.currentData())
        if self._write(add):
            self.period_name.clear()
