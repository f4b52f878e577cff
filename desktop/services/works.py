"""Third-party works register use cases (第三方施工登记, issue 13): list, add, update, change status, delete.
Each write is one transaction through gis.gas.works (the checks of `import --layer works`), returning an
Outcome whose Change ("works", and "hazards" when a deleted works was linked) the window announces.
A refusal is a gis.gas.works.WorksError naming the field; nothing is written then."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop.services import Outcome
from gis.gas import works
from gis.store import Project


def listing(project: Project, *, status: str | None = None, text: str = "") -> list[works.WorksRow]:
    """The register's rows: `status` a works_statuses key or None for all; `text` searched in names,
    party, contact, phone, permit number, supervisor and note."""
    with project.session() as s:
        return works.rows(s, status=status, text=text)


def record(project: Project, works_id: int) -> works.Works:
    with project.session() as s:
        return works.get(s, works_id)


def add(project: Project, values: Mapping[str, Any], extent, *, repair: bool = False,
        allow_outside: bool = False) -> Outcome[int]:
    """Register a works with its extent (shapely polygon, CGCS2000 lon/lat). Outcome.value = its id."""
    works_id, change = project.write(
        lambda s: works.add(s, values, extent, repair=repair, allow_outside=allow_outside))
    return Outcome(works_id, change)


def update(project: Project, works_id: int, values: Mapping[str, Any], extent=None, *, repair: bool = False,
           allow_outside: bool = False) -> Outcome[int]:
    """Change a works' attributes and, when `extent` is given, its extent."""
    change = project.write(
        lambda s: works.update(s, works_id, values, extent, repair=repair, allow_outside=allow_outside))
    return Outcome(int(works_id), change)


def set_status(project: Project, works_id: int, status: str) -> Outcome[int]:
    change = project.write(lambda s: works.set_status(s, works_id, status))
    return Outcome(int(works_id), change)


def delete(project: Project, works_id: int) -> Outcome[int]:
    """Delete a works; hazards linked to it stay in the ledger, unlinked. Outcome.value = hazards unlinked."""
    unlinked, change = project.write(lambda s: (len(works.linked_hazards(s, works_id)), works.delete(s, works_id)))
    return Outcome(unlinked, change)
