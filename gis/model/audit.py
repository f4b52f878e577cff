"""The audit trail (issue 16): every insert, update and delete on a gridsafe data table, written by database
triggers (gis/audit/schema.py) into `audit_log`, which no one may update or delete. `audit_operator` is the
one-row table through which gridsafe tells a SQLite project's triggers who is writing (see gis/audit)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, DateTime, Index, String
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Mapped, mapped_column

from gis.model.base import Base

ACTIONS = ("insert", "update", "delete")


class AuditLog(Base):
    """One changed row: when, who (db_user = the PostgreSQL role; operator = gridsafe's operator of the
    transaction; application = the client's application_name on PostgreSQL), which table and record, and
    the values: the whole row for insert (new) and delete (old), the changed columns for update (old → new).
    Geometry and binary values are kept compact (gis/audit/schema.py says how)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        CheckConstraint("action IN ('insert','update','delete')", name="action"),
        Index("ix_audit_log_table_name_record_id", "table_name", "record_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    db_user: Mapped[str | None] = mapped_column(String(63))
    operator: Mapped[str | None] = mapped_column(String(50))
    application: Mapped[str | None] = mapped_column(String(63))
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(6))
    old_values: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))   # none: SQL NULL
    new_values: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))


class AuditOperator(Base):
    """SQLite: the operator of the write transaction under way (one row, id 1), written by gridsafe right after
    BEGIN IMMEDIATE and deleted before COMMIT; empty whenever another client writes."""

    __tablename__ = "audit_operator"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String(50))
    application: Mapped[str | None] = mapped_column(String(63))
    bulk: Mapped[bool | None] = mapped_column(Boolean)   # inside a bulk insert: inserts keep no copy of values


# --- who writes ------------------------------------------------------------------------------------------

APPLICATION = "gridsafe"


def _has_operator_table(conn) -> bool:
    return conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_operator'").first() is not None


def set_operator(conn, name: str | None) -> bool:
    """At the start of a write transaction (after the write lock): the operator its audit rows name, and that
    gridsafe wrote them. SQLite: the row in audit_operator (True when written; a project migrated to before
    the audit has no such table); PostgreSQL: the transaction's gridsafe.operator setting."""
    if conn.dialect.name == "sqlite":
        if not _has_operator_table(conn):
            return False
        conn.exec_driver_sql("INSERT OR REPLACE INTO audit_operator (id, name, application) VALUES (1, ?, ?)",
                             (name or None, APPLICATION))
        return True
    conn.exec_driver_sql("SELECT set_config('gridsafe.operator', %s, true)", (name or "",))
    return False


def clear_operator(conn) -> None:
    """Before COMMIT (SQLite): the next writer, maybe another program, finds no operator."""
    conn.exec_driver_sql("DELETE FROM audit_operator")


@contextmanager
def compact_inserts(conn) -> Iterator[None]:
    """Inside: gridsafe's bulk insert. The audit rows of inserts name who, when and the id, without a copy of
    the values (gis/audit/schema.py). Nests: the state before is restored."""
    sqlite = conn.dialect.name == "sqlite"
    if sqlite and not _has_operator_table(conn):   # a schema before the audit trail (migrations)
        yield
        return
    if sqlite:   # no row: not a write of gridsafe's (nothing to compact)
        before = conn.exec_driver_sql("SELECT bulk FROM audit_operator WHERE id = 1").scalar()
        conn.exec_driver_sql("UPDATE audit_operator SET bulk = 1 WHERE id = 1")
    else:
        before = conn.exec_driver_sql("SELECT current_setting('gridsafe.audit_bulk', true)").scalar()
        conn.exec_driver_sql("SELECT set_config('gridsafe.audit_bulk', 'on', true)")
    try:
        yield
    except BaseException:
        # a failed statement has aborted a PostgreSQL transaction (it rolls back, setting and all); a SQLite one
        # may go on: restore there, and let the first error be the one reported
        with suppress(DBAPIError):
            _restore(conn, sqlite, before)
        raise
    _restore(conn, sqlite, before)


def _restore(conn, sqlite: bool, before) -> None:
    if sqlite:
        conn.exec_driver_sql("UPDATE audit_operator SET bulk = ? WHERE id = 1", (before,))
    else:
        conn.exec_driver_sql("SELECT set_config('gridsafe.audit_bulk', %s, true)", (before or "",))
