"""The main window: the map in the middle, layers and identify as docks, project overview, status bar.

Restores its geometry and dock layout (QSettings). The status bar shows the cursor position in
CGCS2000 longitude/latitude and the map scale 1:N.

Project events (desktop/events.py, `window.events`): opening a project emits `opened`, closing it
`closed`; every write announces a `gis.changes.Change` and the window reloads only the map layers fed
by the changed kinds (gis.layers.layers_for), in place. Features get the window through
desktop/shell.py's WindowInterface, never directly.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEventLoop, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
)

from desktop.errors import unexpected
from desktop.events import ProjectEvents
from desktop.features import install_all
from desktop.files import ask_save_path, tell_saved
from desktop.i18n import error_text, vocab_lang
from desktop.map.canvas import MapCanvas
from desktop.operator import Operator, OperatorButton
from desktop.permissions import account_text
from desktop.qsettings import settings
from desktop.render import LayerStack, render_to_image
from desktop.render.decorations import round_scale
from desktop.render.styles import load_book
from desktop.screen import available, fit_to_screen, frame_allowance, inside, install_fit_on_show, on_some_screen
from desktop.shell import LazyDock, WindowInterface
from desktop.tasks import CANCELLED, SUCCEEDED, Task, loading_named, progress_dialog
from desktop.views.map.identify_panel import IdentifyPanel
from desktop.views.map.layer_panel import LayerPanel
from desktop.views.map.project_overview import ProjectOverview
from desktop.views.map.search_box import SearchBox
from desktop.views.widgets.elided_label import ElidedLabel
from gis import gasmap, layers, spatial, store  # noqa: F401 (gasmap registers the gas range layers)
from gis.changes import KINDS, Change
from gis.errors import GridsafeError, OlderSchema
from gis.userdata import data_dir

LAYERS_LOADING = QT_TRANSLATE_NOOP("Loads", "地图图层")   # what a load taking too long names (the map's layers)

FILE_FILTER = QT_TRANSLATE_NOOP("MainWindow", "gridsafe 项目 (*.gridsafe);;所有文件 (*)")
COMMON_SCALES = (500, 1000, 2000, 5000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000)
DEFAULT_SIZE = (1600, 1000)   # the window's first size, capped to the screen (desktop/screen.py): a laptop's whole screen
STATE_VERSION = 3   # bump when docks/toolbars change, so an old saved layout is ignored (3: right docks tabbed)
WIDE_STATUS = 1500        # a window narrower than this drops the status bar's 比例尺 caption (its messages need the room)


def _plain_title(title: str) -> str:
    """A menu title without its accelerator: 统计(&S) → 统计, &Gas → Gas."""
    return re.sub(r"\(&.\)$", "", title).replace("&", "")


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        install_fit_on_show()   # every dialog fits its screen (desktop/screen.py)
        self.project: store.Project | None = None
        self.stack: LayerStack | None = None
        self.county: District | None = None   # the county shown, when the project holds several
        self.events = ProjectEvents(self)   # opened / closed / changed(Change): see desktop/events.py
        self.operator = Operator(self.events, self)   # who signs: see desktop/operator.py
        from gis.editing.history import UndoStack
        self.edits = UndoStack()   # the session's edits, every layer's (编辑 menu, attribute tables): Ctrl+Z
        self.canvas = MapCanvas(self)
        self.setCentralWidget(self.canvas)
        self.layer_panel = LayerPanel(self)
        self.identify_panel = IdentifyPanel(self)
        self.overview = ProjectOverview(self)
        self.overview.heading.setWordWrap(True)   # a long project name must not widen the dock
        self.search = SearchBox(self)
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        # the right-side panels (要素详情, the planner, the calendars: tall forms) run the window's full height; the
        # bottom lists sit beside them, so on a 768-pixel screen a panel is not squeezed under a list
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.layer_dock = self._dock(self.tr("图层"), "layers", self.layer_panel, left)
        # the overview counts everything: it reads the project only while it is on screen
        self.overview_dock = LazyDock(self.tr("项目概况"), "overview", lambda: self.overview, self, self.events,
                                      KINDS, lambda view, project: view.show_project(project),
                                      lambda view, _change: view.show_project(self.project))
        self.addDockWidget(left, self.overview_dock)
        self.tabifyDockWidget(self.layer_dock, self.overview_dock)
        self.layer_dock.raise_()
        self.identify_dock = self._dock(self.tr("要素详情"), "identify", self.identify_panel,
                                        Qt.DockWidgetArea.RightDockWidgetArea)
        self.position = QLabel()
        self.scale = QComboBox()
        self.scale.setEditable(True)
        self.scale.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.scale.addItems([f"1:{n:,}" for n in COMMON_SCALES])
        self.scale.setToolTip(self.tr("地图比例尺：选择或输入，如 1:10000"))
        self.scale.setMinimumWidth(130)
        # the project and database version: elided at the left (the file name and version stay) when the status bar
        # is short of room (1366 px), whole on hover
        self.status = ElidedLabel(max_width=240, mode=Qt.TextElideMode.ElideLeft)
        self.live = None             # desktop/live.py Listener: other workstations' changes (PostgreSQL only)
        self._read_ahead: dict = {}  # map layers read on a task for the change being announced (reload_in_background)
        # 连接中断，正在重连… / 已重新连接 / 重新载入失败，请重新打开项目：… (elided at the right, whole on hover)
        self.live_status = ElidedLabel(max_width=420, min_width=230, mode=Qt.TextElideMode.ElideRight)
        self.live_status.setStyleSheet("color: #b45309")
        self.live_status.hide()
        self._live_status_clear = QTimer(self, singleShot=True, interval=5000)
        self._live_status_clear.timeout.connect(lambda: self._show_live_state(""))
        self.statusBar().addPermanentWidget(OperatorButton(self.operator, self))
        self.statusBar().addPermanentWidget(self.live_status)
        self.account_label = QLabel()   # the login's account and role (PostgreSQL), or 单用户项目 (SQLite)
        self.statusBar().addPermanentWidget(self.account_label)
        self.statusBar().addPermanentWidget(self.status)
        self.statusBar().addPermanentWidget(self.position)
        self.scale_caption = QLabel(self.tr("比例尺"))    # dropped on a narrow window (the box has a tooltip)
        self.statusBar().addPermanentWidget(self.scale_caption)
        self.statusBar().addPermanentWidget(self.scale)
        self.position.setMinimumWidth(self.position.fontMetrics().horizontalAdvance(
            self.tr("经度 {lon}°  纬度 {lat}°").format(lon="113.000000", lat="33.000000")) + 8)
        self._build_actions()
        self._connect()
        self.events.changed.connect(self._apply_change)
        self.shell = WindowInterface(self)
        self.features = install_all(self.shell)
        self.setWindowTitle(self.tr("安全生产网格化管理 — gridsafe"))
        self.resize(*DEFAULT_SIZE)
        fit_to_screen(self)   # a 1366×768 laptop: never taller than the screen
        s = settings()
        geometry = s.value("main_window/geometry")
        if geometry is not None and self.restoreGeometry(geometry):
            if not on_some_screen(self.frameGeometry()):   # saved on a monitor since unplugged
                self.resize(*DEFAULT_SIZE)
                self.move(available(self).topLeft())
            fit_to_screen(self)
        state = s.value("main_window/state")
        self.layout_from_settings = state is not None and self.restoreState(state, STATE_VERSION)
        if self.layout_from_settings:
            self._dock_floating_docks()
        self._layout_restored = self.layout_from_settings

    def _dock_floating_docks(self) -> None:
        """A floating dock saved off every screen (a monitor unplugged) goes back into the window; one that is on a
        screen is kept within it."""
        for dock in self.findChildren(QDockWidget):
            if dock.isFloating():
                if on_some_screen(dock.frameGeometry()):
                    fit_to_screen(dock)
                else:
                    dock.setFloating(False)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._layout_restored:   # first run: the map gets the room, the docks start narrow
            self._layout_restored = True
            QTimer.singleShot(0, self._default_dock_widths)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.scale_caption.setVisible(self.width() >= WIDE_STATUS)     # a 1366 px laptop: room for the messages

    def _default_dock_widths(self) -> None:
        self.resizeDocks([self.layer_dock, self.identify_dock], [250, 290], Qt.Orientation.Horizontal)

    def keep_on_screen(self, before) -> None:
        """After a dock opened: if the window grew past its screen (the dock's minimum size pushed it), take the
        growth back as far as the screen asks; never smaller than it was (`before`, a QSize)."""
        room = available(self)
        extra = frame_allowance(self)
        most_w = max(before.width(), room.width() - extra.width())
        most_h = max(before.height(), room.height() - extra.height())
        if self.width() > most_w or self.height() > most_h:
            self.resize(min(self.width(), most_w), min(self.height(), most_h))

    def reset_layout(self) -> None:
        """视图 → 重置布局: every dock back where it starts (floating ones docked, the features' docks hidden and
        tabbed as at first start), the window at its first size on its screen."""
        if self.isMaximized() or self.isFullScreen():
            self.showNormal()
        for dock in self.findChildren(QDockWidget):
            dock.setFloating(False)
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        for dock, area in ((self.layer_dock, left), (self.overview_dock, left), (self.identify_dock, right)):
            self.addDockWidget(area, dock)
            dock.show()
        self.tabifyDockWidget(self.layer_dock, self.overview_dock)
        self.layer_dock.raise_()
        self.shell.reset_docks()
        self.resize(*DEFAULT_SIZE)
        fit_to_screen(self)
        self.move(inside(self.frameGeometry(), available(self)))
        QTimer.singleShot(0, self._default_dock_widths)

    def _dock(self, title: str, name: str, widget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot, shortcut=None, tip: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{tip}（{QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)}）"
                              if shortcut is not None else tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        c = self.canvas
        self.file_menu = file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        file_menu.addAction(self._action(self.tr("新建项目(&N)…"), self.new_project, QKeySequence.StandardKey.New))
        file_menu.addAction(self._action(self.tr("打开项目(&O)…"), self.choose_project, QKeySequence.StandardKey.Open))
        file_menu.addAction(self._action(self.tr("打开示例项目(&D)"), self.open_demo))
        self.file_features = file_menu.addSeparator()   # features add their file actions after this
        self.export_action = self._action(self.tr("导出地图图片(&P)…"), self.export_image, "Ctrl+Shift+E",
                                          self.tr("把当前地图保存为 PNG 图片"))
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("退出(&X)"), self.close, QKeySequence.StandardKey.Quit))

        self.full_action = self._action(self.tr("全图(&F)"), c.zoom_full, "Ctrl+Shift+F", self.tr("显示全部要素"))
        self.zoom_in_action = self._action(self.tr("放大(&I)"), lambda: c.zoom_by(2.0),
                                           QKeySequence.StandardKey.ZoomIn, self.tr("放大"))
        self.zoom_out_action = self._action(self.tr("缩小(&O)"), lambda: c.zoom_by(0.5),
                                            QKeySequence.StandardKey.ZoomOut, self.tr("缩小"))
        self.zoom_sel_action = self._action(self.tr("缩放至所选(&S)"), c.zoom_to_selection, "Ctrl+J",
                                            self.tr("缩放至选中的要素"))
        self.clear_sel_action = self._action(self.tr("清除选择(&C)"), lambda: c.set_selection({}), "Ctrl+Shift+A",
                                             self.tr("清除选择"))
        self.refresh_action = self._action(self.tr("重新加载图层(&R)"), self.reload_all, QKeySequence.StandardKey.Refresh,
                                           self.tr("从项目重新读取图层数据"))
        self.search_action = self._action(self.tr("搜索(&S)"), self._focus_search, QKeySequence.StandardKey.Find,
                                          self.tr("搜索要素"))
        view_menu = self.menuBar().addMenu(self.tr("视图(&V)"))
        for a in (self.full_action, self.zoom_in_action, self.zoom_out_action, self.zoom_sel_action,
                  self.clear_sel_action, None, self.search_action, self.refresh_action, None):
            view_menu.addSeparator() if a is None else view_menu.addAction(a)
        for dock in (self.layer_dock, self.identify_dock, self.overview_dock):
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        self.reset_layout_action = self._action(self.tr("重置布局(&L)"), self.reset_layout,
                                                tip=self.tr("窗口和停靠面板恢复初始大小和位置"))
        view_menu.addAction(self.reset_layout_action)
        self.help_menu = help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        self.manual_action = self._action(self.tr("用户手册(&U)"), self.user_manual, QKeySequence.StandardKey.HelpContents,
                                          self.tr("打开随软件安装的用户手册（不需要联网）"))
        help_menu.addAction(self.manual_action)
        help_menu.addAction(self._action(self.tr("地图操作说明(&M)"), self.map_help))
        help_menu.addAction(self._action(self.tr("关于 gridsafe(&A)"), self.about))

        bar = self.addToolBar(self.tr("地图"))
        bar.setObjectName("toolbar_map")
        for a in (self.full_action, self.zoom_in_action, self.zoom_out_action, self.zoom_sel_action,
                  self.clear_sel_action, self.export_action):
            bar.addAction(a)
        bar.addSeparator()
        bar.addWidget(self.search)

    def feature_menu(self, title: str) -> QMenu:
        """The menu called `title`, made (before 帮助) when a feature first asks for it. Titles match without
        their accelerators (统计 finds 统计(&S)), so features sharing a menu need not agree on the letter."""
        for action in self.menuBar().actions():
            if action.menu() is not None and _plain_title(action.text()) == _plain_title(title):
                return action.menu()
        menu = QMenu(title, self)
        self.menuBar().insertMenu(self.help_menu.menuAction(), menu)
        return menu

    def _connect(self) -> None:
        c = self.canvas
        c.cursorMoved.connect(lambda lon, lat: self.position.setText(
            self.tr("经度 {lon}°  纬度 {lat}°").format(lon=f"{lon:.6f}", lat=f"{lat:.6f}")))
        c.scaleChanged.connect(self._show_scale)
        self.scale.lineEdit().editingFinished.connect(self._scale_entered)
        self.scale.textActivated.connect(lambda _text: self._scale_entered())
        c.identified.connect(self.identify_panel.show_hits)
        c.identified.connect(lambda hits: self.identify_dock.raise_() if hits else None)
        self.layer_panel.zoomToLayer.connect(c.zoom_to_layer)
        c.filesDropped.connect(self.files_dropped)
        self.search.found.connect(self.show_feature)
        self.identify_panel.showFeature.connect(lambda source, index: c.zoom_to_feature(source, index))

    def _show_scale(self, n: float) -> None:
        with QSignalBlocker(self.scale):
            self.scale.setEditText(f"1:{round_scale(n):,}")

    def _scale_entered(self) -> None:
        n = parse_scale(self.scale.currentText())
        if n is None:
            self._show_scale(self.canvas.view.scale_denominator())
        else:
            self.canvas.set_scale(n)
            self.canvas.setFocus()

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def show_feature(self, source: str, index: int) -> None:
        """Zoom to a feature, select it and show its details (search results, identify list)."""
        self.canvas.zoom_to_feature(source, index)
        self.identify_panel.show_feature(source, index)
        self.identify_dock.raise_()

    # --- project handling ---------------------------------------------------------------------

    def open_project(self, target: str, *, repaired: bool = False) -> bool:
        """Open `target`; on refusal show why and keep the current project. Returns success. A project refused
        for what `gridsafe db repair` mends (foreign triggers, views, indexes; stale indexes; damaged settings)
        offers the repair: a backup first, then the repair, then the open again."""
        try:
            project = store.open_project(target)
        except OlderSchema as e:
            answer = QMessageBox.question(
                self, self.tr("升级项目"),
                error_text(e) + "\n\n" + self.tr("现在升级吗？升级前会在同一文件夹保留一份备份。")
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
            try:
                store.upgrade_project(target, backup_dir=data_dir() / "backups")
                project = store.open_project(target)
            except GridsafeError as e2:
                QMessageBox.warning(self, self.tr("无法升级项目"), error_text(e2))
                return False
        except GridsafeError as e:
            if getattr(e, "repairable", False) and not repaired:
                return self._offer_repair(target, error_text(e))
            QMessageBox.warning(self, self.tr("无法打开项目"), error_text(e))
            return False
        self.close_project()
        self.project = project
        self.county = choose_county(project)
        try:
            self._load_stack()
        except store.LoadTimeout as e:   # a project whose layers take longer than store.LOAD_BUDGET_S to read
            self.close_project()
            QMessageBox.warning(self, self.tr("无法打开项目"), error_text(e))
            return False
        self.canvas.repaint()   # the map first, then the features (their background loads would slow it)
        self.events.open(project)
        self._listen(project)
        self.setWindowTitle(f"{project_title(project)} — gridsafe")
        text, tip = account_text(project)
        self.account_label.setText(text)
        self.account_label.setToolTip(tip)
        # a long message in the status bar must not squeeze who is signed in to a letter
        self.account_label.setMinimumWidth(self.account_label.sizeHint().width())
        # a file by its name (its folder in the tooltip): a long path would squeeze the status bar on a laptop screen
        described = store.describe(project.url)
        county = (f"  ·  {self.county.name} {self.county.code}" if self.county is not None else
                  f"  ·  {home[1]} {home[0]}" if (home := project_township(project)) is not None else "")
        status = self.tr("{target}  ·  数据库版本 {revision}")
        # the database version only on hover: at 1366 px the project's name and township are what must show
        self.status.setText((described if store.is_address(target) else Path(described).name) + county)
        self.status.setToolTip(status.format(target=described, revision=project.revision) + county)
        if not store.is_address(target):   # the file dialog starts in its folder; an address may hold a password
            settings().setValue("project/last", target)
        return True

    def _listen(self, project) -> None:
        """On PostgreSQL, changes other workstations commit arrive as change events (desktop/live.py)."""
        if project.backend != "postgresql":
            return
        from desktop.live import Listener

        self.live = Listener(project, self.events, self, reload=self.reload_in_background)
        self.live.state_changed.connect(self._show_live_state)
        self.live.start()

    def _show_live_state(self, text: str) -> None:
        self.live_status.setText(text)
        self.live_status.setVisible(bool(text))
        lost = self.live is not None and self.live.lost
        failed = self.live is not None and not lost and self.live.reloading is None and bool(self.live.reload_error)
        self.live_status.setToolTip(
            self.tr("与数据库服务器的连接中断：其他工作站的修改暂时不会显示，保存会失败并说明原因。"
                    "服务器恢复后自动重新连接，并重新加载全部数据，无需重新打开项目。") if lost else
            text + "\n" + self.tr("重新连接后未能重新加载数据：其他工作站在连接中断期间的修改没有显示。"
                                   "请关闭并重新打开项目。") if failed else
            self.tr("已重新连接数据库服务器，全部数据已重新加载。") if text else "")
        self._live_status_clear.stop()
        # 已重新连接 is shown for a while (not 正在重新载入…: it stays until the reload is done; nor a failed reload:
        # it stays until a later reconnect reloads)
        if text and self.live is not None and not lost and self.live.reloading is None and not failed:
            self._live_status_clear.start()

    def _offer_repair(self, target: str, why: str) -> bool:
        """The refusal with the repair offered (gridsafe db repair): SQLite backs up beside the file; a PostgreSQL
        project is first copied to a .gridsafe file the user chooses. Off the UI thread, with its progress."""
        address = store.is_address(target)
        answer = QMessageBox.question(
            self, self.tr("无法打开项目"), why + "\n\n" + (
                self.tr("现在修复吗？修复前会先把整个项目备份为 .gridsafe 文件（下一步选择保存位置）；只有管理员可以修复。"
                        "不修复则不打开，数据库保持原样。") if address else
                self.tr("现在修复吗？修复前会在同一文件夹保留一份备份；不修复则不打开，文件保持原样。")))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        backup = None
        if address:
            folder = data_dir() / "backups"
            folder.mkdir(parents=True, exist_ok=True)
            backup, _ = QFileDialog.getSaveFileName(self, self.tr("修复前的备份保存为"),
                                                    str(store.repair_backup_path(target, folder)),
                                                    self.tr(FILE_FILTER))
            if not backup:
                return False
            if not backup.lower().endswith(store.PROJECT_SUFFIX):
                backup += store.PROJECT_SUFFIX
        from gis import repair

        task = Task(lambda feedback: repair.repair_project(target, backup=backup, feedback=feedback),
                    title="修复项目", parent=self)
        progress_dialog(task, self, self.tr("正在备份并修复项目…"))
        waiting = QEventLoop()
        task.finished.connect(waiting.quit)
        task.start()
        waiting.exec()
        if task.outcome == CANCELLED:
            QMessageBox.information(self, self.tr("已取消修复"), self.tr("已取消修复，项目未作任何修改，也没有打开。"))
            return False
        if task.outcome != SUCCEEDED:
            error = task.error
            QMessageBox.warning(self, self.tr("无法修复项目"),
                                error_text(error) if isinstance(error, GridsafeError) else unexpected(error))
            return False
        QMessageBox.information(self, self.tr("已修复项目"), "\n".join(task.result.lines(vocab_lang())))
        return self.open_project(target, repaired=True)

    def close_project(self) -> None:
        """Close the open project: `closed` first (features let go of it), then the map and the database."""
        if self.project is None:
            return
        if self.live is not None:
            self.live.stop()
            self.live.deleteLater()
            self.live = None
            self._show_live_state("")
        self.events.close()
        if self.stack is not None:
            for layer in self.stack.layers:
                if hasattr(layer, "close"):
                    layer.close()
        self.stack = None
        self.project.close()
        self.project = None
        self.county = None
        self.account_label.setText("")

    def _load_stack(self) -> None:
        """Every layer of the newly opened project into a new stack."""
        self.statusBar().showMessage(self.tr("正在加载图层…"))
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        book = load_book()
        # data that no layer shows at first (e.g. patrol routes) is read once the map is drawn
        later = {spec.source for spec in book.layers} - {spec.source for spec in book.layers if spec.visible}
        unread = later & layers.ON_DEMAND     # read when a layer drawing them is first shown
        later -= unread
        try:
            first = [name for name in layers.LAYER_KINDS if name not in later and name not in unread]
            with loading_named(self.project, LAYERS_LOADING):
                data = layers.load_all(self.project, first, box=self.box)
            self.stack = stack = LayerStack.from_layers(data, book)
            stack.unread = unread
        finally:
            QApplication.restoreOverrideCursor()
            self.statusBar().clearMessage()
        if later:
            self.after_first_paint(lambda project=self.project: self._load_later(project, sorted(later)))
        stack.subscribe(self._layer_shown)
        self.canvas.set_stack(stack)
        self.layer_panel.set_stack(stack)
        self.identify_panel.set_project(self.project, stack)
        self.search.set_stack(stack)
        self._show_scale(self.canvas.view.scale_denominator())
        self.after_first_paint(self._build_indexes)

    def after_first_paint(self, fn) -> None:
        """Run `fn` once the map has been drawn (at once when the window is not on screen)."""
        if not self.canvas.isVisible():
            QTimer.singleShot(0, fn)
            return

        def once(_ms: float) -> None:
            self.canvas.rendered.disconnect(once)
            QTimer.singleShot(0, fn)
        self.canvas.rendered.connect(once)

    @property
    def box(self) -> tuple[float, float, float, float] | None:
        """What the map loads: the chosen county's extent, or everything (None)."""
        return None if self.county is None else self.county.box

    def _load_later(self, project, names: list[str]) -> None:
        if project is self.project and self.stack is not None:
            self._load_layers(names)

    def _load_layers(self, names: list[str]) -> None:
        """Layers read after the open, time-limited as the first ones: past the budget the map goes on without
        them and says why."""
        try:
            with loading_named(self.project, LAYERS_LOADING):
                data = layers.load_all(self.project, names, box=self.box)
        except store.LoadTimeout as e:
            QMessageBox.warning(self, self.tr("无法加载图层"), error_text(e))
            return
        self.stack.replace_data(data)

    def _layer_shown(self, what: str, layer) -> None:
        """A layer drawing an on-demand source (gis.layers.ON_DEMAND) was turned on: read the source now."""
        if what != "visibility" or layer is None or not layer.visible or self.stack is None:
            return
        source = getattr(getattr(layer, "spec", None), "source", None)
        if source in self.stack.unread:
            self.stack.unread.discard(source)
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self._load_layers([source])
            finally:
                QApplication.restoreOverrideCursor()

    def reload_all(self) -> None:
        """重新加载图层 (F5): read everything again, as after a change to every kind of data."""
        if self.project is not None:
            self.events.announce(Change.everything())

    def reload_in_background(self, change: Change):
        """Announce `change` once the map's layers it reloads whole have been read on a task (desktop/tasks.py;
        after a live-update reconnect: the window stays usable meanwhile). Returns the started Task."""
        from desktop.tasks import Task

        project, box = self.project, self.box
        whole, _rows = layers.reload_plan(change)
        unread = self.stack.unread if self.stack is not None else set()
        whole = [name for name in whole if name not in unread]
        task = Task(lambda _feedback: layers.load_all(project, whole, box=box) if whole else {},
                    title=self.tr("重新载入"), parent=self)

        def loaded(data) -> None:
            if project is not self.project:      # closed or another project opened meanwhile
                return
            self._read_ahead = data
            try:
                self.events.announce(change)
            finally:
                self._read_ahead = {}
        task.succeeded.connect(loaded)
        task.failed.connect(lambda message: self.statusBar().showMessage(message, 10000))
        task.start()
        return task

    def _apply_change(self, change: Change) -> None:
        """After a write: reload, in place, only the map layers fed by what changed (only the changed rows
        when the change names them); keep the selection and the identified feature where they still exist."""
        if self.project is None or self.stack is None:
            return
        whole, by_rows = layers.reload_plan(change)
        whole = [name for name in whole if name not in self.stack.unread]     # read when first shown, fresh then
        names = [*whole, *by_rows]
        replaced: set[str] = set()
        shown = self.identify_panel.current
        shown_id = None
        if names:
            ids = lambda source: self.stack.sources[source].layer.ids
            selected = {src: ids(src)[rows] for src, rows in self.canvas.selection.items() if src in names}
            if shown is not None and shown[0] in names:
                shown_id = int(ids(shown[0])[shown[1]])
            ahead = self._read_ahead      # read on a task already (reload_in_background)
            data = {name: ahead[name] for name in whole if name in ahead}
            unread = [name for name in whole if name not in ahead]
            data.update(layers.load_all(self.project, unread, box=self.box) if unread else {})
            rows = {name: (layers.load_layer(self.project, name, ids, box=self.box), ids)
                    for name, ids in by_rows.items()}
            replaced = self.stack.replace_data(data, rows)
            if selected:
                selection = dict(self.canvas.selection)
                for src, old in selected.items():
                    selection[src] = np.flatnonzero(np.isin(ids(src), old))
                self.canvas.set_selection({k: v for k, v in selection.items() if len(v)})
            if shown_id is not None:
                rows = np.flatnonzero(ids(shown[0]) == shown_id)
                shown = (shown[0], int(rows[0])) if len(rows) else None
            self.search.forget(replaced)
            QTimer.singleShot(0, self._build_indexes)
        self.identify_panel.refresh(shown, replaced)

    def _build_indexes(self) -> None:
        """Build the spatial indexes right after the map shows, so the first click answers at once."""
        if self.stack is not None:
            for src in self.stack.sources.values():
                if len(src):
                    src.layer.tree  # noqa: B018 (built on first access)

    def files_dropped(self, paths: list[str]) -> None:
        """A project dropped on the map opens (features take the other files: basemaps, data)."""
        for path in paths:
            if Path(path).suffix.lower() == store.PROJECT_SUFFIX:
                self.open_project(path)

    def choose_project(self) -> None:
        start = str(Path(settings().value("project/last", str(Path.home()))).parent)
        path, _ = QFileDialog.getOpenFileName(self, self.tr("打开项目"), start, self.tr(FILE_FILTER))
        if path:
            self.open_project(path)

    def new_project(self) -> None:
        """新建项目: the township, its area code, county and coordinate system, and the file (in the last folder
        used); the township goes into the project in the creating transaction."""
        from desktop.views.project.new_project_dialog import NewProjectDialog

        last = settings().value("project/last")
        folder = Path(last).parent if last and not store.is_address(str(last)) else Path.home()
        dialog = NewProjectDialog(folder if folder.is_dir() else Path.home(), self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            path = dialog.path()
            try:
                store.create_project(path, home=dialog.home()).close()
            except GridsafeError as e:
                dialog.show_error(error_text(e))
                continue
            if self.open_project(path):
                from gis.township import founder

                with self.project.session() as s:
                    person = founder(s)
                if person is not None:   # who created it signs from now on (the roster has no one else yet)
                    self.operator.set(*person)
            return

    def open_demo(self) -> None:
        from gis.userdata import ensure_demo_project

        self.open_project(str(ensure_demo_project()))

    def export_image(self) -> None:
        if self.stack is None:
            return
        path, _ = ask_save_path(self, self.tr("导出地图图片"), self.tr("地图.png"), self.tr("PNG 图片 (*.png)"))
        if not path:
            return
        from gis.atomic import atomic_path

        image = render_to_image(self.stack, self.canvas.view, dpr=2.0, selection=self.canvas.selection)
        try:
            with atomic_path(path) as tmp:
                if not image.save(str(tmp), "PNG"):
                    raise OSError(path)
        except (OSError, GridsafeError):
            QMessageBox.warning(self, self.tr("无法导出"), self.tr("无法写入文件：\n{path}").format(path=path))
            return
        self.statusBar().showMessage(self.tr("已保存地图图片：{path}").format(path=path), 10_000)
        tell_saved(self, self.tr("导出地图图片"), self.tr("已保存地图图片：\n{path}").format(path=path), path)

    def user_manual(self) -> None:
        from desktop.views.manual import show_manual

        show_manual(self)

    def map_help(self) -> None:
        QMessageBox.information(
            self, self.tr("地图操作说明"),
            self.tr("拖动：平移地图　　方向键：平移\n滚轮：以光标为中心缩放　　+ / -：放大 / 缩小\n"
                    "Shift + 拖动：框选放大　　Ctrl + 拖动：框选要素\n单击：查看要素详情　　Esc：清除选择\n"
                    "Ctrl+F：搜索网格代码、名称、地址"),
        )

    def about(self) -> None:
        from gis import __version__

        QMessageBox.about(
            self, self.tr("关于 gridsafe"),
            f"<b>gridsafe {__version__}</b><br>" + self.tr(
                "安全生产网格化管理桌面 GIS<br>网格、场所、管线、森林防火区与隐患台账、巡查任务一图管理。"),
        )

    def closeEvent(self, event) -> None:
        s = settings()
        s.setValue("main_window/geometry", self.saveGeometry())
        s.setValue("main_window/state", self.saveState(STATE_VERSION))
        self.close_project()
        super().closeEvent(event)


@dataclass(frozen=True)
class District:
    code: str
    name: str
    box: tuple[float, float, float, float]


def districts(project: store.Project) -> list[District]:
    """The project's counties (admin_unit level 'district') by code, each with its extent from the index."""
    with project.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT id, code, name FROM admin_unit WHERE level = 'district' ORDER BY code").fetchall()
        out = []
        for id_, code, name in rows:
            box = spatial.extent(conn, "admin_unit", where=f"admin_unit.id = {int(id_)}")
            if box is not None:
                out.append(District(code, name, box))
    return out


def county_key(target: str) -> str:
    """The QSettings key that remembers which county a project opens on (by its address without password)."""
    name = store.describe(store.to_url(target))
    return "project/county/" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:16]


def choose_county(project: store.Project) -> District | None:
    """The county the window shows when the project holds several: the remembered one (`gridsafe open
    PROJECT --county CODE` sets it), else the first by code, which is then remembered. None: one county or
    none, the whole project is shown."""
    found = districts(project)
    if len(found) < 2:
        return None
    key = county_key(project.url)
    remembered = settings().value(key)
    county = next((d for d in found if d.code == remembered), found[0])
    settings().setValue(key, county.code)
    return county


def project_title(project: store.Project) -> str:
    from gis import repo

    with project.session() as s:
        return repo.get_setting(s, "name", project.name)


def project_township(project: store.Project) -> tuple[str, str] | None:
    """(code, name) of the township the project is for (gis/township.py), None when it cannot tell."""
    from gis.township import home_township

    with project.session() as s:
        return home_township(s)


def parse_scale(text: str) -> float | None:
    """"1:10,000", "1：1万", "10000" → 10000; None when it is not a usable scale."""
    t = text.strip().replace(",", "").replace("，", "").replace("：", ":").replace(" ", "")
    if ":" in t:
        left, t = t.split(":", 1)
        if left != "1":
            return None
    factor = 1
    if t.endswith("万"):
        t, factor = t[:-1], 10_000
    try:
        n = float(t) * factor
    except ValueError:
        return None
    return n if 50 <= n <= 50_000_000 else None
