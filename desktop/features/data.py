"""文件 → 导入数据 / 导出图层: the import and export dialogs; data files dropped on the map go to import.
Each import announces the kinds of data it wrote, so the map reloads just those layers.

The first-run guide (desktop/views/map/first_run_guide.py) lies over the map while the open project has no sites
(gis/township.needs_guide), ticking the steps done; its steps open the import dialog on the right layer, 文件 →
导入人员名册 (desktop/features/people.py) or 隐患 → 新增隐患; it goes away on the change that brings the first
sites, or when closed (until the project is opened again)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from desktop.permissions import gate
from gis import store
from gis.changes import Change
from gis.layers import LAYER_KINDS


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)   # the strings kept their translations when moved here


class DataFeature(QObject):
    def __init__(self, shell) -> None:
        super().__init__(shell.parent)
        self.shell = shell
        self.import_dialog = None
        self.export_dialog = None
        self.import_action = gate(shell, self._action(tr("导入数据(&I)…"), lambda: self.import_data(), "Ctrl+I",
                                                      tr("把 Shapefile、GeoPackage、Excel、KML 等数据导入项目")),
                                  "data.import")
        self.export_action = self._action(tr("导出图层(&L)…"), self.export_data, "Ctrl+E",
                                          tr("把图层或地图上选中的要素导出为 GIS 或表格文件"))
        shell.canvas.filesDropped.connect(self._dropped)
        self.guide = None    # built when an empty project first opens
        self._guide_closed: str | None = None    # client_id of the open project whose guide the user closed
        shell.events.opened.connect(lambda _project: self._update_guide())
        shell.events.closed.connect(self._update_guide)
        shell.events.changed.connect(self._changed)

    def _action(self, text: str, slot, shortcut: str, tip: str) -> QAction:
        action = QAction(text, self.shell.parent)
        action.setShortcut(shortcut)
        action.setStatusTip(tip)
        action.setToolTip(f"{tip}（{shortcut}）")
        action.triggered.connect(slot)
        self.shell.add_file_action(action)
        return action

    def _dropped(self, paths: list[str]) -> None:
        data = [p for p in paths if Path(p).suffix.lower() not in (store.PROJECT_SUFFIX, ".mbtiles")]
        if data:
            self.import_data(data)

    def import_data(self, paths: list[str] | None = None, layer: str = "sites") -> None:
        """The import dialog for each file in turn (none given: the user picks one in the dialog), on `layer`."""
        from desktop.views.data.import_dialog import ImportDialog

        if self.shell.project is None:
            QMessageBox.information(self.shell.parent, tr("导入数据"), tr("请先打开或新建一个项目，再导入数据。"))
            return
        queue = list(paths or [None])
        dialog = ImportDialog(self.shell.project, queue.pop(0), self.shell.parent, layer=layer)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._imported)
        if queue:
            dialog.finished.connect(lambda _result: self.import_data(queue, layer))
        self.import_dialog = dialog
        dialog.open()

    def _imported(self, layer: str) -> None:
        kinds = LAYER_KINDS.get(layer)
        self.shell.events.announce(Change.of(*kinds) if kinds else Change.everything())

    def export_data(self) -> None:
        from desktop.views.data.export_dialog import ExportDialog

        stack = self.shell.stack
        if self.shell.project is None or stack is None:
            return
        selection = {name: stack.sources[name].layer.ids[idx]
                     for name, idx in self.shell.canvas.selection.items() if name in stack.sources and len(idx)}
        dialog = ExportDialog(self.shell.project, selection, self.shell.parent, panel=panel_layers(stack))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.export_dialog = dialog
        dialog.open()


    # --- first-run guide ---------------------------------------------------------------------------

    def _changed(self, change: Change) -> None:
        if self.guide is not None and self.guide.isVisible() and change.touches("admin", "grids", "sites", "people"):
            self._update_guide()

    def _update_guide(self) -> None:
        from gis.township import first_steps, needs_guide

        project = self.shell.project
        wanted, steps = False, {}
        if project is not None and project.client_id != self._guide_closed:
            with project.session() as s:
                wanted = needs_guide(s)
                steps = first_steps(s) if wanted else {}
        if wanted and self.guide is None:
            from desktop.views.map.first_run_guide import FirstRunGuide

            self.guide = FirstRunGuide(self.shell.canvas)
            self.guide.chosen.connect(self._guide_step)
        if self.guide is not None:
            self.guide.set_done(steps)
            self.guide.setVisible(wanted)

    def _guide_step(self, key: str) -> None:
        if key == "close":                  # until this project is opened again
            self._guide_closed = self.shell.project.client_id
            self.guide.hide()
        elif key == "people":
            action = self.shell.parent.findChild(QAction, "action_import_people")   # desktop/features/people.py
            if action is not None and action.isEnabled():
                action.trigger()
        elif key in ("boundaries", "grids", "sites"):
            self.import_data(layer={"boundaries": "townships"}.get(key, key))
        elif key == "hazard":
            self._new_hazard()
        elif key == "demo":
            from gis.userdata import ensure_demo_project

            self.shell.open_project(str(ensure_demo_project()))
        elif key == "manual":
            from desktop.views.manual import show_manual

            show_manual(self.shell.parent)

    def _new_hazard(self) -> None:
        """隐患 → 新增隐患, as the menu has it (the hazard feature's action, found by its text)."""
        from gis.township import first_steps

        with self.shell.project.session() as s:
            steps = first_steps(s)
        if not (steps["sites"] or steps["grids"]):
            QMessageBox.information(self.shell.parent, tr("登记隐患"),
                                    tr("隐患登记在企业场所或网格上：请先导入企业场所（第 3 步）或网格（第 2 步），"
                                       "再在地图上单击一个场所登记隐患。"))
            return
        menu = self.shell.feature_menu(QCoreApplication.translate("HazardFeature", "隐患(&Z)"))
        wanted = QCoreApplication.translate("HazardFeature", "新增隐患(&N)…")
        action = next((a for a in menu.actions() if a.text() == wanted), None)
        if action is not None:
            action.trigger()


def panel_layers(stack) -> list[tuple[str, str, list[int] | None]]:
    """The layer panel's layers as the export dialog lists them: (title as in the panel, data layer, ids of the
    features the layer shows, None when it shows all of them)."""
    from desktop.i18n import style_text

    out = []
    for layer in stack.layers:
        source = stack.sources.get(layer.spec.source)
        if source is None:
            continue
        flt = layer.spec.filter
        shown = flt.mask(source.attrs) if flt is not None else None
        ids = None if shown is None or shown.all() else [int(i) for i in source.layer.ids[shown]]
        out.append((style_text(layer.title), layer.spec.source, ids))
    return out


def install(shell) -> DataFeature:
    return DataFeature(shell)
