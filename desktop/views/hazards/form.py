"""The hazard form (隐患登记与办理): record a hazard, edit it, move it through the closed loop, sign it.

Every write goes through gis.hazards in one transaction. The form keeps the snapshot it was opened
with; a save or step made after someone else changed the hazard is refused by the version check and
the other's change is shown. A change this window announces (a notice printed, a step in another
form) is taken in by `refresh()`: the form rebases onto it and keeps unsaved edits, unless the change
touched a field the user is editing. Refusals are shown in the red banner, never as a traceback.

The 操作人 field starts as the session's operator (desktop/operator.py), never as some other person;
a write with the field empty asks for the operator.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text, vocab_label, vocab_lang
from gis import hazards, repo, vocab
from gis.errors import GridsafeError
from gis.hazards import checklists, links, signoff

NO_DATE = QDate(2000, 1, 1)   # shown as "未填"
BUTTON_ACTIONS = ("assign", "start", "submit", "reject", "close", "sign", "note")
IMAGE_FILTER = QT_TRANSLATE_NOOP("HazardForm", "图片 (*.jpg *.jpeg *.png *.gif *.bmp *.webp);;所有文件 (*)")


class DateField(QDateEdit):
    """A date that may be empty (shown as 未填)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText(self.tr("未填"))
        self.set_value(None)

    def value(self) -> date | None:
        d = self.date()
        return None if d == NO_DATE else date(d.year(), d.month(), d.day())

    def set_value(self, d: date | None) -> None:
        self.setDate(NO_DATE if d is None else QDate(d.year, d.month, d.day))


def _combo(items: list[tuple[str, object]], *, empty: str | None = None, searchable: bool = False) -> QComboBox:
    box = QComboBox()
    if empty is not None:
        box.addItem(empty, None)
    for text, data in items:
        box.addItem(text, data)
    if searchable:
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        box.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        box.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return box


def _labels(name: str) -> list[tuple[str, str]]:
    """A vocabulary's (label in the interface language, key) pairs, for _combo."""
    return [(vocab_label(name, key), key) for key in vocab.keys(name)]


def _set(box: QComboBox, data) -> None:
    i = box.findData(data)
    box.setCurrentIndex(max(i, 0))


