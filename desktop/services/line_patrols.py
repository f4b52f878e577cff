"""Line patrol use cases (巡线, issue 13): plan a period's line patrols by the line rules, record a line
patrol's result, write the 巡检长度 report (xlsx). Shared by the CLI (`gridsafe gas plan`, `gridsafe gas
report`) and the window (巡查 menu: 巡线计划…, 巡检长度报表…)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.services import NO_CHANGE, Outcome
from gis.changes import Change
from gis.feedback import Feedback
from gis.patrols import lines
from gis.patrols.periods import Period
from gis.patrols.results import FoundHazard
from gis.store import Project


def plan(project: Project, period: Period, *, dry_run: bool = False,
         feedback: Feedback | None = None) -> Outcome[lines.LinePlanResult]:
    """Plan (or re-plan) the period's line patrols: every gas pipeline stretch on the days its rules make it
    due, one transaction (all or none); a dry run writes nothing."""
    result = lines.plan(project, period, dry_run=dry_run, feedback=feedback)
    return Outcome(result, NO_CHANGE if dry_run else Change.of("patrols"))


def record(project: Project, assignment_id: int, *, done_on: date, operator, patrolled_m: float | None = None,
           hazards: list[FoundHazard] = ()) -> Outcome[list[int]]:
    """A line patrol done on `done_on` over `patrolled_m` metres (default the whole route), hazards found
    registered (source 管线巡线) and linked to it; recorded by `operator`. Returns the new hazards' ids."""
    ids = project.write(lambda s: [h.id for h in lines.record_patrol(
        s, assignment_id, done_on=done_on, patrolled_m=patrolled_m, hazards=hazards, actor=operator)])
    kinds = ("patrols", "hazards") if ids else ("patrols",)
    return Outcome(ids, Change.of(*kinds, patrols=[assignment_id], **({"hazards": ids} if ids else {})))


def report(project: Project, period: Period, out: str | Path, *, until: date | None = None,
           today: date | None = None):
    """The 巡检长度 report of `period` (xlsx at `out`, never half a file); returns its figures
    (gis.patrols.line_report.LengthReport)."""
    from gis.patrols import line_report

    return line_report.build(project, period, out, until=until, today=today)
