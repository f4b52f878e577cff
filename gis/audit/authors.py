"""Who made a change, as the audit trail records it (no gis.io: the hazard workflow asks it for a conflict's
author, and the domains may not reach the readers gis.audit.log uses for field names)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gis.model.audit import AuditLog

UNKNOWN = "外部程序/未知"   # an edit with no operator and no database role: another program on a SQLite project
NO_OPERATOR = "未选操作人"
_ENGLISH = {UNKNOWN: "Another program / unknown", NO_OPERATOR: "no operator chosen"}


def who_in(text: str, lang: str = "zh") -> str:
    """An author as `who` wrote it, in `lang` (the words gridsafe adds; names stay as they are)."""
    if lang != "en":
        return text
    if text == UNKNOWN:
        return _ENGLISH[UNKNOWN]
    if text.endswith(f"（{NO_OPERATOR}）"):
        return f"{text[:-len(NO_OPERATOR) - 2]} ({_ENGLISH[NO_OPERATOR]})"
    return text


def who(db_user: str | None, operator: str | None, application: str | None = None) -> str:
    """The author as a person reads it: the gridsafe operator, with the database role on PostgreSQL; gridsafe
    with no operator chosen (e.g. the demo's generation) says so; another program on SQLite is UNKNOWN."""
    if operator and db_user:
        return f"{operator}（{db_user}）"
    if operator or db_user:
        return operator or db_user
    return f"{application}（{NO_OPERATOR}）" if application else UNKNOWN


def last_change(session: Session, table: str, record_id: str | int) -> tuple[str, datetime] | None:
    """(who, when) of the newest change of one record, None if none is recorded (for naming a conflict's author)."""
    t = AuditLog.__table__
    row = session.execute(select(t.c.db_user, t.c.operator, t.c.application, t.c.at)
                          .where(t.c.table_name == table, t.c.record_id == str(record_id))
                          .order_by(t.c.id.desc()).limit(1)).first()
    return (who(row.db_user, row.operator, row.application), row.at) if row is not None else None
