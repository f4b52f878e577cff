"""Result entry for one assignment: per stop the time visited, the result, a note, and 发现隐患 —
the hazard is registered in the ledger (gis.patrols.results.record_visit) in the same transaction.

Made for typing a stack of returned route sheets without the mouse:
- 扫码/输入编号: a USB scanner types a sheet's QR code (GS:A123, or GS:A123:S4 for a stop) and Enter; the task
  opens at that stop (`codeEntered`; the patrol feature opens a line patrol's own form instead).
- In the stop list: ↑/↓ or Tab/Shift+Tab move stop to stop; a number key (1–4) or the result's letter
  (O 正常, H 发现隐患, C 未营业/无人, N 场所不存在) chooses the result and moves on to the remark (to the hazard's
  description for 发现隐患); Enter goes to the remark.
- In the remark or the hazard field, Enter saves the stop and moves to the next one not yet recorded; Ctrl+S saves too.
"""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDateTime, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text, vocab_label, vocab_lang
from desktop.tasks import loading_here
from gis import vocab
from gis.errors import GridsafeError
from gis.patrols.evidence import attach_photo
from gis.patrols.queries import assignment_stops
from gis.patrols.results import FoundHazard, find_stop, record_visit
from gis.patrols.sheets import parse_code


def result_letter(key: str, label: str) -> str:
    """The letter that chooses a result: the label's first letter when it is Latin (English interface), else
    the key's (ok → O, hazard_found → H, closed_door → C, not_found → N)."""
    first = label.strip()[:1].upper()
    return first if first.isascii() and first.isalpha() else key[:1].upper()


def visit_time(planned_on, now: datetime | None = None) -> QDateTime:
    """巡查时间 proposed for a task when it is opened: now, or the planned day (at this time of day) for a task
    planned for an earlier day, whose results are entered afterwards."""
    now = now or datetime.now().replace(second=0, microsecond=0)
    day = planned_on if planned_on is not None and planned_on < now.date() else now.date()
    return QDateTime(datetime.combine(day, now.time()))


