"""Enterprise self-check reports (企业自查自报, 零报告) as the window and `gridsafe selfcheck` use them: the enterprises
in scope with their reports in a period, record one report, delete one, import a 企业自查上报表 (xlsx/csv).

Which sites are enterprises in scope is the KPIs' definition (scope_of: resources/kpis.yaml `enterprises:`, or
the project's kpi_definitions setting over it). Each write is one transaction (project.write) through gis.hazards.self_checks and returns an Outcome whose
Change (kind "self_check") the window announces. Refusals are Chinese: SelfCheckError names the field; a bad
上报表 raises gis.io.errors.ImportRejected whose report names file, row and field of every problem, and nothing
is written. The file is read (budgets, isolation) before the write transaction, so a re-run of the transaction
does not read it again.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.services import Outcome
from gis.hazards import self_checks as sc
from gis.store import Project


def scope_of(project: Project) -> sc.Scope:
    """The enterprises the KPIs count in this project: resources/kpis.yaml's `enterprises:`, or the project's
    kpi_definitions setting over it (gis.stats.kpis), so this list and the dashboard's figures agree."""
    from gis.stats import kpis

    defs = kpis.load(project)
    return sc.Scope(tuple(defs.enterprise_categories), tuple(defs.enterprise_exclude_status))


def enterprises(project: Project, start: date, end: date) -> list[sc.Enterprise]:
    """Every enterprise in scope with its reports dated start..end (inclusive)."""
    scope = scope_of(project)
    with project.session() as s:
        return sc.enterprises(s, start, end, scope)


def missing(project: Project, start: date, end: date) -> list[sc.Enterprise]:
    """The enterprises in scope with no report dated start..end (未上报)."""
    return [e for e in enterprises(project, start, end) if e.state == "missing"]


def reports(project: Project, start: date, end: date) -> list[sc.Report]:
    with project.session() as s:
        return sc.reports(s, start, end)


def find_site(project: Project, code_or_name: str) -> int:
    """The id of the site with this 统一社会信用代码, else exactly this name (SelfCheckError otherwise)."""
    with project.session() as s:
        return sc.find_site(s, code_or_name).id


def record(project: Project, site: int | str, day: date, hazards_found: int, *, reporter: str | None = None,
           note: str | None = None, operator: str | None = None, today: date | None = None
           ) -> Outcome[sc.Recorded]:
    """Record an enterprise's report (`site`: its id, or its code or exact name). Outcome.value.created is False
    when it replaced that enterprise's report of the same day."""
    scope = scope_of(project)

    def unit(s):
        site_id = site if isinstance(site, int) else sc.find_site(s, site).id
        return sc.record(s, site_id, day, hazards_found, reporter=reporter, note=note, recorded_by=operator,
                         today=today, scope=scope)

    recorded, change = project.write(unit)
    return Outcome(recorded, change)


def delete(project: Project, report_id: int) -> Outcome[int]:
    change = project.write(lambda s: sc.delete(s, report_id))
    return Outcome(int(report_id), change)


def import_file(project: Project, path: str | Path, *, operator: str | None = None, today: date | None = None,
                sheet: str | None = None) -> Outcome[sc.ImportSummary]:
    """Import a 企业自查上报表: every row or none (ImportRejected lists the problems)."""
    parsed = sc.read_file(path, sheet=sheet)
    scope = scope_of(project)
    summary, change = project.write(lambda s: sc.import_parsed(s, parsed, recorded_by=operator, today=today,
                                                               scope=scope))
    return Outcome(summary, change)
