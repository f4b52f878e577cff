"""属性表 in the main window: one dock per data layer (sites, grids, pipelines, roads, fire lines, zones, buildings,
works), as QGIS opens one attribute table per layer — two tables side by side (a grid's sites next to its grids)
stay possible and each keeps its own filter and sort. Display layers drawing the same data (企业场所 and 森林防火
场所 both draw sites) share their source's table, because the map's selection is the source's.

Opened from the layer panel's context menu (打开属性表) and from 图层 → 打开属性表 (F6, the layer chosen in the
panel). A cell edit is a gis.editing.SetAttributes run on the session's undo stack (shell.edits: Ctrl+Z undoes
it) and announced on shell.events, so the map redraws
that feature and this table patches that row. The selection is the canvas's: rows selected here select
features there and the other way round.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from desktop.i18n import error_text, vocab_lang
from desktop.tasks import loading_named
from gis.changes import Change
from gis.errors import GridsafeError
from gis.store import LoadTimeout


def _attributes():
    """gis.attributes, imported when first used (start-up does not need it: ~35 ms of gis.io)."""
    from gis import attributes

    return attributes


def tr(text: str) -> str:
    return QCoreApplication.translate("AttributeTableFeature", text)


class CanvasLink:
    """The map side of one layer's table (desktop.views.data.attribute_table.MapLink) over the canvas."""

    def __init__(self, shell, layer: str) -> None:
        self.shell, self.layer = shell, layer

    def _source(self):
        stack = self.shell.stack
        return stack.sources.get(self.layer) if stack is not None else None

    def _rows(self, ids) -> np.ndarray:
        src = self._source()
        if src is None or not len(src):
            return np.zeros(0, dtype=np.int64)
        have = src.layer.ids
        pos = np.searchsorted(have, ids)
        pos = pos[pos < len(have)]
        return pos[np.isin(have[pos], ids)]

    def selected_ids(self) -> np.ndarray:
        src = self._source()
        rows = self.shell.canvas.selection.get(self.layer)
        if src is None or rows is None:
            return np.zeros(0, dtype=np.int64)
        return src.layer.ids[rows]

    def select_ids(self, ids) -> None:
        selection = dict(self.shell.canvas.selection)
        selection[self.layer] = self._rows(np.asarray(ids, dtype=np.int64))
        self.shell.canvas.set_selection(selection)

    def zoom_to_ids(self, ids) -> None:
        rows = self._rows(np.asarray(ids, dtype=np.int64))
        if not len(rows):
            self.shell.status(tr("所选要素没有位置，无法缩放"))
            return
        if len(rows) == 1:
            self.shell.canvas.zoom_to_feature(self.layer, int(rows[0]), select=False)
            return
        b = self._source().feature_bounds[rows]
        self.shell.canvas.zoom_to_bounds((b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()), margin=0.2)


