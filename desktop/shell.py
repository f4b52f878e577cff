"""What a feature module sees of the main window (the QgisInterface idea): a narrow, stable interface.

Features (desktop/features/*.py) get a `WindowInterface` in `install(shell)` and use nothing else of the
window. Through it they add lazy docks, menus, identify-panel actions and status-bar widgets, show
features on the map, and listen to the project events (`shell.events`: opened / closed / changed).

A dock's view is built the first time the dock is shown (or the feature asks for it with `dock.view()`),
so starting the program builds only what is on screen. A built dock that is hidden or behind another
tab does not refresh when its data changes: it notes what changed and catches up when it is shown.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QPushButton, QWidget

from desktop.events import ProjectEvents
from desktop.screen import scroll_area
from gis.changes import Change

# add_dock's `size` for a panel at a side with a form, a table or a calendar (its columns and filters uncut on a
# 1366×768 laptop), and for a list at the bottom: (width, height)
SIDE_PANEL_SIZE = (460, 560)
LIST_PANEL_SIZE = (900, 400)


class LazyDock(QDockWidget):
    """A dock whose view is made by `factory()` when first shown.

    `on_open(view, project)` shows a project in the view (on build, and when a project opens);
    `on_change(view, change)` updates it after a write that touches one of `kinds`. Both run only
    while the dock is showing; otherwise they wait for it to be shown (an opened project supersedes
    waiting changes; waiting changes are merged).
    """

    def __init__(self, title: str, name: str, factory: Callable[[], QWidget], window: QMainWindow,
                 events: ProjectEvents, kinds: Iterable[str] = (),
                 on_open: Callable[[QWidget, object], None] | None = None,
                 on_change: Callable[[QWidget, Change], None] | None = None) -> None:
        super().__init__(title, window)
        self.setObjectName(f"dock_{name}")    # saved layouts restore by this name
        self._window = window
        self._factory = factory
        self._view: QWidget | None = None
        self._events = events
        self.kinds = frozenset(kinds)
        self._on_open = on_open
        self._on_change = on_change
        self._showing = False
        self._stale: tuple[str, Change | None] | None = None   # ("open", None) | ("change", Change)
        self.visibilityChanged.connect(self._visibility)
        events.opened.connect(self._opened)
        events.changed.connect(self._changed)

    # --- the view -----------------------------------------------------------------------------
    def view(self) -> QWidget:
        """The dock's view, built now if it was not yet (and shown the open project)."""
        if self._view is None:
            self._view = self._factory()
            # in a scroll area: a view wider or taller than a laptop screen has room for scrolls inside its dock
            # instead of pushing the window past the screen (desktop/screen.py)
            self.setWidget(scroll_area(self._view, both=True))
            self._stale = None
            if self._events.project is not None and self._on_open is not None:
                self._on_open(self._view, self._events.project)
        return self._view

    def is_built(self) -> bool:
        return self._view is not None

    def is_showing(self) -> bool:
        """On screen (not hidden, not behind another tab). Before the window is first shown (start-up,
        tests) the docks that will show count as showing."""
        if self._window.isVisible():
            return self._showing
        return not self.isHidden()

    def is_stale(self) -> bool:
        return self._stale is not None

    def show_view(self) -> QWidget:
        """Show and raise the dock; returns its (up to date) view."""
        self.show()
        self.raise_()
        view = self.view()
        self.catch_up()
        return view

    def setVisible(self, visible: bool) -> None:
        """Shown in a shown window: the window must not grow past its screen to make room (MainWindow.keep_on_screen)."""
        window = self._window
        before = window.size()
        super().setVisible(visible)
        if visible and window.isVisible() and not self.isFloating() and hasattr(window, "keep_on_screen"):
            QTimer.singleShot(0, lambda: window.keep_on_screen(before))

    # --- events -------------------------------------------------------------------------------
    def _visibility(self, visible: bool) -> None:
        self._showing = visible
        if visible:
            self.view()
            self.catch_up()

    def catch_up(self) -> None:
        stale, self._stale = self._stale, None
        if stale is None or self._view is None:
            return
        if stale[0] == "open":
            if self._events.project is not None and self._on_open is not None:
                self._on_open(self._view, self._events.project)
        elif self._on_change is not None:
            self._on_change(self._view, stale[1])

    def _opened(self, project) -> None:
        if self._view is None or self._on_open is None:
            return                      # built later: shown the project then
        if self.is_showing():
            self._stale = None
            self._on_open(self._view, project)
        else:
            self._stale = ("open", None)

    def _changed(self, change: Change) -> None:
        if self._view is None or self._on_change is None or not change.touches(*self.kinds):
            return
        if self.is_showing():
            self._on_change(self._view, change)
        elif self._stale is None:
            self._stale = ("change", change)
        elif self._stale[0] == "change":
            self._stale = ("change", self._stale[1] | change)


