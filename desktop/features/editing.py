"""编辑 in the main window (issue 15): split and merge grids, move sites, draw pipelines, undo/redo and the edit
history, on the Qt-free commands of gis/editing.

分割网格 draws a line (desktop/map/tools.LineSketchTool) snapping to the grids' and villages' vertices and edges;
the grid cut is the identified grid, else the one grid the line crosses fully; a preview shows every code of the
village old → new before 确定 writes. 合并网格 takes the grids selected on the map (Ctrl+drag, or identify). 移动场所
drags sites (MoveFeatureTool) until Esc. 新增管线 draws a line and asks for its name; 新增场所… takes typed coordinates
or a click; 删除… (identify panel) deletes a site or pipeline nothing refers to. 编辑网格顶点/编辑管线顶点 (VertexTool)
move, insert and delete vertices, topologically unless 拓扑编辑 is unchecked. 撤销 (Ctrl+Z) / 重做 (Ctrl+Y) and
the 编辑历史 dock work on the session's gis.editing.UndoStack; each action and each undo is its own transaction and
announces its Change on shell.events, so the map, ledger and lists refresh. Edits run on the UI thread: each is one
small transaction (a split of a 74-grid village on the county set 55 ms, its undo 45 ms: benchmarks/edit_bench.py).
"""
from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from desktop.i18n import error_text
from desktop.map.snapping import Snapper
from desktop.map.tools import LineSketchTool, MoveFeatureTool, PolygonSketchTool, VertexTool
from desktop.permissions import gate, may
from gis.errors import GridsafeError

VERTEX_TABLES = {"grids": "grid", "pipelines": "line_asset", "roads": "line_asset", "fire_lines": "line_asset",
                 "zones": "zone", "villages": "admin_unit", "townships": "admin_unit"}   # 编辑…顶点 edits these
DELETABLE = {"sites": "site", "pipelines": "line_asset", "roads": "line_asset", "fire_lines": "line_asset",
             "zones": "zone"}                                       # layers whose features 删除… deletes
# what a new line of each line layer is (the form shows the rest); a new zone is a forest-fire zone until changed
NEW_LINE_KIND = {"pipelines": "gas_pipeline", "roads": "road", "fire_lines": "fire_road"}


def tr(text: str) -> str:
    return QCoreApplication.translate("EditingFeature", text)