class AttributeTableFeature(QObject):
    def __init__(self, shell) -> None:
        super().__init__(shell.parent)
        self.shell = shell
        self.docks: dict[str, object] = {}          # data layer → its LazyDock
        menu = shell.feature_menu(tr("图层(&L)"))
        self.open_action = menu.addAction(tr("打开属性表"), self.open_current)
        self.open_action.setShortcut(QKeySequence(Qt.Key.Key_F6))
        shell.add_layer_action(tr("打开属性表"), lambda layer_id: self.open(self.source_of(layer_id)),
                               applies=lambda layer_id: self.source_of(layer_id) in _attributes().SPECS)
        shell.canvas.selectionChanged.connect(self._map_selection)
        shell.events.closed.connect(self._closed)

    def source_of(self, layer_id: str) -> str | None:
        """The data layer a display layer of the panel draws."""
        stack = self.shell.stack
        try:
            return stack.layer(layer_id).spec.source if stack is not None else None
        except (KeyError, AttributeError):       # a basemap has no spec
            return None

    def open_current(self):
        layer = self.shell.current_layer()
        source = self.source_of(layer.id) if layer is not None else None
        if source not in _attributes().SPECS:
            source = "sites"
        return self.open(source)

    def open(self, layer: str):
        """Show the attribute table of data layer `layer` (built on first use); returns the view."""
        if self.shell.project is None:
            return None
        dock = self.docks.get(layer)
        if dock is None:
            spec = _attributes().spec(layer)
            kinds = {spec.kind} | ({"grids", "admin"} if layer in ("sites", "grids") else set())
            dock = self.docks[layer] = self.shell.add_dock(
                tr("属性表 — {layer}").format(layer=spec.label_in(vocab_lang())), f"attributes_{layer}",
                lambda: self._build(layer), Qt.DockWidgetArea.BottomDockWidgetArea, hidden=True, kinds=kinds,
                on_open=lambda view, project: view.load(project, lambda: _attributes().read(project, view.layer)),
                on_change=self._changed)
        view = self.shell.show_tabbed(dock)
        self.shell.resize_dock(dock, 700, 300, share=0.9)
        return view

    def _build(self, layer: str):
        from desktop.views.data.attribute_table import AttributeTableView

        view = AttributeTableView(layer)
        view.link = CanvasLink(self.shell, layer)
        view.commit = lambda feature_id, column, value: self.commit(layer, feature_id, column, value)
        # a role that may not edit attributes sees the table read-only, saying why (desktop/permissions.py)
        from desktop.permissions import follow

        follow(self.shell, "edit.attributes", view.set_editable)
        return view

    def commit(self, layer: str, feature_id: int, column: str, value) -> Change:
        """Write one cell (gis.attributes.update; raises its ValidationError) and announce the change."""
        if self.shell.project is None:
            raise GridsafeError(tr("没有打开的项目"))
        from gis.editing import SetAttributes

        spec = _attributes().spec(layer)
        text = tr("已修改 {layer} ID {id} 的“{field}”").format(layer=spec.label_in(vocab_lang()), id=feature_id,
                                                             field=spec.column(column).label_in(vocab_lang()))
        # on the session's undo stack: Ctrl+Z and the 编辑历史 dock undo it like any other edit
        change = self.shell.edits.run(SetAttributes(layer, feature_id, {column: value}, text), self.shell.project)
        self.shell.events.announce(change)
        self.shell.status(text)
        return change

    def _changed(self, view, change: Change) -> None:
        project = self.shell.project
        if project is None or view.table is None:
            return
        kind = view.spec.kind
        ids = change.ids_of(kind)
        if ids is not None and change.kinds <= {kind}:
            try:
                with loading_named(project, QT_TRANSLATE_NOOP("Loads", "属性表")):   # on the UI thread: limited
                    fresh = _attributes().read(project, view.layer, ids)
                view.patch(fresh, ids)
                return
            except LookupError:             # a feature added or deleted: read the table whole
                pass
            except LoadTimeout as e:        # the table stays as it was, saying why it is not current
                view.say(error_text(e))
                return
        view.load(project, lambda: _attributes().read(project, view.layer))

    def _closed(self) -> None:
        """The project closed: its tables go (the next project's are read when shown again)."""
        for dock in self.docks.values():
            if dock.is_built():
                dock.view().clear()
            dock.hide()

    def _map_selection(self) -> None:
        for dock in self.docks.values():
            if dock.is_built():
                dock.view().map_selection_changed()


def add_feature(shell, layer: str, geometry, initial: dict | None = None) -> int | None:
    """The attribute form of a new feature of `layer` drawn as `geometry` (lon/lat): modal; 保存 checks it and
    adds it as an edit on the session's undo stack (gis.editing.AddFeature: Ctrl+Z takes it away again), and the
    change is announced. Returns the new id, or None when cancelled or refused. For the editing tools: draw, then
    call this."""
    from desktop.views.data.feature_form import FeatureForm
    from gis.editing import AddFeature

    spec = _attributes().spec(layer)
    form = FeatureForm(layer, spec, shell.parent, geometry=geometry, initial=initial)
    if not form.exec():
        return None
    try:
        table, row, geom = _attributes().prepared(layer, {**(initial or {}), **form.values()}, geometry)
        command = AddFeature(table, row, geom, tr("新建{layer}“{name}”").format(layer=spec.label_in(vocab_lang()),
                                                                             name=row.get("name") or ""))
        change = shell.edits.run(command, shell.project)
    except GridsafeError as e:
        QMessageBox.warning(shell.parent, tr("新建要素"), error_text(e))
        return None
    shell.events.announce(change)
    shell.status(tr("已新建{layer}（ID {id}）").format(layer=spec.label_in(vocab_lang()), id=command.id))
    return command.id


def install(shell) -> AttributeTableFeature:
    return AttributeTableFeature(shell)
