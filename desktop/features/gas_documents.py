"""Gas pipeline documents in the window (issue 13): identify actions that write the 燃气管道保护安全告知书 of
a third-party works (docx or PDF) and the 现场示意图 of a hazard found by the pipeline analysis (PDF). Both
run through the task runner (desktop.tasks) with progress and cancel; the print draws from its own copy of
the window's layers (desktop.printing.stacks.print_copy, made on the UI thread). Nothing is written to the
project, so no change is announced.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QMessageBox

from desktop.files import ask_save_path
from desktop.tasks import Task, progress_dialog


def tr(text: str) -> str:
    return QCoreApplication.translate("GasDocuments", text)


class GasDocumentsFeature(QObject):
    def __init__(self, shell) -> None:
        super().__init__(shell.parent)
        self.shell = shell
        self.project = None
        self.task: Task | None = None
        self.notice_button = shell.add_identify_action(
            tr("安全告知书…"), tr("为此第三方施工生成燃气管道保护安全告知书（Word 或 PDF，含回执）"),
            self.works_notice, applies=lambda source, _row: source == "works")
        self.sheet_button = shell.add_identify_action(
            tr("现场示意图…"), tr("打印此管线安全分析隐患的现场示意图（执法用图，PDF）"),
            self.finding_sheet, applies=self._is_analysis_hazard)
        shell.events.opened.connect(self._opened)
        shell.events.closed.connect(self._closed)

    def _opened(self, project) -> None:
        self.project = project

    def _closed(self) -> None:
        self.project = None

    def _feature_id(self, source: str, row: int) -> int | None:
        stack = self.shell.stack
        if stack is None or source not in stack.sources:
            return None
        ids = stack.sources[source].layer.ids
        return int(ids[row]) if 0 <= row < len(ids) else None

    def _is_analysis_hazard(self, source: str, row: int) -> bool:
        from desktop.services.gas_documents import sheet_hazard

        if source != "hazards" or self.project is None:
            return False
        hid = self._feature_id(source, row)
        return hid is not None and sheet_hazard(self.project, hid)

    # --- actions -------------------------------------------------------------------------------------
    def works_notice(self, source: str, row: int) -> None:
        from desktop.services.gas_documents import works_notice

        works_id = self._feature_id(source, row)
        if self.project is None or works_id is None or self.task is not None:
            return
        name = self.shell.feature_name(source, row)
        path, chosen = ask_save_path(self.shell.parent, tr("保存安全告知书"), f"燃气管道保护安全告知书_{name}.docx",
                                     tr("Word 文档 (*.docx);;PDF (*.pdf)"))
        if not path:
            return
        if not path.lower().endswith((".docx", ".pdf")):
            path += ".pdf" if "pdf" in chosen.lower() else ".docx"
        project = self.project
        self._run(lambda feedback: works_notice(project, works_id, path, on=date.today(), feedback=feedback),
                  tr("生成安全告知书"), tr("正在生成燃气管道保护安全告知书…"), path)

    def finding_sheet(self, source: str, row: int) -> None:
        from desktop.printing.stacks import close, print_copy
        from desktop.services.gas_documents import finding_sheets

        hazard_id = self._feature_id(source, row)
        if self.project is None or hazard_id is None or self.task is not None:
            return
        name = self.shell.feature_name(source, row)
        path, _ = ask_save_path(self.shell.parent, tr("保存现场示意图"), f"现场示意图_{name}.pdf", "PDF (*.pdf)")
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        project = self.project
        stack = print_copy(self.shell.stack) if self.shell.stack is not None else None

        def work(feedback):
            try:
                return finding_sheets(project, path, hazard_ids=[hazard_id], stack=stack, feedback=feedback)
            finally:
                if stack is not None:
                    close(stack)

        self._run(work, tr("打印现场示意图"), tr("正在绘制现场示意图…"), path)

    def _run(self, work, title: str, label: str, path: str) -> None:
        task = self.task = Task(work, title=title, parent=self)
        progress_dialog(task, self.shell.parent, label)
        task.succeeded.connect(lambda _value: self.shell.status(tr("已生成：") + path, 8000))
        task.failed.connect(lambda message: QMessageBox.warning(self.shell.parent, title, message))
        task.finished.connect(lambda: setattr(self, "task", None))
        task.start()


def install(shell) -> GasDocumentsFeature:
    return GasDocumentsFeature(shell)
