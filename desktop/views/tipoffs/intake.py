"""受理 (intake) of a public tip-off: channel, received time, reporter and contact, the place (picked on the map —
`pickRequested`, the feature runs desktop/map/tools.PointPickTool and calls `set_lonlat` — or typed as 经度,纬度),
address, description, photos from files. Saving runs desktop/services/tipoffs.receive; a refusal (no place, a
contact that is no phone number, a place outside the grids …) is shown in the form and nothing is written."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from desktop.i18n import error_text, vocab_lang
from desktop.services import tipoffs as use
from gis import vocab
from gis.errors import GridsafeError


class IntakeForm(QDialog):
    saved = Signal(object)            # the Outcome: value (id, 编号), change
    pickRequested = Signal()

    def __init__(self, project, operator: Callable[[], object | None], parent=None, *,
                 now: Callable[[], datetime] = datetime.now) -> None:
        super().__init__(parent)
        self.project, self.operator = project, operator
        self.outcome = None
        self.setWindowTitle(self.tr("受理群众举报"))
        self.channel = QComboBox()
        for key, label in vocab.labels("tipoff_channels", vocab_lang()).items():
            self.channel.addItem(label, key)
        t = now()
        self.received = QDateTimeEdit(QDateTime(t.year, t.month, t.day, t.hour, t.minute, 0))
        self.received.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.received.setCalendarPopup(True)
        self.reporter = QLineEdit(placeholderText=self.tr("可匿名"))
        self.contact = QLineEdit(placeholderText=self.tr("手机或固定电话，如 13812345678"))
        self.place = QLineEdit(placeholderText=self.tr("经度,纬度（或在地图上点选）"))
        self.pick_button = QPushButton(self.tr("在地图上点选…"))
        self.address = QLineEdit(placeholderText=self.tr("地址描述；可输入场所名称或地址后点“查找”定位"))
        self.find_button = QPushButton(self.tr("查找"))
        self.find_button.setToolTip(self.tr("按场所名称、地址或网格名称查找举报位置"))
        self.found_menu = QMenu(self)
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(self.tr("举报人反映的问题"))
        self.description.setFixedHeight(80)
        self.photos = QListWidget()
        self.photos.setFixedHeight(56)
        self.add_photo = QPushButton(self.tr("添加照片…"))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout()
        form.addRow(self.tr("举报渠道"), self.channel)
        form.addRow(self.tr("受理时间"), self.received)
        form.addRow(self.tr("举报人"), self.reporter)
        form.addRow(self.tr("联系电话"), self.contact)
        place = QHBoxLayout()
        place.addWidget(self.place, 1)
        place.addWidget(self.pick_button)
        form.addRow(self.tr("举报位置"), place)
        address = QHBoxLayout()
        address.addWidget(self.address, 1)
        address.addWidget(self.find_button)
        form.addRow(self.tr("地址"), address)
        form.addRow(self.tr("举报内容"), self.description)
        photos = QHBoxLayout()
        photos.addWidget(self.photos, 1)
        photos.addWidget(self.add_photo, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(self.tr("照片"), photos)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(480, self.sizeHint().height())
        self.pick_button.clicked.connect(self.pickRequested)
        self.find_button.clicked.connect(self.find_place)
        self.address.returnPressed.connect(self.find_place)
        self.add_photo.clicked.connect(self.choose_photos)
        for edit in (self.contact, self.place):
            edit.textChanged.connect(lambda _t: self.error.hide())
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def set_lonlat(self, lon: float, lat: float) -> None:
        self.place.setText(f"{lon:.6f},{lat:.6f}")

    def find_place(self) -> list:
        """The places matching the address text, offered in a menu under it; one chosen sets the place."""
        found = use.places(self.project, self.address.text())
        self.found_menu.clear()
        if not found:
            self._refuse(self.tr("没有名称或地址包含“{0}”的场所或网格：请在地图上点选").format(self.address.text().strip()))
            return found
        for place in found:
            self.found_menu.addAction(place.label, lambda p=place: self.use_place(p))
        self.found_menu.popup(self.address.mapToGlobal(self.address.rect().bottomLeft()))
        return found

    def use_place(self, place) -> None:
        self.set_lonlat(place.lon, place.lat)
        if place.address and place.address not in self.address.text():
            self.address.setText(place.address)

    def lonlat(self) -> tuple[float, float] | None:
        """The typed or picked place; None when empty; GridsafeError-worthy text is refused in save()."""
        text = self.place.text().strip().replace("，", ",")
        if not text:
            return None
        try:
            lon, lat = (float(v) for v in text.split(","))
        except ValueError:
            raise GridsafeError(self.tr("举报位置“{0}”应写成 经度,纬度（如 113.35,33.67），或在地图上点选").format(text))
        return lon, lat

    def choose_photos(self) -> None:
        paths, _f = QFileDialog.getOpenFileNames(self, self.tr("选择现场照片"), "",
                                                 self.tr("图片（*.jpg *.jpeg *.png *.gif *.bmp *.webp）"))
        self.add_photos(paths)

    def add_photos(self, paths) -> None:
        for p in paths:
            self.photos.addItem(Path(p).name)
            item = self.photos.item(self.photos.count() - 1)
            item.setToolTip(str(p))
            item.setData(Qt.ItemDataRole.UserRole, str(p))

    def photo_files(self) -> list[Path]:
        return [Path(self.photos.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.photos.count())]

    def _refuse(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.adjustSize()

    def save(self) -> None:
        actor = self.operator()
        if actor is None:
            self._refuse(self.tr("请先选择操作人"))
            return
        q = self.received.dateTime()
        received = datetime(q.date().year(), q.date().month(), q.date().day(), q.time().hour(), q.time().minute())
        try:
            self.outcome = use.receive(
                self.project, actor=actor, channel=self.channel.currentData(), place=self.lonlat(),
                description=self.description.toPlainText(), reporter_name=self.reporter.text(),
                reporter_contact=self.contact.text(), address=self.address.text(), photo_files=self.photo_files(),
                received_at=received)
        except GridsafeError as e:
            self._refuse(error_text(e))
            return
        self.saved.emit(self.outcome)
        self.accept()
