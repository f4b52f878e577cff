"""Gas pipeline safety use cases (issue 13): analyse the project's pipelines and record the findings in the
hazard ledger (source 管线安全分析). Shared by the CLI (`gridsafe gas analyse`) and, later, the window."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.services import NO_CHANGE, Outcome
from gis.gas import findings
from gis.store import Project


@dataclass(frozen=True)
class Analysed:
    run: findings.Run
    summary: findings.Summary
    dry_run: bool             # True: nothing written (summary.new have no hazard yet)


def analyse(project: Project, *, operator, on: date | None = None, dry_run: bool = False) -> Outcome[Analysed]:
    """Analyse every gas pipeline on `on` (default today) and, unless `dry_run`, register the new findings as
    hazards in one transaction by `operator`. Findings already open are not registered again; open hazards
    of this source whose finding is gone are listed in summary.disappeared, not closed."""
    on = on or date.today()
    run = findings.analyse_project(project, on)
    if dry_run:
        with project.session() as s:
            return Outcome(Analysed(run, findings.compare(s, run), True), NO_CHANGE)
    with project.transaction() as s:
        summary, change = findings.record(s, run, on, operator)
    return Outcome(Analysed(run, summary, False), change)