class HazardForm(QDialog):
    """One hazard: new (`hazard_id` None, optionally prefilled with a linked feature) or existing."""

    saved = Signal(int)   # hazard id, after any successful write

    def __init__(self, project, hazard_id: int | None = None, *, link: tuple[str, int] | None = None,
                 point: tuple[float, float] | None = None, actor: str | None = None, operator=None,
                 parent=None) -> None:
        super().__init__(parent)
        self.project = project
        self.operator = operator   # desktop.operator.Operator: the default 操作人, asked for when needed
        self.hazard_id = hazard_id
        self.base: dict | None = None
        self.status: str | None = None
        self._new_photos: list[tuple[str, bytes]] = []
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(860, 700)
        with project.session() as s:
            self.grade_table = hazards.grades(s)
            self.people = repo.person_choices(s)
            self.person_names = {pid: text for text, pid in self.people}
            self.chain = hazards.project_chain(s)
        self._build(actor)
        if not actor and operator is not None and operator.is_set():
            i = self.actor.findData(operator.person_id)
            if i >= 0:
                self.actor.setCurrentIndex(i)
            else:
                self.actor.setEditText(operator.name)
        if hazard_id is not None:
            self.load()
        else:
            self._start_new(link, point)

    # --- layout -------------------------------------------------------------------------------------
    def _build(self, actor: str | None) -> None:
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.hide()

        # 基本信息
        self.link_kind = _combo([(vocab_label("hazard_links", k), k) for k in links.COLUMNS])
        self.link_object = _combo([], searchable=True)
        self.link_kind.currentIndexChanged.connect(lambda _i: self._fill_link_objects())
        self.lon = QDoubleSpinBox()
        self.lat = QDoubleSpinBox()
        for box, lo, hi in ((self.lon, 73.0, 136.0), (self.lat, 3.0, 54.0)):
            box.setDecimals(6)
            box.setRange(lo - 1, hi)
            box.setSpecialValueText("—")
            box.setValue(box.minimum())
        self.found_on = DateField()
        self.found_by = QLineEdit()
        self.source = _combo(_labels("hazard_sources"), empty=self.tr("（请选择）"))
        self.sector = _combo(_labels("sectors"), empty=self.tr("（未定）"))
        self.sector.currentIndexChanged.connect(lambda _i: self._fill_checklist())
        self.checklist = _combo([], searchable=True)
        self.checklist.setObjectName("checklist")   # its items quote the government's checklists as written
        self.checklist.setMinimumWidth(420)
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(self.tr("隐患描述：在什么位置、存在什么问题"))
        self.description.setMaximumHeight(90)
        self.grade = _combo([(vocab.text(v, vocab_lang()), k) for k, v in self.grade_table.items()])
        self.photos = QListWidget()
        self.photos.setViewMode(QListWidget.ViewMode.IconMode)
        self.photos.setIconSize(QSize(96, 96))
        self.photos.setFixedHeight(130)
        self.photos.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.add_photo_button = QPushButton(self.tr("添加照片…"))
        self.add_photo_button.clicked.connect(self.choose_photos)

        basic = QWidget()
        outer = QVBoxLayout(basic)
        f = QFormLayout()
        outer.addLayout(f)
        outer.addStretch(1)
        link_row = QHBoxLayout()
        link_row.addWidget(self.link_kind)
        link_row.addWidget(self.link_object, 1)
        f.addRow(self.tr("关联对象"), link_row)
        point_row = QHBoxLayout()
        point_row.addWidget(QLabel(self.tr("经度")))
        point_row.addWidget(self.lon)
        point_row.addWidget(QLabel(self.tr("纬度")))
        point_row.addWidget(self.lat)
        point_row.addWidget(QLabel(self.tr("（可选，发现位置）")))
        point_row.addStretch(1)
        f.addRow(self.tr("位置"), point_row)
        found_row = QHBoxLayout()
        found_row.addWidget(self.found_on)
        found_row.addWidget(QLabel(self.tr("发现人")))
        found_row.addWidget(self.found_by, 1)
        f.addRow(self.tr("发现日期"), found_row)
        src_row = QHBoxLayout()
        src_row.addWidget(self.source)
        src_row.addWidget(QLabel(self.tr("行业领域")))
        src_row.addWidget(self.sector)
        src_row.addWidget(QLabel(self.tr("隐患等级")))
        src_row.addWidget(self.grade)
        src_row.addStretch(1)
        f.addRow(self.tr("隐患来源"), src_row)
        f.addRow(self.tr("清单条目"), self.checklist)
        f.addRow(self.tr("隐患描述"), self.description)
        photo_row = QVBoxLayout()
        photo_row.addWidget(self.photos)
        photo_row.addWidget(self.add_photo_button, 0, Qt.AlignmentFlag.AlignLeft)
        f.addRow(self.tr("照片"), photo_row)

        # 五定 / 五落实 / 挂牌督办
        self.owner = _combo(self.people, empty=self.tr("（未定）"), searchable=True)
        self.executor = _combo(self.people, empty=self.tr("（未定）"), searchable=True)
        self.acceptor = _combo(self.people, empty=self.tr("（未定）"), searchable=True)
        self.measures = QPlainTextEdit()
        self.measures.setMaximumHeight(70)
        self.deadline = DateField()
        self.wls = {k: QLineEdit() for k in ("wls_measures", "wls_responsibility", "wls_funds", "wls_plan")}
        self.wls_deadline = DateField()
        self.supervision_level = _combo(_labels("supervision_levels"), empty=self.tr("（不督办）"))
        self.supervising_unit = QLineEdit()
        loop = QWidget()
        v = QVBoxLayout(loop)
        g1 = QGroupBox(self.tr("五定（交办前须填全）"))
        fl = QFormLayout(g1)
        fl.addRow(self.tr("整改责任人"), self.owner)
        fl.addRow(self.tr("整改措施"), self.measures)
        fl.addRow(self.tr("整改时限"), self.deadline)
        fl.addRow(self.tr("整改完成人"), self.executor)
        fl.addRow(self.tr("整改验收人"), self.acceptor)
        self.wls_box = g2 = QGroupBox(self.tr("五落实（重大隐患必填）"))
        fl2 = QFormLayout(g2)
        fl2.addRow(self.tr("措施"), self.wls["wls_measures"])
        fl2.addRow(self.tr("责任"), self.wls["wls_responsibility"])
        fl2.addRow(self.tr("资金"), self.wls["wls_funds"])
        fl2.addRow(self.tr("时限"), self.wls_deadline)
        fl2.addRow(self.tr("预案"), self.wls["wls_plan"])
        g3 = QGroupBox(self.tr("挂牌督办"))
        fl3 = QHBoxLayout(g3)
        fl3.addWidget(QLabel(self.tr("级别")))
        fl3.addWidget(self.supervision_level)
        fl3.addWidget(QLabel(self.tr("督办单位")))
        fl3.addWidget(self.supervising_unit, 1)
        for g in (g1, g2, g3):
            v.addWidget(g)
        v.addStretch(1)
        self.grade.currentIndexChanged.connect(lambda _i: self._show_major())

        # 履历与签字
        self.history = QTableWidget(0, 5)
        self.history.setHorizontalHeaderLabels([self.tr("时间"), self.tr("操作"), self.tr("操作人"), self.tr("签字身份"),
                                                self.tr("说明")])
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.history.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.history.verticalHeader().hide()
        self.signoffs = QTableWidget(0, 3)
        self.signoffs.setHorizontalHeaderLabels([self.tr("签字环节"), self.tr("签字人身份"), self.tr("状态")])
        self.signoffs.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.signoffs.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.signoffs.horizontalHeader().setStretchLastSection(True)
        self.signoffs.setMaximumHeight(140)
        self.signoffs.verticalHeader().hide()
        self.lacking_label = QLabel()
        trail = QWidget()
        tv = QVBoxLayout(trail)
        tv.addWidget(QLabel(self.tr("<b>三查三签字</b>：{0}").format(self.chain.name(vocab_lang()))))
        tv.addWidget(self.signoffs)
        tv.addWidget(self.lacking_label)
        tv.addWidget(QLabel(self.tr("<b>履历</b>（只增不改）")))
        tv.addWidget(self.history, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(basic, self.tr("基本信息"))
        self.tabs.addTab(loop, self.tr("五定·五落实·督办"))
        self.tabs.addTab(trail, self.tr("履历与签字"))

        # actions
        self.actor = _combo(self.people, searchable=True)
        self.actor.setMinimumWidth(140)
        # as wide as the names with their units ("王建国（荆山街道办事处）"): who signs is read whole, not cut
        self.actor.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.actor.setMaximumWidth(360)
        self.actor.currentIndexChanged.connect(lambda _i: self.actor.lineEdit().setCursorPosition(0))
        self.actor.setCurrentIndex(-1)        # nobody by default: the operator, or the user's choice
        self.actor.lineEdit().setPlaceholderText(self.tr("操作人"))
        if actor:
            self.actor.setEditText(actor)
        roles = list(dict.fromkeys([*self.chain.roles, *hazards.rules()["signature_roles"]]))
        lang = vocab_lang()
        self.role = _combo([(hazards.signature_role_label(r, lang) or signoff.role_label(r, lang), r) for r in roles],
                           empty=self.tr("（签字身份）"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("说明（退回、备注须填写）"))
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("取消"))          # Esc and the window's close button do the same
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.buttons: dict[str, QPushButton] = {}
        for action in BUTTON_ACTIONS:
            b = QPushButton(hazards.action_label(action, vocab_lang()))
            b.clicked.connect(lambda _=False, a=action: self.do(a))
            self.buttons[action] = b
        who = QHBoxLayout()
        who.addWidget(QLabel(self.tr("操作人")))
        who.addWidget(self.actor)
        who.addWidget(QLabel(self.tr("签字身份")))
        who.addWidget(self.role)
        who.addWidget(self.note, 1)
        steps = QGridLayout()
        for i, action in enumerate(BUTTON_ACTIONS):
            steps.addWidget(self.buttons[action], 0, i)
        steps.addWidget(self.save_button, 0, len(BUTTON_ACTIONS))
        steps.addWidget(self.cancel_button, 0, len(BUTTON_ACTIONS) + 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(who)
        layout.addLayout(steps)

    # --- filling ------------------------------------------------------------------------------------
    def _fill_link_objects(self, select_id: int | None = None) -> None:
        column = self.link_kind.currentData()
        if getattr(self, "_link_objects_of", None) == column:   # a reload after a save: the list is there
            _set(self.link_object, select_id)                      # (36,000 sites in a county take 0.6 s)
            return
        self._link_objects_of = column
        with self.project.session() as s:
            rows = links.choices(s, column)
        self.link_object.blockSignals(True)
        self.link_object.clear()
        self.link_object.addItem(self.tr("（请选择）"), None)
        for fid, text in rows:
            self.link_object.addItem(text, fid)
        self.link_object.blockSignals(False)
        _set(self.link_object, select_id)

    def _fill_checklist(self, select_item: str | None = None) -> None:
        current = select_item if select_item is not None else self.checklist.currentData()
        self.checklist.blockSignals(True)
        self.checklist.clear()
        self.checklist.addItem(self.tr("（不对应清单条目）"), None)
        for it in checklists.items_for(self.sector.currentData()):
            self.checklist.addItem(f"{it['id']}  {checklists.short_text(it, 50)}", it["id"])
        self.checklist.blockSignals(False)
        _set(self.checklist, current)

    def _show_major(self) -> None:
        major = self.grade.currentData() in hazards.major_grades(self.grade_table)
        self.wls_box.setTitle(self.tr("五落实（重大隐患必填）") if major else
                              self.tr("五落实（重大隐患必填）　— 本隐患为一般隐患，可不填"))

    def _start_new(self, link: tuple[str, int] | None, point) -> None:
        self.setWindowTitle(self.tr("新增隐患"))
        column, fid = link if link else ("site_id", None)
        _set(self.link_kind, column)
        self._fill_link_objects(fid)
        if point is not None:
            self.lon.setValue(point[0])
            self.lat.setValue(point[1])
        self.found_on.set_value(date.today())
        self.found_by.setText(self.actor_name())
        if column == "site_id" and fid is not None:
            with self.project.session() as s:
                sector = links.site_sector(s, fid)
                if sector:
                    _set(self.sector, sector)
        _set(self.source, "grid_patrol")
        self._fill_checklist()
        self._show_major()
        self.heading.setText(self.tr("<b>新增隐患</b>：登记后可交办（五定填全）"))
        self._update_buttons()
        self._opened_with = self.values()     # what "nothing typed" looks like for a new hazard

    def load(self) -> None:
        """(Re)read the hazard, its photos, history and sign-offs; this becomes the form's base."""
        with self.project.session() as s:
            h = hazards.find(s, self.hazard_id)
            if h is None:
                self._refuse(self.tr("找不到编号为 {0} 的隐患").format(self.hazard_id))
                return
            self.base = hazards.snapshot(h)
            self.status = h.status
            self.code = h.code or str(h.id)
            link = links.link_of(h)
            point = (h.geom.x, h.geom.y) if h.geom is not None else None
            events = hazards.history(s, h.id)
            signed = hazards.signed_roles(s, h.id)
            lacking = hazards.lacking_signatures(s, h, vocab_lang()) if h.status != "closed" else []
            photo_data = hazards.photos(s, h.id)
            values = dict(self.base)
            overdue = hazards.is_overdue(h.status, h.deadline, date.today())
        self.setWindowTitle(self.tr("隐患 {0}").format(self.code))
        late = "　<span style='color:#a00000'>{0}</span>".format(
            self.tr("逾期 {0} 天").format((date.today() - values["deadline"]).days)) if overdue else ""
        self.heading.setText(self.tr("<b>隐患 {code}</b>　状态：<b>{status}</b>{late}").format(
            code=self.code, status=hazards.status_label(self.status, vocab_lang()), late=late)
            + "　<span style='color:#777'>{0}</span>".format(self.tr("版本 {0}").format(values["version"])))
        _set(self.link_kind, link[0])
        self._fill_link_objects(link[1])
        self.link_kind.setEnabled(False)
        self.link_object.setEnabled(False)
        if point:
            self.lon.setValue(point[0])
            self.lat.setValue(point[1])
        for w in (self.lon, self.lat):
            w.setEnabled(False)
        self._show_values(values)
        self.photos.clear()
        for name, data in photo_data:
            self._add_thumbnail(name, data)
        self.history.setRowCount(len(events))
        lang = vocab_lang()
        for r, e in enumerate(events):
            cells = [f"{e.at:%Y-%m-%d %H:%M}", hazards.action_label(e.action, lang)
                     + (f"（→{hazards.status_label(e.to_status, lang)}）" if e.from_status and e.to_status != e.from_status
                        else ""), e.actor_name, hazards.signature_role_label(e.signature_role, lang), e.note or ""]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.history.setItem(r, c, item)
        self.history.resizeRowsToContents()
        self.signoffs.setRowCount(len(self.chain.steps))
        applies = self.chain.applies_to(values["grade"])
        for r, step in enumerate(self.chain.steps):
            done = all(x in signed for x in step.signers)
            state = self.tr("已签") if done else (self.tr("尚缺") if applies else self.tr("不需要"))
            cells = [step.name(lang), self.tr("、").join(signoff.role_label(x, lang) for x in step.signers), state]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 2 and not done and applies:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.signoffs.setItem(r, c, item)
        self.lacking_label.setText(self.tr("尚缺签字：{0}").format(self.tr("、").join(lacking)) if lacking else
                                   (self.tr("签字已齐全") if applies else self.tr("本隐患等级不需要三查三签字")))
        self._update_buttons()

    def _show_values(self, values: dict) -> None:
        self.found_on.set_value(values["found_on"])
        self.found_by.setText(values["found_by"] or "")
        _set(self.source, values["source"])
        _set(self.sector, values["sector"])
        self._fill_checklist(values["checklist_item"])
        self.description.setPlainText(values["description"] or "")
        _set(self.grade, values["grade"])
        _set(self.owner, values["owner_id"])
        _set(self.executor, values["executor_id"])
        _set(self.acceptor, values["acceptor_id"])
        self.measures.setPlainText(values["measures"] or "")
        self.deadline.set_value(values["deadline"])
        for k, w in self.wls.items():
            w.setText(values[k] or "")
        self.wls_deadline.set_value(values["wls_deadline"])
        _set(self.supervision_level, values["supervision_level"])
        self.supervising_unit.setText(values["supervising_unit"] or "")
        self._show_major()

    def refresh(self) -> bool:
        """The hazard was changed by this window (announced on its events): take the new version as
        the base. Unsaved edits stay; when the change touched a field being edited, nothing is taken
        in and the next save shows the conflict. Returns whether the form rebased."""
        if self.hazard_id is None or self.base is None:
            return False
        with self.project.session() as s:
            h = hazards.find(s, self.hazard_id)
            fresh = hazards.snapshot(h) if h is not None else None
        if fresh is None or fresh["version"] == self.base["version"]:
            return False
        edits = self.changes()
        theirs = {k for k, v in fresh.items() if k != "version" and self.base.get(k) != v}
        if theirs & set(edits):
            return False
        self.load()
        if edits:
            self._show_values({**self.base, **edits})
        return True

    def _add_thumbnail(self, name: str, data: bytes) -> None:
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        item = QListWidgetItem(QIcon(pixmap.scaled(96, 96, Qt.AspectRatioMode.KeepAspectRatio,
                                                   Qt.TransformationMode.SmoothTransformation)), name)
        item.setToolTip(name)
        self.photos.addItem(item)

    def _update_buttons(self) -> None:
        closed = self.status == "closed"
        allowed = set(hazards.allowed_actions(self.status)) if self.status else set()
        may = getattr(self, "may", None) or (lambda _step: (True, ""))   # the account's role (desktop/permissions.py)
        for action, b in self.buttons.items():
            b.setEnabled(action in allowed and may(action)[0])
            b.setToolTip(may(action)[1])
            b.setVisible(self.status is not None)
        self.save_button.setText(self.tr("登记") if self.hazard_id is None else self.tr("保存修改"))
        self.save_button.setEnabled(not closed and may("save")[0])
        self.save_button.setToolTip(may("save")[1])
        for w in (self.description, self.measures):
            w.setReadOnly(closed)

    # --- reading the form ---------------------------------------------------------------------------
    def values(self) -> dict:
        out = {
            "description": self.description.toPlainText(), "grade": self.grade.currentData(),
            "source": self.source.currentData(), "sector": self.sector.currentData(),
            "checklist_item": self.checklist.currentData(), "found_on": self.found_on.value(),
            "found_by": self.found_by.text(), "owner_id": self.owner.currentData(),
            "measures": self.measures.toPlainText(), "deadline": self.deadline.value(),
            "executor_id": self.executor.currentData(), "acceptor_id": self.acceptor.currentData(),
            "wls_deadline": self.wls_deadline.value(), "supervision_level": self.supervision_level.currentData(),
            "supervising_unit": self.supervising_unit.text(),
        }
        out.update({k: w.text() for k, w in self.wls.items()})
        return {k: (v.strip() or None) if isinstance(v, str) else v for k, v in out.items()}

    def changes(self) -> dict:
        """Fields that differ from what the form was opened with."""
        if self.base is None:
            return self.values()
        return {k: v for k, v in self.values().items() if self.base.get(k) != v}

    def typed(self) -> bool:
        """Has the user entered anything not yet saved (fields, a note, photos of a new hazard)?"""
        if self.note.text().strip():
            return True
        if self.hazard_id is None:
            return bool(self._new_photos) or self.values() != getattr(self, "_opened_with", self.values())
        return bool(self.changes())

    def reject(self) -> None:
        """Esc, 取消 or closing the window: with typed text, ask before it is lost; with nothing typed, close."""
        if self.typed():
            box = QMessageBox(QMessageBox.Icon.Question, self.windowTitle(), self.tr("放弃已填写的内容？"),
                              QMessageBox.StandardButton.NoButton, self)
            box.setInformativeText(self.tr("关闭后，尚未登记或保存的内容不会保留。"))
            discard = box.addButton(self.tr("放弃"), QMessageBox.ButtonRole.DestructiveRole)
            keep = box.addButton(self.tr("继续填写"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(keep)
            box.setEscapeButton(keep)
            box.exec()
            if box.clickedButton() is not discard:
                return
        super().reject()

    def actor_name(self) -> str:
        return self.actor.currentText().split("（")[0].strip()

    def _actor(self):
        if not self.actor_name() and self.operator is not None:   # nobody named: the operator, asked for if unset
            chosen = self.operator.require(self)
            if chosen is not None:
                self.actor.setEditText(chosen.name)
                return chosen
        name = self.actor_name()
        pid = self.actor.currentData() if self.actor.currentIndex() >= 0 and \
            self.actor.itemText(self.actor.currentIndex()) == self.actor.currentText() else None
        return hazards.Actor(name, pid) if pid is not None else name

    # --- writes -------------------------------------------------------------------------------------
    def _refuse(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.setStyleSheet("QLabel { background: #fde2e2; color: #8a0000; padding: 6px; }")
        self.banner.show()

    def _ok(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.setStyleSheet("QLabel { background: #e3f4e1; color: #1d5e20; padding: 6px; }")
        self.banner.show()

    def message(self) -> str:
        return "" if self.banner.isHidden() else self.banner.text()

    def save(self) -> bool:
        try:
            if self.hazard_id is None:
                return self._register()
            event = self.project.write(lambda s: hazards.update(s, self.hazard_id, self.changes(),
                                                                actor=self._actor(), base=self.base))
        except GridsafeError as e:
            self._refuse(error_text(e))
            return False
        self.load()
        self._ok(self.tr("已保存") if event is not None else self.tr("没有修改"))
        self.saved.emit(self.hazard_id)
        return True

    def _register(self) -> bool:
        column = self.link_kind.currentData()
        fid = self.link_object.currentData()
        point = (self.lon.value(), self.lat.value()) \
            if self.lon.value() > self.lon.minimum() and self.lat.value() > self.lat.minimum() else None
        values = {k: v for k, v in self.values().items() if v is not None}
        description = values.pop("description", None) or ""
        source = values.pop("source", None) or ""
        if fid is None and point is None:
            self._refuse(self.tr("请选择隐患关联的场所、线状设施、区域或网格，或填写发现位置"))
            return False
        link = {column: fid} if fid is not None else {}
        try:
            hid = self.project.write(lambda s: hazards.register(
                s, actor=self._actor(), description=description, source=source, point=point,
                photos=self._new_photos, **link, **values).id)
        except GridsafeError as e:
            self._refuse(error_text(e))
            return False
        self.hazard_id = hid
        self._new_photos = []
        self.load()
        self._ok(self.tr("已登记隐患 {0}").format(self.code))
        self.saved.emit(hid)
        return True

    def do(self, action: str) -> bool:
        """One step of the loop (交办, 开始整改 … 签字, 备注), with the form's edits; refusals say why."""
        if self.hazard_id is None:
            self._refuse(self.tr("请先登记隐患"))
            return False
        role = self.role.currentData()
        note = self.note.text().strip() or None
        changes = self.changes() if action in ("assign",) else {}
        actor = self._actor()
        if action == "sign" and not self._may_sign_as(actor, role):
            self._refuse(self.tr("没有签字：{0}未登记为{1}").format(getattr(actor, "name", actor) or self.tr("操作人"),
                                                                signoff.role_label(role, vocab_lang())))
            return False

        def unit(s) -> None:
            if action not in ("assign",) and self.changes() and self.status != "closed":
                hazards.update(s, self.hazard_id, self.changes(), actor=actor, base=self.base)
                base = None
            else:
                base = self.base
            hazards.transition(s, self.hazard_id, action, actor=actor, role=role, note=note,
                               changes=changes, base=base)

        try:
            self.project.write(unit)
        except GridsafeError as e:
            self._refuse(error_text(e))
            return False
        self.note.clear()
        self.load()
        lang = vocab_lang()
        self._ok(self.tr("已登记“{step}”这一步，隐患当前状态：{status}").format(
            step=hazards.action_label(action, lang), status=hazards.status_label(self.status, lang)))
        self.saved.emit(self.hazard_id)
        return True

    def _may_sign_as(self, actor, role: str | None) -> bool:
        """A 签字身份 of the sign-off chain (e.g. 乡办属地检查人员) that the signer does not hold in the project's
        roles is signed only when the user confirms it, in a question naming the person and the role."""
        if role not in self.chain.roles or not actor:
            return True           # the rules refuse a missing role; the 五定 persons are checked by the rules
        name = getattr(actor, "name", actor)
        pid = getattr(actor, "person_id", None)
        with self.project.session() as s:
            held = [roles for person, roles in repo.people_with_roles(s)
                    if (person.id == pid if pid is not None else person.name == name)]
        if any(role in roles for roles in held):
            return True
        answer = QMessageBox.question(
            self, self.tr("签字身份"),
            self.tr("“{0}”未登记为“{1}”。签字记入隐患履历后不能修改。\n仍以“{1}”的身份为“{0}”签字吗？").format(
                name, signoff.role_label(role, vocab_lang())),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    # --- photos ---------------------------------------------------------------------------------------
    def choose_photos(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("添加隐患照片"), str(Path.home()), self.tr(IMAGE_FILTER))
        if paths:
            self.add_photos(paths)

    def add_photos(self, paths) -> bool:
        files = []
        for p in paths:
            try:
                files.append((Path(p).name, Path(p).read_bytes()))
            except OSError as e:
                self._refuse(self.tr("无法读取照片“{0}”：{1}").format(p, e.strerror))
                return False
        if self.hazard_id is None:   # stored with the hazard when it is registered
            for name, data in files:
                if hazards.image_mime(data, name) is None:
                    self._refuse(self.tr("“{0}”不是可识别的图片文件（支持 JPG、PNG、GIF、BMP、WEBP）").format(name))
                    return False
                self._new_photos.append((name, data))
                self._add_thumbnail(name, data)
            return True
        def unit(s) -> None:
            h = hazards.find(s, self.hazard_id)
            for name, data in files:
                hazards.add_photo(s, h, name, data)

        try:
            self.project.write(unit)
        except GridsafeError as e:
            self._refuse(error_text(e))
            return False
        for name, data in files:
            self._add_thumbnail(name, data)
        self._ok(self.tr("已添加 {0} 张照片").format(len(files)))
        return True