class EditingFeature(QObject):
    def __init__(self, shell) -> None:
        super().__init__(shell.parent)
        self.shell = shell
        self.project = None
        self.stack = shell.edits                 # shared: the attribute tables push their edits here too
        self.stack.listeners.append(self._stack_changed)
        self.tool = None
        self.last_preview = None                 # the RenumberPreview last shown (tests, screenshots)
        self.site_dialog = None                  # the SiteDialog last shown
        self.menu = shell.feature_menu(tr("编辑(&E)"))
        self.undo_action = self._action(tr("撤销"), self.undo, QKeySequence("Ctrl+Z"))
        self.redo_action = self._action(tr("重做"), self.redo, QKeySequence("Ctrl+Y"))
        self.menu.addSeparator()
        start = self.menu.addMenu(tr("开始编辑"))      # per layer, as QGIS's toggle editing
        start.addAction(tr("网格（顶点）"), lambda: self.edit_vertices("grids"))
        start.addAction(tr("场所（移动）"), self.move_sites)
        start.addAction(tr("管线（顶点）"), lambda: self.edit_vertices("pipelines"))
        start.addAction(tr("道路（顶点）"), lambda: self.edit_vertices("roads"))
        start.addAction(tr("防火线（顶点）"), lambda: self.edit_vertices("fire_lines"))
        start.addAction(tr("区域（顶点）"), lambda: self.edit_vertices("zones"))
        start.addSeparator()
        start.addAction(tr("结束编辑"), lambda: self.shell.canvas.set_tool(None))
        self.split_action = self._action(tr("分割网格…"), self.split_grid)
        self.merge_action = self._action(tr("合并网格"), self.merge_grids)
        self.reshape_action = self._action(tr("重塑网格…"), lambda: self.reshape("grids"))
        self.reshape_zone_action = self._action(tr("重塑区域…"), lambda: self.reshape("zones"))
        self.move_action = self._action(tr("移动场所"), self.move_sites)
        self.pipeline_action = self._action(tr("新增管线…"), lambda: self.new_line("pipelines"))
        self.road_action = self._action(tr("新增道路…"), lambda: self.new_line("roads"))
        self.zone_action = self._action(tr("新增区域…"), self.new_zone)
        self.site_action = self._action(tr("新增场所…"), self.new_site)
        self.vertex_action = self._action(tr("编辑网格顶点"), lambda: self.edit_vertices("grids"))
        self.line_vertex_action = self._action(tr("编辑管线顶点"), lambda: self.edit_vertices("pipelines"))
        self.topological_action = self._action(tr("拓扑编辑（共用顶点一起改）"), self._topological_toggled)
        self.topological_action.setCheckable(True)
        self.topological_action.setChecked(True)
        self.snap_action = self._action(tr("启用吸附"), self._snap_toggled)
        self.snap_action.setCheckable(True)
        self.snap_options = load_snap_options()
        self.snap_action.setChecked(self.snap_options.enabled)
        self.snap_settings_action = self._action(tr("吸附设置…"), self.snap_settings)
        self.menu.addSeparator()
        self.history_action = self._action(tr("编辑历史"), self.show_history)
        for action in (start.menuAction(), self.split_action, self.merge_action, self.reshape_action,
                       self.reshape_zone_action, self.move_action, self.pipeline_action, self.road_action,
                       self.zone_action, self.site_action, self.vertex_action, self.line_vertex_action):
            gate(shell, action, "edit.geometry")   # 需要指挥中心或管理员角色 (desktop/permissions.py)
        self.dock = shell.add_dock(tr("编辑历史"), "edit_history", self._build_history, Qt.DockWidgetArea.RightDockWidgetArea,
                                   hidden=True)
        self.delete_button = shell.add_identify_action(
            tr("删除…"), tr("删除此场所或管线（可撤销）"), self.delete_identified,
            applies=lambda source, _row: source in DELETABLE and may(shell, "edit.geometry"))
        shell.events.opened.connect(self._opened)
        shell.events.closed.connect(self._closed)
        self._stack_changed()

    def _action(self, text, slot, shortcut=None) -> QAction:
        action = self.menu.addAction(text, slot)
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        return action

    # --- project -----------------------------------------------------------------------------------
    def _opened(self, project) -> None:
        self._closed()
        self.project = project

    def _closed(self) -> None:
        self.project = None
        self.stack.clear()
        if self.tool is not None and self.shell.canvas.tool is self.tool:
            self.shell.canvas.set_tool(None)
        self.tool = None

    def _stack_changed(self) -> None:
        s = self.stack
        self.undo_action.setEnabled(s.can_undo())
        self.redo_action.setEnabled(s.can_redo())
        self.undo_action.setText(tr("撤销“{0}”").format(s.undo_text()) if s.can_undo() else tr("撤销"))
        self.redo_action.setText(tr("重做“{0}”").format(s.redo_text()) if s.can_redo() else tr("重做"))
        if self.dock.is_built():
            self.dock.view().show_stack(s.texts(), s.index)

    # --- running commands --------------------------------------------------------------------------
    def _run(self, what) -> bool:
        """what() → Change, announced; a refusal shown in Chinese (nothing was written)."""
        if self.project is None:
            return False
        try:
            change = what()
        except GridsafeError as e:
            QMessageBox.warning(self.shell.parent, tr("编辑"), error_text(e))
            return False
        self.shell.events.announce(change)
        return True

    def run(self, command) -> bool:
        ok = self._run(lambda: self.stack.run(command, self.project))
        if ok:
            self.shell.status(tr("已完成：{t}").format(t=command.text), 5000)
        return ok

    def undo(self) -> None:
        text = self.stack.undo_text()
        if self._run(lambda: self.stack.undo(self.project)) and text:
            self.shell.status(tr("已撤销：{t}").format(t=text), 5000)

    def redo(self) -> None:
        text = self.stack.redo_text()
        if self._run(lambda: self.stack.redo(self.project)) and text:
            self.shell.status(tr("已重做：{t}").format(t=text), 5000)

    def go_to(self, index: int) -> None:
        self._run(lambda: self.stack.go_to(index, self.project))
        self._stack_changed()

    # --- the history dock ---------------------------------------------------------------------------
    def _build_history(self):
        from desktop.views.editing.views import HistoryView

        view = HistoryView()
        view.goTo.connect(self.go_to)
        view.show_stack(self.stack.texts(), self.stack.index)
        return view

    def show_history(self):
        return self.shell.show_tabbed(self.dock)

    # --- tools ------------------------------------------------------------------------------------
    def _use(self, tool) -> None:
        self.tool = tool
        self.shell.canvas.set_tool(tool)

    def split_grid(self) -> LineSketchTool | None:
        """Draw the split line; then the preview; 确定 splits."""
        if self.project is None:
            return None
        tool = LineSketchTool(self, snapper=self.snapper(("grids", "villages")))
        tool.finished.connect(self._split_with)
        tool.changed.connect(lambda: self.shell.status(
            tr("分割网格：单击添加分割线的点（吸附到网格和村界的顶点、边，10 像素内），双击或回车完成，"
               "Backspace 撤销上一点，Esc 取消"), 0))
        self._use(tool)
        self.shell.status(tr("分割网格：在地图上画一条穿过网格的线，两端落在网格边界上或之外"), 0)
        return tool

    def _grid_for(self, line) -> tuple[int, str] | None:
        """The grid to split: the identified one, else the one grid the line cuts in two."""
        stack = self.shell.stack
        src = stack.sources.get("grids") if stack is not None else None
        if src is None:
            return None
        layer = src.layer
        current = self.shell.identified()
        if current is not None and current[0] == "grids":
            row = current[1]
            return int(layer.ids[row]), self._label(layer, row)
        from gis.editing import split_parts

        cut = []
        for row in layer.tree.query(line, predicate="intersects"):
            try:
                split_parts(layer.geoms[row], line, "")
            except GridsafeError:
                continue
            cut.append(int(row))
        if len(cut) != 1:
            QMessageBox.warning(self.shell.parent, tr("分割网格"),
                                tr("分割线没有把任何一个网格完整分成两块。") if not cut else
                                tr("分割线穿过了 {n} 个网格：请先在地图上点选要分割的网格，再画分割线。").format(n=len(cut)))
            return None
        return int(layer.ids[cut[0]]), self._label(layer, cut[0])

    @staticmethod
    def _label(layer, row) -> str:
        return f"“{layer.attrs['name'].iloc[row]}”（{layer.attrs['code'].iloc[row]}）"

    def _split_with(self, line) -> None:
        self.tool = None
        found = self._grid_for(line)
        if found is None:
            return
        grid_id, label = found
        from gis.editing import SplitGrid

        command = SplitGrid(grid_id, line, label)
        self._confirm(command, tr("分割网格 — 预览"),
                      tr("网格{g}将分为两块：较大的一块保留原网格（隐患、人员、巡查任务不变），另一块成为新网格。"
                         "本村网格按自西向东、自北向南重新编号：").format(g=label))

    def reshape(self, source: str) -> LineSketchTool | None:
        """重塑 (QGIS's Reshape Features): a line from the boundary out (or in) and back to it; the shape between
        follows the line (gis.editing.reshape), written as an undoable SetGeometry."""
        if self.project is None:
            return None
        tool = LineSketchTool(self, snapper=self.snapper((source, "villages")))
        tool.finished.connect(lambda line: self._reshape_with(source, line))
        self._use(tool)
        self.shell.status(tr("重塑：从边界起画线，到边界止（吸附到顶点和边），双击或回车完成；线外的部分加入，线内切下的较小部分去掉"), 0)
        return tool

    def _reshape_with(self, source: str, line) -> None:
        from gis.editing import SetGeometry
        from gis.editing.reshape import reshaped

        self.tool = None
        src = self.shell.stack.sources.get(source) if self.shell.stack is not None else None
        if src is None:
            return
        layer = src.layer
        current = self.shell.identified()
        rows = [current[1]] if current is not None and current[0] == source else [
            int(r) for r in layer.tree.query(line, predicate="intersects")]
        done, errors = [], []
        for row in rows:
            try:
                done.append((row, reshaped(layer.geoms[row], line, str(layer.attrs["name"].iloc[row]))))
            except GridsafeError as e:
                errors.append(error_text(e))
        if not done:
            QMessageBox.warning(self.shell.parent, tr("重塑"), "\n".join(errors) if errors else
                                tr("这条线没有落在任何一个要素的边界上。"))
            return
        # as QGIS: the identified feature, else every feature of the layer the line reshapes (zones that share a
        # boundary keep sharing it), in one edit
        names = "、".join(str(layer.attrs["name"].iloc[row]) for row, _ in done)
        self.run(SetGeometry(VERTEX_TABLES[source], {int(layer.ids[row]): g for row, g in done},
                             tr("重塑“{name}”").format(name=names)))

    def merge_grids(self) -> None:
        if self.project is None or self.shell.stack is None:
            return
        rows = np.asarray(self.shell.canvas.selection.get("grids", []), dtype=np.int64)
        layer = self.shell.stack.sources["grids"].layer
        if len(rows) < 2:
            QMessageBox.information(self.shell.parent, tr("合并网格"),
                                    tr("请先在地图上选中至少两个相邻的网格（Ctrl+拖动框选）。"))
            return
        from gis.editing import MergeGrids

        label = "、".join(self._label(layer, r) for r in rows)
        command = MergeGrids([int(layer.ids[r]) for r in rows], label)
        self._confirm(command, tr("合并网格 — 预览"), tr("网格{g}将合并为一个（保留编号最小的网格，其余网格的隐患、人员、巡查任务"
                                                      "转到它名下）。本村网格按自西向东、自北向南重新编号：").format(g=label))

    def _confirm(self, command, title: str, intro: str) -> None:
        """Show the renumbering the command will make; 确定 runs it."""
        try:
            plan = command.preview(self.project)
        except GridsafeError as e:
            QMessageBox.warning(self.shell.parent, title, error_text(e))
            return
        from desktop.views.editing.views import RenumberPreview

        dialog = self.last_preview = RenumberPreview(title, intro, plan, self.shell.parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.run(command))
        dialog.open()

    def move_sites(self) -> MoveFeatureTool | None:
        if self.project is None:
            return None
        tool = MoveFeatureTool("sites", self, snapper=self.snapper(("sites", "grids", "villages")))
        tool.moved.connect(self._site_moved)
        self._use(tool)
        self.shell.status(tr("移动场所：按住场所拖到新位置（吸附到顶点和边），Esc 结束"), 0)
        return tool

    def _site_moved(self, row: int, site_id: int, lonlat) -> None:
        from gis.editing import MoveSite

        name = str(self.shell.stack.sources["sites"].layer.attrs["name"].iloc[row])
        self.run(MoveSite(site_id, shapely.Point(*lonlat), name))

    def new_line(self, layer: str) -> LineSketchTool | None:
        """Draw a pipeline or road by clicking (snapped to lines and sites), then fill in its attribute form."""
        if self.project is None:
            return None
        tool = LineSketchTool(self, snapper=self.snapper(("pipelines", "roads", "sites")))
        tool.finished.connect(lambda line: self._drawn(layer, line, {"kind": NEW_LINE_KIND[layer]}))
        self._use(tool)
        self.shell.status(tr("新增线：单击添加点，双击或回车完成，Backspace 撤销上一点，Esc 取消"), 0)
        return tool

    def new_zone(self) -> PolygonSketchTool | None:
        """Draw a zone (a forest-fire zone, a ranger's area…) by clicking its corners, then fill in its form."""
        if self.project is None:
            return None
        tool = PolygonSketchTool(self, snapper=self.snapper(("zones", "villages", "grids")))
        tool.finished.connect(lambda polygon: self._drawn("zones", polygon, {"kind": "forest_fire"}))
        self._use(tool)
        self.shell.status(tr("新增区域：单击添加顶点，双击或回车完成，Backspace 撤销上一点，Esc 取消"), 0)
        return tool

    def _drawn(self, layer: str, geometry, initial: dict) -> None:
        """The attribute form of what was just drawn; 保存 adds it as an edit (undoable)."""
        from desktop.features.attribute_table import add_feature

        self.tool = None
        self.shell.canvas.set_tool(None)
        add_feature(self.shell, layer, geometry, initial)


    def delete_identified(self, source: str, row: int) -> None:
        if self.project is None or source not in DELETABLE:
            return
        name = self.shell.feature_name(source, row)
        answer = QMessageBox.question(self.shell.parent, tr("删除"), tr("删除“{name}”？可用“撤销”（Ctrl+Z）恢复。")
                                      .format(name=name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        from gis.editing import DeleteFeature

        fid = int(self.shell.stack.sources[source].layer.ids[row])
        self.run(DeleteFeature(DELETABLE[source], fid, name))

    # --- a new site --------------------------------------------------------------------------------
    def new_site(self):
        """The 新增场所 dialog: coordinates typed or picked on the map, then the sites layer's attribute form (as a
        site drawn by a click); 保存 adds the site as an undoable edit (its grid follows)."""
        if self.project is None:
            return None
        from desktop.views.editing.views import SiteDialog

        view = self.shell.canvas.view
        dialog = self.site_dialog = SiteDialog(float(view.to_lonlat(view.width / 2, view.height / 2)[0]),
                                               self.shell.parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.pickRequested.connect(lambda: self._pick_for(dialog))
        dialog.accepted.connect(lambda: self._add_site(dialog))
        dialog.show()
        return dialog

    def _pick_for(self, dialog) -> None:
        from desktop.map.tools import PointPickTool

        dialog.hide()
        tool = PointPickTool(self, snapper=self.snapper(("sites", "grids", "villages")))
        tool.picked.connect(lambda lonlat: (dialog.set_lonlat(*lonlat), dialog.show(), dialog.raise_()))
        tool.cancelled.connect(lambda: (dialog.show(), dialog.raise_()))
        self._use(tool)
        self.shell.status(tr("新增场所：在地图上单击场所位置（吸附到顶点和边），Esc 返回"), 0)

    def _add_site(self, dialog) -> None:
        from desktop.features.attribute_table import add_feature

        add_feature(self.shell, "sites", dialog.point())

    # --- vertices ----------------------------------------------------------------------------------
    def edit_vertices(self, source: str) -> VertexTool | None:
        """Move (drag), insert (double-click a segment) and delete (Del) vertices of grids or pipelines; a vertex
        shared by neighbouring grids moves in all of them, and in the villages and townships whose boundary it is on."""
        if self.project is None:
            return None
        grids = source == "grids"
        near = ("villages",) if source in ("grids", "zones") else ("roads",)
        tool = VertexTool(source, self, snapper=self.snapper((source, *near)),
                          also=("villages", "townships") if grids else ())
        tool.topological = self.topological_action.isChecked()
        tool.edited.connect(lambda geoms: self._vertices_edited(source, geoms))
        self._use(tool)
        self.shell.status(tr("编辑顶点：拖动顶点移动（相邻网格、村界、乡镇界、区县界共用的顶点一起移动），双击边插入顶点，"
                             "Del 删除选中的顶点，Esc 结束"), 0)
        return tool

    # --- snapping ------------------------------------------------------------------------------------
    def snapper(self, layers) -> Snapper:
        """A tool's snapping: its own `layers` and those chosen in 吸附设置, with the chosen tolerance and modes."""
        o = self.snap_options
        chosen = list(dict.fromkeys([*layers, *o.layers]))
        snapper = Snapper(chosen, tolerance_px=o.tolerance_px, vertices=o.vertices, segments=o.segments)
        snapper.enabled = o.enabled
        return snapper

    def _snap_toggled(self) -> None:
        self.snap_options.enabled = self.snap_action.isChecked()
        self._snap_changed()

    def snap_settings(self):
        from desktop.views.editing.snapping_dialog import SnappingDialog

        dialog = self.snap_dialog = SnappingDialog(self.snap_options, self.shell.parent)
        dialog.accepted.connect(lambda: self._snap_set(dialog.options()))
        dialog.open()
        return dialog

    def _snap_set(self, options) -> None:
        self.snap_options = options
        self.snap_action.setChecked(options.enabled)
        self._snap_changed()

    def _snap_changed(self) -> None:
        save_snap_options(self.snap_options)
        snapper = getattr(self.tool, "snapper", None)
        if snapper is not None:          # the tool in use snaps the new way at once
            self.tool.snapper = self.snapper(snapper.layers)

    def _topological_toggled(self) -> None:
        if isinstance(self.tool, VertexTool):
            self.tool.topological = self.topological_action.isChecked()

    def _vertices_edited(self, source: str, by_layer: dict) -> None:
        from gis.editing import Compound, SetGeometry

        text = {"grids": tr("编辑网格顶点"), "zones": tr("编辑区域顶点")}.get(source, tr("编辑线的顶点"))
        n = sum(len(rows) for rows in by_layer.values())
        if n > 1:
            text += tr("（{n} 个要素共用）").format(n=n)
        commands = []
        for layer, geoms in sorted(by_layer.items(), key=lambda item: item[0] != source):
            ids = self.shell.stack.sources[layer].layer.ids
            commands.append(SetGeometry(VERTEX_TABLES[layer], {int(ids[r]): g for r, g in geoms.items()}, text,
                                        topological=self.topological_action.isChecked()))
        self.run(commands[0] if len(commands) == 1 else Compound(commands, text))


def load_snap_options():
    import json

    from desktop.qsettings import settings
    from desktop.views.editing.snapping_dialog import KEY, SnapOptions

    try:
        return SnapOptions.from_json(json.loads(settings().value(KEY, "{}") or "{}"))
    except ValueError:
        return SnapOptions()


def save_snap_options(options) -> None:
    import json

    from desktop.qsettings import settings
    from desktop.views.editing.snapping_dialog import KEY

    settings().setValue(KEY, json.dumps(options.to_json()))


def install(shell) -> EditingFeature:
    return EditingFeature(shell)