class ResultEntry(QWidget):
    recorded = Signal(int, list)     # stop id, new hazard ids
    codeEntered = Signal(int, object)   # assignment id, stop seq (None: the whole sheet) of a scanned/typed code

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.operator = None     # desktop.operator.Operator: records the hazards found
        self.assignment_id: int | None = None
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("扫描路线单二维码，或输入编号如 GS:A123:S4 后回车"))
        self.code.setClearButtonEnabled(True)
        self.code_status = QLabel()
        self.code_status.setWordWrap(True)
        self.heading = QLabel(self.tr("在巡查任务列表中选择任务后登记结果"))
        self.heading.setWordWrap(True)
        self.stops = QListWidget()
        self.visited = QDateTimeEdit(QDateTime.currentDateTime())
        self.visited.setCalendarPopup(True)
        self.visited.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.result = QComboBox()
        self.letters: dict[str, int] = {}      # letter → index in self.result
        for n, (key, label) in enumerate(vocab.labels("patrol_results", vocab_lang()).items()):
            letter = result_letter(key, label)
            self.letters.setdefault(letter, n)
            self.result.addItem(f"{n + 1} {label}（{letter}）", key)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("备注，回车保存本站并转到下一站"))
        self.hazard = QLineEdit()
        self.hazard.setPlaceholderText(self.tr("发现隐患时填写隐患描述"))
        self.grade = QComboBox()
        for key, label in vocab.labels("hazard_grades", vocab_lang()).items():
            self.grade.addItem(label, key)
        # 现场照片: JPEG files chosen for the current stop, stored with its result (gis.patrols.evidence.attach_photo,
        # same transaction); their EXIF place and time go with them, so 核实 counts a photo taken at the site
        self.photos: list[str] = []
        self.photo_button = QPushButton(self.tr("添加照片…"))
        self.photo_button.clicked.connect(self.choose_photos)
        self.photo_label = QLabel(self.tr("无"))
        self.photo_label.setStyleSheet("color: #666666")
        self.photo_clear = QPushButton(self.tr("清除"))
        self.photo_clear.clicked.connect(lambda: self.set_photos([]))
        self.evidence_row = QHBoxLayout()
        self.evidence_row.addWidget(self.photo_button)
        self.evidence_row.addWidget(self.photo_label, 1)
        self.evidence_row.addWidget(self.photo_clear)
        self.save = QPushButton(self.tr("保存本站结果（Ctrl+S）"))
        self.keys_hint = QLabel(self.tr("键盘：Tab/↑↓ 换站点；数字 1–4 或字母选结果；备注后回车保存并转到下一站"))
        self.keys_hint.setWordWrap(True)
        self.keys_hint.setStyleSheet("color: #666666")
        scan = QFormLayout()
        scan.addRow(self.tr("扫码/输入编号"), self.code)
        form = QFormLayout()
        form.addRow(self.tr("巡查时间"), self.visited)
        form.addRow(self.tr("检查结果"), self.result)
        form.addRow(self.tr("备注"), self.note)
        form.addRow(self.tr("发现隐患"), self.hazard)
        form.addRow(self.tr("隐患等级"), self.grade)
        form.addRow(self.tr("现场照片"), self.evidence_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(scan)
        layout.addWidget(self.code_status)
        layout.addWidget(self.heading)
        layout.addWidget(self.stops, 1)
        layout.addLayout(form)
        layout.addWidget(self.save)
        layout.addWidget(self.keys_hint)
        self.code_status.hide()
        self.hazard.textChanged.connect(self._hazard_typed)
        self.save.clicked.connect(self.save_and_next)
        self.code.returnPressed.connect(self.enter_code)
        self.note.returnPressed.connect(self.save_and_next)
        self.hazard.returnPressed.connect(self.save_and_next)
        for seq in ("Ctrl+S", "Ctrl+Return"):
            QShortcut(QKeySequence(seq), self, self.save_and_next,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.stops.installEventFilter(self)
        self.stops.currentRowChanged.connect(lambda _row: self._stop_changed())

    def set_project(self, project) -> None:
        self.project = project
        self.assignment_id = None
        self.stops.clear()

    def choose_photos(self) -> list[str]:
        from PySide6.QtWidgets import QFileDialog

        files, _ = QFileDialog.getOpenFileNames(self, self.tr("现场照片"), "", self.tr("JPEG 照片 (*.jpg *.jpeg)"))
        if files:
            self.set_photos([*self.photos, *[f for f in files if f not in self.photos]])
        return self.photos

    def set_photos(self, paths: list[str]) -> None:
        from pathlib import Path

        self.photos = list(paths)
        names = [Path(p).name for p in self.photos]
        self.photo_label.setText("、".join(names[:3]) + (self.tr(" 等 {n} 张").format(n=len(names)) if len(names) > 3
                                                         else "") if names else self.tr("无"))
        self.photo_clear.setEnabled(bool(names))

    def _read_photos(self):
        """The chosen photos read (in the isolated reader), or None after saying why one cannot be used."""
        from gis.io.read_tracks import read_evidence

        if not self.photos:
            return []
        try:
            ev = read_evidence(self.photos)
        except GridsafeError as e:
            QMessageBox.warning(self, self.tr("现场照片"), error_text(e))
            return None
        if ev.notes or len(ev.photos) != len(self.photos):
            QMessageBox.warning(self, self.tr("现场照片"), "\n".join(ev.notes) or self.tr("有照片无法读取"))
            return None
        return ev.photos

    # --- codes --------------------------------------------------------------------------------------

    def enter_code(self) -> None:
        """The code typed or scanned: open its task at its stop (through `codeEntered`), or say what is wrong."""
        text = self.code.text()
        if not text.strip():
            return
        try:
            code = parse_code(text)
        except GridsafeError as e:
            self._say(error_text(e), bad=True)
            self.code.selectAll()
            return
        self.code.clear()
        self._say("")
        self.codeEntered.emit(code.assignment_id, code.seq)

    def _say(self, text: str, bad: bool = False) -> None:
        self.code_status.setText(text)
        self.code_status.setStyleSheet("color: #b2182b" if bad else "color: #333333")
        self.code_status.setVisible(bool(text))

    def focus_code(self) -> None:
        self.code.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.code.selectAll()

    # --- showing --------------------------------------------------------------------------------------

    def show_assignment(self, aid: int, seq: int | None = None) -> bool:
        """Show an assignment's stops; select stop `seq` (else the first not yet recorded) and put the keyboard on
        the list. False (and a note under the code field) when there is no such assignment."""
        another = aid != self.assignment_id
        self.assignment_id = aid
        self.stops.clear()
        self._say("")
        loaded, a = False, None
        with loading_here(self.project, QT_TRANSLATE_NOOP("Loads", "巡查结果"), lambda text: self._say(text, bad=True)), \
                self.project.session() as s:   # a project that makes it endless: the message under the code field
            a = assignment_stops(s, aid)
            loaded = True
        if not loaded:
            self.assignment_id = None
            self.heading.setText(self.tr("在巡查任务列表中选择任务后登记结果"))
            return False
        if a is not None and another:   # a task opened (not the same one after a save): its time starts afresh
            self.visited.setDateTime(visit_time(a["planned_on"]))
        if a is None:
            self.assignment_id = None
            self.heading.setText(self.tr("在巡查任务列表中选择任务后登记结果"))
            self._say(self.tr("没有编号为 A{id} 的巡查任务").format(id=aid), bad=True)
            return False
        self.heading.setText(self.tr("任务 {id}：{d}，{n} 站").format(id=aid, d=f"{a['planned_on']:%Y-%m-%d}",
                                                                    n=len(a["stops"])))
        for st in a["stops"]:
            done = f" ✓ {vocab_label('patrol_results', st['result'])} {st['visited_at']:%m-%d %H:%M}" \
                if st["visited_at"] else ""
            item = QListWidgetItem(f"{st['seq']}. {st['site_name']}{done}")
            item.setData(Qt.ItemDataRole.UserRole, st["id"])
            item.setData(Qt.ItemDataRole.UserRole + 1, st["visited_at"] is not None)
            item.setData(Qt.ItemDataRole.UserRole + 2, st["seq"])
            self.stops.addItem(item)
        row = next((i for i in range(self.stops.count()) if self._seq(i) == seq), None) if seq else None
        if seq and row is None:
            self._say(self.tr("任务 {id} 没有第 {n} 站").format(id=aid, n=seq), bad=True)
        if row is None:
            row = self._next_open(-1)
        if row is not None:
            self.stops.setCurrentRow(row)
            if seq and self._done(row):
                self._say(self.tr("第 {n} 站已登记过结果").format(n=self._seq(row)))
        self.stops.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _seq(self, row: int) -> int:
        return self.stops.item(row).data(Qt.ItemDataRole.UserRole + 2)

    def _done(self, row: int) -> bool:
        return bool(self.stops.item(row).data(Qt.ItemDataRole.UserRole + 1))

    def _next_open(self, after: int) -> int | None:
        """The first stop after row `after` not yet recorded (wrapping round), else None."""
        n = self.stops.count()
        for k in range(1, n + 1):
            row = (after + k) % n
            if not self._done(row):
                return row
        return None

    def _stop_changed(self) -> None:
        self.set_photos([])                   # photos chosen belong to the stop they were chosen for
        self.note.clear()
        self.hazard.clear()
        self.result.setCurrentIndex(0)

    def _hazard_typed(self, text: str) -> None:
        if text.strip():
            self.result.setCurrentIndex(self.result.findData("hazard_found"))

    # --- keys -----------------------------------------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.stops and event.type() == QEvent.Type.KeyPress:
            return self._list_key(event)
        return super().eventFilter(obj, event)

    def _list_key(self, event) -> bool:
        key, mods = event.key(), event.modifiers()
        plain = not (mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
        row = self.stops.currentRow()
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and self.stops.count():
            step = -1 if key == Qt.Key.Key_Backtab or mods & Qt.KeyboardModifier.ShiftModifier else 1
            self.stops.setCurrentRow((row + step) % self.stops.count())
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and row >= 0:
            self.note.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        text = event.text().upper()
        if plain and row >= 0 and len(text) == 1:
            index = int(text) - 1 if text.isdigit() else self.letters.get(text, -1)
            if 0 <= index < self.result.count():
                self.choose(index)
                return True
        return False

    def choose(self, index: int) -> None:
        """Result `index` for the current stop; the keyboard moves on to what is typed next for it."""
        self.result.setCurrentIndex(index)
        field = self.hazard if self.result.currentData() == "hazard_found" else self.note
        field.setFocus(Qt.FocusReason.TabFocusReason)

    # --- saving ---------------------------------------------------------------------------------------

    def save_and_next(self) -> list[int]:
        """Save the current stop (the next stop not yet recorded becomes current); the keyboard goes to the list."""
        row = self.stops.currentRow()
        if row >= 0 and self._done(row):
            self._say(self.tr("第 {n} 站已登记过结果").format(n=self._seq(row)), bad=True)
            self.stops.setFocus(Qt.FocusReason.OtherFocusReason)
            return []
        ids = self.save_current()
        self.stops.setFocus(Qt.FocusReason.OtherFocusReason)
        return ids

    def save_current(self) -> list[int]:
        item = self.stops.currentItem()
        if item is None or self.project is None:
            return []
        row = self.stops.currentRow()
        stop_id = item.data(Qt.ItemDataRole.UserRole)
        hazards = [FoundHazard(self.hazard.text().strip(), grade=self.grade.currentData())] \
            if self.hazard.text().strip() else []
        actor = None
        if hazards and self.operator is not None:   # a hazard enters the ledger in the operator's name
            actor = self.operator.require(self)
            if actor is None:
                return []
        photos = self._read_photos()
        if photos is None:
            return []
        who = self.operator.actor() if self.operator is not None else None

        def unit(s) -> list[int]:
            stop = find_stop(s, stop_id=stop_id)
            found = record_visit(s, stop, result=self.result.currentData(), note=self.note.text().strip() or None,
                                 visited_at=self.visited.dateTime().toPython(), hazards=hazards, actor=actor)
            for p in photos:
                attach_photo(s, stop_id, p.data, p.file, taken_at=p.taken_at, lon=p.lon, lat=p.lat,
                             operator=who.name if who is not None else None)
            return [h.id for h in found]

        try:
            ids = self.project.write(unit)
        except GridsafeError as e:
            QMessageBox.warning(self, self.tr("无法登记"), error_text(e))
            return []
        self.hazard.clear()
        self.note.clear()
        self.set_photos([])
        self.show_assignment(self.assignment_id)
        nxt = self._next_open(row) if self.stops.count() else None
        if nxt is not None:
            self.stops.setCurrentRow(nxt)
        self._say("" if nxt is not None else self.tr("本任务各站结果已全部登记"))
        self.recorded.emit(stop_id, ids)
        return ids
