"""Accounts of a PostgreSQL project (issue 16): each is a PostgreSQL login role; this table says what the
login is for — its role (one of gis.accounts.ROLES), its area (an admin unit or grid code) and sector. Passwords
stay with PostgreSQL. The row-level security policies read it through SECURITY DEFINER functions (migration
0017). A SQLite project is single-user: the table exists there too and stays empty."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from gis.model.base import Base, now

ACCOUNT_ROLES = ("admin", "command", "sector", "village", "member", "readonly")


class Account(Base):
    __tablename__ = "account"
    __table_args__ = (
        CheckConstraint("role IN ('admin','command','sector','village','member','readonly')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)   # GeoPackage attribute tables need an INTEGER key
    login: Mapped[str] = mapped_column(String(63), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    area_code: Mapped[str | None] = mapped_column(String(15))
    sector: Mapped[str | None] = mapped_column(String(40))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    created_by: Mapped[str | None] = mapped_column(String(63))
