"""Patrol use cases: plan a period, plan the rangers' rounds of a day, print route sheets (PDF), write
route files for phones (KML/KMZ/GPX/HTML)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.services import Outcome
from gis.changes import Change
from gis.errors import ValidationError
from gis.feedback import Feedback
from gis.fire import ranger_rounds as ranger_patrols
from gis.patrols import planning
from gis.patrols.periods import Period
from gis.store import Project

ROUTE_FILE_FORMATS = ("kml", "kmz", "gpx", "html")


def plan(project: Project, period: Period, *, grid_codes: list[str] | None = None,
         person_ids: list[int] | None = None, feedback: Feedback | None = None) -> Outcome[planning.PlanResult]:
    """Plan (or re-plan) a period's assignments by the frequency rules (of some grids or members): all written,
    or none."""
    result = planning.plan(project, period, grid_codes=grid_codes, person_ids=person_ids, feedback=feedback)
    return Outcome(result, Change.of("patrols"))


def plan_ranger_rounds(project: Project, day: date) -> Outcome[ranger_patrols.RangerPlanResult]:
    """The rangers' rounds of one day through the checkpoints, towers and key spots of their areas."""
    return Outcome(ranger_patrols.plan(project, day), Change.of("patrols"))


def print_sheets(project: Project, out: str | Path, *, period: str | None = None, kind: str | None = None,
                 assignment_ids: list[int] | None = None, grid_codes: list[str] | None = None,
                 one_file: bool = True, paper: str = "A4", stack=None,
                 feedback: Feedback | None = None) -> list[Path]:
    """Route sheets as PDF: one file (`out` a .pdf, or a folder) or one per grid (`out` a folder).
    `stack`: the print's own layers (desktop.printing.stacks.print_copy of the window's, with its
    basemap), else they are loaded. Returns the files written. Each file is written whole: on cancel or
    a failure the complete files stay, the one being written leaves nothing, and the error
    (gis.atomic.Incomplete) says which files are complete."""
    from desktop.printing.batch import BatchRequest
    from desktop.printing.batch import print_sheets as write_sheets
    from gis.patrols import rounds

    if period is not None:
        rounds.plan_of(period, kind)   # a malformed period is refused before anything is drawn
    req = BatchRequest(out=Path(out), period=period, kind=kind, one_file=one_file, paper=paper,
                       grid_codes=grid_codes, assignment_ids=assignment_ids)
    return write_sheets(project, req, stack=stack, feedback=feedback)


def export_route_files(project: Project, folder: str | Path, fmt: str, *, period: str | None = None,
                       kind: str | None = None, grid_codes: list[str] | None = None,
                       assignment_ids: list[int] | None = None) -> list[Path]:
    """One route file per assignment for phones (奥维互动地图, Google Earth, GPS apps, a browser), each
    written whole; a failure part-way raises gis.atomic.Incomplete naming the complete files."""
    from gis.atomic import Batch
    from gis.patrols.export import export_sheet
    from gis.patrols.sheets import route_sheets

    if fmt not in ROUTE_FILE_FORMATS:
        raise ValidationError(f"路线文件格式应为 {'、'.join(ROUTE_FILE_FORMATS)}，而不是“{fmt}”")
    with project.session() as s:
        sheets = route_sheets(s, period, kind=kind, grid_codes=grid_codes, assignment_ids=assignment_ids,
                              surroundings=fmt == "html")     # the phone map draws the grid, roads and sites
    if not sheets:
        what = f"时段 {period} 没有巡查任务" if period else "没有所选的巡查任务"
        raise ValidationError(what + ("，请先运行 gridsafe patrol plan" if period else ""))
    with Batch(len(sheets)) as batch:
        for sh in sheets:
            batch.files.append(export_sheet(sh, Path(folder), fmt))
    return list(batch.files)
