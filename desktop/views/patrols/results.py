"""Result entry for one assignment: per stop the time visited, the result, a note, and 发现隐患 —
the hazard is registered in the ledger (gis.patrols.results.record_visit) in the same transaction."""
from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import vocab_label, vocab_lang
from gis import vocab
from gis.errors import GridsafeError
from gis.patrols.queries import assignment_stops
from gis.patrols.results import FoundHazard, find_stop, record_visit


class ResultEntry(QWidget):
    recorded = Signal(int, list)     # stop id, new hazard ids

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.operator = None     # desktop.operator.Operator: records the hazards found
        self.assignment_id: int | None = None
        self.heading = QLabel(self.tr("在巡查任务列表中选择任务后登记结果"))
        self.heading.setWordWrap(True)
        self.stops = QListWidget()
        self.visited = QDateTimeEdit(QDateTime.currentDateTime())
        self.visited.setCalendarPopup(True)
        self.visited.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.result = QComboBox()
        for key, label in vocab.labels("patrol_results", vocab_lang()).items():
            self.result.addItem(label, key)
        self.note = QLineEdit()
        self.hazard = QLineEdit()
        self.hazard.setPlaceholderText(self.tr("发现隐患时填写隐患描述"))
        self.grade = QComboBox()
        for key, label in vocab.labels("hazard_grades", vocab_lang()).items():
            self.grade.addItem(label, key)
        self.save = QPushButton(self.tr("保存本站结果"))
        form = QFormLayout()
        form.addRow(self.tr("巡查时间"), self.visited)
        form.addRow(self.tr("检查结果"), self.result)
        form.addRow(self.tr("备注"), self.note)
        form.addRow(self.tr("发现隐患"), self.hazard)
        form.addRow(self.tr("隐患等级"), self.grade)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.stops, 1)
        layout.addLayout(form)
        layout.addWidget(self.save)
        self.hazard.textChanged.connect(self._hazard_typed)
        self.save.clicked.connect(self.save_current)

    def set_project(self, project) -> None:
        self.project = project
        self.assignment_id = None
        self.stops.clear()

    def show_assignment(self, aid: int) -> None:
        self.assignment_id = aid
        self.stops.clear()
        with self.project.session() as s:
            a = assignment_stops(s, aid)
            if a is None:
                return
            self.heading.setText(self.tr("任务 {id}：{d}，{n} 站").format(id=aid, d=f"{a['planned_on']:%Y-%m-%d}",
                                                                        n=len(a["stops"])))
            for st in a["stops"]:
                done = f" ✓ {vocab_label('patrol_results', st['result'])} {st['visited_at']:%m-%d %H:%M}" \
                    if st["visited_at"] else ""
                item = QListWidgetItem(f"{st['seq']}. {st['site_name']}{done}")
                item.setData(Qt.ItemDataRole.UserRole, st["id"])
                self.stops.addItem(item)
        for i in range(self.stops.count()):
            if "✓" not in self.stops.item(i).text():
                self.stops.setCurrentRow(i)
                break

    def _hazard_typed(self, text: str) -> None:
        if text.strip():
            self.result.setCurrentIndex(self.result.findData("hazard_found"))

    def save_current(self) -> list[int]:
        item = self.stops.currentItem()
        if item is None or self.project is None:
            return []
        stop_id = item.data(Qt.ItemDataRole.UserRole)
        hazards = [FoundHazard(self.hazard.text().strip(), grade=self.grade.currentData())] \
            if self.hazard.text().strip() else []
        actor = None
        if hazards and self.operator is not None:   # a hazard enters the ledger in the operator's name
            actor = self.operator.require(self)
            if actor is None:
                return []
        def unit(s) -> list[int]:
            stop = find_stop(s, stop_id=stop_id)
            found = record_visit(s, stop, result=self.result.currentData(), note=self.note.text().strip() or None,
                                 visited_at=self.visited.dateTime().toPython(), hazards=hazards, actor=actor)
            return [h.id for h in found]

        try:
            ids = self.project.write(unit)
        except GridsafeError as e:
            QMessageBox.warning(self, self.tr("无法登记"), e.message)
            return []
        self.hazard.clear()
        self.note.clear()
        self.show_assignment(self.assignment_id)
        self.recorded.emit(stop_id, ids)
        return ids
