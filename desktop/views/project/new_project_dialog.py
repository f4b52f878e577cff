"""文件 → 新建项目…: what a township office knows about itself — its name, its 统一区划代码 (the county's code
shown as it is derived), the county's name, the coordinate system its data comes in — and where the project
file goes (the last folder used), and the name of who is creating it (the project's first person, the window's
操作人: a new project has no roster yet). 新建 with something wrong names the field and keeps the dialog open; the
project itself is created by the main window (gis/store.create_project with gis/township.HomeTownship)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text, vocab_lang
from gis.errors import ValidationError
from gis.geo import detect
from gis.township import DEFAULT_CRS, HomeTownship, crs_choices, parse_area_code

SUFFIX = ".gridsafe"


def tr(text: str) -> str:
    return QCoreApplication.translate("NewProjectDialog", text)


class NewProjectDialog(QDialog):
    """`home()` and `path()` after exec() == Accepted; both checked by then."""

    def __init__(self, folder: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("新建项目"))
        self.folder = Path(folder)
        self._path_edited = False
        intro = QLabel(tr("为本乡镇（街道）新建一个项目文件。区划代码用于检查导入的村（社区）和网格编码；"
                          "坐标系是本单位数据通常使用的坐标系，导入时默认选用。"))
        intro.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(tr("如：荆山街道"))
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(tr("9 位或 12 位，如 410411001"))
        self.code_edit.setMaxLength(14)
        self.code_note = QLabel()
        self.code_note.setWordWrap(True)
        self.district_edit = QLineEdit()
        self.district_edit.setPlaceholderText(tr("如：湛河区"))
        self.operator_edit = QLineEdit()
        self.operator_edit.setPlaceholderText(tr("隐患登记、签字记在此名下（操作人）"))
        self.operator_edit.setMaxLength(50)
        self.crs_box = QComboBox()
        self.crs_box.setMinimumContentsLength(30)
        for code in crs_choices():
            self.crs_box.addItem(detect.describe(code, vocab_lang()), code)
        self.crs_box.setCurrentIndex(self.crs_box.findData(DEFAULT_CRS))
        self.path_edit = QLineEdit()
        browse = QPushButton(tr("浏览…"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b91c1c")
        self.error.hide()

        form = QFormLayout()
        form.addRow(tr("乡镇（街道）名称"), self.name_edit)
        form.addRow(tr("统一区划代码"), self.code_edit)
        form.addRow("", self.code_note)
        form.addRow(tr("所属区（县）名称"), self.district_edit)
        form.addRow(tr("坐标系"), self.crs_box)
        form.addRow(tr("您的姓名"), self.operator_edit)
        form.addRow(tr("项目文件"), path_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("新建"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

        self.name_edit.textChanged.connect(self._name_changed)
        self.code_edit.textChanged.connect(self._code_changed)
        self.path_edit.textEdited.connect(lambda _t: setattr(self, "_path_edited", True))
        for edit in (self.name_edit, self.code_edit, self.district_edit, self.operator_edit, self.path_edit):
            edit.textChanged.connect(self.error.hide)   # the message was about what is being changed
        self._name_changed("")
        self._code_changed("")

    # --- fields ------------------------------------------------------------------------------------

    def _name_changed(self, name: str) -> None:
        """The file is named after the township until the user picks another."""
        if not self._path_edited:
            stem = name.strip() or tr("新项目")
            self.path_edit.setText(str(self.folder / (stem + SUFFIX)))

    def _code_changed(self, text: str) -> None:
        if not text.strip():
            self.code_note.setText(tr("区县代码取前 6 位，乡镇（街道）代码取前 9 位。"))
            self.code_note.setStyleSheet("color: #555")
            return
        try:
            town, county = parse_area_code(text)
        except ValidationError as e:
            self.code_note.setText(error_text(e))
            self.code_note.setStyleSheet("color: #b91c1c")
            return
        self.code_note.setText(tr("区县代码 {county}，乡镇（街道）代码 {town}").format(county=county, town=town))
        self.code_note.setStyleSheet("color: #166534")

    def _browse(self) -> None:
        start = self.path_edit.text().strip() or str(self.folder)
        path, _ = QFileDialog.getSaveFileName(self, tr("新建项目"), start, tr("gridsafe 项目 (*.gridsafe)"))
        if path:
            self.path_edit.setText(path if path.endswith(SUFFIX) else path + SUFFIX)
            self._path_edited = True

    # --- result ------------------------------------------------------------------------------------

    def home(self) -> HomeTownship:
        return HomeTownship.checked(self.name_edit.text(), self.code_edit.text(), self.district_edit.text(),
                                    self.crs_box.currentData(), self.operator_edit.text())

    def path(self) -> str:
        text = self.path_edit.text().strip()
        if not text:
            raise ValidationError(tr("请选择项目文件的位置"))
        path = Path(text).expanduser()
        if path.suffix.lower() != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        if path.exists():
            raise ValidationError(tr("文件已存在，不会覆盖：{path}").format(path=path))
        if not path.parent.is_dir():
            raise ValidationError(tr("文件夹不存在：{folder}").format(folder=path.parent))
        return str(path)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def accept(self) -> None:
        try:
            self.home()
            self.path()
        except ValidationError as e:
            self.show_error(error_text(e))
            return
        super().accept()
