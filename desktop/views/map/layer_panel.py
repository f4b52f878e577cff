"""Layer panel: the map's layers in their groups, with visibility, order, opacity, style and legend."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSlider,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import category_label, style_text
from desktop.render import LayerStack, MapLayer
from desktop.render.painters import make_brush, make_pen, paint_symbol
from desktop.render.styles import Symbol
from desktop.views.widgets.wrapping import wrap_labels

LAYER_ROLE = Qt.ItemDataRole.UserRole
GROUP_ROLE = Qt.ItemDataRole.UserRole + 1   # on a group item: the group's key (its Chinese name)
LAYER_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable |
               Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled)


def legend_icon(symbol: Symbol, kind: str, size: int = 16) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    if kind == "point":
        paint_symbol(p, symbol, size / 2, size / 2)
    elif kind == "line":
        p.setPen(make_pen(symbol.stroke, max(symbol.width, 1.0), symbol.dash))
        p.drawLine(QPointF(1, size - 4), QPointF(size - 1, 4))
    else:
        p.setPen(make_pen(symbol.stroke, symbol.width, symbol.dash) if symbol.stroke else QColor(0, 0, 0, 0))
        p.setBrush(make_brush(symbol.fill, symbol.hatch))
        p.drawRect(QRectF(1.5, 2.5, size - 3, size - 5))
    p.end()
    return QIcon(pix)


class LayerTree(QTreeWidget):
    """The layer tree; a layer dragged onto another layer of its own group takes that place.

    The tree never moves items itself: it asks the panel (`move_by_drop`), the stack changes, and the
    panel rebuilds the tree from the stack.
    """

    def __init__(self, panel: LayerPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)

    def drop_target(self, pos) -> tuple[str, str, bool] | None:
        """(dragged layer, target layer, after it) for a drop at viewport position `pos`; None: not allowed."""
        dragged = self.currentItem()
        target = self.itemAt(pos)
        if dragged is None or target is None:
            return None
        moving = dragged.data(0, LAYER_ROLE)
        if target.data(0, LAYER_ROLE) is None and target.parent() is not None:
            target = target.parent()                  # a legend entry or placeholder: its layer
        rect = self.visualItemRect(target)
        if target.data(0, LAYER_ROLE) is None:        # a group heading: the top of that group
            if target.data(0, GROUP_ROLE) != dragged.parent().data(0, GROUP_ROLE) or not target.childCount():
                return None
            return moving, target.child(0).data(0, LAYER_ROLE), False
        if target.parent() is not dragged.parent():   # only within its own group
            return None
        return moving, target.data(0, LAYER_ROLE), pos.y() > rect.center().y()

    def dragMoveEvent(self, event) -> None:
        super().dragMoveEvent(event)
        if self.drop_target(event.position().toPoint()) is None:
            event.ignore()

    def dropEvent(self, event) -> None:
        found = self.drop_target(event.position().toPoint())
        event.setDropAction(Qt.DropAction.IgnoreAction)   # the stack moves the layer, not the view
        event.accept()
        if found is not None:
            self.panel.move_by_drop(*found)


class LayerPanel(QWidget):
    zoomToLayer = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stack: LayerStack | None = None
        self.tree = LayerTree(self)
        self.tree.setHeaderHidden(True)
        self.tree.setIndentation(14)
        wrap_labels(self.tree)   # a long layer title (English) on two lines rather than cut
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.currentItemChanged.connect(lambda *_: self._show_current())
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.layer_actions: list[tuple[str, object, object]] = []   # (text, callback(layer id), applies(layer id))
        self.style_box = QComboBox()
        self.style_box.setToolTip(self.tr("按哪个字段分类着色"))
        self.style_box.currentIndexChanged.connect(self._style_chosen)
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setToolTip(self.tr("图层不透明度"))
        self.opacity.valueChanged.connect(self._opacity_moved)
        self.opacity_value = QLabel()        # the layer's opacity in per cent
        self.opacity_value.setMinimumWidth(self.opacity_value.fontMetrics().horizontalAdvance("100%") + 4)
        self.no_layer = QLabel(self.tr("选择图层后可调整其样式和不透明度"))   # instead of controls that read 0
        self.no_layer.setWordWrap(True)
        self.no_layer.setStyleSheet("color: #777777")
        self.collapsed: set[str] = set()     # layers whose legend the user folded (kept over rebuilds)
        self.tree.itemCollapsed.connect(lambda item: self._folded(item, True))
        self.tree.itemExpanded.connect(lambda item: self._folded(item, False))
        self.up = QPushButton(self.tr("上移"))
        self.down = QPushButton(self.tr("下移"))
        self.zoom = QPushButton(self.tr("缩放至图层"))
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(+1))
        self.zoom.clicked.connect(lambda: self.current_layer() and self.zoomToLayer.emit(self.current_layer().id))
        buttons = QHBoxLayout()
        for b in (self.up, self.down, self.zoom):
            buttons.addWidget(b)
        self.controls = QWidget()            # style and opacity of the current layer; hidden without one
        form = QFormLayout(self.controls)
        form.setContentsMargins(0, 0, 0, 0)
        opacity = QHBoxLayout()
        opacity.addWidget(self.opacity, 1)
        opacity.addWidget(self.opacity_value)
        form.addRow(self.tr("样式"), self.style_box)
        form.addRow(self.tr("不透明度"), opacity)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.no_layer)
        layout.addWidget(self.controls)
        layout.addLayout(buttons)
        self._show_current()

    # --- model ---------------------------------------------------------------------------------

    def set_stack(self, stack: LayerStack | None) -> None:
        if self.stack is not None:
            self.stack.unsubscribe(self._stack_changed)
        self.stack = stack
        if stack is not None:
            stack.subscribe(self._stack_changed)
        self._rebuild()

    def _stack_changed(self, what: str, layer: MapLayer | None) -> None:
        if what in ("order", "style"):
            self._rebuild(keep=self.current_layer())
        elif what == "data":
            self._show_counts()
        elif what == "visibility" and layer is not None:
            item = self.item_for(layer.id)
            if item is not None and (item.checkState(0) == Qt.CheckState.Checked) != layer.visible:
                with QSignalBlocker(self.tree):
                    item.setCheckState(0, Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked)
        elif what == "opacity":
            self._show_current()

    def _rebuild(self, keep: MapLayer | None = None) -> None:
        with QSignalBlocker(self.tree):
            self.tree.clear()
            if self.stack is None:
                return
            for group in self.stack.book.groups:
                g = QTreeWidgetItem(self.tree, [style_text(group)])
                g.setData(0, GROUP_ROLE, group)
                font = g.font(0)
                font.setBold(True)
                g.setFont(0, font)
                g.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDropEnabled)
                layers = self.stack.in_group(group)
                if not layers:
                    empty = QTreeWidgetItem(g, [self.tr("（无底图，可在“底图”菜单添加）") if group == "底图"
                                                else self.tr("（暂无图层）")])
                    empty.setFlags(Qt.ItemFlag.NoItemFlags)
                for layer in layers:
                    if not isinstance(layer, MapLayer):      # a basemap: no features, no legend
                        item = QTreeWidgetItem(g, [layer.title])
                        item.setData(0, LAYER_ROLE, layer.id)
                        item.setFlags(LAYER_FLAGS)
                        item.setCheckState(0, Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked)
                        if keep is not None and keep.id == layer.id:
                            self.tree.setCurrentItem(item)
                        continue
                    item = QTreeWidgetItem(g)
                    item.setData(0, LAYER_ROLE, layer.id)
                    self._show_count(item, layer)
                    item.setFlags(LAYER_FLAGS)
                    item.setCheckState(0, Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked)
                    for label, symbol in layer.style.legend(category_label):
                        entry = QTreeWidgetItem(item, [label])
                        entry.setIcon(0, legend_icon(symbol, layer.source.kind))
                        entry.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    if keep is not None and keep.id == layer.id:
                        self.tree.setCurrentItem(item)
                    # the legend of what the map shows is open (unless the user folded it); of the rest, closed
                    item.setExpanded(layer.visible and layer.id not in self.collapsed
                                     and layer.spec.source not in self.stack.unread and len(layer.drawn()) > 0)
                g.setExpanded(True)
        self._show_current()

    def _show_count(self, item: QTreeWidgetItem, layer: MapLayer) -> None:
        if self.stack is not None and layer.spec.source in self.stack.unread:
            item.setText(0, style_text(layer.title))
            item.setForeground(0, self.tree.palette().text().color())
            item.setToolTip(0, self.tr("勾选显示时计算（数据多时需要几秒）"))
            return
        count = int((layer.classes >= 0).sum())
        item.setText(0, f"{style_text(layer.title)}  ({count:,})")
        item.setForeground(0, QColor("#999999") if not count else self.tree.palette().text().color())
        item.setToolTip(0, self.tr("本项目中没有此类要素") if not count else "")

    def _show_counts(self) -> None:
        """The data changed: each layer's feature count again (the legend stays)."""
        with QSignalBlocker(self.tree):
            for layer in self.stack.vector_layers() if self.stack is not None else ():
                item = self.item_for(layer.id)
                if item is not None:
                    self._show_count(item, layer)

    def item_for(self, layer_id: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            g = self.tree.topLevelItem(i)
            for j in range(g.childCount()):
                if g.child(j).data(0, LAYER_ROLE) == layer_id:
                    return g.child(j)
        return None

    def current_layer(self) -> MapLayer | None:
        item = self.tree.currentItem()
        while item is not None and item.data(0, LAYER_ROLE) is None:
            item = item.parent()
        if item is None or self.stack is None:
            return None
        try:
            return self.stack.layer(item.data(0, LAYER_ROLE))
        except KeyError:        # just removed; the tree is about to be rebuilt
            return None

    def select_layer(self, layer_id: str) -> None:
        item = self.item_for(layer_id)
        if item is not None:
            self.tree.setCurrentItem(item)

    # --- edits ---------------------------------------------------------------------------------

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        layer_id = item.data(0, LAYER_ROLE)
        if layer_id and self.stack is not None:
            shown = item.checkState(0) == Qt.CheckState.Checked
            self.stack.set_visible(layer_id, shown)
            if shown and layer_id not in self.collapsed and item.childCount():
                item.setExpanded(True)           # a layer turned on shows its legend

    def _folded(self, item: QTreeWidgetItem, folded: bool) -> None:
        layer_id = item.data(0, LAYER_ROLE)
        if layer_id and not self.tree.signalsBlocked():
            (self.collapsed.add if folded else self.collapsed.discard)(layer_id)

    def _double_clicked(self, item: QTreeWidgetItem, column: int) -> None:
        layer_id = item.data(0, LAYER_ROLE)
        if layer_id:
            self.zoomToLayer.emit(layer_id)

    def add_layer_action(self, text: str, callback, applies=None) -> None:
        """An entry of a layer's context menu: `callback(layer_id)`; with `applies(layer_id)`, only for the
        layers it applies to."""
        self.layer_actions.append((text, callback, applies))

    def context_menu(self, layer_id: str) -> QMenu:
        """The context menu of a layer: the actions features added, then 缩放至图层."""
        menu = QMenu(self)
        for text, callback, applies in self.layer_actions:
            if applies is None or applies(layer_id):
                menu.addAction(text, lambda cb=callback: cb(layer_id))
        if not menu.isEmpty():
            menu.addSeparator()
        zoom = menu.addAction(self.tr("缩放至图层"), lambda: self.zoomToLayer.emit(layer_id))
        try:
            zoom.setEnabled(self.stack is not None and isinstance(self.stack.layer(layer_id), MapLayer))
        except KeyError:
            zoom.setEnabled(False)
        return menu

    def _context_menu(self, pos) -> None:
        item = self.tree.itemAt(pos)
        while item is not None and item.data(0, LAYER_ROLE) is None:
            item = item.parent()
        if item is None:
            return
        self.tree.setCurrentItem(item)
        self.context_menu(item.data(0, LAYER_ROLE)).exec(self.tree.viewport().mapToGlobal(pos))

    def _show_current(self) -> None:
        layer = self.current_layer()
        for w in (self.style_box, self.opacity, self.up, self.down, self.zoom):
            w.setEnabled(layer is not None)
        self.controls.setVisible(layer is not None)      # no slider reading 0 % for no layer
        self.no_layer.setVisible(layer is None)
        with QSignalBlocker(self.style_box), QSignalBlocker(self.opacity):
            self.style_box.clear()
            self.opacity_value.setText(f"{round(layer.opacity * 100)}%" if layer is not None else "")
            if layer is None:
                return
            if isinstance(layer, MapLayer):
                self.style_box.addItems([style_text(s.name) for s in layer.spec.styles])
                self.style_box.setCurrentIndex(layer.style_index)
            else:
                self.style_box.setEnabled(False)
                self.zoom.setEnabled(False)
            self.opacity.setValue(round(layer.opacity * 100))
        group = self.stack.in_group(layer.group)
        self.up.setEnabled(group.index(layer) > 0)
        self.down.setEnabled(group.index(layer) < len(group) - 1)

    def _style_chosen(self, index: int) -> None:
        layer = self.current_layer()
        if layer is not None and index >= 0:
            self.stack.set_style(layer.id, index)

    def _opacity_moved(self, value: int) -> None:
        layer = self.current_layer()
        if layer is not None:
            self.stack.set_opacity(layer.id, value / 100)

    def move_by_drop(self, layer_id: str, target_id: str, after: bool) -> None:
        """Put layer `layer_id` just above (or after: below) `target_id` in the same group."""
        if self.stack is None or layer_id == target_id:
            return
        layer, target = self.stack.layer(layer_id), self.stack.layer(target_id)
        if layer.group != target.group:
            return
        order = [l for l in self.stack.layers if l is not layer]
        self.stack.move(layer_id, order.index(target) + (1 if after else 0))

    def _move(self, step: int) -> None:
        """Move the current layer up (-1) or down (+1) within its group."""
        layer = self.current_layer()
        if layer is None:
            return
        group = self.stack.in_group(layer.group)
        i = group.index(layer) + step
        if 0 <= i < len(group):
            self.stack.move(layer.id, self.stack.layers.index(group[i]))
