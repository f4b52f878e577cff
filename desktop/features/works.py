"""第三方施工登记 in the main window (issue 13): the register dock under 燃气(&G), drawing a works' extent on
the map (desktop/map/tools.PolygonSketchTool), the form, and 编辑施工信息… on an identified works.

新建 draws first, then opens the form with the extent; 重新绘制范围 in the form hides it while the user draws
and brings it back with the new extent (Esc keeps the old one). Every save, status change and delete
announces its Change ("works"), so the map's works layer reloads just that row and the register refreshes."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QMessageBox

from desktop.i18n import error_text
from desktop.map.tools import PolygonSketchTool
from desktop.tasks import loading_named
from gis.errors import GridsafeError
from gis.geo.crs import DISPLAY, STORAGE, transformer

KINDS = ("works",)


def tr(text: str) -> str:
    return QCoreApplication.translate("WorksFeature", text)


class WorksFeature(QObject):
    def __init__(self, shell) -> None:
        super().__init__(shell.parent)
        self.shell = shell
        self.project = None
        self.form = None                       # the open WorksForm, if any
        self.sketch: PolygonSketchTool | None = None
        self.dock = shell.add_dock(tr("第三方施工登记"), "gas_works", self._build, Qt.DockWidgetArea.BottomDockWidgetArea,
                                   hidden=True, kinds=KINDS, on_open=lambda view, project: view.set_project(project),
                                   on_change=lambda view, _change: view.refresh())
        self.menu = shell.feature_menu(tr("燃气(&G)"))
        self.menu_action = self.menu.addAction(tr("第三方施工登记…"), self.show_register)
        self.identify_button = shell.add_identify_action(tr("编辑施工信息…"), tr("编辑此第三方施工的信息和范围"),
                                                         self.edit_identified,
                                                         applies=lambda source, _row: source == "works")
        shell.events.opened.connect(self._opened)
        shell.events.closed.connect(self._closed)

    @property
    def register(self):
        """The register view (built on first use)."""
        return self.dock.view()

    def _build(self):
        from desktop.views.gas.works import WorksRegisterView

        view = WorksRegisterView()
        view.newRequested.connect(self.new_works)
        view.editRequested.connect(self.edit)
        view.locateRequested.connect(self.locate)
        view.changed.connect(self.shell.events.announce)
        return view

    def show_register(self):
        return self.shell.show_tabbed(self.dock)

    def _opened(self, project) -> None:
        self._closed()
        self.project = project

    def _closed(self) -> None:
        self.project = None
        if self.sketch is not None:
            self.shell.canvas.set_tool(None)          # cancels it
        if self.form is not None:
            self.form.close()
            self.form = None

    # --- drawing -----------------------------------------------------------------------------------
    def draw(self, done, cancelled=None) -> PolygonSketchTool:
        """Let the user draw a polygon on the map; done(polygon in lon/lat) or cancelled()."""
        tool = self.sketch = PolygonSketchTool(self)

        def hint() -> None:
            n = len(tool.vertices)
            self.shell.status(tr("绘制施工范围：已有 {n} 个顶点。单击添加顶点，双击或回车完成（至少 3 个），"
                                 "Backspace 撤销上一个顶点，Esc 取消").format(n=n), 0)

        def finished(polygon) -> None:
            if self.sketch is tool:
                self.sketch = None
            self.shell.status(tr("施工范围已绘制"), 3000)
            done(polygon)

        def gone() -> None:
            if self.sketch is tool:
                self.sketch = None
            self.shell.status(tr("已取消绘制"), 3000)
            if cancelled is not None:
                cancelled()

        tool.changed.connect(hint)
        tool.finished.connect(finished)
        tool.cancelled.connect(gone)
        self.shell.canvas.set_tool(tool)
        hint()
        return tool

    # --- the form ----------------------------------------------------------------------------------
    def new_works(self) -> None:
        if self.project is None:
            return
        self.draw(lambda polygon: self._open_form(None, polygon))

    def edit(self, works_id: int) -> None:
        if self.project is None:
            return
        self._open_form(int(works_id), None)

    def edit_identified(self, source: str, row: int) -> None:
        if source == "works" and self.shell.stack is not None:
            self.edit(int(self.shell.stack.sources["works"].layer.ids[row]))

    def _open_form(self, works_id: int | None, extent) -> None:
        from desktop.views.gas.works import WorksForm

        if self.form is not None:
            self.form.close()
        try:
            with loading_named(self.project, QT_TRANSLATE_NOOP("Loads", "第三方施工")):   # its record: limited
                form = self.form = WorksForm(self.project, works_id, extent, self.shell.parent)
        except GridsafeError as e:            # deleted meanwhile (another workstation), or read past the budget
            QMessageBox.warning(self.shell.parent, tr("第三方施工"), error_text(e))
            return
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(self._saved)
        form.redrawRequested.connect(lambda: self._redraw(form))
        form.destroyed.connect(lambda _=None: setattr(self, "form", None) if self.form is form else None)
        form.show()
        form.raise_()

    def _redraw(self, form) -> None:
        form.hide()
        self.draw(lambda polygon: (form.set_extent(polygon), form.show(), form.raise_()),
                  lambda: (form.show(), form.raise_()))

    def _saved(self, outcome) -> None:
        self.shell.events.announce(outcome.change)
        self.shell.status(tr("已保存第三方施工"), 4000)
        if self.dock.is_built():
            self.register.refresh(select=outcome.value)

    # --- the map -----------------------------------------------------------------------------------
    def locate(self, works_id: int) -> None:
        """Zoom to the works, select it and show it in the identify panel (or its extent, when the map does
        not show the works layer's row)."""
        stack = self.shell.stack
        if stack is not None and "works" in stack.sources:
            rows = np.flatnonzero(stack.sources["works"].layer.ids == works_id)
            if len(rows):
                self.shell.show_feature("works", int(rows[0]))
                return
        row = next((r for r in self.register.rows if r.id == works_id), None)
        if row is not None and row.bounds is not None:
            minx, miny, maxx, maxy = row.bounds
            fwd = transformer(STORAGE, DISPLAY)
            (x0, x1), (y0, y1) = fwd.transform([minx, maxx], [miny, maxy])
            self.shell.canvas.zoom_to_bounds((x0, y0, x1, y1), margin=0.25)


def install(shell) -> WorksFeature:
    return WorksFeature(shell)
