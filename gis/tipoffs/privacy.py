"""Reporters' names and contacts are shown masked (张**, 138****5678) to everyone but the roles
resources/tipoff_rules.yaml `reporter_visible_roles` names (today 管理员 / 指挥中心, held in the people data as a
RoleAssignment). Every list, form, print and CLI output passes them through `mask_contact(value, can_see)`, and
`can_see` comes from `can_see_reporter(session, actor)` only: accounts and roles (issue 16) plug in there."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from gis import vocab
from gis.model import RoleAssignment
from gis.tipoffs.rules import rules


def mask_contact(value: str | None, can_see: bool) -> str:
    """The value itself for someone who may see it; else masked: a phone keeps its first 3 and last 4 digits
    (138****5678, 0371****5678), a name its first character (张**), anything else its first and last."""
    text = (value or "").strip()
    if can_see or not text:
        return text
    digits = re.sub(r"\D", "", text)
    if len(digits) >= 7 and len(digits) >= len(text) - 2:
        return digits[:3 if not digits.startswith("0") else 4] + "****" + digits[-4:]
    if len(digits) >= 1 and len(digits) == len(text):     # a short number: only its last digit
        return "*" * (len(digits) - 1) + digits[-1]
    if len(text) <= 4:
        return text[0] + "*" * max(len(text) - 1, 2)
    return text[0] + "*" * (len(text) - 2) + text[-1]


def can_see_reporter(s: Session, actor) -> bool:
    """May `actor` (a gis.hazards.Actor, a Person, a person id or None) see reporters unmasked? On PostgreSQL with an
    account (issue 16) the login decides: only 管理员 and 指挥中心 accounts see them. Otherwise (SQLite, the owner's
    login) a person holding a role in reporter_visible_roles (its key or its label). No actor: False."""
    from gis import accounts, permissions

    account = accounts.current(s.connection())
    if account is not None:
        return bool(account.role and permissions.rules()["roles"].get(account.role, {}).get("sees_all"))
    if actor is None:
        return False
    person_id = actor if isinstance(actor, int) else getattr(actor, "person_id", None) or getattr(actor, "id", None)
    if person_id is None:
        return False
    wanted = set(rules().visible_roles)
    held = set(s.scalars(select(RoleAssignment.role).where(RoleAssignment.person_id == int(person_id),
                                                        RoleAssignment.not_ended(date.today()))))
    return any(r in wanted or vocab.label("roles", r) in wanted for r in held)
