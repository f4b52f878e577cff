"""Batch printing of route sheets: all assignments of a period (or the chosen ones) into one PDF, or
one PDF per grid with Windows-safe names. `print_sheets` is plain code with a gis.feedback.Feedback
for progress and cancel: the CLI draws it on the terminal, the window runs it as a desktop.tasks.Task.

Layers are loaded once per run (or the window gives a copy of its own: stacks.print_copy); each grid's
sheets share one map frame, so the renderer's per-layer path caches serve every sheet of the grid.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from desktop.i18n import vocab_lang
from desktop.printing.page import Paper, ensure_gui
from desktop.printing.route_sheet import RouteSheetPrinter, SheetOptions
from desktop.printing.sheet_map import SheetMap, route_stack
from desktop.printing.stacks import load_stack
from desktop.render import LayerStack
from gis.atomic import Batch
from gis.errors import ValidationError
from gis.feedback import Feedback, ensure
from gis.filenames import safe_filename
from gis.hazards import project_chain
from gis.patrols.sheets import RouteSheet, route_sheets
from gis.store import Project


@dataclass
class BatchRequest:
    out: Path                                  # a .pdf file (one file) or a folder (one file per grid)
    period: str | None = None
    kind: str | None = None                    # gis.patrols.rounds kind (None: as the period says)
    one_file: bool = True
    paper: str = "A4"
    grid_codes: list[str] | None = None
    assignment_ids: list[int] | None = None
    written: list[Path] = field(default_factory=list)


def read_sheets(project: Project, req: BatchRequest):
    with project.session() as s:
        sheets = route_sheets(s, req.period, kind=req.kind, grid_codes=req.grid_codes,
                              assignment_ids=req.assignment_ids, lang=vocab_lang())
        chain = project_chain(s)
    return sheets, chain


def grid_files(sheets: list[RouteSheet], folder: Path, label: str) -> list[tuple[Path, list[RouteSheet]]]:
    """(file, sheets) per grid, in grid-code order; names are safe on Windows."""
    by_grid = sorted(sheets, key=lambda sh: (sh.grid_code, sh.day, sh.assignment_id))
    out = []
    for code, group in groupby(by_grid, key=lambda sh: sh.grid_code):
        group = list(group)
        name = safe_filename(f"巡查路线单_{label}_{code}_{group[0].grid_name}", ".pdf")
        out.append((folder / name, group))
    return out


def print_sheets(project: Project, req: BatchRequest, *, stack: LayerStack | None = None,
                 feedback: Feedback | None = None) -> list[Path]:
    """Write the sheets; returns the files. `stack` is the print's own (stacks.print_copy of the
    window's, with its basemap), else the layers are loaded. `feedback` counts the sheets. Each file is
    written whole (gis.atomic.Batch): on cancel or a failure the files already complete stay, the one
    being written leaves nothing, and the error says which (gis.atomic.Incomplete, a Cancelled when
    cancelled; the error as it was when no file was complete)."""
    ensure_gui()
    feedback = ensure(feedback)
    feedback.progress(None, "正在读取巡查任务")
    sheets, chain = read_sheets(project, req)
    if not sheets:
        raise ValidationError("没有可打印的巡查任务" + (f"（时段 {req.period}），请先生成该时段的巡查计划"
                                                       if req.period else ""))
    feedback.progress(0.0, "正在读取图层")
    sheet_map = SheetMap(route_stack(stack or load_stack(project)))
    extents = {code: sheet_map.extent(list(g))
               for code, g in groupby(sorted(sheets, key=lambda sh: sh.grid_code), key=lambda sh: sh.grid_code)}
    printer = RouteSheetPrinter(sheet_map, SheetOptions(paper=Paper(req.paper), chain=chain))
    label = req.period or "所选任务"
    out = Path(req.out)
    if req.one_file:
        if out.suffix.lower() != ".pdf":
            out = out / safe_filename(f"巡查路线单_{label}", ".pdf")
        jobs = [(out, sheets)]
    else:
        jobs = grid_files(sheets, out, label)
    total, done = len(sheets), 0
    with Batch(len(jobs)) as batch:
        req.written = batch.files
        for path, group in jobs:
            with batch.file(path) as tmp:
                printer.write(group, tmp, extents=extents, feedback=feedback, counted=(done, total))
            done += len(group)
    return list(batch.files)
