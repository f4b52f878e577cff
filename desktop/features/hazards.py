"""The hazard ledger in the main window: 隐患 menu, the ledger and 预警 docks, forms, map links, exports.

- projectChanged → the ledger reloads and the escalation rules run, both off the UI thread; the
  status bar shows a 预警 badge.
- The identify panel's 隐患台账 button opens the ledger filtered to the shown feature; 新增隐患
  opens the form prefilled with it.
- After any write the map layers reload (the hazards layer is styled by state and grade).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QPushButton

from desktop.i18n import vocab_label
from desktop.views.hazards.alerts import HazardAlertsPanel
from desktop.views.hazards.form import HazardForm
from desktop.views.hazards.ledger import HazardLedgerView
from gis.errors import GridsafeError
from gis.hazards import links


def tr(text: str) -> str:
    return QCoreApplication.translate("HazardFeature", text)


class HazardFeature(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.project = None
        self.forms: list[HazardForm] = []
        self.ledger = HazardLedgerView(window)
        self.alerts = HazardAlertsPanel(window)
        self.ledger_dock = window._dock(tr("隐患台账"), "hazard_ledger", self.ledger, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.alerts_dock = window._dock(tr("预警"), "hazard_alerts", self.alerts, Qt.DockWidgetArea.BottomDockWidgetArea)
        # tabified once the window has laid itself out (tabifying during construction leaves a stray
        # second tab bar over the left dock area)
        QTimer.singleShot(0, self._tabify)
        self.badge = QLabel()
        self.badge.setToolTip(tr("预警（单击查看）"))
        self.badge.mousePressEvent = lambda _e: self.show_alerts()
        window.statusBar().addPermanentWidget(self.badge)
        self.badge.hide()

        menu = window.feature_menu(tr("隐患(&Z)"))
        menu.addAction(tr("隐患台账(&L)"), self.show_ledger)
        menu.addAction(tr("新增隐患(&N)…"), lambda: self.new_hazard())
        menu.addAction(tr("为所选要素新增隐患(&F)…"), self.new_for_identified)
        menu.addSeparator()
        menu.addAction(tr("检查预警(&E)"), self.check_alerts)
        menu.addSeparator()
        menu.addAction(tr("导出隐患排查治理台账(&X)…"), lambda: self.export("ledger"))
        menu.addAction(tr("导出专项整治清单(&S)…"), lambda: self.export("sector-list"))
        menu.addAction(tr("整改通知书(&T)…"), lambda: self.export("notice"))
        menu.addSeparator()
        menu.addAction(self.ledger_dock.toggleViewAction())
        menu.addAction(self.alerts_dock.toggleViewAction())

        self.ledger.openHazard.connect(self.open_hazard)
        self.ledger.showOnMap.connect(self.show_on_map)
        self.ledger.newHazardRequested.connect(lambda: self.new_hazard())
        self.ledger.exportRequested.connect(self.export)
        self.alerts.openHazard.connect(self.open_hazard)
        self.alerts.showSite.connect(self.show_site)
        self.alerts.evaluated.connect(self._show_badge)

        panel = window.identify_panel
        panel.enable_link("ledger")
        panel.ledgerRequested.connect(self.ledger_for_feature)
        self.new_button = QPushButton(tr("新增隐患…"))
        self.new_button.setToolTip(tr("在所示要素上登记一条隐患"))
        self.new_button.clicked.connect(self.new_for_identified)
        buttons = panel.layout().itemAt(panel.layout().count() - 1).layout()
        buttons.insertWidget(buttons.count() - 1, self.new_button)
        window.projectChanged.connect(self.project_changed)
        window.events.changed.connect(self.on_change)

    def _tabify(self) -> None:
        self.window.tabifyDockWidget(self.ledger_dock, self.alerts_dock)
        self.ledger_dock.raise_()

    # --- project ------------------------------------------------------------------------------------
    def project_changed(self, project, _stack) -> None:
        first = project is not self.project
        self.project = project
        self.ledger.set_project(project)
        if first:   # escalation when a project opens; after edits on demand or via refresh
            self.alerts.set_project(project)
        else:
            self.alerts.project = project

    def on_change(self, change) -> None:
        """A write announced on window.events: the ledger reloads, open forms of those hazards rebase."""
        if self.project is None or not change.touches("hazards"):
            return
        if self.ledger.select_after_load is None:   # the selection survives the reload
            self.ledger.select_after_load = self.ledger.current_hazard()
        self.ledger.set_project(self.project)
        ids = change.ids_of("hazards")
        for form in self.forms:
            if ids is None or form.hazard_id in ids:
                form.refresh()

    def check_alerts(self) -> None:
        if self.project is None:
            QMessageBox.information(self.window, tr("检查预警"), tr("请先打开项目。"))
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
        self.alerts_dock.show()
        self.alerts_dock.raise_()

    def show_ledger(self) -> None:
        self.ledger_dock.show()
        self.ledger_dock.raise_()

    # --- forms --------------------------------------------------------------------------------------
    def _form(self, **kw) -> HazardForm | None:
        if self.project is None:
            QMessageBox.information(self.window, tr("隐患"), tr("请先打开项目。"))
            return None
        form = HazardForm(self.project, operator=self.window.operator, parent=self.window, **kw)
        form.saved.connect(self._changed)
        form.finished.connect(lambda _r, f=form: self.forms.remove(f) if f in self.forms else None)
        self.forms.append(form)
        form.show()
        return form

    def open_hazard(self, hazard_id: int) -> HazardForm | None:
        return self._form(hazard_id=hazard_id)

    def new_hazard(self, link: tuple[str, int] | None = None, point=None) -> HazardForm | None:
        return self._form(link=link, point=point)

    def new_for_identified(self) -> HazardForm | None:
        current = getattr(self.window.identify_panel, "current", None)
        if current is None or links.column_of(current[0]) is None:
            self.window.statusBar().showMessage(
                tr("请先在地图上单击一个场所、管线、道路、区域或网格，再新增隐患"), 6000)
            return None
        source, row = current
        return self.new_hazard(link=(links.column_of(source), int(self.window.stack.sources[source].layer.ids[row])))

    def _changed(self, hazard_id: int) -> None:
        self.window.reload_layers()      # emits projectChanged → the ledger reloads
        self.ledger.select_after_load = hazard_id

    # --- map links ----------------------------------------------------------------------------------
    def ledger_for_feature(self, source: str, row: int) -> None:
        stack = self.window.stack
        src = stack.sources[source]
        fid = int(src.layer.ids[row])
        if source == "hazards":
            self.open_hazard(fid)
            return
        column = links.column_of(source)
        if column is None:
            self.window.statusBar().showMessage(tr("这类要素没有隐患台账"), 6000)
            return
        name = self.window.identify_panel._name_of(source, row)
        self.ledger.show_feature(column, fid, tr("{kind}“{name}”的隐患").format(
            kind=vocab_label("hazard_links", column), name=name))
        self.show_ledger()

    def show_on_map(self, hazard_id: int) -> None:
        stack = self.window.stack
        if stack is None:
            return
        hz = stack.sources.get("hazards")
        hit = np.flatnonzero(hz.layer.ids == hazard_id) if hz is not None and len(hz) else []
        if len(hit):
            self.window.show_feature("hazards", int(hit[0]))
            return
        book = self.ledger.model.book
        site = 0
        if book is not None:
            pos = np.flatnonzero(book.frame["id"].to_numpy() == hazard_id)
            site = int(book.frame["site_id"].iat[int(pos[0])]) if len(pos) else 0
        if site and self.show_site(site):
            self.window.statusBar().showMessage(tr("该隐患不在隐患图层上（已销号或无位置），已显示其所在场所"), 6000)
            return
        self.window.statusBar().showMessage(tr("该隐患没有地图位置"), 6000)

    def show_site(self, site_id: int) -> bool:
        sites = self.window.stack.sources.get("sites") if self.window.stack else None
        hit = np.flatnonzero(sites.layer.ids == site_id) if sites is not None and len(sites) else []
        if len(hit):
            self.window.show_feature("sites", int(hit[0]))
            return True
        return False

    # --- exports ------------------------------------------------------------------------------------
    def export(self, kind: str, path: str | None = None, fmt: str | None = None) -> Path | None:
        """Export: "ledger" (the rows shown), "sector-list", or "notice" for the selected hazard."""
        if self.project is None:
            QMessageBox.information(self.window, tr("导出"), tr("请先打开项目。"))
            return None
        try:
            if kind == "ledger":
                return self._export_ledger(path)
            if kind == "sector-list":
                return self._export_sector_list(path)
            return self._export_notice(path, fmt)
        except GridsafeError as e:
            QMessageBox.warning(self.window, tr("无法导出"), e.message)
        except OSError as e:
            QMessageBox.warning(self.window, tr("无法导出"), tr("无法写入文件：") + str(e))
        return None

    def _ask(self, title: str, name: str, filt: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self.window, title, str(Path.home() / name), filt)
        return path or None

    def _export_ledger(self, path: str | None) -> Path | None:
        from desktop.services.hazards import export_ledger

        path = path or self._ask(tr("导出隐患排查治理台账"), "隐患排查治理台账.xlsx", "Excel 工作簿 (*.xlsx)")
        if not path:
            return None
        shown = self.ledger.model
        ids = shown.book.frame["id"].to_numpy()[shown.rows] if shown.book is not None else None   # as shown
        n = export_ledger(self.project, path, ids=ids)
        self.window.statusBar().showMessage(tr("已导出隐患排查治理台账：{0}（{1} 条）").format(path, n), 8000)
        return Path(path)

    def _export_sector_list(self, path: str | None) -> Path | None:
        from desktop.services.hazards import export_sector_list

        path = path or self._ask(tr("导出安全生产专项整治清单"), "安全生产专项整治清单.xlsx", "Excel 工作簿 (*.xlsx)")
        if not path:
            return None
        counts = export_sector_list(self.project, path)
        self.window.statusBar().showMessage(
            tr("已导出专项整治清单：{0}（{1} 个行业）").format(path, len(counts)), 8000)
        return Path(path)

    def _export_notice(self, path: str | None, fmt: str | None) -> Path | None:
        from desktop.services.hazards import issue_notice

        hazard_id = self.ledger.current_hazard()
        if hazard_id is None:
            QMessageBox.information(self.window, tr("整改通知书"), tr("请先在隐患台账中选中一条隐患。"))
            return None
        actor = self.window.operator.require(self.window)   # signed by the operator, asked for if none
        if actor is None:
            self.window.statusBar().showMessage(tr("未选择操作人，没有下达整改通知书"), 8000)
            return None
        if path is None:
            path, chosen = QFileDialog.getSaveFileName(
                self.window, tr("导出隐患整改通知书"), str(Path.home() / "隐患整改通知书.pdf"),
                "PDF 文件 (*.pdf);;Word 文档 (*.docx)")
            if not path:
                return None
            fmt = "docx" if "docx" in chosen or path.lower().endswith(".docx") else "pdf"
        done = issue_notice(self.project, hazard_id, actor=actor, path=path, fmt=fmt)
        if done.change.kinds:
            self.window.events.announce(done.change)
        self.window.statusBar().showMessage(tr("已导出隐患整改通知书 {0}：{1}").format(done.number, path), 8000)
        return done.path


def install(window) -> HazardFeature:
    return HazardFeature(window)
