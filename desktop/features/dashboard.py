"""工作态势 (the dashboard) in the main window: a dock opened from the 统计 menu (shared with the other statistics
features: whichever installs first makes the menu), click-through to the records, KPIs on the map.

- The dock (desktop/views/stats/dashboard.py) reads the records off the UI thread when shown and after a change
  of hazards, patrols, self-check reports, sites, grids, places or settings; period, grouping and scope are evaluated at once.
- A number clicked (tile, bar, table cell) opens exactly its records: hazards in the ledger dock
  (`show_ids`), patrol stops as their assignments in the patrol list (`show_assignments`), enterprises in
  the self-check register for that period (`show_sites`), tip-offs in the 群众举报 register (`show_ids`).
- 在地图上显示 draws a KPI by village or grid as a temporary layer (desktop/views/stats/choropleth.py); the
  identify panel's 本指标明细… on a grid (village) of it opens that group's records.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt

from desktop.i18n import vocab_lang

if TYPE_CHECKING:      # start-up imports no statistics
    from gis.stats import compute

# what the dashboard counts: a change to any of these reloads its records
KINDS = ("hazards", "patrols", "tracks", "self_check", "tipoffs", "sites", "grids", "admin", "settings")
LEDGER_DOCK = "hazard_ledger"              # desktop/features/hazards.py
ASSIGNMENTS_DOCK = "patrol_assignments"    # desktop/features/patrols.py
SELF_CHECK_DOCK = "self_checks"           # desktop/features/self_checks.py
TIPOFF_DOCK = "tipoffs"                   # desktop/features/tipoffs.py


def tr(text: str) -> str:
    return QCoreApplication.translate("Dashboard", text)


class Dashboard(QObject):
    def __init__(self, shell) -> None:
        super().__init__(shell.parent)
        self.shell = shell
        self.mapped: tuple[str, str] | None = None     # (kpi id, source) on the map
        self.map_layer = None
        top = Qt.DockWidgetArea.TopDockWidgetArea
        self.dock = shell.add_dock(tr("工作态势"), "dashboard", self._build, top, hidden=True, kinds=KINDS,
                                   on_open=lambda view, p: view.set_project(p),
                                   on_change=lambda view, _change: view.reload())
        menu = shell.feature_menu(tr("统计(&S)"))
        self.action = menu.addAction(tr("工作态势"), self.show)
        self.action.setStatusTip(tr("各项指标、趋势图和按乡镇、村、网格、行业的统计表"))
        self.identify_button = shell.add_identify_action(
            tr("本指标明细…"), tr("地图上所示指标在此网格（村）的记录"), self._identified_members,
            applies=lambda source, _row: self.mapped is not None and source == self.mapped[1])
        shell.events.closed.connect(self._closed)

    @property
    def view(self):
        return self.dock.view()

    def _build(self):
        from desktop.views.stats.dashboard import DashboardView

        view = DashboardView()
        view.openMembers.connect(self.open_members)
        view.choroplethRequested.connect(self.show_on_map)
        view.choroplethRemoved.connect(self.remove_from_map)
        view.updated.connect(self._follow_map)
        return view

    def show(self) -> None:
        self.dock.show_view()
        self.shell.resize_dock(self.dock, 900, int(0.6 * self.shell.parent.height()))

    def _closed(self) -> None:
        self.mapped, self.map_layer = None, None
        if self.dock.is_built():
            self.view.set_mapped(None)

    # --- click-through ---------------------------------------------------------------------------
    def open_members(self, members: compute.Members) -> None:
        if members.records == "hazards":
            self.show_hazards(members.ids, members.title)
        elif members.records == "stops":
            self.show_stops(members.ids, members.title)
        elif members.records == "tipoffs":
            self.show_tipoffs(members.ids, members.title)
        else:
            self.show_sites(members.ids, members.title, members.period)

    def _open_dock(self, name: str):
        dock = self.shell.dock(name)
        if dock is None:
            return None
        view = self.shell.show_tabbed(dock)
        self.shell.resize_dock(dock, 340, 280)
        return view

    def show_hazards(self, ids, title: str) -> None:
        view = self._open_dock(LEDGER_DOCK)
        if view is None:
            self.shell.status(tr("没有隐患台账"), 6000)
            return
        view.show_ids(ids, title)

    def show_stops(self, ids, title: str) -> None:
        from gis.patrols.queries import assignments_of_stops

        project = self.shell.project
        if project is None:
            return
        with project.session() as s:
            assignments = assignments_of_stops(s, ids)
        view = self._open_dock(ASSIGNMENTS_DOCK)
        if view is None:
            self.shell.status(tr("没有巡查任务列表"), 6000)
            return
        view.show_assignments(assignments, tr("{title}：{n} 个点位，所在巡查任务 {m} 个").format(
            title=title, n=f"{len(ids):,}", m=f"{len(assignments):,}"))

    def show_tipoffs(self, ids, title: str) -> None:
        """Tip-offs: the 群众举报 register (desktop/features/tipoffs.py), exactly these."""
        view = self._open_dock(TIPOFF_DOCK)
        if view is None:
            self.shell.status(tr("没有群众举报登记"), 6000)
            return
        view.show_ids(ids, title)

    def show_sites(self, ids, title: str, period=None) -> None:
        """Enterprises: the self-check register (desktop/features/self_checks.py) for the period, exactly these."""
        view = self._open_dock(SELF_CHECK_DOCK)
        if view is None:
            self.shell.status(tr("没有企业自查上报"), 6000)
            return
        view.show_sites(ids, title, period)

    # --- the map ---------------------------------------------------------------------------------
    def show_on_map(self, kpi_id: str) -> None:
        from desktop.views.stats import choropleth

        view, stack = self.view, self.shell.stack
        table = view.map_table()
        if stack is None or table is None:
            self.shell.status(tr("请先打开项目"), 6000)
            return
        kpi = view.defs[kpi_id]
        scope = view.scope_box.currentText().strip() if view.within else ""
        title = tr("{kpi}（{period}{scope}，按{by}）").format(
            kpi=kpi.name(vocab_lang()), period=view.period.name(vocab_lang()), scope=f"，{scope}" if scope else "",
            by=tr("网格") if table.by == "grid" else tr("村"))
        self.map_layer = choropleth.make_layer(stack, kpi, table, title)
        choropleth.show(stack, self.map_layer)
        self.mapped = (kpi_id, choropleth.SOURCES[table.by])
        self._map_table = table
        view.set_mapped(kpi_id)
        stack.unsubscribe(self._follow_data)
        stack.subscribe(self._follow_data)
        self.shell.status(tr("地图专题：{0}").format(title), 8000)

    def remove_from_map(self) -> None:
        from desktop.views.stats import choropleth

        choropleth.remove(self.shell.stack)
        self.mapped, self.map_layer = None, None
        if self.dock.is_built():
            self.view.set_mapped(None)

    def _follow_map(self) -> None:
        """The figures changed (period, grouping, scope or data): the map's KPI follows."""
        if self.mapped is not None:
            self.show_on_map(self.mapped[0])

    def _follow_data(self, what: str, _layer) -> None:
        """The map reloaded its grids (villages): the thematic layer draws the new polygons."""
        layer = self.map_layer
        if what == "data" and layer is not None and self.mapped is not None and \
                self.shell.stack.sources.get(self.mapped[1]) is layer.source:
            self.show_on_map(self.mapped[0])

    def _identified_members(self, source: str, row: int) -> None:
        if self.mapped is None or source != self.mapped[1]:
            return
        code = str(self.shell.stack.sources[source].attrs["code"].iat[row])
        table = self._map_table
        if code not in {g.key for g in table.groups}:
            self.shell.status(tr("此处不在工作态势的统计范围内"), 6000)
            return
        self.open_members(self.view.members(self.mapped[0], code, table.by))


def install(shell) -> Dashboard:
    return Dashboard(shell)
