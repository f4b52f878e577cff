"""Periodic reports (周报、月报、季报、年报; issue 14), shared by the CLI (`gridsafe report`) and the window
(统计 → 生成报告…, desktop/features/reports.py): the report of a kind and period over the project or one unit,
as .docx (from the editable template, gis.stats.report_docx), PDF (desktop/printing/report_pdf.py) and/or
the numbers as .xlsx (gis.stats.report_xlsx). Read only.

The content is computed once (gis.stats.report.build) and each file drawn from it; charts are recorded once on
the UI thread (chart_pictures; a window task asks the UI thread for them through on_ui_thread) and used by the docx (PNG) and the PDF (vector). Every file is
written whole (gis.atomic): of several files the complete ones stay when a later one fails or is cancelled, and
the error (gis.atomic.Incomplete) says which.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from desktop.printing.page import ensure_gui
from gis.atomic import Batch
from gis.errors import ValidationError
from gis.feedback import Feedback, ensure
from gis.store import Project

FORMATS = ("docx", "pdf", "xlsx")


# --- the charts are pyqtgraph scenes: drawn on the UI thread, whoever asks ---------------------------------

class _Caller(QObject):
    """Lives on the UI thread: a function emitted to it from a worker runs there."""
    call = Signal(object)

    @Slot(object)
    def run(self, fn) -> None:
        fn()


_caller: _Caller | None = None


def on_ui_thread(fn: Callable[[], Any], feedback: Feedback | None = None) -> Any:
    """fn() run on the application's thread (now, when called there) and its result; a worker waits for it,
    checking `feedback` for a cancel while the UI thread is busy."""
    ensure_gui()
    from PySide6.QtCore import QCoreApplication, QThread

    app = QCoreApplication.instance()
    if QThread.currentThread() is app.thread():
        return fn()
    if _caller is None:
        raise RuntimeError("on_ui_thread: call prepare_ui_thread() on the UI thread first")
    done = threading.Event()
    box: dict[str, Any] = {}

    def run():
        try:
            box["value"] = fn()
        except BaseException as e:  # noqa: BLE001 — handed to the worker and raised there
            box["error"] = e
        done.set()

    _caller.call.emit(run)
    feedback = ensure(feedback)
    while not done.wait(0.1):
        feedback.check()
    if "error" in box:
        raise box["error"]
    return box["value"]


def prepare_ui_thread() -> None:
    """Make the relay on the UI thread (the window calls it before starting a report task)."""
    global _caller
    if _caller is None:
        _caller = _Caller()
        _caller.call.connect(_caller.run, Qt.ConnectionType.QueuedConnection)


def chart_pictures(charts, feedback: Feedback | None = None) -> list:
    """Each chart (gis.stats.charts.Chart) recorded as vector drawing commands (QPicture) at its PDF size, on the
    UI thread: desktop.printing.report_pdf replays them into the PDF and into the .docx's PNGs."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter, QPicture

    from desktop import charts as draw
    from desktop.printing.page import MM
    from desktop.printing.report_pdf import CHART_FONT_PX, CHART_H_MM, CHART_W_MM

    def record():
        out = []
        for chart in charts:
            pic = QPicture()
            p = QPainter(pic)
            draw.paint(chart, p, QRectF(0, 0, CHART_W_MM * MM, CHART_H_MM * MM), CHART_FONT_PX)
            p.end()
            out.append(pic)
        return out

    return on_ui_thread(record, feedback)


@dataclass(frozen=True)
class Written:
    files: list[Path]
    title: str


def format_of(path: str | Path) -> str:
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValidationError(f"输出文件 {path} 的扩展名应为 .docx、.pdf 或 .xlsx（由扩展名决定格式）")
    return fmt


def default_name(kind: str, period: str) -> str:
    """报告 file stem for a dialog's folder: 周报_2026-W49."""
    from gis.stats.report import KIND_ZH

    return f"{KIND_ZH[kind]}_{period}"


def write_report(project: Project, kind: str, period: str, outs: list[str | Path], *, template: str | Path | None = None,
                 within: str | None = None, today: date | None = None,
                 feedback: Feedback | None = None) -> Written:
    """Write the report of `kind` for `period` to each of `outs` (the suffix picks the format)."""
    from gis.stats import report

    feedback = ensure(feedback)
    outs = [Path(o) for o in outs]
    if not outs:
        raise ValidationError("请至少给出一个输出文件（.docx、.pdf 或 .xlsx）")
    # the docx first: a template error (said only when it is filled in) then leaves no file at all
    outs.sort(key=lambda o: FORMATS.index(format_of(o)))
    formats = [format_of(o) for o in outs]
    if "docx" in formats:          # a broken template is said before anything is computed or written
        from gis.stats.report_docx import find_template

        find_template(project, template)
    rep = report.build(project, kind, period, within=within, today=today, feedback=feedback.sub(0.0, 0.5))
    pictures = None
    if "docx" in formats or "pdf" in formats:
        feedback.progress(0.55, "正在绘制图表…")
        pictures = chart_pictures(rep.charts, feedback)
    with Batch(len(outs)) as batch:
        for i, (out, fmt) in enumerate(zip(outs, formats, strict=True)):
            feedback.progress(0.6 + 0.4 * i / len(outs), f"正在写入 {out.name}…")
            with batch.file(out) as tmp:
                if fmt == "docx":
                    from desktop.printing.report_pdf import picture_png
                    from gis.stats import report_docx

                    report_docx.render(rep, [picture_png(p) for p in pictures], tmp, template, project)
                elif fmt == "pdf":
                    from desktop.printing.report_pdf import write_report_pdf

                    write_report_pdf(rep, tmp, pictures, feedback)
                else:
                    from gis.stats import report_xlsx

                    report_xlsx.write(rep, tmp, feedback)
            feedback.check()
    feedback.progress(1.0, "报告已生成")
    return Written(batch.files, rep.title)


def export_template(out: str | Path) -> Path:
    """The default template, for a township to edit in Word/WPS (导出报告模板…)."""
    from gis.stats.report_docx import write_template

    if Path(out).suffix.lower() != ".docx":
        raise ValidationError(f"模板文件 {out} 的扩展名应为 .docx")
    return write_template(out)
