"""The hazard ledger in the main window: 隐患 menu, the ledger and 预警 docks, forms, map links, exports.

- A project opens → the ledger loads (when on screen) and the escalation rules run for the status bar's
  预警 badge, both off the UI thread.
- The identify panel's 隐患台账 button opens the ledger filtered to the shown feature; 新增隐患
  opens the form prefilled with it.
- A form's save announces Change("hazards", id): the map reloads the hazard layer, the ledger updates that
  hazard's row in place (reads the ledger whole when names of places or people changed) and selects it
  (docks not on screen catch up when shown).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QMessageBox

from desktop.files import ask_save_path
from desktop.i18n import error_text, vocab_label, vocab_lang
from desktop.permissions import gate, gate_hazard_form, may
from desktop.services import NO_CHANGE
from desktop.tasks import Task, progress_dialog
from gis import permissions
from gis.changes import Change
from gis.errors import GridsafeError
from gis.hazards import links

LEDGER_KINDS = ("hazards", "sites", "grids", "lines", "zones", "people", "admin")   # what a ledger row shows
ALERT_KINDS = ("hazards", "sites", "grids", "people")
ALERTS_DELAY_MS = 1000   # after the last change: a burst of saves evaluates once


def tr(text: str) -> str:
    return QCoreApplication.translate("HazardFeature", text)


def _ledger_changed(view, change: Change) -> None:
    ids = change.ids_of("hazards")   # this window's own save selects the hazard; another workstation's leaves it
    own = ids is not None and len(ids) == 1 and not change.remote
    if ids is not None and not change.touches(*(k for k in LEDGER_KINDS if k != "hazards")):
        view.update_rows(ids, select=next(iter(ids)) if own else None)    # only those rows, in place
    else:                                                                 # names shown in many rows may differ
        view.reload(select=next(iter(ids)) if own else view.current_hazard())


def _make_ledger():
    from desktop.views.hazards.ledger import HazardLedgerView

    return HazardLedgerView()


def _make_alerts():
    from desktop.views.hazards.alerts import HazardAlertsPanel

    return HazardAlertsPanel()


class HazardFeature(QObject):
    def __init__(self, shell) -> None:
        super().__init__(shell.parent)
        self.shell = shell
        self.project = None
        self.forms: list = []
        self.export_task = None       # the export running (desktop/tasks.py), one at a time
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self.ledger_dock = shell.add_dock(tr("隐患台账"), "hazard_ledger", self._build_ledger, bottom,
                                          kinds=LEDGER_KINDS, on_open=lambda view, p: view.set_project(p),
                                          on_change=_ledger_changed)
        # the badge needs the alerts whenever a project opens, so this feature opens them itself
        # the status bar's 预警 badge is always on screen, so the alerts follow every change (see _alerts_follow)
        self.alerts_dock = shell.add_dock(tr("预警"), "hazard_alerts", self._build_alerts, bottom,
                                          tabify_with=self.ledger_dock)
        self.badge = QLabel()
        self.badge.setToolTip(tr("预警（单击查看）"))
        self.badge.mousePressEvent = lambda _e: self.show_alerts()
        shell.add_status_widget(self.badge)
        self.badge.hide()

        menu = shell.feature_menu(tr("隐患(&Z)"))
        menu.addAction(tr("隐患台账(&L)"), self.show_ledger)    # shows and raises it (the dock's own toggle is not
        # listed too: two 隐患台账 entries, one of which hides the ledger, read as a mistake)
        # one 新增隐患 action (the menu's and the ledger's button) and one for the shown feature (the menu's and
        # the identify panel's button), each enabled only when it can do something
        self.new_action = gate(shell, menu.addAction(tr("新增隐患(&N)…"), lambda: self.new_hazard()),
                               "hazard.register")
        self.new_for_action = menu.addAction(tr("为所选要素新增隐患(&F)…"), self.new_for_identified)
        shell.events.opened.connect(lambda _p: self._follow_identified())
        shell.events.closed.connect(self._follow_identified)
        shell.follow_identified(self._follow_identified)
        shell.canvas.selectionChanged.connect(self._follow_identified)
        menu.addSeparator()
        menu.addAction(tr("检查预警(&E)"), self.check_alerts)
        menu.addSeparator()
        menu.addAction(tr("导出隐患排查治理台账(&X)…"), lambda: self.export("ledger"))
        menu.addAction(tr("导出专项整治清单(&S)…"), lambda: self.export("sector-list"))
        menu.addAction(tr("整改通知书(&T)…"), lambda: self.export("notice"))
        menu.addSeparator()
        menu.addAction(self.alerts_dock.toggleViewAction())

        # the identify panel's buttons keep the panel's translations
        tip = tr("在隐患台账中只显示此要素的隐患")
        self.ledger_button = shell.add_identify_action(QCoreApplication.translate("IdentifyPanel", "隐患台账…"),
                                                       tip, self.ledger_for_feature)
        self.new_button = shell.add_identify_action(tr("为此要素新增隐患…"), tr("在所示要素上登记一条隐患"),
                                                    lambda _source, _row: self.new_for_identified(),
                                                    applies=lambda source, _row: self._linkable(source))
        self._follow_identified()
        shell.events.opened.connect(self._opened)
        shell.events.closed.connect(self._closed)
        shell.events.changed.connect(self._forms_follow)
        shell.events.changed.connect(self._alerts_follow)
        self._alerts_due = QTimer(self, singleShot=True, interval=ALERTS_DELAY_MS)
        self._alerts_due.timeout.connect(self._evaluate_alerts)

    @property
    def ledger(self):
        """The ledger view (built on first use)."""
        return self.ledger_dock.view()

    @property
    def alerts(self):
        """The 预警 view (built on first use)."""
        return self.alerts_dock.view()

    def _build_ledger(self):
        view = _make_ledger()
        view.openHazard.connect(self.open_hazard)
        view.showOnMap.connect(self.show_on_map)
        view.newHazardRequested.connect(self.new_action.trigger)
        view.new_button.setEnabled(self.new_action.isEnabled())     # the button follows the one action
        view.new_button.setToolTip(self.new_action.toolTip())
        self.new_action.changed.connect(lambda b=view.new_button: (b.setEnabled(self.new_action.isEnabled()),
                                                                   b.setToolTip(self.new_action.toolTip())))
        view.exportRequested.connect(self.export)
        return view

    def _build_alerts(self):
        view = _make_alerts()
        view.openHazard.connect(self.open_hazard)
        view.showSite.connect(self.show_site)
        view.evaluated.connect(self._show_badge)
        return view

    # --- project ------------------------------------------------------------------------------------
    def _opened(self, project) -> None:
        self.project = project
        self.alerts.set_project(project)     # escalation runs in the background for the badge

    def _closed(self) -> None:
        self.project = None

    def _forms_follow(self, change: Change) -> None:
        """Open forms of changed hazards rebase onto the new version (their unsaved edits kept), so a
        notice printed while a form is open is not "someone else's change" at its next save."""
        if not change.touches("hazards"):
            return
        ids = change.ids_of("hazards")
        for form in self.forms:
            if ids is None or form.hazard_id in ids:
                form.refresh()

    def _alerts_follow(self, change: Change) -> None:
        """The rules run again (off the UI thread) after a change they read, dock shown or not; a second
        after the last change, so a burst of saves runs them once and a save's own work goes first."""
        if self.project is not None and change.touches(*ALERT_KINDS):
            self._alerts_due.start()

    def _evaluate_alerts(self) -> None:
        if self.project is not None:
            self.alerts.evaluate()

    def check_alerts(self) -> None:
        if self.project is None:
            QMessageBox.information(self.shell.parent, tr("检查预警"), tr("请先打开项目。"))
            return
        self.alerts.evaluate()
        self.show_alerts()

    def _show_badge(self, alerts) -> None:
        counts = self.alerts.counts()
        total = sum(counts.values())
        if not total:
            self.badge.setText(tr("预警 0"))
            self.badge.setStyleSheet("QLabel { padding: 0 6px; }")
        else:
            self.badge.setText(tr("预警 {0}").format(f"{total:,}"))
            self.badge.setStyleSheet("QLabel { background: #c62828; color: white; border-radius: 8px; padding: 0 6px; }")
            self.badge.setToolTip("\n".join(f"{k}：{n:,}" for k, n in counts.items()))
        self.badge.show()

    def show_alerts(self) -> None:
        self.alerts_dock.show_view()

    def show_ledger(self) -> None:
        self.ledger_dock.show_view()

    # --- forms --------------------------------------------------------------------------------------
    def _form(self, **kw):
        from desktop.views.hazards.form import HazardForm

        if self.project is None:
            QMessageBox.information(self.shell.parent, tr("隐患"), tr("请先打开项目。"))
            return None
        form = HazardForm(self.project, operator=self.shell.operator, parent=self.shell.parent, **kw)
        gate_hazard_form(form, self.project)   # its steps follow the account's role for this hazard
        form.saved.connect(self._saved)
        form.finished.connect(lambda _r, f=form: self.forms.remove(f) if f in self.forms else None)
        self.forms.append(form)
        form.show()
        return form

    def open_hazard(self, hazard_id: int):
        return self._form(hazard_id=hazard_id)

    def new_hazard(self, link: tuple[str, int] | None = None, point=None):
        if not may(self.shell, "hazard.register"):   # the ledger's 新增隐患… button too: say why, open nothing
            why = permissions.can(self.project.account, "hazard.register", lang=vocab_lang())[1]
            return self.shell.status(why, 8000)
        return self._form(link=link, point=point)

    def _linkable(self, source: str | None) -> bool:
        """A hazard may be registered on features of this data layer (sites, lines, zones, grids…)."""
        return source is not None and links.column_of(source) is not None and may(self.shell, "hazard.register")

    def _follow_identified(self, *_args) -> None:
        """为所选要素新增隐患 is enabled only while a feature a hazard can be linked to is selected on the map (and
        shown on the identify panel, whose 为此要素新增隐患… button does the same for the feature it shows)."""
        current = self.shell.identified() if self.shell.project is not None else None
        selected = self.shell.canvas.selection.get(current[0]) if current is not None else None
        ok = current is not None and self._linkable(current[0]) and selected is not None and \
            bool((selected == current[1]).any())
        self.new_for_action.setEnabled(ok)
        self.new_for_action.setStatusTip("" if ok else tr("请先在地图上单击一个场所、管线、道路、区域或网格"))

    def new_for_identified(self):
        current = self.shell.identified()
        if current is None or links.column_of(current[0]) is None:
            self.shell.status(tr("请先在地图上单击一个场所、管线、道路、区域或网格，再新增隐患"), 6000)
            return None
        source, row = current
        return self.new_hazard(link=(links.column_of(source), int(self.shell.stack.sources[source].layer.ids[row])))

    def _saved(self, hazard_id: int) -> None:
        self.shell.events.announce(Change.of("hazards", hazards=[hazard_id]))

    # --- map links ----------------------------------------------------------------------------------
    def ledger_for_feature(self, source: str, row: int) -> None:
        src = self.shell.stack.sources[source]
        fid = int(src.layer.ids[row])
        if source == "hazards":
            self.open_hazard(fid)
            return
        column = links.column_of(source)
        if column is None:
            self.shell.status(tr("这类要素没有隐患台账"), 6000)
            return
        name = self.shell.feature_name(source, row)
        self.ledger.show_feature(column, fid, tr("{kind}“{name}”的隐患").format(
            kind=vocab_label("hazard_links", column), name=name))
        self.show_ledger()

    def show_on_map(self, hazard_id: int) -> None:
        stack = self.shell.stack
        if stack is None:
            return
        hz = stack.sources.get("hazards")
        hit = np.flatnonzero(hz.layer.ids == hazard_id) if hz is not None and len(hz) else []
        if len(hit):
            self.shell.show_feature("hazards", int(hit[0]))
            return
        book = self.ledger.model.book
        site = 0
        if book is not None:
            pos = np.flatnonzero(book.frame["id"].to_numpy() == hazard_id)
            site = int(book.frame["site_id"].iat[int(pos[0])]) if len(pos) else 0
        if site and self.show_site(site):
            self.shell.status(tr("该隐患不在隐患图层上（已销号或无位置），已显示其所在场所"), 6000)
            return
        self.shell.status(tr("该隐患没有地图位置"), 6000)

    def show_site(self, site_id: int) -> bool:
        stack = self.shell.stack
        sites = stack.sources.get("sites") if stack else None
        hit = np.flatnonzero(sites.layer.ids == site_id) if sites is not None and len(sites) else []
        if len(hit):
            self.shell.show_feature("sites", int(hit[0]))
            return True
        return False

    # --- exports ------------------------------------------------------------------------------------
    def export(self, kind: str, path: str | None = None, fmt: str | None = None):
        """Export: "ledger" (the rows shown), "sector-list", or "notice" for the selected hazard. What to write is
        asked here; the file is written off the UI thread (desktop/tasks.py) under a progress dialog whose 取消
        stops it (nothing written: the file appears whole or not at all, gis.atomic). Returns the started Task
        (its result an `Exported`), or None when nothing was started."""
        if self.project is None:
            QMessageBox.information(self.shell.parent, tr("导出"), tr("请先打开项目。"))
            return None
        if self.export_task is not None:
            self.shell.status(tr("上一个导出尚未完成"), 6000)
            return None
        try:
            job = (self._ledger_job(path) if kind == "ledger" else
                   self._sector_list_job(path) if kind == "sector-list" else self._notice_job(path, fmt))
        except GridsafeError as e:
            QMessageBox.warning(self.shell.parent, tr("无法导出"), error_text(e))
            return None
        if job is None:
            return None
        work, title, label = job
        task = self.export_task = Task(work, title=title, parent=self)
        progress_dialog(task, self.shell.parent, label)
        task.succeeded.connect(self._exported)
        task.failed.connect(lambda message: QMessageBox.warning(self.shell.parent, tr("无法导出"), message))
        task.cancelled.connect(lambda: self.shell.status(tr("已取消导出，没有写入文件"), 8000))
        task.finished.connect(lambda: setattr(self, "export_task", None))
        return task.start()

    def _exported(self, done: Exported) -> None:
        if done.change.kinds:
            self.shell.events.announce(done.change)
        self.shell.status(done.message, 8000)

    def _ask(self, title: str, name: str, filt: str) -> str | None:
        return ask_save_path(self.shell.parent, title, name, filt, FOLDER_KEY)[0] or None

    def _ledger_job(self, path: str | None):
        from desktop.services.hazards import export_ledger

        path = path or self._ask(tr("导出隐患排查治理台账"), "隐患排查治理台账.xlsx", tr("Excel 工作簿 (*.xlsx)"))
        if not path:
            return None
        shown = self.ledger.model
        ids = shown.book.frame["id"].to_numpy()[shown.rows] if shown.book is not None else None   # as shown
        project = self.project

        def work(feedback) -> Exported:
            n = export_ledger(project, path, ids=ids, feedback=feedback)
            return Exported(Path(path), tr("已导出隐患排查治理台账：{0}（{1} 条）").format(path, n))
        return work, "导出隐患排查治理台账", tr("正在导出隐患排查治理台账…")

    def _sector_list_job(self, path: str | None):
        from desktop.services.hazards import export_sector_list

        path = path or self._ask(tr("导出安全生产专项整治清单"), "安全生产专项整治清单.xlsx",
                                 tr("Excel 工作簿 (*.xlsx)"))
        if not path:
            return None
        project = self.project

        def work(feedback) -> Exported:
            counts = export_sector_list(project, path, feedback=feedback)
            return Exported(Path(path), tr("已导出专项整治清单：{0}（{1} 个行业）").format(path, len(counts)))
        return work, "导出安全生产专项整治清单", tr("正在导出专项整治清单…")

    def _notice_job(self, path: str | None, fmt: str | None):
        from desktop.services.hazards import issue_notice, notice_draft

        hazard_id = self.ledger.current_hazard()
        if hazard_id is None:
            QMessageBox.information(self.shell.parent, tr("整改通知书"), tr("请先在隐患台账中选中一条隐患。"))
            return None
        actor = self.shell.operator.require(self.shell.parent)   # signed by the operator, asked for if none
        if actor is None:
            self.shell.status(tr("未选择操作人，没有下达整改通知书"), 8000)
            return None
        draft = notice_draft(self.project, hazard_id)
        if draft.days_past > 0:       # printed today, the notice orders work done long ago: say so first
            answer = QMessageBox.question(
                self.shell.parent, tr("整改通知书"),
                tr("隐患“{0}”的整改期限 {1} 已过 {2} 天。仍要打印整改通知书吗？").format(
                    draft.code, f"{draft.deadline:%Y-%m-%d}", draft.days_past),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return None
        if path is None:
            path, chosen = ask_save_path(self.shell.parent, tr("导出隐患整改通知书"), draft.file_name("pdf"),
                                         "PDF 文件 (*.pdf);;Word 文档 (*.docx)", FOLDER_KEY)
            if not path:
                return None
            fmt = "docx" if "docx" in chosen or path.lower().endswith(".docx") else "pdf"
        project = self.project

        def work(feedback) -> Exported:
            feedback.progress(None, "")
            done = issue_notice(project, hazard_id, actor=actor, path=path, fmt=fmt)
            return Exported(done.path, tr("已导出隐患整改通知书 {0}：{1}").format(done.number, path), done.change)
        return work, "导出隐患整改通知书", tr("正在导出隐患整改通知书…")


@dataclass(frozen=True)
class Exported:
    """What an export task wrote: the file, the status bar's message, and the change to announce (a new notice)."""
    path: Path
    message: str
    change: Change = NO_CHANGE


FOLDER_KEY = "hazards/last_folder"   # hazard exports remember their own folder (desktop/files.py)


def install(shell) -> HazardFeature:
    return HazardFeature(shell)
