"""导出图层: a layer, all layers, or the features selected on the map, to GeoPackage, Shapefile
(UTF-8, or GBK for older software), GeoJSON, KML/KMZ, CSV or XLSX; written off the UI thread."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.files import last_folder, remember_folder
from desktop.i18n import vocab_lang
from desktop.tasks import Task
from gis.io.export import FORMATS, MULTI_LAYER, SUFFIX, export, export_layers
from gis.io.targets import layer_label
from gis.layers import LAYERS
from gis.store import Project

FORMAT_LABELS = {"gpkg": "GeoPackage（.gpkg）", "shp": "Shapefile（.shp）", "geojson": "GeoJSON（.geojson）",
                 "kml": QT_TRANSLATE_NOOP("ExportDialog", "KML（奥维、Google Earth）"),
                 "kmz": QT_TRANSLATE_NOOP("ExportDialog", "KMZ（奥维、Google Earth，压缩）"),
                 "csv": QT_TRANSLATE_NOOP("ExportDialog", "CSV 表格（.csv）"),
                 "xlsx": QT_TRANSLATE_NOOP("ExportDialog", "Excel 表格（.xlsx）")}
ALL = "all"


class ExportDialog(QDialog):
    exported = Signal(list)   # the files written

    def __init__(self, project: Project, selection: dict[str, np.ndarray] | None = None,
                 parent: QWidget | None = None, panel: list[tuple[str, str, list[int] | None]] | None = None) -> None:
        """selection: layer name → ids of the features selected on the map. panel: the layer panel's layers as
        (title, data layer, ids of the features it shows or None for all), listed by those names; data layers
        the panel does not show follow under their own names."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("导出图层"))
        self.project = project
        self.job: Task | None = None
        self.written: list[Path] = []
        panel = [(title, layer, ids) for title, layer, ids in (panel or []) if layer in LAYERS]
        self.panel = panel        # 全部图层 names its layers as the panel does (gis.io.export.export_layers)
        names = {}
        for title, layer, _ids in panel:
            names.setdefault(layer, title)
        self.what_box = QComboBox()
        for layer, ids in (selection or {}).items():
            if len(ids) and layer in LAYERS:
                title = names.get(layer, layer_label(layer, vocab_lang()))
                self.what_box.addItem(self.tr("地图上选中的{0}（{1} 个）").format(title, f"{len(ids):,}"),
                                      (layer, [int(i) for i in ids], self.tr("{0}_选中").format(title)))
        for title, layer, ids in panel:
            self.what_box.addItem(title, (layer, ids, title))
        for layer in LAYERS:
            if layer not in names:
                label = layer_label(layer, vocab_lang())
                self.what_box.addItem(label, (layer, None, label))
        everything = self.tr("全部图层")
        self.what_box.addItem(self.tr("全部图层（GeoPackage、KML、KMZ）"), (ALL, None, everything))   # (layer, ids, file name)
        self._auto_stem: str | None = None       # the file name the dialog proposed (follows the layer chosen)
        self.format_box = QComboBox()
        for fmt in FORMATS:
            self.format_box.addItem(self.tr(FORMAT_LABELS[fmt]), fmt)
        self.gbk_box = QCheckBox(self.tr("属性表用 GBK 编码（给只认 GBK 的旧软件；默认 UTF-8 并附 .cpg）"))
        self.path_edit = QLineEdit()
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self.choose_path)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b71c1c;")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(self.tr("取消导出"))
        self.cancel_button.clicked.connect(self.cancel_export)
        self.cancel_button.setVisible(False)
        self.start_button = QPushButton(self.tr("导出"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start_export)
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.close_button)
        form = QFormLayout()
        form.addRow(self.tr("导出内容"), self.what_box)
        form.addRow(self.tr("格式"), self.format_box)
        form.addRow("", self.gbk_box)
        form.addRow(self.tr("保存到"), path_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.what_box.currentIndexChanged.connect(lambda _i: self._changed())
        self.format_box.currentIndexChanged.connect(lambda _i: self._changed())
        self.path_edit.textChanged.connect(lambda _t: self._update_state())
        self.resize(620, 260)
        self._changed()

    def choose(self, what: str, fmt: str, path: str | Path | None = None) -> None:
        """Pick layer (or 'all'), format and path as a user would (tests, callers)."""
        for i in range(self.what_box.count()):
            if self.what_box.itemData(i)[0] == what:
                self.what_box.setCurrentIndex(i)
                break
        self.format_box.setCurrentIndex(self.format_box.findData(fmt))
        if path is not None:
            self.path_edit.setText(str(path))

    def _choice(self) -> tuple[str, list[int] | None, str]:
        layer, ids, _title = self.what_box.currentData()
        return layer, ids, self.format_box.currentData()

    def _changed(self) -> None:
        _layer, _ids, fmt = self._choice()
        self.gbk_box.setVisible(fmt == "shp")
        text = self.path_edit.text().strip()
        proposed = self._default_name()
        # the file is named after the layer chosen, unless the user named it
        stem = Path(text).stem if text and Path(text).stem != self._auto_stem else proposed
        self._auto_stem = proposed if stem == proposed else self._auto_stem
        folder = Path(text).parent if text else last_folder()
        self.path_edit.setText(str(folder / f"{stem}{SUFFIX[fmt]}"))
        self._update_state()

    def _default_name(self) -> str:
        """The project's name and the chosen layer's name in the layer panel (…_选中 for features selected)."""
        return f"{self.project.name}_{self.what_box.currentData()[2]}"

    def _update_state(self) -> None:
        layer, _, fmt = self._choice()
        problem = ""
        if layer == ALL and fmt not in MULTI_LAYER:
            problem = self.tr("{0} 一个文件只能放一个图层：请选一个图层，或用 GeoPackage/KML/KMZ 导出全部图层。").format(
                self.tr(FORMAT_LABELS[fmt]))
        elif not self.path_edit.text().strip():
            problem = self.tr("请选择保存位置。")
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.start_button.setEnabled(not problem and self.job is None)

    def choose_path(self) -> None:
        _, _, fmt = self._choice()
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出到"), self.path_edit.text(),
                                              f"{self.tr(FORMAT_LABELS[fmt])} (*{SUFFIX[fmt]})")
        if path:
            self.path_edit.setText(path if path.lower().endswith(SUFFIX[fmt]) else path + SUFFIX[fmt])

    def start_export(self) -> None:
        if not self.start_button.isEnabled():
            return
        layer, ids, fmt = self._choice()
        title = self.what_box.currentData()[2]
        path = Path(self.path_edit.text().strip())
        remember_folder(path)
        encoding = "gbk" if fmt == "shp" and self.gbk_box.isChecked() else None
        project, panel = self.project, list(self.panel)
        if layer == ALL:       # every layer, named as in the layer panel
            work = lambda feedback: export_layers(project, panel, path, fmt, feedback=feedback)  # noqa: E731
        else:                  # the layer named in the file as in the list (the panel's name)
            work = lambda feedback: export(project, [layer], path, fmt, ids=ids, encoding=encoding,  # noqa: E731
                                           label=title, feedback=feedback)
        self.job = Task(work, title="导出图层", parent=self)
        self.job.progressed.connect(self._progressed)
        self.job.succeeded.connect(self._succeeded)
        self.job.failed.connect(self._failed)
        self.job.cancelled.connect(self._cancelled)
        self.job.finished.connect(self._done)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setVisible(True)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("正在导出到 {0} …").format(path.name))
        self._update_state()
        self.job.start()

    def _succeeded(self, paths: list[Path]) -> None:
        self.written = list(paths)
        self.message.setStyleSheet("color: #2e7d32;")
        self.message.setText(self.tr("已导出：\n{0}").format("\n".join(str(p) for p in paths)))
        self.exported.emit(self.written)

    def _progressed(self, fraction: float | None, text: str) -> None:
        if fraction is not None:
            self.progress.setValue(int(fraction * 100))
        self.message.setText(text)

    def _failed(self, message: str) -> None:
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.setText(message)

    def _cancelled(self) -> None:
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.setText(self.tr("已取消导出，没有写入任何文件"))

    def cancel_export(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)

    def _done(self) -> None:
        self.job = None
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self._update_state()

    def reject(self) -> None:
        if self.job is not None:   # closing while exporting: stop at the next checkpoint, no partial file
            self.job.cancel()
            self.job.wait()
        super().reject()
