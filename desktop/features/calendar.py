"""工作日历 in the main window (issue 14): the calendar dock under 统计, the campaign editor, and reminders.

Reminders: when a project opens, and once a day while it stays open (a timer set for just after
midnight), the items whose reminder window is open (gis.stats.calendar.reminders: due within their lead
days, or today) show in the status bar and in a small non-modal notice (desktop/views/calendar/reminders.py);
a status-bar button brings it back. What the user dismisses is remembered per project in QSettings and
not shown again. A campaign or schedule change (kinds campaigns/settings) refreshes the dock and the
count. The reads are three small queries, so they run on the UI thread."""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QToolButton

from desktop.i18n import error_text, vocab_lang
from gis.errors import GridsafeError

KINDS = ("campaigns", "settings")
KEEP_DISMISSED = 400     # remembered keys per project (the newest)


def tr(text: str) -> str:
    return QCoreApplication.translate("CalendarFeature", text)


def today() -> date:
    return date.today()


def _settings():
    from desktop.qsettings import settings

    return settings()


def settings_key(project) -> str:
    """Where a project's dismissed reminders are kept (its address hashed; a password never leaves it)."""
    return "calendar/" + hashlib.sha1(str(project.url).encode("utf-8")).hexdigest()[:16] + "/dismissed"


def _as_list(value) -> list[str]:
    if value is None or value == "":
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


class CalendarFeature(QObject):
    def __init__(self, shell) -> None:
        super().__init__(shell.parent)
        self.shell = shell
        self.project = None
        self.dialog = None                  # the open CampaignDialog, if any
        self.panel = None                   # the ReminderPanel, made when first needed
        self.current: list = []             # the reminders shown now (gis.stats.calendar.DueItem)
        self.dock = shell.add_dock(tr("工作日历"), "work_calendar", self._build, Qt.DockWidgetArea.RightDockWidgetArea,
                                   hidden=True, kinds=KINDS, on_open=lambda view, project: view.set_project(project),
                                   on_change=lambda view, _change: view.refresh())
        # shared with the dashboard (工作态势): the same title, and the same English, in every context
        self.menu = shell.feature_menu(tr("统计(&S)"))
        self.menu.addAction(tr("工作日历…"), self.show_calendar)
        self.menu.addAction(tr("新建专项行动…"), lambda: self.edit_campaign(None))
        self.menu.addAction(tr("工作提醒…"), lambda: self.check_reminders(popup=True, always=True))
        self.button = QToolButton()
        self.button.setAutoRaise(True)
        self.button.setToolTip(tr("即将到期的报告、阶段和节点目标"))
        self.button.clicked.connect(lambda: self.check_reminders(popup=True, always=True))
        self.button.hide()
        shell.add_status_widget(self.button)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._new_day)
        shell.events.opened.connect(self._opened)
        shell.events.closed.connect(self._closed)
        shell.events.changed.connect(self._changed)

    # --- the dock ------------------------------------------------------------------------------------------
    @property
    def view(self):
        return self.dock.view()

    def _build(self):
        from desktop.views.calendar.calendar_view import CalendarView

        view = CalendarView()
        view.newRequested.connect(lambda: self.edit_campaign(None))
        view.editRequested.connect(self.edit_campaign)
        view.changed.connect(self.shell.events.announce)
        return view

    def show_calendar(self, day: date | None = None):
        first = not self.dock.is_built()
        view = self.shell.show_tabbed(self.dock)
        if first:                           # room for the month and the item titles
            self.shell.resize_dock(self.dock, 430, 560)
        if day is not None:
            view.go_to(day)
        return view

    # --- the campaign editor -----------------------------------------------------------------------------
    def edit_campaign(self, campaign_id: int | None):
        from desktop.views.calendar.campaign_dialog import CampaignDialog
        from gis.stats import campaigns

        if self.project is None:
            return None
        if self.dialog is not None:
            self.dialog.close()
        try:
            data = None if campaign_id is None else campaigns.get(self.project, campaign_id)
            kpis = campaigns.kpi_choice(self.project)
        except GridsafeError as e:          # deleted meanwhile (another workstation)
            QMessageBox.warning(self.shell.parent, tr("专项行动"), error_text(e))
            return None
        dialog = self.dialog = CampaignDialog(self.project, data, kpis, self.shell.parent, today=today())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        dialog.destroyed.connect(lambda _=None: setattr(self, "dialog", None) if self.dialog is dialog else None)
        dialog.show()
        dialog.raise_()
        return dialog

    def _saved(self, change) -> None:
        self.shell.events.announce(change)
        self.shell.status(tr("已保存专项行动"), 4000)

    # --- reminders -----------------------------------------------------------------------------------------
    def dismissed(self) -> list[str]:
        if self.project is None:
            return []
        return _as_list(_settings().value(settings_key(self.project)))

    def dismiss(self, keys: list[str]) -> None:
        if self.project is None:
            return
        kept = [k for k in self.dismissed() if k not in keys] + list(keys)
        _settings().setValue(settings_key(self.project), kept[-KEEP_DISMISSED:])
        self.check_reminders(popup=False)

    def check_reminders(self, *, popup: bool, always: bool = False) -> list:
        """Work out today's reminders; show the count in the status bar and, with `popup`, the notice
        (`always`: also when there is nothing to remind of, saying so)."""
        from gis.stats import calendar

        if self.project is None:
            return []
        day = today()
        try:
            self.current = calendar.upcoming(self.project, day, set(self.dismissed()))
        except GridsafeError as e:          # a bad report_schedule setting names its key
            self.current = []
            self.shell.status(error_text(e), 0)
            return []
        n = len(self.current)
        self.button.setText(tr("工作提醒 {n}").format(n=n))
        self.button.setVisible(n > 0)
        if self.panel is not None:
            self.panel.show_items(self.current, day)
            if not n:
                self.panel.hide()
        if n and popup:
            first = self.current[0]
            more = tr("等 {n} 项").format(n=n) if n > 1 else ""
            self.shell.status(tr("工作提醒：{title}{more}").format(title=first.text(vocab_lang()), more=more), 15000)
            self._panel().show_items(self.current, day)
            self.panel.show()
            self.panel.raise_()
        elif popup and always:
            self.shell.status(tr("近期没有需要提醒的事项"), 6000)
        return self.current

    def _panel(self):
        if self.panel is None:
            from desktop.views.calendar.reminders import ReminderPanel

            self.panel = ReminderPanel(self.shell.parent)
            self.panel.dismissed.connect(self.dismiss)
            self.panel.calendarRequested.connect(self.show_calendar)
        return self.panel

    def _arm_timer(self) -> None:
        now = datetime.now()
        tomorrow = datetime.combine(now.date() + timedelta(days=1), datetime.min.time()) + timedelta(minutes=1)
        self.timer.start(int((tomorrow - now).total_seconds() * 1000))

    def _new_day(self) -> None:
        self.check_reminders(popup=True)
        self._arm_timer()

    # --- project events ------------------------------------------------------------------------------------
    def _opened(self, project) -> None:
        self._closed()
        self.project = project
        self.check_reminders(popup=True)
        self._arm_timer()

    def _closed(self) -> None:
        self.project = None
        self.current = []
        self.timer.stop()
        self.button.hide()
        if self.panel is not None:
            self.panel.hide()
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None

    def _changed(self, change) -> None:
        if change.touches(*KINDS):
            self.check_reminders(popup=False)


def install(shell) -> CalendarFeature:
    return CalendarFeature(shell)
