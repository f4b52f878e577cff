"""统计 → 生成报告… / 导出报告模板… in the main window (issue 14): the periodic reports.

生成报告… opens the report dialog (desktop/views/reports/report_dialog.py: kind, period defaulting to the current
week/month/quarter/year, scope, formats, output folder, template) and runs desktop.services.reports.write_report
as a desktop.tasks.Task with progress and cancel; when done the status bar names the files and, when asked, the
folder opens. 导出报告模板… saves the built-in template for the township to edit in Word/WPS.
The 统计 menu is shared with the dashboard and the calendar: whichever feature installs first makes it
(shell.feature_menu matches the title; give 统计 the same English in every context).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from desktop.files import ask_save_path
from desktop.tasks import Task, progress_dialog


def tr(text: str) -> str:
    return QCoreApplication.translate("ReportsFeature", text)


class ReportsFeature(QObject):
    def __init__(self, shell) -> None:
        super().__init__(shell.parent)
        self.shell = shell
        self.project = None
        self.task: Task | None = None
        self.dialog = None
        self.folder: Path | None = None        # the last output folder, offered again
        self.written: list[Path] = []          # the files of the last report
        menu = shell.feature_menu(tr("统计(&S)"))     # shared with 工作态势 and 工作日历: the same title
        if menu.actions():
            menu.addSeparator()
        self.report_action = menu.addAction(tr("生成报告…"), self.ask)
        self.template_action = menu.addAction(tr("导出报告模板…"), lambda: self.export_template())
        shell.events.opened.connect(lambda project: setattr(self, "project", project))
        shell.events.closed.connect(lambda: setattr(self, "project", None))

    def ask(self) -> None:
        from desktop.views.reports.report_dialog import ReportDialog

        if self.project is None:
            QMessageBox.information(self.shell.parent, tr("生成报告"), tr("请先打开项目。"))
            return
        if self.task is not None:
            return
        folder = self.folder or Path.home() / tr("报告")
        dialog = self.dialog = ReportDialog(self.shell.parent, folder=folder)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.run(dialog.report_kind(), dialog.period_label(), dialog.chosen_formats(),
                                                 dialog.output_folder(), template=dialog.template_path(),
                                                 within=dialog.scope(), open_after=dialog.open_after.isChecked()))
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        dialog.open()

    def run(self, kind: str, period: str, formats: list[str], folder: Path, *, template: str | None = None,
            within: str | None = None, open_after: bool = False) -> Task | None:
        from desktop.services import reports as use

        if self.project is None or self.task is not None:
            return None
        project = self.project
        self.folder = folder
        stem = use.default_name(kind, period) + (f"_{within}" if within else "")
        outs = [folder / f"{stem}.{fmt}" for fmt in formats]
        use.prepare_ui_thread()    # the charts are drawn on this thread when the task asks

        def work(feedback):
            return use.write_report(project, kind, period, outs, template=template, within=within, feedback=feedback)

        task = self.task = Task(work, title="生成报告", parent=self)
        progress_dialog(task, self.shell.parent, tr("正在生成报告…"))
        task.succeeded.connect(lambda done: self._done(done, folder, open_after))
        task.failed.connect(lambda message: QMessageBox.warning(self.shell.parent, tr("无法生成报告"), message))
        task.cancelled.connect(lambda: self.shell.status(tr("已取消生成报告"), 8000))
        task.finished.connect(lambda: setattr(self, "task", None))
        return task.start()

    def _done(self, done, folder: Path, open_after: bool) -> None:
        self.written = list(done.files)
        self.shell.status(tr("已生成{0}：{1}").format(done.title, "、".join(f.name for f in done.files)), 15000)
        if open_after:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def export_template(self, path: str | None = None) -> Path | None:
        from desktop.services import reports as use

        if path is None:
            path, _ = ask_save_path(self.shell.parent, tr("导出报告模板"), tr("报告模板.docx"), tr("Word 文档 (*.docx)"))
            if not path:
                return None
        from desktop.i18n import error_text
        from desktop.tasks import file_error_message
        from gis.errors import GridsafeError

        try:
            out = use.export_template(path)
        except (GridsafeError, OSError) as e:
            QMessageBox.warning(self.shell.parent, tr("无法导出报告模板"),
                                file_error_message(e) if isinstance(e, OSError) else error_text(e))
            return None
        self.shell.status(tr("已导出报告模板：{0}（可在 Word/WPS 中修改，生成报告时选用）").format(out), 10000)
        return out


def install(shell) -> ReportsFeature:
    return ReportsFeature(shell)
