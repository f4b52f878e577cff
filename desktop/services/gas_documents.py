"""Gas pipeline documents (issue 13), shared by the CLI (`gridsafe gas sheets`, `gridsafe gas notice`) and the
window (desktop.features.gas_documents): the 现场示意图 per finding (A4 PDF, for the enforcement letter) and
the 燃气管道保护安全告知书 to a third-party works party (docx or PDF). Both only read the project.

Heavy work takes a gis.feedback.Feedback (progress and cancel): the window runs it as a desktop.tasks.Task,
the CLI draws it on the terminal. Every file is written whole (gis.atomic): a cancelled or failed run
leaves no partial file; of a run of several files the complete ones stay and the error says which
(gis.atomic.Incomplete).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from gis.atomic import Batch
from gis.errors import ValidationError
from gis.feedback import Feedback, ensure
from gis.store import Project

NOTICE_FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class SheetsWritten:
    files: list[Path]
    sheets: int               # findings drawn (pages)


def finding_sheets(project: Project, out: str | Path, *, on: date | None = None, kinds=None, hazard_ids=None,
                   paper: str = "A4", stack=None, feedback: Feedback | None = None) -> SheetsWritten:
    """现场示意图 for the recorded findings of the gas analysis on `on` (default today): `kinds` (occupation,
    clearance, third_party_works) and `hazard_ids` (ledger hazards of source 管线安全分析) narrow them.
    `out` a .pdf: one file, a page per finding; otherwise a folder: one PDF per finding (named by kind,
    hazard code and feature). `stack`: the print's own layers (desktop.printing.stacks.print_copy of the
    window's, with its basemap; the gas ranges are read if it lacks them), else the layers are loaded."""
    import gis.gasmap  # noqa: F401  (registers the gas range layers)
    from desktop.printing.finding_sheet import (
        RANGES,
        FindingMap,
        FindingSheetOptions,
        FindingSheetPrinter,
        finding_stack,
    )
    from desktop.printing.page import Paper, ensure_gui
    from desktop.printing.stacks import PRINT_LAYERS, load_stack, with_sources
    from gis.filenames import safe_filename
    from gis.gas.sheets import finding_sheets as read_sheets

    ensure_gui()
    feedback = ensure(feedback)
    on = on or date.today()
    feedback.progress(None, "正在分析燃气管线")
    sheets = read_sheets(project, on, kinds=kinds, hazard_ids=hazard_ids)
    feedback.check()
    if not sheets:
        raise ValidationError(f"{on:%Y-%m-%d} 的燃气管线安全分析没有可出示意图的发现"
                              + (f"（类型：{'、'.join(kinds)}）" if kinds else ""))
    feedback.progress(0.0, "正在读取图层")
    base = with_sources(stack, project, RANGES) if stack is not None else load_stack(project, [*PRINT_LAYERS, *RANGES])
    printer = FindingSheetPrinter(FindingMap(finding_stack(base)), FindingSheetOptions(paper=Paper(paper)))
    out = Path(out)
    if out.suffix.lower() == ".pdf":
        jobs = [(out, sheets)]
    else:
        jobs, used = [], set()
        for sh in sheets:
            name = safe_filename(sh.file_stem, ".pdf")
            while name in used:
                name = safe_filename(f"{sh.file_stem}_{len(used)}", ".pdf")
            used.add(name)
            jobs.append((out / name, [sh]))
    done = 0
    with Batch(len(jobs)) as batch:
        for path, group in jobs:
            with batch.file(path) as tmp:
                printer.write(group, tmp, feedback=feedback, counted=(done, len(sheets)))
            done += len(group)
    return SheetsWritten(batch.files, len(sheets))


def notice_format(path: str | Path, fmt: str | None = None) -> str:
    """docx or pdf: as asked, else by the file's extension; anything else is refused in Chinese."""
    if fmt is None:
        fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in NOTICE_FORMATS:
        raise ValidationError(f"安全告知书应保存为 .docx 或 .pdf，而不是“{Path(path).name}”")
    return fmt


def works_notice(project: Project, works_id: int | str, out: str | Path, *, on: date | None = None,
                 fmt: str | None = None, feedback: Feedback | None = None) -> Path:
    """燃气管道保护安全告知书 for the third-party works `works_id` (its id, or its name) dated `on` (default
    today), with a receipt to sign, into `out` (.docx or .pdf). Bad ids and works near no pipeline raise
    ValidationError naming the works; nothing is written then."""
    from gis.gas.notice import works_notice as content

    fmt = notice_format(out, fmt)
    feedback = ensure(feedback)
    feedback.progress(None, "正在分析施工范围附近的燃气管道")
    with project.session() as s:
        notice = content(s, works_id, on=on)
    feedback.check()
    doc = notice.document()
    feedback.progress(None, "正在写入安全告知书")
    if fmt == "pdf":
        from desktop.printing.notice_pdf import write_document_pdf

        return write_document_pdf(doc, out)
    from gis.documents import write_docx

    return write_docx(doc, out)


def sheet_hazard(project: Project, hazard_id: int) -> bool:
    """Whether ledger hazard `hazard_id` is a gas analysis finding with a 现场示意图 (source 管线安全分析)."""
    from gis.gas.findings import RECORDED_KINDS, SOURCE
    from gis.model import Hazard

    with project.session() as s:
        h = s.get(Hazard, int(hazard_id))
        return h is not None and h.source == SOURCE and h.finding in RECORDED_KINDS
