"""Gas pipeline safety use cases (issue 13): analyse the project's pipelines and record the findings in the
hazard ledger (source 管线安全分析), with the buffer checks between sites (source 周边安全距离分析); the findings
as lists (xlsx). Shared by the CLI (`gridsafe gas analyse`,
`gridsafe gas lists`) and the window (燃气 menu, desktop/features/gas.py)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.services import NO_CHANGE, Outcome
from gis.feedback import Feedback, ensure
from gis.gas import findings
from gis.store import Project


@dataclass(frozen=True)
class Analysed:
    run: findings.Run
    summary: findings.Summary
    dry_run: bool             # True: nothing written (summary.new have no hazard yet)

    def rows(self):
        """The findings as listed (gis.gas.lists.Row: the pipeline findings, then the buffer checks between
        sites), with their place in the ledger. The window's table, the --json output and the lists."""
        from gis.gas import lists

        return lists.finding_rows(self.run, self.summary, self.dry_run)

    def disappeared(self):
        """Open hazards of this source whose finding is gone (gis.gas.lists.Gone): listed, not closed."""
        from gis.gas import lists

        return lists.disappeared_rows(self.summary)


def analyse(project: Project, *, operator, on: date | None = None, dry_run: bool = False,
            feedback: Feedback | None = None) -> Outcome[Analysed]:
    """Analyse every gas pipeline on `on` (default today) and, unless `dry_run`, register the new findings as
    hazards in one transaction by `operator`. Findings already open are not registered again; open hazards
    of this source whose finding is gone are listed in summary.disappeared, not closed. Cancelling (through
    `feedback`) before the ledger is written leaves the project as it was."""
    feedback = ensure(feedback)
    on = on or date.today()
    feedback.progress(None, "正在分析燃气管线…")
    run = findings.analyse_project(project, on)
    feedback.check()
    if dry_run:
        with project.session() as s:
            return Outcome(Analysed(run, findings.compare(s, run), True), NO_CHANGE)
    feedback.progress(None, "正在登记隐患…")
    def register(s):
        recorded = findings.record(s, run, on, operator)
        feedback.check()                 # a cancel here rolls the registrations back
        return recorded

    summary, change = project.write(register)
    return Outcome(Analysed(run, summary, False), change)


@dataclass(frozen=True)
class ListsWritten:
    path: Path
    counts: dict[str, int]    # rows per kind (gis.gas.lists.KINDS: the four pipeline kinds, school_zone,
                              # external_distance)
    analysed: Analysed


def export_lists(project: Project, path: str | Path, *, on: date | None = None, analysed: Analysed | None = None,
                 feedback: Feedback | None = None) -> ListsWritten:
    """占压 / 安全间距不足 / 第三方施工 / 高后果区 / 学校周边禁止经营 / 危化企业外部安全防护距离 lists as one
    xlsx workbook. Lists `analysed` (a run the window
    has shown) or else analyses the project on `on` without writing it (the ledger columns then say which
    findings are already open and which are not yet registered). Never leaves half a file."""
    from gis.atomic import atomic_path
    from gis.gas import lists

    feedback = ensure(feedback)
    if analysed is None:
        analysed = analyse(project, operator=None, on=on, dry_run=True, feedback=feedback).value
    feedback.check()
    feedback.progress(None, "正在写入清单…")
    with atomic_path(path) as tmp:       # a cancel while the workbook is written leaves no file
        counts = lists.write(project, tmp, analysed.run, analysed.summary, analysed.dry_run)
        feedback.check()
    return ListsWritten(Path(path), counts, analysed)
