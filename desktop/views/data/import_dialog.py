"""导入数据: one file into one layer, in two steps.

1. 设置 — the file (and its layer or sheet), the target layer, the text encoding, where the
   coordinates come from and their coordinate system (read from the file, or proposed from the
   numbers with the reason, which the user must confirm), the field mapping (preset from a template,
   saveable as one) and a preview of the first rows.
2. 结果 — the import runs off the UI thread with a progress bar and 取消 (nothing is written then);
   then the report: rows read, imported, repaired, rejected, and each problem with its file, row,
   field and reason, saveable as xlsx.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text, vocab_lang
from desktop.tasks import Task
from desktop.views.data.import_report import ReportView
from gis.errors import GridsafeError
from gis.geo import detect
from gis.io import mapping as mappings
from gis.io.errors import CoordinateColumnsMissing, ImportRejected
from gis.io.importer import ImportOptions, check_crs, import_file, project_extent
from gis.io.readers import FORMAT_NAMES, FORMAT_NAMES_EN, FORMATS, read_source, sublayers
from gis.io.report import ImportReport
from gis.io.source import SourceData
from gis.io.targets import TARGETS, layer_label
from gis.store import Project
from gis.township import project_crs

PREVIEW_ROWS = 20
NOT_IMPORTED = QT_TRANSLATE_NOOP("ImportDialog", "（不导入）")
CHOOSE = QT_TRANSLATE_NOOP("ImportDialog", "（请选择）")
ENCODINGS = (("utf-8", "UTF-8"), ("gbk", QT_TRANSLATE_NOOP("ImportDialog", "GBK（国标）")), ("gb18030", "GB18030"))
SOURCE_COORDS = ((None, QT_TRANSLATE_NOOP("ImportDialog", "普通坐标（按坐标系读取）")),
                 ("gcj02", QT_TRANSLATE_NOOP("ImportDialog", "GCJ-02（高德、腾讯地图上取的点）")),
                 ("bd09", QT_TRANSLATE_NOOP("ImportDialog", "BD-09（百度地图上取的点）")))
ENCODED_FORMATS = ("shp", "csv")
ALL_FORMATS = " ".join(f"*{s}" for s in FORMATS)
FILE_FILTER = QT_TRANSLATE_NOOP("ImportDialog", "数据文件 ({formats});;"
                                "Shapefile (*.shp);;GeoPackage (*.gpkg);;Excel (*.xlsx);;CSV (*.csv *.txt);;"
                                "KML/KMZ (*.kml *.kmz);;GeoJSON (*.geojson *.json);;GPX (*.gpx);;所有文件 (*)")
translate = QCoreApplication.translate
WARN = "color: #b71c1c;"
OK = "color: #2e7d32;"


def _fmt_range(box) -> str:
    return translate("ImportDialog", "经度 {0}～{1}，纬度 {2}～{3}").format(*(f"{box[i]:.4f}" for i in (0, 2, 1, 3)))


class ImportDialog(QDialog):
    imported = Signal(str)   # layer name, after rows were written

    def __init__(self, project: Project, path: str | None = None, parent: QWidget | None = None,
                 layer: str = "sites") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入数据"))
        self.project = project
        self.path: Path | None = None
        self.src: SourceData | None = None
        self.crs_check = None
        self.manual_xy: tuple[str, str] | None = None   # coordinate columns the user named
        self.job: Task | None = None
        self.report: ImportReport | None = None
        with project.session() as s:
            self.extent = project_extent(s)
            self.home_crs = project_crs(s)   # 新建项目 asked it: the default for a file that names none
        self.pages = QStackedWidget()
        self.pages.addWidget(self._settings_page(layer))
        self.pages.addWidget(self._result_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.resize(1060, 760)
        if path:
            self.set_file(path)
        self._update_state()

    # --- step 1: settings ------------------------------------------------------------------------

    def _settings_page(self, layer: str) -> QWidget:
        page = QWidget()
        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText(self.tr("请选择要导入的数据文件"))
        browse = QPushButton(self.tr("选择文件…"))
        browse.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(browse)
        self.file_info = QLabel()
        self.sublayer_box = QComboBox()
        self.sublayer_box.currentIndexChanged.connect(lambda _i: self._reload())
        self.layer_box = QComboBox()
        for t in TARGETS.values():
            self.layer_box.addItem(t.label_in(vocab_lang()), t.layer)
        self.layer_box.setCurrentIndex(max(0, self.layer_box.findData(layer)))
        self.layer_box.currentIndexChanged.connect(lambda _i: self._fill_mapping())
        self.encoding_box = QComboBox()
        self.encoding_box.currentIndexChanged.connect(lambda _i: self._reload())
        self.coords_box = QComboBox()
        for key, label in SOURCE_COORDS:
            self.coords_box.addItem(self.tr(label), key)
        self.coords_box.currentIndexChanged.connect(lambda _i: self._crs_changed())
        self.crs_box = QComboBox()
        self.crs_box.setMinimumContentsLength(36)
        for code in detect.supported():
            self.crs_box.addItem(detect.describe(code, vocab_lang()), code)
        self.crs_box.currentIndexChanged.connect(lambda _i: self._crs_changed())
        self.crs_note = QLabel()
        self.crs_note.setWordWrap(True)
        self.confirm_box = QCheckBox()
        self.confirm_box.setStyleSheet("QCheckBox { color: #e65100; font-weight: bold; }")
        self.confirm_box.toggled.connect(lambda _on: self._update_state())
        self.x_box, self.y_box = QComboBox(), QComboBox()
        for box in (self.x_box, self.y_box):
            box.activated.connect(lambda _i: self._xy_chosen())
        xy_row = QHBoxLayout()
        xy_row.addWidget(QLabel(self.tr("经度/X")))
        xy_row.addWidget(self.x_box, 1)
        xy_row.addWidget(QLabel(self.tr("纬度/Y")))
        xy_row.addWidget(self.y_box, 1)
        self.xy_widget = QWidget()
        self.xy_widget.setLayout(xy_row)
        xy_row.setContentsMargins(0, 0, 0, 0)

        form = QFormLayout()
        form.addRow(self.tr("数据文件"), file_row)
        form.addRow("", self.file_info)
        form.addRow(self.tr("图层/工作表"), self.sublayer_box)
        form.addRow(self.tr("导入到"), self.layer_box)
        form.addRow(self.tr("文字编码"), self.encoding_box)
        form.addRow(self.tr("坐标列"), self.xy_widget)
        form.addRow(self.tr("坐标来源"), self.coords_box)
        form.addRow(self.tr("坐标系"), self.crs_box)
        form.addRow("", self.crs_note)
        form.addRow("", self.confirm_box)
        self._form = form
        source_group = QGroupBox(self.tr("数据与坐标"))
        source_group.setLayout(form)

        self.template_box = QComboBox()
        for name in mappings.templates():
            self.template_box.addItem(self.tr("默认（常用字段名）") if name == mappings.DEFAULT_NAME else name, name)
        self.template_box.setCurrentIndex(max(0, self.template_box.findData(mappings.DEFAULT_NAME)))
        self.template_box.currentIndexChanged.connect(lambda _i: self._fill_mapping())
        save_template = QPushButton(self.tr("另存为模板…"))
        save_template.clicked.connect(lambda: self.save_template_as())
        template_row = QHBoxLayout()
        template_row.addWidget(QLabel(self.tr("字段对照模板")))
        template_row.addWidget(self.template_box, 1)
        template_row.addWidget(save_template)
        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setHorizontalHeaderLabels((self.tr("图层字段"), self.tr("来源字段"), self.tr("第一行的值")))
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        h = self.mapping_table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.mapping_note = QLabel(self.tr("未对应的来源字段作为附加属性一并导入。"))
        self.mapping_note.setWordWrap(True)
        mapping_layout = QVBoxLayout()
        mapping_layout.addLayout(template_row)
        mapping_layout.addWidget(self.mapping_table, 1)
        mapping_layout.addWidget(self.mapping_note)
        mapping_group = QGroupBox(self.tr("字段对照"))
        mapping_group.setLayout(mapping_layout)

        self.preview = QTableWidget(0, 0)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setAlternatingRowColors(True)
        preview_group = QGroupBox(self.tr("预览（前 {0} 行）").format(PREVIEW_ROWS))
        QVBoxLayout(preview_group).addWidget(self.preview)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(WARN)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.partial_box = QCheckBox(self.tr("有问题的行跳过，只导入通过检查的行（默认：有问题就全部不导入）"))
        self.start_button = QPushButton(self.tr("开始导入"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start_import)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.partial_box, 1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(close)

        top = QHBoxLayout()
        top.addWidget(source_group, 5)
        top.addWidget(mapping_group, 4)
        layout = QVBoxLayout(page)
        layout.addLayout(top, 3)
        layout.addWidget(preview_group, 2)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        return page

    def choose_file(self) -> None:
        start = str(self.path.parent) if self.path else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择要导入的数据文件"), start,
                                              self.tr(FILE_FILTER).format(formats=ALL_FORMATS))
        if path:
            self.set_file(path)

    def set_file(self, path: str | Path) -> None:
        self.path = Path(path)
        self.file_edit.setText(str(self.path))
        fmt = FORMATS.get(self.path.suffix.lower())
        with QSignalBlocker(self.sublayer_box), QSignalBlocker(self.encoding_box):
            self.sublayer_box.clear()
            try:
                self.sublayer_box.addItems(sublayers(self.path) if fmt else [])
            except GridsafeError:
                pass   # reading the file says why
            self.encoding_box.clear()
            self.encoding_box.addItem(self.tr("自动检测"), None)
            for key, label in ENCODINGS:
                self.encoding_box.addItem(self.tr(label), key)
        self._form.setRowVisible(self.sublayer_box, self.sublayer_box.count() > 1)
        self._form.setRowVisible(self.encoding_box, fmt in ENCODED_FORMATS)
        with QSignalBlocker(self.x_box), QSignalBlocker(self.y_box):
            self.x_box.clear()
            self.y_box.clear()
        self.manual_xy = None
        self._reload()

    def _reload(self) -> None:
        """Read the file with the chosen layer, encoding and coordinate columns; refresh everything."""
        if self.path is None:
            return
        xy_columns = self.manual_xy
        self.src, self.crs_check, error = None, None, ""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.src = read_source(self.path, encoding=self.encoding_box.currentData(),
                                   layer=self.sublayer_box.currentText() or None, xy=xy_columns)
            self.crs_check = check_crs(self.src, self.extent)
        except CoordinateColumnsMissing as e:   # the user names them in 坐标列
            error = self.tr("{0}。请在“坐标列”中选择经度/X 和纬度/Y 所在的列。").format(error_text(e))
            self._offer_xy(e.columns)
        except GridsafeError as e:
            error = error_text(e)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.error_label.setText(error)
        self._show_source()
        self._fill_mapping()
        self._fill_preview()
        self._fill_crs()

    def _offer_xy(self, columns: list[str]) -> None:
        for box in (self.x_box, self.y_box):
            with QSignalBlocker(box):
                box.clear()
                box.addItem(self.tr(CHOOSE))
                box.addItems(columns)

    def _xy_chosen(self) -> None:
        x, y = self.x_box.currentText(), self.y_box.currentText()
        if self.tr(CHOOSE) not in (x, y) and x and y and x != y:
            self.manual_xy = (x, y)
            self._reload()

    def _show_source(self) -> None:
        src = self.src
        if src is None:
            self.file_info.setText("")
            self._form.setRowVisible(self.xy_widget, self.x_box.count() > 0)
            return
        size = self.tr("{0} 行") if src.row_noun == "行" else self.tr("{0} 个要素")
        names = FORMAT_NAMES_EN if vocab_lang() == "en" else FORMAT_NAMES
        parts = [names[src.format], size.format(f"{len(src):,}")]
        if src.encoding:
            parts.append(self.tr("编码 {0}").format(src.encoding.upper()))
        parts += [en if vocab_lang() == "en" else zh for zh, en in src.notes]
        self.file_info.setText("　·　".join(parts))
        self.file_info.setWordWrap(True)
        table = src.xy_columns is not None
        self._form.setRowVisible(self.xy_widget, table)
        if table:
            columns = [str(c) for c in src.frame.columns] + list(src.xy_columns)
            for box, chosen in ((self.x_box, src.xy_columns[0]), (self.y_box, src.xy_columns[1])):
                with QSignalBlocker(box):
                    box.clear()
                    box.addItems(sorted(set(columns), key=columns.index))
                    box.setCurrentText(chosen)
        enc = self.encoding_box
        if enc.currentData() is None and src.encoding:
            enc.setItemText(0, self.tr("自动检测（{0}）").format(src.encoding.upper()))

    # --- coordinate system ---------------------------------------------------------------------

    def _fill_crs(self) -> None:
        c = self.crs_check
        chosen = None
        if c is not None:
            chosen = (c.proposal.crs if c.proposal is not None and not c.trusted else c.declared) or c.declared
            if c.declared is None and chosen != self.home_crs and detect.lands_in_china(self.home_crs, c.bounds):
                chosen = self.home_crs   # a file without one: the system 新建项目 said the office's data uses
        if chosen and self.crs_box.findData(chosen) < 0:
            self.crs_box.insertItem(0, detect.describe(chosen, vocab_lang()), chosen)
        with QSignalBlocker(self.crs_box):
            self.crs_box.setCurrentIndex(max(0, self.crs_box.findData(chosen or self.home_crs)))
        self._crs_changed()

    def chosen_crs(self) -> str:
        return self.crs_box.currentData()

    def needs_confirmation(self) -> bool:
        """True unless the coordinates are read as the file itself says (and that puts them in China)
        or as Amap/Baidu points (lon/lat by definition)."""
        c = self.crs_check
        if self.coords_box.currentData() is not None:
            return False
        return c is None or not (c.trusted and c.declared == self.chosen_crs())

    def _crs_changed(self) -> None:
        web = self.coords_box.currentData() is not None
        if web:
            with QSignalBlocker(self.crs_box):
                self.crs_box.setCurrentIndex(self.crs_box.findData("EPSG:4490"))
        self.crs_box.setEnabled(not web)
        with QSignalBlocker(self.confirm_box):
            self.confirm_box.setChecked(False)
        self.confirm_box.setText(self.tr("我已核对：坐标按“{0}”读取").format(
            detect.describe(self.chosen_crs(), vocab_lang())))
        self.confirm_box.setVisible(self.src is not None and self.needs_confirmation())
        self.crs_note.setText(self._crs_text())
        self._update_state()

    def _crs_text(self) -> str:
        c, src = self.crs_check, self.src
        if src is None or c is None:
            return ""
        lines = []
        if self.coords_box.currentData() is not None:
            lines.append(self.tr("经纬度将从 GCJ-02/BD-09 纠偏转换为 CGCS2000。"))
        elif c.trusted:
            lines.append(self.tr("文件声明的坐标系：{0}。").format(detect.describe(c.declared, vocab_lang())))
        elif c.declared:
            lines.append(self.tr("文件声明的坐标系是 {0}，但坐标按它换算后不在中国境内。").format(
                detect.describe(c.declared, vocab_lang())))
        else:
            lines.append(self.tr("文件没有坐标系信息。"))
        if c.proposal is not None and not c.trusted and self.coords_box.currentData() is None:
            others = self.tr("（其他可能：{0}）").format(self.tr("、").join(c.proposal.alternatives)) \
                if c.proposal.alternatives else ""
            lines.append(self.tr("推测为 {0}：{1}{2}。请核对后确认。").format(
                detect.describe(c.proposal.crs, vocab_lang()), c.proposal.why(vocab_lang()), others))
        elif c.declared is None and c.proposal is None and c.bounds is not None:
            lines.append(self.tr("无法从坐标范围判断坐标系，请选择正确的坐标系。"))
        if c.bounds is not None:
            box = detect._lonlat_box(self.chosen_crs(), c.bounds)
            if box is None or not detect.inside_china(box):
                lines.append(self.tr("⚠ 按所选坐标系换算后不在中国境内，请换一个坐标系。"))
            else:
                where = ""
                if self.extent is not None:
                    e = self.extent
                    near = box[2] >= e[0] - 0.5 and box[0] <= e[2] + 0.5 and box[3] >= e[1] - 0.5 and box[1] <= e[3] + 0.5
                    where = self.tr("，在项目范围附近") if near else self.tr("，⚠ 远离项目范围")
                lines.append(self.tr("换算后：{0}{1}。").format(_fmt_range(box), where))
        return "\n".join(lines)

    # --- field mapping -------------------------------------------------------------------------

    def _target(self):
        return TARGETS[self.layer_box.currentData()]

    def _fill_mapping(self) -> None:
        t = self._target()
        columns = [str(c) for c in self.src.frame.columns] if self.src is not None else []
        chosen: dict[str, str] = {}
        note = self.tr("未对应的来源字段作为附加属性一并导入。")
        if self.src is not None:
            try:
                template = mappings.load_mapping(self._template_name())
                chosen = mappings.resolve(template, columns, t, self.tr("文件 {0}").format(self.src.path.name))
            except GridsafeError as e:
                chosen = mappings.resolve(mappings.default_mapping(), columns, t, "")
                note = self.tr("{0}（已按默认模板对照）").format(error_text(e))
        self.mapping_table.setRowCount(len(t.fields))
        for row, f in enumerate(t.fields):
            item = QTableWidgetItem(f.label_in(vocab_lang()) + (self.tr("（必填）") if f.required else ""))
            item.setData(Qt.ItemDataRole.UserRole, f.name)
            self.mapping_table.setItem(row, 0, item)
            box = QComboBox()
            box.addItem(self.tr(NOT_IMPORTED), None)
            for c in columns:
                box.addItem(c, c)
            box.setCurrentIndex(max(0, box.findData(chosen.get(f.name))))
            box.currentIndexChanged.connect(lambda _i, r=row: self._mapping_changed(r))
            self.mapping_table.setCellWidget(row, 1, box)
            self.mapping_table.setItem(row, 2, QTableWidgetItem())
            self._mapping_changed(row, update=False)
        self.mapping_note.setText(note)
        self._update_state()

    def _mapping_changed(self, row: int, update: bool = True) -> None:
        col = self.mapping_table.cellWidget(row, 1).currentData()
        sample = ""
        if col is not None and self.src is not None and len(self.src):
            values = self.src.frame[col]
            present = values[values.notna() & (values.astype(str).str.strip() != "")]
            sample = str(present.iloc[0]) if len(present) else ""
        self.mapping_table.item(row, 2).setText(sample)
        if update:
            self._update_state()

    def _template_name(self) -> str | None:
        name = self.template_box.currentData()
        return None if name in (None, mappings.DEFAULT_NAME) else name   # None: the shipped default

    def chosen_columns(self) -> dict[str, str]:
        out = {}
        for row in range(self.mapping_table.rowCount()):
            col = self.mapping_table.cellWidget(row, 1).currentData()
            if col is not None:
                out[self.mapping_table.item(row, 0).data(Qt.ItemDataRole.UserRole)] = col
        return out

    def set_mapping(self, field: str, column: str | None) -> None:
        for row in range(self.mapping_table.rowCount()):
            if self.mapping_table.item(row, 0).data(Qt.ItemDataRole.UserRole) == field:
                box = self.mapping_table.cellWidget(row, 1)
                box.setCurrentIndex(max(0, box.findData(column)))

    def save_template_as(self, name: str | None = None) -> Path | None:
        if name is None:
            name, ok = QInputDialog.getText(self, self.tr("另存为字段对照模板"), self.tr("模板名称："))
            if not ok:
                return None
        name = name.strip()
        base = mappings.load_mapping(self._template_name())
        chosen = self.chosen_columns()
        fields = {f.name: [chosen[f.name]] if f.name in chosen else [] for f in self._target().fields}  # []: 不导入
        template = mappings.Mapping(fields, base.defaults, name, dict(fields), base.ignore)
        try:
            path = mappings.save_template(template, name)
        except GridsafeError as e:
            QMessageBox.warning(self, self.tr("无法保存模板"), error_text(e))
            return None
        with QSignalBlocker(self.template_box):
            if self.template_box.findData(name) < 0:
                self.template_box.addItem(name, name)
            self.template_box.setCurrentIndex(self.template_box.findData(name))
        return path

    # --- preview -------------------------------------------------------------------------------

    def _fill_preview(self) -> None:
        src = self.src
        if src is None:
            self.preview.setRowCount(0)
            self.preview.setColumnCount(0)
            return
        n = min(PREVIEW_ROWS, len(src))
        headers = [self.tr("行号") if src.row_noun == "行" else self.tr("序号"), *(str(c) for c in src.frame.columns),
                   self.tr("坐标")]
        self.preview.setColumnCount(len(headers))
        self.preview.setHorizontalHeaderLabels(headers)
        self.preview.setRowCount(n)
        self.preview.verticalHeader().setVisible(False)
        frame = src.frame.head(n)
        for r in range(n):
            cells = [str(src.rows[r])] + ["" if _blank(v) else str(v) for v in frame.iloc[r].tolist()]
            cells.append(_geometry_text(src.geoms[r]))
            for c, text in enumerate(cells):
                self.preview.setItem(r, c, QTableWidgetItem(text))
        self.preview.resizeColumnsToContents()
        for c in range(len(headers)):
            self.preview.setColumnWidth(c, min(self.preview.columnWidth(c), 220))

    # --- running -------------------------------------------------------------------------------

    def _update_state(self) -> None:
        ready = self.src is not None and (not self.needs_confirmation() or self.confirm_box.isChecked())
        self.start_button.setEnabled(ready)
        missing = [f.label_in(vocab_lang()) for f in self._target().fields if f.required and f.name not in self.chosen_columns()
                   and f.name not in self._target().defaults]
        if self.src is not None and missing:
            self.mapping_note.setText(self.tr("必填字段“{0}”没有对应的来源字段，这些行将被拒绝。").format(
                self.tr("、").join(missing)))
            self.mapping_note.setStyleSheet(WARN)
        elif self.src is not None:
            self.mapping_note.setStyleSheet("")

    def options(self) -> ImportOptions:
        web = self.coords_box.currentData()
        return ImportOptions(
            self.layer_box.currentData(), crs=None if web else self.chosen_crs(), source_coords=web,
            encoding=self.encoding_box.currentData(), source_layer=self.sublayer_box.currentText() or None,
            xy=self.src.xy_columns if self.src is not None else None, allow_partial=self.partial_box.isChecked(),
            columns=self.chosen_columns())

    def start_import(self, allow_partial: bool | None = None) -> None:
        if not self.start_button.isEnabled() or self.job is not None:
            return
        opts = self.options()
        if allow_partial is not None:
            opts.allow_partial = allow_partial
        project, path, src = self.project, self.path, self.src
        job = Task(lambda feedback: import_file(project, path, opts, feedback=feedback, source=src),
                   title="导入数据", parent=self)
        job.progressed.connect(self._progressed)
        job.succeeded.connect(self._succeeded)
        job.failed.connect(self._failed)
        job.cancelled.connect(self._cancelled)
        job.finished.connect(self._job_done)
        self.job = job
        self._show_running(self.tr("正在导入 {0} → {1}").format(path.name, self._target().label_in(vocab_lang())))
        job.start()

    def cancel_import(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.cancel_button.setText(self.tr("正在取消…"))

    def _job_done(self) -> None:
        self.job = None
        self.cancel_button.setVisible(False)
        for b in (self.back_button, self.close_button):
            b.setEnabled(True)

    def _progressed(self, fraction: float | None, text: str) -> None:
        if fraction is not None:
            self.progress.setValue(int(fraction * 100))
        self.progress_text.setText(text)

    def _succeeded(self, report: ImportReport) -> None:
        self._show_outcome(report, self.tr("导入完成：{0} 条数据已导入“{1}”").format(
            f"{report.imported:,}", layer_label(report.layer, vocab_lang())), OK, "")
        self.imported.emit(report.layer)

    def _cancelled(self) -> None:
        self._show_outcome(None, self.tr("已取消导入，项目中没有写入任何数据"), WARN, "")

    def _failed(self, message: str) -> None:
        e = self.job.error if self.job is not None else None
        if isinstance(e, ImportRejected):
            self._show_outcome(e.report, self.tr("未导入任何数据：有数据未通过检查"), WARN, error_text(e))
            rows = e.report.rows_read - len(e.report.rejected_rows)
            self.partial_button.setText(self.tr("跳过问题行，导入其余 {0} 行").format(f"{rows:,}"))
            self.partial_button.setVisible(rows > 0 and not e.report.imported)
        else:
            self._show_outcome(None, self.tr("导入失败，项目中没有写入任何数据"), WARN, message)

    # --- step 2: progress and report -----------------------------------------------------------

    def _result_page(self) -> QWidget:
        page = QWidget()
        self.result_title = QLabel()
        self.result_title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.result_title.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress_text = QLabel()
        self.cancel_button = QPushButton(self.tr("取消导入"))
        self.cancel_button.clicked.connect(self.cancel_import)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.progress_text)
        progress_row.addWidget(self.cancel_button)
        self.result_message = QLabel()
        self.result_message.setWordWrap(True)
        self.result_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report_view = ReportView()
        self.save_button = QPushButton(self.tr("保存报告…"))
        self.save_button.clicked.connect(lambda: self.report_view.save())
        self.back_button = QPushButton(self.tr("返回修改设置"))
        self.back_button.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.partial_button = QPushButton()
        self.partial_button.clicked.connect(lambda: self.start_import(allow_partial=True))
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.partial_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.result_title)
        layout.addLayout(progress_row)
        layout.addWidget(self.result_message)
        layout.addWidget(self.report_view, 1)
        layout.addLayout(buttons)
        return page

    def _show_running(self, title: str) -> None:
        self.pages.setCurrentIndex(1)
        self.result_title.setText(title)
        self.result_title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.progress.setValue(0)
        self.progress_text.setText("")
        for w in (self.progress, self.progress_text):
            w.setVisible(True)
        self.cancel_button.setText(self.tr("取消导入"))
        self.cancel_button.setEnabled(True)
        self.cancel_button.setVisible(True)
        self.result_message.setText("")
        self.report_view.show_report(None)
        self.report_view.setVisible(False)
        for b in (self.save_button, self.partial_button):
            b.setVisible(False)
        for b in (self.back_button, self.close_button):
            b.setEnabled(False)

    def _show_outcome(self, report: ImportReport | None, title: str, style: str, message: str) -> None:
        self.report = report
        self.result_title.setText(title)
        self.result_title.setStyleSheet(f"font-size: 16px; font-weight: bold; {style}")
        for w in (self.progress, self.progress_text):
            w.setVisible(False)
        self.result_message.setText(message)
        self.result_message.setVisible(bool(message))
        self.report_view.show_report(report)
        self.report_view.setVisible(report is not None)
        self.save_button.setVisible(report is not None)
        self.partial_button.setVisible(False)

    def reject(self) -> None:
        if self.job is not None:   # closing while importing: cancel, nothing is written
            self.cancel_import()
            self.job.wait()
        super().reject()


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v))


def _geometry_text(g) -> str:
    if g is None:
        return translate("ImportDialog", "（无坐标）")
    if g.geom_type == "Point":
        return f"{g.x:.6f}, {g.y:.6f}" if abs(g.x) < 1000 else f"{g.x:.2f}, {g.y:.2f}"
    kinds = {"LineString": QT_TRANSLATE_NOOP("ImportDialog", "线"),
             "MultiLineString": QT_TRANSLATE_NOOP("ImportDialog", "多段线"),
             "Polygon": QT_TRANSLATE_NOOP("ImportDialog", "面"),
             "MultiPolygon": QT_TRANSLATE_NOOP("ImportDialog", "多面")}
    kind = translate("ImportDialog", kinds[g.geom_type]) if g.geom_type in kinds else g.geom_type
    return translate("ImportDialog", "{0}（{1} 部分）").format(kind, len(g.geoms) if hasattr(g, "geoms") else 1)
