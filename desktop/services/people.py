"""人员名册 as the window and `gridsafe people` use it: list the register, add or edit one person with their roles,
停用 (end every role; nobody is deleted), import an XLSX/CSV 人员名册. Each write is one transaction (project.write)
through gis.people and returns an Outcome whose Change (kind "people") the window announces. The import file is
read (budgets, the isolated reader) before the transaction, so a re-run of the transaction does not read it again;
a bad file raises gis.io.errors.ImportRejected naming file, row and field, and nothing is written."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.services import Outcome
from gis import people as register
from gis.store import Project


def people(project: Project) -> list[register.PersonRow]:
    with project.session() as s:
        return register.people(s)


def targets(project: Project) -> dict[str, list[tuple[int, str]]]:
    with project.session() as s:
        return register.targets(s)


def save(project: Project, person_id: int | None, fields: dict, roles: list[tuple[str, str, int]], *,
         today: date | None = None) -> Outcome[int]:
    pid, change = project.write(lambda s: register.save(s, person_id, fields, roles, today=today))
    return Outcome(pid, change)


def deactivate(project: Project, person_ids: list[int], *, today: date | None = None) -> Outcome[int]:
    ended, change = project.write(lambda s: register.deactivate(s, person_ids, today=today))
    return Outcome(ended, change)


def delete(project: Project, person_id: int) -> Outcome[int]:
    """Delete someone nothing refers to (ValidationError naming what refers to anyone else)."""
    change = project.write(lambda s: register.delete(s, person_id))
    return Outcome(int(person_id), change)


def import_file(project: Project, path: str | Path, *, sheet: str | None = None,
                today: date | None = None) -> Outcome[register.ImportSummary]:
    """Import a 人员名册: every row or none (ImportRejected lists the problems)."""
    parsed = register.read_file(path, sheet=sheet)
    summary, change = project.write(lambda s: register.import_parsed(s, parsed, today=today))
    return Outcome(summary, change)