class WindowInterface:
    """The main window as features see it. See the module docstring."""

    def __init__(self, window) -> None:
        self._window = window
        self._placed: list[tuple[LazyDock, Qt.DockWidgetArea, QDockWidget | None, bool]] = []   # for reset_docks

    # --- state --------------------------------------------------------------------------------
    @property
    def events(self) -> ProjectEvents:
        return self._window.events

    @property
    def project(self):
        """The open gis.store.Project, or None."""
        return self._window.project

    @property
    def stack(self):
        """The map's LayerStack (desktop.render), or None before a project opens."""
        return self._window.stack

    @property
    def canvas(self):
        return self._window.canvas

    @property
    def edits(self):
        """The session's undo stack (gis.editing.history.UndoStack): every edit of a feature, from any feature of
        the window, goes through `edits.run(command, project)` so Ctrl+Z undoes it."""
        return self._window.edits

    @property
    def operator(self):
        """The session's operator (desktop/operator.py), when the window has one."""
        return getattr(self._window, "operator", None)

    @property
    def parent(self) -> QWidget:
        """The widget to parent dialogs and message boxes to."""
        return self._window

    # --- building -----------------------------------------------------------------------------
    def add_dock(self, title: str, name: str, factory: Callable[[], QWidget], area: Qt.DockWidgetArea, *,
                 tabify_with: QDockWidget | None = None, kinds: Iterable[str] = (),
                 on_open: Callable[[QWidget, object], None] | None = None,
                 on_change: Callable[[QWidget, Change], None] | None = None,
                 hidden: bool = False, size: tuple[int, int] | None = None) -> LazyDock:
        """A dock called `title` (objectName `dock_<name>`) whose view `factory()` makes when first shown.
        See LazyDock for `kinds`, `on_open` and `on_change`. `hidden`: not shown until asked for.
        `tabify_with`: a tab of that dock. A dock on the right without one is a tab of 要素详情 (the identify
        panel), so right-side docks take turns instead of squeezing each other on a laptop screen.
        `size`: (width, height) the dock is given when first shown (resize_dock), unless a saved layout sizes it."""
        w = self._window
        dock = LazyDock(title, name, factory, w, w.events, kinds, on_open, on_change)
        w.addDockWidget(area, dock)
        if hidden:
            dock.hide()
        if tabify_with is None and area == Qt.DockWidgetArea.RightDockWidgetArea:
            tabify_with = getattr(w, "identify_dock", None)
        self._placed.append((dock, area, tabify_with, hidden))
        if size is not None:
            def first_shown(visible: bool) -> None:
                if visible and not dock.property("sized") and not dock.isFloating():
                    dock.setProperty("sized", True)
                    if not w.layout_from_settings:
                        # never more than 40% of the window's width or 45% of its height: the map keeps room
                        QTimer.singleShot(0, lambda: self.resize_dock(dock, min(size[0], int(0.4 * w.width())),
                                                                      min(size[1], int(0.45 * w.height()))))
            dock.visibilityChanged.connect(first_shown)
        if tabify_with is not None:
            # once the window has laid itself out (tabifying during construction leaves a stray second
            # tab bar), and only when no saved layout says where the docks go
            def tabify() -> None:
                if not w.layout_from_settings:
                    w.tabifyDockWidget(tabify_with, dock)
                    tabify_with.raise_()
            QTimer.singleShot(0, tabify)
        return dock

    def reset_docks(self) -> None:
        """The features' docks back where add_dock put them (视图 → 重置布局): in their area, tabbed as at first
        start, hidden where they start hidden."""
        w = self._window
        w.layout_from_settings = False   # from now on the docks are sized as at first start
        for dock, area, _with, hidden in self._placed:
            dock.setProperty("sized", False)
            dock.setFloating(False)
            w.addDockWidget(area, dock)
            dock.setVisible(not hidden)
        for dock, _area, tabify_with, _hidden in self._placed:
            if tabify_with is not None:
                w.tabifyDockWidget(tabify_with, dock)
                tabify_with.raise_()

    def show_tabbed(self, dock: LazyDock) -> QWidget:
        """Show a hidden dock as a tab over a dock already open in its area (not squeezed in beside it),
        raised; a dock the user has placed keeps its place. Returns its (up to date) view."""
        w = self._window
        if dock.isHidden() and not dock.isFloating():
            area = w.dockWidgetArea(dock)
            beside = [d for d in w.findChildren(QDockWidget) if d is not dock and d.isVisible()
                      and not d.isFloating() and w.dockWidgetArea(d) == area]
            if beside:
                w.tabifyDockWidget(beside[0], dock)
        view = dock.show_view()
        QTimer.singleShot(0, dock.raise_)   # again once its tab exists: the tab bar is made at the next layout
        return view

    def dock(self, name: str) -> LazyDock | None:
        """The dock another feature added as `name` (add_dock's name; e.g. "hazard_ledger"), or None: how a
        feature opens another's list (show it with show_tabbed or dock.show_view(), then call its view)."""
        return self._window.findChild(LazyDock, f"dock_{name}")

    def feature_menu(self, title: str) -> QMenu:
        """The menu called `title`, made (before 帮助) when a feature first asks for it."""
        return self._window.feature_menu(title)

    def add_file_action(self, action: QAction) -> None:
        """An action in the 文件 menu, among the data actions (before 导出地图图片)."""
        self._window.file_menu.insertAction(self._window.export_action, action)

    def add_project_action(self, action: QAction) -> None:
        """An action in the 文件 menu among the project actions (after 打开示例项目)."""
        self._window.file_menu.insertAction(self._window.file_features, action)

    def open_project(self, target: str) -> bool:
        """Open `target` (a file or a database address) as 打开项目 does; False when refused (the window said why)."""
        return self._window.open_project(target)

    def add_identify_action(self, text: str, tip: str, callback: Callable[[str, int], None],
                            applies: Callable[[str, int], bool] | None = None) -> QPushButton:
        """A button under the identify panel, enabled while a feature is shown: `callback(source, row)`;
        with `applies(source, row)`, shown only for the features it applies to."""
        return self._window.identify_panel.add_action(text, tip, callback, applies)

    def add_layer_action(self, text: str, callback: Callable[[str], None],
                         applies: Callable[[str], bool] | None = None) -> None:
        """An entry of the layer panel's context menu: `callback(layer_id)` (a display layer's id; its data
        source is `shell.stack.layer(layer_id).spec.source`); with `applies(layer_id)`, only where it applies."""
        self._window.layer_panel.add_layer_action(text, callback, applies)

    def add_status_widget(self, widget: QWidget) -> None:
        self._window.statusBar().addPermanentWidget(widget)

    def resize_dock(self, dock: QDockWidget, width: int, height: int, *, share: float | None = None) -> None:
        """Give a dock room: `width` pixels when it sits at a side, `height` when at the top or bottom.
        `share`: also this fraction of the window's width (height) when the dock shares the bottom or top
        (a side) with docks beside it."""
        w = self._window
        vertical = w.dockWidgetArea(dock) in (Qt.DockWidgetArea.TopDockWidgetArea,
                                              Qt.DockWidgetArea.BottomDockWidgetArea)
        w.resizeDocks([dock], [height if vertical else width],
                      Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal)
        if share is not None:
            across = int(share * (w.width() if vertical else w.height()))
            w.resizeDocks([dock], [across], Qt.Orientation.Horizontal if vertical else Qt.Orientation.Vertical)

    # --- acting on the window -----------------------------------------------------------------
    def show_feature(self, source: str, row: int) -> None:
        """Zoom to row `row` of data layer `source`, select it and show its details."""
        self._window.show_feature(source, row)

    def feature_name(self, source: str, row: int) -> str:
        """The name a person would call that feature by (its name, code, description…)."""
        return self._window.identify_panel.feature_name(source, row)

    def identified(self) -> tuple[str, int] | None:
        """(source, row) of the feature the identify panel shows, or None."""
        return self._window.identify_panel.current

    def follow_identified(self, callback: Callable[[], None]) -> None:
        """Call `callback()` whenever the identify panel shows another feature or none (see `identified`)."""
        self._window.identify_panel.currentChanged.connect(callback)

    def current_layer(self):
        """The layer chosen in the layer panel (a MapLayer or a basemap), or None."""
        return self._window.layer_panel.current_layer()

    def status(self, text: str, ms: int = 6000) -> None:
        self._window.statusBar().showMessage(text, ms)
