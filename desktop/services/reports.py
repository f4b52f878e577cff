"""Periodic reports (周报、月报、季报、年报; issue 14), shared by the CLI (`gridsafe report`) and the window
(统计 → 生成报告…, desktop/features/reports.py): the report of a kind and period over the project or one unit,
as .docx (from the editable template, gis.stats.report_docx), PDF (desktop/printing/report_pdf.py) and/or
the numbers as .xlsx (gis.stats.report_xlsx). Read only.

The content is computed once (gis.stats.report.build) and each file drawn from it; charts are recorded once on
the UI thread (report_pdf.chart_pictures) and used by the docx (PNG) and the PDF (vector). Every file is
written whole (gis.atomic): of several files the complete ones stay when a later one fails or is cancelled, and
the error (gis.atomic.Incomplete) says which.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from gis.atomic import Batch
from gis.errors import ValidationError
from gis.feedback import Feedback, ensure
from gis.store import Project

FORMATS = ("docx", "pdf", "xlsx")


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
    formats = [format_of(o) for o in outs]
    if "docx" in formats:          # a broken template is said before anything is computed or written
        from gis.stats.report_docx import find_template

        find_template(project, template)
    rep = report.build(project, kind, period, within=within, today=today, feedback=feedback.sub(0.0, 0.5))
    pictures = None
    if "docx" in formats or "pdf" in formats:
        from desktop.printing.report_pdf import chart_pictures

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
