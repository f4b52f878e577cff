"""Forest-fire registers: people's unavailability for duty, outdoor-fire permits (野外用火审批) and the
guardian register of persons without or with limited legal capacity (无/限制民事行为能力人, seed 001 L798).

Checkpoints, lookout towers and supply depots are Site rows (category checkpoint / lookout_tower /
supply_depot, details in Site.attributes); these three are plain tables of their own.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from gis.model.base import Base, SpatialMixin


class Unavailability(Base):
    """Person cannot be on duty from start_date to end_date, both included (请假、培训、出差 …)."""

    __tablename__ = "unavailability"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="dates"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(200))


class FirePermit(SpatialMixin, Base):
    """An outdoor-fire permit (野外用火审批); geom is the place, a point."""

    __tablename__ = "fire_permit"
    geometry_type = "POINT"
    __table_args__ = (
        CheckConstraint("status IN ('pending','approved','rejected','revoked')", name="status"),
        CheckConstraint("end_date >= start_date", name="dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant: Mapped[str] = mapped_column(String(100))
    applicant_phone: Mapped[str | None] = mapped_column(String(30))
    place: Mapped[str | None] = mapped_column(String(200))
    admin_unit_id: Mapped[int | None] = mapped_column(ForeignKey("admin_unit.id", ondelete="SET NULL"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    purpose: Mapped[str] = mapped_column(String(200))
    measures: Mapped[str | None] = mapped_column(String(500))  # 防范措施
    approver: Mapped[str | None] = mapped_column(String(50))
    decided_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="pending")


class GuardianRecord(Base):
    """One person without or with limited legal capacity and the guardian answering for them.

    Personal data: printed rows hide it unless asked (gis.fire.registers.guardian_rows).
    """

    __tablename__ = "guardian_record"
    __table_args__ = (CheckConstraint("capacity IN ('none','limited')", name="capacity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_name: Mapped[str] = mapped_column(String(50))
    capacity: Mapped[str] = mapped_column(String(16))  # none 无民事行为能力 | limited 限制民事行为能力
    address: Mapped[str | None] = mapped_column(String(300))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("admin_unit.id", ondelete="SET NULL"), index=True)
    guardian_name: Mapped[str] = mapped_column(String(50))
    guardian_phone: Mapped[str | None] = mapped_column(String(30))
    relation: Mapped[str | None] = mapped_column(String(30))
    measures: Mapped[str | None] = mapped_column(String(500))  # 监护措施
    registered_on: Mapped[date | None] = mapped_column(Date)
