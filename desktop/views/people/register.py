"""人员名册: everyone in the project with their phone, unit, title and current roles (网格员 of which grid, 包村干部 of
which village …), filtered by role and text; 新增 / 编辑 (PersonDialog: the person and the roles they hold), 停用
(every role ends; nobody is deleted — people are in hazards' histories, patrols and rosters) and 导入名册 (an XLSX/CSV
roster through desktop/services/people.py). Reads run off the UI thread; each save is one transaction whose change
the view emits (`changed`) for the window to announce."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text, vocab_label, vocab_lang
from desktop.services import people as use
from desktop.tasks import Latest, Task, budgeted, progress_dialog
from desktop.views.data.import_report import show_refusal
from desktop.views.tables import RowsModel, list_table
from desktop.views.widgets.elided_label import ElidedLabel
from gis import people as register
from gis import vocab
from gis.errors import GridsafeError

COLUMNS = (
    QT_TRANSLATE_NOOP("PeopleModel", "姓名"),
    QT_TRANSLATE_NOOP("PeopleModel", "联系电话"),
    QT_TRANSLATE_NOOP("PeopleModel", "单位"),
    QT_TRANSLATE_NOOP("PeopleModel", "职务"),
    QT_TRANSLATE_NOOP("PeopleModel", "状态"),
    QT_TRANSLATE_NOOP("PeopleModel", "角色（负责）"),
)
STATES = {"在岗": QT_TRANSLATE_NOOP("PeopleModel", "在岗"), "已停用": QT_TRANSLATE_NOOP("PeopleModel", "已停用"),
          "未分配角色": QT_TRANSLATE_NOOP("PeopleModel", "未分配角色")}
STATE_COLOURS = {"在岗": QColor("#e3f4e1"), "已停用": QColor("#e5e7eb"), "未分配角色": QColor("#fff3c4")}
TARGET_NAMES = {"grid": QT_TRANSLATE_NOOP("PeopleModel", "网格"),
                "village": QT_TRANSLATE_NOOP("PeopleModel", "村（社区）"),
                "township": QT_TRANSLATE_NOOP("PeopleModel", "乡镇（街道）"),
                "district": QT_TRANSLATE_NOOP("PeopleModel", "区（县）"),
                "zone": QT_TRANSLATE_NOOP("PeopleModel", "区域"),
                "site": QT_TRANSLATE_NOOP("PeopleModel", "场所")}


def tr(text: str) -> str:
    return QCoreApplication.translate("PeopleModel", text)


def role_text(r: register.Role) -> str:
    """'网格员（荆山村第1网格）', in the English window 'Grid member (荆山村第1网格)'."""
    return r.text(vocab_lang())


def roles_text(roles) -> str:
    return register.roles_text(roles, vocab_lang())


class PeopleModel(RowsModel):
    HEADERS, CONTEXT = COLUMNS, "PeopleModel"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.people: list[register.PersonRow] = []
        self.day = date.today()

    def set_rows(self, people: list, rows: list[int], day: date) -> None:
        self.beginResetModel()
        self.people, self.rows, self.day = people, rows, day
        self.endResetModel()

    def person(self, row: int) -> register.PersonRow:
        return self.people[self.rows[row]]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        p = self.person(index.row())
        state = p.state(self.day)
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 4:
            return QBrush(STATE_COLOURS[state])
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        roles = roles_text(p.current_roles(self.day))
        if not roles and p.roles:             # 已停用: what they were
            roles = tr("曾任：") + roles_text(p.roles)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 5:
            ended = [f"{role_text(r)} {r.start or ''}～{r.end}" for r in p.roles if not r.current(self.day)]
            return "\n".join([roles] + ([tr("已结束：")] + ended if ended else []))
        return (p.name, p.phone or "", p.unit or "", p.title or "", tr(STATES[state]), roles)[index.column()]


class PeopleView(QWidget):
    """The register. `operator(parent)` (set by the feature) asks who is working before a write."""

    changed = Signal(object)      # a gis.changes.Change the view wrote
    loaded = Signal()

    def __init__(self, parent=None, *, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.project = None
        self.today = today
        self.operator: Callable[[QWidget], object] = lambda _parent: True
        self.people: list[register.PersonRow] = []
        self.allowed: tuple[bool, str] = (True, "")
        self.loads = Latest(self)
        self.loads.succeeded.connect(self._loaded)
        self.loads.failed.connect(lambda message: self.summary.setText(self.tr("无法读取人员名册：") + message))

        self.role_box = QComboBox()
        self.role_box.addItem(self.tr("全部角色"), None)
        for key in vocab.keys("roles"):
            self.role_box.addItem(vocab_label("roles", key), key)
        self.search = QLineEdit(placeholderText=self.tr("搜索姓名、电话、单位、网格"))
        self.search.setClearButtonEnabled(True)
        self.show_ended = QCheckBox(self.tr("显示已停用"))
        # one line, a long message (a load that took too long) elided with the whole on hover: a wrapping label made
        # the dock's scroll area give the view its preferred height, its buttons pushed under a low dock's edge
        self.summary = ElidedLabel(max_width=100_000, mode=Qt.TextElideMode.ElideRight)
        self.model = PeopleModel(self)
        self.table = list_table(self.model, (80, 110, 150, 90, 70, 300), stretch=5)
        self.add_button = QPushButton(self.tr("新增人员…"))
        self.edit_button = QPushButton(self.tr("编辑…"))
        self.deactivate_button = QPushButton(self.tr("停用"))
        self.deactivate_button.setToolTip(self.tr("结束所选人员的全部角色（今天起不再排班、不再出现在角色名单中）；"
                                                  "人员和历史记录保留"))
        self.delete_button = QPushButton(self.tr("删除"))
        self.delete_button.setToolTip(self.tr("删除误录入的人员；已有隐患、巡查、值班等记录的人员不能删除，请停用"))
        self.import_button = QPushButton(self.tr("导入名册…"))
        self.import_button.setToolTip(self.tr("导入人员名册（xlsx 或 csv）：姓名、联系电话、单位、职务、角色，以及网格、"
                                              "村（社区）、乡镇（街道）、区域或场所的名称或编码；同名同电话的人只增加角色；"
                                              "有任何一行不合格则全部不导入"))
        top = QHBoxLayout()
        top.addWidget(self.role_box)
        top.addWidget(self.search, 1)
        top.addWidget(self.show_ended)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.deactivate_button, self.delete_button, self.import_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.role_box.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.search.textChanged.connect(lambda _t: self.apply_filters())
        self.show_ended.toggled.connect(lambda _on: self.apply_filters())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.deactivate_button.clicked.connect(self.deactivate_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(self.choose_import)
        self._buttons()

    # --- loading ---------------------------------------------------------------------------------------
    def set_project(self, project) -> None:
        self.project = project
        self.reload()

    def reload(self) -> None:
        if self.project is None:
            self.people = []
            self.apply_filters()
            return
        project = self.project
        self.summary.setText(self.tr("正在读取人员名册…"))
        what = QT_TRANSLATE_NOOP("Loads", "人员名册")
        self.loads.start(budgeted(project, what, lambda _feedback: use.people(project)), title="读取人员名册")

    def is_busy(self) -> bool:
        return self.loads.is_running()

    def _loaded(self, people: list) -> None:
        keep = self.selected_person()
        self.people = people
        self.apply_filters()
        if keep is not None:
            self.select_person(keep)
        self.loaded.emit()

    def apply_filters(self) -> None:
        day = self.today()
        role = self.role_box.currentData()
        words = self.search.text().split()
        rows = []
        for i, p in enumerate(self.people):
            state = p.state(day)
            if state == "已停用" and not self.show_ended.isChecked():
                continue
            current = p.current_roles(day)
            if role is not None and not any(r.role == role for r in current):
                continue
            text = " ".join([p.name, p.phone or "", p.unit or "", p.title or ""] + [r.target_name for r in current])
            if any(w not in text for w in words):
                continue
            rows.append(i)
        self.model.set_rows(self.people, rows, day)
        active = sum(1 for p in self.people if p.state(day) == "在岗")
        ended = sum(1 for p in self.people if p.state(day) == "已停用")
        self.summary.setText(self.tr("名册共 {total} 人：在岗 {active} 人，已停用 {ended} 人；显示 {shown} 人").format(
            total=len(self.people), active=active, ended=ended, shown=len(rows)))
        self._buttons()

    # --- selection --------------------------------------------------------------------------------------
    def selected_person(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.person(rows[0].row()).id if rows else None

    def select_person(self, person_id: int) -> bool:
        for row in range(self.model.rowCount()):
            if self.model.person(row).id == person_id:
                self.table.selectRow(row)
                return True
        return False

    def set_allowed(self, ok: bool, why: str = "") -> None:
        """May the project's account change the register (desktop/permissions, action people.manage)?"""
        self.allowed = (ok, why)
        self._buttons()

    def _buttons(self) -> None:
        ok, why = self.allowed
        has = self.selected_person() is not None
        for b, enabled in ((self.add_button, True), (self.import_button, True), (self.edit_button, has),
                           (self.deactivate_button, has), (self.delete_button, has)):
            b.setEnabled(self.project is not None and enabled and ok)
            if b.property("base_tip") is None:
                b.setProperty("base_tip", b.toolTip())
            b.setToolTip(why if not ok else b.property("base_tip"))

    # --- writes -----------------------------------------------------------------------------------------
    def edit_selected(self) -> PersonDialog | None:
        pid = self.selected_person()
        return self.edit(pid) if pid is not None else None

    def edit(self, person_id: int | None) -> PersonDialog | None:
        if self.project is None or not self.allowed[0]:
            return None
        person = next((p for p in self.people if p.id == person_id), None)
        dialog = PersonDialog(self.project, person, use.targets(self.project), self.today(), self)
        dialog.saved.connect(self._saved)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _saved(self, person_id: int, change) -> None:
        self.changed.emit(change)
        self.reload()

    def deactivate_selected(self) -> bool:
        pid = self.selected_person()
        if pid is None or not self.allowed[0] or self.operator(self) is None:
            return False
        p = next(p for p in self.people if p.id == pid)
        roles = roles_text(p.current_roles(self.today())) or self.tr("（无）")
        answer = QMessageBox.question(self, self.tr("停用人员"), self.tr(
            "停用 {name}？\n当前角色：{roles}\n从今天起这些角色结束，巡查排班、值班和角色名单不再包含此人；"
            "人员和历史记录保留。").format(name=p.name, roles=roles))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            out = use.deactivate(self.project, [pid], today=self.today())
        except GridsafeError as e:
            QMessageBox.warning(self, self.tr("停用人员"), error_text(e))
            return False
        self.changed.emit(out.change)
        self.reload()
        return True

    def delete_selected(self) -> bool:
        pid = self.selected_person()
        if pid is None or not self.allowed[0] or self.operator(self) is None:
            return False
        p = next(p for p in self.people if p.id == pid)
        answer = QMessageBox.question(self, self.tr("删除人员"), self.tr(
            "从名册中删除 {name}（{phone}）？只有误录入、没有任何记录的人员可以删除。").format(
                name=p.name, phone=p.phone or self.tr("未填电话")))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            out = use.delete(self.project, pid)
        except GridsafeError as e:
            QMessageBox.warning(self, self.tr("删除人员"), error_text(e))
            return False
        self.changed.emit(out.change)
        self.reload()
        return True

    def choose_import(self) -> None:
        if self.project is None:
            return
        path, _f = QFileDialog.getOpenFileName(self, self.tr("导入人员名册"), "", self.tr("表格（*.xlsx *.csv）"))
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> Task | None:
        """Import a 人员名册 off the UI thread; the result is shown in a message box, a refusal with its first
        problems and 保存完整报告… (every problem, as `gridsafe people import --report` writes it)."""
        if self.project is None or not self.allowed[0] or self.operator(self) is None:
            return None
        project, today = self.project, self.today()
        task = Task(lambda _feedback: use.import_file(project, path, today=today), title="导入人员名册", parent=self)
        progress_dialog(task, self, self.tr("正在导入人员名册…"))
        task.succeeded.connect(lambda outcome: (self.changed.emit(outcome.change), self.reload(),
                                                QMessageBox.information(self, self.tr("导入人员名册"),
                                                                        outcome.value.text(vocab_lang()))))
        task.failed.connect(lambda message: show_refusal(self, self.tr("导入人员名册"), message, task.error))
        self.import_task = task
        return task.start()


