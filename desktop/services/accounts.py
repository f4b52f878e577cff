"""Accounts and roles (issue 16) as `gridsafe users` uses them: add, list, disable, enable — on a PostgreSQL project,
by a login that may create roles (gis/accounts.py says how accounts are PostgreSQL roles). A SQLite project is
single-user: every use case refuses it with the way to move it to PostgreSQL (`gridsafe db copy`). Each write is
one transaction: the CREATE/ALTER ROLE and the account row commit together or not at all."""
from __future__ import annotations

from gis import accounts, store
from gis.errors import ValidationError
from gis.store import Project


def require_postgresql(target: str) -> str:
    """The project's URL; a SQLite project is refused with the message that says how to move it."""
    url = store.to_url(target)
    if store.is_sqlite(url):
        raise ValidationError(accounts.SQLITE_MESSAGE)
    return url


def add(project: Project, login: str, role: str, password: str, *, area: str | None = None,
        sector: str | None = None, person_id: int | None = None) -> accounts.Listed:
    return project.write(lambda s: accounts.add(s.connection(), login, role, password, area=area, sector=sector,
                                                person_id=person_id))


def listing(project: Project) -> list[accounts.Listed]:
    with project.engine.connect() as conn:
        return accounts.listing(conn)


def set_enabled(project: Project, login: str, enabled: bool) -> accounts.Listed:
    return project.write(lambda s: accounts.set_enabled(s.connection(), login, enabled))



def hazard_scope(project: Project, hazard_id: int) -> tuple[str | None, str | None]:
    """(grid code, sector) of a hazard: what gis.permissions.can checks it in."""
    with project.session() as s:
        return accounts.hazard_scope(s, hazard_id)
