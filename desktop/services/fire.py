"""Forest-fire use cases: (re)generate the duty roster, export it (xlsx or printable PDF), print the
网格管理图 for the wall."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.services import Outcome
from gis.changes import Change
from gis.errors import ValidationError
from gis.feedback import Feedback, ensure
from gis.fire import roster
from gis.model import FireSeason
from gis.store import Project

ROSTER_FORMATS = ("xlsx", "pdf")


def _season(s, season_id: int) -> FireSeason:
    season = s.get(FireSeason, season_id)
    if season is None:
        raise ValidationError(f"找不到编号为 {season_id} 的防火期")
    return season


def generate_roster(project: Project, season_id: int, *, start: date | None = None,
                    feedback: Feedback | None = None) -> Outcome[roster.RosterResult]:
    """(Re)generate the roster from `start` (kept: past and hand-made shifts). A cancel before the
    commit writes nothing."""
    feedback = ensure(feedback)
    def generate(s):
        result = roster.generate(s, _season(s, season_id), start=start, feedback=feedback)
        feedback.check()
        return result

    result = project.write(generate)
    return Outcome(result, Change.of("roster"))


def export_roster(project: Project, season_id: int, path: str | Path, fmt: str | None = None) -> Path:
    """The season's roster as an Excel workbook or an A4 landscape PDF (by `fmt`, else the extension)."""
    path = Path(path)
    fmt = fmt or path.suffix.lower().lstrip(".")
    if fmt not in ROSTER_FORMATS:
        raise ValidationError(f"值班表可导出为 xlsx 或 pdf，而不是“{fmt or path.name}”")
    if fmt == "xlsx":
        from gis.fire.roster_xlsx import write_roster

        with project.session() as s:
            write_roster(s, _season(s, season_id), path)
    else:
        from desktop.printing.roster_pdf import write_roster_pdf
        from gis.fire.roster_table import daily_table

        with project.session() as s:
            table = daily_table(s, _season(s, season_id))
        write_roster_pdf(table, path)
    return path


def print_wall_map(project: Project, level: str, code: str, path: str | Path, *, size: str = "A1",
                   landscape: bool = True, unit_name: str | None = None, stack=None,
                   feedback: Feedback | None = None):
    """网格管理图 (PDF) of one district, township or village; returns its content (title, parts, rows)."""
    from desktop.printing.wall_map import wall_map_stack, write_wall_map
    from gis.fire.wall_map import wall_map_content

    with project.session() as s:
        content = wall_map_content(s, level, code)
    write_wall_map(content, stack or wall_map_stack(project), path, size=size, landscape=landscape,
                   unit_name=unit_name, feedback=feedback)
    return content