class PersonDialog(QDialog):
    """One person: 姓名, 联系电话, 单位, 职务, 备注 and the roles they hold, each a role and where (a grid, village,
    township, zone or site as the role allows). 保存 writes it in one transaction."""

    saved = Signal(int, object)     # person id, Change

    def __init__(self, project, person: register.PersonRow | None, targets: dict, day: date, parent=None) -> None:
        super().__init__(parent)
        self.project, self.person, self.targets, self.day = project, person, targets, day
        self.setWindowTitle(self.tr("编辑人员") if person else self.tr("新增人员"))
        self.name = QLineEdit(person.name if person else "")
        self.phone = QLineEdit(person.phone or "" if person else "")
        self.unit = QLineEdit(person.unit or "" if person else "")
        self.title = QLineEdit(person.title or "" if person else "")
        self.note = QLineEdit(person.note or "" if person else "")
        form = QFormLayout()
        for label, w in ((self.tr("姓名"), self.name), (self.tr("联系电话"), self.phone), (self.tr("单位"), self.unit),
                         (self.tr("职务"), self.title), (self.tr("备注"), self.note)):
            form.addRow(label, w)
        self.roles = QTableWidget(0, 2)
        self.roles.setHorizontalHeaderLabels([self.tr("角色"), self.tr("负责")])
        self.roles.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.roles.setColumnWidth(0, 190)
        self.roles.verticalHeader().hide()
        self.roles.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.add_role_button = QPushButton(self.tr("添加角色"))
        self.remove_role_button = QPushButton(self.tr("移除所选角色"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b91c1c")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        role_buttons = QHBoxLayout()
        role_buttons.addWidget(self.add_role_button)
        role_buttons.addWidget(self.remove_role_button)
        role_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("角色（移除的角色从今天起不再担任，历史保留）")))
        layout.addWidget(self.roles, 1)
        layout.addLayout(role_buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(560, 460)
        for r in (person.current_roles(day) if person else []):
            self.add_role(r.role, r.kind, r.target_id)
        self.add_role_button.clicked.connect(lambda: self.add_role())
        self.remove_role_button.clicked.connect(self.remove_role)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def add_role(self, role: str = "grid_member", kind: str | None = None, target_id: int | None = None) -> int:
        row = self.roles.rowCount()
        self.roles.insertRow(row)
        role_box = QComboBox()
        for key in vocab.keys("roles"):
            role_box.addItem(vocab_label("roles", key), key)
        role_box.setCurrentIndex(max(0, role_box.findData(role)))
        target_box = QComboBox()
        target_box.setEditable(True)                   # type to find a grid among hundreds
        target_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.roles.setCellWidget(row, 0, role_box)
        self.roles.setCellWidget(row, 1, target_box)
        self._fill_targets(role_box, target_box, kind, target_id)
        role_box.currentIndexChanged.connect(lambda _i: self._fill_targets(role_box, target_box))
        return row

    def _fill_targets(self, role_box: QComboBox, target_box: QComboBox, kind: str | None = None,
                      target_id: int | None = None) -> None:
        target_box.clear()
        for k in register.target_kinds(role_box.currentData()):
            for tid, name in self.targets.get(k, []):
                target_box.addItem(tr("{kind}：{name}").format(kind=tr(TARGET_NAMES[k]), name=name), f"{k}:{tid}")
        if kind is not None:
            target_box.setCurrentIndex(max(0, target_box.findData(f"{kind}:{target_id}")))

    def role_rows(self) -> list[tuple[str, str, int]]:
        out = []
        for row in range(self.roles.rowCount()):
            role, target = self.roles.cellWidget(row, 0), self.roles.cellWidget(row, 1)
            i = target.findText(target.currentText())
            data = target.itemData(i) if i >= 0 else None
            if data is None:
                raise GridsafeError(self.tr("第 {n} 个角色“{role}”没有选择负责的地方（{kinds}）").format(
                    n=row + 1, role=role.currentText(),
                    kinds=(", " if vocab_lang() == "en" else "、").join(tr(TARGET_NAMES[k]) for k in register.target_kinds(role.currentData()))))
            kind, tid = data.split(":")
            out.append((role.currentData(), kind, int(tid)))
        return out

    def remove_role(self) -> None:
        for row in sorted({i.row() for i in self.roles.selectedIndexes()}, reverse=True):
            self.roles.removeRow(row)

    def save(self) -> None:
        if self.parent() is not None and getattr(self.parent(), "operator", None) and self.parent().operator(self) is None:
            return
        fields = {"name": self.name.text(), "phone": self.phone.text(), "unit": self.unit.text(),
                  "title": self.title.text(), "note": self.note.text()}
        try:
            out = use.save(self.project, self.person.id if self.person else None, fields, self.role_rows(),
                           today=self.day)
        except GridsafeError as e:
            self.message.setText(error_text(e))
            return
        self.saved.emit(out.value, out.change)
        self.accept()
